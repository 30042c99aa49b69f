"""A validated JSON Resume, shaped for the CV template and the home page.

Every section becomes a list of entries with the same few fields (title, where, their
links, place, dates, summary, highlights, keywords), so the template lays them all out one
way; empty sections are left out.
"""

import datetime as dt
import re

from . import cv_words
from .resume_schema import SECTION_NAMES

# Sections whose entries are a name and a few words: one line each, so a CV fits its pages.
COMPACT = {"skills", "languages", "interests"}
# Sections whose one date is an event (a release, an award), never "2020 – present".
ONE_DATE = {"publications", "awards", "certificates"}
ORGANISATIONS = {"work", "volunteer", "education"}


def shape(resume, settings, order=None, lang="en"):
    """The CV's basics and sections (in ``order``, a variant's; else the CV's own), with
    headings and dates in ``lang``. Section headings come from cv_words, in their order
    (a one- or two-page engineering CV's: the schema's SECTION_NAMES)."""
    words = cv_words.words_for(lang, settings) or cv_words.ENGLISH
    locale = cv_words.locale_of(lang)
    return {
        "lang": lang,
        "words": words,
        "order": list(order or SECTION_NAMES),  # the sections it may show (publications.cv)
        "basics": _basics(resume.basics, settings),
        "sections": [
            {
                "id": name,
                "title": words[name],
                "compact": name in COMPACT,
                "entries": [_entry(name, item, words, locale) for item in items],
            }
            for name in order or SECTION_NAMES
            if (items := getattr(resume, name))
        ],
    }


def _basics(basics, settings):
    location = basics.location
    place = ", ".join(
        part
        for part in ((location.city, location.region or location.countryCode) if location else ())
        if part
    )
    profiles = [
        {"label": profile.network, "url": profile.url, "text": _bare(profile.url)}
        for profile in basics.profiles
        if profile.url
    ]
    email = [{"label": "Email", "url": f"mailto:{basics.email}"}] if basics.email else []
    return {
        "name": basics.name,
        "label": basics.label,
        "image": site_url(settings, basics.image),
        "email": basics.email,
        "phone": basics.phone,
        "url": basics.url,
        "url_text": basics.url and _bare(basics.url),
        "summary": basics.summary,
        "location": place,
        "profiles": profiles,
        "links": profiles + email,  # the home page's row of links
    }


def _bare(url):
    """https://www.github.com/ada/ -> github.com/ada: what a printed CV shows."""
    return re.sub(r"^[a-z]+://(www\.)?", "", url).rstrip("/")


def site_url(settings, path):
    """A file in content/ (e.g. images/me.jpg) as the site serves it; a URL is kept."""
    if not path or "://" in path:
        return path
    return f"{(settings.get('SITEURL') or '').rstrip('/')}/{path.lstrip('/')}"


def _entry(section, item, words, locale):
    fields = {
        "work": lambda w: (
            w.position or w.name,
            w.name if w.position else None,
            w.startDate,
            w.endDate,
        ),
        "volunteer": lambda v: (
            v.position or v.organization,
            v.organization if v.position else None,
            v.startDate,
            v.endDate,
        ),
        "education": lambda e: (
            " in ".join(part for part in (e.studyType, e.area) if part) or e.institution,
            e.institution if (e.studyType or e.area) else None,
            e.startDate,
            e.endDate,
        ),
        "projects": lambda p: (p.name, p.entity, p.startDate, p.endDate),
        "publications": lambda p: (p.name, p.publisher, p.releaseDate, None),
        "awards": lambda a: (a.title, a.awarder, a.date, None),
        "certificates": lambda c: (c.name, c.issuer, c.date, None),
        "skills": lambda s: (s.name, s.level, None, None),
        "languages": lambda lang: (lang.language, lang.fluency, None, None),
        "interests": lambda i: (i.name, None, None, None),
        "references": lambda r: (r.name, None, None, None),
    }
    title, where, start, end = fields[section](item)
    url = getattr(item, "url", None)
    # A job's or a school's URL is the organisation's: it links its name, not the role.
    links_where = section in ORGANISATIONS and where
    return {
        "title": title,
        "title_url": None if links_where else url,
        "where": where,
        "where_url": url if links_where else None,
        "place": getattr(item, "location", None) if section == "work" else None,
        "dates": _dates(start, end, section not in ONE_DATE, words, locale),
        "summary": getattr(item, "summary", None)
        or getattr(item, "description", None)
        or getattr(item, "reference", None)
        or (f"{words['score']}: {item.score}" if getattr(item, "score", None) else None),
        "highlights": [str(line) for line in getattr(item, "highlights", [])],
        "keywords": getattr(item, "keywords", []) or getattr(item, "courses", []),
    }


def _dates(start, end, ongoing, words, locale):
    """The dates shown, in order: [Mar 2021, present], [2018, Feb 2021], [2018]..."""
    dates = [_date(value, locale) for value in dict.fromkeys((start, end)) if value]
    if start and not end and ongoing:
        dates.append({"iso": None, "text": words["present"]})
    return dates


def _date(value, locale):
    """'2021-03' -> {'iso': '2021-03', 'text': 'Mar 2021'} ('März 2021' in German); a CV
    shows months, not days."""
    year, _, rest = value.partition("-")
    month = rest[:2]
    text = cv_words.month(dt.date(int(year), int(month), 1), locale) if month else year
    return {"iso": value, "text": text}
