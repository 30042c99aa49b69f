"""`invoke check` on built sites, and `invoke publish` to a local bare git repository."""

import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT, SETTINGS, run_build
from PIL import ExifTags, Image

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
        "check", "-s", "publishconf.py", "-o", str(example_site.output), cwd=example_site.root
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


# One fake of each kind of secret the README lists, built so this file holds none whole.
SECRETS = {
    "GitHub token": "ghp_" + "Zz9" * 12,
    "AWS access key": "AKIA" + "Q7" * 8,
    "Anthropic API key": "sk-" + "ant-" + "aB3_" * 9,
    "OpenAI API key": "sk-" + "proj-" + "Xy8-" * 9,
    "Google API key": "AI" + "za" + "Sy" + "D4k" * 11,
    "Slack token": "xo" + "xb-" + "1234567890-abcdef",
    "private key": "-----BEGIN " + "OPENSSH PRIVATE KEY-----",
}


def page(body, head=""):
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>T</title>'
        f"{head}</head><body>{body}</body></html>\n"
    )


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """A built site written by hand (no build needed), checked with its CHECK_* settings."""
    root = tmp_path_factory.mktemp("checks")
    (root / "content").mkdir()
    (root / "pelicanconf.py").write_text(
        SETTINGS
        + 'CHECK_BUDGETS = {"notes/*": 2_000, "*": 1_000_000}\n'
        + 'CHECK_ALLOWED_HOSTS = ["cdn.allowed.example"]\n'
    )
    words = "<p>" + "Words to weigh. " * 200 + "</p>"  # about 3 KB
    files = {
        "index.html": page("<p>Home.</p>"),
        "invalid.html": page("<p>A <span>stray</div> end tag.</p>"),
        "images.html": page('<img src="/images/none.png" alt="x" width="1" height="1">'),
        "styles.html": page("<p>S.</p>", '<link rel="stylesheet" href="/theme/css/none.css">'),
        "notes/heavy.html": page(words),
        "elsewhere/heavy.html": page(words),  # the same weight under the "*" budget
        "hosts.html": page(
            '<script src="https://cdn.allowed.example/ok.js"></script>'
            '<script src="https://tracker.example.net/t.js"></script>'
        ),
    }
    files |= {f"secrets/{i}.txt": f"key = {value}\n" for i, value in enumerate(SECRETS.values())}
    # Whatever the name: a dotfile, no suffix at all, data files.
    token = SECRETS["GitHub token"]
    files |= {"files/.env": f"T={token}\n", "files/config": f"t={token}\n", "d.yaml": token}
    for relative, text in files.items():
        (root / "output" / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / "output" / relative).write_text(text)
    # Binary files are known by their content: a NUL byte in the first block.
    (root / "output/files/blob.txt").write_bytes(b"\0\1" + token.encode())
    exif = Image.Exif()
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (51.0, 30.0, 12.5)}
    Image.new("RGB", (8, 8)).save(root / "output/located.jpg", exif=exif)
    # The notebook cache, committed as the README advises to publish from CI: public too.
    (root / ".gitignore").write_text(".cache/*\n!.cache/notebooks/\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / ".cache/notebooks/3f").mkdir(parents=True)
    (root / ".cache/notebooks/3f/result.ipynb").write_text(f'{{"text": "{token}"}}\n')
    return inkfolio("check", "-o", "output", cwd=root)


def test_check_names_invalid_html_and_missing_images_and_stylesheets(checked):
    status, report = checked
    assert status == 1
    html = [line for line in report.splitlines() if line.strip().startswith("invalid.html:")]
    assert html and "Valid HTML: " in report, report  # the Nu checker ran and found it
    assert not [line for line in report.splitlines() if line.strip().startswith("index.html:")]
    assert "images.html: link to /images/none.png: no such file" in report
    assert "styles.html: link to /theme/css/none.css: no such file" in report


def test_check_reads_the_budgets_and_allowed_hosts_of_the_settings(checked):
    _, report = checked
    assert "notes/heavy.html: " in report and "the budget is 2 KB" in report
    assert "elsewhere/heavy.html" not in report
    assert "hosts.html: loads https://tracker.example.net/t.js" in report
    assert "cdn.allowed.example" not in report


@pytest.mark.parametrize("kind", SECRETS)
def test_check_finds_each_kind_of_secret(checked, kind):
    _, report = checked
    index = list(SECRETS).index(kind)
    assert f"secrets/{index}.txt:1: looks like a {kind} (" in report, report
    assert SECRETS[kind] not in report  # named, never repeated whole


def test_check_reads_every_published_file_and_the_committed_notebook_cache(checked):
    _, report = checked
    for name in (
        "files/.env:1",
        "files/config:1",
        "d.yaml:1",
        ".cache/notebooks/3f/result.ipynb:1",
    ):
        assert f"{name}: looks like a GitHub token (" in report, report
    assert "blob.txt" not in report.split("Hidden files")[0]
    assert "files/.env: a hidden file; the build never publishes one" in report
    assert "located.jpg: the image holds a GPS position" in report


def test_publish_refuses_uncommitted_notebooks_and_a_build_with_a_warning(repository):
    site, remote = repository
    (site / "notebooks").mkdir()
    (site / "notebooks/scratch.py").write_text("# %%\nprint('not committed')\n")
    dirty = invoke(site, "publish")
    assert dirty.returncode == 1
    assert "uncommitted changes in your content" in dirty.stderr and "notebooks/" in dirty.stderr

    (site / "notebooks/scratch.py").unlink()
    # A link to no note is a warning, which publishing (strict) does not let through.
    article = site / "content/articles/hello.md"
    article.write_text(article.read_text() + "\nSee [[No such note]].\n")
    git(site, "commit", "-q", "-am", "A dangling link")
    warned = invoke(site, "publish")
    assert warned.returncode == 1
    assert "WARNING" in warned.stdout + warned.stderr and "No such note" in warned.stderr
    assert "nothing was published" in warned.stderr
    assert git(remote, "branch", "--list", "gh-pages").strip() == ""
