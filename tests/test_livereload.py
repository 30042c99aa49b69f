"""`invoke livereload` serves the site and rebuilds it when a file changes."""

import shutil
import subprocess
import sys

from conftest import ROOT, free_port, wait_for


def test_livereload_rebuilds_on_change_and_injects_the_reload_script(tmp_path):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    for name in ["tasks.py", "pelicanconf.py"]:
        shutil.copy(ROOT / name, site / name)
    article = site / "content/articles/live.md"
    article.write_text("---\ntitle: Live\ndate: 2026-01-01\n---\n\nFirst version.\n")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/blog/live/"
        first = wait_for(url, until=lambda text: "First version." in text)
        assert "livereload" in first  # the browser is told to reload on changes
        article.write_text("---\ntitle: Live\ndate: 2026-01-01\n---\n\nSecond version.\n")
        wait_for(url, until=lambda text: "Second version." in text)
    finally:
        server.terminate()
        server.wait(timeout=10)
