"""The example site as a reader, a feed reader and a crawler see it."""

import json
import math
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import SETTINGS, run_build

SITEURL = "https://mira-okafor.github.io"


def is_redirect(path):
    """An alias's small page that sends the reader on to the note (Obsidian Publish's)."""
    return 'http-equiv="refresh"' in path.read_text(encoding="utf-8")


def html_pages(output):
    """Every page a reader reads (not the aliases' redirect pages)."""
    return sorted(p for p in Path(output).rglob("*.html") if not is_redirect(p))


def article_pages(output):
    return sorted(p for p in (Path(output) / "blog").glob("*/index.html") if not is_redirect(p))


def test_the_example_notes_alias_redirects_to_it(example_site):
    redirect = example_site.output / "blog/numerics-checklists/index.html"
    page = soup(redirect)
    target = f"{SITEURL}/blog/field-notes-the-numerics-checklists-i-keep-in-obsidian/"
    assert page.find("link", rel="canonical")["href"] == target
    assert page.find("a")["href"] == target and page.find("script") is None


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def url_of(output, path):
    relative = path.relative_to(output).as_posix()
    return f"{SITEURL}/{relative.removesuffix('index.html')}"


def test_expected_pages_exist(example_site):
    out = example_site.output
    for relative in [
        "index.html",
        "404.html",
        "archive/index.html",
        "tags/index.html",
        "category/index.html",
        "about/index.html",
        "robots.txt",
        ".nojekyll",
        "sitemap.xml",
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "theme/css/site.css",
        "theme/favicon.svg",
    ]:
        assert (out / relative).is_file(), relative
    assert len(article_pages(out)) >= 2
    assert not (out / "CNAME").exists()  # a github.io address needs none


def test_home_lists_recent_articles_and_who_the_author_is(example_site):
    home = example_site.page("")
    assert home.h1.get_text(strip=True) == "Mira Okafor"
    listed = [a["href"] for a in home.select(".post-list h3 a")]
    assert listed and all(href.startswith(f"{SITEURL}/blog/") for href in listed)
    assert home.select_one('.links a[rel="me"]')


def test_article_pages_carry_complete_metadata(example_site):
    for path in article_pages(example_site.output):
        page = soup(path)
        url = url_of(example_site.output, path)
        title = page.h1.get_text()
        assert page.find("link", rel="canonical")["href"] == url
        meta = {
            m.get("property") or m.get("name"): m["content"]
            for m in page.find_all("meta", content=True)
        }
        assert meta["og:title"] == title and meta["og:url"] == url and meta["og:type"] == "article"
        assert meta["og:description"] and meta["description"] == meta["og:description"]
        assert meta["twitter:card"] in {"summary", "summary_large_image"}
        assert meta["article:published_time"].startswith("20")
        data = json.loads(page.find("script", type="application/ld+json").string)
        assert data["@type"] == "BlogPosting" and data["headline"] == title and data["url"] == url
        author = data["author"]  # from the résumé's basics
        assert (author["@type"], author["name"], author["url"]) == (
            "Person",
            "Mira Okafor",
            f"{SITEURL}/",
        )
        assert author["jobTitle"] == "ML systems engineer"
        assert "https://github.com/mira-okafor" in author["sameAs"]
        assert page.select_one(".post-header time")["datetime"] == data["datePublished"]
        # The reading time a reader sees is the article's words at WORDS_PER_MINUTE (230).
        minutes = re.search(r"(\d+) min read", page.select_one(".post-header .meta").get_text())
        assert minutes, path
        read = re.findall(r"\w+", page.select_one(".content").get_text(" "))
        expected = max(1, math.ceil(len(read) / 230))
        assert abs(int(minutes[1]) - expected) <= 1, (path, minutes[1], expected)
        edit = page.find("a", string=re.compile("Edit the source"))
        assert edit["href"].startswith(
            "https://github.com/mira-okafor/mira-okafor.github.io/edit/main/"
        )
        source = edit["href"].removeprefix(
            "https://github.com/mira-okafor/mira-okafor.github.io/edit/main/"
        )
        assert (example_site.root / unquote(source)).is_file(), source


