"""Links to pages that are not written become their plain text, in every build.

A ``[text](diary.md)`` link (a ``{filename}`` reference) to a draft, a note with
``publish: false``, or one left out (PUBLISH_DEFAULT = False, ARTICLE_EXCLUDES) would
show the draft's address or a broken ``{filename}`` URL. It becomes its text, in the
markup of an Obsidian link to nothing (``<span class="wikilink-missing">``), so that
nothing on the page tells a reader such a note exists. The local preview does the same:
what it shows is what will be published. Runs once all content is known.

With LINKS_TO_MISSING_NOTES = "warning" (the obsidian plugin's default: Obsidian treats
``[text](Note.md)`` and ``[[Note]]`` alike), a link to a note that does not exist
becomes its plain text in the same way; report.py warns of it.
"""

import html
import os
import re
from urllib.parse import unquote

from pelican.utils import posixize_path

from inkfolio.core import all_content, is_written

# A link as python-markdown writes it (or as the author wrote it in raw HTML).
_FILENAME_LINK = re.compile(
    r'<a\s[^>]*?\bhref="\{filename\}(?P<path>[^"#?]*)[^"]*"[^>]*>(?P<text>.*?)</a>', re.S
)


def hide_unwritten_links(generators):
    context = generators[0].context
    extensions = content_extensions(generators)
    lenient = missing_notes_are_warnings(context)
    for content in all_content(generators):

        def plain(match, content=content):
            key = target_key(content, unquote(html.unescape(match["path"])))
            if is_unwritten(context, key, extensions) or (
                lenient and is_missing_note(context, key, extensions)
            ):
                return f'<span class="wikilink-missing">{match["text"]}</span>'
            return match[0]

        if "{filename}" in content._content:
            content._content = _FILENAME_LINK.sub(plain, content._content)
        summary = content.metadata.get("summary")
        if summary and "{filename}" in summary:
            # Pelican copies _summary back into the metadata before writing.
            content._summary = content.metadata["summary"] = _FILENAME_LINK.sub(plain, summary)


def target_key(content, path):
    """The linked file's path from content/, as Pelican's ``generated_content`` keys it."""
    if path.startswith("/"):
        return path.lstrip("/")
    return posixize_path(
        os.path.normpath(content.get_relative_source_path(os.path.join(content.relative_dir, path)))
    )


def is_unwritten(context, key, extensions):
    """Whether ``key`` is a source of content that this build does not write: read but not
    published (a draft), or on disk and never read (``publish: false``, excluded)."""
    if not key:
        return False
    found = context["generated_content"].get(key)
    if found is not None:
        return not is_written(found)
    extension = os.path.splitext(key)[1].lstrip(".").lower()
    return extension in extensions and os.path.isfile(os.path.join(context["PATH"], key))


def is_missing_note(context, key, extensions):
    """Whether ``key`` names a note (a file Pelican would read as content) that exists
    nowhere: neither read nor on disk."""
    extension = os.path.splitext(key or "")[1].lstrip(".").lower()
    return (
        extension in extensions
        and key not in context["generated_content"]
        and not os.path.isfile(os.path.join(context["PATH"], key))
    )


def missing_notes_are_warnings(settings):
    return settings.get("LINKS_TO_MISSING_NOTES", "error") == "warning"


def content_extensions(generators):
    """The file extensions Pelican reads as content (md, ipynb...)."""
    for generator in generators:
        readers = getattr(generator, "readers", None)
        if readers is not None:
            return {extension.lower() for extension in readers.extensions}
    return set()
