"""Search: the Pagefind index written after the build, what it covers, the search page,
and a site that turns search off. (Searching in a browser: tests/test_browser.py.)"""

import json
import shutil

import pytest
from conftest import SETTINGS, run_build
from test_site import SITEURL, html_pages, soup

ARTICLE = "blog/why-loop-order-makes-matrix-multiplication-10x-faster/"
NOTEBOOK_ARTICLE = "blog/how-fast-is-memory-measuring-the-cache-hierarchy-from-numpy/"
INDEXED = [ARTICLE, NOTEBOOK_ARTICLE, "about/", "projects/tinygemm/", "open-source/", "cv/"]
LISTS = ["", "archive/", "tags/", "projects/", "search/"]

ARTICLE_FILE = """\
---
title: Quaternions for rotation
date: 2026-01-02
---
Gimbal lock never happens with a quaternion.
"""


def test_the_index_covers_every_marked_page(example_site):
    bundle = example_site.output / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    marked = [p for p in html_pages(example_site.output) if soup(p).select("[data-pagefind-body]")]
    assert indexed == len(marked)


@pytest.mark.parametrize("path", INDEXED)
def test_content_pages_mark_their_words_for_the_index(example_site, path):
    body = example_site.page(path).select("[data-pagefind-body]")
    assert len(body) == 1 and body[0].find("h1"), path


@pytest.mark.parametrize("path", LISTS)
def test_lists_are_not_indexed(example_site, path):
    assert not example_site.page(path).select("[data-pagefind-body]")


def test_search_page_is_a_plain_form(example_site):
    page = example_site.page("search/")
    form = page.select_one("form[role=search]")
    assert form["method"] == "get" and form["action"] == f"{SITEURL}/search/"
    field = form.select_one("input[name=q]")
    assert page.select_one(f"label[for={field['id']}]")
    assert form["data-bundle"] == f"{SITEURL}/pagefind/"
    assert page.select_one('script[src$="/js/search.js"][defer]')
    assert page.select_one('meta[name=robots][content="noindex"]')


def test_every_page_links_the_search_page(example_site):
    for path in html_pages(example_site.output):
        page = soup(path)
        assert page.select_one(f'nav a[href="{SITEURL}/search/"]'), path


def test_search_can_be_turned_off(make_site):
    build = make_site({"content/articles/q.md": ARTICLE_FILE}, SETTINGS + "SEARCH = False\n")
    assert build.returncode == 0, build.log
    assert not (build.output / "pagefind").exists()
    assert not (build.output / "search").exists()
    page = build.page("blog/quaternions-for-rotation/")
    assert "Search" not in page.nav.get_text()
    assert "keydown" not in str(page)


def test_a_small_site_is_indexed_too(make_site):
    build = make_site({"content/articles/q.md": ARTICLE_FILE})
    assert build.returncode == 0, build.log
    entry = json.loads((build.output / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1


def test_the_index_is_rebuilt_only_when_a_page_changed(tmp_path):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/articles/q.md").write_text(ARTICLE_FILE)
    (site / "pelicanconf.py").write_text(SETTINGS + "SOCIAL_CARDS = False\n")

    def build(*settings):
        result = run_build(
            site / "pelicanconf.py", site / "output", site, *settings, flags=["--verbose"]
        )
        assert result.returncode == 0, result.log
        entry = json.loads((result.output / "pagefind" / "pagefind-entry.json").read_text())
        return result.log, entry["languages"]["en"]["page_count"]

    log, pages = build()
    assert "Search: indexed" in log and pages == 1
    log, pages = build("DEFAULT_PAGINATION=false")  # built in full, the same pages
    assert "the index is kept" in log and pages == 1
    (site / "content/articles/r.md").write_text(ARTICLE_FILE.replace("Quaternions", "Rotors"))
    log, pages = build()
    assert "Search: indexed" in log and pages == 2
    shutil.rmtree(site / "output" / "pagefind")
    log, pages = build()
    assert "Search: indexed" in log and pages == 2
