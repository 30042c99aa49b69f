"""Pelican's own lines about what this plugin already reported, folded into ours.

Pelican warns of a missing link target when it writes the page ("Unable to find
'x.md'", and "Cannot get modification stamp" for a missing image), after report.py has
named the file and line of the same link; those lines are dropped. Its warning of an
image without alt text names an absolute path: it is told as the author's file.
"""

import logging
import os
from urllib.parse import unquote, urlsplit

from inkfolio.core import display_path

# Targets of links report.py has reported, as written.
REPORTED_TARGETS = set()


class _FoldedIntoOurs(logging.Filter):
    def filter(self, record):
        if record.msg == "Unable to find '%s', skipping url replacement.":
            return unquote(urlsplit(str(record.args[0])).path) not in REPORTED_TARGETS
        if record.msg.startswith("Cannot get modification stamp for %s"):
            # A {static} link to a missing file (told before report.py runs: that link
            # is reported there, with its line).
            return os.path.exists(str(record.args[0]))
        if record.msg == "Empty alt attribute for image %s in %s":
            image, source = record.args
            record.msg = "%s: image %s has no alt text; say what it shows: ![what it shows](…)"
            record.args = (display_path(source), image)
        return True


_FILTER = _FoldedIntoOurs()


def install():
    for name in ("pelican.contents", "pelican.cache", "pelican.readers"):
        filters = logging.getLogger(name).filters
        if _FILTER not in filters:
            filters.insert(0, _FILTER)  # before Pelican's, which counts what it lets through
