"""The author's commands: ``invoke --list`` shows them, ``invoke <name> --help`` explains one."""

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
LOCAL_SETTINGS = "pelicanconf.py"
PRODUCTION_SETTINGS = "publishconf.py"
OUTPUT = ROOT / "output"
CACHE = ROOT / ".cache"
# What livereload watches: the author's words and data, and the engine.
WATCHED = ["content", "notebooks", "theme", "plugins", "inkfolio", LOCAL_SETTINGS]


def _build(settings, strict=False, execute=True, refresh=()):
    from inkfolio.build import build as run_build

    overrides = {"NOTEBOOK_REFRESH": list(refresh)}
    if not execute:
        overrides["NOTEBOOK_EXECUTE"] = "never"
    status = run_build(str(ROOT / settings), overrides=overrides, strict=strict)
    if status:
        raise Exit(code=status)


NOTEBOOK_HELP = {
    "execute": "--no-execute: never start a kernel; notebooks must be in the cache",
    "refresh": "execute this notebook even if cached (repeatable): --refresh matmul",
}


@task(
    iterable=["refresh"],
    help={"strict": "fail on warnings too, not only on errors", **NOTEBOOK_HELP},
)
def build(c, strict=False, execute=True, refresh=None):
    """Build the site into output/ with the local settings (executing stale notebooks)."""
    _build(LOCAL_SETTINGS, strict=strict, execute=execute, refresh=refresh or ())


@task(
    iterable=["refresh"],
    help={
        "shard": "I/N: only the I-th of N shares of the stale notebooks",
        "refresh": NOTEBOOK_HELP["refresh"],
    },
)
def execute(c, shard=None, refresh=None):
    """Execute stale notebooks into .cache/notebooks/ without building the site."""
    args = [sys.executable, "-m", "inkfolio", "execute", "-s", LOCAL_SETTINGS]
    args += ["--shard", shard] if shard else []
    for name in refresh or ():
        args += ["--refresh", name]
    status = subprocess.call(args, cwd=ROOT)
    if status:
        raise Exit(code=status)


@task(help={"cache": "also forget cached reads (the next build reads every file)"})
def clean(c, cache=False):
    """Remove output/ (and with --cache, .cache/)."""
    for folder in [OUTPUT] + ([CACHE] if cache else []):
        if folder.exists():
            shutil.rmtree(folder)
            print(f"Removed {folder.relative_to(ROOT)}/")


@task
def rebuild(c):
    """Remove output/ and the caches, then build from scratch."""
    clean(c, cache=True)
    build(c)


@task(iterable=["refresh"], help={"strict": "fail on warnings too", **NOTEBOOK_HELP})
def preview(c, strict=False, execute=True, refresh=None):
    """Build with the production settings (publishconf.py), as it will be published."""
    _build(PRODUCTION_SETTINGS, strict=strict, execute=execute, refresh=refresh or ())


@task(help={"production": "check the production build (publishconf.py) instead"})
def check(c, production=False):
    """Check the built site: links and anchors, HTML, page weight, third parties, secrets."""
    from inkfolio.check import check_site

    if check_site(str(ROOT / (PRODUCTION_SETTINGS if production else LOCAL_SETTINGS))):
        raise Exit(code=1)


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
    from inkfolio.publish import PublishError
    from inkfolio.publish import publish as publish_site

    overrides = {} if execute else {"NOTEBOOK_EXECUTE": "never"}
    try:
        publish_site(ROOT, PRODUCTION_SETTINGS, remote, branch, allow_dirty, overrides)
    except PublishError as error:
        raise Exit(f"Not published: {error}", code=1) from None


