"""Shared fixtures: real builds of real sites into temporary folders."""

import fcntl
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# A build runs with this folder's sitecustomize.py: it refuses any connection that
# leaves the machine (loopback is fine) and notes it, so a test can fail on it.
OFFLINE = Path(__file__).resolve().parent / "offline"
# What the example site is made of: the author's files, never the engine's.
EXAMPLE_SITE_FILES = ("pelicanconf.py", "publishconf.py", "content", "notebooks")


def pytest_sessionstart(session):
    """On CI a missing browser fails the run: skipped browser tests would go green unseen."""
    if not os.environ.get("CI"):
        return
    missing = [] if shutil.which("chromium") else ["Debian's chromium"]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright")
    if missing:
        pytest.exit(f"CI is set, but {' and '.join(missing)} is missing", returncode=1)


@dataclass
class Build:
    returncode: int
    log: str  # everything the build printed
    output: Path
    outgoing: list = field(default_factory=list)  # connections it tried to leave the machine
    record: Path | None = None  # marks its processes' environment (see processes_of)

    def page(self, url_path):
        """Parsed HTML of a URL path such as 'blog/x/' or '404.html'."""
        path = self.output / url_path.lstrip("/")
        if url_path.endswith("/") or not url_path:
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def offline_env(record):
    """The environment of a process (and its children) that may not leave the machine:
    every refused connection is appended to the file ``record``."""
    path = os.pathsep.join([str(OFFLINE), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {**os.environ, "PYTHONPATH": path, "INKFOLIO_TEST_OFFLINE_RECORD": str(record)}


def refused_connections(record):
    record = Path(record)
    return record.read_text().splitlines() if record.exists() else []


def processes_of(build, wait=5):
    """Command lines of processes the build started (kernels, workers...) that are still
    running ``wait`` seconds after it ended: each has the build's own environment."""
    marker = f"INKFOLIO_TEST_OFFLINE_RECORD={build.record}".encode()
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and marker in (proc / "environ").read_bytes().split(b"\0"):
                    state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state != "Z":  # a zombie has stopped; only its parent has not reaped it
                        alive.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:  # it ended while we looked, or is not ours to read
                continue
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def run_build(settings_file, output, cwd, *extra, flags=(), allow_outgoing=False):
    """Run `inkfolio build` in a new process, as a user would (``extra``: NAME=VALUE
    settings; ``flags``: other command-line options such as --verbose). A build never
    talks to another machine: a connection it tries fails the test."""
    settings = [arg for pair in extra for arg in ("-e", pair)]
    cache = json.dumps(str(Path(output).parent / ".cache" / "pelican"))
    record = Path(output).parent / ".outgoing-connections"
    record.unlink(missing_ok=True)
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
        env={**offline_env(record), "COLUMNS": "200"},
    )
    build = Build(result.returncode, result.stdout + result.stderr, Path(output))
    build.outgoing = refused_connections(record)
    build.record = record
    assert allow_outgoing or not build.outgoing, f"the build tried to connect to {build.outgoing}"
    # Nothing it started (kernels, workers, a browser) outlives it.
    left = processes_of(build)
    assert not left, f"still running after the build: {left}"
    return build


@pytest.fixture(scope="session")
def example_notebook_cache(tmp_path_factory):
    """A notebook cache of its own for a test session (NOTEBOOK_CACHE_PATH=...)."""
    return "NOTEBOOK_CACHE_PATH=" + json.dumps(str(tmp_path_factory.mktemp("notebook-cache")))


def copy_example_site(target):
    """The repository's example site (settings, content, notebooks), copied to ``target``:
    builds of the copy cache their notebooks, cards and PDFs in its own .cache/."""
    target.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE_SITE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


@contextmanager
def shared_by_workers(tmp_path_factory, name):
    """A folder for the whole test session, held by one test at a time: with
    pytest-xdist every worker's tests share it (the first one to ask fills it)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the session's folder, above each worker's own
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield root / name


def example_build(tmp_path_factory, settings_file):
    """The example site built with ``settings_file``, once per test session. Both
    builds read one copy of the site (they share its notebook cache), one at a time;
    tests read what they built and never change it."""
    with shared_by_workers(tmp_path_factory, "example") as folder:
        root = folder / "site"
        if not root.exists():
            copy_example_site(root)
        made = folder / f"{settings_file}.pickle"
        if made.exists():  # a failed build too: the other workers are told, not rebuilding
            build = pickle.loads(made.read_bytes())
        else:
            # Each settings file builds into its own folder, with its own Pelican cache
            # (pages hold the SITEURL); notebooks, cards and the CV PDF share .cache/.
            output = folder / settings_file.removesuffix(".py") / "output"
            build = run_build(root / settings_file, output, root)
            build.root = root
            made.write_bytes(pickle.dumps(build))
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The example site, built with the production settings."""
    return example_build(tmp_path_factory, "publishconf.py")


@pytest.fixture(scope="session")
def example_site_local(tmp_path_factory):
    """The example site with the local settings (what `invoke build` makes)."""
    return example_build(tmp_path_factory, "pelicanconf.py")


def wait_for(url, until=lambda text: True, timeout=120, alive=None):
    """GET url until it answers 200 with a body satisfying `until`; return the body.
    The wait ends as soon as it does (or as soon as the process ``alive`` has ended):
    the timeout only has to cover a cold build on a busy machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and alive.poll() is not None:
            raise AssertionError(f"the server stopped (exit status {alive.returncode})")
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode()
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
