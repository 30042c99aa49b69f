"""A Pelican writer that leaves a file alone when what it would write is already there,
and that can write the pages of some sources before all the others (WRITE_FIRST)."""

import io
import logging
import os
from itertools import chain

from blinker import signal
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import FileOverwriteFailedError, Writer

from inkfolio.core import Progress

logger = logging.getLogger(__name__)

# The generators of the build under way: the writer is made after they have read
# everything, and finds in them the pages WRITE_FIRST asks for.
_generators = []
_progress = []  # the writing's progress bar, closed once everything is written


def remember_generators(generators):
    _generators[:] = generators


def close_progress(pelican):
    while _progress:
        _progress.pop().close()


class ChangedFilesWriter(Writer):
    """``changed_files``: what this build wrote or rewrote (the rest was already right)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.changed_files = set()
        self._first = {os.path.abspath(path) for path in (settings or {}).get("WRITE_FIRST", ())}
        self._written_first = set()
        self.progress = Progress("Writing pages")
        _progress.append(self.progress)

    def write_file(self, name, *args, **kwargs):
        self._write_first_pages()
        self.progress.advance(f"Writing pages: {self.progress.done + 1}")
        if name and os.path.join(self.output_path, name) in self._written_first:
            return  # written first, from the same content and context
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, *args, **kwargs):
        self._write_first_pages()
        return super().write_feed(*args, **kwargs)

    def _write_first_pages(self):
        """Before the first file of the build: the pages of the WRITE_FIRST sources,
        exactly as their generator writes them a moment later (that write is skipped)."""
        if not self._first:
            return
        sources, self._first = self._first, set()
        before = set(self.changed_files)
        for generator in _generators:
            for name, template, context, kwargs in first_writes(generator, sources):
                super().write_file(name, template, context, **kwargs)
                self._written_first.add(os.path.join(self.output_path, name))
        changed = sorted(self.changed_files - before)
        if changed:
            signal("inkfolio_first_pages_written").send(self, changed_files=changed)

    def _open_w(self, filename, encoding, override=False):
        # Pelican's bookkeeping for files written twice, as in Writer._open_w (Pelican
        # 4.12); only the final open() differs, so the rules stay Pelican's own.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files:
            if override:
                logger.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return WriteIfChanged(filename, encoding, self.changed_files)


# The lists each generator writes, in its order (Pelican 4.12).
ARTICLE_LISTS = ("translations", "articles", "hidden_translations", "hidden_articles")
PAGE_LISTS = (
    "translations",
    "pages",
    "hidden_translations",
    "hidden_pages",
    "draft_translations",
    "draft_pages",
)


def first_writes(generator, sources):
    """The write_file calls ``generator`` makes for the content read from ``sources``,
    with the same arguments (Pelican 4.12's generate_articles and generate_output), and
    the signal it sends before each. A plugin's generator takes part by having a
    ``first_writes(sources)`` of its own."""
    if hasattr(generator, "first_writes"):
        yield from generator.first_writes(sources)
        return
    if isinstance(generator, ArticlesGenerator):
        lists, before_write = ARTICLE_LISTS, signals.article_generator_write_article

        def own(article):
            return {
                "article": article,
                "category": getattr(article, "category", None),
                "blog": True,
            }

    elif isinstance(generator, PagesGenerator):
        lists, before_write = PAGE_LISTS, signals.page_generator_write_page

        def own(page):
            return {"page": page}

    else:
        return
    for content in chain(*(getattr(generator, name) for name in lists)):
        if os.path.abspath(content.source_path) in sources:
            before_write.send(generator, content=content)
            yield (
                content.save_as,
                generator.get_template(content.template),
                generator.context,
                {
                    **own(content),
                    "override_output": hasattr(content, "override_save_as"),
                    "url": content.url,
                    "relative_urls": generator.settings["RELATIVE_URLS"],
                },
            )


class WriteIfChanged(io.StringIO):
    """Collects the text; on close, writes it only if the file holds other bytes."""

    def __init__(self, path, encoding, changed_files):
        super().__init__()
        self.path, self.text_encoding, self.changed_files = path, encoding, changed_files

    def close(self):
        if not self.closed:
            # The bytes Pelican's text-mode open() would have written.
            data = self.getvalue().replace("\n", os.linesep).encode(self.text_encoding)
            if not same_bytes(self.path, data):
                with open(self.path, "wb") as handle:
                    handle.write(data)
                self.changed_files.add(self.path)
        super().close()


def same_bytes(path, data):
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False
