"""Obsidian's Markdown, as python-markdown extensions (loaded as "obsidian.syntax").

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
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .callouts import callout_type

PLACEHOLDER_CLASS = "obsidian-ref"
# Inline code is kept as is; a comment may span lines.
_COMMENT = re.compile(r"(`+)(?:.|\n)*?\1|%%(?:.|\n)*?%%")
_CALLOUT = re.compile(r"^\[!(?P<type>[\w-]+)\](?P<fold>[+-]?)[ \t]*(?P<title>)")
_BLOCK_ID = re.compile(r"\s\^(?P<id>[A-Za-z0-9-]+)\s*$")
_HEX_COLOUR = re.compile(r"^(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


class CommentPreprocessor(Preprocessor):
    """Runs after fenced code is stashed away, so ``%%`` in a code block stays."""

    def run(self, lines):
        text = "\n".join(lines)
        text = _COMMENT.sub(lambda m: m[0] if m[1] else "", text)
        return text.split("\n")


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
        shown_heading = heading.lstrip("^")
        if label:
            element.text = label
        elif target and heading:
            element.text = f"{target} › {shown_heading}"
        else:
            element.text = target or shown_heading or inner
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
    position = md.source_text.find(raw)
    return md.source_text.count("\n", 0, position) + 1 if position >= 0 else None


class ObsidianExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.facts = {}
        md.source_text = ""
        md.preprocessors.register(CommentPreprocessor(md), "obsidian_comments", 24)
        # Above 'escape' (180), which would hide the '\|' of links in tables; below
        # 'backtick' (190), so code spans are never read as links.
        md.inlinePatterns.register(
            WikilinkProcessor(r"(!)?\[\[([^\[\]\n]+?)\]\]", md), "obsidian_wikilink", 185
        )
        md.inlinePatterns.register(
            # After a space, an opening bracket or at the start: never inside a word, a
            # URL or an attribute (href="#top").
            TagProcessor(r"(?<![^\s(\[])#([A-Za-z0-9_][\w/-]*[\w])", md),
            "obsidian_tag",
            175,
        )
        md.treeprocessors.register(StructureProcessor(md), "obsidian_structure", 15)


def makeExtension(**kwargs):
    return ObsidianExtension(**kwargs)
