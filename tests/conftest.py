"""Shared fixtures: real builds of real sites into temporary folders."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Build:
    returncode: int
    log: str  # everything the build printed
    output: Path

    def page(self, url_path):
        """Parsed HTML of a URL path such as 'blog/x/' or '404.html'."""
        path = self.output / url_path.lstrip("/")
        if url_path.endswith("/") or not url_path:
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def run_build(settings_file, output, cwd, *extra, flags=()):
    """Run `inkfolio build` in a new process, as a user would (``extra``: NAME=VALUE
    settings; ``flags``: other command-line options such as --verbose)."""
    settings = [arg for pair in extra for arg in ("-e", pair)]
    cache = json.dumps(str(Path(output).parent / ".cache" / "pelican"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inkfolio",
            "build",
            "-s",
            str(settings_file),
            "-o",
            str(output),
            "-e",
            f"CACHE_PATH={cache}",
            *settings,
            *flags,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    return Build(result.returncode, result.stdout + result.stderr, Path(output))


@pytest.fixture(scope="session")
def example_notebook_cache(tmp_path_factory):
    """Example notebooks execute once per test session, never into the repository's cache."""
    return "NOTEBOOK_CACHE_PATH=" + json.dumps(str(tmp_path_factory.mktemp("notebook-cache")))


def build_example(tmp_path_factory, settings_file, notebook_cache):
    out = tmp_path_factory.mktemp("example") / "output"
    build = run_build(ROOT / settings_file, out, ROOT, notebook_cache)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def example_site(tmp_path_factory, example_notebook_cache):
    """The repository's example site, built with the production settings."""
    return build_example(tmp_path_factory, "publishconf.py", example_notebook_cache)


@pytest.fixture(scope="session")
def example_site_local(tmp_path_factory, example_notebook_cache):
    """The example site with the local settings (what `invoke build` makes)."""
    return build_example(tmp_path_factory, "pelicanconf.py", example_notebook_cache)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, until=lambda text: True, timeout=30):
    """GET url until it answers 200 with a body satisfying `until`; return the body."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=2).read().decode()
            if until(text):
                return text
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer as expected within {timeout} s")


SETTINGS = """\
from inkfolio.defaults import *
SITENAME = "Fixture site"
AUTHOR = "Ada Example"
SITEURL = "https://fixture.example.org"
"""


@pytest.fixture
def make_site(tmp_path):
    """Write a small site (files: {relative path: text}) and build it."""

    def make(files, settings=SETTINGS, *extra):
        site = tmp_path / "site"
        if site.exists():
            shutil.rmtree(site)
        for relative, text in files.items():
            path = site / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        (site / "pelicanconf.py").write_text(settings, encoding="utf-8")
        return run_build(site / "pelicanconf.py", site / "output", site, *extra)

    return make
