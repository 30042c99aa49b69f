"""obsidian: notes written in Obsidian publish as they are written.

Reading (syntax.py, a python-markdown extension added to MARKDOWN): callouts,
comments, block ids, inline #tags, and placeholders for [[wikilinks]] and ![[embeds]];
==highlights== come from pymdownx.mark. Once all content is known (links.py):
links, embeds and backlinks are resolved. Front matter: ``publish: false`` keeps a
note off the site; ``aliases:`` are other names to link to it by.
Settings: OBSIDIAN_LINK_RESOLUTION ("shortest", "relative" or "absolute").
"""

from pelican import signals

from .embeds import copy_embedded_files
from .links import resolve

EXTENSIONS = ["inkfolio.plugins.obsidian.syntax", "pymdownx.mark"]


def add_extensions(pelican):
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions.extend(name for name in EXTENSIONS if name not in extensions)


def register():
    signals.initialized.connect(add_extensions)
    signals.all_generators_finalized.connect(resolve)
    signals.finalized.connect(copy_embedded_files)
