"""Projects: cards, pages, technology filters, links with articles, and bad data."""

import json

import pytest
from conftest import SETTINGS, run_build


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


ALPHA = """\
---
title: Alpha engine
summary: "A fast engine."
status: active
role: Author
started: 2024-03
stack: [Python, C++]
links:
  - {type: repo, url: "https://github.com/ada/alpha"}
  - {type: demo, url: "https://ada.example.org/alpha", label: "Try it"}
highlights: ["3× faster than the baseline"]
featured: true
---

Alpha's write-up, with a [link to the post](../articles/post.md).
"""

BETA = """\
---
title: Beta tool
summary: "A small tool."
status: archived
started: 2021
ended: 2022
stack: [C, Python]
links: {paper: "https://arxiv.org/abs/2101.00001"}
---

Beta's write-up.
"""

EVIL = """\
---
title: "<script>alert(1)</script> Evil"
summary: "<script>alert(2)</script>"
stack: ["<script>x</script>"]
highlights: ["<script>alert(3)</script>"]
---

Body.
"""

DRAFT = """\
---
title: Secret plan
summary: Not yet.
draft: true
---
"""

POST = """\
---
title: Building Alpha
date: 2026-02-01
project: alpha
---

How Alpha was built.
"""

POST_BOTH = """\
---
title: Alpha and Beta compared
date: 2026-03-01
project: [alpha, beta]
---

Both.
"""

FILES = {
    "pelicanconf.py": SETTINGS,
    "content/projects/alpha.md": ALPHA,
    "content/projects/beta.md": BETA,
    "content/projects/evil.md": EVIL,
    "content/projects/draft.md": DRAFT,
    "content/articles/post.md": POST,
    "content/articles/both.md": POST_BOTH,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio")
    write(root, FILES)
    build = run_build(root / "pelicanconf.py", root / "output", root)
    assert build.returncode == 0, build.log
    return build


def card_titles(page):
    return [card.select_one(".card-title").get_text(strip=True) for card in page.select(".card")]


def test_every_project_has_a_card_and_a_page(site):
    index = site.page("projects/")
    titles = card_titles(index)
    assert titles[0] == "Alpha engine"  # featured first
    assert sorted(titles) == sorted(["Alpha engine", "Beta tool", "<script>alert(1)</script> Evil"])
    for slug, title in [("alpha", "Alpha engine"), ("beta", "Beta tool")]:
        page = site.page(f"projects/{slug}/")
        assert page.h1.get_text() == title
    assert not (site.output / "projects/draft").exists()
    assert "Secret plan" not in str(index)


def test_card_shows_status_stack_and_typed_links(site):
    card = site.page("projects/").select(".card")[0]
    assert card.select_one(".status").get_text() == "Active"
    assert [a.get_text() for a in card.select(".chips a")] == ["Python", "C++"]
    links = {a.get_text(): a["href"] for a in card.select(".card-links a")}
    assert links == {
        "Source": "https://github.com/ada/alpha",
        "Try it": "https://ada.example.org/alpha",
    }
    beta = site.page("projects/beta/")
    assert "2021 – 2022" in beta.get_text()
    assert beta.select_one(".card-links a").get_text() == "Paper"


def test_technology_pages_filter_without_javascript(site):
    def listed(url):
        return sorted(card_titles(site.page(url)))

    assert listed("projects/tech/python/") == ["Alpha engine", "Beta tool"]
    assert listed("projects/tech/c/") == ["Beta tool"]  # C and C++ are different pages
    assert listed("projects/tech/c-plus-plus/") == ["Alpha engine"]
    canonical = site.page("projects/tech/c/").find("link", rel="canonical")["href"]
    assert canonical == "https://fixture.example.org/projects/tech/c/"
    filters = site.page("projects/tech/c/").select(".filters a")
    current = [a for a in filters if a.get("aria-current")]
    assert [a.get_text(" ", strip=True) for a in current] == ["C 1"]
    assert not site.page("projects/").find_all("script", src=True)


def test_project_and_article_link_both_ways(site):
    alpha = site.page("projects/alpha/")
    about = [a.get_text() for a in alpha.select("#articles-title ~ .post-list h3 a")]
    assert about == ["Alpha and Beta compared", "Building Alpha"]  # newest first
    beta = site.page("projects/beta/")
    assert [a.get_text() for a in beta.select(".post-list h3 a")] == ["Alpha and Beta compared"]
    post = site.page("blog/building-alpha/")
    back = post.select_one(".about-project a")
    assert back.get_text() == "Alpha engine" and back["href"].endswith("/projects/alpha/")
    assert len(site.page("blog/alpha-and-beta-compared/").select(".about-project a")) == 2
    # The write-up's relative link to the article became its URL.
    assert alpha.select_one(".content a")["href"].endswith("/blog/building-alpha/")


def test_project_structured_data(site):
    alpha = site.page("projects/alpha/")
    data = json.loads(alpha.find("script", type="application/ld+json").string)
    assert data["@type"] == "SoftwareSourceCode"
    assert data["codeRepository"] == "https://github.com/ada/alpha"
    assert data["name"] == "Alpha engine" and data["description"] == "A fast engine."
    beta = site.page("projects/beta/")
    assert json.loads(beta.find("script", type="application/ld+json").string)["@type"] == (
        "CreativeWork"
    )
    assert alpha.find("meta", property="og:title")["content"] == "Alpha engine"


def test_markup_in_project_data_is_text(site):
    chip = site.page("projects/evil/").select_one(".chips a")
    assert chip.get_text() == "<script>x</script>"
    tech_page = chip["href"].split("fixture.example.org/")[1]
    for url in ("projects/", "projects/evil/", tech_page):
        page = site.page(url)
        # The only scripts are the theme's own and JSON-LD data.
        for script in page.find_all("script"):
            assert "alert" not in (script.string or "") or script.get("type") == (
                "application/ld+json"
            )
    evil = site.page("projects/evil/")
    assert evil.h1.get_text() == "<script>alert(1)</script> Evil"
    assert "<script>alert(3)</script>" in evil.select_one(".highlights").get_text()


def test_home_page_shows_featured_projects(site):
    home = site.page("")
    assert card_titles(home) == ["Alpha engine"]
    nav = [a.get_text() for a in home.select("header nav a")]
    assert "Projects" in nav


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "status.md",
            "---\ntitle: X\nsummary: s\nstatus: finished\n---\n",
            "status.md:4: front matter field 'status': expected one of active, maintained, shipped, archived, got 'finished'",
        ),
        (
            "flag.md",
            "---\ntitle: X\nsummary: s\nfeatured: maybe\n---\n",
            "flag.md:4: front matter field 'featured': expected true or false",
        ),
        ("nosummary.md", "---\ntitle: X\n---\n", "nosummary.md:1: missing 'summary'"),
        ("notitle.md", "---\nsummary: s\n---\nNo heading.\n", "notitle.md:1: missing 'title'"),
        (
            "link.md",
            "---\ntitle: X\nsummary: s\nlinks:\n  - {type: blog, url: 'https://x.org'}\n---\n",
            "link.md:4: front matter field 'links': links entry 1, 'type'",
        ),
        (
            "date.md",
            "---\ntitle: X\nsummary: s\nstarted: March 2024\n---\n",
            "date.md:4: front matter field 'started': expected a date as 2024, 2024-03 or 2024-03-15",
        ),
    ],
)
def test_invalid_project_fails_naming_file_and_field(tmp_path, name, text, expected):
    write(tmp_path, {"pelicanconf.py": SETTINGS, f"content/projects/{name}": text})
    build = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert build.returncode == 1, build.log
    assert f"content/projects/{expected}" in build.log, build.log
    assert "Traceback" not in build.log


