"""What is published: the one place that decides which of the author's files reach output/.

A file of the site reaches the output only as one of:

1. a page rendered from a published source (drafts and ``publish: false`` notes are
   never written: see the markdown_reader and notebooks plugins);
2. an attachment (image, audio, video, PDF, any static file) that a written page uses:
   its HTML links to it, loads it or names it as its preview image;
3. a file in a folder the author declared public (``PUBLIC_FOLDERS``, by default
   ``files``: downloads), or a file named one by one in ``EXTRA_PATH_METADATA``.

Whatever a setting says, never: a hidden file or folder (a name starting with ``.``, and
the litter of desktops and editors) unless the author wrote that hidden name in
STATIC_PATHS or EXTRA_PATH_METADATA themselves (``.well-known``); a file whose real path
lies outside the site (a symbolic link out of it); the raw source of a note (Markdown,
a notebook). Images lose their location on the way (``image_metadata``), unless
``KEEP_IMAGE_METADATA``.

The ``publish_gate`` plugin connects these rules to Pelican's steps; other plugins that
copy the author's files (Obsidian embeds, the theme's static files) ask ``refusal`` and
``copy_attachment`` here.
"""

import fnmatch
import functools
import html
import logging
import os
import posixpath
import re
import shutil
from urllib.parse import unquote, urlsplit

from inkfolio import image_metadata
from inkfolio.core import display_path, file_version, is_inside, site_root

logger = logging.getLogger(__name__)

# Never published, whatever IGNORE_FILES says: hidden names, and what desktops and
# editors leave beside the author's files (Finder, Explorer, Office, Emacs, vim).
HIDDEN_NAMES = (".*", "Thumbs.db", "desktop.ini", "~$*", "*~", "#*#", "Icon\r")
# Output names the engine itself writes and a host must see.
ENGINE_HIDDEN_OUTPUTS = (".nojekyll",)
NOTE_SUFFIXES = (".md", ".markdown", ".mdown", ".ipynb", ".qmd", ".rmd")
_PERCENT_CELL = re.compile(rb"^# %%", re.M)  # a jupytext percent notebook, as the reader knows it
PUBLIC_FOLDERS = ["files"]
# Where a page uses a file: attributes that link, load or name a preview image.
# (Starting with the space before the name keeps the scan to ~60 ms per 1,000 pages;
# HTML from templates and python-markdown always has it.)
_REFERENCE = re.compile(r""" (?:href|src|poster|data|content|srcset)=(?:"([^"]*)"|'([^']*)')""")
# Page file -> (its version, the paths it uses): a warm builder (livereload) scans only
# the pages a build rewrote.
_uses_of_page = {}


_current = []  # the gate of the build under way (set when Pelican starts)


def start(settings):
    _current[:] = [Gate(settings, tracking=True)]


def current(settings=None):
    """The build's gate; without the publish_gate plugin, one that applies the rules to
    each file but knows nothing of what pages use (``settings`` then required)."""
    if _current and (settings is None or _current[0].settings is settings):
        return _current[0]
    return Gate(settings)


