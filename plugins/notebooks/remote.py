"""Run one notebook on a runner (a Jupyter gateway or server), in a planner worker.

Hands back the same result record as a local run (execute.py), so the planner and
the cache cannot tell where it ran; only the environment, gathered inside the remote
kernel, says so. The token is read from its environment variable here, where it is
sent (as a header), and appears in no result, message or log line: errors name the
runner, never its URL.

Failures of the machinery (unreachable, refused token, connection dropped, another
Python than declared) are "not run" and never cached; only the connection is
retried, never a cell that started. The notebook's own failures are cached as ever.
"""

import ast
import base64
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import time
from queue import Empty

import nbformat
from jupyter_core.utils import run_sync
from jupyter_server.gateway.gateway_client import GatewayClient
from nbclient import NotebookClient
from tornado import web

from . import remote_snippets
from .execute import _truncate_outputs, execute_cells, imported_modules, not_run
from .gateway import ConnectionDropped, NoSuchRemoteKernel, RunnerKernelManager

# The server caps one WebSocket message near 10 MiB; a chunk is sent as base64 (4/3).
UPLOAD_CHUNK = 4 * 1024 * 1024
CONNECT_BACKOFF = 0.5  # seconds before the second attempt, doubled before each next one
REQUEST_TIMEOUT = 120  # seconds for one HTTP request (a kernel start on a cluster is slow)


class RunnerError(Exception):
    """One line, naming the runner, on why a notebook could not run there."""


def run_remote(job):
    runner = job["runner"]
    name = runner["name"]
    _silence_upstream_logs()
    token = None
    if runner["token_env"]:
        token = os.environ.get(runner["token_env"])
        if not token:
            return not_run(
                f"runner {name!r}: the environment variable {runner['token_env']} "
                "(its token) is not set"
            )
    _configure_gateway(runner, token)
    runner = {**runner, "kernel": job["kernel"]}  # for the messages
    notebook = nbformat.from_dict(job["notebook"])
    client = NotebookClient(
        notebook,
        timeout=job["timeout"],
        kernel_name=job["kernel"],
        allow_errors=job["allow_errors"],
        kernel_manager_class=RunnerKernelManager,
        resources={"metadata": {"path": None}},
    )
    attempts = 0
    try:
        attempts = _start_kernel(client, runner)
        environment = run_sync(_prepare)(client.kc, runner, job["files"], notebook)
        environment["runner"] = name
        started = time.perf_counter()
        error = _execute(client, notebook, job, name)
        duration = time.perf_counter() - started
        if error is None:  # else the kernel may be busy (timeout) or new (restarted)
            with contextlib.suppress(Exception):  # tidying up: the run itself is done
                run_sync(_evaluate)(client.kc, "__import__('__inkfolio__').finish()")
    except RunnerError as failure:
        reason = str(failure)
        if not reason.startswith(f"runner {name!r}"):
            reason = f"runner {name!r}: {reason}"
        return not_run(reason, attempts)
    except ConnectionDropped as dropped:
        return not_run(f"the connection to runner {name!r} dropped during the run ({dropped})")
    except web.HTTPError as failure:
        return not_run(_http_reason(runner, failure))
    except Exception as failure:  # anything else of the machinery's: one line, no URL
        return not_run(
            f"runner {name!r} failed: {type(failure).__name__}: {_without_urls(failure)}"
        )
    finally:
        _stop_kernel(client)
    _truncate_outputs(notebook, job["max_output_chars"])
    return {
        "status": "failed" if error else "ok",
        "notebook": notebook,
        "error": error,
        "duration": round(duration, 3),
        "executed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": environment,
        "kernel_retries": [],
    }


def _execute(client, notebook, job, name):
    """The notebook's own failure as the cached error record, or None."""
    running = []  # the cells sent: a dying kernel may not say which one it ran
    client.on_cell_execute = lambda cell, cell_index: running.append(cell)
    # The client is kept up: its working folder is removed first.
    error = execute_cells(client, notebook, job, "the server restarted it", cleanup_kc=False)
    if error is None:
        return None
    if running and error["ename"] in ("Timeout", "DeadKernel"):
        code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
        first = next((line for line in running[-1].source.splitlines() if line.strip()), "")
        number = next(n for n, cell in enumerate(code_cells, 1) if cell is running[-1])
        error.update(cell=number, cell_source=first[:80])
    error["runner"] = name
    return error


