"""An executed notebook -> one HTML fragment in the theme's own markup.

Prose cells and code cells go through the same Markdown setup as articles (so
math, links, heading anchors, the table of contents and code highlighting behave
the same); outputs get small semantic wrappers styled by the theme. Images are
never inlined: they are files in the cache, referenced as ``{nbfile}<name>`` until
the site's URL is known.
"""

import html
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from latex2mathml.converter import convert as latex_to_mathml
from nbconvert.filters.ansi import ansi2html

from inkfolio.plugins.markdown_reader.extensions.math import _compact
from inkfolio.plugins.markdown_reader.image_size import image_size

from . import interactive
from .cache import FILE_PLACEHOLDER, FILE_REF, IMAGE_TYPES

_PLACEHOLDER = "INKFOLIOCELL{:05d}"
_PLACEHOLDER_HTML = re.compile(r"<p>INKFOLIOCELL(\d{5})</p>")
_OPTION_LINE = re.compile(r"^#\|\s*(?P<name>[\w-]+)\s*:\s*(?P<value>.*)$")


@dataclass
class Rendered:
    html: str
    markdown: object  # the Markdown instance after the prose pass (toc, math, references)
    files: list = field(default_factory=list)  # cached image files the page shows
    has_math: bool = False
    has_code: bool = False
    libraries: list = field(default_factory=list)  # JavaScript the interactive figures need


@dataclass
class Piece:
    """What one output or cell contributes to the page."""

    html: str
    files: list = field(default_factory=list)
    has_math: bool = False
    libraries: list = field(default_factory=list)


def render(notebook, render_markdown, file_path):
    """``render_markdown(text) -> (html, md)``; ``file_path(name)`` finds a cached image."""
    cells_html, document, files, libraries = {}, [], [], []
    has_math = has_code = False
    code_number = 0
    for cell in notebook["cells"]:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell["cell_type"] == "markdown":
            document.append(_text(cell["source"]))
        elif cell["cell_type"] == "code":
            code_number += 1
            if "remove-cell" in tags:
                continue
            piece = _code_cell(cell, tags, code_number, render_markdown, file_path)
            files += piece.files
            libraries += [name for name in piece.libraries if name not in libraries]
            has_math |= piece.has_math
            has_code = True
            index = len(cells_html)
            cells_html[index] = piece.html
            document.append(_PLACEHOLDER.format(index))
    content, md = render_markdown("\n\n".join(document))
    content = _PLACEHOLDER_HTML.sub(lambda m: cells_html[int(m[1])], content)
    return Rendered(content, md, files, has_math or md.has_math, has_code, libraries)


def _text(source):
    return "".join(source) if isinstance(source, list) else source


def _code_cell(cell, tags, number, render_markdown, file_path):
    source, options = _split_options(_text(cell["source"]))
    parts, pieces = [f'<div class="cell" id="cell-{number}">'], []
    if "remove-input" not in tags and source.strip():
        fence = "`" * max(3, _longest_backtick_run(source) + 1)
        # Every cell of a notebook is in its kernel's language: no per-cell label.
        code_html, _ = render_markdown(f'{fence}python title=""\n{source}\n{fence}')
        parts.append(_maybe_folded(code_html, "hide-input" in tags, "Show code", "cell-input"))
    if "remove-output" not in tags:
        for position, output in enumerate(_merge_streams(cell.get("outputs", [])), 1):
            piece = _output(output, options, (number, position), render_markdown, file_path)
            if piece.html:
                pieces.append(piece)
        if pieces:
            classes = "cell-output" + (" scroll" if "scroll-output" in tags else "")
            outputs = "".join(piece.html for piece in pieces)
            parts.append(_maybe_folded(outputs, "hide-output" in tags, "Show output", classes))
    parts.append("</div>")
    return Piece(
        "".join(parts),
        files=[name for piece in pieces for name in piece.files],
        has_math=any(piece.has_math for piece in pieces),
        libraries=[name for piece in pieces for name in piece.libraries],
    )


