"""A renderer's SVG made fit to sit inside a page.

* Lighter: Mermaid ships every icon, marker and style rule a diagram *might* use; what
  this one does not use is dropped, and coordinates keep two decimals (a flowchart
  goes from ~15 KB to ~6 KB).
* Unique: every id is prefixed with the diagram's own, so two diagrams on a page never
  share a marker or a style rule.
* Readable in both colour schemes: Graphviz's black becomes ``currentColor`` and its
  white page is dropped; Mermaid's neutral greys are inverted by the theme's CSS in
  dark mode (its palette is baked into many rules, a filter keeps every diagram type).
* Sized for phones: no fixed size, only a viewBox and a maximum width.
"""

import html
import re
import xml.etree.ElementTree as etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
etree.register_namespace("", SVG_NS)
etree.register_namespace("xlink", XLINK_NS)

_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")
_REFERENCE = re.compile(r"url\(#([^)]+)\)|#([\w.-]+)")
_ID_BEARING = {
    "symbol",
    "marker",
    "filter",
    "linearGradient",
    "radialGradient",
    "clipPath",
    "pattern",
}
# Attributes whose numbers are geometry (not text a reader sees).
_GEOMETRY = {"d", "points", "transform", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r"}
_GEOMETRY |= {"rx", "ry", "width", "height", "viewBox", "style", "dx", "dy"}
# What Mermaid records for its in-browser interactions (edge animation, click handlers).
_SCRIPT_DATA = {"data-points", "data-et", "data-id", "data-edge", "data-type"}


def _tag(element):
    return element.tag.rsplit("}", 1)[-1]


def _round(match):
    return f"{float(match[0]):.2f}".rstrip("0").rstrip(".")


def parse(svg_text):
    return etree.fromstring(svg_text.encode())


def serialise(root):
    text = etree.tostring(root, encoding="unicode")
    text = text.replace(f' xmlns="{SVG_NS}"', "", 1)  # implied inside HTML
    if "xlink:" not in text.split(">", 1)[1]:
        text = text.replace(f' xmlns:xlink="{XLINK_NS}"', "", 1)
    return text


def drop_unused_definitions(root):
    """Symbols, markers, filters and gradients that nothing points at."""
    used = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name != "id":
                used.update(a or b for a, b in _REFERENCE.findall(value))
    for parent in list(root.iter()):
        for child in list(parent):
            if _tag(child) in _ID_BEARING and child.get("id") not in used:
                parent.remove(child)
    for parent in list(root.iter()):  # then the <defs> left empty
        for child in list(parent):
            if _tag(child) == "defs" and len(child) == 0:
                parent.remove(child)


def round_geometry(root):
    """Two decimals are a hundredth of a pixel; and no data kept for Mermaid's scripts."""
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if name in _GEOMETRY and _LONG_NUMBER.search(value):
                element.set(name, _LONG_NUMBER.sub(_round, value))
            elif name in _SCRIPT_DATA or (name == "style" and not value.strip(" ;")):
                del element.attrib[name]


def prune_styles(root):
    """Style rules for classes the drawing does not have (Mermaid writes all of them)."""
    classes = {name for e in root.iter() for name in (e.get("class") or "").split()}
    for style in [e for e in root.iter() if _tag(e) == "style"]:
        style.text = _kept_rules(style.text or "", classes)


def _kept_rules(css, classes):
    kept, animations = [], set()
    for prelude, body in _rules(css):
        if prelude.startswith("@keyframes"):
            kept.append((prelude, body))
            continue
        selectors = [s for s in prelude.split(",") if _applies(s, classes)]
        if selectors:
            kept.append((",".join(selectors), body))
            animations.update(re.findall(r"animation(?:-name)?:\s*([\w-]+)", body))
    return "".join(
        f"{prelude}{{{body}}}"
        for prelude, body in kept
        if not prelude.startswith("@keyframes") or prelude.split()[-1] in animations
    )


def _applies(selector, classes):
    return all(name in classes for name in re.findall(r"\.([\w-]+)", selector))


def _rules(css):
    """(prelude, body) of each top-level rule; an @-block's body is kept whole."""
    position, rules = 0, []
    while True:
        start = css.find("{", position)
        if start < 0:
            return rules
        depth, end = 1, start + 1
        while depth and end < len(css):
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        rules.append((css[position:start].strip(), css[start + 1 : end - 1]))
        position = end


def prefix_ids(root, prefix):
    """Graphviz numbers its ids (node1, edge1...) the same in every drawing."""
    for element in root.iter():
        if element.get("id"):
            element.set("id", f"{prefix}-{element.get('id')}")
        for name, value in list(element.attrib.items()):
            if name != "id" and "#" in value:
                element.set(
                    name,
                    re.sub(r"(url\(#|^#)([\w.-]+)", lambda m: f"{m[1]}{prefix}-{m[2]}", value),
                )


def responsive(root):
    """Scales down to the column: the width becomes a maximum, the height follows."""
    width = root.get("width", "")
    if width and not width.endswith("%"):
        number = float(re.sub(r"[a-z]+$", "", width) or 0)
        points = width.endswith("pt")
        root.set("style", f"max-width:{number * (4 / 3 if points else 1):.0f}px")
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    style = root.get("style", "")
    style = re.sub(r"\s*background-color:\s*transparent;?", "", style).strip()
    if style:
        root.set("style", style)


def label(root, alt):
    """The diagram's alt text, read as one image by screen readers."""
    if alt:
        root.set("role", "img")
        root.set("aria-label", alt)


def tidy_mermaid(svg_text, alt):
    root = parse(svg_text)
    drop_unused_definitions(root)
    prune_styles(root)
    round_geometry(root)
    responsive(root)
    label(root, alt)
    return serialise(root)


def tidy_graphviz(svg_text, prefix, alt):
    svg_text = svg_text[svg_text.index("<svg") :]  # no XML prolog, doctype or comments
    root = parse(svg_text)
    for element in root.iter():
        if _tag(element) == "title" and element.text and re.fullmatch(r"%?\d+|G", element.text):
            element.text = None  # Graphviz's own names ("%3", "G") are no alt text
        for name in ("fill", "stroke"):
            if element.get(name) == "black":
                element.set(name, "currentColor")
    graph = next((e for e in root.iter() if e.get("class") == "graph"), None)
    if graph is not None:
        page = next((e for e in graph if _tag(e) == "polygon"), None)
        if page is not None and page.get("fill") == "white":
            graph.remove(page)
    root.set("fill", "currentColor")  # text without a colour of its own
    prefix_ids(root, prefix)
    root.set("id", prefix)
    round_geometry(root)
    responsive(root)
    label(root, alt)
    text = serialise(root)
    return re.sub(r"<title\s*/>|<title></title>", "", text)


def labels(svg_html):
    """The words a reader sees in the drawing, once each, in order."""
    text = re.sub(r"<(style|title)>.*?</\1>", " ", svg_html, flags=re.S)
    words = [html.unescape(part).strip() for part in re.findall(r">([^<>]+)<", text)]
    return list(dict.fromkeys(word for word in words if word))


def renamed(svg_html, old_id, new_id):
    """The same drawing under another id (a diagram shown twice on one page)."""
    return svg_html.replace(old_id, new_id)
