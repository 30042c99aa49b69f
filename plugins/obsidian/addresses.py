"""Where a page would be with another slug: the one rule same_names.py and redirects.py
share, read from the page's own URL settings (``ARTICLE_URL``, ``PAGE_URL``...)."""

import html
import os
import posixpath

from pelican.utils import slugify


def slug_of(text, settings):
    """Text as a slug, the way the Markdown reader makes one of a title ("Loops & <caches>"
    -> "loops-caches": Pelican's slugify strips tags, so text is escaped first)."""
    return slugify(
        html.escape(text),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def address_with_slug(content, slug):
    """(url, save_as) ``content`` would have with ``slug``; None if its kind has no
    URL setting of its own."""
    address = []
    for key in ("url", "save_as"):
        key = key if content.in_default_lang else f"lang_{key}"
        pattern = content.settings.get(f"{type(content).__name__}_{key}".upper())
        if pattern is None:
            return None
        address.append(str(pattern).format(**{**content.url_format, "slug": slug}))
    return tuple(address)


def normalised(save_as):
    """A path inside the output folder, spelled one way; None when nothing is written."""
    if not save_as:
        return None
    return posixpath.normpath(str(save_as).replace(os.sep, "/")).lstrip("/")
