"""`invoke livereload` serves the site and rebuilds it when any of its parts changes:
content, notebooks, the theme, the site's plugins and the settings."""

import json
import queue
import shutil
import subprocess
import sys
import threading
import time

import nbformat
from conftest import ROOT, wait_for

ARTICLE = "---\ntitle: Live\ndate: 2026-01-01\n---\n\n{}\n"
PLUGIN = """from pelican import signals

def stamp(content):
    if content._content is not None:
        content._content += "<p>{}</p>"

def register():
    signals.content_object_init.connect(stamp)
"""


def saved_notebook(text):
    """A notebook shown with its saved outputs (execute: false): no kernel needed."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_raw_cell("---\ntitle: Saved\ndate: 2026-01-01\nexecute: false\n---"),
        nbformat.v4.new_code_cell("print(1)"),
    ]
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nbformat.writes(notebook)


def start_livereload(site):
    """`invoke livereload --port 0`: the server binds a free port itself and prints its
    address, so no other test can take the port meanwhile. What it prints is read all
    along (a full pipe would stall it)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", "0"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in server.stdout], daemon=True
    ).start()
    deadline = time.monotonic() + 120  # a cold build on a busy machine
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            if server.poll() is not None:
                break
            continue
        if line.startswith("Serving "):
            return server, line.split(" at ")[1].split()[0].rstrip(",")
    server.terminate()
    raise AssertionError("livereload did not say where it serves")


def test_livereload_rebuilds_on_every_change_and_injects_the_reload_script(tmp_path):
    site = tmp_path / "site"
    for folder in ["content/articles", "notebooks", "theme/static/css", "plugins"]:
        (site / folder).mkdir(parents=True)
    for name in ["tasks.py", "pelicanconf.py"]:
        shutil.copy(ROOT / name, site / name)
    settings = site / "pelicanconf.py"
    settings.write_text(
        settings.read_text()
        + '\nEXTRA_CSS = ["css/extra.css"]\nPLUGIN_PATHS = ["plugins"]\nPLUGINS += ["stamp"]\n'
    )
    article = site / "content/articles/live.md"
    article.write_text(ARTICLE.format("First version."))
    (site / "notebooks/saved.ipynb").write_text(saved_notebook("first output\n"))
    css = site / "theme/static/css/extra.css"
    css.write_text(":root { --accent: red; }\n")
    (site / "plugins/stamp.py").write_text(PLUGIN.format("plugin one"))
    server, address = start_livereload(site)
    try:
        url = f"{address}blog/live/"
        first = wait_for(url, until=lambda text: "First version." in text)
        assert "livereload" in first  # the browser is told to reload on changes
        assert "plugin one" in first

        article.write_text(ARTICLE.format("Second version."))
        wait_for(url, until=lambda text: "Second version." in text)

        (site / "notebooks/saved.ipynb").write_text(saved_notebook("second output\n"))
        wait_for(f"{address}blog/saved/", until=lambda text: "second output" in text)

        css.write_text(":root { --accent: blue; }\n")
        wait_for(f"{address}theme/css/extra.css", until=lambda text: "blue" in text)

        (site / "plugins/stamp.py").write_text(PLUGIN.format("plugin two"))
        wait_for(url, until=lambda text: "plugin two" in text)

        settings.write_text(settings.read_text() + f"SITENAME = {json.dumps('Renamed site')}\n")
        wait_for(url, until=lambda text: "Renamed site" in text)
    finally:
        server.terminate()
        server.wait(timeout=10)
