"""site_meta: what makes a page shareable and discoverable.

JSON-LD (``structured_data()`` in templates), the absolute ``canonical_url()`` of a page
(None on a local build, which then writes no canonical link), a plain-text
``description`` and a ``social_image`` URL on every article and page, and the root
files GitHub Pages and crawlers expect (robots.txt, .nojekyll, CNAME); theme
theme files are copied (stylesheets minified) only when they changed. Before anything is written, two sources that would land on
the same output file fail the build with one line naming both (addresses.py).
Settings read: SITEURL, SITENAME, AUTHOR, AUTHOR_HEADLINE, SOCIAL, SOCIAL_IMAGE, CNAME.
"""

from pelican import signals

from inkfolio import plain_pelican

from .addresses import SAME_SLUG_WARNINGS, check_unique_outputs
from .assets import copy_theme_static, take_over_theme_static
from .describe import describe_content
from .site_files import write_site_files
from .structured_data import structured_data
from .urls import canonical_url


def add_template_globals(pelican):
    template_globals = pelican.settings.setdefault("JINJA_GLOBALS", {})
    template_globals["structured_data"] = structured_data
    template_globals["canonical_url"] = canonical_url


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.initialized.connect(add_template_globals)
    signals.initialized.connect(take_over_theme_static)
    signals.initialized.connect(SAME_SLUG_WARNINGS.install)
    # Before describe_content and social_cards: a source that is not written gets no card.
    signals.all_generators_finalized.connect(check_unique_outputs)
    signals.all_generators_finalized.connect(describe_content)
    signals.finalized.connect(write_site_files)
    # get_writer is sent as the output phase starts: when Pelican would copy them itself,
    # so later writers (the CV's PDF print, the search index) find them in place.
    signals.get_writer.connect(copy_theme_static)
