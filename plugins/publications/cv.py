"""The CV's publications section from publications.bib, so the page and the CV list the
same works from one file. Through the context only: the portfolio plugin's CV
(``RESUME``) gets its "publications" section replaced, or added after the sections
that come before it in a CV. ``CV_PUBLICATIONS_FROM_BIB`` (True) turns this off.
"""

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
        sections[ids.index("publications")] = section
    else:
        after = [i for i, name in enumerate(ids) if name in _BEFORE]
        sections.insert(after[-1] + 1 if after else 0, section)
