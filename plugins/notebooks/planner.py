"""Before Pelican reads anything: find stale notebooks and execute them in parallel.

Each notebook's cache key is computed; notebooks with a cache entry are left alone,
the others run in a process pool (one kernel per worker), and every result of the
notebook, failure included, goes into the cache. The planner decides what runs; a
notebook's runner (``runner:`` or --runner, see runners.py) decides where: locally, or
on a remote Jupyter server in a pool of that runner's own. A failure of the machinery (a kernel
that never started, a worker that died) is reported and not cached: the next build
tries again. Pelican's reader then only renders cached results.
"""

import concurrent.futures
import contextlib
import fnmatch
import logging
import multiprocessing
import os
from dataclasses import dataclass, field

from inkfolio.core import REPORTED, ContentError, Progress, display_path
from inkfolio.plugins.markdown_reader.schema import is_published
from inkfolio.settings import SettingsError

from . import cache as cache_module
from .schema import validate
from .settings import notebook_settings
from .source import NOTEBOOK_EXTENSIONS, is_notebook_file, load

logger = logging.getLogger(__name__)


@dataclass
class Plan:
    cached: list = field(default_factory=list)  # (source, key)
    stale: list = field(default_factory=list)  # (source, key)
    stored_outputs: list = field(default_factory=list)  # sources rendered as saved
    runners: dict = field(default_factory=dict)  # source path -> its Runner, if remote
    problems: int = 0


def discover(settings):
    """Notebook source files under the article paths, in a stable order."""
    found = []
    ignore = settings.get("IGNORE_FILES", [])
    # Folders Pelican never reads as articles (ARTICLE_EXCLUDES, from content/).
    excluded = {
        os.path.normpath(os.path.join(settings["PATH"], folder))
        for folder in settings.get("ARTICLE_EXCLUDES", [])
    }
    for folder in settings["ARTICLE_PATHS"]:
        root = os.path.normpath(os.path.join(settings["PATH"], folder))
        for directory, subdirectories, files in os.walk(root, followlinks=True):
            subdirectories[:] = sorted(
                d
                for d in subdirectories
                if not any(fnmatch.fnmatch(d, p) for p in ignore)
                and os.path.join(directory, d) not in excluded
            )
            for name in sorted(files):
                path = os.path.join(directory, name)
                ignored = any(fnmatch.fnmatch(name, p) for p in ignore)
                if name.endswith(NOTEBOOK_EXTENSIONS) and not ignored and is_notebook_file(path):
                    found.append(path)
    return sorted(set(found))


def make_plan(settings):
    config = notebook_settings(settings)
    store = cache_module.Cache(config.cache_path)
    lock = cache_module.lock_hash(config.site_root, config.lock_files)
    plan = Plan()
    kernels = None
    _check_runner_override(config)
    for path in discover(settings):
        try:
            source = load(path, display_path(path))
            values = validate(source)
            if not is_published(values, settings.get("PUBLISH_DEFAULT", True)):
                continue  # never shown: not worth a kernel
            if not source.options["execute"]:
                plan.stored_outputs.append(source)
                continue
            runner = _runner_of(source, config)
            if runner is not None:  # its kernels are the server's: it checks the name
                key = cache_module.execution_key(source, settings, lock, runner)
                plan.runners[source.path] = runner
                _add(plan, store, source, key, config)
                continue
            kernels = kernels if kernels is not None else _installed_kernels()
            if source.kernel_name not in kernels:
                raise ContentError(
                    source.shown,
                    f"no kernel named {source.kernel_name!r} is installed (installed: "
                    f"{', '.join(sorted(kernels)) or 'none'}); set 'kernel:' in the front matter, "
                    "or install it ('jupyter kernelspec list' shows them)",
                    source.key_lines.get("kernel"),
                )
            key = cache_module.execution_key(source, settings, lock)
        except ContentError as error:
            logger.error("%s", error)
            REPORTED.add(os.path.relpath(path, settings["PATH"]).replace(os.sep, "/"))
            plan.problems += 1
            continue
        _add(plan, store, source, key, config)
    return plan


def _add(plan, store, source, key, config):
    refresh = _matches(source, config.refresh)
    cached = store.has(key) and not refresh and not _machinery_failure(store, key)
    (plan.cached if cached else plan.stale).append((source, key))


def _check_runner_override(config):
    declared = ", ".join(sorted(config.runners)) or "none"
    if config.runner and config.runner not in config.runners:
        raise SettingsError(
            f"--runner {config.runner}: no runner of that name in NOTEBOOK_RUNNERS "
            f"(declared: {declared})"
        )
    if config.only and config.only != "local" and config.only not in config.runners:
        raise SettingsError(
            f"--only {config.only}: write 'local' or a runner of NOTEBOOK_RUNNERS "
            f"(declared: {declared})"
        )


