"""``![[embeds]]``: an image or file from anywhere in content/, or another note (or one
section of it) shown inline. Audio and video play in the browser's own player, a PDF
shows in its viewer, with a download link. A note that would embed itself, directly
or through others, is linked instead. Embedded files outside the static folders are
copied in the output phase (``copy_embedded_files``).
"""

import functools
import html
import os
import posixpath
import re

from bs4 import BeautifulSoup

from inkfolio import gate
from inkfolio.plugins.markdown_reader.image_size import image_size

from .problems import embeds_itself, missing, no_anchor
from .syntax import PLACEHOLDER
from .vault import IMAGE_SUFFIXES, anchor

_ALONE_IN_PARAGRAPH = re.compile(
    r'<p>\s*(<span class="obsidian-ref" data-ref="(\d+)">.*?</span>)\s*</p>', re.S
)
_IMAGE_SIZE = re.compile(r"^(\d+)(?:x(\d+))?$")
_PDF_PAGE = re.compile(r"^page=\d+$")
# What Obsidian plays (https://help.obsidian.md/file-formats); .webm shows as a video.
AUDIO_SUFFIXES = (".mp3", ".wav", ".m4a", ".ogg", ".oga", ".opus", ".flac", ".3gp")
VIDEO_SUFFIXES = (".mp4", ".webm", ".ogv", ".mov", ".mkv")
_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
_ID = re.compile(r'\sid="([^"]+)"')
# Pelican resolves {static}/{filename} paths from the page that shows them: paths
# relative to an embedded note's folder are made relative to content/ instead.
_RELATIVE_REF = re.compile(r'((?:href|src)=")\{(filename|static|attach)\}(?!/)([^"#?]*)')

_to_copy = {}  # output path -> source file, for the output phase


def forget_copies():
    """A new build: nothing to copy yet."""
    _to_copy.clear()


def publish(path, vault):
    """The URL of a file in content/, copied to the output unless Pelican copies it."""
    if not path.startswith(vault.static):
        _to_copy[path] = os.path.join(vault.root, path)
    return vault.file_url(path)


def copy_embedded_files(pelican):
    """Through the publish gate: only what a written page uses, images without their
    location metadata."""
    publishing = gate.current(pelican.settings)
    for relative, source in sorted(_to_copy.items()):
        if publishing.publishes(relative, relative):
            publishing.copy_attachment(source, os.path.join(pelican.output_path, relative))


