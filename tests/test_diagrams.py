"""Mermaid and Graphviz fences become inline SVG at build time: real mermaid-cli driving
Debian's chromium, real ``dot``, real builds into tmp_path."""

import gzip
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, SETTINGS, run_build
from test_site import page_weight

MMDC = ROOT / "node_modules" / ".bin" / "mmdc"
# On CI a missing renderer fails these tests: skipped, they would go green unseen.
needs_mermaid = pytest.mark.skipif(
    not MMDC.exists() and not os.environ.get("CI"), reason="npm ci has not installed mmdc"
)
needs_dot = pytest.mark.skipif(
    not shutil.which("dot") and not os.environ.get("CI"), reason="Graphviz is not installed"
)

FLOWCHART = """\
```mermaid
%% alt: The reader asks the cache; a miss renders the page
flowchart LR
  Reader --> Cache{Cached?}
  Cache -->|hit| Page
  Cache -->|miss| Render --> Page
```
"""
SEQUENCE = """\
```mermaid caption="The handshake"
sequenceDiagram
  Browser->>Server: GET /index.html
  Server-->>Browser: 200 OK
```
"""
GRAPH = """\
```dot
// alt: Three stages in a row
digraph { read -> render -> write }
```
"""


def article(title, body, front=""):
    return f"---\ntitle: {title}\ndate: 2026-05-01\n{front}---\n\nSome words first.\n\n{body}"


def settings(**extra):
    lines = [SETTINGS, f'MERMAID_CLI = "{MMDC}"']
    lines += [f"{name} = {value!r}" for name, value in extra.items()]
    return "\n".join(lines) + "\n"


def write_site(root, files, conf=None):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "pelicanconf.py").write_text(conf or settings(), encoding="utf-8")
    return root


def build(root, *extra):
    return run_build(root / "pelicanconf.py", root / "output", root, *extra)


def notebook_with_markdown(title, markdown):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_raw_cell(f"---\ntitle: {title}\ndate: 2026-04-01\nexecute: false\n---"),
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell("x = 1"),
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nbformat.writes(notebook)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """One site with a diagram in every kind of source, built twice (cold, then cached)."""
    root = write_site(
        tmp_path_factory.mktemp("diagrams") / "site",
        {
            "content/articles/flow.md": article("Flow", FLOWCHART + "\n" + SEQUENCE + "\n" + GRAPH),
            "content/articles/plain.md": article("Plain", "No diagram here."),
            # An Obsidian note: title from its heading, the diagram inside a callout.
            "content/articles/Vault note.md": "---\ndate: 2026-05-02\n---\n# Vault note\n\n"
            "> [!info] How it flows\n> ```mermaid\n> flowchart TD\n>   Vault --> Site\n> ```\n",
            "notebooks/cells.ipynb": notebook_with_markdown(
                "Cells",
                "A diagram in a Markdown cell:\n\n```mermaid\nflowchart LR\n  Kernel --> Output\n```",
            ),
        },
    )
    cold = build(root)
    # The second build draws nothing: with no browser at all, it must still show SVGs.
    cached = build(root, 'MERMAID_BROWSER="/nonexistent/chromium"')
    return root, cold, cached


@needs_mermaid
@needs_dot
def test_flowchart_and_sequence_diagram_are_inline_svg(drawn):
    root, cold, _ = drawn
    assert cold.returncode == 0, cold.log
    page = cold.page("blog/flow/")
    figures = page.select(".content figure.diagram")
    assert [f["class"][1] for f in figures] == ["diagram-mermaid", "diagram-mermaid", "diagram-dot"]
    flow, sequence, graph = (f.select_one("svg") for f in figures)
    # Text a search index and a screen reader can read, not pixels.
    assert {"Reader", "Cached?", "hit", "miss", "Render"} <= set(flow.get_text(" ").split(" "))
    assert "GET /index.html" in sequence.get_text(" ")
    assert flow["aria-label"] == "The reader asks the cache; a miss renders the page"
    assert sequence["aria-label"] == "The handshake"
    assert figures[1].select_one("figcaption").get_text() == "The handshake"
    assert graph["aria-label"] == "Three stages in a row"
    assert not page.select(".content pre.diagram-source")
    assert "<!--diagram" not in str(page)


@needs_mermaid
@needs_dot
def test_diagrams_fit_a_phone_and_both_colour_schemes(drawn):
    _, cold, _ = drawn
    page = cold.page("blog/flow/")
    for svg in page.select("figure.diagram svg"):
        # No fixed size: the viewBox keeps the shape, the column sets the width.
        assert svg.get("viewbox") and not svg.get("width") and not svg.get("height")
        assert "max-width" in svg["style"]
    graph = page.select_one(".diagram-dot svg")
    assert graph["fill"] == "currentColor"
    assert 'stroke="black"' not in str(graph) and 'fill="white"' not in str(graph)
    stylesheet = (cold.output / "theme/css/site.css").read_text()
    assert "prefers-color-scheme:dark" in stylesheet.replace(" ", "")
    assert ".diagram-mermaid svg" in stylesheet


@needs_mermaid
@needs_dot
def test_ids_are_unique_on_the_page(drawn):
    _, cold, _ = drawn
    page = cold.page("blog/flow/")
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids))


