"""A validated JSON Resume, shaped for the CV template and the home page.

Every section becomes a list of entries with the same few fields (title, where, url,
dates, place, summary, highlights, keywords), so the template lays them all out one
way; empty sections are left out.
"""

import calendar

# Section order of a one- or two-page engineering CV, with its heading.
SECTIONS = [
    ("work", "Experience"),
    ("projects", "Projects"),
    ("education", "Education"),
    ("skills", "Skills"),
    ("publications", "Publications"),
    ("awards", "Awards"),
    ("certificates", "Certificates"),
    ("volunteer", "Volunteering"),
    ("languages", "Languages"),
    ("interests", "Interests"),
    ("references", "References"),
]


def shape(resume, settings, pdf_url=None):
    return {
        "basics": _basics(resume.basics, settings),
        "sections": [
            {"id": name, "title": title, "entries": [_entry(name, item) for item in items]}
            for name, title in SECTIONS
            if (items := getattr(resume, name))
        ],
        "pdf_url": pdf_url,
        "current_work": next((w.name for w in resume.work if not w.endDate), None),
        "schools": [school.institution for school in resume.education],
    }


def _basics(basics, settings):
    location = basics.location
    place = ", ".join(
        part
        for part in ((location.city, location.region or location.countryCode) if location else ())
        if part
    )
    links = [
        {"label": profile.network, "url": profile.url} for profile in basics.profiles if profile.url
    ]
    if basics.email:
        links.append({"label": "Email", "url": f"mailto:{basics.email}"})
    return {
        "name": basics.name,
        "label": basics.label,
        "image": _image_url(basics.image, settings),
        "email": basics.email,
        "phone": basics.phone,
        "url": basics.url,
        "summary": basics.summary,
        "location": place,
        "links": links,
    }


def _image_url(image, settings):
    """A picture in content/ (e.g. images/me.jpg) is served by the site; a URL is kept."""
    if not image or "://" in image:
        return image
    return f"{(settings.get('SITEURL') or '').rstrip('/')}/{image.lstrip('/')}"


def _entry(section, item):
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
    single_date = section in {"publications", "awards", "certificates"}
    return {
        "title": title,
        "where": where,
        "url": getattr(item, "url", None),
        "place": getattr(item, "location", None) if section == "work" else None,
        "start": _date(start),
        "end": _date(end),
        "ongoing": bool(start) and not end and not single_date,
        "single_date": single_date,
        "summary": getattr(item, "summary", None)
        or getattr(item, "description", None)
        or getattr(item, "reference", None)
        or (f"Score: {item.score}" if getattr(item, "score", None) else None),
        "highlights": getattr(item, "highlights", []),
        "keywords": getattr(item, "keywords", []) or getattr(item, "courses", []),
    }


def _date(value):
    """'2021-03' -> {'iso': '2021-03', 'text': 'Mar 2021'}; a CV shows months, not days."""
    if not value:
        return None
    year, _, rest = value.partition("-")
    month = rest[:2]
    text = f"{calendar.month_abbr[int(month)]} {year}" if month else year
    return {"iso": value, "text": text}
