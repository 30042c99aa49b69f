"""```` ```mermaid ```` and ```` ```dot ```` fences: diagrams drawn when the site is built.

Reading only marks them: each fence becomes its code block (what the page shows if
no renderer is installed) between two markers naming the diagram's key, and the
diagram is listed in ``md.facts["diagrams"]`` with the line it starts on. The
diagrams plugin draws every listed diagram of a build in one go, from its cache when
it can, once all content is known (a page read from Pelican's cache keeps its
markers, so a diagram that could not be drawn yesterday is drawn today).

Alt text: a fence option (```` ```mermaid alt="..." caption="..." ````), or a comment
on the diagram's first lines, which Obsidian and Mermaid ignore:
``%% alt: ...`` / ``%% caption: ...`` (Mermaid), ``// alt: ...`` (Graphviz).
Mermaid's own ``accTitle:``/``accDescr:`` work as well.
"""

import hashlib
import json
import re

from pymdownx.superfences import _escape

KINDS = {"mermaid": "mermaid", "dot": "dot", "graphviz": "dot"}
# <!--diagram KEY-->code block<!--/diagram-->: the plugin swaps the whole for the drawing.
MARKED = re.compile(r"<!--diagram (?P<key>[0-9a-f]{16})-->(?P<code>.*?)<!--/diagram-->", re.S)
_NOTE = re.compile(r"^\s*(?:%%|//|#)\s*(?P<name>alt|caption)\s*:\s*(?P<text>.+?)\s*$", re.I)


def diagram_key(kind, source):
    """Which diagram this is, whatever page it is on (also used as its SVG id)."""
    return hashlib.sha256(f"{kind}\0{source}".encode()).hexdigest()[:16]


def _notes(source):
    """``%% alt: ...`` and ``%% caption: ...`` lines at the top of the diagram."""
    notes = {}
    for line in source.split("\n"):
        match = _NOTE.match(line)
        if not match:
            if line.strip():
                break
            continue
        notes[match["name"].lower()] = match["text"]
    return notes


def _validator(language, inputs, options, attrs, md):
    for name, value in inputs.items():
        if name not in {"alt", "caption"}:
            return False  # an option we do not know: an ordinary code block, as written
        options[name] = value
    return True


def _format(source, language, class_name, options, md, **kwargs):
    kind = KINDS[language]
    key = diagram_key(kind, source)
    notes = _notes(source)
    caption = options.get("caption") or notes.get("caption") or ""
    facts = getattr(md, "facts", None)
    if facts is not None:
        facts.setdefault("diagrams", []).append(
            {
                "key": key,
                "kind": kind,
                "source": source,
                "line": _line_of(md, source),
                "alt": options.get("alt") or notes.get("alt") or caption,
                "caption": caption,
            }
        )
    # A plain <pre>, not highlighted code: the page loads no code stylesheet for it.
    code = f'<pre class="diagram-source language-{language}">{_escape(source)}</pre>'
    return f"<!--diagram {key}-->{code}<!--/diagram-->"


def _line_of(md, source):
    """The line of the source file the diagram starts on (its fence is the line before)."""
    text = getattr(md, "source_text", None) or ""
    first = next((line for line in source.split("\n") if line.strip()), "")
    index = text.find(first) if first else -1
    if index < 0:  # a notebook's JSON: the line is written escaped
        index = text.find(json.dumps(first)[1:-1])
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def diagram_fences():
    """pymdownx.superfences ``custom_fences`` entries for every diagram language."""
    return [
        {"name": name, "class": "diagram", "format": _format, "validator": _validator}
        for name in KINDS
    ]
