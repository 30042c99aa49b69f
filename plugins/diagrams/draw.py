"""Every diagram of a build, drawn once all content is known (context phase).

The Markdown reader left each diagram as its code block between markers, and listed
it in the page's ``diagrams``. Here the diagrams the cache does not hold are drawn in
one batch per renderer, and every marked block becomes its inline SVG: text that
search indexes, ids unique on the page, no script. A diagram Mermaid or Graphviz
rejects is an error naming the file and line (the build fails, the page keeps the
code); a renderer that is not installed is one warning, and the code blocks stay.
"""

import hashlib
import html
import json
import logging
import os
import subprocess
import time
import xml.etree.ElementTree as etree

from inkfolio.core import all_content, display_path, site_root
from inkfolio.plugins.markdown_reader.extensions.diagrams import MARKED

from . import graphviz, mermaid, svg

logger = logging.getLogger(__name__)

RENDERERS = {"mermaid": mermaid, "dot": graphviz}
NAMES = {"mermaid": "Mermaid", "dot": "Graphviz"}
# Bump when svg.py changes what it makes of a drawing: cached drawings are then redrawn.
TIDY_VERSION = "1"


def draw_diagrams(generators):
    settings = generators[0].settings
    everything = list(all_content(generators))
    diagrams = {}  # key -> (the first listing of it, [(content, listing)...])
    for content in everything:
        for listed in content.metadata.get("diagrams", ()):
            diagrams.setdefault(listed["key"], (listed, []))[1].append((content, listed))
    if not diagrams:
        return
    cache = _cache_folder(settings)
    drawn = {}  # key -> the figure's HTML
    for kind, renderer_module in RENDERERS.items():
        mine = {key: entry for key, entry in diagrams.items() if entry[0]["kind"] == kind}
        if mine:
            drawn.update(_draw_kind(kind, renderer_module, mine, settings, cache))
    for content in everything:
        if "<!--diagram " in content._content:
            content._content = _swap(content._content, drawn)


def _draw_kind(kind, module, diagrams, settings, cache):
    renderer, why_not = module.find(settings)
    if renderer is None:
        if why_not:
            logger.warning(
                '%d %s diagram(s) shown as code: %s. See the README\'s "Diagrams" section.',
                len(diagrams),
                NAMES[kind],
                why_not,
            )
        return {}
    config = getattr(renderer, "config", None)
    keys = {
        key: hashlib.sha256(
            json.dumps([kind, listed["source"], renderer.version, config, TIDY_VERSION]).encode()
        ).hexdigest()[:32]
        for key, (listed, _) in diagrams.items()
    }
    results = {key: _cached(cache, keys[key]) for key in diagrams}
    missing = {f"d{key}": diagrams[key][0]["source"] for key, got in results.items() if got is None}
    if missing:
        started = time.perf_counter()
        try:
            answers = renderer.render(missing)
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as problem:
            logger.warning("%d %s diagram(s) shown as code: %s", len(missing), NAMES[kind], problem)
            answers = {}
        logger.info(
            "Drew %d %s diagram(s) in %.2f s",
            len(answers),
            NAMES[kind],
            time.perf_counter() - started,
        )
        for svg_id, (drawing, error) in answers.items():
            key = svg_id[1:]
            listed = diagrams[key][0]
            if drawing is not None:
                try:
                    drawing = _tidy(kind, drawing, svg_id, listed)
                except etree.ParseError as problem:
                    logger.warning("%s drew an SVG that cannot be read (%s)", NAMES[kind], problem)
                    continue
            results[key] = _store(cache, keys[key], drawing, error)
    figures = {}
    for key, got in results.items():
        if got is None:
            continue
        drawing, error = got
        if error is not None:
            _report(kind, module, error, diagrams[key][1])
        else:
            figures[key] = _figure(kind, drawing, diagrams[key][0])
    return figures


def _tidy(kind, drawing, svg_id, listed):
    if kind == "mermaid":
        return svg.tidy_mermaid(drawing, listed["alt"])
    return svg.tidy_graphviz(drawing, svg_id, listed["alt"])


def _figure(kind, drawing, listed):
    caption = listed.get("caption")
    caption = f'<figcaption class="meta">{html.escape(caption)}</figcaption>' if caption else ""
    # Pagefind does not read inside <svg>: the labels are given to it as an attribute.
    text = html.escape(" ".join(svg.labels(drawing)), quote=True)
    return (
        f'<figure class="diagram diagram-{kind}" data-pagefind-index-attrs="data-labels" '
        f'data-labels="{text}">{drawing}{caption}</figure>'
    )


def _report(kind, module, error, places):
    message, diagram_line = module.explain(error)
    seen = set()
    for content, listed in places:
        line = listed.get("line")
        if line and diagram_line:
            # "Unexpected end of input" names the line after the last one.
            last = listed["source"].rstrip("\n").count("\n") + 1
            line += min(diagram_line, last) - 1
        where = (content.source_path, line)
        if where in seen:
            continue
        seen.add(where)
        logger.error(
            "%s:%s: %s cannot draw this diagram: %s",
            display_path(content.source_path),
            line or 1,
            NAMES[kind],
            message,
        )


def _swap(text, drawn):
    """Each marked code block becomes its drawing; a diagram shown twice on one page
    gets a second id for the second drawing."""
    shown = {}

    def replace(match):
        key = match["key"]
        figure = drawn.get(key)
        if figure is None:
            return match["code"]
        shown[key] = shown.get(key, 0) + 1
        if shown[key] > 1:
            return svg.renamed(figure, f"d{key}", f"d{key}-{shown[key]}")
        return figure

    return MARKED.sub(replace, text)


# -- The cache: one file per drawing (or per rejection), named by what determines it.


def _cache_folder(settings):
    folder = settings.get("DIAGRAMS_CACHE_PATH") or ".cache/diagrams"
    return folder if os.path.isabs(folder) else os.path.join(site_root(settings), folder)


def _cached(folder, key):
    for suffix, is_error in ((".svg", False), (".error", True)):
        try:
            with open(os.path.join(folder, key + suffix), encoding="utf-8") as handle:
                text = handle.read()
        except OSError:
            continue
        return (None, text) if is_error else (text, None)
    return None


def _store(folder, key, drawing, error):
    os.makedirs(folder, exist_ok=True)
    suffix, text = (".svg", drawing) if error is None else (".error", error)
    temporary = os.path.join(folder, f".{key}{suffix}.{os.getpid()}")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, os.path.join(folder, key + suffix))
    return drawing, error
