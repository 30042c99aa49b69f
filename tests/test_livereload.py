"""`invoke livereload` serves the site and rebuilds it when a file changes."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=30, until=lambda text: True):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=2).read().decode()
            if until(text):
                return text
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer as expected within {timeout} s")


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
        first = fetch(url, until=lambda text: "First version." in text)
        assert "livereload" in first  # the browser is told to reload on changes
        article.write_text("---\ntitle: Live\ndate: 2026-01-01\n---\n\nSecond version.\n")
        fetch(url, until=lambda text: "Second version." in text)
    finally:
        server.terminate()
        server.wait(timeout=10)
