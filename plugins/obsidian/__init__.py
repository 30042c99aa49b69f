"""obsidian: notes written in Obsidian publish as they are written.

Reading (syntax.py, a python-markdown extension added to MARKDOWN): callouts,
comments, block ids, inline #tags, and placeholders for [[wikilinks]] and ![[embeds]];
==highlights== come from pymdownx.mark. Once a generator has read its files
(same_names.py): notes of one name in different folders get their folder in their
slug. Once all content is known (links.py): links, embeds and backlinks are resolved,
and each of a note's ``aliases:`` gets a redirect page (redirects.py, written in the
output phase). Front matter: ``publish: false`` keeps a note off the site (links to it
look like links to nothing, and say nothing); ``aliases:`` are other names to link to it by.
Settings: OBSIDIAN_LINK_RESOLUTION ("shortest", "relative" or "absolute"); in a vault
(content/ or the site's folder holds Obsidian's .obsidian/), LINKS_TO_MISSING_NOTES
defaults to "warning": a [text](Note.md) link to no note is told like a [[Note]] one.
"""

import os

from pelican import signals

from inkfolio.core import site_root
from inkfolio.plugins import markdown_reader

from .embeds import copy_embedded_files
from .links import resolve
from .redirects import note_written, plan_redirects, write_redirects
from .same_names import SAME_SLUG_WARNINGS, separate_articles, separate_pages
from .vault import forget_skipped, note_skipped

EXTENSIONS = ["inkfolio.plugins.obsidian.syntax", "pymdownx.mark"]


def treat_links_as_obsidian_does(pelican):
    settings = pelican.settings
    folders = {settings["PATH"], site_root(settings)}
    if any(os.path.isdir(os.path.join(folder, ".obsidian")) for folder in folders):
        settings.setdefault("LINKS_TO_MISSING_NOTES", "warning")


def add_extensions(pelican):
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions.extend(name for name in EXTENSIONS if name not in extensions)


def register():
    markdown_reader.register()  # its reader marks what this plugin resolves
    signals.initialized.connect(add_extensions)
    signals.initialized.connect(treat_links_as_obsidian_does)
    signals.initialized.connect(forget_skipped)
    signals.article_generator_context.connect(note_skipped)
    signals.page_generator_context.connect(note_skipped)
    signals.article_generator_init.connect(SAME_SLUG_WARNINGS.install)
    signals.page_generator_init.connect(SAME_SLUG_WARNINGS.install)
    signals.article_generator_pretaxonomy.connect(separate_articles)
    signals.page_generator_finalized.connect(separate_pages)
    signals.all_generators_finalized.connect(resolve)
    signals.all_generators_finalized.connect(plan_redirects)
    signals.content_written.connect(note_written)
    signals.finalized.connect(write_redirects)
    signals.finalized.connect(copy_embedded_files)
