"""What an author writes in a Markdown file, and what a reader then sees on the page."""

import io
import re
import shutil

import pytest
from conftest import ROOT, SETTINGS, run_build
from PIL import Image

ARTICLE = """---
title: "Loops & <caches>"
date: 2026-09-14 08:30
modified: 2026-10-02
tags: [performance, c]
category: Performance
summary: "Why *order* matters."
series: Fast numerics
series_index: 1
---

Intro with inline math $O(n^3)$ and a price of $5 or $6.

## Setup

Run it:

```python
def f(x):
    return x * 2
```

```
plain text, no label
```

| n | seconds |
|---|---------|
| 512 | 0.12 |

## Theory

$$
C_{ij} = \\sum_k A_{ik} B_{kj}
$$

See [part two](second.md) and [its method](second.md#method), plus a footnote.[^1]

![A loop diagram](../images/loops.svg)

### Detail

Done.

[^1]: The footnote.
"""

SECOND = """Title: Part two
Date: 2026-09-20
Tags: performance
Series: Fast numerics
Series_index: 2

## Method

No math here, no code either.
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320" viewBox="0 0 640 320"><title>x</title></svg>'


EXTRAS = r"""---
title: Extras
date: 2026-02-01
tags: alpha, beta gamma
slug: my-extras
---

```c title="matmul.c"
int main(void) { return 0; }
```

\[
E = mc^2
\]

\begin{align}
a &= b + c \\
d &= e
\end{align}

$$
\begin{aligned}
f &= g \\
h &= i
\end{aligned}
$$

