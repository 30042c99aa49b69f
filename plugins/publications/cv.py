"""The CV's publications section from publications.bib, so the page and the CV list the
same works from one file. Through the context only: each of the portfolio plugin's CVs
(``RESUMES``: the CV, its variants and translations; or ``RESUME`` alone) that shows
publications gets its "publications" section merged with them (a work in both is
listed once, as the .bib has it; works only the résumé lists stay), or added where its
order of sections puts it. ``CV_PUBLICATIONS_FROM_BIB`` (True) turns this off.
"""

import re

# The CV's order of sections, when it does not say its own (portfolio's order).
_ORDER = ("work", "projects", "education", "skills", "publications")


def cv_section(publications, title="Publications"):
    return {
        "id": "publications",
        "title": title,
        "compact": False,
        "entries": [_entry(p) for p in publications],
    }


def _entry(publication):
    year = str(publication.year) if publication.year else None
    return {
        "title": publication.title,
        "title_url": _main_link(publication.links),
        "where": publication.venue or None,
        "where_url": None,
        "place": None,
        "dates": [{"text": year, "iso": year}] if year else [],
        "summary": ", ".join(author.name for author in publication.authors),
        "highlights": [],
        "keywords": [],
    }


def _main_link(links):
    """The work itself, for a reader of the CV: its PDF, DOI or arXiv page first."""
    found = dict(links)
    for label in ("PDF", "DOI", "arXiv", "Link", "Website"):
        if label in found:
            return found[label]
    return links[0][1] if links else None


def fill_cv(generators):
    context = generators[0].context
    found = context.get("PUBLICATIONS")
    if not found or not context.get("CV_PUBLICATIONS_FROM_BIB", True):
        return
    resumes = context.get("RESUMES") or [context.get("RESUME")]
    for resume in filter(None, resumes):
        order = list(resume.get("order") or _ORDER)
        if "publications" in order:
            _fill(resume, order, found["all"])


def _fill(resume, order, works):
    sections = resume["sections"]
    section = cv_section(works, (resume.get("words") or {}).get("publications", "Publications"))
    ids = [s["id"] for s in sections]
    if "publications" in ids:
        index = ids.index("publications")
        section["entries"] = _merged(section["entries"], sections[index]["entries"])
        sections[index] = section
    else:
        before = order[: order.index("publications")]
        after = [i for i, name in enumerate(ids) if name in before]
        sections.insert(after[-1] + 1 if after else 0, section)


def _merged(from_bib, from_resume):
    """Both lists of works, each once (by title), newest first; undated ones last."""
    known = {_title_key(entry["title"]) for entry in from_bib}
    kept = [entry for entry in from_resume if _title_key(entry["title"]) not in known]
    works = from_bib + kept

    def year(entry):
        return (entry["dates"][0]["iso"] or "")[:4] if entry["dates"] else ""

    return sorted(works, key=year, reverse=True)  # stable: the .bib's order within a year


def _title_key(title):
    return re.sub(r"\W+", " ", str(title or "")).strip().casefold()
