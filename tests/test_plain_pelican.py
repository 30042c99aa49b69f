"""Our plugins listed alone in a plain Pelican site (Pelican's own settings and theme,
built with the `pelican` command): a plugin that needs the Markdown reader brings it,
a plugin that adds pages brings templates for them, and an error fails the build."""

import subprocess
import sys

import nbformat
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
RESUME = """\
basics: {name: Ada Lovelace, label: Programmer, email: ada@example.org}
work:
  - {name: Analytical Engines, position: Programmer, startDate: 1842-01, highlights: [Wrote note G]}
"""
PROJECT = (
    "---\ntitle: Engine\nsummary: A machine that computes.\nstack: [Python]\n---\n\nIt computes.\n"
)
CONTRIBUTIONS = """\
user: ada
contributions:
  - {repo: babbage/engine, kind: pull_request, number: 7, title: Add loops, url: "https://github.com/babbage/engine/pull/7", state: merged, opened: 2026-01-02, closed: 2026-01-05}
"""
ARTICLE = "---\ntitle: One\ndate: 2026-01-01\n---\n\nHello.\n"
BIB = "@book{knuth1984,\n  author = {Knuth, Donald E.},\n  title = {Literate Programming},\n  year = {1984},\n}\n"


def pelican(site, plugin, files, *flags):
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "pelicanconf.py").write_text(PLAIN_SETTINGS.format(plugin=plugin))
    record = site / ".outgoing"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            "output",
            *flags,
        ],
        cwd=site,
        capture_output=True,
        text=True,
        env={**offline_env(record), "COLUMNS": "200"},  # one line per message
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


@pytest.mark.parametrize(
    "plugin, files, page, selector, expected",
    [
        (
            "inkfolio.plugins.portfolio",
            {"content/data/resume.yaml": RESUME},
            "cv/index.html",
            "h3",
            "Programmer · Analytical Engines",
        ),
        (
            "inkfolio.plugins.portfolio",
            {
                "content/data/resume.yaml": RESUME,
                "content/applications/acme.md": (
                    "---\ntitle: Acme\naddress: acme-k3x9q2m7v1za\n---\n\nDear Acme, hello.\n"
                ),
            },
            "applications/acme-k3x9q2m7v1za/index.html",
            ".application-letter p",
            "Dear Acme, hello.",
        ),
        (
            "inkfolio.plugins.portfolio",
            {"content/projects/engine.md": PROJECT},
            "projects/engine/index.html",
            "h1",
            "Engine",
        ),
        (
            "inkfolio.plugins.portfolio",
            {"content/projects/engine.md": PROJECT},
            "projects/index.html",
            "h2 a",
            "Engine",
        ),
        (
            "inkfolio.plugins.contributions",
            {"content/data/contributions.yaml": CONTRIBUTIONS},
            "open-source/index.html",
            "section li a",
            "Add loops",
        ),
        (
            "inkfolio.plugins.publications",
            {"content/data/publications.bib": BIB},
            "publications/index.html",
            "li strong",
            "Literate Programming",
        ),
        ("inkfolio.plugins.search", {}, "search/index.html", "h1", "Search"),
    ],
)
def test_a_plugin_that_adds_pages_brings_their_templates_for_any_theme(
    tmp_path, plugin, files, page, selector, expected
):
    done = pelican(tmp_path / "site", plugin, {"content/one.md": ARTICLE, **files})
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert "ERROR" not in log and "Traceback" not in log, log
    html = (tmp_path / "site/output" / page).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    # Inside Pelican's default theme: its own stylesheet and header frame the page.
    assert soup.select_one("link[href$='theme/css/main.css']") and soup.select_one("#banner")
    assert expected in [found.get_text(" ", strip=True) for found in soup.select(selector)]
    if plugin.endswith("search"):  # Pagefind's own interface, from the index it wrote
        assert soup.select_one("script[src='/pagefind/pagefind-ui.js']")
        assert (tmp_path / "site/output/pagefind/pagefind-ui.js").is_file()


def notebook_site(site, cells):
    """A plain Pelican site with notebooks beside content/: one .ipynb, one jupytext .py."""
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [nbformat.v4.new_markdown_cell("# Cubes"), *map(nbformat.v4.new_code_cell, cells)]
    squares = "# %% [markdown]\n# # Squares\n\n# %%\nprint([n * n for n in range(5)])\n"
    return {
        "content/one.md": ARTICLE,
        "notebooks/cubes.ipynb": nbformat.writes(nb),
        "notebooks/squares.py": JUPYTEXT_HEADER + squares,
    }


JUPYTEXT_HEADER = """\
# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
# ---

"""


def test_the_notebooks_plugin_reads_the_notebooks_folder_and_renders_code_as_code(tmp_path):
    files = notebook_site(tmp_path / "site", ["print([n ** 3 for n in range(4)])"])
    done = pelican(tmp_path / "site", "inkfolio.plugins.notebooks", files)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert "Notebooks read from notebooks/ (2)" in log, log
    for page, title, code, output in [
        ("cubes.html", "Cubes", "print([n ** 3 for n in range(4)])", "[0, 1, 8, 27]"),
        ("squares.html", "Squares", "print([n * n for n in range(5)])", "[0, 1, 4, 9, 16]"),
    ]:
        soup = BeautifulSoup((tmp_path / "site/output" / page).read_text(), "html.parser")
        assert soup.select_one("h1.entry-title").get_text(strip=True) == title
        # The cell's code is a code block, not a run-on line of text.
        assert soup.select_one(".cell-input pre code").get_text().strip() == code
        assert soup.select_one(".cell-output pre").get_text().strip() == output


@pytest.mark.parametrize("flags", [(), ("--fatal", "errors")])
def test_a_failing_notebook_fails_the_pelican_build_in_one_line(tmp_path, flags):
    files = notebook_site(tmp_path / "site", ["1 / 0"])
    done = pelican(tmp_path / "site", "inkfolio.plugins.notebooks", files, *flags)
    log = done.stdout + done.stderr
    assert done.returncode == 1, log
    assert "notebooks/cubes.ipynb: code cell 1" in log and "ZeroDivisionError" in log, log
    assert "Traceback" not in log and "RuntimeError" not in log, log
    if flags:
        assert "Build stopped at the problem above (--fatal)." in log
    else:
        assert "Build failed: 1 error reported above." in log
