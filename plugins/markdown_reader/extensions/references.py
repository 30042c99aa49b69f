"""Links and images that point at other files of the site.

Authors write links the way their editor previews them: ``[x](other-post.md)``,
``![y](../images/plot.png)``. These become Pelican's ``{filename}``/``{static}``
references, resolved to final URLs by Pelican, and every reference is recorded
so the link check can report a missing target with its line.

Images also get their intrinsic width and height (no layout shift) and lazy loading.
"""

import html
import os
import re
from urllib.parse import unquote, urlsplit

from markdown import Extension, util
from markdown.treeprocessors import Treeprocessor

from ..image_size import image_size
from . import web_embeds

CONTENT_SUFFIXES = (".md", ".markdown", ".ipynb")
PELICAN_REF = re.compile(r"^\{(?P<what>filename|static|attach)\}(?P<path>[^#?]*)")


def is_local(url):
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("#", "/", "{", "mailto:")))


def _as_written(url):
    """An address as the author wrote it: an e-mail autolink's is hidden as character
    references behind python-markdown's '&' placeholder (``mailto:`` -> ``&#109;...``)."""
    if util.AMP_SUBSTITUTE not in url:
        return url
    return html.unescape(url.replace(util.AMP_SUBSTITUTE, "&"))


def to_pelican_ref(url, is_image):
    """``other.md#x`` -> ``{filename}other.md#x``; ``img.png`` -> ``{static}img.png``."""
    path = urlsplit(url).path
    what = "filename" if path.lower().endswith(CONTENT_SUFFIXES) and not is_image else "static"
    return f"{{{what}}}{url}"


class ReferenceProcessor(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        for element in root.iter():
            if element.tag == "a" and element.get("href"):
                self._reference(element, "href", is_image=False)
            elif element.tag == "img" and (found := web_embeds.provider(element.get("src", ""))):
                web_embeds.as_link(element, found)
            elif element.tag == "img" and element.get("src"):
                self._reference(element, "src", is_image=True)
                element.set("loading", "lazy")
                element.set("decoding", "async")

    def _reference(self, element, attribute, is_image):
        url = original = _as_written(element.get(attribute))
        if is_local(url):
            url = to_pelican_ref(url, is_image)
            element.set(attribute, url)
        match = PELICAN_REF.match(url)
        if not match:
            return
        self.md.file_references.append((match["what"], unquote(match["path"]), original))
        if is_image and not (element.get("width") or element.get("height") or _resized(element)):
            size = image_size(self._on_disk(match["path"]))
            if size:
                element.set("width", str(size[0]))
                element.set("height", str(size[1]))

    def _on_disk(self, path):
        path = unquote(path)
        content_root = self.extension.getConfig("content_root")
        if path.startswith("/"):
            return os.path.join(content_root, path.lstrip("/"))
        return os.path.join(os.path.dirname(self.md.source_path or ""), path)


class ReferencesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"content_root": ["", "Folder that '/'-paths are relative to"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        self.md = md
        md.file_references = []
        md.source_path = getattr(md, "source_path", None)
        # After inline patterns (which create the <a>/<img>), before serialising.
        md.treeprocessors.register(ReferenceProcessor(md, self), "file-references", 5)

    def reset(self):
        self.md.file_references = []


def _resized(element):
    """Whether pelican-image-process will replace this image by another size (its
    ``image-process-*`` classes): it sets the size of the file it writes."""
    return "image-process-" in (element.get("class") or "")