class Gate:
    """One build's decisions: what was refused (each told once) and what pages use."""

    def __init__(self, settings, tracking=False):
        self.settings = settings
        self.site = site_root(settings)
        self.content = settings["PATH"]
        self.public = [
            folder.strip("/") + "/" for folder in settings.get("PUBLIC_FOLDERS", PUBLIC_FOLDERS)
        ]
        named = list(settings.get("STATIC_PATHS", []))
        named += list((settings.get("EXTRA_PATH_METADATA") or {}).keys())
        self.named = [posixpath.normpath(path.replace(os.sep, "/")) for path in named if path]
        self.extra_named = {
            posixpath.normpath(path.replace(os.sep, "/"))
            for path in (settings.get("EXTRA_PATH_METADATA") or {})
        }
        folders = [
            *settings.get("ARTICLE_PATHS", []),
            *settings.get("PAGE_PATHS", []),
            *settings.get("STATIC_PATHS", []),
        ]
        self.roots = [self.site, self.content] + [
            os.path.join(self.content, folder) for folder in folders if folder
        ]
        # Folders of sources beside content/ (notebooks/): their pages' attachments are
        # published under the folder's name, as if it were inside content/.
        self.outer_sources = tuple(
            posixpath.normpath(path.replace(os.sep, "/")).rstrip("/") + "/"
            for path in [*settings.get("ARTICLE_PATHS", []), *settings.get("PAGE_PATHS", [])]
            if posixpath.normpath(path.replace(os.sep, "/")).startswith("../")
        )
        self.named_hidden = [
            path + "/" for path in self.named if any(map(is_hidden_name, path.split("/")))
        ]
        self.keep_metadata = bool(settings.get("KEEP_IMAGE_METADATA", False))
        self.told = set()
        self.used = set()  # output-relative paths the written pages use
        self.tracking = tracking  # whether pages' uses are recorded (the plugin is on)

    # -- Rules for one file

    def refusal(self, relative, as_source=False):
        """Why the file at ``relative`` (a path from the content folder) may never be
        published as a file, or None; ``as_source``: read as a page's source, which a
        note may be. ``"hidden"`` is never told: hidden files are silently left out."""
        relative = relative.replace(os.sep, "/")
        if self.is_hidden(relative):
            return "hidden"
        path = os.path.join(self.content, relative)
        if not self.is_in_site(path):
            return self.link_out(path)
        if as_source:
            return None
        normal = posixpath.normpath(relative)
        if normal.startswith("../") and not normal.startswith(self.outer_sources):
            return "it lies outside the content folder; move it into content/"
        if is_note(path):
            return (
                "it is the source of a note, which is published only as its page "
                "(move it out of this static folder)"
            )
        return None

    def is_in_site(self, path):
        """Inside the site's folder, or inside a folder the settings name (content/ or
        ARTICLE_PATHS... may be links to a vault kept elsewhere: the author named them)."""
        return any(is_inside(root, path) for root in self.roots)

    @staticmethod
    def link_out(path):
        return (
            f"it is a link to {os.path.realpath(path)}, outside the site (to publish a "
            "folder kept elsewhere, name the link in ARTICLE_PATHS, PAGE_PATHS or STATIC_PATHS)"
        )

    def is_hidden(self, relative):
        """A hidden name anywhere in the path, unless the author named that part."""
        parts = [p for p in posixpath.normpath(relative).split("/") if p not in ("", ".", "..")]
        hidden = [i for i, part in enumerate(parts) if is_hidden_name(part)]
        if not hidden:
            return False
        for named in self.named:
            named_parts = [p for p in named.split("/") if p not in ("", ".", "..")]
            if parts[: len(named_parts)] == named_parts and hidden[-1] < len(named_parts):
                return False
        return True

    def refuse(self, relative, reason):
        """Tell a refusal once per build (hidden files are left out silently)."""
        if reason == "hidden" or relative in self.told:
            return
        self.told.add(relative)
        logger.warning(
            "%s: not published: %s",
            display_path(os.path.join(self.content, relative)),
            reason,
        )

    def is_public(self, relative):
        """In a public folder, named in EXTRA_PATH_METADATA, or under a hidden name the
        author wrote in STATIC_PATHS (.well-known): published whether or not a page links it."""
        relative = relative.replace(os.sep, "/")
        return (
            relative in self.extra_named
            or relative.startswith(tuple(self.public))
            or relative.startswith(tuple(self.named_hidden))
        )

    # -- Listing and keeping files

    def list_files(self, list_files, paths, exclude, extensions):
        """Pelican's ``get_files(paths, exclude, extensions)`` through the rules: links
        out of the site are told once and never walked; hidden files are left out,
        except those under a hidden name the author wrote in the settings."""
        paths = [paths] if isinstance(paths, str) else list(paths)
        links_out = self._links_out(paths)
        listed = list_files(paths, exclude=[*(exclude or []), *links_out], extensions=extensions)
        if extensions is False:  # static files: add what the author named under a hidden name
            listed |= self._named_hidden_files(paths)
        kept = set()
        for relative in listed:
            normal = os.path.normpath(relative)
            if normal in links_out:
                continue
            reason = self.refusal(normal, as_source=extensions is not False)
            if reason is None or (extensions is False and reason != "hidden"):
                kept.add(relative)  # static files get their last look in drop_refused
            else:
                self.refuse(normal, reason)
        return kept

    def _links_out(self, paths):
        """Symbolic links under ``paths`` whose target lies outside the site, each told
        once: Pelican would follow them (a link to /etc copies all of /etc)."""
        found = set()
        for path in paths:
            root = os.path.join(self.content, path) if path else self.content
            for folder, subfolders, files in os.walk(root):
                for name in [*subfolders, *files]:
                    candidate = os.path.join(folder, name)
                    if os.path.islink(candidate) and not self.is_in_site(candidate):
                        relative = os.path.relpath(candidate, self.content)
                        found.add(relative)
                        self.refuse(relative, self.link_out(candidate))
        return found

    def _named_hidden_files(self, paths):
        """Files under hidden names the author named (``extra/.well-known``), which the
        dot rule of IGNORE_FILES keeps Pelican from finding."""
        found = set()
        roots = [posixpath.normpath(p.replace(os.sep, "/")) for p in paths]
        for named in self.named:
            if not any(is_hidden_name(part) for part in named.split("/")):
                continue
            if not any(named == root or named.startswith(root + "/") for root in roots):
                continue
            full = os.path.join(self.content, named)
            if os.path.isfile(full):
                found.add(named)
            for folder, _, files in os.walk(full):
                for name in files:
                    found.add(os.path.relpath(os.path.join(folder, name), self.content))
        return found

    def drop_refused(self, staticfiles, context):
        """Static files that may never be published, whoever listed them (a page's link
        adds files Pelican never listed): dropped, and links to them no longer resolve."""
        kept = []
        for static in staticfiles:
            if not os.path.exists(static.source_path):
                continue  # a page links a file that is not there: the page's error says so
            relative = static.relative_source_path
            reason = self.refusal(relative)
            if reason is None:
                normal = posixpath.normpath(relative.replace(os.sep, "/"))
                if normal.startswith("../"):  # beside a notebook: ../notebooks/x.png
                    inside = "/".join(part for part in normal.split("/") if part != "..")
                    static.override_url = static.override_save_as = inside
                kept.append(static)
                continue
            self.refuse(relative, reason)
            for key in (relative, relative.replace(os.sep, "/")):
                context.get("static_content", {}).pop(key, None)
        staticfiles[:] = kept

    def published_static(self, staticfiles):
        """(files Pelican copies, images the gate copies): the attachments pages use and
        the files of public folders; the others are left out, listed in --verbose."""
        copied, images, unused = [], [], []
        for static in staticfiles:
            relative = static.relative_source_path
            if self.tracking and not (self.is_public(relative) or self.is_used(static.save_as)):
                unused.append(relative)
            elif self.keep_metadata or not image_metadata.handles(relative):
                copied.append(static)
            else:
                images.append(static)
        if unused:
            logger.info(
                "Not published, as no published page uses them (PUBLIC_FOLDERS publishes a "
                "folder as it is): %s",
                ", ".join(sorted(unused)),
            )
        return copied, images

    def publishes(self, relative, save_as):
        """Whether a file another plugin would copy (an Obsidian embed) is published."""
        reason = self.refusal(relative)
        if reason is not None:
            self.refuse(relative, reason)
            return False
        return not self.tracking or self.is_public(relative) or self.is_used(save_as)

    # -- What the written pages use

    def record_uses(self, page_file, output_path):
        """Every file of the site that the page written at ``page_file`` links or loads."""
        version = file_version(page_file)
        known = _uses_of_page.get(page_file)
        if version is None or known is None or known[0] != version:
            known = _uses_of_page[page_file] = (version, self._uses(page_file, output_path))
        self.used |= known[1]

    def _uses(self, page_file, output_path):
        folder = posixpath.dirname(os.path.relpath(page_file, output_path).replace(os.sep, "/"))
        try:
            with open(page_file, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            return frozenset()
        site = urlsplit(self.settings.get("SITEURL") or "")
        uses = set()
        for value in {a or b for a, b in _REFERENCE.findall(text)}:
            if "&" in value:
                value = html.unescape(value)
            for reference in value.split(",") if "," in value else [value]:
                reference = reference.strip().split(" ", 1)[0]  # srcset: "url 2x"
                name = reference.rsplit("/", 1)[-1]
                if "." not in name or name.endswith(".html"):
                    continue  # a page, not a file (most links: quick to tell)
                relative = not reference.startswith(("/", "http:", "https:"))
                path = _output_relative(reference, folder if relative else "", site)
                if path:
                    uses.add(path)
        return frozenset(uses)

    def is_used(self, save_as):
        return posixpath.normpath(save_as.replace(os.sep, "/")) in self.used

    # -- Copying

    def copy_attachment(self, source, target):
        """Copy the author's file ``source`` to ``target`` in the output, an image without
        its location metadata. Unchanged since the last copy: nothing is done."""
        try:
            if os.path.getmtime(target) >= os.path.getmtime(source):
                return False
        except OSError:
            pass
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if self.keep_metadata or not image_metadata.handles(source):
            shutil.copyfile(source, target)
            return True
        with open(source, "rb") as handle:
            data = handle.read()
        cleaned = image_metadata.strip(data, source)
        if cleaned is None:
            self.refuse(
                os.path.relpath(source, self.content),
                "its location metadata cannot be removed from this kind of image; "
                "convert it to JPEG, PNG or WebP (or set KEEP_IMAGE_METADATA = True)",
            )
            return False
        with open(target, "wb") as handle:
            handle.write(cleaned)
        return True


def is_hidden_name(name):
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in HIDDEN_NAMES)


def is_note(path):
    """The source of a note or notebook: Markdown, .ipynb, or a jupytext percent .py."""
    lowered = path.lower()
    if lowered.endswith(NOTE_SUFFIXES):
        return True
    if not lowered.endswith(".py"):
        return False
    try:
        with open(path, "rb") as handle:
            return bool(_PERCENT_CELL.search(handle.read(64_000)))
    except OSError:
        return False


@functools.lru_cache(maxsize=65536)
def _output_relative(reference, folder, site):
    """The output-relative path a reference in a page of ``folder`` points to, or None
    (another site). Remembered: the same links recur on every page."""
    if not reference or reference.startswith(("#", "mailto:", "data:", "javascript:", "tel:")):
        return None
    parts = urlsplit(reference)
    foreign = parts.scheme not in ("http", "https", "") or parts.netloc != site.netloc
    if (parts.scheme or parts.netloc) and foreign:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        prefix = site.path.rstrip("/") if parts.netloc or site.path else ""
        if prefix and not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix) + 1 :]
    else:
        path = posixpath.join(folder, path)
    path = posixpath.normpath(path)
    return None if path.startswith("..") else path
