"""``inkfolio new "Title"``: start an article with its front matter filled in."""

import datetime as dt
from pathlib import Path

from pelican.utils import slugify


class AlreadyExists(Exception):
    pass


def new_article(content, title, folder="articles", today=None, marked=False):
    """Write ``content/<folder>/<slug>.md`` as a draft; return its path. ``marked``: the
    site publishes only notes marked ``publish: true`` (PUBLISH_DEFAULT = False)."""
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\s+", "-")])
    path = Path(content) / folder / f"{slug}.md"
    if path.exists():
        raise AlreadyExists(f"{path} already exists; pick another title.")
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        "---\n"
        f'title: "{quoted}"\n'
        f"date: {(today or dt.date.today()).isoformat()}\n"
        "tags: []\n"
        'summary: ""\n'
        + ("publish: true\n" if marked else "")
        + "draft: true  # remove this line to publish\n"
        "---\n\n"
        "Write here.\n",
        encoding="utf-8",
    )
    return path
