"""Whether a build would change nothing: then ``inkfolio build`` says so and stops.

A build's inputs are files, the engine and the environment it runs in. This records,
after a build that ended with no error and no warning, a fingerprint of all of them and
a list of the files it left in the output; the next build first compares. Everything is
known by ``stat`` (size, times, inode), never by reading, so the answer costs
milliseconds where Pelican would spend seconds rendering pages that come out the same.
As ``make`` does, but with every file of the site as a prerequisite:

- every file in the site's folder except the output, the caches (``.cache/``),
  ``.git/`` and other dot-folders (``.venv``...), ``node_modules/`` and ``__pycache__/``; and every folder
  the settings read from outside it (content, theme, plugins);
- the notebook cache (``inkfolio execute`` may have filled it), and git's own state
  (a commit can date a page that has no date of its own);
- the engine: its package files, and the versions of the libraries that render pages;
- the settings file and its values, the output folder, --strict, and the environment
  variables (a settings file may read them); the Jupyter kernels installed.

Anything else makes a build run in full: a missing or moved output file, a flag that
asks for work (--refresh), a build with warnings (they are shown again each time).
"""

import hashlib
import importlib.metadata
import json
import os

import inkfolio
import inkfolio.plugins

RECORD = "up-to-date.json"
# Libraries whose version changes what a page looks like.
RENDERING_LIBRARIES = (
    "pelican",
    "markdown",
    "pymdown-extensions",
    "pygments",
    "jinja2",
    "jupytext",
    "nbconvert",
    "nbformat",
    "pillow",
    "pagefind",
    "citeproc-py",
    "pybtex",
    "latex2mathml",
)
SKIPPED_FOLDERS = {"node_modules", "__pycache__"}
# Variables that differ between two shells of the same person and change nothing.
VOLATILE_VARIABLES = {"PWD", "OLDPWD", "SHLVL", "_", "COLUMNS", "LINES", "TERM_SESSION_ID"}
# Overrides that ask a build for work it would otherwise not do.
FORCING_OVERRIDES = ("NOTEBOOK_REFRESH",)


def inputs_fingerprint(settings_file, settings, overrides, strict):
    """The fingerprint of everything a build reads, bar the notebook cache (None when
    the settings hold values it cannot describe)."""
    digest = hashlib.sha256()
    output = os.path.realpath(settings["OUTPUT_PATH"])
    site = settings["SITE_ROOT"]
    variables = {k: v for k, v in os.environ.items() if k not in VOLATILE_VARIABLES}
    try:
        values = json.dumps(settings, sort_keys=True, default=_plain)
    except (TypeError, ValueError):  # e.g. a dict keyed by tuples: always build in full
        return None
    described = {
        "settings_file": os.path.realpath(settings_file),
        "settings": values,
        "engine": inkfolio.__version__,
        "libraries": [_version(name) for name in RENDERING_LIBRARIES],
        "overrides": repr(sorted((overrides or {}).items())),
        "output": output,
        "strict": strict,
        "environment": sorted(variables.items()),
    }
    digest.update(json.dumps(described, sort_keys=True).encode())
    excluded = {output, *(os.path.realpath(os.path.join(site, p)) for p in _caches(settings))}
    for folder in sorted(_folders_read(settings)):
        _add_tree(digest, folder, excluded)
    _add_git_state(digest, site)
    for folder in _kernelspec_folders():  # a notebook's kernel, reinstalled
        _add_tree(digest, folder, set())
    return digest.hexdigest()


def cache_fingerprint(settings):
    """The notebook cache's files: ``inkfolio execute`` or a build may add to it."""
    digest = hashlib.sha256()
    cache = settings.get("NOTEBOOK_CACHE_PATH")
    if cache and os.path.isdir(cache):
        _add_tree(digest, os.path.realpath(cache), set(), skip_dot_folders=False)
    return digest.hexdigest()


def is_up_to_date(settings, inputs):
    record = _read(settings)
    if not record or record.get("inputs") != inputs:
        return False
    if record.get("notebook_cache") != cache_fingerprint(settings):
        return False
    return record.get("output") == _output_manifest(settings["OUTPUT_PATH"])


