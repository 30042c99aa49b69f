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

from . import schema as notebook_schema
from .cache import Cache
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
        required = ("title", "date") if self._is_article(relative) else ("title",)
        values = validate_or_warn(lambda: notebook_schema.validate(source, required), warnings)

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
                "status": entry.status if entry else "not executed",
                "executed_at": entry.executed_at if entry else None,
                "duration": entry.duration if entry else None,
                "environment": entry.environment if entry else None,
            },
            "notebook_files": sorted(set(rendered.files)),
            "notebook_libraries": rendered.libraries,
        }
        parsed = types.SimpleNamespace(key_lines=source.key_lines)
        return rendered.html, self._pelican_metadata(
            values, summary_html, facts, relative, shown, parsed
        )
