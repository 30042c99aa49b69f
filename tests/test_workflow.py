"""The GitHub Actions workflow runs our own commands, in the order Pages needs."""

import shlex

import yaml
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
