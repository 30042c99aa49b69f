"""The warm builder behind ``inkfolio livereload``: it builds the site each time it reads
``build [saved paths, as JSON]`` on its input, and answers on its own pipe with JSON
lines: ``{"first": true, "pages": [...]}`` as soon as the pages of the saved files are
written (they are written before the rest of the site), then what the whole build
changed.

Build messages go to the terminal as in ``inkfolio build``. Every build runs in this
one process, so Pelican, the plugins, the notebook kernel machinery and the read cache
stay loaded: a save costs only the work that changed.
"""

import json
import logging
import os
import sys
from pathlib import Path

from pelican.log import LimitFilter

from inkfolio.build import build, setup_logging
from inkfolio.core import REPORTED
from inkfolio.plugins.output_writer import first_pages_written
from inkfolio.plugins.search import index_later, stop_indexing

SHARED_SUFFIXES = {".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".woff2"}


class ProblemLines(logging.Handler):
    """The build's warnings and errors, as the terminal shows them."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def snapshot(output):
    """Every file under output/ and its modification time: a file the build left alone
    keeps its time (see the output_writer plugin)."""
    files = {}
    for root, _, names in os.walk(output):
        for name in names:
            path = os.path.join(root, name)
            try:
                files[path] = os.stat(path).st_mtime_ns
            except OSError:
                pass
    return files


def url_paths(output, paths):
    """The addresses a browser shows for changed pages: /blog/x/ and /blog/x/index.html."""
    urls = []
    for path in paths:
        relative = Path(path).relative_to(output).as_posix()
        urls.append("/" + relative)
        if relative == "index.html" or relative.endswith("/index.html"):
            urls.append("/" + relative.removesuffix("index.html"))
    return sorted(urls)


def build_once(settings_file, output, saved, problems, answer):
    before = snapshot(output)
    # What the last build reported is no reason to stay quiet now: Pelican drops a
    # warning it logged before in the same process, and readers note what they reported.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    REPORTED.clear()
    problems.lines.clear()
    shown_first = []

    def tell_first(writer, changed_files):
        shown_first.extend(changed_files)
        answer({"first": True, "pages": url_paths(output, changed_files)})

    # The search index is made after the answer, in the background: the page reloads first.
    overrides = {"SEARCH_LATER": True, "WRITE_FIRST": saved, "NOTEBOOK_KEEP_WORKERS": True}
    with first_pages_written.connected_to(tell_first):
        status = build(settings_file, output, overrides=overrides)
    after = snapshot(output)
    pagefind = os.path.join(output, "pagefind", "")
    changed = [
        p
        for p, stamp in after.items()
        if before.get(p) != stamp and not p.startswith(pagefind) and p not in shown_first
    ]
    pages = [path for path in changed if path.endswith(".html")]
    return {
        "ok": status == 0,
        "pages": url_paths(output, pages),
        "everything": any(Path(path).suffix in SHARED_SUFFIXES for path in changed),
        "error": None if status == 0 else "\n".join(problems.lines) or "the build failed",
    }


def main():
    settings_file, output, answer_fd = sys.argv[1], sys.argv[2], int(sys.argv[3])
    setup_logging(logging.WARNING)  # first: Pelican's own set-up skips a logger with handlers
    problems = ProblemLines()
    logging.getLogger().addHandler(problems)
    with os.fdopen(answer_fd, "w", encoding="utf-8") as answers:

        def answer(message):
            answers.write(json.dumps(message) + "\n")
            answers.flush()

        for request in sys.stdin:
            command, _, saved = request.strip().partition(" ")
            if command != "build":
                continue
            stop_indexing()  # the index of the last build would read pages being rewritten
            answer(build_once(settings_file, output, json.loads(saved or "[]"), problems, answer))
            index_later()


if __name__ == "__main__":
    main()
