"""The /open-source/ page, its filters and the home-page block, built from the data file."""

import pytest
import yaml
from conftest import SETTINGS, run_build


def entry(repo, number, state="merged", language="Python", stars=100, **extra):
    return {
        "repo": repo,
        "repo_description": f"About {repo}",
        "repo_stars": stars,
        "repo_language": language,
        "kind": "pull_request",
        "number": number,
        "title": f"Change {number}",
        "url": f"https://github.com/{repo}/pull/{number}",
        "state": state,
        "opened": f"2026-01-0{number % 9 + 1}",
        "closed": f"2026-02-0{number % 9 + 1}" if state != "open" else None,
        "additions": 10,
        "deletions": 5,
        **extra,
    }


DATA = {
    "user": "ada",
    "contributions": [
        entry(
            "numpy/numpy",
            1,
            stars=30000,
            note="It <script>alert(1)</script> mattered",
            highlight=True,
        ),
        entry("numpy/numpy", 2, state="open", stars=30000),
        entry("rust-lang/rust", 3, language="Rust", stars=90000),
        entry("torvalds/linux", 4, state="closed", language="C", stars=180000),
        entry("numpy/numpy", 5, stars=30000, hidden=True, title="Secret typo fix"),
        entry("apache/arrow", 6, language="C++", stars=14000, title="<script>alert(2)</script>"),
    ],
}


def write_site(root, data):
    (root / "content/data").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(SETTINGS)
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    (root / "content/data/contributions.yaml").write_text(text)
    return run_build(root / "pelicanconf.py", root / "output", root)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = write_site(tmp_path_factory.mktemp("open-source"), DATA)
    assert build.returncode == 0, build.log
    return build


def titles(page, selector=".os-repo .os-item > a"):
    return [a.get_text() for a in page.select(selector)]


def test_headline_numbers_count_what_is_shown(site):
    page = site.page("open-source/")
    numbers = {
        dt.get_text(): dd.get_text()
        for dt, dd in zip(page.select(".os-totals dt"), page.select(".os-totals dd"), strict=True)
    }
    assert numbers == {
        "Merged pull requests": "3",  # 1, 3, 6: the hidden one is not counted
        "Repositories": "4",
        "Organisations": "4",
        "Lines changed": "45",
    }


def test_highlights_first_then_repositories_by_stars(site):
    page = site.page("open-source/")
    highlight = page.select_one(".os-highlights .os-item")
    assert highlight.a.get_text() == "Change 1"
    assert "It <script>alert(1)</script> mattered" in highlight.select_one(".os-note").get_text()
    repos = [h.get_text() for h in page.select(".os-repo h3")]
    assert repos == ["torvalds/linux", "rust-lang/rust", "numpy/numpy", "apache/arrow"]
    assert "Secret typo fix" not in page.get_text()
    states = {
        item.a.get_text(): item.select_one(".state").get_text()
        for item in page.select(".os-repo .os-item")
    }
    assert states["Change 2"] == "Open" and states["Change 4"] == "Closed"


def test_filters_are_pages_that_need_no_javascript(site):
    merged = site.page("open-source/state/merged/")
    assert sorted(titles(merged)) == ["<script>alert(2)</script>", "Change 1", "Change 3"]
    python = site.page("open-source/language/python/")
    assert sorted(titles(python)) == ["Change 1", "Change 2"]
    cpp = site.page("open-source/language/c-plus-plus/")
    assert titles(cpp) == ["<script>alert(2)</script>"]
    canonical = merged.find("link", rel="canonical")["href"]
    assert canonical == "https://fixture.example.org/open-source/state/merged/"
    current = merged.select(".filters a[aria-current]")
    assert [a.get_text(" ", strip=True) for a in current] == ["Merged 3"]
    for page in (site.page("open-source/"), merged):
        assert not page.find_all("script", src=True)
        assert all(not img["src"].startswith("http") for img in page.find_all("img"))


def test_markup_in_titles_and_notes_is_text(site):
    html = (site.output / "open-source/index.html").read_text()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_home_page_block_and_navigation(site):
    home = site.page("")
    block = home.select_one("#os-home-title").parent
    assert "3 merged pull requests to 4 repositories" in block.get_text()
    assert [a.get_text() for a in block.select(".os-item > a")] == ["Change 1"]
    assert "Open source" in [a.get_text() for a in home.select("header nav a")]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"state": "done"},
            "entry 2 (numpy/numpy#2): field 'state': expected one of merged, open, closed, got 'done'",
        ),
        ({"repo": "numpy"}, "entry 2 (numpy#2): field 'repo': expected owner/name"),
        ({"stars": 5}, "entry 2 (numpy/numpy#2): unknown field 'stars'"),
        ({"title": None}, "entry 2 (numpy/numpy#2): field 'title'"),
        (
            {"url": "javascript:alert(1)"},
            "entry 2 (numpy/numpy#2): field 'url': expected a web address starting with "
            "https:// or http://, got 'javascript:alert(1)'",
        ),
    ],
)
def test_invalid_entry_fails_the_build_naming_it(tmp_path, change, expected):
    data = yaml.safe_load(yaml.safe_dump(DATA))
    data["contributions"][1].update(change)
    build = write_site(tmp_path, data)
    assert build.returncode == 1, build.log
    text = yaml.safe_dump(data, sort_keys=False)
    starts = [number for number, line in enumerate(text.splitlines(), 1) if line.startswith("- ")]
    line = starts[1]  # where the second entry begins
    assert f"content/data/contributions.yaml:{line}: {expected}" in build.log, build.log
    assert "Traceback" not in build.log


def test_example_open_source_page_is_light(example_site):
    out = example_site.output
    weight = sum(
        (out / name).stat().st_size
        for name in ("open-source/index.html", "theme/css/site.css", "theme/css/open-source.css")
    )
    assert weight < 40_000, weight
    assert example_site.page("open-source/").select(".os-highlights .os-note")
