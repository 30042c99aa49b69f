"""One contribution in content/data/contributions.yaml, declared once.

The sync writes the fields in SYNCED; the author writes the fields in AUTHORED, which
no sync ever changes. ``vanished`` is set by the sync when an entry it once found is
no longer found upstream (the entry is kept: it is the author's record).
"""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Repository = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
KINDS = ("pull_request", "issue", "review", "release", "discussion")
STATES = ("merged", "open", "closed")


class Contribution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    repo: Repository
    repo_description: str | None = None
    repo_stars: Annotated[int, Field(ge=0)] | None = None
    repo_language: str | None = None
    kind: Literal[KINDS] = "pull_request"
    number: Annotated[int, Field(gt=0)] | None = None
    title: str
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    state: Literal[STATES]
    opened: dt.date
    closed: dt.date | None = None  # merged or closed
    additions: Annotated[int, Field(ge=0)] | None = None
    deletions: Annotated[int, Field(ge=0)] | None = None
    labels: list[str] = Field(default_factory=list)
    vanished: bool = False
    # Written by the author only.
    note: str | None = None
    highlight: bool = False
    hidden: bool = False

    @property
    def key(self):
        return (self.repo.lower(), self.kind, self.number or self.url)

    @property
    def owner(self):
        return self.repo.split("/")[0]


SYNCED = (
    "repo",
    "repo_description",
    "repo_stars",
    "repo_language",
    "kind",
    "number",
    "title",
    "url",
    "state",
    "opened",
    "closed",
    "additions",
    "deletions",
    "labels",
    "vanished",
)
AUTHORED = ("note", "highlight", "hidden")
FIELD_ORDER = SYNCED + AUTHORED
EXPECTED = {
    "kind": "one of " + ", ".join(KINDS),
    "state": "one of " + ", ".join(STATES),
    "repo": "owner/name, e.g. numpy/numpy",
    "opened": "a date, YYYY-MM-DD",
    "closed": "a date, YYYY-MM-DD",
    "url": "a web address starting with https:// or http://",
}
