"""The notebook settings, read in one place with their defaults."""

import os
from dataclasses import dataclass

from inkfolio.core import site_root

from .runners import read_runners

DEFAULTS = {
    "NOTEBOOK_EXECUTE": "auto",  # "auto": run what is stale; "never": only use the cache
    "NOTEBOOK_REFRESH": [],  # notebook names to execute even if cached
    "NOTEBOOK_TIMEOUT": 300,  # seconds per cell; 'timeout:' in front matter overrides
    "NOTEBOOK_WORKERS": None,  # parallel kernels; None: one per CPU core
    "NOTEBOOK_CACHE_PATH": ".cache/notebooks",  # relative to the site's folder (PATH's parent)
    "NOTEBOOK_LOCK_FILES": [
        "uv.lock",
        "poetry.lock",
        "pylock.toml",
        "requirements.txt",
        "environment.yml",
    ],
    "NOTEBOOK_MAX_OUTPUT_CHARS": 100_000,
    "NOTEBOOK_FILES_URL": "nb/",  # where output images are published
    # Remote Jupyter servers or gateways by name (runners.py); 'runner:' in front matter
    # picks one, NOTEBOOK_RUNNER (--runner) sends every stale notebook to one.
    "NOTEBOOK_RUNNERS": {},
    "NOTEBOOK_RUNNER": None,
    "NOTEBOOK_ONLY": None,  # "local" or a runner's name: execute only those (--only)
    # Keep the local worker processes between builds of one process (set by livereload):
    # an edit then costs the kernel's start and the cells, not a Python with nbclient.
    "NOTEBOOK_KEEP_WORKERS": False,
}


@dataclass(frozen=True)
class NotebookSettings:
    execute: str
    refresh: tuple
    timeout: int
    workers: int
    cache_path: str
    lock_files: tuple
    max_output_chars: int
    files_url: str
    site_root: str
    runners: dict  # name -> runners.Runner
    runner: str | None  # every notebook goes there (--runner), whatever its front matter
    only: str | None  # "local" or a runner's name: only those execute (--only)
    keep_workers: bool  # the local pool outlives the build (livereload's warm builder)


def notebook_settings(settings):
    value = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    root = site_root(settings)
    cache_path = os.path.join(root, value["NOTEBOOK_CACHE_PATH"])
    refresh = value["NOTEBOOK_REFRESH"]
    return NotebookSettings(
        execute=value["NOTEBOOK_EXECUTE"],
        refresh=tuple([refresh] if isinstance(refresh, str) else refresh),
        timeout=int(value["NOTEBOOK_TIMEOUT"]),
        workers=int(value["NOTEBOOK_WORKERS"] or os.cpu_count() or 1),
        cache_path=cache_path,
        lock_files=tuple(value["NOTEBOOK_LOCK_FILES"]),
        max_output_chars=int(value["NOTEBOOK_MAX_OUTPUT_CHARS"]),
        files_url=value["NOTEBOOK_FILES_URL"],
        site_root=root,
        runners=read_runners(settings, root),
        runner=value["NOTEBOOK_RUNNER"] or None,
        only=value["NOTEBOOK_ONLY"] or None,
        keep_workers=bool(value["NOTEBOOK_KEEP_WORKERS"]),
    )