def _runner_name(plan, source):
    runner = plan.runners.get(source.path)
    return runner.name if runner else "local"


def _runner_of(source, config):
    """The runner this notebook executes on (--runner first), or None: locally."""
    name = config.runner or source.options.get("runner")
    if not name:
        return None
    if name not in config.runners:
        raise ContentError(
            source.shown,
            f"front matter field 'runner': no runner named {name!r} in NOTEBOOK_RUNNERS "
            f"(declared: {', '.join(sorted(config.runners)) or 'none'}); declare it in the "
            "settings or remove 'runner:' to run it locally",
            source.key_lines.get("runner"),
        )
    return config.runners[name]


def _machinery_failure(store, key):
    """Older versions cached failures of the machinery too: a dead worker (no environment
    recorded) or a missing kernel. Those entries are not the notebook's result."""
    if not store.failed(key):
        return False
    entry = store.get(key)
    return (
        entry is None or not entry.environment or (entry.error or {}).get("ename") == "NoSuchKernel"
    )


def _installed_kernels():
    from jupyter_client.kernelspec import KernelSpecManager

    return set(KernelSpecManager().find_kernel_specs())


def _matches(source, names):
    stem = os.path.splitext(os.path.basename(source.path))[0]
    return any(name in (stem, os.path.basename(source.path), source.shown) for name in names)


# The plan of the current build: source path -> its execution key. The reader takes
# keys from here rather than hashing code and `depends` files a second time.
PLANNED_KEYS = {}


def run(settings, shard=None):
    """Plan, execute what is stale, report. Returns the number of problems reported."""
    config = notebook_settings(settings)
    store = cache_module.Cache(config.cache_path)
    plan = make_plan(settings)
    problems = plan.problems
    stale = plan.stale
    if shard:
        # Shares by position among all notebooks (the same on every runner), not
        # among the stale ones, which differ as soon as one runner has finished.
        index, count = shard
        everything = discover(settings)
        stale = [item for item in stale if everything.index(item[0].path) % count == index - 1]
    if config.only:  # e.g. the GPU job runs its runner's notebooks, CPU jobs the local ones
        stale = [item for item in stale if _runner_name(plan, item[0]) == config.only]
    if stale and config.execute == "never":
        for source, _ in stale:
            if _has_stored_outputs(source):
                logger.warning(
                    "%s: not in the notebook cache; rendered with the outputs saved in the file (--no-execute)",
                    source.shown,
                )
            else:
                logger.error(
                    "%s: not executed and not in the notebook cache (--no-execute). Build once "
                    "with execution (invoke build) or 'invoke execute', and commit the cache, "
                    "or save the notebook with its outputs.",
                    source.shown,
                )
                problems += 1
        stale = []
    if config.keep_workers and (plan.cached or stale):
        warm_pool(config.workers)  # ready for the author's next code edit
    results = _execute_all(stale, config, store, plan.runners) if stale else {}
    for source, key in plan.cached + stale:
        result = results.get(source.path)
        if result and result["status"] == NOT_RUN:
            _report_not_run(source, result)
            problems += 1
        elif store.failed(key) and not source.options["allow_errors"]:
            _report_failure(source, store.get(key), cached=source.path not in results)
            problems += 1
    _summary(plan, results)
    PLANNED_KEYS.clear()
    PLANNED_KEYS.update({source.path: key for source, key in plan.cached + plan.stale})
    return problems


