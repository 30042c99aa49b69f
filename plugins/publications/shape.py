"""Entries of publications.bib, shaped for the page (and the CV): text, not LaTeX.

A publication's kind comes from its ``pubtype`` field (paper, preprint, talk, thesis,
poster, book, report, software...) or, without one, from its entry type; its links
from the fields al-folio's authors already write: ``pdf``, ``arxiv`` (or eprint),
``code``, ``slides``, ``video``, ``poster``, ``website``, ``doi``, ``url``.
"""

import re
from dataclasses import dataclass, field

from pybtex.database import BibliographyData

from inkfolio.plugins.citations import bibtex

KINDS = {
    "article": "paper",
    "inproceedings": "paper",
    "conference": "paper",
    "incollection": "paper",
    "inbook": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "software": "software",
    "unpublished": "preprint",
}
# Plural headings of the filter pages.
KIND_NAMES = {
    "paper": "Papers",
    "preprint": "Preprints",
    "talk": "Talks",
    "thesis": "Theses",
    "poster": "Posters",
    "book": "Books",
    "chapter": "Chapters",
    "report": "Reports",
    "software": "Software",
    "other": "Other",
}
LINK_FIELDS = [
    ("pdf", "PDF"),
    ("arxiv", "arXiv"),
    ("code", "Code"),
    ("slides", "Slides"),
    ("video", "Video"),
    ("poster", "Poster"),
    ("website", "Website"),
]
# Fields for this site only: left out of the BibTeX a reader copies.
PRIVATE_FIELDS = {"pubtype", "abstract", "selected", "keywords", "file"} | {
    n for n, _ in LINK_FIELDS
}


@dataclass
class Author:
    name: str
    is_me: bool = False


@dataclass
class Publication:
    key: str
    kind: str
    title: str
    authors: list
    year: int | None
    venue: str
    abstract: str
    links: list = field(default_factory=list)  # (label, url)
    bibtex: str = ""
    doi: str | None = None
    url: str | None = None

    def json_ld(self):
        data = {
            "@type": "ScholarlyArticle",
            "headline": self.title,
            "name": self.title,
            "author": [{"@type": "Person", "name": a.name} for a in self.authors],
        }
        if self.year:
            data["datePublished"] = str(self.year)
        if self.venue:
            data["isPartOf"] = {"@type": "PublicationIssue", "name": self.venue}
        if self.abstract:
            data["abstract"] = self.abstract
        if self.doi:
            data["sameAs"] = f"https://doi.org/{self.doi}"
        if self.url:
            data["url"] = self.url
        return data


def kind_of(entry):
    written = (entry.fields.get("pubtype") or "").strip().lower()
    if written:
        return written if written in KIND_NAMES else "other"
    if entry.type.lower() == "misc":
        return "preprint" if bibtex.arxiv_id(entry) else "other"
    if entry.type.lower() == "article" and bibtex.arxiv_id(entry) and not _venue(entry):
        return "preprint"
    return KINDS.get(entry.type.lower(), "other")


def _venue(entry):
    for name in ("journal", "journaltitle", "booktitle", "howpublished", "school", "institution"):
        value = bibtex.field(entry, name)
        if value and "arxiv" not in value.lower():
            return value
    return ""


def _is_me(person_name, my_names):
    """'Ada Lovelace', 'A. Lovelace', 'Lovelace, A.' are the same person."""

    def parts(name):
        words = re.findall(r"[^\W\d_]+", name.lower())
        return (words[-1], words[0][0]) if len(words) > 1 else (words[0] if words else "", "")

    family, initial = parts(person_name)
    return any(parts(mine) == (family, initial) for mine in my_names)


def publication(key, entry, my_names):
    authors = []
    for person in entry.persons.get("author", []):
        given = " ".join(person.first_names + person.middle_names)
        family = " ".join(person.prelast_names + person.last_names)
        name = bibtex.latex_to_text(f"{given} {family}".strip())
        authors.append(Author(name, _is_me(name, my_names)))
    item = bibtex.csl_item(key, entry)
    links = []
    for name, label in LINK_FIELDS:
        value = entry.fields.get(name)
        if name == "arxiv":
            arxiv = bibtex.arxiv_id(entry)
            value = f"https://arxiv.org/abs/{arxiv}" if arxiv else value
            if value and not value.startswith("http"):
                value = f"https://arxiv.org/abs/{value}"
        if value:
            links.append((label, value.strip()))
    doi = item.get("DOI")
    if doi:
        links.append(("DOI", f"https://doi.org/{doi}"))
    url = item.get("URL") if not doi else None
    if url and all(url != href for _, href in links):
        links.append(("Link", url))
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    return Publication(
        key=key,
        kind=kind_of(entry),
        title=item.get("title", key),
        authors=authors,
        year=year,
        venue=_venue(entry),
        abstract=bibtex.field(entry, "abstract") or "",
        links=links,
        bibtex=public_bibtex(key, entry),
        doi=doi,
        url=item.get("URL"),
    )


def public_bibtex(key, entry):
    """The entry as a reader would paste it into their own .bib file."""
    kept = type(entry)(
        entry.type,
        fields=[(k, v) for k, v in entry.fields.items() if k.lower() not in PRIVATE_FIELDS],
        persons=entry.persons,
    )
    return BibliographyData({key: kept}).to_string("bibtex").strip()


def by_year(publications):
    """[(year or "Undated", [publications])], newest first."""
    years = sorted({p.year for p in publications if p.year}, reverse=True)
    groups = [(year, [p for p in publications if p.year == year]) for year in years]
    undated = [p for p in publications if not p.year]
    return groups + ([("Undated", undated)] if undated else [])
