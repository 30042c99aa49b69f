"""A mistake in the author's files fails the build with one clear line: file, line, fix."""

import pytest

GOOD = """---
title: A good article
date: 2026-03-01
---

Fine.
"""


def assert_clear_failure(build, *expected):
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log
    for text in expected:
        assert text in build.log, build.log


@pytest.mark.parametrize(
    "front_matter, expected",
    [
        (
            '---\ntitle: "Unclosed\ndate: 2026-03-01\n---\n',
            "content/articles/bad.md:2: invalid YAML",
        ),
        (
            "---\ntitle: Colon: in value\ndate: 2026-03-01\n---\n",
            "content/articles/bad.md:2: invalid YAML",
        ),
        (
            "---\ntitle: Tags\ndate: 2026-03-01\ntags: [a, b\n---\n",
            "content/articles/bad.md:4: invalid YAML",
        ),
        ("---\ntitle: No end\ndate: 2026-03-01\n\nBody\n", "has no closing --- line"),
    ],
)
def test_invalid_yaml_front_matter_names_file_and_line(make_site, front_matter, expected):
    build = make_site(
        {"content/articles/good.md": GOOD, "content/articles/bad.md": front_matter + "\nText\n"}
    )
    assert_clear_failure(build, expected)


@pytest.mark.parametrize("written", ["next tuesday", "2026-13-45", "14/14/2026"])
def test_unparseable_date_names_field_and_expected_format(make_site, written):
    bad = f"---\ntitle: Bad date\ndate: {written}\n---\n\nText\n"
    build = make_site({"content/articles/bad.md": bad})
    assert_clear_failure(
        build, "content/articles/bad.md:3: front matter field 'date'", repr(written), "YYYY-MM-DD"
    )


def test_unparseable_date_in_pelican_style_header(make_site):
    build = make_site({"content/articles/bad.md": "Title: Old style\nDate: someday\n\nText\n"})
    assert_clear_failure(build, "content/articles/bad.md:2: front matter field 'date'")


def test_an_undated_article_is_dated_by_its_file_and_listed_once(make_site):
    build = make_site(
        {
            "content/articles/undated.md": "---\ntitle: Undated\n---\nText\n",
            "content/pages/colophon.md": "---\ntitle: Colophon\n---\nText\n",
        }
    )
    assert build.returncode == 0, build.log
    warnings = [line for line in build.log.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "1 page(s) have no date in their front matter" in warnings[0]
    assert "    content/articles/undated.md: " in build.log and "(file modified)" in build.log
    assert "colophon" not in build.log  # a page needs no date
    time = build.page("blog/undated/").find("time")
    assert time is not None and time["datetime"][:4].isdigit()


def test_wrong_field_types_are_named(make_site):
    bad = "---\ntitle: Wrong\ndate: 2026-01-01\nslug: Not A Slug\n---\nText\n"
    build = make_site({"content/articles/bad.md": bad})
    assert_clear_failure(build, "content/articles/bad.md:4: front matter field 'slug'", "lowercase")


@pytest.mark.parametrize(
    "link, line_text",
    [
        ("[see](missing-post.md)", "'missing-post.md'"),
        ("[see]({filename}/articles/gone.md)", "'/articles/gone.md'"),
        ("![plot](../images/nope.png)", "'../images/nope.png'"),
        ("[paper]({static}/files/paper.pdf)", "'/files/paper.pdf'"),
    ],
)
def test_link_to_missing_file_fails_with_file_and_line(make_site, link, line_text):
    article = f"---\ntitle: Links\ndate: 2026-03-01\n---\n\nIntro.\n\nHere {link}.\n"
    build = make_site({"content/articles/links.md": article, "content/articles/good.md": GOOD})
    assert_clear_failure(build, f"content/articles/links.md:8: link to {line_text}")
    # Pelican's own lines for the same link are not repeated.
    assert "Unable to find" not in build.log and "modification stamp" not in build.log


def test_an_image_without_alt_text_is_one_line_naming_the_file(make_site):
    article = "---\ntitle: Pic\ndate: 2026-03-01\n---\n\n![](../images/pic.svg)\n"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    build = make_site({"content/articles/pic.md": article, "content/images/pic.svg": svg})
    assert build.returncode == 0, build.log
    assert (
        "content/articles/pic.md: image pic.svg has no alt text; say what it shows: "
        "![what it shows](…)" in build.log
    )
    assert "Empty alt attribute" not in build.log


def test_all_problems_are_reported_in_one_run(make_site):
    build = make_site(
        {
            "content/articles/a.md": "---\ntitle: A\ndate: soon\n---\nx\n",
            "content/articles/b.md": "---\ntitle: B\ndate: 2026-01-01\n---\n[x](nowhere.md)\n",
        }
    )
    assert_clear_failure(build, "content/articles/a.md:3", "content/articles/b.md:5", "2 error(s)")


def test_misspelt_field_is_a_warning_with_a_suggestion(make_site):
    text = "---\ntitle: Typo\ndate: 2026-01-01\ntag: [python]\n---\nText\n"
    build = make_site({"content/articles/typo.md": text})
    assert build.returncode == 0, build.log
    assert (
        "content/articles/typo.md:4: unknown front matter field 'tag'; did you mean 'tags'?"
        in build.log
    )


def test_strict_turns_warnings_into_failure(make_site, tmp_path):
    import subprocess
    import sys

    text = "---\ntitle: Typo\ndate: 2026-01-01\ntag: [python]\n---\nText\n"
    make_site({"content/articles/typo.md": text})
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", "build", "--strict"],
        cwd=site,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "--strict" in result.stdout + result.stderr


def test_the_build_never_writes_into_content(make_site, tmp_path):
    build = make_site({"content/articles/good.md": GOOD})
    assert build.returncode == 0, build.log
    files = sorted(
        p.relative_to(tmp_path / "site/content") for p in (tmp_path / "site/content").rglob("*")
    )
    assert [str(p) for p in files] == ["articles", "articles/good.md"]


def test_reader_settings_change_is_not_served_from_cache(tmp_path):
    from conftest import SETTINGS, run_build

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/articles/a.md").write_text(GOOD + "\nword " * 600)
    (site / "pelicanconf.py").write_text(SETTINGS)
    first = run_build(site / "pelicanconf.py", site / "output", site)
    assert "3 min read" in first.page("blog/a-good-article/").select_one(".meta").get_text()
    (site / "pelicanconf.py").write_text(SETTINGS + "WORDS_PER_MINUTE = 100\n")
    second = run_build(site / "pelicanconf.py", site / "output", site)
    assert "7 min read" in second.page("blog/a-good-article/").select_one(".meta").get_text()
