"""Wikilinks, embeds and backlinks, resolved once every file has been read.

Context phase (``resolve``): every ``[[link]]`` placeholder a page's reading left
becomes a link to the page (and heading or block) it names, or plain text when that
note is not published, or a warning with file and line when it names nothing;
``![[embeds]]`` become images or the named section of another note (loops are cut);
each page learns which published pages link to it (``backlinks``). Output phase
(``copy_embedded_files``): embedded images outside the static folders are copied.
Settings: OBSIDIAN_LINK_RESOLUTION ("shortest", "relative" or "absolute").
"""

import html
import logging
import os
import re
import shutil
from urllib.parse import quote

from bs4 import BeautifulSoup
from markdown.extensions.toc import slugify
from pelican.urlwrappers import Tag

from markdown_reader.image_size import image_size
from markdown_reader.reader import display_path
from markdown_reader.report import all_content

logger = logging.getLogger(__name__)

_LINK = re.compile(r'<(a|span) class="obsidian-ref" data-ref="(\d+)">(.*?)</\1>', re.S)
_ALONE_IN_PARAGRAPH = re.compile(
    r'<p>\s*(<span class="obsidian-ref" data-ref="(\d+)">.*?</span>)\s*</p>', re.S
)
_TAG = re.compile(r'<a class="tag obsidian-ref" data-tag="([^"]+)">')
_IMAGE_SIZE = re.compile(r"^(\d+)(?:x(\d+))?$")
_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")

_to_copy = {}  # output path -> source file, for the output phase


class Vault:
    """Every note and file under content/, found by the names Obsidian links with."""

    def __init__(self, generators, settings):
        self.root = settings["PATH"]
        self.site_url = (settings.get("SITEURL") or "").rstrip("/")
        self.mode = settings.get("OBSIDIAN_LINK_RESOLUTION", "shortest")
        self.notes = {}  # relative path without extension -> content
        self.names = {}  # lower-case stem, title or alias -> [content]
        self.unpublished = set()  # lower-case stems and paths of notes not written
        for content in all_content(generators):
            path = self._relative(content.source_path)
            if getattr(content, "status", "published") != "published" or not content.save_as:
                self._unpublished(path)
                continue
            self.notes[path.lower()] = content
            names = {os.path.basename(path), content.title, *content.metadata.get("aliases", [])}
            for name in names:
                self.names.setdefault(name.lower(), []).append(content)
        self.files = {}  # relative path (lower case) -> relative path as on disk
        for folder, subfolders, files in os.walk(self.root):
            subfolders.sort()
            for name in sorted(files):
                relative = os.path.relpath(os.path.join(folder, name), self.root)
                relative = relative.replace(os.sep, "/")
                stem, extension = os.path.splitext(relative)
                if extension.lower() in (".md", ".markdown", ".ipynb"):
                    if stem.lower() not in self.notes:
                        self._unpublished(stem)  # publish: false, or not in a content folder
                else:
                    self.files[relative.lower()] = relative

    def _relative(self, path):
        relative = os.path.relpath(path, self.root).replace(os.sep, "/")
        return (
            os.path.splitext(relative)[0]
            if relative.endswith((".md", ".markdown", ".ipynb"))
            else relative
        )

    def _unpublished(self, path):
        self.unpublished.update({path.lower(), os.path.basename(path).lower()})

    def note(self, target, source):
        """The published content a link names, or None."""
        key = target.strip().lower().removesuffix(".md")
        if self.mode in ("relative", "absolute") or "/" in key:
            base = (
                ""
                if self.mode != "relative"
                else os.path.dirname(self._relative(source.source_path))
            )
            path = os.path.normpath(os.path.join(base, key)).replace(os.sep, "/").lower()
            found = self.notes.get(path) or next(
                (c for p, c in self.notes.items() if "/" in key and p.endswith("/" + key)), None
            )
            if found or self.mode != "shortest":
                return found
        candidates = self.names.get(key, [])
        if len(candidates) > 1:  # the same name in two folders: the nearest one wins
            folder = os.path.dirname(source.source_path)
            near = [c for c in candidates if os.path.dirname(c.source_path) == folder]
            candidates = near or sorted(candidates, key=lambda c: len(c.source_path))
        return candidates[0] if candidates else None

    def file(self, target, source):
        key = target.strip().lower()
        folder = os.path.dirname(self._relative(source.source_path)).lower()
        relative = os.path.normpath(os.path.join(folder, key)).replace(os.sep, "/")
        if key in self.files:
            return self.files[key]
        if relative in self.files:
            return self.files[relative]
        matches = sorted(p for k, p in self.files.items() if k.rsplit("/", 1)[-1] == key)
        return matches[0] if matches else None

    def url(self, content, heading=""):
        anchor = _fragment(heading) if heading else ""
        return f"{self.site_url}/{content.url}{anchor}"


def _anchor(heading):
    """The id our table of contents gives a heading (or ``^id`` for a block)."""
    return heading if heading.startswith("^") else slugify(heading, "-")


def _fragment(heading):
    """``#`` + the anchor, percent-encoded as a URL must be (``^`` -> ``%5E``)."""
    return "#" + quote(_anchor(heading), safe="-_.~")


def resolve(generators):
    settings = generators[0].settings
    vault = Vault(generators, settings)
    _to_copy.clear()
    pages = [
        c
        for c in all_content(generators)
        if c.metadata.get("wikilinks") or "obsidian-ref" in c._content
    ]
    for content in all_content(generators):
        content.backlinks = []
    for content in pages:
        content._content = _TAG.sub(lambda m: _tag_link(m, settings), content._content)
        content._content = _links(content, content._content, vault)
    linked = {id(content): content._content for content in pages}
    for content in pages:
        content._content = _embeds(content, content._content, vault, settings, [content], linked)
    for content in all_content(generators):
        content.backlinks.sort(key=lambda c: c.title.lower())


