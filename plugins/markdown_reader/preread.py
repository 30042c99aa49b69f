"""Read a cold site's Markdown on every core.

Pelican reads files one at a time. Just before a generator reads, the Markdown files
its content cache cannot serve are rendered by worker processes, and the reader then
hands Pelican those results instead of rendering again. This is safe because reading
a file depends only on the file and the settings: everything that needs other pages
(links, embeds, backlinks, cards) is resolved after reading, which is also what lets
Pelican's own cache serve pages. So a page read here is the page a serial read makes.

Files that fail are left out: the serial read meets them again and reports them in
the usual words. Workers are forked (they share the loaded plugins and settings);
where fork is not available, or for a handful of files, everything is read serially.
"""

import logging
import multiprocessing
import os

from pelican.generators import ArticlesGenerator

from inkfolio.core import Progress

logger = logging.getLogger(__name__)

# Below this many files, starting workers costs more than it saves.
MIN_FILES = 24
_results = {}  # absolute path -> (file stamp, (content, metadata)), taken once


def take(path):
    """The pre-read result for ``path``, or None: the reader then reads it itself."""
    stamp, result = _results.pop(path, (None, None))
    return result if stamp is not None and stamp == _stamp(path) else None


def _stamp(path):
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


def read_ahead(generator):
    """Connected to ``article_generator_init`` and ``page_generator_init``."""
    workers = os.cpu_count() or 1
    if (
        not generator.settings.get("PARALLEL_READING", True)
        or "fork" not in multiprocessing.get_all_start_methods()
        or workers < 2
    ):
        return
    paths = _stale_markdown(generator)
    if len(paths) < MIN_FILES:
        return
    global _reader
    _reader = generator.readers.readers["md"]
    stamps = {path: _stamp(path) for path in paths}  # taken before reading: a later edit wins
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(paths) // (workers * 8))
    read = 0
    with (
        context.Pool(workers, initializer=_quiet) as pool,
        Progress(f"Reading {len(paths)} Markdown files", len(paths)) as progress,
    ):
        for path, result in zip(paths, pool.imap(_read, paths, chunksize=chunk), strict=True):
            if result is not None:
                _results[path] = (stamps[path], result)
                read += 1
            progress.advance()
    logger.info("Read %d of %d Markdown files ahead, on %d processes", read, len(paths), workers)


def _stale_markdown(generator):
    """Markdown files of this generator that neither of Pelican's caches can serve."""
    kind = "ARTICLE" if isinstance(generator, ArticlesGenerator) else "PAGE"
    files = generator.get_files(
        generator.settings[f"{kind}_PATHS"], exclude=generator.settings[f"{kind}_EXCLUDES"]
    )
    reader = generator.readers.readers.get("md")
    if reader is None:
        return []
    # Pelican caches at one of two layers ("reader" by default): only that one holds data.
    generator_layer = generator.settings.get("CONTENT_CACHING_LAYER") == "generator"
    stale = []
    for relative in sorted(files):
        path = os.path.abspath(os.path.join(generator.path, relative))
        if not path.endswith(".md") or not reader.can_preread(path):
            continue
        if generator_layer and generator.get_cached_data(relative, None) is not None:
            continue
        if generator.readers.get_cached_data(path, (None, None))[0] is not None:
            continue
        stale.append(path)
    return stale


_reader = None  # the generator's Markdown reader, inherited by the forked workers


def _quiet():
    # Problems are reported by the serial read of the same file, or from the page's
    # facts on every build (report.py): a worker's own messages would repeat them.
    logging.disable(logging.CRITICAL)


def _read(path):
    try:
        return _reader.read(path)
    except Exception:  # noqa: BLE001 (the serial read reports it properly)
        return None
