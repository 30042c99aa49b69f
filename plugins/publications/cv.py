"""The CV's publications section from publications.bib, so the page and the CV list the
same works from one file. Through the context only: the portfolio plugin's CV
(``RESUME``) gets its "publications" section merged with them (a work in both is
listed once, as the .bib has it; works only the résumé lists stay), or added after the
sections that come before it in a CV. ``CV_PUBLICATIONS_FROM_BIB`` (True) turns this off.
"""

import re

# The CV sections a publications section follows (portfolio's order).
_BEFORE = ("work", "projects", "education", "skills")


def cv_section(publications):
    return {
        "id": "publications",
        "title": "Publications",
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
    resume, found = context.get("RESUME"), context.get("PUBLICATIONS")
    if not resume or not found or not context.get("CV_PUBLICATIONS_FROM_BIB", True):
        return
    sections = resume["sections"]
    section = cv_section(found["all"])
    ids = [s["id"] for s in sections]
    if "publications" in ids:
        index = ids.index("publications")
        section["entries"] = _merged(section["entries"], sections[index]["entries"])
        sections[index] = section
    else:
        after = [i for i, name in enumerate(ids) if name in _BEFORE]
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
