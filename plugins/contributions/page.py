"""The /open-source/ page, a page per state and per language (filters without
JavaScript), and ``OPEN_SOURCE`` in the context for the home page's highlights.

Built from the data file only: a build never touches the network.
"""

import logging
import os
from dataclasses import dataclass, field

from pelican.generators import Generator
from pelican.utils import slugify

from inkfolio.core import ContentError

from . import data

logger = logging.getLogger(__name__)

STATE_LABELS = {"merged": "Merged", "open": "Open", "closed": "Closed"}
KIND_LABELS = {
    "pull_request": "Pull request",
    "issue": "Issue",
    "review": "Review",
    "release": "Release",
    "discussion": "Discussion",
}


@dataclass
class Group:
    repo: str
    url: str
    description: str | None
    language: str | None
    stars: int | None
    entries: list = field(default_factory=list)


@dataclass
class Filter:
    label: str
    url: str
    count: int
    entries: list


class ContributionsGenerator(Generator):
    def generate_context(self):
        self.filters = []
        path = os.path.join(self.settings["PATH"], self.settings["CONTRIBUTIONS_FILE"])
        if not os.path.isfile(path):
            return
        try:
            user, entries = data.load(path)
        except ContentError as error:
            logger.error("%s", error)
            return
        shown = sorted(
            (e for e in entries if not e.hidden), key=lambda e: e.closed or e.opened, reverse=True
        )
        base = self.settings["OPEN_SOURCE_URL"]
        states = [
            Filter(STATE_LABELS[s], f"{base}state/{s}/", n, matching)
            for s in STATE_LABELS
            if (n := len(matching := [e for e in shown if e.state == s]))
        ]
        languages = sorted({e.repo_language for e in shown if e.repo_language})
        by_language = [
            Filter(name, f"{base}language/{_slug(name, self.settings)}/", len(matching), matching)
            for name in languages
            if (matching := [e for e in shown if e.repo_language == name])
        ]
        self.filters = states + by_language
        merged = [e for e in shown if e.state == "merged" and e.kind == "pull_request"]
        self.context["OPEN_SOURCE"] = {
            "user": user,
            "entries": shown,
            "highlights": [e for e in shown if e.highlight],
            "totals": {
                "merged": len(merged),
                "repositories": len({e.repo.lower() for e in shown}),
                "organisations": len({e.owner.lower() for e in shown}),
                "lines": sum((e.additions or 0) + (e.deletions or 0) for e in merged),
            },
            "states": states,
            "languages": by_language,
            "url": base,
            "state_labels": STATE_LABELS,
            "kind_labels": KIND_LABELS,
        }

    def generate_output(self, writer):
        summary = self.context.get("OPEN_SOURCE")
        if not summary:
            return
        base = self.settings["OPEN_SOURCE_URL"]
        self._write(writer, base, summary["entries"], None)
        for chosen in self.filters:
            self._write(writer, chosen.url, chosen.entries, chosen)

    def _write(self, writer, url, entries, chosen):
        writer.write_file(
            f"{url}index.html",
            self.get_template("open_source"),
            self.context,
            groups=_groups(entries),
            chosen=chosen,
            page_name="open-source",
            listing_url=url,  # `url` itself is Pelican's (pagination), not the template's
            url=url,
            relative_urls=self.settings["RELATIVE_URLS"],
        )


def _slug(name, settings):
    """'C++' and 'C#' must not become 'c': spell out the signs slugify drops."""
    spelled = name.replace("+", " plus ").replace("#", " sharp ")
    return slugify(spelled, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))


def _groups(entries):
    """Contributions by repository, the most-starred first."""
    groups = {}
    for entry in entries:
        group = groups.get(entry.repo.lower())
        if group is None:
            group = groups[entry.repo.lower()] = Group(
                entry.repo,
                f"https://github.com/{entry.repo}",
                entry.repo_description,
                entry.repo_language,
                entry.repo_stars,
            )
        group.entries.append(entry)
    return sorted(groups.values(), key=lambda g: (-(g.stars or 0), g.repo.lower()))