def test_article_naming_an_unknown_project_fails(tmp_path):
    files = {**FILES, "content/articles/post.md": POST.replace("project: alpha", "project: alfa")}
    write(tmp_path, files)
    build = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert build.returncode == 1
    assert "content/articles/post.md:4: front matter field 'project': no project 'alfa'" in (
        build.log
    )
    assert "known projects: alpha, beta, evil" in build.log


def test_example_projects_index_is_light(example_site):
    index = example_site.output / "projects/index.html"
    css = [
        example_site.output / "theme/css/site.css",
        example_site.output / "theme/css/portfolio.css",
    ]
    total = index.stat().st_size + sum(path.stat().st_size for path in css)
    assert total < 40_000, total
    page = example_site.page("projects/")
    assert len(page.select(".card")) == len(
        list((example_site.root / "content/projects").glob("*.md"))
    )
    assert not page.find_all("script", src=True)


def test_featured_projects_follow_their_order(tmp_path):
    """`order:` sorts featured projects, before the most recent; unordered ones come last."""

    def project(title, started, order=None):
        extra = f"order: {order}\n" if order is not None else ""
        return (
            f'---\ntitle: {title}\nsummary: "S."\nstarted: {started}\nfeatured: true\n{extra}---\n'
        )

    write(
        tmp_path,
        {
            "pelicanconf.py": SETTINGS,
            "content/projects/zeta.md": project("Zeta", "2020", order=1),
            "content/projects/alpha.md": project("Alpha", "2025", order=2),
            "content/projects/newest.md": project("Newest", "2026-05"),
        },
    )
    build = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert build.returncode == 0, build.log
    assert card_titles(build.page("projects/")) == ["Zeta", "Alpha", "Newest"]
    assert card_titles(build.page("")) == ["Zeta", "Alpha", "Newest"]
