"""Remote runner benchmark: 8 notebooks through one Jupyter Kernel Gateway with 2 kernels,
against the same 8 executed locally with 2 workers.

Each notebook computes for about a second (numpy) and then waits 2 s (as a GPU job
waits on its device), so a client that spins while a cell runs shows up as CPU time.
Measured for ``inkfolio execute`` (cold cache each time): wall time, and the CPU time
of the client, i.e. the build process and its workers; for the local run that includes
the kernels, which on a runner belong to the gateway (its CPU is shown apart).

Target: the runner's client CPU at most a quarter of its wall time (it must not spin).
Run: ``python benchmarks/bench_remote_runner.py [--n 8]`` (not part of pytest; needs
the ``jupyter-kernel-gateway`` package of the test extra).
"""

import argparse
import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

WORK = Path(__file__).resolve().parent / "_work" / "remote_runner"
PYTHON = "{}.{}".format(*sys.version_info[:2])
NOTEBOOK = """\
# ---
# title: Notebook {i}
# date: 2026-04-01
# ---

# %%
import time
import numpy as np
started = time.process_time()
rng = np.random.default_rng({i})
while time.process_time() - started < 1.0:
    a = rng.standard_normal((200, 200))
    a @ a

# %%
time.sleep(2)
print("done")
"""


def listening_port(pid):
    """The port a process listens on (Linux /proc): Kernel Gateway logs ':0' for port 0."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    for row in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = row.split()
        if fields[3] == "0A" and fields[9] in inodes:
            return int(fields[1].split(":")[1], 16)
    return None


def start_gateway(folder, token, kernels):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "kernelgateway",
            "--KernelGatewayApp.ip=127.0.0.1",
            "--KernelGatewayApp.port=0",
            f"--KernelGatewayApp.auth_token={token}",
            f"--KernelGatewayApp.max_kernels={kernels}",
        ],
        cwd=folder,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / "runtime")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        port = listening_port(process.pid)
        if port:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api", headers={"Authorization": f"token {token}"}
            )
            try:
                urllib.request.urlopen(request, timeout=2).close()
                return process, f"http://127.0.0.1:{port}"
            except OSError:
                pass
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("the gateway did not start")


def gateway_cpu(pid):
    """CPU seconds of the gateway, with its kernels that have exited (it reaps them)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


def execute(site, *flags):
    shutil.rmtree(site / ".cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", "execute", "-s", str(site / "pelicanconf.py"), *flags],
        cwd=site,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=8)
    parser.add_argument("--kernels", type=int, default=2)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    site = WORK / "site"
    (site / "notebooks").mkdir(parents=True)
    (site / "content").mkdir()
    for i in range(args.n):
        (site / "notebooks" / f"nb{i}.py").write_text(NOTEBOOK.format(i=i))
    token = secrets.token_hex(16)
    gateway, url = start_gateway(WORK, token, args.kernels)
    runners = {"gpu": {"url": url, "token_env": "BENCH_TOKEN", "python": PYTHON, "workers": 2}}
    (site / "pelicanconf.py").write_text(
        "from inkfolio.defaults import *\nSITENAME = 'Bench'\nAUTHOR = 'Bench'\n"
        f"NOTEBOOK_WORKERS = {args.kernels}\nNOTEBOOK_RUNNERS = {json.dumps(runners)}\n"
    )
    os.environ["BENCH_TOKEN"] = token
    try:
        local = execute(site)
        gateway_before = gateway_cpu(gateway.pid)
        remote = execute(site, "--runner", "gpu")
        gateway_used = gateway_cpu(gateway.pid) - gateway_before
    finally:
        os.killpg(gateway.pid, signal.SIGTERM)
        gateway.wait()
    print(f"{args.n} notebooks (1 s of compute + 2 s of waiting each), {args.kernels} kernels")
    print("| run | wall (s) | client CPU (s) | gateway + kernels CPU (s) |")
    print("|---|---:|---:|---:|")
    print(
        f"| local, {args.kernels} workers | {local[0]:.1f} | {local[1]:.1f} (kernels included) | - |"
    )
    print(
        f"| runner via Kernel Gateway, {args.kernels} kernels | {remote[0]:.1f} | "
        f"{remote[1]:.1f} | {gateway_used:.1f} |"
    )
    # A client that spins burns a core per waiting kernel for the whole run.
    verdict = "PASS" if remote[1] <= 0.25 * remote[0] else "FAIL"
    print(
        f"{verdict}: the runner's client CPU {remote[1]:.1f} s <= 0.25 x its wall {remote[0]:.1f} s"
    )


if __name__ == "__main__":
    main()
