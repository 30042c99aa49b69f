"""Obsidian Publish's redirects: a note's ``aliases`` are its other names, and each also
answers at its own address (the alias's slug where the note's slug would be:
``aliases: [Old name]`` -> ``blog/old-name/``), with a small page that sends the reader
on: a meta refresh, the canonical link and a plain link, no script.

Context phase (``plan_redirects``, once all content is known): the addresses, never
one that a page, a file or an earlier alias (by file path) already has. Output phase
(``write_redirects``): the pages, unless the writer put something there meanwhile.
"""

import html
import logging
import os
from dataclasses import dataclass

from inkfolio.core import address, all_content, display_path, is_written

from .addresses import address_with_slug, normalised, slug_of

logger = logging.getLogger(__name__)

# Lists of pages that are written but that core.all_content does not walk.
_TRANSLATIONS = ("translations", "hidden_translations", "drafts_translations", "draft_translations")
_TERMS = ("tags", "categories", "authors")


@dataclass(frozen=True)
class Redirect:
    save_as: str  # inside the output folder
    target: str  # the page's URL
    title: str
    lang: str


_planned = []  # this build's redirects, for the output phase
_written = set()  # absolute paths of what Pelican's writer wrote this build


def plan_redirects(generators):
    settings = generators[0].settings
    site_url = (settings.get("SITEURL") or "").rstrip("/")
    _planned.clear()
    _written.clear()
    taken = _taken(generators)
    for content in sorted(all_content(generators), key=lambda c: c.source_path):
        if not is_written(content):
            continue
        for alias in content.metadata.get("aliases", ()):
            alias_address = address_with_slug(content, slug_of(alias, settings))
            save_as = normalised(alias_address[1]) if alias_address else None
            if save_as is None or save_as in taken:
                logger.debug(
                    "%s: alias %r gets no redirect: %s is taken",
                    display_path(content.source_path),
                    alias,
                    save_as,
                )
                continue
            taken.add(save_as)
            target = f"{site_url}/{address(content)[0]}"
            _planned.append(Redirect(save_as, target, content.title, content.lang))


def _taken(generators):
    """Every output file the build is known to write, before it writes."""
    settings = generators[0].settings
    context = generators[0].context
    taken = {normalised(address(c)[1]) for c in all_content(generators)}
    for generator in generators:
        for name in _TRANSLATIONS:
            taken.update(normalised(c.save_as) for c in getattr(generator, name, ()))
        taken.update(normalised(f.save_as) for f in getattr(generator, "staticfiles", ()))
    for name in settings.get("DIRECT_TEMPLATES", ()):
        taken.add(normalised(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")))
    for name in _TERMS:
        taken.update(normalised(term.save_as) for term, _ in context.get(name, ()))
    taken.update(normalised(path) for path in settings.get("TEMPLATE_PAGES", {}).values())
    return taken


def note_written(path, context=None):
    """``content_written``: a file Pelican's writer wrote (a plugin's page, say)."""
    _written.add(os.path.abspath(path))


def write_redirects(pelican):
    for redirect in _planned:
        path = os.path.abspath(os.path.join(pelican.output_path, redirect.save_as))
        if path in _written:
            logger.debug("No redirect at %s: a page is written there", redirect.save_as)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(redirect_page(redirect))


def redirect_page(redirect):
    url, title = html.escape(redirect.target), html.escape(redirect.title)
    # A canonical link must be absolute: a local build (no SITEURL) writes none.
    is_absolute = redirect.target.startswith(("http://", "https://"))
    canonical = f'<link rel="canonical" href="{url}">\n' if is_absolute else ""
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(redirect.lang)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f"{canonical}"
        '<meta name="robots" content="noindex">\n'
        "</head>\n"
        f'<body>\n<p>This page is now at <a href="{url}">{title}</a>.</p>\n</body>\n'
        "</html>\n"
    )
