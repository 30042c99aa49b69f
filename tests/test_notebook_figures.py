"""Interactive notebook figures (Plotly, Bokeh): data in the page, libraries served by
the site, loaded once and only where needed, and drawn by a real browser."""

import functools
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SETTINGS, run_build

from inkfolio.core import CHROMIUM_FLAGS

FIGURES = """# ---
# title: Figures
# date: 2026-05-01
# jupyter:
#   kernelspec:
#     name: python3
#     display_name: Python 3
# ---

# %%
import plotly.graph_objects as go
go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], name="first"))

# %%
go.Figure(go.Bar(x=["a", "b"], y=[5, 7], name="second"))

# %%
from bokeh.io import output_notebook
from bokeh.plotting import figure, show
output_notebook()
plot = figure(width=320, height=200, title="bokeh line")
plot.line([1, 2, 3], [3, 1, 2])
show(plot)
"""

PLAIN = """# ---
# title: Plain
# date: 2026-05-02
# jupyter:
#   kernelspec:
#     name: python3
#     display_name: Python 3
# ---

# %%
print("no figures here")
"""

BROWSER = shutil.which("chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("figures")
    (root / "notebooks").mkdir()
    (root / "content").mkdir()
    (root / "pelicanconf.py").write_text(SETTINGS)
    (root / "notebooks/figures.py").write_text(FIGURES)
    (root / "notebooks/plain.py").write_text(PLAIN)
    build = run_build(root / "pelicanconf.py", root / "output", root, 'SITEURL=""')
    assert build.returncode == 0, build.log
    return build


def scripts(page):
    return [tag["src"] for tag in page.find_all("script", src=True)]


def package_file(package, *parts):
    module = __import__(package)
    return Path(module.__file__).parent.joinpath(*parts)


def test_each_library_is_linked_once_from_the_site_itself(site):
    page = site.page("blog/figures/")
    sources = scripts(page)
    assert [src.rsplit("/", 1)[1] for src in sources] == [
        "plotly.min.js",
        "bokeh.min.js",
        "figures.js",
    ]
    assert all(src.startswith("/theme/") for src in sources), sources
    for src in sources[:2]:
        served = site.output / src.lstrip("/")
        package = "plotly" if "plotly" in src else "bokeh"
        folder = ("package_data",) if package == "plotly" else ("server", "static", "js")
        shipped = package_file(package, *folder, served.name)
        assert served.read_bytes() == shipped.read_bytes()
    assert "cdn." not in str(page) and "https://" not in " ".join(sources)


def test_pages_without_figures_load_no_script(site):
    assert scripts(site.page("blog/plain/")) == []


def test_figures_are_data_with_a_note_for_readers_without_javascript(site):
    page = site.page("blog/figures/")
    data = page.find_all("script", attrs={"data-figure": True})
    assert [tag["data-figure"] for tag in data] == ["plotly", "plotly", "bokeh"]
    first = json.loads(data[0].string)
    assert first["data"][0]["y"] == [3, 1, 2]
    for tag in data:
        target = page.find(id=tag["data-target"])
        assert "drawn with JavaScript" in target.get_text()
    bokeh = json.loads(data[2].string)
    assert list(bokeh["render_items"][0]["roots"].values()) == [data[2]["data-target"]]
    # Bokeh's notebook banner and loader are not part of the article.
    assert "Loading BokehJS" not in page.get_text()
    assert "bk-notebook-logo" not in str(page)
    # The figures' data is not prose: it does not count towards the reading time.
    assert "1 min read" in page.get_text()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.skipif(not BROWSER, reason="needs Debian's chromium (.ci/run installs it)")
def test_a_browser_draws_the_figures(site):
    handler = functools.partial(QuietHandler, directory=str(site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)  # any free port
    port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dom = subprocess.run(
            [
                BROWSER,
                *CHROMIUM_FLAGS,
                "--virtual-time-budget=15000",
                "--dump-dom",
                f"http://127.0.0.1:{port}/blog/figures/",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    finally:
        server.shutdown()
    page = BeautifulSoup(dom, "html.parser")
    for target in ("figure-1-1", "figure-2-1"):
        figure = page.find(id=target)
        assert figure.select_one(".main-svg"), f"Plotly did not draw #{target}"
        assert "drawn with JavaScript" not in figure.get_text()
    bokeh = page.find(id="figure-3-4")
    assert bokeh is not None and bokeh.find(True), "Bokeh did not draw its figure"
    assert "drawn with JavaScript" not in bokeh.get_text()
