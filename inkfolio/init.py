"""``inkfolio init DIR``: write a new site, once.

The site is a copy of ``site_template/`` with the author's name, headline, GitHub user,
address and publishing mode (every note, or only notes marked ``publish: true``) filled
in: settings that hold only what is theirs, one article, one notebook, an about page, a
résumé, an empty contributions file, one project, the GitHub Pages workflow and a pinned
requirement on this engine. Nothing is fetched.
"""

import datetime as dt
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import inkfolio

TEMPLATE = Path(__file__).parent / "site_template"
# Files that start with a dot are not package data everywhere: the template spells
# ".github" and ".gitignore" as "dot-github" and "dot-gitignore".
DOT = "dot-"


class InitError(Exception):
    pass


PUBLISH_MODES = ("all", "marked")  # every note unless `publish: false`; only `publish: true`
PUBLISH_QUESTION = "Publish every note, or only notes marked `publish: true`? [all/marked]"


@dataclass
class Author:
    name: str
    headline: str = "Software engineer"
    github: str = ""
    url: str = ""
    publish: str = "all"  # one of PUBLISH_MODES: the site's PUBLISH_DEFAULT

    def __post_init__(self):
        self.github = self.github or _user_name(self.name)
        self.url = (self.url or f"https://{self.github}.github.io").rstrip("/")


def defaults():
    """What ``init`` proposes when asked nothing: the name git knows, if any."""
    return Author(name=_git_user_name() or "Your Name")


def ask(proposed, ask_line=input):
    """Ask for each field on a terminal, with the proposed value as the default."""

    def field(label, value):
        return ask_line(f"{label} [{value}]: ").strip() or value

    name = field("Your name", proposed.name)
    headline = field("One-line headline", proposed.headline)
    github = field("GitHub user", _user_name(name))
    url = field("Public address", f"https://{github}.github.io")
    publish = ask_line(f"{PUBLISH_QUESTION} ").strip().lower() or proposed.publish
    while publish not in PUBLISH_MODES:
        publish = ask_line("Please answer all or marked: ").strip().lower() or proposed.publish
    return Author(name=name, headline=headline, github=github, url=url, publish=publish)


def init(folder, author, today=None):
    """Write the site into ``folder`` (absent or empty); return the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(
            f"{folder} is not empty: init writes a new site only into a new or empty folder"
        )
    values = _values(author, today or dt.date.today())
    written = []
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = Path(
            *(
                part.replace(DOT, ".", 1) if part.startswith(DOT) else part
                for part in source.relative_to(TEMPLATE).parts
            )
        )
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_fill(source.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(target)
    return written


def _values(author, today):
    """Placeholders: @@NAME@@ is the text as is (Markdown prose); @@NAME_Q@@ is escaped to
    sit inside double quotes, in Python and YAML alike (JSON's escapes are valid in both);
    "@@NAME_PY@@" is a Python value (True)."""
    major, minor = inkfolio.__version__.split(".")[:2]
    text = {
        "NAME": author.name,
        "HEADLINE": author.headline,
        "HEADLINE_LOWER": author.headline[:1].lower() + author.headline[1:],
        "INTRO": f"{author.headline}. Here I write about what I build and what I measure.",
        "GITHUB": author.github,
        "URL": author.url,
        "REPO": f"{author.github}/{author.github}.github.io",
        "TODAY": today.isoformat(),
        "YEAR": str(today.year),
        "SERIES": f"{major}.{minor}",
        "PUBLISH_DEFAULT_PY": str(author.publish == "all"),
        # The sample article and notebook are published in either mode.
        "PUBLISH_LINE": "" if author.publish == "all" else "publish: true\n",
        "PUBLISH_LINE_COMMENTED": "" if author.publish == "all" else "publish: true\n# ",
    }
    quoted = {
        f"{key}_Q": json.dumps(value, ensure_ascii=False)[1:-1] for key, value in text.items()
    }
    return {**text, **quoted}


def _fill(text, values):
    # "@@NAME_PY@@", quotes included, is a Python value: the template stays valid Python.
    return re.sub(r'"@@([A-Z_]+_PY)@@"|@@([A-Z_]+)@@', lambda m: values[m[1] or m[2]], text)


def _user_name(name):
    """A GitHub-like user name from a person's name: "Ada Example" -> "ada-example"."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "you"


def _git_user_name():
    try:
        result = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def is_terminal():
    return os.isatty(0) and os.isatty(1)
