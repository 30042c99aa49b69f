"""Every note and file under content/, found by the names Obsidian links with.

A note is found by its path (from content/, or from its own folder with
OBSIDIAN_LINK_RESOLUTION = "relative"), by the end of its path (``[[deep/Setup]]``),
then by its file name, title or an ``aliases:`` entry anywhere; when two share a
name, the one in the linking note's folder wins, then the one with the shortest path.
Obsidian resolves links this leniently whatever its setting (the setting only chooses
how Obsidian writes new links), so any of its three styles finds the same note.
"""

import logging
import os
import re
from urllib.parse import quote

from markdown.extensions.toc import slugify

from inkfolio import gate
from inkfolio.core import address, all_content, is_written

logger = logging.getLogger(__name__)

MODES = ("shortest", "relative", "absolute")
NOTE_SUFFIXES = (".md", ".markdown", ".ipynb")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
_ID = re.compile(r'\sid="([^"]+)"')
# Titles and aliases of this build's notes that are not published: Pelican keeps nothing
# of them, yet a link by one of these names names a note, not nothing.
_skipped_names = set()


def forget_skipped(pelican):
    """A new build: no note read yet."""
    _skipped_names.clear()


def note_skipped(sender, metadata):
    """``*_generator_context``: each file read, before Pelican drops the skipped ones."""
    if metadata.get("status") == "skip":
        names = [metadata.get("title"), *metadata.get("aliases", ())]
        _skipped_names.update(str(name).lower() for name in names if name)


class Vault:
    def __init__(self, generators, settings):
        self.root = settings["PATH"]
        self.site_url = (settings.get("SITEURL") or "").rstrip("/")
        # Folders Pelican publishes itself; a file elsewhere is copied by this plugin.
        self.static = tuple(p.rstrip("/") + "/" for p in settings.get("STATIC_PATHS", []))
        self.mode = settings.get("OBSIDIAN_LINK_RESOLUTION", "shortest")
        if self.mode not in MODES:
            logger.error(
                "OBSIDIAN_LINK_RESOLUTION = %r: expected one of %s",
                self.mode,
                ", ".join(repr(mode) for mode in MODES),
            )
            self.mode = "shortest"
        self.notes = {}  # lower-case path from content/ without extension -> content
        self.names = {}  # lower-case file name, title or alias -> [content]
        # Lower-case paths and names of notes not written.
        self.unpublished = set(_skipped_names)
        self._ids = {}
        for content in all_content(generators):
            path = self.relative(content.source_path)
            names = {os.path.basename(path), content.title, *content.metadata.get("aliases", [])}
            if not is_written(content):
                self.unpublished.update(name.lower() for name in {path, *names})
                continue
            self.notes[path.lower()] = content
            for name in names:
                self.names.setdefault(name.lower(), []).append(content)
        self.files = {}  # lower-case path from content/ -> the path as on disk
        publishing = gate.current(settings)
        for folder, subfolders, files in os.walk(self.root):
            # Hidden folders (.obsidian, .trash) and links out of the site hold nothing to link.
            subfolders[:] = sorted(
                name
                for name in subfolders
                if publishing.refusal(os.path.relpath(os.path.join(folder, name), self.root))
                is None
            )
            for name in sorted(files):
                relative = os.path.relpath(os.path.join(folder, name), self.root)
                relative = relative.replace(os.sep, "/")
                if publishing.refusal(relative, as_source=True) is not None:
                    continue
                stem, extension = os.path.splitext(relative)
                if extension.lower() not in NOTE_SUFFIXES:
                    self.files[relative.lower()] = relative
                elif stem.lower() not in self.notes:  # outside the content folders
                    self.unpublished.update({stem.lower(), os.path.basename(stem).lower()})

    def relative(self, path):
        """A source file's path from content/, without a note's extension."""
        relative = os.path.relpath(path, self.root).replace(os.sep, "/")
        stem, extension = os.path.splitext(relative)
        return stem if extension.lower() in NOTE_SUFFIXES else relative

    def _paths(self, key, source):
        """Where a path in a link may point, in the order the setting prefers."""
        here = os.path.dirname(self.relative(source.source_path)).lower()
        from_here = os.path.normpath(os.path.join(here, key)).replace(os.sep, "/")
        return [from_here, key] if self.mode == "relative" else [key, from_here]

    def note(self, target, source):
        """The written page a link names, or None."""
        key = target.strip().lower()
        for suffix in (".md", ".markdown"):
            key = key.removesuffix(suffix)
        for path in self._paths(key, source):
            if path in self.notes:
                return self.notes[path]
        if "/" in key:
            ends = [c for p, c in self.notes.items() if p.endswith("/" + key)]
            if ends:
                return _nearest(ends, source)
        return _nearest(self.names.get(key, []), source)

    def file(self, target, source):
        """A file (image, PDF...) named by path or, anywhere in content/, by name."""
        key = target.strip().lower()
        for path in self._paths(key, source):
            if path in self.files:
                return self.files[path]
        name = key.rsplit("/", 1)[-1]
        matches = sorted(p for k, p in self.files.items() if k.rsplit("/", 1)[-1] == name)
        return matches[0] if matches else None

    def is_unpublished(self, target):
        key = target.strip().lower().removesuffix(".md")
        return key in self.unpublished or key.rsplit("/", 1)[-1] in self.unpublished

    def has_anchor(self, content, heading):
        if id(content) not in self._ids:
            self._ids[id(content)] = set(_ID.findall(content._content))
        return anchor(heading) in self._ids[id(content)]

    def url(self, content, heading=""):
        return f"{self.site_url}/{address(content)[0]}{fragment(heading) if heading else ''}"

    def file_url(self, path):
        return f"{self.site_url}/{quote(path)}"


def _nearest(candidates, source):
    """The same name in two folders: the one beside the linking note, else the shortest path."""
    if len(candidates) > 1:
        folder = os.path.dirname(source.source_path)
        near = [c for c in candidates if os.path.dirname(c.source_path) == folder]
        candidates = near or sorted(candidates, key=lambda c: (len(c.source_path), c.source_path))
    return candidates[0] if candidates else None


def anchor(heading):
    """The id our table of contents gives a heading (``^id`` for a block); of
    ``A#B`` (a heading under a heading), Obsidian links to the last."""
    heading = heading.rsplit("#", 1)[-1].strip()
    return heading if heading.startswith("^") else slugify(heading, "-")


def fragment(heading):
    """``#`` + the anchor, percent-encoded as a URL must be (``^`` -> ``%5E``)."""
    return "#" + quote(anchor(heading), safe="-_.~")
