"""Report problems in the author's files once all content is known, on every build.

* Warnings found while reading (a misspelt field, unsupported math) are stored with
  the page and repeated here, so a build served from the cache still shows them
  (and ``--strict`` still fails on them).
* Links to files that do not exist (a link to a missing note is a warning with
  LINKS_TO_MISSING_NOTES = "warning", as the obsidian plugin sets): Pelican itself only warns (and leaves a broken
  ``{filename}`` URL in the page) when it writes the page; this check runs before
  anything is written and names the file and line of every broken reference. A link
  to a page that is not published is no mistake (unwritten.py makes it plain text).
* Pages with no date of their own (``date_from``: dated by git or by their file), in
  one list, whichever reader dated them.
"""

import logging
import os

from inkfolio import source_dates
from inkfolio.core import all_content, display_path

from . import pelican_lines
from .unwritten import (
    content_extensions,
    is_missing_note,
    is_unwritten,
    missing_notes_are_warnings,
    target_key,
)

logger = logging.getLogger(__name__)


def report_problems(generators):
    context = generators[0].context
    extensions = content_extensions(generators)
    lenient = missing_notes_are_warnings(context)
    pelican_lines.REPORTED_TARGETS.clear()  # this build's
    # PRIVATE_PAGES: written but never listed (the portfolio's applications).
    for content in [*all_content(generators), *context.get("PRIVATE_PAGES", ())]:
        for message in content.metadata.get("reader_warnings", ()):
            logger.warning("%s", message)
        for what, path, line in content.metadata.get("file_references", ()):
            if _resolves(content, context, what, path, extensions):
                continue
            source = display_path(content.source_path)
            key = target_key(content, path)
            pelican_lines.REPORTED_TARGETS.add(path)
            if lenient and is_missing_note(context, key, extensions):
                logger.warning(  # as Obsidian, and the obsidian plugin for [[Note]]
                    "%s:%s: link to %r: no note at that path (from this note, or from %s "
                    "when it starts with '/'); it is shown as plain text",
                    source,
                    line or 1,
                    path,
                    os.path.basename(context["PATH"]) + "/",
                )
            else:
                logger.error(
                    "%s:%s: link to %r, but there is no such file in %s. "
                    "Paths are relative to this file, or to %s/ when they start with '/'.",
                    source,
                    line or 1,
                    path,
                    os.path.basename(context["PATH"]) + "/",
                    os.path.basename(context["PATH"]),
                )
    source_dates.report(all_content(generators))


def _resolves(content, context, what, path, extensions):
    key = target_key(content, path)
    if not key:
        return True
    if what == "filename" and key in context["generated_content"]:
        return True
    if what == "filename" and is_unwritten(context, key, extensions):
        return True  # a page that is not published: its link shows as plain text
    # Pelican registers every {static} target, even a missing one: look on disk too.
    return key in context["static_content"] and os.path.isfile(os.path.join(context["PATH"], key))
