"""search: full-text search with Pagefind, indexed once the site is written.

Pages mark what is indexed with ``data-pagefind-body`` (articles, notebooks, pages,
projects, the open-source page; not lists). The index goes to ``output/pagefind/``;
the search page (/search/) loads Pagefind's script and index only when the reader
searches. Settings: SEARCH (True), SEARCH_URL, SEARCH_SAVE_AS; SEARCH_LATER (False), set
by ``inkfolio livereload``, leaves the indexing to ``index_later()``, called once the
browser has been told to reload: it indexes in the background, and ``stop_indexing()``
(called when the next build starts) stops it, since that build is indexed in its turn.
"""

import hashlib
import importlib.metadata
import logging
import os
import subprocess
import sys
import threading
import time

from pelican import signals

from inkfolio import fallback_templates, plain_pelican

logger = logging.getLogger(__name__)

DEFAULTS = {"SEARCH": True, "SEARCH_URL": "search/", "SEARCH_SAVE_AS": "search/index.html"}
_later = []  # the build whose index waits for index_later() (SEARCH_LATER)
_background = {}  # "thread", and "process" while Pagefind runs for index_later()


def set_defaults(pelican):
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    if settings["SEARCH"] and "search" not in settings["DIRECT_TEMPLATES"]:
        settings["DIRECT_TEMPLATES"] = [*settings["DIRECT_TEMPLATES"], "search"]


def build_index(pelican):
    """Pagefind reads the written pages. It has no incremental mode (0.2 s for the
    example site's 49 pages, 2.6 s for 1,000), so it runs only when a page changed."""
    if not pelican.settings.get("SEARCH"):
        return
    if pelican.settings.get("SEARCH_LATER"):
        _later[:] = [pelican]
        return
    _index(pelican)


def index_later():
    """Index, in the background, the build that SEARCH_LATER held back, if any."""
    stop_indexing()
    if _later:
        thread = threading.Thread(target=_index, args=(_later.pop(), _background), daemon=True)
        _background.update(thread=thread, stopped=False)
        thread.start()


def stop_indexing():
    """Stop index_later()'s Pagefind, if it still runs; its build is superseded."""
    thread = _background.pop("thread", None)
    if thread is None:
        return
    _background["stopped"] = True
    process = _background.get("process")
    if process is not None:
        process.terminate()
    thread.join()
    _background.clear()


def _index(pelican, background=None):
    started = time.perf_counter()
    stamp_file = os.path.join(pelican.settings["CACHE_PATH"], "search-index")
    stamp = f"{_pages_digest(pelican.output_path)} {os.path.abspath(pelican.output_path)}"
    if _read(stamp_file) == stamp and os.path.isdir(os.path.join(pelican.output_path, "pagefind")):
        logger.info("Search: no page changed, the index is kept")
        return
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        pelican.output_path,
        "--output-subdir",
        "pagefind",
        "--quiet",
    ]
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    except OSError as error:
        logger.error("Search: Pagefind did not run (%s); reinstall with pip install -e .", error)
        return
    if background is not None:
        background["process"] = process
        if background.get("stopped"):  # stopped before it had started
            process.terminate()
    try:
        stdout, stderr = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        logger.error("Search: Pagefind ran for more than 10 minutes and was stopped")
        return
    if background is not None and background.get("stopped"):
        return
    if process.returncode:
        logger.error("Search: Pagefind failed:\n%s", (stderr or stdout).strip())
        return
    if warnings := (stderr + stdout).strip():  # --quiet: only warnings remain
        logger.warning("Search: %s", warnings)
    os.makedirs(os.path.dirname(stamp_file), exist_ok=True)
    with open(stamp_file, "w", encoding="utf-8") as handle:
        handle.write(stamp)
    logger.info("Search: indexed in %.1f s", time.perf_counter() - started)


def _pages_digest(output_path):
    """What the index is made from: every HTML page's path and bytes, and Pagefind's version."""
    digest = hashlib.sha256(importlib.metadata.version("pagefind").encode())
    for folder, subfolders, files in os.walk(output_path):
        subfolders[:] = sorted(name for name in subfolders if name != "pagefind")
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, output_path).encode() + b"\0")
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


# Its pages' templates, for themes that have none of their own.
bring_templates = fallback_templates.receiver(__file__)


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.generator_init.connect(bring_templates)
    signals.initialized.connect(set_defaults)
    signals.finalized.connect(build_index)
