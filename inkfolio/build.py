"""Build a site, start to finish. Reads top to bottom as the sequence of events:

1. read the settings file (``pelicanconf.py`` or ``publishconf.py``);
2. run Pelican: its readers and plugins compute everything, then it writes ``output/``;
3. judge the run: any error logged on the way (a broken front matter, a missing
   link target...) fails the build, after all of them have been reported.

Before 2, a build whose inputs are all as the last clean build left them stops at once
(see ``inkfolio.up_to_date``).

Mistakes in the author's files are reported as one line each, naming the file and
line; a Python traceback is printed only for a fault in the engine itself.
"""

import glob
import hashlib
import logging
import os
import sys
import time

from pelican import Pelican
from pelican.log import console
from pelican.log import init as init_logging
from pelican.writers import FileOverwriteFailedError
from rich.markup import escape

import inkfolio
import inkfolio.plugins
from inkfolio import plain_pelican, up_to_date
from inkfolio.settings import SettingsError, load_settings

logger = logging.getLogger("inkfolio")


class ProblemCounter(logging.Handler):
    """Counts what was logged at WARNING and above while the build ran."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors = 0
        self.warnings = 0

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


def build(settings_file, output=None, overrides=None, strict=False, verbosity=logging.WARNING):
    """Build the site; return the process exit status (0 when it built cleanly)."""
    setup_logging(verbosity)
    plain_pelican.RUN_BY_INKFOLIO = True  # this function judges the run, not the plugins
    counter = ProblemCounter()
    logging.getLogger().addHandler(counter)
    started = time.perf_counter()
    inputs = None
    try:
        settings = load_settings(settings_file, output, overrides)
        if may_be_up_to_date(settings, overrides):
            inputs = up_to_date.inputs_fingerprint(settings_file, settings, overrides, strict)
            if inputs and up_to_date.is_up_to_date(settings, inputs):
                console.print(
                    f"Nothing changed since the last build: {settings['OUTPUT_PATH']} is up to "
                    f"date ({time.perf_counter() - started:.1f} s)"
                )
                return 0
        up_to_date.forget(settings)  # a build that stops half-way leaves no record behind
        forget_cache_of_other_engine(settings)
        Pelican(settings).run()
    except FileOverwriteFailedError as error:
        logger.error(
            "two parts of the site write the same file (%s); move one of them "
            "(inkfolio's address check missed this one: please report it)",
            error,
        )
        return 1
    except SettingsError as error:
        console.print(
            f"[bold red]Build failed:[/] {escape(str(error))}", highlight=False, soft_wrap=True
        )
        return 1
    except Exception:
        logger.exception("inkfolio stopped on an internal error (please report it)")
        return 2
    finally:
        logging.getLogger().removeHandler(counter)
    failed = counter.errors or (strict and counter.warnings)
    if failed:
        what = f"{counter.errors} error(s)" + (
            f" and {counter.warnings} warning(s) (--strict)" if strict and counter.warnings else ""
        )
        console.print(f"[bold red]Build failed:[/] {what}, listed above.")
        return 1
    if inputs and not counter.warnings:  # warnings are shown again at the next build
        up_to_date.remember(settings, inputs)
    console.print(f"Built {settings['OUTPUT_PATH']} in {time.perf_counter() - started:.1f} s")
    return 0


def may_be_up_to_date(settings, overrides):
    """Whether this build may stop when nothing changed: not under livereload (whose
    builder keeps its own state) and not when asked to execute notebooks again."""
    livereload = "WRITE_FIRST" in (overrides or {})
    return not livereload and not up_to_date.forces_a_build(settings)


# Settings that change what a reader makes of a file; URLs and output paths do not.
READER_SETTINGS = (
    "PATH",
    "ARTICLE_PATHS",
    "PAGE_PATHS",
    "MARKDOWN",
    "PYGMENTS_STYLE_LIGHT",
    "PYGMENTS_STYLE_DARK",
    "TOC_MIN_HEADINGS",
    "WORDS_PER_MINUTE",
    "TIMEZONE",
    "DEFAULT_LANG",
    "DEFAULT_DATE",
    "SLUGIFY_SOURCE",
    "SLUG_REGEX_SUBSTITUTIONS",
    "FORMATTED_FIELDS",
    "PLUGINS",
)


def forget_cache_of_other_engine(settings):
    """Pelican's read cache is keyed by each source file only; a changed plugin, engine
    version or reader setting would otherwise serve pages rendered the old way."""
    digest = hashlib.sha256(inkfolio.__version__.encode())
    digest.update(repr([settings.get(name) for name in READER_SETTINGS]).encode())
    engine = {os.path.dirname(inkfolio.__file__), os.path.dirname(inkfolio.plugins.__file__)}
    for folder in [*sorted(engine), *settings.get("PLUGIN_PATHS", [])]:
        for path in sorted(glob.glob(os.path.join(folder, "**", "*.py"), recursive=True)):
            with open(path, "rb") as handle:
                digest.update(handle.read())
    cache = settings["CACHE_PATH"]
    stamp_file = os.path.join(cache, "engine-fingerprint")
    try:
        with open(stamp_file, encoding="utf-8") as handle:
            current = handle.read()
    except OSError:
        current = None
    if current != digest.hexdigest():
        # Pelican's cache is the files at the top of CACHE_PATH; folders (such as a
        # notebook cache someone placed there) are left alone.
        for entry in os.scandir(cache) if os.path.isdir(cache) else ():
            if entry.is_file():
                os.remove(entry.path)
        os.makedirs(cache, exist_ok=True)
        with open(stamp_file, "w", encoding="utf-8") as handle:
            handle.write(digest.hexdigest())


def execute(settings_file, overrides=None, shard=None, verbosity=logging.WARNING):
    """Execute stale notebooks into the cache without building (CI shards, GPU machines)."""
    setup_logging(verbosity)
    settings = load_settings(settings_file, overrides=overrides)
    from inkfolio.plugins.notebooks.planner import run as run_planner

    problems = run_planner(settings, shard=shard)
    return 1 if problems else 0


def setup_logging(verbosity):
    """Rich, coloured lines on a terminal; one plain line per message elsewhere (CI, logs)."""
    if sys.stderr.isatty():
        init_logging(level=verbosity, name="pelican")
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        init_logging(level=verbosity, name="pelican", handler=handler)
    logging.getLogger("inkfolio").setLevel(verbosity)
