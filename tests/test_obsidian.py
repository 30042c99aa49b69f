"""Obsidian-flavoured notes on a small vault: callouts, wikilinks, embeds, highlights,
comments, tags, backlinks, unpublished notes and broken links."""

import io
import json
import re
import subprocess
import sys

import nbformat
import pytest
from conftest import SETTINGS, run_build
from PIL import Image

TYPES = [
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution",
    "attention", "failure", "fail", "missing", "danger", "error", "bug", "example",
    "quote", "cite",
]  # fmt: skip

GUIDE = """\
---
title: Guide
date: 2026-03-01
aliases: [Handbook]
---

Read [[Setup]] first, then [[Setup#Install it|the install step]], [[deep/Setup]] and
[[Über Notes]]. The key idea is ==cache blocking==.%% a private thought %% Done.

%%
A whole hidden
paragraph.
%%

| Link | Where |
|---|---|
| [[Setup\\|setup page]] | in a table |

Same page: [[#Details|see details]]. A block: [[Setup#^fact]]. Draft: [[Secret]].
Missing: [[Nowhere]] and ![[ghost.png]].

Tags: #performance and #nested/topic, not #fff, not `#code`, not https://x.org/#frag.

`[[not a link]]` and `==not marked==` and `%%not a comment%%` stay as code:

```text
[[also not]] ==nor this== %%nor this%% #nortag
> [!note] not a callout
```

> [!tip] Custom *title*
> Body with **bold**.
>
> > [!warning]
> > Nested.

> [!faq]- Folded
> Hidden until opened.

> [!example]+ Open
> Shown.

> [!mystery]
> Unknown type.

![[diagram.png|300]]
![[diagram.png|120x40]]

![[Setup#Install it]]

## Details

Details here.
"""

SETUP = """\
---
title: Setup
date: 2026-02-01
---

An important fact. ^fact

## Install it

Run `pip install`. Then see [[Guide]].

## Afterwards

Not embedded.
"""

DEEP_SETUP = "---\ntitle: Deep setup\ndate: 2026-02-02\n---\n\nThe other Setup, in a subfolder.\n"
UBER = "---\ntitle: Über Notes\ndate: 2026-02-03\n---\n\nNon-ASCII name. Back to [[Handbook]].\n"
SECRET = "---\ntitle: Secret\ndate: 2026-02-04\npublish: false\n---\n\nNot for the web.\n"
LOOP_A = "---\ntitle: Loop A\ndate: 2026-02-05\n---\n\n![[Loop B]]\n"
LOOP_B = "---\ntitle: Loop B\ndate: 2026-02-06\n---\n\nB embeds A: ![[Loop A]]\n"


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)


