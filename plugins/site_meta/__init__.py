"""site_meta: what makes a page shareable and discoverable.

JSON-LD (``structured_data()`` in templates), a plain-text ``description`` and a
``social_image`` URL on every article and page, and the root files GitHub Pages and
crawlers expect (robots.txt, .nojekyll, CNAME); theme stylesheets are minified. Settings read: SITEURL, SITENAME,
AUTHOR, AUTHOR_HEADLINE, SOCIAL, SOCIAL_IMAGE, CNAME.
"""

from pelican import signals

from .assets import minify_stylesheets
from .describe import describe_content
from .site_files import write_site_files
from .structured_data import structured_data


def add_template_globals(pelican):
    pelican.settings.setdefault("JINJA_GLOBALS", {})["structured_data"] = structured_data


def register():
    signals.initialized.connect(add_template_globals)
    signals.all_generators_finalized.connect(describe_content)
    signals.finalized.connect(write_site_files)
    signals.finalized.connect(minify_stylesheets)
