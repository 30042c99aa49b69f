"""The site author as a schema.org Person, from the résumé's basics.

Shaped here, where the résumé is understood, and handed to templates as
``RESUME.person``: the site_meta plugin places it in the JSON-LD of the home and CV
pages (and, shortened, as the author of articles) without knowing JSON Resume.
"""

from .resume_shape import site_url


def person_from_resume(resume, context):
    """``resume``: a validated resume_schema.Resume; ``context``: settings or context
    (for SITEURL)."""
    basics = resume.basics
    data = {
        "@type": "Person",
        "name": basics.name,
        "url": site_url(context, "/"),  # this site is the person's home on the web
        "jobTitle": basics.label,
        "description": basics.summary,
        "image": site_url(context, basics.image),
        "email": basics.email and f"mailto:{basics.email}",
        "address": _address(basics.location),
        "sameAs": [p.url for p in basics.profiles if p.url and p.url.startswith("http")],
        # Current jobs: started and not ended.
        "worksFor": [
            _organization("Organization", job.name, job.url)
            for job in resume.work
            if job.startDate and not job.endDate
        ],
        "alumniOf": [
            _organization("EducationalOrganization", school.institution, school.url)
            for school in resume.education
        ],
    }
    if len(data["worksFor"]) == 1:
        data["worksFor"] = data["worksFor"][0]
    return _without_empty(data)


def _address(location):
    if location is None:
        return None
    parts = {
        "addressLocality": location.city,
        "addressRegion": location.region,
        "addressCountry": location.countryCode,
    }
    parts = _without_empty(parts)
    return {"@type": "PostalAddress", **parts} if parts else None


def _organization(kind, name, url):
    return _without_empty({"@type": kind, "name": name, "url": url})


def _without_empty(data):
    return {key: value for key, value in data.items() if value not in (None, [], "", {})}
