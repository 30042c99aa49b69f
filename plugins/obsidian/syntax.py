"""Obsidian's Markdown, as python-markdown extensions (loaded as "inkfolio.plugins.obsidian.syntax").

While a file is read: ``%%comments%%`` are dropped; ``> [!type] Title`` blockquotes
become callouts (``-``/``+``: a closed/open ``<details>``); ``^block-id`` markers become
ids; ``#tags`` join the page's tags; ``[[wikilinks]]`` and ``![[embeds]]`` become
placeholders, listed in ``md.facts["wikilinks"]`` with their line, because what they
point to is known only once every file is read (see links.py). ``==highlights==``
are pymdownx.mark's. Code, inline or fenced, is never touched.
"""

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import HashHeaderProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .callouts import callout_type

PLACEHOLDER_CLASS = "obsidian-ref"
# A link or embed as this extension leaves it: (tag, index in "wikilinks", label).
PLACEHOLDER = re.compile(r'<(a|span) class="obsidian-ref" data-ref="(\d+)">(.*?)</\1>', re.S)
# Inline code is kept as is; a comment may span lines.
_COMMENT = re.compile(r"(`+)(?:.|\n)*?\1|%%(?:.|\n)*?%%")
# ``[!type|metadata]``: Obsidian's metadata (for CSS snippets) is accepted and ignored.
_CALLOUT = re.compile(r"^\[!(?P<type>[\w-]+)(?:\|[^\]\n]*)?\](?P<fold>[+-]?)[ \t]*(?P<title>)")
_BLOCK_ID = re.compile(r"\s\^(?P<id>[A-Za-z0-9-]+)\s*$")
_BLOCK_ID_ALONE = re.compile(r"^\s*\^(?P<id>[A-Za-z0-9-]+)\s*$")
_HEX_COLOUR = re.compile(r"^(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


class CommentPreprocessor(Preprocessor):
    """Runs after fenced code is stashed away, so ``%%`` in a code block stays."""

    def run(self, lines):
        text = "\n".join(lines)
        text = _COMMENT.sub(lambda m: m[0] if m[1] else "", text)
        return text.split("\n")


class SpacedHashHeaderProcessor(HashHeaderProcessor):
    """``# Heading`` needs its space (as in Obsidian and CommonMark): a line that starts
    with ``#tag`` is a paragraph with a tag, not a heading."""

    RE = re.compile(
        r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:[ \t](?:\\.|[^\\#]|#+(?=[^#\n]))*?)?)#*(?:\n|$)"
    )


class WikilinkProcessor(InlineProcessor):
    """``[[target#heading|alias]]`` and ``![[target|size]]`` -> a placeholder element."""

    def handleMatch(self, m, data):
        embed, inner = bool(m[1]), m[2].replace("\\|", "|")
        target, _, label = inner.partition("|")
        target, _, heading = target.partition("#")
        element = etree.Element("span" if embed else "a")
        element.set("class", PLACEHOLDER_CLASS)
        index = len(self.md.facts.setdefault("wikilinks", []))
        element.set("data-ref", str(index))
        shown_heading = heading.lstrip("^").replace("#", " › ")  # [[Note#A#B]]: A › B
        shown_target = target.removesuffix(".md")
        if label:
            element.text = label
        elif target and heading:
            element.text = f"{shown_target} › {shown_heading}"
        else:
            element.text = shown_target or shown_heading or inner
        self.md.facts["wikilinks"].append(
            {
                "target": target.strip(),
                "heading": heading.strip(),
                "label": label.strip(),
                "embed": embed,
                "line": _line(self.md, m[0]),
            }
        )
        return element, m.start(0), m.end(0)


class TagProcessor(InlineProcessor):
    """``#tag`` and ``#nested/tag`` (not ``#fff``, not a heading, not in a URL)."""

    ANCESTOR_EXCLUDES = ("a",)  # never a link inside a link's text

    def handleMatch(self, m, data):
        tag = m[1]
        if _HEX_COLOUR.match(tag) or tag.isdigit():
            return None, None, None
        tags = self.md.facts.setdefault("tags", [])
        if tag not in tags:
            tags.append(tag)
        element = etree.Element("a")
        element.set("class", "tag " + PLACEHOLDER_CLASS)
        element.set("data-tag", tag)
        element.text = f"#{tag}"
        return element, m.start(0), m.end(0)


class StructureProcessor(Treeprocessor):
    """Callouts and block ids, on the parsed tree (nested callouts are nested quotes)."""

    def run(self, root):
        quotes = [
            (parent, child)
            for parent in root.iter()
            for child in parent
            if child.tag == "blockquote" and _starts_callout(child)
        ]
        for parent, quote in reversed(quotes):  # innermost first: nested callouts
            position = list(parent).index(quote)
            parent.remove(quote)
            for offset, box in enumerate(self._callouts(quote)):
                parent.insert(position + offset, box)
        for element in [e for e in root.iter() if e.tag in ("p", "li")]:
            self._block_id(element)
        for parent in list(root.iter()):
            self._block_id_after(parent)

    def _callouts(self, quote):
        """One callout per ``[!type]`` paragraph: ``> [!a]`` ... a blank line ... ``> [!b]``
        are two callouts, as in Obsidian (python-markdown would make them one quote)."""
        groups = []
        for element in list(quote):
            if _starts_callout_paragraph(element) or not groups:
                groups.append([])
            groups[-1].append(element)
        return [self._callout(group) for group in groups]

    def _callout(self, elements):
        first = elements[0]
        match = _CALLOUT.match(first.text)
        kind, known = callout_type(match["type"])
        fold = match["fold"]
        box = etree.Element("details" if fold else "div")
        box.set("class", f"callout callout-{kind}")
        box.set("data-callout", match["type"].lower() if known else kind)
        if fold == "+":
            box.set("open", "")
        title = etree.SubElement(box, "summary" if fold else "p")
        title.set("class", "callout-title")
        first.text = first.text[match.start("title") :]
        _move_first_line(first, title)
        if not (title.text or "").strip() and not len(title):
            title.text = match["type"].capitalize()
        body = etree.SubElement(box, "div")
        body.set("class", "callout-body")
        if (first.text or "").strip() or len(first):
            body.append(first)
        for element in elements[1:]:
            body.append(element)
        self.md.facts["has_callouts"] = True
        return box

    def _block_id(self, element):
        """``text ^my-id`` at the end of a paragraph or list item: an anchor."""
        last = element[-1] if len(element) else None
        text = (last.tail if last is not None else element.text) or ""
        match = _BLOCK_ID.search(text)
        if not match:
            return
        element.set("id", f"^{match['id']}")
        stripped = text[: match.start()]
        if last is not None:
            last.tail = stripped
        else:
            element.text = stripped

    def _block_id_after(self, parent):
        """A line ``^my-id`` alone after a table, list or quote names that block."""
        children = list(parent)
        for previous, element in zip(children, children[1:], strict=False):
            match = (
                element.tag == "p"
                and not len(element)
                and _BLOCK_ID_ALONE.match(element.text or "")
            )
            if match and previous.get("id") is None:
                previous.set("id", f"^{match['id']}")
                parent.remove(element)


def _starts_callout_paragraph(element):
    return element.tag == "p" and bool(_CALLOUT.match(element.text or ""))


def _starts_callout(quote):
    return len(quote) > 0 and _starts_callout_paragraph(quote[0])


def _move_first_line(paragraph, title):
    """Move the paragraph's first line (text and inline elements) into ``title``."""
    text = paragraph.text or ""
    if "\n" in text:
        title.text, paragraph.text = text.split("\n", 1)
        return
    title.text, paragraph.text = text, ""
    for child in list(paragraph):
        paragraph.remove(child)
        tail = child.tail or ""
        if "\n" in tail:
            child.tail, rest = tail.split("\n", 1)
            title.append(child)
            paragraph.text = rest
            return
        title.append(child)


def _line(md, raw):
    """The line of ``raw``'s next occurrence: the same link written twice has two lines."""
    seen = md.obsidian_seen
    position = md.source_text.find(raw, seen.get(raw, 0))
    if position < 0:
        return None
    seen[raw] = position + len(raw)
    return md.source_text.count("\n", 0, position) + 1


class ObsidianExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.facts = {}
        md.source_text = ""
        md.obsidian_seen = {}  # raw link -> where to look for its next occurrence
        self.md = md
        md.preprocessors.register(CommentPreprocessor(md), "obsidian_comments", 24)
        md.parser.blockprocessors.register(SpacedHashHeaderProcessor(md.parser), "hashheader", 70)
        # Above 'escape' (180), which would hide the '\|' of links in tables; below
        # 'backtick' (190), so code spans are never read as links.
        md.inlinePatterns.register(
            WikilinkProcessor(r"(!)?\[\[([^\[\]\n]+?)\]\]", md), "obsidian_wikilink", 185
        )
        md.inlinePatterns.register(
            # After a space, an opening bracket or at the start: never inside a word, a
            # URL or an attribute (href="#top"). Below 'link' (160) and 'html' (90), so
            # link targets and raw HTML are set aside first.
            TagProcessor(r"(?<![^\s(\[])#([A-Za-z0-9_][\w/-]*[\w])", md),
            "obsidian_tag",
            85,
        )
        md.treeprocessors.register(StructureProcessor(md), "obsidian_structure", 15)

    def reset(self):
        self.md.obsidian_seen = {}


def makeExtension(**kwargs):
    return ObsidianExtension(**kwargs)
