"""`invoke check` on built sites, and `invoke publish` to a local bare git repository."""

import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT, SETTINGS, run_build

FAKE_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" * 2  # the shape of a GitHub token, not a real one

BROKEN = """\
---
title: Broken
date: 2026-01-01
---

A <a href="/blog/nowhere/">dead link</a>, a <a href="#no-such-heading">dead anchor</a>,
a <a href="/blog/heavy/#words">good anchor</a>, a <a href="https://fixture.example.org/blog/gone/">dead
full URL</a>, a <a href="https://fixture.example.org/sibling-project/">sibling project site</a>, and an
<img src="https://tracker.example.com/pixel.png" alt="" width="1" height="1">.
"""

HEAVY = '---\ntitle: Heavy\ndate: 2026-01-02\n---\n\n<p id="words">Words.</p>\n\n' + (
    "A sentence that makes this page heavier than its budget allows. " * 1200
)


def notebook_with_token():
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_raw_cell("---\ntitle: Leaky\ndate: 2026-01-03\nexecute: false\n---"),
        nbformat.v4.new_code_cell(
            "import os\nprint(os.environ['GITHUB_TOKEN'])",
            outputs=[nbformat.v4.new_output("stream", name="stdout", text=FAKE_TOKEN + "\n")],
        ),
    ]
    return nbformat.writes(notebook)


def inkfolio(*args, cwd):
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", *args], cwd=cwd, capture_output=True, text=True
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("check")
    (root / "content/articles").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "pelicanconf.py").write_text(SETTINGS)
    (root / "content/articles/broken.md").write_text(BROKEN)
    (root / "content/articles/heavy.md").write_text(HEAVY)
    (root / "notebooks/leaky.ipynb").write_text(notebook_with_token())
    build = run_build(root / "pelicanconf.py", root / "output", root)
    assert build.returncode == 0, build.log
    status, report = inkfolio("check", "-o", "output", cwd=root)
    return status, report


def test_check_fails_and_names_each_problem_by_file(broken_site):
    status, report = broken_site
    assert status == 1, report
    assert "blog/broken/index.html: link to /blog/nowhere/: no such file" in report
    assert (
        "blog/broken/index.html: link to #no-such-heading: blog/broken/index.html has no id"
        in report
    )
    assert "#words" not in report  # an anchor that exists is fine
    assert "link to https://fixture.example.org/blog/gone/: no such file" in report
    assert "sibling-project" not in report  # another site on the same host (GitHub Pages)
    assert "blog/heavy/index.html: " in report and "the budget is 60 KB" in report
    assert "blog/broken/index.html: loads https://tracker.example.com/pixel.png" in report
    # The token is found in the page and in the downloadable notebook, and not repeated.
    assert "blog/leaky/index.html:" in report and "looks like a GitHub token" in report
    assert "blog/leaky/leaky.ipynb:" in report
    assert FAKE_TOKEN not in report
    assert "Traceback" not in report


def test_the_example_site_passes_every_check(example_site):
    status, report = inkfolio(
        "check", "-s", "publishconf.py", "-o", str(example_site.output), cwd=ROOT
    )
    assert status == 0, report
    assert "✓ Valid HTML" in report  # Java is on the machine: the validator really ran


def git(cwd, *args):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A site in a git repository whose origin is a local bare repository."""
    for name, value in {
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
    }.items():
        monkeypatch.setenv(name, value)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--bare", "-q", str(remote))
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    for name in ["tasks.py", "pelicanconf.py"]:
        (site / name).write_text((ROOT / name).read_text())
    (site / "publishconf.py").write_text(
        "from pelicanconf import *\nSITEURL = 'https://ada.example.org'\nFEED_DOMAIN = SITEURL\n"
        "DELETE_OUTPUT_DIRECTORY = True\n"
    )
    (site / ".gitignore").write_text("output/\n.cache/\n")
    (site / "content/articles/hello.md").write_text(
        "---\ntitle: Hello\ndate: 2026-01-01\n---\n\nHello, [world](#hello-world).\n\n"
        "## Hello world\n\nText.\n"
    )
    git(site, "init", "-q", "-b", "main")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "Site")
    git(site, "remote", "add", "origin", str(remote))
    return site, remote


def invoke(site, *args):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=site, capture_output=True, text=True
    )


def test_publish_pushes_one_commit_with_the_site(repository):
    site, remote = repository
    result = invoke(site, "publish")
    assert result.returncode == 0, result.stdout + result.stderr
    log = git(remote, "log", "--format=%s", "gh-pages").splitlines()
    assert len(log) == 1 and log[0].startswith("Publish ")
    files = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "CNAME", "404.html", "index.html", "blog/hello/index.html"} <= files
    assert git(remote, "show", "gh-pages:CNAME").strip() == "ada.example.org"
    page = git(remote, "show", "gh-pages:blog/hello/index.html")
    assert "https://ada.example.org/blog/hello/" in page


def test_publish_refuses_a_failing_check_and_uncommitted_content(repository):
    site, remote = repository
    article = site / "content/articles/hello.md"
    article.write_text(article.read_text() + '\n<a href="/nowhere/">dead</a>\n')
    dirty = invoke(site, "publish")
    assert dirty.returncode == 1
    assert "uncommitted changes in your content" in dirty.stderr
    assert "content/articles/hello.md" in dirty.stderr

    failing = invoke(site, "publish", "--allow-dirty")
    assert failing.returncode == 1
    assert "link to /nowhere/: no such file" in failing.stdout
    assert "Not published: the checks failed" in failing.stderr
    branches = git(remote, "branch", "--list", "gh-pages")
    assert branches.strip() == ""  # nothing was pushed


def test_check_without_a_build_says_what_to_do(tmp_path):
    (tmp_path / "pelicanconf.py").write_text(SETTINGS)
    (tmp_path / "content").mkdir()
    status, report = inkfolio("check", cwd=tmp_path)
    assert status == 1
    assert "run `inkfolio build` first" in report and "Traceback" not in report
