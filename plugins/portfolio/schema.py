"""The declared schema of a project file's front matter.

The article fields (title, summary, tags, cover, slug, draft...) plus what a project
card shows. ``status`` here is the project's life stage, not Pelican's publishing
status: a project that should not be published says ``draft: true``.
"""

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from inkfolio.plugins.markdown_reader import schema

STATUSES = ("active", "maintained", "shipped", "archived")
LINK_TYPES = {
    "repo": "Source",
    "demo": "Demo",
    "paper": "Paper",
    "slides": "Slides",
    "package": "Package",
    "docs": "Docs",
    "video": "Video",
    "post": "Write-up",
    "website": "Website",
}
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _to_partial_date(value):
    """Projects are dated loosely: 2024, 2024-03 or 2024-03-15."""
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"expected a date as 2024, 2024-03 or 2024-03-15, got {value!r}")
    return text


def _to_links(value):
    """``links`` is a list of {type, url, label}, or a mapping such as {repo: URL}."""
    if isinstance(value, dict):
        return [{"type": kind, "url": url} for kind, url in value.items()]
    return value


class Link(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal[tuple(LINK_TYPES)]
    url: Annotated[str, Field(pattern=r"^(https?://|mailto:|/)\S+$")]
    label: schema.Text = None


PartialDate = Annotated[str | None, BeforeValidator(_to_partial_date)]


class ProjectFrontMatter(schema.FrontMatter):
    status: Literal[STATUSES] | None = None
    summary: schema.Text = None
    role: schema.Text = None
    started: PartialDate = None
    ended: PartialDate = None
    stack: schema.Words = Field(default_factory=list)
    links: Annotated[list[Link], BeforeValidator(_to_links)] = Field(default_factory=list)
    highlights: list[str] = Field(default_factory=list)
    featured: schema.Flag = False
    order: int | None = None


KNOWN_FIELDS = set(ProjectFrontMatter.model_fields)
EXPECTED = {
    "status": f"one of {', '.join(STATUSES)}",
    "order": "a whole number; smaller comes first",
    "highlights": "a list of short sentences",
}
REQUIRED = ("title", "summary")
