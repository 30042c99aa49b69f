"""Pandoc's citations: ``[@key]``, ``[@key, p. 3]``, ``[see @a; @b, ch. 2]``, ``[-@key]``
and ``@key`` in running text (optionally ``@key [p. 3]``).

Reading only marks them, as ``<span data-citation="...">`` holding what was written: the
citations plugin formats them with the page's bibliography and style once all
content is known (so a changed ``.bib`` file reaches pages read from Pelican's
cache). Code spans, fenced code and math are set aside before this runs, so they are
never touched; neither are e-mail addresses nor ``/@name`` in URLs, because a bare
``@key`` must follow a space, an opening bracket or the start of a line.

A bare ``@key`` is a citation only when the key is in the bibliography (an
``@username`` stays text); a bracketed one names a reference, and an unknown key is
an error with the file and line.
"""

import json
import re
import xml.etree.ElementTree as etree

from markdown import Extension, util
from markdown.inlinepatterns import InlineProcessor

# Pandoc: a key starts with a letter, digit or _, and may hold :.#$%&-+?<>~/ inside.
KEY = r"[\w](?:[\w:.#$%&+?<>~/-]*[\w])?"
_BRACKETED = r"(?<!\[)\[(?P<body>(?:[^\[\]\n]|\n(?!\s*\n))*?-?@" + KEY + r"[^\[\]]*)\](?![\](\[:])"
_BARE = r"(?<![\w.+\-/:@=\[])@(?P<key>" + KEY + r")(?:[ ](?P<locator>\[[^\[\]@\n]+\]))?"
_ITEM = re.compile(r"^(?P<prefix>.*?)(?P<suppress>-)?@(?P<key>" + KEY + r")(?P<suffix>.*)$", re.S)
# Pandoc's locator terms (a subset of CSL's), as authors write them after the key.
LOCATOR_LABELS = {
    "p.": "page",
    "pp.": "page",
    "page": "page",
    "pages": "page",
    "ch.": "chapter",
    "chap.": "chapter",
    "chapter": "chapter",
    "sec.": "section",
    "section": "section",
    "§": "section",
    "fig.": "figure",
    "figure": "figure",
    "eq.": "equation",
    "line": "line",
    "l.": "line",
    "vol.": "volume",
    "para.": "paragraph",
    "no.": "issue",
}
# "p. 3", "pp. 3--5, 8", "ch. iv": a label, then numbers or ranges; the rest is a suffix.
_LOCATOR = re.compile(
    r"^\s*,?\s*(?P<label>[^\s\d]+)\s*"
    r"(?P<value>\d[\w\-–—]*(?:\s*,\s*\d[\w\-–—]*)*|[ivxlcdm]+\b)(?P<rest>.*)$",
    re.I | re.S,
)
_BARE_PAGE = re.compile(r"^\s*,\s*(?P<value>\d[\w\-–—]*)(?P<rest>.*)$", re.S)
# (An embed may re-serialise it with single quotes.) Not "data-cite": Pelican reads an
# attribute ending in "cite" that starts with "{" as one of its {filename} links.
MARKED = re.compile(
    r"<span data-citation=(?P<quote>[\"'])(?P<data>.*?)(?P=quote)>(?P<written>.*?)</span>", re.S
)


def parse_item(text):
    """``see @knuth84, p. 3 and passim`` -> prefix, key, locator, suffix."""
    match = _ITEM.match(text.strip())
    item = {
        "key": match["key"],
        "prefix": match["prefix"].strip(),
        "suppress_author": bool(match["suppress"]),
    }
    suffix = match["suffix"]
    locator = _LOCATOR.match(suffix)
    if locator and locator["label"].lower() in LOCATOR_LABELS:
        item["label"] = LOCATOR_LABELS[locator["label"].lower()]
        item["locator"] = locator["value"].strip().replace("--", "–")
        suffix = locator["rest"]
    else:
        page = _BARE_PAGE.match(suffix)
        if page:  # "[@key, 33]": a page
            item["label"], item["locator"] = "page", page["value"].strip()
            suffix = page["rest"]
    item["suffix"] = suffix.strip().lstrip(",").strip()
    return item


def _line_of(md, written):
    text = getattr(md, "source_text", None) or ""
    index = text.find(written)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


class _Marker(InlineProcessor):
    def __init__(self, pattern, md, bracketed):
        super().__init__(pattern, md)
        self.bracketed = bracketed

    def handleMatch(self, m, data):
        written = m[0]
        if self.bracketed:
            parts = [p for p in m["body"].split(";") if "@" in p]
            if len(parts) != len(m["body"].split(";")) or not all(_ITEM.match(p) for p in parts):
                return None, None, None  # "[a; b@c]": not a citation list
            items = [parse_item(part) for part in parts]
        else:
            item = {"key": m["key"], "prefix": "", "suffix": "", "suppress_author": False}
            if m["locator"]:
                item.update({k: v for k, v in parse_item("@x, " + m["locator"][1:-1]).items()})
                item["key"] = m["key"]
            items = [item]
        shown = self.unescape(written)  # escapes put back: the text as written
        items = [{k: v for k, v in item.items() if v} for item in items]  # compact
        data = {"items": items, "bare": not self.bracketed, "line": _line_of(self.md, shown)}
        element = etree.Element(
            "span", {"data-citation": json.dumps(data, ensure_ascii=False, separators=(",", ":"))}
        )
        element.text = util.AtomicString(shown)
        return element, m.start(0), m.end(0)


class CitationExtension(Extension):
    def extendMarkdown(self, md):
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS = [*md.ESCAPED_CHARS, "@"]  # Pandoc's "\\@": not a citation
        # After code spans (190), escapes (180) and math (189.9) are set aside; before
        # links (160), so "[@key]" is never read as a reference link.
        md.inlinePatterns.register(_Marker(_BRACKETED, md, True), "citation", 175)
        md.inlinePatterns.register(_Marker(_BARE, md, False), "citation-bare", 174)


def makeExtension(**kwargs):
    return CitationExtension(**kwargs)
