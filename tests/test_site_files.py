"""The root files crawlers and GitHub Pages look for: the engine writes robots.txt and
.nojekyll, and leaves alone a robots.txt or CNAME the author publishes themselves."""

from conftest import SETTINGS

ARTICLE = "---\ntitle: One\ndate: 2026-03-01\n---\n\nText.\n"
OWN_FILES = """
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {
    "extra/robots.txt": {"path": "robots.txt"},
    "extra/CNAME": {"path": "CNAME"},
}
"""


def test_the_engine_writes_robots_txt_and_nojekyll(make_site):
    build = make_site({"content/articles/one.md": ARTICLE})
    assert build.returncode == 0, build.log
    robots = (build.output / "robots.txt").read_text()
    assert robots.startswith("User-agent: *\nAllow: /\n")
    assert robots.endswith("Sitemap: https://fixture.example.org/sitemap.xml\n")
    assert (build.output / ".nojekyll").read_text() == ""


def test_the_authors_own_robots_txt_and_cname_are_published_as_written(make_site):
    own_robots = "User-agent: *\nDisallow: /drafts/\n"
    build = make_site(
        {
            "content/articles/one.md": ARTICLE,
            "content/extra/robots.txt": own_robots,
            "content/extra/CNAME": "blog.example.net\n",
        },
        SETTINGS + OWN_FILES,
    )
    assert build.returncode == 0, build.log
    assert (build.output / "robots.txt").read_text() == own_robots
    # SITEURL's host would give fixture.example.org: the author's file wins.
    assert (build.output / "CNAME").read_text() == "blog.example.net\n"
    assert (build.output / ".nojekyll").exists()
