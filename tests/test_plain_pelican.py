"""Our plugins listed alone in a plain Pelican site (Pelican's own settings and theme,
built with the `pelican` command): a plugin that needs the Markdown reader brings it."""

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import offline_env, refused_connections

PLAIN_SETTINGS = """\
AUTHOR = "Ada"
SITENAME = "Plain"
PATH = "content"
TIMEZONE = "UTC"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
PLUGINS = [{plugin!r}]
"""
BIB = "@book{knuth1984,\n  author = {Knuth, Donald E.},\n  title = {Literate Programming},\n  year = {1984},\n}\n"


def pelican(site, plugin, files):
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "pelicanconf.py").write_text(PLAIN_SETTINGS.format(plugin=plugin))
    record = site / ".outgoing"
    done = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
        cwd=site,
        capture_output=True,
        text=True,
        env=offline_env(record),
        timeout=120,
    )
    assert refused_connections(record) == []
    return done


@pytest.mark.parametrize(
    "plugin, files, page, selector, expected",
    [
        (
            "inkfolio.plugins.obsidian",
            {
                "content/one.md": "---\ntitle: One\ndate: 2026-01-01\n---\n\nSee [[Two|the other]].\n",
                "content/two.md": "---\ntitle: Two\ndate: 2026-01-02\n---\n\nHi.\n",
            },
            "one.html",
            "a.wikilink",
            "the other",
        ),
        (
            "inkfolio.plugins.citations",
            {
                "content/data/references.bib": BIB,
                "content/one.md": "---\ntitle: One\ndate: 2026-01-01\n---\n\nAs [@knuth1984] says.\n",
            },
            "one.html",
            "a[href='#ref-knuth1984']",
            "(Knuth, 1984)",
        ),
    ],
)
def test_a_plugin_listed_alone_brings_the_markdown_reader(
    tmp_path, plugin, files, page, selector, expected
):
    done = pelican(tmp_path / "site", plugin, files)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert "Traceback" not in log and "CRITICAL" not in log, log
    html = (tmp_path / "site/output" / page).read_text(encoding="utf-8")
    found = BeautifulSoup(html, "html.parser").select_one(selector)
    assert found is not None, html
    assert found.get_text(" ", strip=True) == expected
