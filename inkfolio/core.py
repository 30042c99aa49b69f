"""What every part of the engine shares: the error that names a file and line, paths
as the author knows them, and the lists of content that plugins walk.

Plugins import these from here, never from each other, so each plugin stays usable on
its own.
"""

import functools
import os
import shutil
import time

from pelican.utils import posixize_path

# Files whose problem a reader already reported in its own words (Pelican's own
# "Could not process" line for them is dropped).
REPORTED = set()

# Where the author's site lives: paths in messages are shown relative to it. The
# build sets it to the settings file's folder; plain Pelican runs use the working folder.
_site_root = None

# "projects": the portfolio plugin's project pages, read by the Markdown reader too.
_CONTENT_LISTS = (
    "articles",
    "drafts",
    "hidden_articles",
    "pages",
    "hidden_pages",
    "draft_pages",
    "projects",
)

# Chromium as the engine drives it (the CV's PDF, Mermaid's diagrams): the system's own,
# headless, and kept off the network (without these flags it keeps calling home).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ContentError(Exception):
    """A problem the author can fix: names the file, the line and what to do."""

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


def set_site_root(folder):
    global _site_root
    _site_root = os.path.abspath(folder) if folder else None


def display_path(path):
    """A path as the author would type it: relative to the site's folder, if inside."""
    relative = os.path.relpath(path, _site_root or os.getcwd())
    return posixize_path(path if relative.startswith("..") else relative)


def is_inside(folder, path):
    """Whether ``path`` (relative paths are read from ``folder``) lies inside ``folder``
    once every symbolic link and ``..`` is followed: paths an author writes never reach
    beyond the site."""
    folder = os.path.realpath(folder)
    target = os.path.realpath(os.path.join(folder, path))
    return target == folder or target.startswith(folder.rstrip(os.sep) + os.sep)


def all_content(generators):
    """Every article and page of every status, once each."""
    seen = set()
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, ()):
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content


def address(content):
    """(url, save_as) of a page, computed once per page and slug: Pelican works both out
    from the settings on every access, and plugins that walk every page ask for them
    again and again (0.2 s per build of 1,000 articles)."""
    key = (content.slug, getattr(content, "lang", None), content.metadata.get("save_as"))
    known = getattr(content, "_inkfolio_address", None)
    if known is None or known[0] != key:
        known = content._inkfolio_address = (key, content.url, content.save_as)
    return known[1], known[2]


def is_written(content):
    """Whether a page is written to the site (published or hidden, with an address): a
    draft, a skipped note or a page with an empty save_as is not."""
    return content.status in ("published", "hidden") and bool(address(content)[1])


# A file changed this shortly before it is read may change again without its status
# showing it (file times advance by the kernel's clock tick): such a version is not
# remembered (git's "racily clean" rule).
RECENT_NS = 50_000_000


def file_version(path):
    """What tells one version of a file from the next without reading it: its
    modification and change times, size and inode; None when it cannot be trusted
    (the file is missing, or changed a moment ago)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) < RECENT_NS:
        return None
    return status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino


def per_file_version(read):
    """``read(path, *args)``, remembered while the file keeps its version: a warm
    process (``inkfolio livereload``) reads and checks an unchanged data file once.
    What it returns is shared: callers must not change it. Errors are not remembered."""
    known = {}  # (path, args) -> (version, result)

    @functools.wraps(read)
    def remembered(path, *args):
        key = (os.path.abspath(path), args)
        version = file_version(path)
        hit = known.get(key)
        if version is not None and hit is not None and hit[0] == version:
            return hit[1]
        result = read(path, *args)
        if version is not None:
            known[key] = (version, result)
        return result

    return remembered


def site_root(settings):
    """The site's folder: where its settings file is (set by ``inkfolio.settings``), or,
    under plain Pelican, the folder that holds the content folder."""
    return settings.get("SITE_ROOT") or os.path.dirname(os.path.normpath(settings["PATH"]))


def write_if_changed(path, data):
    """Write ``data`` (bytes, or text as UTF-8) unless the file already holds exactly it,
    so an unchanged output file keeps its modification time. True when it wrote."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        if os.path.getsize(path) == len(data):
            with open(path, "rb") as handle:
                if handle.read() == data:
                    return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return True


def find_chromium():
    """The first Chromium on the PATH, or None."""
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


class Progress:
    """A progress bar for long work (reading a cold site, writing its pages, executing
    notebooks): shown on a terminal only, and only once the work has taken a second,
    so quick builds, CI logs and piped output show nothing. It vanishes when done."""

    def __init__(self, description, total=None, after=1.0):
        from pelican.log import console

        self.console, self.description, self.total, self.after = console, description, total, after
        self.done, self.bar, self.started = 0, None, time.perf_counter()

    def __enter__(self):
        self._show()
        return self

    def advance(self, description=None):
        self.done += 1
        self._show(description)

    def _show(self, description=None):
        if self.bar is None:
            if not self.console.is_terminal or time.perf_counter() - self.started < self.after:
                return
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=self.total)
        self.bar.update(self.task, completed=self.done, description=description or self.description)

    def close(self):
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __exit__(self, *exc):
        self.close()
