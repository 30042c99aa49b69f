"""Every page's citations, formatted once all content is known (context phase).

The reader marked each ``[@key]`` as it was written; here the page's bibliography
(``bibliography:`` in its front matter, else content/data/references.bib) and style
(``csl:``, else CITATIONS_STYLE) turn the marks into linked citations, and a
"References" section closes the page. Done on every build, from the files as they are
now, so an edited .bib reaches pages read from Pelican's cache.
"""

import html
import json
import logging
import os

from inkfolio.core import ContentError, all_content, display_path, is_inside, site_root
from inkfolio.plugins.markdown_reader.extensions.citations import MARKED

from . import bibtex
from .render import DEFAULT_STYLE, check_keys, format_page, load_style

logger = logging.getLogger(__name__)
# source path -> (its text with marks, bibliography, style, its text cited): a warm
# process (inkfolio livereload) formats an unchanged page once, not at every build.
_cited = {}


def cite_all(generators):
    settings = generators[0].settings
    files = {}  # path -> Bibliography or ContentError, read once per build
    for content in all_content(generators):
        if "<span data-citation=" in content._content:
            try:
                content._content = cite_page(content, settings, files)
            except ContentError as error:
                logger.error("%s", error)
                content._content = MARKED.sub(lambda m: m["written"], content._content)


def cite_page(content, settings, files):
    marks = [json.loads(html.unescape(m["data"])) for m in MARKED.finditer(content._content)]
    shown = display_path(content.source_path)
    bibliography = _bibliography(content, settings, files, shown)
    known = bibliography.items if bibliography else {}
    cited = [m for m in marks if not m["bare"] or m["items"][0]["key"] in known]
    if not cited:  # "@name" that cites nothing: text as written
        return MARKED.sub(lambda m: m["written"], content._content)
    if bibliography is None:
        raise ContentError(
            shown,
            f"citation @{cited[0]['items'][0]['key']}, but no bibliography: add "
            f"{settings.get('CITATIONS_BIBLIOGRAPHY', 'data/references.bib')} to the content "
            "folder, or name a .bib file with 'bibliography:' in the front matter",
            cited[0].get("line"),
        )
    check_keys(cited, bibliography, shown)
    style = _style(content, settings, shown)
    marked = content._content
    remembered = _cited.get(content.source_path)
    if remembered and remembered[:3] == (marked, bibliography, style):
        return remembered[3]
    texts, entries = format_page(cited, bibliography, style)
    formatted = iter(texts)

    def replace(match):
        mark = json.loads(html.unescape(match["data"]))
        if mark["bare"] and mark["items"][0]["key"] not in known:
            return match["written"]
        return next(formatted)

    text = MARKED.sub(replace, marked) + references_section(entries)
    _cited[content.source_path] = (marked, bibliography, style, text)
    return text


def references_section(entries):
    items = "".join(f'<li id="ref-{html.escape(key)}">{entry}</li>' for key, entry in entries)
    return (
        '\n<section class="references" id="references" aria-labelledby="references-title">'
        f'<h2 id="references-title">References</h2><ul>{items}</ul></section>'
    )


def _bibliography(content, settings, files, shown):
    written = content.metadata.get("bibliography")
    if isinstance(written, list):
        written = written[0] if written else None
    path = bibtex.find(settings, content.source_path, written)
    if written and not is_inside(site_root(settings), path):
        raise ContentError(
            shown,
            f"front matter field 'bibliography': {written!r} is outside the site's folder; "
            "copy the .bib file into the site (content/data/ is the usual place)",
            content.metadata.get("front_matter_lines", {}).get("bibliography"),
        )
    if not path or not os.path.isfile(path):
        if written:
            raise ContentError(
                shown,
                f"front matter field 'bibliography': no file {written!r} "
                "(paths are relative to this file, or to the content folder with a leading '/')",
                content.metadata.get("front_matter_lines", {}).get("bibliography"),
            )
        return None
    if path not in files:
        try:
            files[path] = bibtex.read(path)
        except ContentError as error:
            files[path] = error
            logger.error("%s", error)  # once for the file, not once per page citing it
    found = files[path]
    if isinstance(found, ContentError):
        raise ContentError(shown, f"its bibliography {display_path(path)} cannot be read")
    return found


def _style(content, settings, shown):
    name = content.metadata.get("csl") or settings.get("CITATIONS_STYLE") or DEFAULT_STYLE
    try:
        return load_style(str(name), content.source_path, settings)
    except ValueError as error:
        raise ContentError(
            shown,
            f"citation style: {error}",
            content.metadata.get("front_matter_lines", {}).get("csl"),
        ) from None