def _execute_all(stale, config, store, runners):
    """Local notebooks in one pool of ``NOTEBOOK_WORKERS`` kernels; each runner's in a
    pool of its own ``workers``; all at once, results cached as they come."""
    groups = {}
    for source, key in stale:
        runner = runners.get(source.path)
        groups.setdefault(runner.name if runner else None, []).append((source, key))
    local_workers = max(1, min(config.workers, len(groups.get(None, [])) or 1))
    threads = max(1, (os.cpu_count() or 1) // local_workers)
    from . import execute  # nbclient: loaded only when something runs

    keys = {source.path: (source, key) for source, key in stale}
    results = {}
    context = multiprocessing.get_context("spawn")  # fresh workers: no state copied from Pelican
    with contextlib.ExitStack() as stack:
        progress = stack.enter_context(Progress("Executing notebooks", len(stale), after=0))
        futures = {}
        for name, items in groups.items():
            runner = config.runners[name] if name else None
            if runner is None and config.keep_workers:
                pool = warm_pool(config.workers)
            else:
                size = min(runner.workers if runner else local_workers, len(items))
                pool = stack.enter_context(
                    concurrent.futures.ProcessPoolExecutor(size, mp_context=context)
                )
            for source, _ in items:
                job = _job(source, config, threads, runner)
                futures[pool.submit(execute.run, job)] = source.path
        for future in concurrent.futures.as_completed(futures):
            path = futures[future]
            source, key = keys[path]
            try:
                result = future.result()
            except Exception as error:  # the worker process itself died (killed, out of memory)
                result = execute.not_run(
                    f"the worker process running it stopped ({_one_line(error)})"
                )
            retries = result.pop("kernel_retries", [])
            if retries:
                _report_retries(source, retries)
                result["note"] = f"kernel started on attempt {len(retries) + 1}"
            if path in runners:
                result["note"] = f"on runner {runners[path].name}"
            if result["status"] != NOT_RUN:
                entry = {name: value for name, value in result.items() if name != "note"}
                store.put(cache_module.Entry(key=key, **entry))
            results[path] = result
            progress.advance(f"Executed {source.shown}")
    return results


_warm = {}  # size -> the pool kept between builds (NOTEBOOK_KEEP_WORKERS)


def warm_pool(size):
    """Local workers that outlive the build, started now with nbclient imported, so a
    later edit finds them ready. A pool whose worker died is replaced."""
    pool = _warm.get(size)
    if pool is None or getattr(pool, "_broken", False):  # CPython's flag for a dead worker
        context = multiprocessing.get_context("spawn")  # no state copied from Pelican
        pool = _warm[size] = concurrent.futures.ProcessPoolExecutor(
            size, mp_context=context, initializer=_import_execute
        )
        for _ in range(size):
            pool.submit(_import_execute)  # start every worker before the first edit
    return pool


def _import_execute():
    from . import execute  # noqa: F401 (nbclient and jupyter_client, once per worker)


def _job(source, config, threads, runner):
    job = {
        "notebook": source.notebook,
        "kernel": source.kernel_name,
        "timeout": source.options["timeout"] or config.timeout,
        "allow_errors": source.options["allow_errors"],
        "cwd": os.path.dirname(source.path),
        "threads": threads,
        "max_output_chars": config.max_output_chars,
        "start_lock": os.path.join(config.cache_path, "kernel-start.lock"),
    }
    if runner is not None:
        job["runner"] = runner.job_part()
        job["kernel"] = cache_module.remote_kernel(source, runner)
        job["files"] = cache_module.depends_files(source)
    return job


NOT_RUN = "not run"  # execute.not_run(): our machinery failed, the notebook did not


def _one_line(error):
    text = str(error).strip()
    return (
        f"{type(error).__name__}: {text.splitlines()[0].rstrip('.')}"
        if text
        else type(error).__name__
    )


def _report_retries(source, retries):
    logger.info(
        "%s: the kernel started on attempt %d; before: %s",
        source.shown,
        len(retries) + 1,
        "; ".join(retries),
    )


def _report_not_run(source, result):
    logger.error(
        "%s: not executed: %s%s. Nothing was cached for it: it runs again on the next build.",
        source.shown,
        result["reason"],
        f" (after {result['attempts']} attempts)" if result.get("attempts", 0) > 1 else "",
    )


def _has_stored_outputs(source):
    return source.path.endswith(".ipynb") and any(cell.get("outputs") for cell in source.code_cells)


def _report_failure(source, entry, cached):
    error = (entry.error if entry else None) or {}
    hint = error.get("hint") or (
        "fix the cell, tag it 'raises-exception' if the error is the point, "
        "or set 'allow_errors: true' in the front matter"
    )
    again = (
        " [cached failure: runs again when its code or inputs change, or with --refresh]"
        if cached
        else ""
    )
    logger.error("%s: %s; %s%s", source.shown, cache_module.describe_failure(error), hint, again)


def _summary(plan, results):
    from pelican.log import console

    failed = sum(1 for result in results.values() if result["status"] == "failed")
    not_run = sum(1 for result in results.values() if result["status"] == NOT_RUN)
    total = len(plan.cached) + len(plan.stale) + len(plan.stored_outputs)
    if not total:
        return
    parts = [
        f"{len(results) - failed - not_run} executed",
        f"{len(plan.cached)} from cache",
        f"{failed} failed",
    ]
    if not_run:
        parts.append(f"{not_run} could not run")
    if plan.stored_outputs:
        parts.append(f"{len(plan.stored_outputs)} not executed (execute: false)")
    console.print("Notebooks: " + ", ".join(parts))
    for path, result in sorted(results.items()):
        duration = f"{result['duration']:6.1f} s" if "duration" in result else " " * 8
        note = f"  ({result['note']})" if result.get("note") else ""
        console.print(f"  {result['status']:>7}  {duration}  {display_path(path)}{note}")
