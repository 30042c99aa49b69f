"""The GitHub Actions workflow runs our own commands, in the order Pages needs."""

import shlex
import shutil
import subprocess
import sys

import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

from inkfolio import cli


def test_pages_workflow_builds_checks_then_deploys():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    actions = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    order = ["actions/configure-pages", "actions/upload-pages-artifact"]
    assert [a for a in actions if a in order] == order
    runs = [step["run"] for step in build["steps"] if "run" in step]
    commands = [shlex.split(" ".join(run.split())) for run in runs if run.startswith("inkfolio")]
    assert [c[:2] for c in commands] == [["inkfolio", "build"], ["inkfolio", "check"]]
    assert "--no-execute" in commands[0] and "--strict" in commands[0]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_workflow_commands_are_valid_for_our_cli(capsys):
    """Each inkfolio command line of the workflow parses (a renamed flag would fail here)."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    for step in workflow["jobs"]["build"]["steps"]:
        run = " ".join(step.get("run", "").split())
        if run.startswith("inkfolio"):
            args = shlex.split(run)[1:]
            parser_error = None
            try:
                cli.parse(args)
            except SystemExit as error:
                parser_error = error
            assert parser_error is None, capsys.readouterr().err


def test_workflow_build_settings_are_read_as_the_build_reads_them(tmp_path):
    """The -e values the workflow passes (quoted for the shell, JSON for inkfolio) reach
    the build: a project site's pages and feeds carry its Pages address."""
    base_url = "https://mira-okafor.github.io/site"
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    runs = [" ".join(step.get("run", "").split()) for step in workflow["jobs"]["build"]["steps"]]
    (build,) = [run for run in runs if run.startswith("inkfolio build")]
    args = shlex.split(build.replace("${{ steps.pages.outputs.base_url }}", base_url))[1:]
    for name in ["pelicanconf.py", "publishconf.py"]:
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/a.md").write_text(
        "---\ntitle: A\ndate: 2026-01-01\nsummary: S.\n---\n\nText.\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", *args, "-o", "output"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((tmp_path / "output/blog/a/index.html").read_text(), "html.parser")
    assert page.find("link", rel="canonical")["href"] == f"{base_url}/blog/a/"
    feed = (tmp_path / "output/feeds/all.atom.xml").read_text()
    assert f'href="{base_url}/blog/a/"' in feed


def test_release_workflow_tests_the_wheel_before_publishing_it_without_a_token():
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads `on` as True
    jobs = workflow["jobs"]
    assert jobs["test"]["needs"] == "build" and jobs["publish"]["needs"] == "test"
    build_runs = " ".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "python -m build" in build_runs and "GITHUB_REF_NAME" in build_runs
    test_runs = " ".join(step.get("run", "") for step in jobs["test"]["steps"])
    assert 'pip install "$(ls dist/*.whl)[test]"' in test_runs and "pytest" in test_runs
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"}  # trusted publishing
    assert publish["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "with" not in publish["steps"][-1]  # no password, no token
    assert workflow["permissions"] == {"contents": "read"}
