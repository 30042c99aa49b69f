"""notebooks: notebook articles, executed once, cached by content, rendered light.

Registers the markdown_reader plugin (prose and code cells use its Markdown setup).
Notebooks are read from the article paths and from the site's notebooks/ folder
(folders.py).
Settings: see notebooks/settings.py. Front matter adds execute, allow_errors,
timeout, kernel and depends; none of it is required (a notebook straight from
Jupyter is titled by its first heading or file name, dated by git or its file).
Metadata added: notebook (execution facts, shaped for the template), notebook_files,
date_from (when the date was not in the front matter), and on articles after all
content is known: notebook_downloads.
"""

from pelican import signals

from inkfolio.plugins import markdown_reader

from . import _quick_imports  # noqa: F401  (first: it keeps a slow module from loading)
from .cache import Cache
from .folders import read_notebooks_folder, report_folders_read
from .output import link_notebook_files, write_notebook_files
from .planner import PLANNED_KEYS
from .planner import run as execute_stale
from .reader import NotebookReader
from .settings import notebook_settings


def execute_before_reading(pelican):
    execute_stale(pelican.settings)


def use_reader(readers):
    for extension in NotebookReader.file_extensions:
        readers.reader_classes[extension] = NotebookReader


def forget_stale_pages(generator):
    """Pelican's read cache knows only the source file's stamp; a notebook's page also
    depends on its execution (depends: files, re-runs). Forget pages made from another
    cache entry than the current one, once per generator, before it reads."""
    readers = generator.readers
    if getattr(readers, "_notebook_pages_checked", False):
        return
    readers._notebook_pages_checked = True
    cache = getattr(readers, "_cache", None) or {}
    store = Cache(notebook_settings(generator.settings).cache_path)
    for path, key in PLANNED_KEYS.items():
        cached = cache.get(path)
        if cached and (cached[1][1] or {}).get("notebook", {}).get("stamp") != store.stamp(key):
            del cache[path]


def register():
    markdown_reader.register()  # notebooks' prose and code are its Markdown
    signals.initialized.connect(read_notebooks_folder)
    signals.initialized.connect(execute_before_reading)
    signals.readers_init.connect(use_reader)
    signals.article_generator_preread.connect(forget_stale_pages)
    signals.page_generator_preread.connect(forget_stale_pages)
    signals.all_generators_finalized.connect(link_notebook_files)
    signals.finalized.connect(write_notebook_files)
    signals.finalized.connect(report_folders_read)
