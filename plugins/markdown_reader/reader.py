"""A Pelican reader for Markdown with YAML (or Pelican-style) front matter.

It returns what a template needs and nothing more: the HTML, the validated
metadata, and facts computed once here (table of contents, reading time, whether
the page has math or code, the files it references).
"""

import html
import logging
import math
import os
import re

from markdown import Markdown
from pelican.readers import BaseReader, MarkdownReader
from pelican.utils import posixize_path, slugify

from inkfolio.core import REPORTED, ContentError, display_path, is_inside, site_root

from . import frontmatter, preread, schema
from .code_style import plain_classes, styles
from .extensions.citations import CitationExtension
from .extensions.code_markup import CodeMarkupExtension
from .extensions.diagrams import diagram_fences
from .extensions.layout import LayoutExtension
from .extensions.math import MathExtension
from .extensions.quick_start import quicken
from .extensions.references import ReferencesExtension
from .note_metadata import css_classes, permalink_address, with_note_defaults

logger = logging.getLogger(__name__)

_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t#]*$")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")
# Fields turned into other metadata in _pelican_metadata, not passed on as written.
_SHAPED_HERE = {"draft", "summary", "publish", "description", "cssclasses", "cssclass"}
# Keys handed to Pelican's own metadata processors (they build Tag, Category...).
_PELICAN_FIELDS = {"tags", "category", "authors", "author", "slug", "status", "lang", "template"}


# Pelican's own MARKDOWN lists 'extra', whose fenced_code cannot read the fences the
# notebook and diagram renderers write (titles, custom fences): SuperFences reads them,
# so 'extra' is taken as its other parts. The table of contents gives headings the ids
# that links to a section ([[Note#Heading]]) point at.
_EXTRA_PARTS = ("abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables")
_REQUIRED = ("pymdownx.superfences", "markdown.extensions.toc")
_DROPPED = {"markdown.extensions.meta", "markdown.extensions.fenced_code"}


def with_what_the_reader_needs(extensions, configs):
    """The MARKDOWN extensions (and their configs) a site lists, with what this reader
    needs added: it works with any site's settings (Pelican's own default too)."""
    configs = {_full_name(name): config for name, config in configs.items()}
    extra = configs.pop("markdown.extensions.extra", {}) or {}
    names = []
    for name in map(_full_name, extensions):
        if name == "markdown.extensions.extra":
            for part in _EXTRA_PARTS:  # its configs are its parts', by their short names
                names.append(f"markdown.extensions.{part}")
                if part in extra:
                    configs.setdefault(f"markdown.extensions.{part}", extra[part])
        elif name not in _DROPPED:  # meta: the front matter is read here
            names.append(name)
    names += [name for name in _REQUIRED if name not in names]
    return list(dict.fromkeys(names)), configs  # each once, in the order given


_CORE = set(
    [
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    ]
)


def _full_name(name):
    """'toc' -> 'markdown.extensions.toc': python-markdown's own, by either name."""
    return f"markdown.extensions.{name}" if name in _CORE else name


