"""Run one notebook with a real Jupyter kernel (in a worker process of the planner).

Returns plain data (the executed notebook as a dict, status, error, timings,
environment) so the result can cross the process boundary and be cached as is.
"""

import datetime as dt
import importlib.metadata
import os
import platform
import re
import subprocess
import time

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
_IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][\w]*)", re.M)


def run(job):
    """Execute ``job['notebook']``; never raises for a problem in the notebook itself."""
    # Parallel notebooks must not each start one BLAS/OpenMP thread per core.
    for name in THREAD_VARIABLES:
        os.environ[name] = str(job["threads"])
    notebook = nbformat.from_dict(job["notebook"])
    client = NotebookClient(
        notebook,
        timeout=job["timeout"],
        kernel_name=job["kernel"],
        allow_errors=job["allow_errors"],
        resources={"metadata": {"path": job["cwd"]}},
    )
    started = time.perf_counter()
    error = None
    try:
        # The kernel's own stderr (start-up chatter) is not the notebook's output.
        client.execute(stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        error = _cell_error(
            notebook, "Timeout", f"a cell ran longer than the timeout of {job['timeout']} s"
        )
        error["hint"] = "make it faster, or raise 'timeout:' in the front matter"
    except CellExecutionError as exc:
        error = _cell_error(notebook, exc.ename, exc.evalue)
        error["traceback"] = str(exc.traceback if hasattr(exc, "traceback") else exc)
    except DeadKernelError as exc:
        error = _cell_error(
            notebook, "DeadKernel", f"the kernel died ({exc}); is it out of memory?"
        )
    except NoSuchKernel:
        error = {
            "cell": None,
            "ename": "NoSuchKernel",
            "evalue": f"no kernel named {job['kernel']!r} is installed",
            "hint": "'jupyter kernelspec list' shows the installed kernels; set 'kernel:' in the front matter",
        }
    duration = time.perf_counter() - started
    _truncate_outputs(notebook, job["max_output_chars"])
    return {
        "status": "failed" if error else "ok",
        "notebook": notebook,
        "error": error,
        "duration": round(duration, 3),
        "executed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": environment(notebook, job["threads"]),
    }


def crashed(job, error):
    """The result to cache when the worker running ``job`` died before returning."""
    return {
        "status": "failed",
        "notebook": job["notebook"],
        "error": {
            "cell": None,
            "ename": type(error).__name__,
            "evalue": str(error) or "the worker process died",
        },
        "duration": 0.0,
        "executed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": {},
    }


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
    imported = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            imported.update(_IMPORT.findall(cell.source))
    packages = {}
    distributions = importlib.metadata.packages_distributions()
    for module in sorted(imported):
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


def _cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
