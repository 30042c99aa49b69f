"""Two sources that would be written at one address fail the build with one line naming
both, before anything is written; the rest of the site is still written whole."""

import json

import pytest
from conftest import SETTINGS

SITE = "https://fixture.example.org"


def article(title, date="2026-03-01", **fields):
    extra = "".join(f"{name}: {value}\n" for name, value in fields.items())
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\nText of {title}.\n"


def page(title, **fields):
    extra = "".join(f"{name}: {value}\n" for name, value in fields.items())
    return f"---\ntitle: {title}\n{extra}---\n\nText of {title}.\n"


PROJECT = "---\ntitle: Tiny\nsummary: A tiny project.\n---\n\nAbout Tiny.\n"


def error_lines(build):
    return [line for line in build.log.splitlines() if line.startswith("ERROR")]


def assert_one_clear_line(build, line):
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log
    assert error_lines(build) == [f"ERROR: {line}"], build.log
    assert "Build failed: 1 error(s), listed above." in build.log
    assert (build.output / "index.html").is_file()  # the rest of the site was written


def test_two_articles_with_one_slug(make_site):
    build = make_site(
        {
            "content/articles/one.md": article("One", "2026-01-01", slug="same"),
            "content/articles/two.md": article("Two", "2026-01-02", slug="same"),
        }
    )
    assert_one_clear_line(
        build,
        "content/articles/two.md and content/articles/one.md would both be written at "
        f"{SITE}/blog/same/ (output/blog/same/index.html): "
        "give one of them another slug: in its front matter.",
    )
    # Pelican's own warnings about the pair ("There are 2 items...") say less: dropped.
    assert "There are 2" not in build.log
    assert build.page("blog/same/").h1.get_text() == "Two"


def test_two_drafts_with_one_slug(make_site):
    build = make_site(
        {
            "content/articles/one.md": article("One", slug="same", status="draft"),
            "content/articles/two.md": article("Two", slug="same", status="draft"),
            "content/articles/fine.md": article("Fine"),
        }
    )
    assert build.returncode == 1, build.log
    assert f"would both be written at {SITE}/drafts/same/ " in build.log
    assert "Traceback" not in build.log


@pytest.mark.parametrize(
    "files, line",
    [
        pytest.param(
            {
                "content/articles/about.md": article(
                    "About me", save_as="about/index.html", url="about/"
                ),
                "content/pages/about.md": page("About"),
            },
            "content/articles/about.md and content/pages/about.md would both be written at "
            f"{SITE}/about/ (output/about/index.html): give content/pages/about.md another "
            "slug: in its front matter, or change save_as: in content/articles/about.md.",
            id="article-and-page",
        ),
        pytest.param(
            {
                "content/articles/a.md": article("A"),
                "content/pages/over.md": page("Over", save_as="blog/a/index.html"),
            },
            "content/articles/a.md and content/pages/over.md would both be written at "
            f"{SITE}/blog/a/ (output/blog/a/index.html): change save_as: in "
            "content/pages/over.md, or give content/articles/a.md another slug: in its "
            "front matter.",
            id="page-save-as-on-an-article",
        ),
        pytest.param(
            {
                "content/projects/tiny.md": PROJECT,
                "content/pages/tiny.md": page("Tiny page", save_as="projects/tiny/index.html"),
            },
            "content/pages/tiny.md and content/projects/tiny.md would both be written at "
            f"{SITE}/projects/tiny/ (output/projects/tiny/index.html): give "
            "content/projects/tiny.md another slug: in its front matter, or change save_as: "
            "in content/pages/tiny.md.",
            id="project-and-page",
        ),
        pytest.param(
            {"content/projects/tiny.md": PROJECT, "content/pages/projects.md": page("Projects")},
            "the list of projects (PROJECTS_SAVE_AS) and content/pages/projects.md would both "
            f"be written at {SITE}/projects/ (output/projects/index.html): give "
            "content/pages/projects.md another slug: in its front matter.",
            id="page-on-the-projects-index",
        ),
        pytest.param(
            {"content/pages/archive.md": page("Archive")},
            "the list of all articles (ARCHIVES_SAVE_AS) and content/pages/archive.md would "
            f"both be written at {SITE}/archive/ (output/archive/index.html): give "
            "content/pages/archive.md another slug: in its front matter.",
            id="page-on-the-archive",
        ),
    ],
)
def test_content_clash_is_one_line_naming_both(make_site, files, line):
    build = make_site(files)
    assert_one_clear_line(build, line)


def test_static_file_on_a_page(make_site):
    placed = {"extra/about.html": {"path": "about/index.html"}}
    settings = SETTINGS + f"EXTRA_PATH_METADATA = {json.dumps(placed)}\n"
    build = make_site(
        {"content/pages/about.md": page("About"), "content/extra/about.html": "<p>Hand-made</p>"},
        settings,
    )
    assert_one_clear_line(
        build,
        "content/pages/about.md and content/extra/about.html would both be written at "
        f"{SITE}/about/ (output/about/index.html): change where EXTRA_PATH_METADATA puts "
        "content/extra/about.html, or give content/pages/about.md another slug: in its "
        "front matter.",
    )
    assert build.page("about/").h1.get_text() == "About"  # the page, not the static copy


def test_a_page_placed_on_the_home_page_replaces_it(make_site):
    """Pelican's recipe for a page as home page: ``save_as: index.html``."""
    build = make_site(
        {
            "content/pages/home.md": page("Welcome", save_as="index.html", url=""),
            "content/articles/a.md": article("A"),
        }
    )
    assert build.returncode == 0, build.log
    assert build.page("").h1.get_text() == "Welcome"


def test_same_slug_at_different_addresses_keeps_pelicans_warning(make_site):
    settings = SETTINGS + (
        'ARTICLE_URL = "blog/{date:%Y}/{slug}/"\n'
        'ARTICLE_SAVE_AS = "blog/{date:%Y}/{slug}/index.html"\n'
    )
    build = make_site(
        {
            "content/articles/old.md": article("Old", "2025-01-01", slug="notes"),
            "content/articles/new.md": article("New", "2026-01-01", slug="notes"),
        },
        settings,
    )
    assert build.returncode == 0, build.log
    assert "There are 2 original (not translated) items" in build.log
    assert (build.output / "blog/2025/notes/index.html").is_file()
    assert (build.output / "blog/2026/notes/index.html").is_file()