def _tag_link(match, settings):
    url = Tag(html.unescape(match[1]), settings).url
    return f'<a class="tag" href="{(settings.get("SITEURL") or "").rstrip("/")}/{url}">'


def _links(content, text, vault):
    refs = content.metadata.get("wikilinks", [])

    def replace(match):
        ref = refs[int(match[2])]
        if ref["embed"]:
            return match[0]  # embeds come once every link is resolved
        label = match[3]
        if not ref["target"]:  # [[#Heading]]: this page
            return f'<a href="{html.escape(_fragment(ref["heading"]))}">{label}</a>'
        target = vault.note(ref["target"], content)
        if target is None:
            return _missing(content, ref, vault, label)
        published = getattr(content, "status", "published") == "published"
        if published and target is not content and content not in target.backlinks:
            target.backlinks.append(content)
        return f'<a class="wikilink" href="{html.escape(vault.url(target, ref["heading"]))}">{label}</a>'

    return _LINK.sub(replace, text)


def _embeds(content, text, vault, settings, stack, linked):
    """Embeds in ``text``, recursively; ``linked``: each page before its own embeds."""
    refs = content.metadata.get("wikilinks", [])

    def unwrap(match):  # a note embedded on a line of its own is a block, not in a <p>
        ref = refs[int(match[2])]
        is_note = ref["embed"] and not os.path.splitext(ref["target"])[1]
        return match[1] if is_note else match[0]

    text = _ALONE_IN_PARAGRAPH.sub(unwrap, text)

    def replace(match):
        ref = refs[int(match[2])]
        if not ref["embed"]:
            return match[0]
        name = ref["target"]
        if os.path.splitext(name)[1].lower() in IMAGE_SUFFIXES or (
            "." in name and not vault.note(name, content)
        ):
            return _embed_file(content, ref, vault, settings)
        target = vault.note(name, content) if name else content
        if target is None:
            return _missing(content, ref, vault, match[3])
        if target in stack:
            logger.warning(
                "%s:%s: ![[%s]] would embed itself (through %s); it is shown as a link instead",
                display_path(content.source_path),
                ref["line"] or 1,
                name,
                " → ".join(c.title for c in stack),
            )
            return f'<a class="wikilink" href="{html.escape(vault.url(target, ref["heading"]))}">{match[3]}</a>'
        page = linked.get(id(target), target._content)
        fragment = _section(page, ref["heading"]) if ref["heading"] else page
        fragment = _embeds(target, fragment, vault, settings, [*stack, target], linked)
        source = html.escape(vault.url(target, ref["heading"]))
        return (
            f'<div class="embed">{fragment}<p class="embed-source">'
            f'<a href="{source}">{html.escape(target.title)}</a></p></div>'
        )

    return _LINK.sub(replace, text)


def _embed_file(content, ref, vault, settings):
    found = vault.file(ref["target"], content)
    if found is None:
        return _missing(content, ref, vault, html.escape(ref["target"]))
    url = f"{vault.site_url}/{found}"
    static = tuple(p.rstrip("/") + "/" for p in settings.get("STATIC_PATHS", []))
    if not found.startswith(static):
        _to_copy[found] = os.path.join(settings["PATH"], found)
    if os.path.splitext(found)[1].lower() not in IMAGE_SUFFIXES:
        return f'<a href="{html.escape(url)}">{html.escape(ref["label"] or found)}</a>'
    size = _IMAGE_SIZE.match(ref["label"])
    natural = image_size(os.path.join(settings["PATH"], found))
    if size:
        width = int(size[1])
        height = (
            int(size[2])
            if size[2]
            else (round(width * natural[1] / natural[0]) if natural else None)
        )
    else:
        width, height = natural or (None, None)
    alt = "" if size else ref["label"]
    dimensions = f' width="{width}" height="{height}"' if width and height else ""
    return (
        f'<img src="{html.escape(url)}" alt="{html.escape(alt or os.path.basename(found))}"'
        f'{dimensions} loading="lazy" decoding="async">'
    )


def _section(page_html, heading):
    """The heading with that anchor and what follows it, up to the next heading as high."""
    soup = BeautifulSoup(page_html, "html.parser")
    start = soup.find(id=_anchor(heading))
    if start is None:
        return ""
    if start.name not in _HEADINGS:
        return str(start)  # a block: the paragraph or item itself
    level = _HEADINGS.index(start.name)
    parts = [start]
    for sibling in start.find_next_siblings():
        if sibling.name in _HEADINGS and _HEADINGS.index(sibling.name) <= level:
            break
        parts.append(sibling)
    return "".join(str(part) for part in parts)


def _missing(content, ref, vault, label):
    """A note that is not published shows as plain text; a name for nothing is reported."""
    target = ref["target"].lower().removesuffix(".md")
    if target in vault.unpublished or os.path.basename(target) in vault.unpublished:
        return f'<span class="wikilink-unpublished">{label}</span>'
    written = f"{'!' if ref['embed'] else ''}[[{ref['target']}{'#' + ref['heading'] if ref['heading'] else ''}]]"
    logger.warning(
        "%s:%s: %s: no note or file of that name in %s/; check the spelling, or "
        "write its path (e.g. [[folder/%s]])",
        display_path(content.source_path),
        ref["line"] or 1,
        written,
        os.path.basename(vault.root),
        ref["target"],
    )
    return f'<span class="wikilink-missing">{label}</span>'


def copy_embedded_files(pelican):
    for relative, source in sorted(_to_copy.items()):
        target = os.path.join(pelican.output_path, relative)
        if not os.path.exists(target) or os.path.getsize(target) != os.path.getsize(source):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(source, target)
