"""contributions: open-source work from content/data/contributions.yaml.

The page /open-source/ (with a page per state and per language as filters that need
no JavaScript) and ``OPEN_SOURCE`` in the context for the home page. The file is
refreshed by ``invoke sync-contributions`` (contributions/sync.py), never by a build.
Settings: CONTRIBUTIONS_FILE, OPEN_SOURCE_URL.
"""

from pelican import signals

from inkfolio import fallback_templates, plain_pelican

from .page import ContributionsGenerator

DEFAULTS = {
    "CONTRIBUTIONS_FILE": "data/contributions.yaml",  # inside content/
    "OPEN_SOURCE_URL": "open-source/",
}


def set_defaults(pelican):
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def add_generator(pelican):
    return ContributionsGenerator


# Its pages' templates, for themes that have none of their own.
bring_templates = fallback_templates.receiver(__file__)


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.generator_init.connect(bring_templates)
    signals.initialized.connect(set_defaults)
    signals.get_generators.connect(add_generator)