def remember(settings, inputs):
    """After a clean build: what it was made from, and what it left in the output."""
    record = {
        "inputs": inputs,
        "notebook_cache": cache_fingerprint(settings),
        "output": _output_manifest(settings["OUTPUT_PATH"]),
    }
    os.makedirs(settings["CACHE_PATH"], exist_ok=True)
    with open(os.path.join(settings["CACHE_PATH"], RECORD), "w", encoding="utf-8") as handle:
        json.dump(record, handle)


def forget(settings):
    try:
        os.remove(os.path.join(settings["CACHE_PATH"], RECORD))
    except OSError:
        pass


def forces_a_build(settings):
    return any(settings.get(name) for name in FORCING_OVERRIDES)


def _caches(settings):
    """What builds write besides the output: Pelican's cache and the engine's."""
    names = ("CACHE_PATH", "NOTEBOOK_CACHE_PATH", "DIAGRAMS_CACHE_PATH", "SOCIAL_CARDS_PATH")
    return [".cache", *(settings[n] for n in (*names, "CV_PDF_CACHE") if settings.get(n))]


def _folders_read(settings):
    site = settings["SITE_ROOT"]
    folders = {os.path.realpath(site), os.path.realpath(settings["PATH"])}
    for name in ("ARTICLE_PATHS", "PAGE_PATHS", "STATIC_PATHS"):
        for path in settings.get(name) or ():
            folders.add(os.path.realpath(os.path.join(settings["PATH"], path)))
    for path in [
        settings["THEME"],
        *(settings.get("THEME_TEMPLATES_OVERRIDES") or ()),
        *(settings.get("THEME_STATIC_PATHS") or ()),
        *(settings.get("PLUGIN_PATHS") or ()),
        os.path.dirname(inkfolio.__file__),
    ]:
        path = path if os.path.isabs(path) else os.path.join(site, path)
        folders.add(os.path.realpath(path))
    folders.add(os.path.realpath(os.path.dirname(inkfolio.plugins.__file__)))
    # A folder inside another one is walked with it.
    return {f for f in folders if not any(f != o and f.startswith(o + os.sep) for o in folders)}


def _add_tree(digest, top, excluded, skip_dot_folders=True):
    digest.update(f"\0tree {top}\n".encode())
    if not os.path.exists(top):
        return
    if os.path.isfile(top):
        _add_file(digest, top)
        return
    for folder, subfolders, files in os.walk(top, followlinks=True):  # as Pelican reads
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in SKIPPED_FOLDERS
            and not (skip_dot_folders and name.startswith("."))
            and os.path.realpath(os.path.join(folder, name)) not in excluded
        )
        for name in sorted(files):
            _add_file(digest, os.path.join(folder, name))


def _add_file(digest, path):
    try:
        status = os.stat(path)
    except OSError:
        return
    facts = (path, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
    digest.update(repr(facts).encode())


def _add_git_state(digest, site):
    """HEAD, the index and the refs of the repository holding the site, if any."""
    folder = os.path.realpath(site)
    while True:
        git = os.path.join(folder, ".git")
        if os.path.exists(git):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent
    if os.path.isfile(git):  # a worktree: .git names the real folder
        return _add_file(digest, git)
    for name in ("HEAD", "index", "packed-refs"):
        _add_file(digest, os.path.join(git, name))
    _add_tree(digest, os.path.join(git, "refs"), set(), skip_dot_folders=False)


def _output_manifest(output):
    digest = hashlib.sha256()
    _add_tree(digest, os.path.realpath(output), set(), skip_dot_folders=False)
    return digest.hexdigest()


def _plain(value):
    """A setting that is not plain data (a function, a compiled pattern) counts by its
    type: its code is in a file that is fingerprinted anyway, and its repr holds a
    memory address that differs in every process."""
    return f"<{type(value).__name__}>"


def _kernelspec_folders():
    try:
        from jupyter_core.paths import jupyter_path
    except ImportError:
        return []
    return [os.path.realpath(folder) for folder in jupyter_path("kernels")]


def _version(name):
    try:
        return name, importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return name, None


def _read(settings):
    try:
        with open(os.path.join(settings["CACHE_PATH"], RECORD), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None
