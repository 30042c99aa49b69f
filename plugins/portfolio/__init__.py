"""portfolio: project pages (content/projects/), the CV pages (content/data/resume.*) and
private application pages (content/applications/).

Projects: a page per project at /projects/<slug>/, an index at /projects/ with a page
per technology, and two-way links with the articles whose front matter says
``project: <slug>``. CV: /cv/ from one JSON Resume file, with a PDF when Chromium is
installed; a page and PDF per variant and per language. Applications: see
applications.py. Settings: see portfolio/settings.py.
"""

from pelican import signals

from inkfolio import fallback_templates, plain_pelican

from .applications import ApplicationsGenerator, link_work
from .cv import CvGenerator
from .pdf import print_planned
from .projects import ProjectsGenerator, link_articles
from .settings import set_defaults


def add_generators(pelican):
    return [ProjectsGenerator, CvGenerator, ApplicationsGenerator]  # in this order


# Its pages' templates, for themes that have none of their own.
bring_templates = fallback_templates.receiver(__file__)


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.generator_init.connect(bring_templates)
    signals.initialized.connect(set_defaults)
    signals.get_generators.connect(add_generators)
    signals.all_generators_finalized.connect(link_articles)
    signals.all_generators_finalized.connect(link_work)
    signals.finalized.connect(print_planned)