Cache line
: The unit a CPU moves between memory and its caches.
"""


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """One build of these articles, shared by the tests that only read it."""
    root = tmp_path_factory.mktemp("pair")
    files = {
        "content/articles/first.md": ARTICLE,
        "content/articles/second.md": SECOND,
        "content/articles/extras.md": EXTRAS,
        "content/images/loops.svg": SVG,
        "pelicanconf.py": SETTINGS,
    }
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    build = run_build(root / "pelicanconf.py", root / "output", root)
    assert build.returncode == 0, build.log
    return build


def build_pair(pair):
    return pair


def test_yaml_front_matter_fields_reach_the_page(pair):
    build = build_pair(pair)
    page = build.page("blog/loops-caches/")
    assert page.h1.get_text() == "Loops & <caches>"  # shown as text, not markup
    assert page.title.get_text() == "Loops & <caches> · Fixture site"
    times = page.select(".post-header time")
    assert times[0]["datetime"].startswith("2026-09-14T08:30")
    assert "Updated" in page.select_one(".post-header .meta").get_text()
    assert times[1]["datetime"].startswith("2026-10-02")
    assert [a.get_text() for a in page.select(".tags a")] == ["#performance", "#c"]
    assert page.select_one('.post-header a[href$="/category/performance/"]')
    assert page.find("meta", attrs={"name": "description"})["content"] == "Why order matters."


def test_pelican_style_header_still_works(pair):
    build = build_pair(pair)
    page = build.page("blog/part-two/")
    assert page.h1.get_text() == "Part two"
    assert [a.get_text() for a in page.select(".tags a")] == ["#performance"]


def test_title_may_come_from_the_first_heading(make_site):
    note = "---\ndate: 2026-01-05\n---\n\n# Notes on SIMD\n\nBody text.\n"
    build = make_site({"content/articles/simd.md": note})
    assert build.returncode == 0, build.log
    page = build.page("blog/notes-on-simd/")
    assert page.h1.get_text() == "Notes on SIMD"
    assert len(page.find_all("h1")) == 1


def test_math_is_mathml_and_costs_nothing_elsewhere(pair):
    build = build_pair(pair)
    first = build.page("blog/loops-caches/")
    inline = first.select(".content p math[display=inline]")
    assert inline and inline[0].find("msup")
    assert first.select_one(".content div.math math[display=block] munder")
    assert "$5 or $6" in first.get_text()  # prices are not math
    second = build.page("blog/part-two/")
    assert second.find("math") is None
    assert not second.find("script", src=True)  # no math library, no script files at all


def test_code_blocks_are_highlighted_and_labelled(pair):
    build = build_pair(pair)
    page = build.page("blog/loops-caches/")
    blocks = page.select(".content .highlight")
    assert blocks[0].select_one(".filename").get_text() == "Python"
    assert blocks[0].select_one("pre code span.k").get_text() == "def"
    assert blocks[1].select_one(".filename") is None  # no language, no label
    assert page.find("link", href=re.compile(r"/theme/css/code\.css$"))
    # The code stylesheet is only linked where there is code.
    assert not build.page("blog/part-two/").find("link", href=re.compile("code.css"))
    css = (build.output / "theme/css/code.css").read_text()
    assert ".highlight :is(" in css and "light-dark(" in css


def test_tables_footnotes_and_heading_anchors(pair):
    build = build_pair(pair)
    page = build.page("blog/loops-caches/")
    assert page.select_one(".content .table-wrap table td").get_text() == "512"
    assert page.select_one(".content .footnote li").get_text().strip().startswith("The footnote.")
    theory = page.find("h2", id="theory")
    assert theory.select_one("a.anchor")["href"] == "#theory"


def test_table_of_contents_only_for_long_articles(pair):
    build = build_pair(pair)
    toc = build.page("blog/loops-caches/").select_one("nav.toc")
    assert [a["href"] for a in toc.select("a")] == ["#setup", "#theory", "#detail"]
    assert build.page("blog/part-two/").select_one("nav.toc") is None


def test_relative_links_and_images_resolve(pair):
    build = build_pair(pair)
    page = build.page("blog/loops-caches/")
    links = {a.get_text(): a["href"] for a in page.select(".content a")}
    assert links["part two"] == "https://fixture.example.org/blog/part-two/"
    assert links["its method"] == "https://fixture.example.org/blog/part-two/#method"
    img = page.select_one(".content img")
    assert img["src"] == "https://fixture.example.org/images/loops.svg"
    assert (img["width"], img["height"]) == ("640", "320")
    assert img["loading"] == "lazy" and img["alt"] == "A loop diagram"
    assert (build.output / "images/loops.svg").exists()


def test_raster_image_gets_its_size(make_site):
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (123, 45), "white").save(png, format="PNG")
    article = "---\ntitle: Pic\ndate: 2026-01-01\n---\n\n![a pixel](../images/p.png)\n"
    build = make_site({"content/articles/pic.md": article, "content/images/p.png": png.getvalue()})
    assert build.returncode == 0, build.log
    img = build.page("blog/pic/").select_one(".content img")
    assert (img["width"], img["height"]) == ("123", "45")


def test_reading_time_and_series(pair):
    build = build_pair(pair)
    page = build.page("blog/loops-caches/")
    assert "1 min read" in page.select_one(".post-header .meta").get_text()
    series = page.select_one(".series")
    assert "Part 1 of 2" in series.get_text() and "Fast numerics" in series.get_text()
    assert series.select_one("a")["href"].endswith("/blog/part-two/")


def test_previous_and_next_articles(pair):
    build = build_pair(pair)
    older = build.page("blog/loops-caches/").select_one('.pager a[rel="next"]')
    assert older["href"].endswith("/blog/part-two/")
    newer = build.page("blog/part-two/").select_one('.pager a[rel="prev"]')
    assert newer["href"].endswith("/blog/loops-caches/")


def test_drafts_are_not_listed_or_published_in_production(tmp_path):
    """The example site's own settings: publishconf.py writes no draft, article or page,
    while pelicanconf.py keeps them for local preview under drafts/."""
    for name in ["pelicanconf.py", "publishconf.py"]:
        shutil.copy(ROOT / name, tmp_path / name)
    files = {
        "content/articles/wip.md": "---\ntitle: Half done\ndate: 2026-01-01\ndraft: true\n---\nWIP\n",
        "content/articles/ok.md": SECOND,
        "content/pages/plans.md": "---\ntitle: Secret plans\nstatus: draft\n---\nSoon.\n",
    }
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    local = run_build(tmp_path / "pelicanconf.py", tmp_path / "local/output", tmp_path)
    assert local.returncode == 0, local.log
    assert (local.output / "drafts/half-done/index.html").is_file()
    assert (local.output / "drafts/pages/secret-plans/index.html").is_file()
    published = run_build(tmp_path / "publishconf.py", tmp_path / "publish/output", tmp_path)
    assert published.returncode == 0, published.log
    written = [p.relative_to(published.output).as_posix() for p in published.output.rglob("*")]
    assert not [p for p in written if "half-done" in p or "secret-plans" in p or "drafts" in p]
    for page in published.output.rglob("*.html"):
        text = page.read_text()
        assert "Half done" not in text and "Secret plans" not in text, page
    assert (published.output / "blog/part-two/index.html").is_file()


def test_cover_image_is_the_link_preview(make_site):
    png = io.BytesIO()
    Image.new("RGB", (1200, 630), "navy").save(png, format="PNG")
    article = "---\ntitle: Covered\ndate: 2026-01-01\ncover: ../images/loops.png\n---\nText.\n"
    build = make_site(
        {"content/articles/covered.md": article, "content/images/loops.png": png.getvalue()}
    )
    assert build.returncode == 0, build.log
    page = build.page("blog/covered/")
    assert (
        page.find("meta", property="og:image")["content"]
        == "https://fixture.example.org/images/loops.png"
    )
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


def test_missing_cover_image_names_the_field(make_site):
    article = "---\ntitle: Covered\ndate: 2026-01-01\ncover: ../images/none.png\n---\nText.\n"
    build = make_site({"content/articles/covered.md": article})
    assert build.returncode == 1
    assert (
        "content/articles/covered.md:4: front matter field 'cover': no file '../images/none.png'"
        in build.log
    )


def test_a_cover_image_outside_the_site_is_refused(make_site, tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/home.png").write_bytes(b"\x89PNG private")
    article = (
        "---\ntitle: Covered\ndate: 2026-01-01\ncover: ../../../outside/home.png\n---\nText.\n"
    )
    build = make_site({"content/articles/covered.md": article})
    assert build.returncode == 1
    assert (
        "content/articles/covered.md:4: front matter field 'cover': '../../../outside/home.png' "
        "is outside the site's folder" in build.log
    ), build.log
    assert "Traceback" not in build.log


def test_email_autolinks_stay_mail_links(make_site):
    note = "---\ntitle: Contact\ndate: 2026-01-01\n---\n\nWrite to <me@example.org> & me.\n"
    build = make_site({"content/articles/contact.md": note})
    assert build.returncode == 0, build.log
    links = [a["href"] for a in build.page("blog/contact/").select(".content a")]
    assert links == ["mailto:me@example.org"]
    assert "link to" not in build.log


@pytest.mark.parametrize(
    "field, expected",
    [
        ("permalink: ../up", "front matter field 'permalink': expected a path such as"),
        ("created: someday", "front matter field 'created': cannot read 'someday' as a date"),
    ],
)
def test_obsidian_fields_are_checked_where_written(make_site, field, expected):
    note = f"---\ntags: [x]\n{field}\n---\n\nText.\n"
    build = make_site({"content/articles/note.md": note})
    assert build.returncode == 1, build.log
    assert f"content/articles/note.md:3: {expected}" in build.log
    assert "Traceback" not in build.log


def test_labels_slugs_tags_display_math_and_definition_lists(pair):
    page = pair.page("blog/my-extras/")  # the slug: of its front matter
    assert page.h1.get_text() == "Extras"
    assert [a.get_text() for a in page.select(".tags a")] == ["#alpha", "#beta gamma"]
    assert page.select_one(".content .highlight .filename").get_text() == "matmul.c"
    blocks = page.select(".content math[display=block]")
    assert len(blocks) == 3 and blocks[0].find("msup")  # \[...\], align and aligned
    assert blocks[1].find("mtable") and "\\begin" not in page.get_text()
    # aligned: the same two columns, no equation numbers, no `&` shown as text
    assert [td.get_text() for td in blocks[2].select("mtd")] == ["f", "=g", "h", "=i"]
    terms = page.select_one(".content dl")
    assert terms.dt.get_text() == "Cache line"
    assert terms.dd.get_text().startswith("The unit a CPU moves")