@task(help={"port": "port to listen on", "bind": "address to listen on"})
def serve(c, port=8000, bind="127.0.0.1"):
    """Serve output/ at http://127.0.0.1:8000 as GitHub Pages would (build first)."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    if not OUTPUT.exists():
        raise Exit("output/ does not exist yet: run 'invoke build' first.", code=1)

    class PagesLikeHandler(SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):
            # Like GitHub Pages: a missing page answers 404 with the site's own 404.html.
            not_found = OUTPUT / "404.html"
            if code != 404 or not not_found.exists():
                return super().send_error(code, message, explain)
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = ThreadingHTTPServer((bind, port), partial(PagesLikeHandler, directory=str(OUTPUT)))
    print(f"Serving output/ at http://{bind}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "port to listen on", "bind": "address to listen on"})
def livereload(c, port=8000, bind="127.0.0.1"):
    """Build, serve, and rebuild + reload the browser whenever a watched file changes."""
    from livereload import Server

    def rebuild_in_fresh_process():
        # A new process picks up edits to plugins/ and the settings, not only content.
        subprocess.run([sys.executable, "-m", "inkfolio", "build", "-s", LOCAL_SETTINGS], cwd=ROOT)

    rebuild_in_fresh_process()
    server = Server()
    for path in WATCHED:
        target = ROOT / path
        if target.is_dir():
            server.watch(f"{target}/**/*", rebuild_in_fresh_process)
        elif target.exists():
            server.watch(str(target), rebuild_in_fresh_process)
    server.serve(host=bind, port=port, root=str(OUTPUT))


@task(
    help={
        "user": "your GitHub user name",
        "data": "the file to update, inside the site (default: content/data/contributions.yaml)",
    }
)
def sync_contributions(c, user, data="content/data/contributions.yaml"):
    """Refresh the contributions file from GitHub: your pull requests to others' projects.

    GITHUB_TOKEN (optional) raises the rate limit; GITHUB_API_URL points elsewhere than
    api.github.com. Your notes, highlights and hidden flags are never changed.
    """
    from inkfolio.core import ContentError
    from inkfolio.plugins.contributions.github import GitHubError
    from inkfolio.plugins.contributions.sync import sync

    try:
        changes, written = sync(
            user,
            ROOT / data,
            api_url=os.environ.get("GITHUB_API_URL"),
            token=os.environ.get("GITHUB_TOKEN"),
            etag_cache=CACHE / "github" / "etags.json",
        )
    except (GitHubError, ContentError) as error:
        raise Exit(f"Not synced: {error}", code=1) from None
    for entry in changes.added:
        print(f"  new      {entry.repo}#{entry.number}: {entry.title}")
    for entry, differences in changes.updated:
        what = ", ".join(f"{name} {old} → {new}" for name, (old, new) in differences.items())
        print(f"  updated  {entry.repo}#{entry.number}: {what}")
    for entry in changes.vanished:
        print(f"  gone     {entry.repo}#{entry.number} (kept, marked vanished)")
    print(f"{changes.summary()}. {data} {'updated' if written else 'unchanged'}.")


@task(help={"title": "the article's title", "folder": "where to create it, inside content/"})
def new(c, title, folder="articles"):
    """Start a new article: invoke new "Why loop order matters"."""
    from pelican.utils import slugify

    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\s+", "-")])
    path = ROOT / "content" / folder / f"{slug}.md"
    if path.exists():
        raise Exit(f"{path.relative_to(ROOT)} already exists; pick another title.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        "---\n"
        f'title: "{quoted}"\n'
        f"date: {dt.date.today().isoformat()}\n"
        "tags: []\n"
        'summary: ""\n'
        "draft: true  # remove this line to publish\n"
        "---\n\n"
        "Write here.\n",
        encoding="utf-8",
    )
    print(f"Created {path.relative_to(ROOT)}")


@task
def lighthouse(c):
    """Lighthouse scores (4 categories) of five example pages, phone and desktop."""
    status = subprocess.call([sys.executable, str(ROOT / "benchmarks" / "lighthouse.py")], cwd=ROOT)
    if status:
        raise Exit(code=status)


@task(help={"n": "article counts to time, comma-separated", "repeat": "runs per measurement"})
def bench(c, n="100,1000", repeat=1):
    """Time vanilla Pelican against inkfolio on generated articles (cold, no-change, one-change)."""
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench_build.py"),
        "--n",
        n,
        "--repeat",
        str(repeat),
    ]
    status = subprocess.call(cmd, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    if status:
        raise Exit(code=status)
