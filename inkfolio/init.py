"""``inkfolio init DIR``: write a new site, once.

The site is a copy of ``site_template/`` with the author's name, headline, GitHub user
and address filled in: settings that hold only what is theirs, one article, one
notebook, an about page, a résumé, an empty contributions file, one project, the GitHub
Pages workflow and a pinned requirement on this engine. Nothing is fetched.
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


@dataclass
class Author:
    name: str
    headline: str = "Software engineer"
    github: str = ""
    url: str = ""

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
    return Author(name=name, headline=headline, github=github, url=url)


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
    sit inside double quotes, in Python and YAML alike (JSON's escapes are valid in both)."""
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
    }
    quoted = {
        f"{key}_Q": json.dumps(value, ensure_ascii=False)[1:-1] for key, value in text.items()
    }
    return {**text, **quoted}


def _fill(text, values):
    return re.sub(r"@@([A-Z_]+)@@", lambda match: values[match[1]], text)


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
