"""The execution cache: content-addressed, so results are found by what made them.

The key hashes exactly what determines a notebook's outputs: its code cells and
their execution tags, the kernel, the Python version, the environment's lock file,
the files it declares in ``depends:``, and this pipeline's version. Prose edits
change none of these, so they never re-execute. Failures are stored like successes:
a failing notebook is not run again until one of its inputs changes.

Layout::

    <cache>/entries/<key>.json   the executed notebook (images as file references),
                                 its status, error, timings and environment
    <cache>/entries/<key>.json.failed   present when that entry is a failure
    <cache>/files/<sha256>.<ext> every output image, stored once, named by content
"""

import base64
import glob
import hashlib
import json
import os
import sys
from dataclasses import dataclass

from inkfolio.core import ContentError, is_inside, site_root

PIPELINE_VERSION = "1"
EXECUTION_TAGS = {"raises-exception", "skip-execution"}
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg", "image/gif": "gif"}
FILE_REF = "inkfolio/file"
# How rendered pages refer to a cached image until the site's URL is known.
FILE_PLACEHOLDER = "{nbfile}"


@dataclass
class Entry:
    key: str
    status: str  # "ok" or "failed"
    notebook: dict
    error: dict | None
    duration: float
    executed_at: str
    environment: dict


def describe_failure(error):
    """ "code cell 2 ('x = 1 / 0') raised ZeroDivisionError: division by zero", from a
    failed entry's ``error`` (any entry, also one an older version wrote)."""
    error = error if isinstance(error, dict) else {}
    where = f"code cell {error['cell']}" if error.get("cell") else "the notebook"
    if error.get("cell_source"):
        where += f" ({error['cell_source']!r})"
    said = f"{where} raised {error.get('ename') or 'an error'}"
    if error.get("runner"):
        said += f" on runner {error['runner']!r}"
    return f"{said}: {error['evalue']}" if error.get("evalue") else said


def execution_key(source, settings, lock_hash, runner=None):
    """The hash of everything that decides what this notebook's code cells output.

    On a runner, the Python and environment are the runner's declared ones, with its
    name: never its URL or host, so the key is the same wherever the build runs."""
    code = [
        [cell.source, sorted(set(cell.metadata.get("tags", [])) & EXECUTION_TAGS)]
        for cell in source.code_cells
    ]
    recipe = {
        "pipeline": PIPELINE_VERSION,
        "python": list(sys.version_info[:2]),
        "kernel": source.kernel_name,
        "allow_errors": bool(source.options.get("allow_errors")),
        "code": code,
        "environment": lock_hash,
        "depends": depends_hashes(source, site_root(settings), remote=runner is not None),
    }
    if runner is not None:
        recipe.update(runner.key_part())
        recipe["kernel"] = remote_kernel(source, runner)
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()


def remote_kernel(source, runner):
    """On a runner: the front matter's kernel, else the runner's, else the notebook's."""
    return source.options.get("kernel") or runner.kernel or source.kernel_name


def depends_files(source):
    """(path relative to the notebook, absolute path) of every ``depends:`` file."""
    folder = os.path.dirname(source.path)
    files = []
    for pattern in source.options.get("depends") or []:
        for path in sorted(glob.glob(os.path.join(folder, str(pattern)), recursive=True)):
            if os.path.isfile(path):
                files.append((os.path.relpath(path, folder), path))
    return files


def depends_hashes(source, site, remote=False):
    """Content hashes of the files named by ``depends:`` (globs, relative to the notebook).
    Each must lie in the site (``site``); for a runner (``remote``), in the notebook's
    folder or below, since that folder is all a runner receives."""
    patterns = source.options.get("depends") or []
    folder = os.path.dirname(source.path)
    hashes = {}
    for pattern in patterns:
        matches = sorted(glob.glob(os.path.join(folder, str(pattern)), recursive=True))
        files = [path for path in matches if os.path.isfile(path)]
        if not files:
            raise _depends_error(
                source,
                f"{pattern!r} matches no file (paths are relative to {os.path.relpath(folder) or '.'}/)",
            )
        for path in files:
            relative = os.path.relpath(path, folder)
            if not is_inside(site, path):
                raise _depends_error(
                    source,
                    f"{pattern!r} names {relative}, outside the site's folder; copy the file "
                    "into the site",
                )
            if remote and not is_inside(folder, path):
                raise _depends_error(
                    source,
                    f"{pattern!r} names {relative}, outside the notebook's folder: a runner "
                    "receives only the files in that folder and below; move the file there",
                )
            hashes[relative] = file_hash(path)
    return hashes


def _depends_error(source, problem):
    return ContentError(
        source.shown, f"front matter field 'depends': {problem}", source.key_lines.get("depends")
    )


def lock_hash(site_root, names):
    """Hash of the first lock/requirements file found at the site root, or None."""
    for name in names:
        path = os.path.join(site_root, name)
        if os.path.isfile(path):
            return f"{name}:{file_hash(path)}"
    return None


def file_hash(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Cache:
    def __init__(self, folder):
        self.folder = folder
        self.entries = os.path.join(folder, "entries")
        self.files = os.path.join(folder, "files")

    def entry_path(self, key):
        return os.path.join(self.entries, f"{key}.json")

    def stamp(self, key):
        """Changes whenever the entry is written again (e.g. re-executed with --refresh)."""
        try:
            return f"{key}:{os.stat(self.entry_path(key)).st_mtime_ns}"
        except OSError:
            return None

    def failed(self, key):
        """Whether the entry records a failure (an empty marker file: no JSON to parse)."""
        return os.path.exists(self.entry_path(key) + ".failed")

    def has(self, key):
        return os.path.isfile(self.entry_path(key))

    def get(self, key):
        try:
            with open(self.entry_path(key), encoding="utf-8") as handle:
                return Entry(**json.load(handle))
        except (OSError, ValueError, TypeError):
            return None

    def put(self, entry):
        """Store an entry; its output images move to files/ first."""
        os.makedirs(self.entries, exist_ok=True)
        self.extract_images(entry.notebook)
        path = self.entry_path(entry.key)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(entry.__dict__, handle, ensure_ascii=False, default=str)
        os.replace(temporary, path)  # readers never see half an entry
        marker = path + ".failed"
        if entry.status == "failed":
            open(marker, "w").close()
        elif os.path.exists(marker):
            os.remove(marker)

    def file_path(self, name):
        return os.path.join(self.files, name)

    def extract_images(self, notebook):
        """Move base64 output images into files/, leaving a reference in their place."""
        os.makedirs(self.files, exist_ok=True)
        for cell in notebook.get("cells", []):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                for mime, extension in IMAGE_TYPES.items():
                    if mime not in data or isinstance(data[mime], dict):
                        continue
                    raw = data[mime]
                    raw = "".join(raw) if isinstance(raw, list) else raw
                    content = raw.encode() if mime == "image/svg+xml" else base64.b64decode(raw)
                    name = f"{hashlib.sha256(content).hexdigest()}.{extension}"
                    path = self.file_path(name)
                    if not os.path.exists(path):
                        with open(path, "wb") as handle:
                            handle.write(content)
                    data[mime] = {FILE_REF: name}
