"""publications: /publications/ from content/data/publications.bib.

Grouped by year, a page per kind of work (papers, preprints, talks, theses...) that
needs no script, each entry with its links (PDF, arXiv, code, slides, video), its
abstract and BibTeX in ``<details>``, the author's own name highlighted, and
schema.org ``ScholarlyArticle`` JSON-LD. The context's ``PUBLICATIONS`` is what the
CV's publications section lists too (cv.py). Settings: see generator.DEFAULTS, and
CV_PUBLICATIONS_FROM_BIB. BibTeX is read by the citations plugin's reader.
"""

from pelican import signals

from inkfolio import fallback_templates, plain_pelican

from .cv import fill_cv
from .generator import PublicationsGenerator, set_defaults


def add_generators(pelican):
    return [PublicationsGenerator]


# Its pages' templates, for themes that have none of their own.
bring_templates = fallback_templates.receiver(__file__)


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.generator_init.connect(bring_templates)
    signals.initialized.connect(set_defaults)
    signals.get_generators.connect(add_generators)
    signals.all_generators_finalized.connect(fill_cv)