def _start_kernel(client, runner):
    """Start the kernel and open its channels; retries only failures to connect.
    Returns the number of attempts."""
    name = runner["name"]
    attempts = 1 + runner["retries"]
    for attempt in range(1, attempts + 1):
        try:
            client.km = client.create_kernel_manager()
            client.start_new_kernel()
            client.start_new_kernel_client()
            return attempt
        except NoSuchRemoteKernel:
            _stop_kernel(client)
            raise RunnerError(
                f"runner {name!r} has no kernel named {runner['kernel']!r}; set 'kernel' in "
                "the runner's settings or 'kernel:' in the front matter"
            ) from None
        except web.HTTPError as error:
            _stop_kernel(client)
            if not _is_connection_error(error) or attempt == attempts:
                raise RunnerError(_http_reason(runner, error, attempt)) from None
        except Exception as error:  # the WebSocket: refused, reset, bad status
            _stop_kernel(client)
            status = getattr(error, "status_code", None)
            if status in (401, 403):
                raise RunnerError(_refused(name, runner, status)) from None
            if attempt == attempts:
                raise RunnerError(
                    f"runner {name!r}: could not open the kernel's channels "
                    f"({type(error).__name__}) after {attempt} attempt(s)"
                ) from None
        time.sleep(CONNECT_BACKOFF * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def _stop_kernel(client):
    if client.km is not None:
        with contextlib.suppress(Exception):  # gone already: nothing to stop
            client._cleanup_kernel()
    client.km = client.kc = None


def _is_connection_error(error):
    # gateway_request turns refused or timed-out connections into 503 and 599.
    return error.status_code in (502, 503, 504, 599)


def _http_reason(runner, error, attempts=1):
    name, status = runner["name"], error.status_code
    if status in (401, 403) and "limit" not in str(error.args).lower():
        return _refused(name, runner, status)
    if _is_connection_error(error):
        return (
            f"runner {name!r} is unreachable (HTTP {status}) after {attempts} attempt(s); "
            "is its server running, and the tunnel or address right?"
        )
    return f"runner {name!r} answered HTTP {status}: {_without_urls(error)}"


def _refused(name, runner, status):
    variable = runner["token_env"]
    where = f"check the token in {variable}" if variable else "set 'token_env' for it"
    return f"runner {name!r} refused the token (HTTP {status}); {where}"


def _without_urls(error):
    """Errors quote the server's URL (gateway_request's messages do): keep the rest."""
    if isinstance(error, web.HTTPError) and error.args:
        text = str(error.args[0])  # the server's own message, not the sentence around it
    else:
        text = str(error).splitlines()[0] if str(error).strip() else ""
    return " ".join(word for word in text.split() if "://" not in word)[:200]


def _configure_gateway(runner, token):
    GatewayClient.clear_instance()
    GatewayClient.instance(
        url=runner["url"],
        auth_token=token or "",
        auth_scheme="token",
        connect_timeout=float(runner["connect_timeout"]),
        request_timeout=float(REQUEST_TIMEOUT),
        gateway_retry_max=0,  # we retry the connection ourselves, and only that
        allowed_envs="",
    )


def _silence_upstream_logs():
    """jupyter_server logs its errors with the server's URL; the worker says nothing of
    its own (the planner reports the result), and never a URL."""
    for name in ("ServerApp", "traitlets", "tornado", "websocket", "NotebookClient"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


async def _prepare(kc, runner, files, notebook):
    """Check the remote Python, move into a fresh folder, send the ``depends:`` files.
    Returns the machine's facts for the footer, gathered before any cell can hang."""
    await _silent(kc, remote_snippets.INSTALL)
    modules = sorted(imported_modules(notebook))
    facts = await _evaluate(kc, f"__import__('__inkfolio__').start({modules!r})")
    python = ".".join(facts["python"].split(".")[:2])
    if python != runner["python"]:
        raise RunnerError(
            f"runner {runner['name']!r} runs Python {python}, but its settings "
            f"declare {runner['python']}; correct 'python' in NOTEBOOK_RUNNERS (it is part "
            "of the cache key)"
        )
    for relative, path in files:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            first, chunk = True, handle.read(UPLOAD_CHUNK)
            while first or chunk:  # an empty file is sent too, as one empty chunk
                digest.update(chunk)
                await _silent(
                    kc,
                    f"__import__('__inkfolio__').put({relative!r}, {first!r})",
                    {"inkfolio_chunk": base64.b64encode(chunk).decode()},
                )
                first, chunk = False, handle.read(UPLOAD_CHUNK)
        received = await _evaluate(kc, f"__import__('__inkfolio__').sha256({relative!r})")
        if received != digest.hexdigest():
            raise RunnerError(
                f"runner {runner['name']!r}: the input file {relative} arrived damaged"
            )
    return facts


async def _silent(kc, code, extra=None):
    """Run code the notebook does not see: no execution count, no history, no output."""
    reply = await _request(kc, code, {}, extra)
    if reply["status"] != "ok":
        raise RunnerError(f"inkfolio's setup code failed in the kernel: {reply.get('evalue')}")


async def _evaluate(kc, expression):
    reply = await _request(kc, "", {"value": expression})
    value = reply.get("user_expressions", {}).get("value", {})
    if value.get("status") != "ok":
        raise RunnerError(f"inkfolio's setup code failed in the kernel: {value.get('evalue')}")
    return json.loads(ast.literal_eval(value["data"]["text/plain"]))


async def _request(kc, code, expressions, extra=None, timeout=60):
    """An execute_request; ``extra`` travels in its content, for the code to read."""
    content = {
        "code": code,
        "silent": True,
        "store_history": False,
        "user_expressions": expressions,
        "allow_stdin": False,
        "stop_on_error": True,
        **(extra or {}),
    }
    message = kc.session.msg("execute_request", content)
    kc.shell_channel.send(message)
    msg_id = message["header"]["msg_id"]
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RunnerError("the kernel did not answer inkfolio's setup code in time")
        try:
            message = await kc.shell_channel.get_msg(timeout=remaining)
        except Empty:
            continue
        if message["parent_header"].get("msg_id") == msg_id:
            return message["content"]
