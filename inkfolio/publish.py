"""Publish the site to GitHub Pages. Reads top to bottom as the sequence of events:

1. refuse when the author's files have uncommitted changes (what is published should
   be what is in the repository), unless told otherwise;
2. build with the production settings, strictly (a warning fails too);
3. check the result (``inkfolio.check``): links, HTML, weight, third parties, secrets;
4. commit ``output/`` as one commit on the ``gh-pages`` branch (with ``.nojekyll``)
   and push it. Nothing is pushed when any step before fails.
"""

import contextlib
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from ghp_import import GhpError, ghp_import
from pelican.log import console

from inkfolio.build import build
from inkfolio.check import check_site
from inkfolio.settings import load_settings

# What an author edits; the engine's own folders may differ from the published site freely.
AUTHOR_PATHS = ["content", "notebooks", "pelicanconf.py", "publishconf.py"]


class PublishError(Exception):
    """Why nothing was published, in words for the author."""


def publish(
    root,
    settings_file="publishconf.py",
    remote="origin",
    branch="gh-pages",
    allow_dirty=False,
    overrides=None,
):
    root = Path(root)
    if not allow_dirty:
        _refuse_uncommitted_changes(root)
    settings_path = str(root / settings_file)
    if build(settings_path, overrides=overrides, strict=True):
        raise PublishError("the build failed (see above); nothing was published")
    if check_site(settings_path):
        raise PublishError("the checks failed (see above); nothing was published")
    output = load_settings(settings_path)["OUTPUT_PATH"]
    message = f"Publish {_source_revision(root)} on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    try:
        with contextlib.chdir(root):  # ghp-import works on the repository it runs in
            ghp_import(output, mesg=message, remote=remote, branch=branch, push=True, nojekyll=True)
    except (GhpError, subprocess.CalledProcessError) as error:
        raise PublishError(f"git could not publish to {remote}/{branch}: {error}") from None
    console.print(f"Published {output} to the {branch} branch of {remote}.")


def _refuse_uncommitted_changes(root):
    present = [path for path in AUTHOR_PATHS if (root / path).exists()]
    status = _git(root, "status", "--porcelain", "--", *present)
    if status is None:
        raise PublishError(f"{root} is not a git repository: publishing pushes with git")
    if status.strip():
        changed = "\n".join(f"    {line}" for line in status.rstrip().splitlines())
        raise PublishError(
            "uncommitted changes in your content:\n"
            f"{changed}\ncommit them first (or publish anyway with --allow-dirty)"
        )


def _source_revision(root):
    revision = _git(root, "rev-parse", "--short", "HEAD")
    return revision.strip() if revision else "an uncommitted tree"


def _git(root, *args):
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None