class Embedder:
    def __init__(self, vault, pages):
        self.vault = vault
        # Each page as its links left it, before its own embeds: what others embed.
        self.before = {id(page): page._content for page in pages}

    def embed_into(self, content):
        ids = set(_ID.findall(content._content))
        content._content = self._embeds(content, content._content, [content], ids)
        # An embedded callout or code block needs its stylesheet on this page too.
        if 'class="callout' in content._content:
            content.has_callouts = content.metadata["has_callouts"] = True
        if 'class="highlight' in content._content and not getattr(content, "has_code", False):
            content.has_code = content.metadata["has_code"] = True

    def _embeds(self, content, text, stack, ids):
        """``text``'s embeds, recursively; ``ids``: those already on the page."""
        refs = content.metadata.get("wikilinks", [])
        alone = set()  # notes embedded on a line of their own: a block, not in a <p>

        def unwrap(match):
            ref = refs[int(match[2])]
            if not ref["embed"] or os.path.splitext(ref["target"])[1]:
                return match[0]
            alone.add(int(match[2]))
            return match[1]

        def replace(match):
            ref = refs[int(match[2])]
            if not ref["embed"]:
                return match[0]
            name = ref["target"]
            is_file = os.path.splitext(name)[1].lower() in IMAGE_SUFFIXES or (
                "." in name and not self.vault.note(name, content)
            )
            if is_file:
                return self._file(content, ref)
            shown = self._note(content, ref, match[3], stack, ids)
            unwrapped = int(match[2]) in alone and not shown.startswith("<div")
            return f"<p>{shown}</p>" if unwrapped else shown

        return PLACEHOLDER.sub(replace, _ALONE_IN_PARAGRAPH.sub(unwrap, text))

    def _note(self, content, ref, label, stack, ids):
        target = self.vault.note(ref["target"], content) if ref["target"] else content
        if target is None:
            return missing(content, ref, self.vault, label)
        link = f'<a class="wikilink" href="{html.escape(self.vault.url(target))}">{label}</a>'
        if target in stack:
            embeds_itself(content, ref, stack)
            return link
        page = self.before.get(id(target), target._content)
        if ref["heading"]:
            if not self.vault.has_anchor(target, ref["heading"]):
                no_anchor(content, ref, target, "it is shown as a link instead")
                return link
            page = _section(page, ref["heading"])
        if target.relative_dir != content.relative_dir:
            page = _RELATIVE_REF.sub(lambda m: _from_root(m, target.relative_dir), page)
        page = _ID.sub(lambda m: _unique_id(m, ids), page)
        page = self._embeds(target, page, [*stack, target], ids)
        source = html.escape(self.vault.url(target, ref["heading"]))
        return (
            f'<div class="embed">{page}<p class="embed-source">'
            f'<a href="{source}">{html.escape(target.title)}</a></p></div>'
        )

    def _file(self, content, ref):
        found = self.vault.file(ref["target"], content)
        if found is None:
            return missing(content, ref, self.vault, html.escape(ref["target"]))
        url = html.escape(publish(found, self.vault))
        suffix = os.path.splitext(found)[1].lower()
        name = html.escape(ref["label"] or os.path.basename(found))
        if suffix in AUDIO_SUFFIXES:
            return _player("audio", url, name)
        if suffix in VIDEO_SUFFIXES:
            return _player("video", url, name)
        if suffix == ".pdf":
            return _pdf(url, ref, name)
        if suffix not in IMAGE_SUFFIXES:
            return f'<a href="{url}">{html.escape(ref["label"] or found)}</a>'
        size = _IMAGE_SIZE.match(ref["label"])
        natural = image_size(os.path.join(self.vault.root, found))
        if size:
            width = int(size[1])
            height = (
                int(size[2])
                if size[2]
                else (round(width * natural[1] / natural[0]) if natural else None)
            )
        else:
            width, height = natural or (None, None)
        alt = html.escape(ref["label"] if ref["label"] and not size else os.path.basename(found))
        dimensions = f' width="{width}" height="{height}"' if width and height else ""
        return f'<img src="{url}" alt="{alt}"{dimensions} loading="lazy" decoding="async">'


def _player(tag, url, name):
    """The browser's own player; only the metadata loads before the reader presses play.
    The link inside shows where there is no player."""
    return f'<{tag} controls preload="metadata" src="{url}"><a href="{url}">{name}</a></{tag}>'


def _pdf(url, ref, name):
    """The browser's own PDF viewer (at ``#page=N`` when the embed names one) and a plain
    download link, for browsers that show no PDF (most phones). Inline elements: valid
    wherever the embed was written, in a sentence or on its own line."""
    page = ref["heading"] if _PDF_PAGE.match(ref["heading"]) else ""
    shown = f"{url}#{page}" if page else url
    return (
        f'<object class="embed-pdf" data="{shown}" type="application/pdf">'
        f'<a href="{url}">{name}</a></object> '
        f'<a class="embed-download" href="{url}" download>Download {name}</a>'
    )


def _from_root(match, folder):
    path = posixpath.normpath(posixpath.join(folder, match[3]))
    return f"{match[1]}{{{match[2]}}}/{path}"


def _unique_id(match, ids):
    """An id the page already has is dropped from the embedded copy (ids are unique)."""
    if match[1] in ids:
        return ""
    ids.add(match[1])
    return match[0]


@functools.lru_cache(maxsize=256)  # a warm process parses an unchanged note once
def _section(page_html, heading):
    """The heading with that anchor and what follows it, up to the next heading as high;
    for a block id, the block itself."""
    soup = BeautifulSoup(page_html, "html.parser")
    start = soup.find(id=anchor(heading))
    if start.name not in _HEADINGS:
        return str(start)
    level = _HEADINGS.index(start.name)
    parts = [start]
    for sibling in start.find_next_siblings():
        if sibling.name in _HEADINGS and _HEADINGS.index(sibling.name) <= level:
            break
        parts.append(sibling)
    return "".join(str(part) for part in parts)
