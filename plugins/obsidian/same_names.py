"""Notes of the same name in different folders (Obsidian allows it) each get an address.

A slug nobody chose comes from the title, and a note's title is often its file name,
so ``a/Note.md`` and ``b/Note.md`` would both be ``blog/note/``. When slugs derived
that way clash (the same slug in one list, or the same output file), each note in the
clash gets its folder in its slug: ``blog/a-note/``, ``blog/b-note/``; a note at the
top of its content folder has no folder and keeps the plain slug. A ``slug:`` or
``permalink:`` the author wrote is never changed: the derived one steps aside.

Runs once a generator has read its files (``article_generator_pretaxonomy``,
``page_generator_finalized``), before anything reads a URL. It starts every build from
the slug the title gave (kept in ``derived_slug``: a page from the cache may carry
last build's choice), so an address depends only on which files there are.

Pelican has by then taken pages of one slug for translations of each other: they are
grouped again, and its warnings about them are dropped (``SameSlugWarnings``).
"""

import logging
import os
import posixpath
from collections import Counter

from pelican.utils import order_content, posixize_path, process_translations

from .addresses import normalised, slug_of

ARTICLE_LISTS = (
    ("articles", "translations"),
    ("hidden_articles", "hidden_translations"),
    ("drafts", "drafts_translations"),
)
PAGE_LISTS = (
    ("pages", "translations"),
    ("hidden_pages", "hidden_translations"),
    ("draft_pages", "draft_translations"),
)


def separate_articles(generator):
    _separate(generator, ARTICLE_LISTS, "ARTICLE")


def separate_pages(generator):
    _separate(generator, PAGE_LISTS, "PAGE")


def _separate(generator, lists, kind):
    groups = [
        [content for name in names for content in getattr(generator, name)] for names in lists
    ]
    grouped_by = {id(content): content.slug for group in groups for content in group}
    for group in groups:
        for content in group:
            _start_from_derived_slug(content)
    roots = generator.settings[f"{kind}_PATHS"]
    _give_folders(groups, roots, generator.settings)
    if any(content.slug != grouped_by[id(content)] for group in groups for content in group):
        _regroup(generator, lists, kind)


def _start_from_derived_slug(content):
    if "slug" not in content.metadata:  # Pelican's own slug (SLUGIFY_SOURCE): derived too
        content.metadata.setdefault("derived_slug", content.slug)
    if not has_own_address(content):
        _set_slug(content, content.metadata["derived_slug"])


def has_own_address(content):
    """A slug or address the author wrote: never moved."""
    metadata = content.metadata
    chose_slug = "slug" in metadata and "derived_slug" not in metadata
    return chose_slug or "save_as" in metadata


def _set_slug(content, slug):
    content.slug = slug
    if "slug" in content.metadata:
        content.metadata["slug"] = slug


def _keys(content, group_index):
    """What may be one page's only: its slug in its list (Pelican pairs pages of one
    slug as translations) and its output file."""
    keys = {("slug", group_index, content.slug, content.lang)}
    if save_as := normalised(content.save_as):
        keys.add(("file", save_as))
    return keys


def _give_folders(groups, roots, settings):
    counts = Counter(
        key for index, group in enumerate(groups) for c in group for key in _keys(c, index)
    )
    claimed, clashing = set(), []
    for index, group in enumerate(groups):
        for content in group:
            keys = _keys(content, index)
            if has_own_address(content) or all(counts[key] == 1 for key in keys):
                claimed |= keys
            else:
                clashing.append((content.source_path, index, content))
    for _, index, content in sorted(clashing, key=lambda item: item[0]):
        for slug in _candidate_slugs(content, roots, settings):
            _set_slug(content, slug)
            if not _keys(content, index) & claimed:
                break
        else:
            _set_slug(content, content.metadata["derived_slug"])  # left for the final check
        claimed |= _keys(content, index)


def _candidate_slugs(content, roots, settings):
    """Plain (at the top of its folder only), then with its folder, then with its file
    name, then with the file's extension too: each more certainly its own."""
    folder, name = _place(content, roots)
    derived = content.metadata["derived_slug"]
    words = folder.replace("/", " ")
    if not folder:
        yield derived
    else:
        yield f"{slug_of(words, settings)}-{derived}"
    stem, extension = os.path.splitext(name)
    yield slug_of(f"{words} {stem}", settings)
    yield slug_of(f"{words} {stem} {extension.lstrip('.')}", settings)


def _place(content, roots):
    """(folder inside its content folder, file name): ``articles/a/Note.md`` -> ("a", "Note.md")."""
    relative = posixize_path(content.get_relative_source_path())
    for root in sorted((posixpath.normpath(r) for r in roots), key=len, reverse=True):
        if root not in ("", ".") and relative.startswith(root + "/"):
            relative = relative[len(root) + 1 :]
            break
    return posixpath.dirname(relative), posixpath.basename(relative)


def _regroup(generator, lists, kind):
    """Pelican's grouping of originals and translations, again, with the new slugs."""
    translation_id = generator.settings[f"{kind}_TRANSLATION_ID"]
    order_by = generator.settings[f"{kind}_ORDER_BY"]
    for originals_name, translations_name in lists:
        originals = getattr(generator, originals_name)
        translations = getattr(generator, translations_name)
        regrouped, others = process_translations(
            originals + translations, translation_id=translation_id
        )
        # In place: the context already holds these lists (pages).
        originals[:] = order_content(regrouped, order_by)
        translations[:] = others


class SameSlugWarnings(logging.Filter):
    """Pelican warns, in two multi-line messages, when pages of one slug and language
    are read; when at most one of them chose its slug, the others are moved (above) and
    the warnings describe nothing that remains."""

    MESSAGES = (
        'There are %s items "%s" with lang %s',
        "There are %s original (not translated) items %s",
    )

    def __init__(self):
        super().__init__()
        self.context = None

    def install(self, generator):
        """At ``article_generator_init`` and ``page_generator_init``."""
        self.context = generator.context
        pelican_utils = logging.getLogger("pelican.utils")
        if self not in pelican_utils.filters:
            # Before Pelican's own filter, which remembers every message it lets through.
            pelican_utils.filters.insert(0, self)

    def filter(self, record):
        if self.context is None or not str(record.msg).startswith(self.MESSAGES):
            return True
        count = record.args[0]
        # Two that chose one slug share an address; those placed apart (permalink:,
        # save_as:) do not, whatever Pelican makes of their slug.
        chosen = Counter(self._chosen_address(path) for path in record.args[-count:])
        chosen.pop(None, None)
        if "unknown" in chosen:  # not ours to judge: with another, Pelican's warning stays
            return chosen.total() > 1
        return any(n > 1 for n in chosen.values())

    def _chosen_address(self, path):
        """The address this page's author chose (None: derived, it steps aside)."""
        relative = posixize_path(os.path.relpath(path, self.context["PATH"]))
        content = self.context["generated_content"].get(relative)
        if content is None:
            return "unknown"
        if not has_own_address(content):
            return None
        return content.metadata.get("save_as") or ("slug", content.slug)


SAME_SLUG_WARNINGS = SameSlugWarnings()
