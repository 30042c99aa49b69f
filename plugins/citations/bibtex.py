"""BibTeX and BibLaTeX files, as Zotero and Better BibTeX export them, read with pybtex
and turned into CSL-JSON items (what citeproc-py formats).

LaTeX in a field becomes text: accents (``{\\"u}`` -> ü), dashes (``--`` -> –), and
protective braces (``{GPU}``) are dropped once they have done their job. An arXiv
preprint (``eprint`` with ``archivePrefix = {arXiv}``, or ``journal = {arXiv
preprint arXiv:...}``) gets its arXiv number and address.
"""

import codecs
import os
import re
from dataclasses import dataclass

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import parse_string
from pybtex.scanner import PybtexError, PybtexSyntaxError

from inkfolio.core import ContentError, display_path, per_file_version

# BibTeX/BibLaTeX entry types -> CSL types.
TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "book": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "misc": "article",
    "online": "webpage",
    "unpublished": "manuscript",
    "software": "software",
    "dataset": "dataset",
}
_COMMAND = re.compile(r"\\(?:emph|textit|textbf|textsc|texttt|mkbibquote|url|href\{[^}]*\})\s*")
_ARXIV_ID = re.compile(
    r"(?:arXiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})", re.I
)


def latex_to_text(value):
    """``M{\\"u}ller`` -> Müller, ``{GPU} kernels -- fast`` -> GPU kernels – fast."""
    text = _COMMAND.sub("", value)
    try:
        text = codecs.decode(text, "ulatex")
    except ValueError:
        pass
    text = re.sub(r"(?<!\\)[{}]", "", text).replace("\\{", "{").replace("\\}", "}")
    text = text.replace("\\&", "&").replace("\\%", "%").replace("\\_", "_").replace("\\$", "$")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Bibliography:
    path: str
    items: dict  # key -> CSL-JSON item
    entries: dict  # key -> pybtex Entry (for BibTeX out, types, links)
    lines: dict  # key -> line of the entry in the file


@per_file_version
def read(path):
    """The file's entries, or ContentError naming the file and line."""
    shown = display_path(path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise ContentError(shown, f"cannot read the bibliography: {error.strerror}") from None
    try:
        database = parse_string(text, "bibtex")
    except PybtexSyntaxError as error:
        line = getattr(error, "lineno", None)
        message = str(error).split(": ", 1)[-1] if line else str(error)
        raise ContentError(shown, f"not valid BibTeX: {message}", line) from None
    except PybtexError as error:  # a key defined twice...
        line = _line_of_key(text, str(error).rsplit(" ", 1)[-1], last=True)
        raise ContentError(shown, f"not valid BibTeX: {error}", line) from None
    entries = dict(database.entries)
    return Bibliography(
        path,
        {key: csl_item(key, entry) for key, entry in entries.items()},
        entries,
        {key: _line_of_key(text, key) for key in entries},
    )


def _line_of_key(text, key, last=False):
    found = list(re.finditer(r"@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text))
    match = (found[-1] if last else found[0]) if found else None
    return text.count("\n", 0, match.start()) + 1 if match else None


def field(entry, name):
    value = entry.fields.get(name)
    return latex_to_text(value) if value else None


def arxiv_id(entry):
    prefix = (entry.fields.get("archivePrefix") or entry.fields.get("eprinttype") or "").lower()
    if entry.fields.get("eprint") and prefix in {"arxiv", ""}:
        match = _ARXIV_ID.search(entry.fields["eprint"])
        if match:
            return match[1]
    for name in ("journal", "note", "url"):
        value = entry.fields.get(name, "")
        if "arxiv" in value.lower():
            match = _ARXIV_ID.search(value.split("abs/")[-1])
            if match:
                return match[1]
    return None


def _names(entry, role):
    people = []
    for person in entry.persons.get(role, []):
        given = " ".join(person.first_names + person.middle_names)
        family = " ".join(person.prelast_names + person.last_names)
        if person.lineage_names:
            family += ", " + " ".join(person.lineage_names)
        if not given and family.startswith("{"):  # {Institution Name}: one literal name
            people.append({"literal": latex_to_text(family)})
        else:
            name = {"family": latex_to_text(family), "given": latex_to_text(given)}
            people.append({part: text for part, text in name.items() if text})
    return people


def _issued(entry):
    date = entry.fields.get("date")
    if date:
        parts = [int(p) for p in re.findall(r"\d+", date.split("/")[0])[:3]]
        if parts:
            return {"date-parts": [parts]}
    year = re.search(r"\d{4}", entry.fields.get("year", ""))
    if not year:
        return None
    parts = [int(year[0])]
    month = _month(entry.fields.get("month"))
    if month:
        parts.append(month)
    return {"date-parts": [parts]}


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _month(value):
    if not value:
        return None
    value = value.strip().lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return _MONTHS.index(value[:3]) + 1 if value[:3] in _MONTHS else None


def csl_item(key, entry):
    item = {"id": key, "type": TYPES.get(entry.type.lower(), "article")}
    for role in ("author", "editor"):
        if entry.persons.get(role):
            item[role] = _names(entry, role)
    simple = {
        "title": "title",
        "volume": "volume",
        "number": "issue",
        "pages": "page",
        "publisher": "publisher",
        "address": "publisher-place",
        "location": "publisher-place",
        "edition": "edition",
        "doi": "DOI",
        "isbn": "ISBN",
        "url": "URL",
        "abstract": "abstract",
        "note": "note",
    }
    for name, csl in simple.items():
        value = field(entry, name)
        if value and csl not in item:
            item[csl] = value
    container = field(entry, "journal") or field(entry, "journaltitle") or field(entry, "booktitle")
    if container and "arxiv" not in container.lower():
        item["container-title"] = container
    if entry.type.lower() in {"phdthesis", "mastersthesis", "thesis"}:
        school = field(entry, "school") or field(entry, "institution")
        if school:
            item["publisher"] = school
        item["genre"] = "PhD thesis" if entry.type.lower() == "phdthesis" else "Master's thesis"
    elif entry.type.lower() in {"techreport", "report"} and field(entry, "institution"):
        item["publisher"] = field(entry, "institution")
    issued = _issued(entry)
    if issued:
        item["issued"] = issued
    arxiv = arxiv_id(entry)
    if arxiv:
        item["number"] = f"arXiv:{arxiv}"
        item.setdefault("publisher", "arXiv")
        item.setdefault("URL", f"https://arxiv.org/abs/{arxiv}")
        if item["type"] in {"article-journal", "article"} and "container-title" not in item:
            item["type"] = "article"  # a preprint
    if item.get("DOI"):
        item["DOI"] = re.sub(r"^https?://(dx\.)?doi\.org/", "", item["DOI"])
    return item


def find(settings, source_path=None, written=None):
    """The bibliography file of a page: ``bibliography:`` in its front matter (relative
    to the file; '/...' relative to the content folder), else CITATIONS_BIBLIOGRAPHY."""
    content_root = settings["PATH"]
    if written:
        if written.startswith("/"):
            return os.path.join(content_root, written.lstrip("/"))
        return os.path.join(os.path.dirname(source_path), written)
    default = settings.get("CITATIONS_BIBLIOGRAPHY", "data/references.bib")
    return os.path.join(content_root, default) if default else None
