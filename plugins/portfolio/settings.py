"""The portfolio's settings and their defaults, set once when Pelican starts."""

DEFAULTS = {
    "PROJECT_PATHS": ["projects"],  # folders inside content/ holding one file per project
    "PROJECT_URL": "projects/{slug}/",
    "PROJECT_SAVE_AS": "projects/{slug}/index.html",
    "PROJECTS_URL": "projects/",
    "PROJECTS_SAVE_AS": "projects/index.html",
    # One page per technology: the projects index filtered, with no JavaScript.
    "PROJECT_TECH_URL": "projects/tech/{slug}/",
    "PROJECT_TECH_SAVE_AS": "projects/tech/{slug}/index.html",
    "CV_URL": "cv/",
    "CV_SAVE_AS": "cv/index.html",
    # A page per CV variant (the résumé's meta.variants): not listed, noindex.
    "CV_VARIANT_URL": "cv/{variant}/",
    "CV_VARIANT_SAVE_AS": "cv/{variant}/index.html",
    # A translation of the résumé beside it (resume.de.yaml) is the same CV under this
    # prefix: /de/cv/, /de/cv/ml-infra/.
    "CV_LANG_PREFIX": "{lang}/",
    # The résumé, inside content/; None: content/data/resume.yaml, .yml or .json.
    "RESUME_FILE": None,
    # The CV's PDF: "auto" (when Chromium is installed), True (warn without it), False,
    # or the browser's command or path; printed PDFs are kept in CV_PDF_CACHE.
    "CV_PDF": "auto",
    "CV_PDF_CACHE": ".cache/portfolio",  # relative to the site's folder
    # Applications (content/applications/): each a private page at its file's own
    # unguessable address, with the letter's PDF beside it.
    "APPLICATION_PATHS": ["applications"],
    "APPLICATION_URL": "applications/{address}/",
    "APPLICATION_SAVE_AS": "applications/{address}/index.html",
    # How many featured projects the home page shows.
    "HOME_FEATURED_PROJECTS": 3,
}


def set_defaults(pelican):
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    # Project and application files are not articles or pages, wherever those are read
    # from (a Pelican site reads all of content/).
    own = [*settings["PROJECT_PATHS"], *settings["APPLICATION_PATHS"]]
    for kind in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excluded = list(settings.get(kind) or [])
        settings[kind] = excluded + [p for p in own if p not in excluded]
