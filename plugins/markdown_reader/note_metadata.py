"""Front matter as Obsidian and its plugins write it, read the way they mean it.

A note needs no front matter: its title is the file name as Obsidian shows it, its
date the one Obsidian's plugins recorded (``created``, ``date created``...) or, when
there is none, when the file was first committed (``inkfolio.source_dates``, which
the build then lists). Obsidian Publish's keys keep their meaning: ``description``
is the summary, ``permalink`` the page's address, ``cssclasses`` its classes.
"""

import os
import re

from inkfolio.core import ContentError
from inkfolio.source_dates import source_date

from .schema import CREATED_KEYS, DATE_HINT, MODIFIED_KEYS, to_datetime

# A daily note's link as a date: created: "[[2026-03-01]]" or "[[2026-03-01|1 March]]".
_DATE_LINK = re.compile(r"^\[\[([^\]|]+)(?:\|[^\]]*)?\]\]$")
_NOT_IN_CLASS = re.compile(r"[^A-Za-z0-9_-]")
_CLASS_SEPARATORS = re.compile(r"[\s,]+")


def with_note_defaults(meta, key_lines, shown, path, date_required):
    """``meta`` with what an Obsidian note leaves unsaid filled in; ``date_required``:
    the file is an article, so it gets a date even when its front matter has none."""
    meta = dict(meta)
    if not meta.get("title"):
        meta["title"] = os.path.splitext(os.path.basename(path))[0]
    # Read only when used: a key the front matter's own date overrides cannot fail a build.
    if not meta.get("modified"):
        meta["modified"] = _first_date(meta, key_lines, shown, MODIFIED_KEYS)
    if not meta.get("date"):
        meta["date"] = _first_date(meta, key_lines, shown, CREATED_KEYS) or meta["modified"]
    if not meta["date"] and date_required:
        meta["date"], meta["date_from"] = source_date(path)
    if not meta.get("summary") and meta.get("description"):
        meta["summary"] = meta["description"]
    return meta


def _first_date(meta, key_lines, shown, keys):
    for key in keys:
        value = meta.get(key)
        if value is None or value == "":
            continue
        text = str(value).strip()
        link = _DATE_LINK.match(text)
        try:
            return to_datetime(link[1] if link else value)
        except ValueError:
            raise ContentError(
                shown,
                f"front matter field '{key}': cannot read {value!r} as a date; {DATE_HINT}",
                key_lines.get(key),
            ) from None
    return None


def css_classes(*written):
    """Obsidian's ``cssclasses`` (and ``cssclass``) as class names safe in markup."""
    names = []
    for value in written:
        for item in value or ():
            for part in _CLASS_SEPARATORS.split(str(item)):
                name = _NOT_IN_CLASS.sub("", part)
                if name and name not in names:
                    names.append(name)
    return names


def permalink_address(permalink):
    """(url, save_as) of a page at ``permalink`` (already a clean path: see schema).
    ``/`` is the home page: written over the engine's, as Pelican's ``save_as:
    index.html`` recipe does."""
    if permalink == "/":
        return "", "index.html"
    if permalink.endswith((".html", ".htm")):
        return permalink, permalink
    return f"{permalink}/", f"{permalink}/index.html"