class InkfolioMarkdownReader(MarkdownReader):
    """Reads ``.md`` files; replaces Pelican's Markdown reader."""

    def __init__(self, settings):
        BaseReader.__init__(self, settings)  # not MarkdownReader's: no 'meta' extension
        self._markdown = None

    # -- Markdown setup: one instance per reader, reset between files (cheap).

    def markdown(self):
        if self._markdown is None:
            config = self.settings["MARKDOWN"]
            extension_configs = dict(config.get("extension_configs", {}))
            extensions = list(config.get("extensions", []))
            extensions += [e for e in extension_configs if e not in extensions]
            extensions, extension_configs = with_what_the_reader_needs(
                extensions, extension_configs
            )
            # Diagrams are fences SuperFences recognises.
            fences = dict(extension_configs.get("pymdownx.superfences", {}))
            fences["custom_fences"] = [*fences.get("custom_fences", []), *diagram_fences()]
            extension_configs["pymdownx.superfences"] = fences
            extensions += [
                MathExtension(),
                CitationExtension(),
                ReferencesExtension(content_root=self.settings["PATH"]),
                LayoutExtension(),
                CodeMarkupExtension(plain_classes=plain_classes(*styles(self.settings))),
            ]
            self._markdown = Markdown(
                extensions=extensions,
                extension_configs=extension_configs,
                output_format=config.get("output_format", "html5"),
            )
            quicken(self._markdown)
        return self._markdown

    def render(self, text, source_path, source_text=None):
        """HTML of ``text``. Extensions may note facts for the page in ``md.facts``
        (``tags`` join the front matter's) and find lines in ``md.source_text``."""
        md = self.markdown()
        md.reset()
        md.source_path = source_path
        md.source_text = source_text or text
        md.facts = {}
        return md.convert(text), md

    # -- Reading

    def read(self, source_path):
        done = preread.take(source_path)
        if done is not None:
            return done
        try:
            return self._read(source_path)
        except ContentError as error:
            logger.error("%s", error)
            REPORTED.add(self._relative(source_path))
            raise

    def can_preread(self, source_path):
        """Whether worker processes may read this file ahead (see preread.py)."""
        return True

    def _relative(self, source_path):
        return posixize_path(os.path.relpath(source_path, self.settings["PATH"]))

    def _read(self, source_path):
        relative = self._relative(source_path)
        shown = display_path(source_path)
        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
        parsed = frontmatter.parse(text, shown)
        meta = parsed.metadata
        body = parsed.body

        if not meta.get("title"):
            body, title = _take_first_heading(body)
            if title:
                meta["title"] = title
        warnings = typo_warnings(meta, parsed.key_lines, shown, self.known_fields)
        values = validate_or_warn(
            lambda: self.validate(meta, shown, parsed.key_lines, relative), warnings
        )

        summary_html = None
        if values.get("summary"):
            summary_html, _ = self.render(values["summary"], source_path)
        content, md = self.render(body, source_path, text)
        extension_facts = dict(md.facts)
        extra_tags = extension_facts.pop("tags", [])
        values["tags"] = values["tags"] + [tag for tag in extra_tags if tag not in values["tags"]]

        warnings += [
            f"{shown}:{_line_of(text, command)}: the math renderer does not know {command} "
            f"(in ${latex.strip()}$); it is shown as text"
            for latex, command in md.math_problems
        ]
        words = count_words(content)
        references = [
            (what, path, _line_of(text, original)) for what, path, original in md.file_references
        ]
        facts = {
            "toc": _toc(md, self.settings.get("TOC_MIN_HEADINGS", 3)),
            "has_math": md.has_math,
            "has_code": "highlight" in content or "<code" in content,
            "word_count": words,
            "reading_time": max(1, math.ceil(words / self.settings.get("WORDS_PER_MINUTE", 230))),
            "file_references": references,
            # Logged by report.py on every build, also when this page comes from the cache.
            "reader_warnings": warnings,
            **extension_facts,
        }
        return content, self._pelican_metadata(values, summary_html, facts, relative, shown, parsed)

    known_fields = schema.KNOWN_FIELDS

    def validate(self, meta, shown, key_lines, relative):
        """The checked front matter as a dict; a reader of other kinds of files overrides it."""
        is_article = self._is_article(relative)
        path = os.path.join(self.settings["PATH"], relative)
        meta = with_note_defaults(meta, key_lines, shown, path, date_required=is_article)
        required = ("title", "date") if is_article else ("title",)
        return schema.validate(meta, shown, key_lines, required)

    def _pelican_metadata(self, values, summary_html, facts, relative, shown, parsed):
        # Where each field was written, for plugins that check their own fields later.
        metadata = {"front_matter_lines": dict(parsed.key_lines)}
        for name, value in values.items():
            if value is None or value == [] or name in _SHAPED_HERE:
                continue
            if name in {"date", "modified"}:
                metadata[name] = self.process_metadata(name, value.isoformat(sep=" "))
            elif name in _PELICAN_FIELDS:
                metadata[name] = self.process_metadata(name, value)
            elif name == "cover":
                metadata[name] = self._cover_path(value, relative, shown, parsed)
            else:
                metadata[name] = value
        if "slug" not in metadata and self.settings.get("SLUGIFY_SOURCE") == "title":
            # Derived, not chosen: the obsidian plugin may add the folder when two clash.
            metadata["slug"] = metadata["derived_slug"] = self._slug(values["title"])
        if values.get("draft") and "status" not in metadata:
            metadata["status"] = "draft"
        if not schema.is_published(values, self.published_by_default(relative)):
            metadata["status"] = "skip"  # Pelican drops it: never written, never listed
        if values.get("permalink") and metadata.get("status") not in {"draft", "skip"}:
            # A draft stays under drafts/, never at the address it will have.
            metadata["url"], metadata["save_as"] = permalink_address(values["permalink"])
            if values["permalink"] == "/" and self._is_article(relative):
                metadata.setdefault("status", "hidden")  # the home page: not in lists or feeds
        classes = css_classes(values.get("cssclasses"), values.get("cssclass"))
        if classes:
            metadata["cssclasses"] = classes
        if summary_html is not None:
            metadata["summary"] = _unwrap_paragraph(summary_html)
        metadata.update(facts)
        return metadata

    def _slug(self, title):
        # Titles here are plain text; Pelican's slugify strips tags, so escape first
        # ("Loops & <caches>" -> "loops-caches", not "loops").
        return slugify(
            html.escape(title),
            regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=self.settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=self.settings.get("SLUGIFY_USE_UNICODE", False),
        )

    def _cover_path(self, value, relative, shown, parsed):
        """Cover images are given relative to the file (or to content/ with a leading /)."""
        if re.match(r"^[a-z]+://", value):
            return value
        if value.startswith("/"):
            path = value.lstrip("/")
        else:
            path = posixize_path(os.path.normpath(os.path.join(os.path.dirname(relative), value)))
        if not is_inside(site_root(self.settings), os.path.join(self.settings["PATH"], path)):
            raise ContentError(
                shown,
                f"front matter field 'cover': {value!r} is outside the site's folder; copy the "
                "image into content/images/ and name it from there",
                parsed.key_lines.get("cover"),
            )
        if not os.path.isfile(os.path.join(self.settings["PATH"], path)):
            raise ContentError(
                shown,
                f"front matter field 'cover': no file {value!r} (looked for {path} in the content folder)",
                parsed.key_lines.get("cover"),
            )
        return path

    def published_by_default(self, relative):
        """Whether a file without ``publish:`` is published: always for pages (and
        projects); for articles (notes, notebooks), as PUBLISH_DEFAULT says."""
        return self.settings.get("PUBLISH_DEFAULT", True) or not self._is_article(relative)

    def _is_article(self, relative):
        # Pelican adds PAGE_PATHS to ARTICLE_EXCLUDES: with ARTICLE_PATHS = [""], pages/ is not.
        return _is_under(relative, self.settings.get("ARTICLE_PATHS") or [""]) and not _is_under(
            relative, self.settings.get("ARTICLE_EXCLUDES") or []
        )


