"""Per-page facts for link previews: a plain-text description and a preview image.

Computed once all content is known, so templates only print them.
"""

import html
import os
import re
from urllib.parse import quote

from inkfolio.core import all_content, site_root

from .urls import absolute_url

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_CODE_BLOCK = re.compile(r"<(pre|math|script|style)\b.*?</\1>", re.S)
DESCRIPTION_CHARS = 200


def describe_content(generators):
    context = generators[0].context
    for content in all_content(generators):
        describe(content, context)


def describe(content, settings):
    source = content.metadata.get("summary") or content._content or ""
    content.description = plain_text(source, DESCRIPTION_CHARS)
    cover = content.metadata.get("cover")
    image = cover or settings.get("SOCIAL_IMAGE")
    content.social_image = absolute_url(settings, image) if image else None
    content.edit_url = edit_url(content, settings)


def edit_url(content, settings):
    """SOURCE_EDIT_URL (the repository's edit address for its root folder) + the file's path."""
    base = settings.get("SOURCE_EDIT_URL")
    if not base:
        return None
    root = site_root(settings)
    relative = os.path.relpath(content.source_path, root).replace(os.sep, "/")
    return base.rstrip("/") + "/" + quote(relative)  # "My note.md" -> "My%20note.md"


def plain_text(fragment, limit):
    text = _CODE_BLOCK.sub(" ", fragment)
    text = html.unescape(_TAG.sub(" ", text))
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"
