"""Run one notebook with a real Jupyter kernel (in a worker process of the planner).

Returns plain data (the executed notebook as a dict, status, error, timings,
environment) so the result can cross the process boundary and be cached as is.

Two kinds of failure: the notebook's own (a cell raises or times out, the kernel
dies while running a cell), status "failed", cached like a success; and the
machinery's (the kernel never started, the kernel spec vanished), status
"not run", never cached, so the next build tries again.
"""

import contextlib
import datetime as dt
import importlib.metadata
import logging
import os
import platform
import re
import tempfile
import time
import warnings

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

try:
    import fcntl
except ImportError:  # Windows: starts are not serialized; the retries still apply
    fcntl = None

THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
_IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][\w]*)", re.M)

START_ATTEMPTS = 3
START_BACKOFF = 0.25  # seconds before the second attempt, doubled before each next one
# Failures that another attempt cannot mend: the kernel's program is missing or not
# executable.
_PERMANENT_START_ERRORS = (FileNotFoundError, PermissionError, NotADirectoryError)


class KernelStartError(Exception):
    """The kernel did not start: our machinery's failure, not the notebook's."""

    def __init__(self, reason, attempts):
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts


def run(job):
    """Execute ``job['notebook']``; never raises for a problem in the notebook itself."""
    if job.get("runner"):  # a remote Jupyter server or gateway (remote.py)
        from .remote import run_remote

        return run_remote(job)
    # Parallel notebooks must not each start one BLAS/OpenMP thread per core.
    for name in THREAD_VARIABLES:
        os.environ[name] = str(job["threads"])
    # A worker has no log handlers: without one, the logging module prints jupyter's
    # own messages raw. Everything worth saying comes back in the result.
    logging.getLogger("traitlets").addHandler(logging.NullHandler())
    with warnings.catch_warnings(), tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
        warnings.simplefilter("ignore")  # libraries' deprecations are not the author's concern
        return _run(job, stderr)


def _run(job, kernel_stderr):
    notebook = nbformat.from_dict(job["notebook"])
    client = NotebookClient(
        notebook,
        timeout=job["timeout"],
        kernel_name=job["kernel"],
        allow_errors=job["allow_errors"],
        resources={"metadata": {"path": job["cwd"]}},
    )
    try:
        retried = _start_kernel(client, job, kernel_stderr)
    except KernelStartError as failure:
        return not_run(
            f"the kernel {job['kernel']!r} did not start: {failure.reason}", failure.attempts
        )
    started = time.perf_counter()
    error = execute_cells(client, notebook, job)  # on the kernel started above
    duration = time.perf_counter() - started
    _truncate_outputs(notebook, job["max_output_chars"])
    return {
        "status": "failed" if error else "ok",
        "notebook": notebook,
        "error": error,
        "duration": round(duration, 3),
        "executed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": environment(notebook, job["threads"]),
        "kernel_retries": retried,
    }


def execute_cells(client, notebook, job, kernel_death=None, **execute_options):
    """Run the notebook's cells: its own failure as the error record to cache, or None.
    ``kernel_death`` says why a dead kernel died, when nbclient's words would not."""
    try:
        client.execute(**execute_options)
    except CellTimeoutError:
        error = _cell_error(
            notebook, "Timeout", f"a cell ran longer than the timeout of {job['timeout']} s"
        )
        error["hint"] = "make it faster, or raise 'timeout:' in the front matter"
    except CellExecutionError as exc:
        error = _cell_error(notebook, exc.ename, exc.evalue)
        error["traceback"] = str(exc.traceback if hasattr(exc, "traceback") else exc)
    except DeadKernelError as exc:
        why = kernel_death or exc
        error = _cell_error(
            notebook, "DeadKernel", f"the kernel died ({why}); is it out of memory?"
        )
    else:
        return None
    return error


def not_run(reason, attempts=0):
    """The result of a job our machinery could not run: reported, never cached."""
    return {"status": "not run", "reason": reason, "attempts": attempts}