def test_feeds_parse_with_full_content(example_site):
    for name in ["all.atom.xml", "all.rss.xml"]:
        feed = feedparser.parse((example_site.output / "feeds" / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert len(feed.entries) == len(article_pages(example_site.output))
        for entry in feed.entries:
            assert entry.link.startswith(f"{SITEURL}/blog/")
            body = entry.content[0].value if "content" in entry else entry.description
            # The whole article, not a summary: its page's last paragraph is in the feed.
            page = example_site.page(entry.link.removeprefix(SITEURL))
            last = page.select(".content > p")[-1].get_text(" ", strip=True)
            assert words(last) in words(BeautifulSoup(body, "html.parser").get_text(" ")), (
                entry.link
            )


def test_sitemap_lists_every_page_and_only_real_ones(example_site):
    out = example_site.output
    tree = ElementTree.parse(out / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in tree.findall(".//s:loc", ns)}
    expected = {url_of(out, p) for p in article_pages(out)}
    expected |= {f"{SITEURL}/", f"{SITEURL}/about/", f"{SITEURL}/archive/"}
    assert expected <= listed
    for url in listed:
        relative = url.removeprefix(SITEURL + "/")
        target = out / relative
        assert (target / "index.html").is_file() or target.is_file(), url
    assert f"{SITEURL}/404.html" not in listed
    assert (out / "robots.txt").read_text().endswith(f"Sitemap: {SITEURL}/sitemap.xml\n")


def local_target(output, page_path, reference, siteurl=SITEURL):
    """The output file a same-site reference points to, or None for another site."""
    relative = page_path.relative_to(output).as_posix().removesuffix("index.html")
    parts = urlsplit(urljoin(f"{siteurl}/{relative}", reference))
    if f"{parts.scheme}://{parts.netloc}" != siteurl:
        return None
    target = Path(output) / parts.path.lstrip("/")
    return target / "index.html" if parts.path.endswith("/") else target


def page_weight(output, path, siteurl=SITEURL):
    """Bytes of the HTML plus the CSS and JS it loads (images excluded)."""
    page = soup(path)
    total = path.stat().st_size
    for element in page.select('link[rel="stylesheet"], script[src]'):
        target = local_target(output, path, element.get("href") or element.get("src"), siteurl)
        total += target.stat().st_size
    return total


def test_theme_adds_little_to_an_article(example_site):
    """Everything but the article's own words, code and math: head, header, footer, CSS, JS."""
    for path in article_pages(example_site.output):
        page = soup(path)
        # The article's own words, and what is derived from them (contents, series list,
        # its project, the pages linking to it, its own BibTeX entry).
        derived = ".content, .toc, .series, .about-project, .backlinks, .cite-this"
        body = sum(len(str(part).encode()) for part in page.select(derived))
        # Notebook articles add their stylesheet (cells, outputs) and the "Run it yourself" box.
        # Every article: Google Scholar's citation_* tags, the diagram and reference styles.
        budget = 20_000 if page.select_one(".notebook-info") else 17_000
        if page.select_one(".callout"):
            budget += 6_000  # the callouts' stylesheet (colours and icons), on their pages only
        assert page_weight(example_site.output, path) - body < budget, path


def words(text):
    return " ".join(text.split())


def inline_scripts(page):
    return [s.string for s in page.find_all("script") if s.get("type") != "application/ld+json"]


def test_pages_need_no_javascript_to_read(example_site):
    # The theme's two helpers (colour theme, search shortcut), as on a page with no content.
    helpers = inline_scripts(example_site.page("404.html"))
    assert len(helpers) == 2 and "theme-toggle" in helpers[1] and "search-field" in helpers[1]
    for path in html_pages(example_site.output):
        if path.parent.name == "search":
            continue  # searching needs a script; the page says so, and links the archive
        page = soup(path)
        assert not page.find("script", src=True), path
        assert inline_scripts(page) == helpers, path  # content never brings a script
        # What the page is about is in its HTML: its title, and words under it.
        main = page.find("main")
        assert main.h1 and main.h1.get_text(strip=True), path
        assert len(words(main.get_text(" "))) > len(main.h1.get_text(" ", strip=True)) + 2, path
    for path in article_pages(example_site.output):  # an article's prose, paragraphs of it
        assert len(soup(path).select_one(".content").get_text(" ").split()) > 300, path


def test_accessibility_basics(example_site):
    for path in html_pages(example_site.output):
        page = soup(path)
        # The German CV (content/data/resume.de.yaml) is under de/; every other page is English.
        german = path.relative_to(example_site.output).parts[0] == "de"
        assert page.html.get("lang") == ("de" if german else "en"), path
        assert page.select_one('a.skip-link[href="#main"]') and page.find("main", id="main")
        assert len(page.find_all("h1")) == 1, path
        for img in page.find_all("img"):
            assert img.get("alt"), f"{path}: image without alt text"
            assert img.get("width") and img.get("height")


def test_local_build_uses_site_relative_urls(example_site_local):
    page = example_site_local.page("")
    assert page.select_one(".post-list h3 a")["href"].startswith("/blog/")
    assert not (example_site_local.output / "CNAME").exists()
    assert page.find("link", rel="canonical") is None


CANONICAL_SITE = {
    "content/articles/a.md": "---\ntitle: A\ndate: 2026-03-01\n---\n\nText.\n",
    "content/pages/about.md": "---\ntitle: About\n---\n\nHi.\n",
}
# The home page, an article, a page and a listing.
CANONICAL_PAGES = ["", "blog/a/", "about/", "archive/"]


def canonical_and_og_url(page):
    link = page.find("link", rel="canonical")
    og_url = page.find("meta", property="og:url")
    return (link and link["href"], og_url and og_url["content"])


@pytest.mark.parametrize(
    "siteurl, expected",
    [
        ("https://mira.dev", "https://mira.dev/{}"),
        ("https://mira.github.io/blog/", "https://mira.github.io/blog/{}"),
    ],
)
def test_canonical_url_is_absolute_with_a_siteurl(make_site, siteurl, expected):
    settings = f"from inkfolio.defaults import *\nSITENAME='S'\nSITEURL='{siteurl}'\n"
    build = make_site(CANONICAL_SITE, settings)
    assert build.returncode == 0, build.log
    for url_path in CANONICAL_PAGES:
        url = expected.format(url_path)
        assert canonical_and_og_url(build.page(url_path)) == (url, url), url_path


def test_local_build_writes_no_relative_canonical(make_site):
    """A relative canonical (href="/") costs Lighthouse's SEO score: better none at all."""
    build = make_site(CANONICAL_SITE, "from inkfolio.defaults import *\nSITENAME='S'\n")
    assert build.returncode == 0, build.log
    for url_path in CANONICAL_PAGES:
        assert canonical_and_og_url(build.page(url_path)) == (None, None), url_path


@pytest.mark.parametrize(
    "siteurl, cname",
    [
        ("https://www.mira.dev", "www.mira.dev\n"),
        ("https://mira.github.io/blog", None),
    ],
)
def test_cname_written_for_custom_domains_only(make_site, siteurl, cname):
    settings = f"from inkfolio.defaults import *\nSITENAME='S'\nSITEURL='{siteurl}'\n"
    build = make_site({"content/pages/about.md": "---\ntitle: About\n---\nHi\n"}, settings)
    assert build.returncode == 0, build.log
    path = build.output / "CNAME"
    assert (path.read_text() if path.exists() else None) == cname


def test_404_page_works_from_any_depth(example_site):
    page = example_site.page("404.html")
    assert page.h1.get_text() == "Page not found"
    for element in page.select("link[href], a[href]"):
        href = element["href"]
        assert href.startswith(("https://", "mailto:", "/", "#")), (
            href
        )  # absolute: served at any path


PHONES_HOME = """\
import urllib.request
from pelican import signals

def ask_github(pelican):
    try:
        urllib.request.urlopen("https://api.github.com/users/ada", timeout=5)
    except OSError:
        pass  # a plugin that hides its failure is caught all the same

def register():
    signals.initialized.connect(ask_github)
"""


def test_a_build_that_talks_to_another_machine_is_caught(tmp_path):
    """Every test build runs offline (tests/offline/): the example site's builds above
    prove that a build never talks to GitHub; this proves the guard would notice."""
    (tmp_path / "plugins").mkdir()
    (tmp_path / "content/pages").mkdir(parents=True)
    (tmp_path / "content/pages/about.md").write_text("---\ntitle: About\n---\n\nHi.\n")
    (tmp_path / "plugins/phones_home.py").write_text(PHONES_HOME)
    settings = SETTINGS + 'PLUGIN_PATHS = ["plugins"]\nPLUGINS += ["phones_home"]\n'
    (tmp_path / "pelicanconf.py").write_text(settings)
    build = run_build(
        tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path, allow_outgoing=True
    )
    assert build.returncode == 0, build.log
    assert build.outgoing == ["api.github.com:443"]
