"""markdown_reader: Markdown with YAML front matter, math, code labels and checked links.

Settings read: MARKDOWN, TOC_MIN_HEADINGS, WORDS_PER_MINUTE, PYGMENTS_STYLE_LIGHT,
PYGMENTS_STYLE_DARK, PARALLEL_READING, PUBLISH_DEFAULT (True; False: an article is
published only when its front matter says ``publish: true``), LINKS_TO_MISSING_NOTES
("error"; "warning": a link to a note that does not exist is its plain text, and a
warning). Metadata added to each article/page: toc, has_math, has_code, reading_time, file_references, cover; cssclasses
(Obsidian's, as class names); derived_slug (a slug from the title, no one chose it);
date_from (how a page with no date of its own was dated: see inkfolio.source_dates;
listed at the end of reading).
Obsidian Publish's ``permalink:`` becomes the page's url and save_as. Links to pages
that are not written show as plain text (unwritten.py).
"""

import logging

from pelican import signals

from inkfolio import plain_pelican

from . import pelican_lines
from .code_style import write_code_stylesheet
from .other_plugins import name_replaced_plugins
from .preread import read_ahead
from .reader import DropRepeatedFailure, InkfolioMarkdownReader
from .report import report_problems
from .shared_token_classes import install as share_token_classes
from .unwritten import hide_unwritten_links


def use_reader(readers):
    for extension in InkfolioMarkdownReader.file_extensions:
        readers.reader_classes[extension] = InkfolioMarkdownReader


def register():
    if getattr(register, "done", False):  # other plugins register it too
        return
    register.done = True
    plain_pelican.register()  # under `pelican`, its errors fail the build
    share_token_classes()
    logging.getLogger("pelican.generators").addFilter(DropRepeatedFailure())
    pelican_lines.install()
    signals.initialized.connect(name_replaced_plugins)
    signals.readers_init.connect(use_reader)
    signals.article_generator_init.connect(read_ahead)
    signals.page_generator_init.connect(read_ahead)
    signals.all_generators_finalized.connect(hide_unwritten_links)
    signals.all_generators_finalized.connect(report_problems)
    signals.finalized.connect(write_code_stylesheet)