VAULT = {
    "pelicanconf.py": SETTINGS,
    "content/articles/Guide.md": GUIDE,
    "content/articles/Setup.md": SETUP,
    "content/articles/deep/Setup.md": DEEP_SETUP,
    "content/articles/Über Notes.md": UBER,
    "content/articles/Secret.md": SECRET,
    "content/articles/loops/Loop A.md": LOOP_A,
    "content/articles/loops/Loop B.md": LOOP_B,
    "content/articles/attachments/diagram.png": png(600, 200),
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    root = tmp_path_factory.mktemp("vault")
    write(root, VAULT)
    build = run_build(root / "pelicanconf.py", root / "output", root)
    assert build.returncode == 0, build.log
    build.root = root
    return build


def guide(vault):
    return vault.page("blog/guide/")


def links(page):
    return {a.get_text(): a["href"] for a in page.select(".content a.wikilink")}


def test_wikilinks_resolve_to_pages_headings_and_blocks(vault):
    found = links(guide(vault))
    base = "https://fixture.example.org/blog"
    assert found["Setup"] == f"{base}/setup/"
    assert found["the install step"] == f"{base}/setup/#install-it"
    assert found["deep/Setup"] == f"{base}/deep-setup/"  # same file name, other folder
    assert found["Über Notes"] == f"{base}/uber-notes/"
    assert found["setup page"] == f"{base}/setup/"  # inside a table
    assert found["Setup › fact"] == f"{base}/setup/#%5Efact"  # the id is ^fact
    same_page = guide(vault).find("a", string="see details")
    assert same_page["href"] == "#details" and guide(vault).find(id="details")
    setup = vault.page("blog/setup/")
    assert setup.find(id="^fact").get_text().strip() == "An important fact."
    assert setup.find(id="install-it")  # the heading anchor links point at


def test_titles_and_aliases_reach_a_note(vault):
    uber = vault.page("blog/uber-notes/")
    assert links(uber) == {"Handbook": "https://fixture.example.org/blog/guide/"}


def test_callouts_of_every_type(tmp_path):
    text = "---\ntitle: Callouts\ndate: 2026-01-01\n---\n\n" + "\n".join(
        f"> [!{kind}]\n> Body of {kind}.\n" for kind in TYPES
    )
    write(tmp_path, {"pelicanconf.py": SETTINGS, "content/articles/c.md": text})
    build = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert build.returncode == 0, build.log
    page = build.page("blog/callouts/")
    boxes = page.select(".callout")
    assert [box["data-callout"] for box in boxes] == TYPES
    assert boxes[2]["class"] == ["callout", "callout-abstract"]  # summary: an alias
    assert [box.select_one(".callout-title").get_text() for box in boxes[:2]] == [
        "Note",
        "Abstract",
    ]
    css = (build.output / "theme/css/callouts.css").read_text()
    for kind in ("note", "abstract", "info", "todo", "tip", "success", "question", "warning",
                 "failure", "danger", "bug", "example", "quote"):  # fmt: skip
        rule = re.search(rf"\.callout-{kind}\{{([^}}]*)\}}", css)[1]  # (minified)
        assert "light-dark(" in rule and "--icon:url(" in rule  # a colour per theme, an icon
    assert page.find("link", href=lambda h: h and h.endswith("/callouts.css"))


def test_callout_titles_folding_nesting_and_unknown_types(vault):
    page = guide(vault)
    tip = page.select_one(".callout-tip")
    assert tip.select_one(".callout-title").get_text() == "Custom title"
    assert tip.select_one(".callout-title em").get_text() == "title"
    assert tip.select_one(".callout-body strong").get_text() == "bold"
    assert tip.select_one(".callout-body .callout-warning")  # nested
    folded = page.select_one("details.callout-question")
    assert folded.summary.get_text() == "Folded" and not folded.has_attr("open")
    opened = page.select_one("details.callout-example")
    assert opened.has_attr("open")
    unknown = page.select_one('[data-callout="note"]:not(.callout-tip)')
    assert "Unknown type." in page.select(".callout-note")[-1].get_text() and unknown


def test_highlights_comments_and_code_untouched(vault):
    page = guide(vault)
    assert page.select_one(".content mark").get_text() == "cache blocking"
    html = str(page)
    assert "private thought" not in html and "A whole hidden" not in html
    codes = [code.get_text() for code in page.select(".content code")]
    assert "[[not a link]]" in codes and "==not marked==" in codes
    assert "%%not a comment%%" in codes
    block = page.select_one(".content pre").get_text()
    assert "[[also not]] ==nor this== %%nor this%% #nortag" in block
    assert "> [!note] not a callout" in block
    feed = (vault.output / "feeds/all.atom.xml").read_text()
    assert "private thought" not in feed and "A whole hidden" not in feed


def test_inline_tags_join_the_article_tags(vault):
    page = guide(vault)
    tags = [a.get_text() for a in page.select(".post-header .tags a")]
    assert "#performance" in tags and "#nested/topic" in tags
    assert "#fff" not in tags and "#code" not in tags and "#frag" not in tags
    inline = page.select_one(".content a.tag")
    assert inline.get_text() == "#performance" and inline["href"].endswith("/tags/performance/")
    assert (vault.output / "tags/performance/index.html").is_file()


def test_embeds_images_and_sections(vault):
    page = guide(vault)
    images = page.select(".content img")
    assert [(img["width"], img["height"]) for img in images] == [("300", "100"), ("120", "40")]
    assert images[0]["src"] == "https://fixture.example.org/articles/attachments/diagram.png"
    assert (vault.output / "articles/attachments/diagram.png").is_file()
    embed = page.select_one(".embed")
    assert embed.find("h2").get_text().startswith("Install it")
    assert "Run" in embed.get_text() and "Not embedded." not in embed.get_text()


def test_embed_loops_are_cut_with_a_warning(vault):
    a = vault.page("blog/loop-a/")
    assert "B embeds A" in a.get_text()
    assert a.select_one(".embed a.wikilink")["href"].endswith("/blog/loop-a/")
    assert (
        "content/articles/loops/Loop B.md:6: ![[Loop A]] would embed itself "
        "(through Loop A → Loop B); it is shown as a link instead" in vault.log
    )


def test_backlinks_list_the_pages_that_link_here(vault):
    setup = vault.page("blog/setup/")
    assert [a.get_text() for a in setup.select(".backlinks a")] == ["Guide"]
    guide_page = guide(vault)
    assert sorted(a.get_text() for a in guide_page.select(".backlinks a")) == [
        "Setup",
        "Über Notes",
    ]


def test_unpublished_notes_are_not_written_and_links_to_them_are_text(vault):
    assert not (vault.output / "blog/secret").exists()
    page = guide(vault)
    # The same markup as [[Nowhere]]: nothing on the page tells that a note "Secret" exists.
    assert [str(span) for span in page.select(".content .wikilink-missing")] == [
        '<span class="wikilink-missing">Secret</span>',
        '<span class="wikilink-missing">Nowhere</span>',
        '<span class="wikilink-missing">ghost.png</span>',
    ]
    assert "unpublished" not in str(page)
    assert "Secret" not in vault.log


def test_broken_links_are_reported_exactly_and_fail_strict(vault):
    warnings = [line for line in vault.log.splitlines() if "no note or file" in line]
    assert warnings == [
        "WARNING: content/articles/Guide.md:20: [[Nowhere]]: no note or file of that name in "
        "content/; check the spelling, or write its path (e.g. [[folder/Nowhere]])",
        "WARNING: content/articles/Guide.md:20: ![[ghost.png]]: no note or file of that name in "
        "content/; check the spelling, or write its path (e.g. [[folder/ghost.png]])",
    ]
    strict = subprocess.run(
        [sys.executable, "-m", "inkfolio", "build", "-o", "strict-output", "--strict"],
        cwd=vault.root,
        capture_output=True,
        text=True,
    )
    assert strict.returncode == 1  # publish builds strictly: a broken link stops them
    assert "[[Nowhere]]: no note or file" in strict.stdout + strict.stderr


def test_notebook_markdown_cells_speak_obsidian(tmp_path):
    """Every feature once more, in the Markdown cells of a notebook."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_raw_cell("---\ntitle: Nb\ndate: 2026-05-01\nexecute: false\n---"),
        nbformat.v4.new_markdown_cell("> [!note] From a notebook\n> See [[Setup]], ==marked==."),
        nbformat.v4.new_code_cell("x = 1  # [[not a link]] %% not a comment %%"),
        nbformat.v4.new_markdown_cell(
            "#notebooks and [[Setup#Install it|install]]. %% hidden note %%\n\n"
            "> [!faq]- Folded in a cell\n> Answer.\n\n"
            "![[diagram.png|300]]\n\n"
            "![[Setup#Install it]]\n\n"
            "Broken: [[Nowhere]]."
        ),
    ]
    files = {
        "pelicanconf.py": SETTINGS,
        "content/articles/Setup.md": SETUP,
        "content/articles/Guide.md": "---\ntitle: Guide\ndate: 2026-01-01\n---\n\nx\n",
        "notebooks/nb.ipynb": json.dumps(nbformat.from_dict(notebook), indent=1),
        "content/images/diagram.png": png(600, 200),
    }
    write(tmp_path, files)
    build = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert build.returncode == 0, build.log
    page = build.page("blog/nb/")
    assert page.select_one(".callout-note .callout-title").get_text() == "From a notebook"
    assert links(page)["Setup"] == "https://fixture.example.org/blog/setup/"
    assert page.select_one("mark").get_text() == "marked"
    assert page.find("a", string="install")["href"].endswith("/blog/setup/#install-it")
    assert (
        "hidden note" not in str(page)
        and "hidden note" not in (build.output / "feeds/all.atom.xml").read_text()
    )
    assert "[[not a link]] %% not a comment %%" in page.select_one(".content pre").get_text()
    assert [a.get_text() for a in page.select(".post-header .tags a")] == ["#notebooks"]
    assert (build.output / "tags/notebooks/index.html").is_file()
    folded = page.select_one("details.callout-question")
    assert folded.summary.get_text() == "Folded in a cell" and not folded.has_attr("open")
    assert page.find("link", href=lambda h: h and h.endswith("/callouts.css"))
    assert page.select_one(".content img[width='300'][height='100']")
    assert page.select_one(".embed h2").get_text().startswith("Install it")
    backlinks = build.page("blog/setup/").select(".backlinks a")
    assert [a.get_text() for a in backlinks] == ["Nb"]
    line = next(n for n, text in enumerate(files["notebooks/nb.ipynb"].splitlines(), 1)
                if "Broken: [[Nowhere]]" in text)  # fmt: skip
    assert f"WARNING: notebooks/nb.ipynb:{line}: [[Nowhere]]: no note or file" in build.log
