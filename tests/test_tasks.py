"""The invoke tasks, run as an author runs them, in a copy of the project skeleton."""

import datetime as dt
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, wait_for


def invoke(site, *args):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=site, capture_output=True, text=True
    )


def skeleton(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ["tasks.py", "pelicanconf.py", "publishconf.py"]:
        shutil.copy(ROOT / name, site / name)
    (site / "content/pages").mkdir(parents=True)
    (site / "content/pages/about.md").write_text("---\ntitle: About\n---\nHello.\n")
    return site


def test_new_scaffolds_an_article_that_builds(tmp_path):
    site = skeleton(tmp_path)
    before = dt.date.today()
    result = invoke(site, "new", 'Making "matmul" 1000x faster')
    after = dt.date.today()  # the command may run across midnight
    assert result.returncode == 0, result.stderr
    path = site / "content/articles/making-matmul-1000x-faster.md"
    text = path.read_text()
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == 'Making "matmul" 1000x faster'
    assert str(front["date"]) in {before.isoformat(), after.isoformat()}
    assert front["draft"] is True

    again = invoke(site, "new", 'Making "matmul" 1000x faster')
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text() == text  # never overwritten

    built = invoke(site, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (site / "output/about/index.html").is_file()
    # A draft is built for local preview only, under drafts/.
    assert (site / "output/drafts/making-matmul-1000x-faster/index.html").is_file()

    preview = invoke(site, "preview")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert not (site / "output/drafts").exists()


@pytest.mark.skipif(
    not (shutil.which("chromium") and (ROOT / "node_modules/.bin/mmdc").exists()),
    reason="needs chromium, and npm's cache filled by npm ci (.ci/run does both)",
)
def test_build_installs_mermaids_cli_first_and_draws_the_diagram(tmp_path, monkeypatch):
    # From npm's own cache (.ci/run filled it): a test never reaches the registry.
    monkeypatch.setenv("npm_config_offline", "true")
    site = skeleton(tmp_path)
    for name in ["package.json", "package-lock.json"]:
        shutil.copy(ROOT / name, site / name)
    fence = "```mermaid\ngraph LR\n  A --> B\n```\n"
    (site / "content/pages/flow.md").write_text(f"---\ntitle: Flow\n---\n{fence}")
    built = invoke(site, "build")
    log = built.stdout + built.stderr
    assert built.returncode == 0, log
    assert "Installing Mermaid's CLI into node_modules/ (npm ci, once)" in log
    assert "WARNING" not in log, log
    page = BeautifulSoup((site / "output/flow/index.html").read_text(), "html.parser")
    assert page.select_one("figure.diagram-mermaid svg") is not None  # drawn, not code
    again = invoke(site, "build")  # installed once
    assert "Installing" not in again.stdout + again.stderr


def test_build_task_fails_on_a_broken_file(tmp_path):
    site = skeleton(tmp_path)
    (site / "content/articles").mkdir()
    (site / "content/articles/bad.md").write_text("---\ntitle: Bad\ndate: whenever\n---\nx\n")
    result = invoke(site, "build")
    assert result.returncode == 1
    assert "content/articles/bad.md:3: front matter field 'date'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_clean_removes_output_and_optionally_the_cache(tmp_path):
    site = skeleton(tmp_path)
    assert invoke(site, "build").returncode == 0
    assert (site / "output").is_dir() and (site / ".cache").is_dir()
    assert invoke(site, "clean").returncode == 0
    assert not (site / "output").exists() and (site / ".cache").is_dir()
    assert invoke(site, "clean", "--cache").returncode == 0
    assert not (site / ".cache").exists()


def test_serve_answers_like_github_pages(tmp_path):
    site = skeleton(tmp_path)
    assert invoke(site, "build").returncode == 0
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", "0"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        # The server binds a free port itself and says which: no race with another test.
        address = server.stdout.readline().split(" at ")[1].split()[0]
        assert address.startswith("http://127.0.0.1:")
        assert "Hello." in wait_for(f"{address}about/")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{address}no/such/page/", timeout=2)
        assert missing.value.code == 404 and b"Page not found" in missing.value.read()
    finally:
        server.terminate()
        server.wait(timeout=10)
