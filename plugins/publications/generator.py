"""/publications/ from content/data/publications.bib, with a page per kind of work.

Context phase: the file is read, shaped (shape.py) and put in the context as
``PUBLICATIONS`` (the CV's publications section reads it too). Output phase: the
page, grouped by year, and one filtered page per kind (papers, preprints, talks...),
plain links, no script.
"""

import json
import logging
import os

from markupsafe import Markup
from pelican.generators import Generator

from inkfolio.core import ContentError, per_file_version
from inkfolio.plugins.citations import bibtex

from .shape import KIND_NAMES, by_year, publication

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PUBLICATIONS_FILE": "data/publications.bib",  # inside the content folder
    "PUBLICATIONS_URL": "publications/",
    "PUBLICATIONS_SAVE_AS": "publications/index.html",
    "PUBLICATIONS_KIND_URL": "publications/{kind}/",
    "PUBLICATIONS_KIND_SAVE_AS": "publications/{kind}/index.html",
    # Names highlighted in author lists (default: AUTHOR), e.g. ["Ada Lovelace", "A. King"].
    "PUBLICATIONS_MY_NAMES": None,
}


def set_defaults(pelican):
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


class PublicationsGenerator(Generator):
    def generate_context(self):
        path = os.path.join(self.settings["PATH"], self.settings["PUBLICATIONS_FILE"])
        if not os.path.isfile(path):
            return
        names = self.settings.get("PUBLICATIONS_MY_NAMES") or [self.settings.get("AUTHOR") or ""]
        try:
            publications = _publications(path, tuple(names))
        except ContentError as error:
            logger.error("%s", error)
            return
        kinds = [
            {
                "kind": kind,
                "name": KIND_NAMES[kind],
                "count": sum(p.kind == kind for p in publications),
                "url": self.settings["PUBLICATIONS_KIND_URL"].format(kind=kind),
                "save_as": self.settings["PUBLICATIONS_KIND_SAVE_AS"].format(kind=kind),
            }
            for kind in KIND_NAMES
            if any(p.kind == kind for p in publications)
        ]
        self.context["PUBLICATIONS"] = {
            "all": publications,
            "by_year": by_year(publications),
            "kinds": kinds if len(kinds) > 1 else [],
            "url": self.settings["PUBLICATIONS_URL"],
        }

    def generate_output(self, writer):
        found = self.context.get("PUBLICATIONS")
        if not found:
            return
        pages = [(None, self.settings["PUBLICATIONS_URL"], self.settings["PUBLICATIONS_SAVE_AS"])]
        pages += [(kind, kind["url"], kind["save_as"]) for kind in found["kinds"]]
        for kind, url, save_as in pages:
            listed = [p for p in found["all"] if kind is None or p.kind == kind["kind"]]
            writer.write_file(
                save_as,
                self.get_template("publications"),
                self.context,
                page_name="publications",
                url=url,
                relative_urls=self.settings["RELATIVE_URLS"],
                current_kind=kind,
                groups=by_year(listed),
                publications_json_ld=json_ld(listed),
                listing_url=url,
            )


def json_ld(listed):
    """One ``ScholarlyArticle`` per work, in a single JSON-LD block."""
    data = {"@context": "https://schema.org", "@graph": [p.json_ld() for p in listed]}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


@per_file_version
def _publications(path, my_names):
    """The file's works, newest first; shared by the builds of a warm process."""
    found = bibtex.read(path)
    publications = [publication(key, entry, my_names) for key, entry in found.entries.items()]
    publications.sort(key=lambda p: (-(p.year or 0), p.title.lower()))
    return publications