@needs_mermaid
def test_diagram_in_an_obsidian_note_and_a_notebook_cell(drawn):
    _, cold, _ = drawn
    note = cold.page("blog/vault-note/")
    assert note.select_one(".callout figure.diagram-mermaid svg"), note.select_one(".content")
    assert "Vault" in note.select_one("figure.diagram").get_text(" ")
    cells = cold.page("blog/cells/")
    assert "Kernel" in cells.select_one(".content figure.diagram-mermaid svg").get_text(" ")


@needs_mermaid
@needs_dot
def test_a_page_with_diagrams_has_no_script_of_its_own_and_stays_light(drawn):
    _, cold, _ = drawn
    with_diagrams, without = cold.page("blog/flow/"), cold.page("blog/plain/")

    def scripts(page):
        found = page.find_all("script")
        return [(s.get("src"), s.string) for s in found if s.get("type") != "application/ld+json"]

    assert scripts(with_diagrams) == scripts(without)  # only the theme's toggle
    assert not with_diagrams.select(".content script, .content foreignObject")
    path = cold.output / "blog/flow/index.html"
    assert page_weight(cold.output, path, "https://fixture.example.org") < 40_000


@needs_mermaid
@needs_dot
def test_unchanged_diagrams_come_from_the_cache(drawn):
    root, cold, cached = drawn
    assert cached.returncode == 0, cached.log
    assert len(list((root / ".cache/diagrams").glob("*.svg"))) == 5
    assert "shown as code" not in cached.log
    assert cached.page("blog/flow/").select_one(".diagram-mermaid svg") is not None
    first = cold.page("blog/flow/").select_one(".content")
    # The same drawing, byte for byte, without a browser.
    assert str(cached.page("blog/flow/").select_one(".content")) == str(first)


@needs_mermaid
def test_a_mermaid_syntax_error_names_the_file_and_line(tmp_path):
    body = "Intro.\n\n```mermaid\nflowchart LR\n  A --> B\n  B --> C -->\n```\n"
    root = write_site(tmp_path / "site", {"content/articles/broken.md": article("Broken", body)})
    result = build(root)
    assert result.returncode == 1
    error = next(line for line in result.log.splitlines() if "cannot draw" in line)
    assert "content/articles/broken.md:13:" in error  # the line with the mistake
    assert "Mermaid cannot draw this diagram: Parse error on line" in error
    assert "Traceback" not in result.log
    # The page keeps the code, never a half-drawn diagram.
    page = result.page("blog/broken/")
    assert "B --> C -->" in page.select_one("pre.diagram-source").get_text()
    assert not page.select("figure.diagram")


@needs_dot
def test_a_graphviz_syntax_error_names_the_file_and_line(tmp_path):
    body = "```dot\ndigraph { a -> ; }\n```\n"
    root = write_site(tmp_path / "site", {"content/articles/bad.md": article("Bad", body)})
    result = build(root)
    assert result.returncode == 1
    assert (
        "content/articles/bad.md:9: Graphviz cannot draw this diagram: syntax error" in result.log
    )


def test_without_a_renderer_the_code_block_stays_and_the_build_says_so_once(tmp_path):
    body = FLOWCHART + "\n" + SEQUENCE + "\n" + GRAPH
    root = write_site(
        tmp_path / "site",
        {"content/articles/flow.md": article("Flow", body)},
        settings(MERMAID_CLI="no-such-mmdc", GRAPHVIZ_DOT="no-such-dot"),
    )
    result = build(root)
    assert result.returncode == 0, result.log
    warnings = [line for line in result.log.splitlines() if "shown as code" in line]
    assert len(warnings) == 2, warnings
    assert "2 Mermaid diagram(s) shown as code: no no-such-mmdc command" in warnings[0]
    page = result.page("blog/flow/")
    code = [pre.get_text() for pre in page.select(".content pre.diagram-source")]
    assert len(code) == 3 and "sequenceDiagram" in code[1]
    assert "<!--diagram" not in str(page)


def test_an_ordinary_code_block_with_mermaid_words_is_not_a_diagram(tmp_path):
    body = "````markdown\n```mermaid\nflowchart LR\n  A --> B\n```\n````\n"
    root = write_site(
        tmp_path / "site",
        {"content/articles/howto.md": article("How to", body)},
        settings(MERMAID_CLI=False, GRAPHVIZ_DOT=False),
    )
    result = build(root)
    assert result.returncode == 0, result.log
    assert "shown as code" not in result.log
    assert "```mermaid" in result.page("blog/how-to/").select_one(".content pre").get_text()


def test_mermaid_batch_script_ships_with_the_engine():
    import inkfolio.plugins.diagrams.mermaid as mermaid

    assert Path(mermaid.SCRIPT).is_file()


def indexed_text(output, title):
    """What Pagefind indexed of a page: its fragment files are gzipped JSON."""
    for path in (output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{") :])
        if fragment["meta"].get("title") == title:
            return fragment["content"]
    raise AssertionError(f"no page {title!r} in the search index")


@needs_mermaid
@needs_dot
def test_search_finds_the_words_of_a_diagram(drawn):
    _, cold, _ = drawn
    text = indexed_text(cold.output, "Flow")
    assert "Cached?" in text and "GET /index.html" in text and "Render" in text
    assert "flowchart LR" not in text  # the drawing's words, not its source
    assert "@misc" not in text  # nor the "Cite this article" entry
