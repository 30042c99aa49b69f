"""The date of a page whose front matter has none: when its file was first committed to
git, else the file's modification time (as Jupyter Book, Quartz and Obsidian Publish do).

Never silent: readers record how a date was found (``date_from`` in the page's
metadata) and the build ends with one list of those pages (see ``report``).
"""

import datetime as dt
import functools
import logging
import os
import subprocess

from inkfolio.core import display_path

logger = logging.getLogger(__name__)

FROM_GIT = "first commit"
FROM_FILE = "file modified"


def source_date(path):
    """(naive datetime in UTC, how it was found) for the file at ``path``."""
    path = os.path.realpath(path)
    committed = _first_commits(_repository_of(os.path.dirname(path))).get(path)
    if committed is not None:
        return _utc(committed), FROM_GIT
    return _utc(os.stat(path).st_mtime), FROM_FILE


def report(contents):
    """One warning listing the pages dated by git or by their file (``--strict`` fails on it)."""
    dated = [
        (display_path(c.source_path), c.date, c.metadata["date_from"])
        for c in contents
        if c.metadata.get("date_from")
    ]
    if not dated:
        return
    lines = "\n".join(f"    {path}: {date:%Y-%m-%d} ({how})" for path, date, how in sorted(dated))
    logger.warning(
        "%d page(s) have no date in their front matter and were dated by their first commit "
        "in git or, when not committed, their file's modification time:\n%s\n"
        "  Pin a date with 'date: YYYY-MM-DD' in the front matter (notebooks: in the first "
        "raw cell or the jupytext header).",
        len(dated),
        lines,
    )


def _utc(timestamp):
    return dt.datetime.fromtimestamp(int(timestamp), dt.UTC).replace(tzinfo=None)


@functools.cache
def _repository_of(folder):
    result = _git(folder, "rev-parse", "--show-toplevel")
    return os.path.realpath(result.strip()) if result else None


@functools.cache
def _first_commits(repository):
    """{absolute path: time of the commit that added it}, from one ``git log`` for all files."""
    if repository is None:
        return {}
    log = _git(
        repository,
        "-c",
        "core.quotepath=off",
        "log",
        "--reverse",
        "--diff-filter=A",
        "--name-only",
        "--no-renames",
        "--format=%x00%ct",
    )
    first = {}
    when = None
    for line in (log or "").splitlines():
        if line.startswith("\x00"):
            when = int(line[1:])
        elif line and when is not None:
            first.setdefault(os.path.join(repository, line), when)
    return first


def _git(folder, *args):
    try:
        result = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None
