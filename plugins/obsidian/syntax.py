"""Obsidian's Markdown, as python-markdown extensions (loaded as "inkfolio.plugins.obsidian.syntax").

While a file is read: ``%%comments%%`` are dropped; ``> [!type] Title`` blockquotes
become callouts (``-``/``+``: a closed/open ``<details>``); ``^block-id`` markers become
ids; ``#tags`` join the page's tags; ``[[wikilinks]]`` and ``![[embeds]]`` become
placeholders, listed in ``md.facts["wikilinks"]`` with their line, because what they
point to is known only once every file is read (see links.py). ``==highlights==``
are pymdownx.mark's. Code, inline or fenced, is never touched.
"""

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, util
from markdown.blockprocessors import HashHeaderProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .callouts import callout_type

PLACEHOLDER_CLASS = "obsidian-ref"
# A link or embed as this extension leaves it: (tag, index in "wikilinks", label).
PLACEHOLDER = re.compile(r'<(a|span) class="obsidian-ref" data-ref="(\d+)">(.*?)</\1>', re.S)
WIKILINK = re.compile(r"(!)?\[\[([^\[\]\n]+?)\]\]")
# Any of python-markdown's placeholders: set-aside code, raw HTML, '&', escapes.
_PLACEHOLDER_RE = re.compile(f"({util.STX}[^{util.STX}{util.ETX}]*{util.ETX})")
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
    """``[[target#heading|alias]]`` and ``![[target|size]]`` -> a placeholder element.

    By now python-markdown has set code spans and math aside as placeholders: the
    shown text keeps them (the code renders as code), while the target and heading
    are read from the link as written, so they resolve and read as the author typed.
    """

    def handleMatch(self, m, data):
        written, line = _as_written(self.md, m[0])
        target, heading, label = _parts(written.removeprefix("!")[2:-2])  # [[...]]
        element = etree.Element("span" if m[1] else "a")
        element.set("class", PLACEHOLDER_CLASS)
        index = len(self.md.facts.setdefault("wikilinks", []))
        element.set("data-ref", str(index))
        element.text = _shown(m[2])
        self.md.facts["wikilinks"].append(
            {
                "target": target.strip(),
                "heading": heading.strip(),
                "label": label.strip(),
                "embed": bool(m[1]),
                "line": line,
            }
        )
        return element, m.start(0), m.end(0)


def _shown(inner):
    """The link's text: its label, else the note › the heading (``[[Note#A#B]]``: A › B)."""
    target, heading, label = _parts(inner)
    shown_heading = heading.lstrip("^").replace("#", " › ")
    shown_target = target.removesuffix(".md")
    if label:
        return label
    if target and heading:
        return f"{shown_target} › {shown_heading}"
    return shown_target or shown_heading or inner


def _parts(inner):
    """(target, heading, label) of the inside of ``[[...]]``."""
    target, _, label = inner.replace("\\|", "|").partition("|")
    target, _, heading = target.partition("#")
    return target, heading, label


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


def _as_written(md, raw):
    """``raw`` as it is in the file, and its line: its next occurrence there (the same
    link written twice has two lines), each of python-markdown's placeholders matching
    what it stands for. Not found (a notebook's JSON): the placeholders' own text."""
    pieces = _PLACEHOLDER_RE.split(raw)  # text, placeholder, text, ...
    pattern = "".join(
        _placeholder_pattern(md, piece) if index % 2 else re.escape(piece)
        for index, piece in enumerate(pieces)
    )
    seen = md.obsidian_seen
    found = re.compile(pattern).search(md.source_text, seen.get(pattern, 0))
    if found is None:
        return _unstash(md, raw), None
    seen[pattern] = found.end()
    return found[0], md.source_text.count("\n", 0, found.start()) + 1


def _placeholder_pattern(md, placeholder):
    """What the source may hold where python-markdown left ``placeholder``."""
    inline = util.INLINE_PLACEHOLDER_RE.fullmatch(placeholder)
    node = md.treeprocessors["inline"].stashed_nodes.get(inline[1]) if inline else None
    if node is not None and not isinstance(node, str) and node.tag == "code":
        code = re.escape(html.unescape(node.text or ""))
        return f"`+[ ]?{code}[ ]?`+"
    if placeholder == util.AMP_SUBSTITUTE:
        return "&"
    return r"[^\n\[\]|]*?"  # math, raw HTML: any text inside the link


def _unstash(md, text):
    """``text`` with python-markdown's placeholders replaced by what they hold, as text."""
    stashed = md.treeprocessors["inline"].stashed_nodes

    def inline(match):
        node = stashed.get(match[1], "")
        if isinstance(node, str):
            return node
        shown = html.unescape("".join(node.itertext()))
        return f"`{shown}`" if node.tag == "code" else shown

    def raw_html(match):
        index = int(match[1])
        blocks = md.htmlStash.rawHtmlBlocks
        return str(blocks[index]) if index < len(blocks) else ""

    text = util.INLINE_PLACEHOLDER_RE.sub(inline, text)
    text = util.HTML_PLACEHOLDER_RE.sub(raw_html, text)
    return _PLACEHOLDER_RE.sub("", text.replace(util.AMP_SUBSTITUTE, "&"))


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
            WikilinkProcessor(WIKILINK.pattern, md), "obsidian_wikilink", 185
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