def _split_options(source):
    """Quarto-style '#| alt: ...' lines configure the cell and are not shown."""
    options, kept = {}, []
    for line in source.split("\n"):
        match = _OPTION_LINE.match(line)
        if match and not kept:
            options[match["name"]] = match["value"].strip().strip("\"'")
        else:
            kept.append(line)
    return "\n".join(kept).strip("\n"), options


def _longest_backtick_run(text):
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _maybe_folded(inner, folded, label, classes):
    if folded:
        return f'<details class="{classes}"><summary>{label}</summary>{inner}</details>'
    return f'<div class="{classes}">{inner}</div>'


def _merge_streams(outputs):
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and previous
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            merged[-1] = {**previous, "text": _text(previous["text"]) + _text(output["text"])}
        else:
            merged.append(output)
    return merged


def _output(output, options, place, render_markdown, file_path):
    """``place`` is (code cell number, output number): unique on the page."""
    kind = output.get("output_type")
    if kind == "stream":
        name = "stderr" if output.get("name") == "stderr" else "stdout"
        return Piece(f'<pre class="output {name}">{ansi2html(_text(output.get("text", "")))}</pre>')
    if kind == "error":
        traceback = (
            "\n".join(output.get("traceback", []))
            or f"{output.get('ename')}: {output.get('evalue')}"
        )
        return Piece(f'<pre class="output error" role="status">{ansi2html(traceback)}</pre>')
    data = output.get("data", {})
    if interactive.is_loader(data, _text(data.get("text/html", ""))):
        return Piece("")
    number, position = place
    figure = interactive.render(data, f"figure-{number}-{position}")
    if figure:
        return Piece(figure[0], libraries=figure[1])
    for mime in IMAGE_TYPES:
        reference = data.get(mime)
        if isinstance(reference, dict) and FILE_REF in reference:
            name = reference[FILE_REF]
            size = _image_size(output, mime, file_path(name))
            alt = (
                options.get("fig-alt")
                or options.get("alt")
                or f"Figure produced by code cell {number}"
            )
            dimensions = f' width="{size[0]}" height="{size[1]}"' if size else ""
            img = (
                f'<img src="{FILE_PLACEHOLDER}{name}" alt="{html.escape(alt)}"{dimensions} '
                'loading="lazy" decoding="async">'
            )
            caption = options.get("fig-cap") or options.get("caption")
            if caption:
                img = f"<figure>{img}<figcaption>{html.escape(caption)}</figcaption></figure>"
            return Piece(f'<div class="output image">{img}</div>', files=[name])
    if "text/html" in data:
        fragment = _clean_html(_text(data["text/html"]))
        return Piece(f'<div class="output html">{fragment}</div>' if fragment else "")
    if "text/markdown" in data:
        content, md = render_markdown(_text(data["text/markdown"]))
        return Piece(f'<div class="output markdown">{content}</div>', has_math=md.has_math)
    if "text/latex" in data:
        latex = _text(data["text/latex"]).strip().strip("$").strip()
        mathml = _compact(latex_to_mathml(latex, display="block"))
        return Piece(f'<div class="output math">{mathml}</div>', has_math=True)
    if "text/plain" in data:
        return Piece(f'<pre class="output text">{ansi2html(_text(data["text/plain"]))}</pre>')
    return Piece("")


def _image_size(output, mime, path):
    """Jupyter's own width/height metadata (retina figures) wins over the file's pixels."""
    metadata = output.get("metadata", {}).get(mime, {})
    if isinstance(metadata, dict) and metadata.get("width") and metadata.get("height"):
        return int(metadata["width"]), int(metadata["height"])
    return image_size(path)


def _clean_html(fragment):
    """Outputs like pandas tables bring their own <style>; the theme styles them instead.

    Empty when nothing is left to see (e.g. the output was only a script)."""
    soup = BeautifulSoup(fragment, "html.parser")
    for element in soup.find_all(["style", "script"]):
        element.decompose()
    for element in soup.find_all(style=True):
        del element["style"]
    for table in soup.find_all("table"):
        del table["border"]
        wrapper = soup.new_tag("div", attrs={"class": "table-wrap"})
        table.wrap(wrapper)
    if not soup.get_text(strip=True) and not soup.find(["img", "svg", "video", "iframe"]):
        return ""
    return str(soup)
