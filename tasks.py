"""invoke tasks for those who like them: each runs the same `inkfolio` command.

`invoke --list` shows them; `inkfolio --help` is the same set, and works without this
file (a site needs no copy of it).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
LOCAL_SETTINGS = "pelicanconf.py"
PRODUCTION_SETTINGS = "publishconf.py"
NOTEBOOK_HELP = {
    "execute": "--no-execute: never start a kernel; notebooks must be in the cache",
    "refresh": "execute this notebook even if cached (repeatable): --refresh matmul",
}


def inkfolio(*args):
    """Run `inkfolio ARGS` in this site's folder; a failure is the task's exit status."""
    status = subprocess.call([sys.executable, "-m", "inkfolio", *args], cwd=ROOT)
    if status:
        raise Exit(code=status)


def _notebook_flags(execute=True, refresh=()):
    flags = [] if execute else ["--no-execute"]
    for name in refresh or ():
        flags += ["--refresh", name]
    return flags


def node_tools():
    """Mermaid's CLI (package.json), which draws the example's diagram with the system's
    Chromium: installed once, when npm is there (without it the build says the diagram
    is shown as code, and why)."""
    wanted = (ROOT / "package.json").exists() and shutil.which("npm")
    if not wanted or (ROOT / "node_modules" / ".bin" / "mmdc").exists():
        return
    print("Installing Mermaid's CLI into node_modules/ (npm ci, once)", flush=True)
    command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}  # never a downloaded browser
    if subprocess.call(command, cwd=ROOT, env=env):
        print("npm ci failed: diagrams will be shown as code", file=sys.stderr)


@task(iterable=["refresh"], help={"strict": "fail on warnings too", **NOTEBOOK_HELP})
def build(c, strict=False, execute=True, refresh=None):
    """Build the site into output/ with the local settings (executing stale notebooks)."""
    node_tools()
    strict_flag = ["--strict"] if strict else []
    inkfolio("build", "-s", LOCAL_SETTINGS, *strict_flag, *_notebook_flags(execute, refresh))


@task(iterable=["refresh"], help={"strict": "fail on warnings too", **NOTEBOOK_HELP})
def preview(c, strict=False, execute=True, refresh=None):
    """Build with the production settings (publishconf.py), as it will be published."""
    node_tools()
    strict_flag = ["--strict"] if strict else []
    inkfolio("build", "-s", PRODUCTION_SETTINGS, *strict_flag, *_notebook_flags(execute, refresh))


@task(
    iterable=["refresh"],
    help={"shard": "I/N: only the I-th of N shares", "refresh": NOTEBOOK_HELP["refresh"]},
)
def execute(c, shard=None, refresh=None):
    """Execute stale notebooks into .cache/notebooks/ without building the site."""
    inkfolio(
        "execute",
        "-s",
        LOCAL_SETTINGS,
        *(["--shard", shard] if shard else []),
        *_notebook_flags(True, refresh),
    )


@task(help={"cache": "also forget cached reads (the next build reads every file)"})
def clean(c, cache=False):
    """Remove output/ (and with --cache, .cache/)."""
    for folder in [ROOT / "output"] + ([ROOT / ".cache"] if cache else []):
        if folder.exists():
            shutil.rmtree(folder)
            print(f"Removed {folder.relative_to(ROOT)}/")


@task
def rebuild(c):
    """Remove output/ and the caches, then build from scratch."""
    clean(c, cache=True)
    build(c)


@task(help={"production": "check the production build (publishconf.py) instead"})
def check(c, production=False):
    """Check the built site: links and anchors, HTML, page weight, third parties, secrets."""
    inkfolio("check", "-s", PRODUCTION_SETTINGS if production else LOCAL_SETTINGS)


@task(
    help={
        "allow_dirty": "publish even with uncommitted changes in content/ or notebooks/",
        "remote": "the git remote to push to",
        "branch": "the branch GitHub Pages serves",
        "execute": NOTEBOOK_HELP["execute"],
    }
)
def publish(c, allow_dirty=False, remote="origin", branch="gh-pages", execute=True):
    """Build for production, check, and push output/ to the gh-pages branch (one commit)."""
    node_tools()
    flags = ["--allow-dirty"] if allow_dirty else []
    inkfolio("publish", "--remote", remote, "--branch", branch, *flags, *_notebook_flags(execute))


@task(help={"port": "port to listen on (0: any free port)", "bind": "address to listen on"})
def serve(c, port=8000, bind="127.0.0.1"):
    """Serve output/ at http://127.0.0.1:8000 as GitHub Pages would (build first)."""
    inkfolio("serve", "-s", LOCAL_SETTINGS, "--port", str(port), "--bind", bind)


@task(help={"port": "port to listen on", "bind": "address to listen on"})
def livereload(c, port=8000, bind="127.0.0.1"):
    """Build, serve, and rebuild + reload the browser whenever a watched file changes."""
    inkfolio("livereload", "-s", LOCAL_SETTINGS, "--port", str(port), "--bind", bind)


@task(help={"user": "your GitHub user name", "data": "the file to update, inside the site"})
def sync_contributions(c, user=None, data=None):
    """Refresh the contributions file from GitHub: your pull requests to others' projects.

    GITHUB_TOKEN (optional) raises the rate limit; GITHUB_API_URL points elsewhere than
    api.github.com. Your notes, highlights and hidden flags are never changed.
    """
    inkfolio(
        "sync-contributions",
        *(["--user", user] if user else []),
        *(["--data", data] if data else []),
    )


@task(help={"title": "the article's title", "folder": "where to create it, inside content/"})
def new(c, title, folder="articles"):
    """Start a new article: invoke new "Why loop order matters"."""
    inkfolio("new", title, "--folder", folder, "-s", LOCAL_SETTINGS)


@task
def lighthouse(c):
    """Lighthouse scores (4 categories) of five example pages, phone and desktop."""
    status = subprocess.call([sys.executable, str(ROOT / "benchmarks" / "lighthouse.py")], cwd=ROOT)
    if status:
        raise Exit(code=status)


@task(help={"n": "article counts to time, comma-separated", "repeat": "runs per measurement"})
def bench(c, n="100,1000", repeat=1):
    """Time vanilla Pelican against inkfolio on generated articles (cold, no-change, one-change)."""
    script = str(ROOT / "benchmarks" / "bench_build.py")
    cmd = [sys.executable, script, "--n", n, "--repeat", str(repeat)]
    status = subprocess.call(cmd, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    if status:
        raise Exit(code=status)