def _is_under(relative, folders):
    return any(
        p in ("", ".") or relative == p or relative.startswith(p.rstrip("/") + "/") for p in folders
    )


def typo_warnings(metadata, key_lines, shown, known=schema.KNOWN_FIELDS):
    return [
        f"{shown}:{key_lines.get(written, 1)}: unknown front matter field '{written}'; "
        f"did you mean '{meant}'?"
        for written, meant in schema.likely_typos(metadata, known)
    ]


def validate_or_warn(validate, warnings):
    """Run ``validate``; if the file is rejected, its warnings are shown with the error."""
    try:
        return validate()
    except ContentError:
        for warning in warnings:
            logger.warning("%s", warning)
        raise


def count_words(html):
    """Words a reader reads: not the data of figures kept in <script> elements."""
    return len(_WORD.findall(_TAG.sub(" ", _SCRIPT.sub(" ", html))))


def _take_first_heading(body):
    """Obsidian-style notes carry their title as the first '# ' line."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _H1.match(line)
        if match:
            return "\n".join(lines[:index] + lines[index + 1 :]), match["title"]
        break
    return body, None


def _unwrap_paragraph(html):
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def _toc(md, minimum):
    tokens = getattr(md, "toc_tokens", [])

    def shape(items):
        return [{"id": t["id"], "html": t["html"], "children": shape(t["children"])} for t in items]

    count = sum(1 + len(t["children"]) for t in tokens)
    return shape(tokens) if count >= minimum else []


def _line_of(text, needle):
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


class DropRepeatedFailure(logging.Filter):
    """Pelican follows a reader's exception with "Could not process <file>"; after our
    own message naming the file, line and fix, that line only repeats it."""

    def filter(self, record):
        return not (
            record.msg == "Could not process %s" and record.args and str(record.args[0]) in REPORTED
        )
