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
    # How many featured projects the home page shows.
    "HOME_FEATURED_PROJECTS": 3,
}


def set_defaults(pelican):
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
