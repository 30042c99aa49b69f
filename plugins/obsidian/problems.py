"""What the author is told about links that do not resolve: one line, file and line."""

import logging
import os

from inkfolio.core import display_path

logger = logging.getLogger(__name__)


def written(ref):
    """The link as the author wrote it."""
    heading = f"#{ref['heading']}" if ref["heading"] else ""
    return f"{'!' if ref['embed'] else ''}[[{ref['target']}{heading}]]"


def missing(content, ref, vault, label):
    """Plain text, the same for a link to nothing and for a link to a note that is not
    published: no class or address tells a reader that such a note exists. Only a name
    for nothing is reported."""
    if not vault.is_unpublished(ref["target"]):
        _report_missing(content, ref, vault)
    return f'<span class="wikilink-missing">{label}</span>'


def _report_missing(content, ref, vault):
    logger.warning(
        "%s:%s: %s: no note or file of that name in %s/; check the spelling, or "
        "write its path (e.g. [[folder/%s]])",
        display_path(content.source_path),
        ref["line"] or 1,
        written(ref),
        os.path.basename(os.path.normpath(vault.root)),
        ref["target"],
    )


def no_anchor(content, ref, target, then):
    """A heading or block the target does not have; ``then``: what the page shows instead."""
    logger.warning(
        "%s:%s: %s: %s has no heading or block %r; %s",
        display_path(content.source_path),
        ref["line"] or 1,
        written(ref),
        "this page" if target is content else repr(target.title),
        ref["heading"],
        then,
    )


def embeds_itself(content, ref, stack):
    logger.warning(
        "%s:%s: %s would embed itself (through %s); it is shown as a link instead",
        display_path(content.source_path),
        ref["line"] or 1,
        written(ref),
        " → ".join(c.title for c in stack),
    )
