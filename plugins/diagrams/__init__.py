"""diagrams: ```` ```mermaid ```` and ```` ```dot ```` fences become inline SVG when the
site is built: no script on the page, text that search indexes, readable in light and
dark mode, sized for phones, alt text from a caption or a comment.

The Markdown reader marks each fence (markdown_reader/extensions/diagrams.py), so
articles, pages, projects, Obsidian notes and notebook Markdown cells all have them.
Once all content is known (``draw_diagrams``), the diagrams not in the cache are drawn,
Mermaid's in one browser session, and swapped in. List this plugin after site_meta
(a page's description is its prose, not its diagrams' labels).

Settings: MERMAID_CLI ("mmdc": the site's node_modules/.bin/mmdc, else on PATH; False:
off), MERMAID_BROWSER (a Chromium; default: the first on PATH), MERMAID_CONFIG (laid
over the theme's Mermaid configuration), GRAPHVIZ_DOT ("dot"; False: off),
DIAGRAMS_CACHE_PATH (".cache/diagrams", relative to the site's folder).
"""

from pelican import signals

from inkfolio.plugins import markdown_reader

from .draw import draw_diagrams


def register():
    markdown_reader.register()  # its reader marks what this plugin resolves
    signals.all_generators_finalized.connect(draw_diagrams)