def _start_kernel(client, job, kernel_stderr):
    """Start the kernel and wait until it answers, retrying a start that failed (a
    kernel that died at once, a port another kernel took); returns why earlier
    attempts failed. Raises KernelStartError when it never started."""
    failures = []
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            with one_start_at_a_time(job["start_lock"]):
                client.km = client.create_kernel_manager()
                client.start_new_kernel(stderr=kernel_stderr)
                client.start_new_kernel_client()  # waits for the kernel_info reply
            return failures
        except NoSuchKernel:
            _discard_kernel(client)
            raise KernelStartError(
                f"no kernel named {job['kernel']!r} is installed ('jupyter kernelspec list' "
                "shows them)",
                attempt,
            ) from None
        except Exception as error:  # died, timed out, could not be launched
            _discard_kernel(client)
            failures.append(_why(error, kernel_stderr))
            if attempt == START_ATTEMPTS or isinstance(error, _PERMANENT_START_ERRORS):
                raise KernelStartError(failures[-1], attempt) from None
            time.sleep(START_BACKOFF * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


@contextlib.contextmanager
def one_start_at_a_time(lock_path):
    """Hold a lock shared by all workers while a kernel starts.

    jupyter_client picks a kernel's five ports by binding to a free port and
    releasing it; the kernel binds them only once it runs. Two kernels starting at
    the same moment can pick the same port, and one of them dies ("Kernel died
    before replying to kernel_info") or never answers. Serializing only the start,
    until the kernel answers, closes that window while the notebooks still execute
    in parallel. An fcntl lock is released by the OS if a worker dies, so it never
    goes stale; the ipc transport would avoid ports too, but depends on the kernel
    supporting it and on short socket paths, which a lock does not.
    """
    if fcntl is None:
        yield
        return
    os.makedirs(os.path.dirname(lock_path), exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _discard_kernel(client):
    """Stop what a failed start left behind, so the next attempt starts clean."""
    if client.km is not None:
        with contextlib.suppress(Exception):  # it may be dead already: nothing to stop
            client._cleanup_kernel()
    client.km = None
    client.kc = None


def _why(error, kernel_stderr):
    """One line: the error and, when the kernel said something before dying, its last line."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    kernel_stderr.flush()
    kernel_stderr.seek(0)
    said = [line.strip() for line in kernel_stderr.read().splitlines() if line.strip()]
    kernel_stderr.seek(0)
    kernel_stderr.truncate()
    return f"{reason} (the kernel said: {said[-1][:200]})" if said else reason


def _cell_error(notebook, ename, evalue):
    """Which code cell failed: the last one that ran (has an execution count) or errored."""
    number, source = None, ""
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for index, cell in enumerate(code_cells, start=1):
        errored = any(output.get("output_type") == "error" for output in cell.get("outputs", []))
        tagged = "raises-exception" in cell.metadata.get("tags", [])
        if (errored and not tagged) or cell.get("execution_count") is not None:
            number, source = index, cell.source
            if errored and not tagged:
                break
    first_line = next((line for line in source.splitlines() if line.strip()), "")
    return {"cell": number, "cell_source": first_line[:80], "ename": ename, "evalue": str(evalue)}


def _truncate_outputs(notebook, limit):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and len(output.get("text", "")) > limit:
                size = len(output["text"])
                output["text"] = (
                    output["text"][:limit] + f"\n… output truncated: {size:,} characters in all\n"
                )
            for mime in ("text/plain", "text/html"):
                value = output.get("data", {}).get(mime)
                if isinstance(value, str) and len(value) > limit:
                    output["data"] = {
                        "text/plain": f"[{mime} output of {len(value):,} characters not shown]"
                    }


def environment(notebook, threads):
    """What a reader needs to judge a benchmark: Python, packages used, CPU."""
    packages = {}
    distributions = importlib.metadata.packages_distributions()
    for module in sorted(imported_modules(notebook)):
        for dist in distributions.get(module, []):
            try:
                packages[dist] = importlib.metadata.version(dist)
            except importlib.metadata.PackageNotFoundError:
                pass
    return {
        "python": platform.python_version(),
        "packages": packages,
        "cpu": _cpu_name(),
        "cores": os.cpu_count(),
        "threads": threads,
        "platform": f"{platform.system()} {platform.machine()}",
    }


def imported_modules(notebook):
    """The top-level modules the code cells import (their packages go in the footer)."""
    imported = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            imported.update(_IMPORT.findall(cell.source))
    return imported


def _cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
