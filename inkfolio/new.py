"""``inkfolio new "Title"`` and ``inkfolio application new "Title"``: start an article or
an application with its front matter filled in."""

import datetime as dt
import re
from pathlib import Path

from pelican.utils import slugify


class AlreadyExists(Exception):
    pass


def new_article(content, title, folder="articles", today=None, marked=False):
    """Write ``content/<folder>/<slug>.md`` as a draft; return its path. ``marked``: the
    site publishes only notes marked ``publish: true`` (PUBLISH_DEFAULT = False)."""
    slug = _file_slug(title)
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


def new_application(content, title, variant=None, folder="applications"):
    """Write ``content/<folder>/<slug>.md`` with its private address; return (path, address)."""
    from inkfolio.plugins.portfolio.applications import new_address

    slug = _file_slug(title) or "application"
    path = Path(content) / folder / f"{slug}.md"
    if path.exists():
        raise AlreadyExists(f"{path} already exists; pick another title.")
    path.parent.mkdir(parents=True, exist_ok=True)
    address = new_address(slug)
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        "---\n"
        f'title: "{quoted}"\n'
        "# The page's private address: only those you send the link to know it. Keep this\n"
        "# line as it is; a new one would break the links you sent.\n"
        f"address: {address}\n"
        + (
            f"variant: {variant}\n"
            if variant
            else "# variant: ml-infra  # a CV variant (meta.variants)\n"
        )
        + "projects: []  # projects to show, by slug: [tinygemm]\n"
        "articles: []  # articles to show, by slug\n"
        "---\n\n"
        "Dear hiring team,\n\n"
        "Write your cover letter here, or delete this text for none.\n",
        encoding="utf-8",
    )
    return path, address


def _file_slug(title):
    """'Acme — ML engineer' -> 'acme-ml-engineer' (one '-' where signs and spaces were)."""
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\s+", "-")])
    return re.sub(r"-{2,}", "-", slug).strip("-")
