"""Pelican reader for notebook articles: renders what the planner left in the cache.

It never starts a kernel. ``.md`` files without a jupytext/kernel header, the
usual Markdown articles, go to the Markdown reader this class extends.
"""

import copy
import logging
import math
import os
import types

from inkfolio.core import REPORTED, ContentError, display_path
from inkfolio.plugins.markdown_reader.reader import (
    InkfolioMarkdownReader,
    _line_of,
    _toc,
    count_words,
    typo_warnings,
    validate_or_warn,
)
from inkfolio.source_dates import source_date

from . import schema as notebook_schema
from .cache import Cache, describe_failure
from .planner import PLANNED_KEYS
from .settings import notebook_settings
from .source import is_notebook_file, load

logger = logging.getLogger(__name__)


class NotebookReader(InkfolioMarkdownReader):
    file_extensions = ["ipynb", "py", "md"]

    def read(self, source_path):
        if not is_notebook_file(source_path):
            if source_path.endswith(".md"):
                return super().read(source_path)
            return "", {"status": "skip"}  # a helper module next to the notebooks
        relative = self._relative(source_path)
        try:
            return self._read_notebook(source_path, relative)
        except ContentError as error:
            if relative not in REPORTED:  # the planner may have said it already
                logger.error("%s", error)
                REPORTED.add(relative)
            raise

    def can_preread(self, source_path):
        # Notebooks are read here: they are few, and reading one writes to the cache.
        return not is_notebook_file(source_path)

    def _read_notebook(self, source_path, relative):
        shown = display_path(source_path)
        source = load(source_path, shown)
        config = notebook_settings(self.settings)
        store = Cache(config.cache_path)
        warnings = typo_warnings(
            source.front, source.key_lines, shown, notebook_schema.KNOWN_FIELDS
        )
        # A notebook straight from Jupyter has no front matter: its title comes from its
        # first heading or file name (source.py), its date from git or the file.
        values = validate_or_warn(lambda: notebook_schema.validate(source, ("title",)), warnings)
        date_from = None
        if self._is_article(relative) and not values.get("date"):
            values["date"], date_from = source_date(source_path)

        # Executed notebooks were planned before reading began; others show saved outputs.
        key = PLANNED_KEYS.get(source_path) if source.options["execute"] else None
        entry = store.get(key) if key else None
        if entry is not None:
            notebook = source.with_outputs(entry.notebook)
        else:  # execute: false, or --no-execute without a cache entry: the saved outputs
            notebook = copy.deepcopy(source.notebook)
            store.extract_images(notebook)

        from .render import render  # its imports (nbconvert, bs4) are for notebook sites only

        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
        rendered = render(
            notebook, lambda cell: self.render(cell, source_path, text), store.file_path
        )
        prose_facts = dict(rendered.markdown.facts)  # wikilinks, callouts... of the prose
        extra_tags = prose_facts.pop("tags", [])
        values["tags"] = values["tags"] + [tag for tag in extra_tags if tag not in values["tags"]]
        summary_html = (
            self.render(values["summary"], source_path)[0] if values.get("summary") else None
        )
        words = count_words(rendered.html)
        facts = {
            "toc": _toc(rendered.markdown, self.settings.get("TOC_MIN_HEADINGS", 3)),
            "has_math": rendered.has_math,
            "has_code": rendered.has_code,
            "word_count": words,
            "reading_time": max(1, math.ceil(words / self.settings.get("WORDS_PER_MINUTE", 230))),
            "file_references": [
                (what, path, _line_of(text, original))
                for what, path, original in rendered.markdown.file_references
            ],
            "reader_warnings": warnings,
            **prose_facts,
            "notebook": {
                "key": entry.key if entry else None,
                "stamp": store.stamp(entry.key) if entry else None,
                "source_name": os.path.basename(source_path),
                **run_facts(entry),
            },
            "notebook_files": sorted(set(rendered.files)),
            "notebook_libraries": rendered.libraries,
        }
        if date_from:
            facts["date_from"] = date_from  # the build lists every page dated this way
        parsed = types.SimpleNamespace(key_lines=source.key_lines)
        return rendered.html, self._pelican_metadata(
            values, summary_html, facts, relative, shown, parsed
        )


def run_facts(entry):
    """What the page says about the run, the same keys for every kind of result (executed,
    failed, never executed, a failure recorded by an older version), so the template
    only lays out text. An entry's environment may lack any field (a worker that died
    recorded none): each part of the sentence is optional."""
    if entry is None:
        return {
            "status": "not executed",
            "executed_at": None,
            "executed_on": None,
            "duration": None,
            "ran_with": None,
            "ran_on": None,
            "runner": None,
            "failure": None,
        }
    environment = entry.environment if isinstance(entry.environment, dict) else {}
    executed_at = entry.executed_at if isinstance(entry.executed_at, str) else None
    return {
        "status": entry.status,
        "executed_at": executed_at,
        "executed_on": executed_at[:10] if executed_at else None,
        "duration": entry.duration if isinstance(entry.duration, int | float) else None,
        "ran_with": _ran_with(environment),
        "ran_on": _ran_on(environment),
        "runner": environment.get("runner") if isinstance(environment.get("runner"), str) else None,
        "failure": describe_failure(entry.error) if entry.status == "failed" else None,
    }


def _ran_with(environment):
    """'Python 3.12.1, numpy 2.1.0': the interpreter, then the packages the code imports."""
    if not environment.get("python"):
        return None
    packages = environment.get("packages")
    packages = sorted(packages.items()) if isinstance(packages, dict) else []
    return ", ".join([f"Python {environment['python']}"] + [f"{n} {v}" for n, v in packages])


def _ran_on(environment):
    """'AMD EPYC 7763 (2 cores, 1 BLAS thread)', then the GPUs a runner reported:
    'and NVIDIA A100-SXM4-80GB (81920 MiB, driver 535.104.05)'."""
    if not environment.get("cpu"):
        return None
    details = []
    if environment.get("cores"):
        details.append(f"{environment['cores']} cores")
    threads = environment.get("threads")
    if threads:
        details.append(f"{threads} BLAS thread{'s' if threads != 1 else ''}")
    text = environment["cpu"] + (f" ({', '.join(details)})" if details else "")
    gpus = environment.get("gpus")
    gpus = [gpu for gpu in gpus if isinstance(gpu, dict)] if isinstance(gpus, list) else []
    for gpu in gpus:
        facts = ", ".join(
            part
            for part in (gpu.get("memory"), gpu.get("driver") and f"driver {gpu['driver']}")
            if part
        )
        text += f" and {gpu.get('name', 'a GPU')}" + (f" ({facts})" if facts else "")
    return text
