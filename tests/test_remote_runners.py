"""Notebooks executed on a remote runner: a real `jupyter kernelgateway` on 127.0.0.1
with a random token, driven through jupyter_server's gateway client as a user's build
would. Each failure gives one line naming the notebook and the runner, in seconds; the
machinery's failures leave no cache entry, the notebook's own are cached."""

import asyncio
import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import SETTINGS, offline_env, run_build

pytest.importorskip("kernel_gateway")

TOKEN_ENV = "INKFOLIO_TEST_GPU_TOKEN"
# Only the gateway process has this variable: a notebook that prints it ran there.
GATEWAY_ONLY = "INKFOLIO_TEST_ONLY_ON_THE_GATEWAY"
PYTHON = "{}.{}".format(*sys.version_info[:2])


class Gateway:
    """A `jupyter kernelgateway` in its own process group (its kernels die with it)."""

    def __init__(self, folder, token):
        self.token = token
        folder.mkdir(parents=True, exist_ok=True)
        other = folder / "jupyter/kernels/other"
        other.mkdir(parents=True)
        kernel = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "other",
            "language": "python",
            "env": {"INKFOLIO_TEST_KERNEL": "other"},
        }
        (other / "kernel.json").write_text(json.dumps(kernel))
        env = {
            **os.environ,
            GATEWAY_ONLY: "yes, the gateway's",
            "JUPYTER_PATH": str(folder / "jupyter"),
            "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
            "JUPYTER_DATA_DIR": str(folder / "data"),
            "JUPYTER_CONFIG_DIR": str(folder / "config"),
        }
        env.pop(TOKEN_ENV, None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "kernelgateway",
                "--KernelGatewayApp.ip=127.0.0.1",
                "--KernelGatewayApp.port=0",
                "--KernelGatewayApp.port_retries=0",
                f"--KernelGatewayApp.auth_token={token}",
            ],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            self.url = f"http://127.0.0.1:{self._wait_for_port()}"
            self._wait_until_it_answers()
        except BaseException:
            self.kill()
            raise

    def _wait_for_port(self, timeout=30):
        """Port 0 lets the OS choose; the gateway logs ':0', so read the port back from
        the socket the process listens on."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            port = listening_port(self.process.pid)
            if port:
                return port
            assert self.process.poll() is None, "the gateway exited at start"
            time.sleep(0.1)
        raise AssertionError("the gateway did not listen within 30 s")

    def _wait_until_it_answers(self, timeout=30):
        request = urllib.request.Request(
            f"{self.url}/api/kernelspecs", headers={"Authorization": f"token {self.token}"}
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    return json.load(response)
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the gateway did not answer within 30 s")

    def kill(self):
        """As a crash would: no goodbye to the client."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def listening_port(pid):
    """The TCP port a process listens on, from /proc (Linux): its socket inodes, then
    the LISTEN rows of /proc/net/tcp with one of them."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    for row in rows:
        fields = row.split()
        if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
            return int(fields[1].split(":")[1], 16)
    return None


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    started = Gateway(tmp_path_factory.mktemp("gateway"), secrets.token_hex(16))
    yield started
    started.kill()


@pytest.fixture
def token(gateway, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, gateway.token)
    return gateway.token


def runners(url, **gpu):
    declared = {
        "gpu": {"url": url, "token_env": TOKEN_ENV, "python": PYTHON, "retries": 1, **gpu},
        "old": {"url": url, "token_env": TOKEN_ENV, "python": "3.1"},
    }
    return "NOTEBOOK_RUNNERS=" + json.dumps(declared)


def notebook(title, cells, front=""):
    """A jupytext percent notebook: one string per code cell (its own '# %%' line, with
    tags, if it starts with one)."""
    code = "".join(
        f"{cell}\n\n" if cell.startswith("# %%") else f"# %%\n{cell}\n\n" for cell in cells
    )
    return f"# ---\n# title: {title}\n# date: 2026-04-01\n{front}# ---\n\n{code}"


class Site:
    def __init__(self, root):
        self.root = root
        (root / "notebooks").mkdir(parents=True)
        (root / "content").mkdir()
        (root / "pelicanconf.py").write_text(SETTINGS)
        self.entries = root / ".cache/notebooks/entries"

    def write(self, name, text):
        path = self.root / "notebooks" / name
        path.write_text(text) if isinstance(text, str) else path.write_bytes(text)

    def build(self, *settings, flags=()):
        started = time.monotonic()
        build = run_build(
            self.root / "pelicanconf.py", self.root / "output", self.root, *settings, flags=flags
        )
        build.seconds = time.monotonic() - started
        return build

    def command(self, *settings, flags=()):
        pairs = [arg for pair in settings for arg in ("-e", pair)]
        return [
            sys.executable,
            "-m",
            "inkfolio",
            "build",
            "-s",
            str(self.root / "pelicanconf.py"),
            "-e",
            f"CACHE_PATH={json.dumps(str(self.root / '.cache/pelican'))}",
            *pairs,
            *flags,
        ]

    def cached(self):
        return sorted(self.entries.glob("*.json")) if self.entries.exists() else []

    def cached_notebook(self, number=0):
        return json.loads(self.cached()[number].read_text())


@pytest.fixture
def site(tmp_path):
    return Site(tmp_path / "site")


def everything_under(folder):
    for path in folder.rglob("*"):
        if path.is_file():
            yield path.read_bytes()


PLOT = [
    "import os\nprint(os.environ.get('INKFOLIO_TEST_ONLY_ON_THE_GATEWAY'))",
    "print(open('data/input.txt').read().strip())",
    "import matplotlib.pyplot as plt\nplt.plot([1, 4, 9])\nplt.show()",
]


def test_a_notebook_runs_on_the_gateway_and_its_page_shows_the_outputs(site, gateway, token):
    site.write("plot.py", notebook("Plot", PLOT, "# runner: gpu\n# depends: data/*.txt\n"))
    (site.root / "notebooks/data").mkdir()
    site.write("data/input.txt", "sent with the notebook\n")
    build = site.build(runners(gateway.url))
    assert build.returncode == 0, build.log
    assert "Notebooks: 1 executed, 0 from cache, 0 failed" in build.log
    page = build.page("blog/plot/")
    outputs = [pre.get_text().strip() for pre in page.select("pre.output.stdout")]
    assert outputs == ["yes, the gateway's", "sent with the notebook"]  # it ran there
    image = page.select_one(".output.image img")
    assert image and image["src"].endswith(".png")  # a file, never base64
    image_file = build.output / image["src"].removeprefix("https://fixture.example.org/")
    assert image_file.stat().st_size > 1000
    footer = page.select_one(".notebook-info").get_text(" ", strip=True)
    assert f"Python {PYTHON}" in footer and "matplotlib" in footer and "(runner gpu)" in footer

    # Nothing runs again, though the runner is now reached by another address: the
    # key holds the runner's name and declared environment, not where it is.
    again = site.build(runners(gateway.url.replace("127.0.0.1", "localhost")))
    assert again.returncode == 0, again.log
    assert "Notebooks: 0 executed, 1 from cache, 0 failed" in again.log

    secret = token.encode()
    assert not any(secret in data for data in everything_under(build.output))
    assert not any(secret in data for data in everything_under(site.root / ".cache"))
    assert token not in build.log + again.log


def test_the_same_notebook_gives_the_same_outputs_locally_and_through_the_runner(
    site, gateway, token
):
    cells = [
        "print('out'); import sys; print('err', file=sys.stderr)",
        "from IPython.display import HTML, Markdown, display\n"
        "display(Markdown('**bold**'), HTML('<b>html</b>'))\n6 * 7",
        "import matplotlib.pyplot as plt\nplt.plot([3, 1, 2])\nplt.show()",
        '# %% tags=["raises-exception"]\nraise ValueError("expected")',
        "print('after the expected error')",
    ]
    site.write("here.py", notebook("Same", cells))
    site.write("there.py", notebook("Same", cells, "# runner: gpu\n"))
    build = site.build(runners(gateway.url))
    assert build.returncode == 0, build.log
    assert "Notebooks: 2 executed" in build.log
    outputs = {}
    for path in site.cached():
        entry = json.loads(path.read_text())
        outputs[entry["environment"].get("runner")] = [
            _comparable(cell.get("outputs", []))
            for cell in entry["notebook"]["cells"]
            if cell["cell_type"] == "code"
        ]
    assert set(outputs) == {None, "gpu"}
    assert outputs[None] == outputs["gpu"]
    assert any("image/png" in str(cell) for cell in outputs["gpu"])


def _comparable(outputs):
    """Outputs without what differs between any two runs (the traceback's colours)."""
    return [{k: v for k, v in output.items() if k != "traceback"} for output in outputs]


def test_the_notebooks_own_failures_are_cached_and_reported_within_seconds(site, gateway, token):
    slow = ["print('started')", "import time\ntime.sleep(120)"]
    site.write("slow.py", notebook("Slow", slow, "# runner: gpu\n# timeout: 2\n"))
    site.write(
        "crash.py",
        notebook("Crash", ["print('started')", "import os\nos._exit(1)"], "# runner: gpu\n"),
    )
    build = site.build(runners(gateway.url, workers=2), "NOTEBOOK_TIMEOUT=120")
    assert build.returncode == 1
    assert build.seconds < 60, build.log  # not the 120 s a cell may take
    assert (
        "notebooks/slow.py: code cell 2 ('import time') raised Timeout on runner 'gpu': "
        "a cell ran longer than the timeout of 2 s"
    ) in build.log
    assert (
        "notebooks/crash.py: code cell 2 ('import os') raised DeadKernel on runner 'gpu': "
        "the kernel died (the server restarted it)"
    ) in build.log
    assert "AssertionError" not in build.log and "Traceback" not in build.log
    assert len(site.cached()) == 2  # the notebook's failures: cached
    again = site.build(runners(gateway.url))
    assert again.log.count("[cached failure") == 2, again.log
    assert "0 executed, 2 from cache" in again.log


def test_failures_of_the_machinery_are_one_line_each_in_seconds_and_never_cached(
    site, gateway, token, tmp_path, monkeypatch
):
    down = Gateway(tmp_path / "down", token)
    down.kill()  # stopped before the build
    monkeypatch.setenv("INKFOLIO_TEST_WRONG_TOKEN", "not-the-token")
    refused = {"url": gateway.url, "token_env": "INKFOLIO_TEST_WRONG_TOKEN", "python": PYTHON}
    stopped = {"url": down.url, "token_env": TOKEN_ENV, "python": PYTHON, "retries": 1}
    old = {"url": gateway.url, "token_env": TOKEN_ENV, "python": "3.1"}
    for name in ("refused", "stopped", "old"):
        site.write(f"{name}.py", notebook(name.title(), PLOT[:1], f"# runner: {name}\n"))
    declared = {"refused": refused, "stopped": stopped, "old": old}
    build = site.build("NOTEBOOK_RUNNERS=" + json.dumps(declared))
    assert build.returncode == 1
    assert build.seconds < 30, build.log
    assert (
        "notebooks/refused.py: not executed: runner 'refused' refused the token (HTTP 401); "
        "check the token in INKFOLIO_TEST_WRONG_TOKEN. Nothing was cached for it"
    ) in build.log
    assert (
        "notebooks/stopped.py: not executed: runner 'stopped' is unreachable (HTTP 503) after "
        "2 attempt(s); is its server running"
    ) in build.log
    assert (
        f"notebooks/old.py: not executed: runner 'old' runs Python {PYTHON}, but its settings "
        "declare 3.1"
    ) in build.log
    assert "Notebooks: 0 executed, 0 from cache, 0 failed, 3 could not run" in build.log
    assert "Traceback" not in build.log and "AssertionError" not in build.log
    for secret in (gateway.url, down.url, "not-the-token", token):
        assert secret not in build.log  # errors name the runner, never its address
    assert site.cached() == []

    # Mended: the right token, another address. The URL is not part of the key.
    refused["token_env"] = TOKEN_ENV
    stopped["url"] = gateway.url
    again = site.build("NOTEBOOK_RUNNERS=" + json.dumps(declared))
    assert "Notebooks: 2 executed, 0 from cache, 0 failed, 1 could not run" in again.log, again.log


def test_a_gateway_killed_mid_run_is_reported_in_seconds_and_nothing_is_cached(
    site, gateway, token, tmp_path
):
    dying = Gateway(tmp_path / "dying", token)
    marker = tmp_path / "cell-started"
    cells = [f"open({str(marker)!r}, 'w').close()\nimport time\ntime.sleep(120)"]
    site.write("long.py", notebook("Long", cells, "# runner: gpu\n"))
    record = site.root / ".outgoing"
    build = subprocess.Popen(
        site.command(runners(dying.url)),
        cwd=site.root,
        env=offline_env(record),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), build.communicate()[0]
    dying.kill()
    killed = time.monotonic()
    log, _ = build.communicate(timeout=60)
    assert time.monotonic() - killed < 15, log
    assert build.returncode == 1
    assert (
        "notebooks/long.py: not executed: the connection to runner 'gpu' dropped during the run"
    ) in log
    assert site.cached() == []
    again = site.build(runners(gateway.url), "NOTEBOOK_TIMEOUT=1")
    assert "Notebooks: 0 executed, 0 from cache, 1 failed" in again.log, again.log


def test_the_runner_starts_the_kernel_named_and_receives_input_files_whole(
    site, gateway, token, monkeypatch
):
    # jupyter-server/enterprise_gateway#978: upstream started python3 whatever was asked.
    # Upstream also forwarded the builder's KERNEL_* variables to the remote kernel.
    monkeypatch.setenv("KERNEL_INKFOLIO_TEST_LEAK", "the builder's")
    cells = [
        "import os\n"
        "print(os.environ.get('INKFOLIO_TEST_KERNEL'), os.environ.get('KERNEL_INKFOLIO_TEST_LEAK'))"
    ]
    site.write("other.py", notebook("Other", cells, "# runner: gpu\n# kernel: other\n"))
    # More than one WebSocket message can hold (the server caps one near 10 MiB).
    data = os.urandom(11 * 1024 * 1024)
    site.write("big.bin", data)
    cells = ["import hashlib\nprint(hashlib.sha256(open('big.bin', 'rb').read()).hexdigest())"]
    site.write("big.py", notebook("Big", cells, "# runner: gpu\n# depends: big.bin\n"))
    build = site.build(runners(gateway.url))
    assert build.returncode == 0, build.log
    printed = build.page("blog/other/").select_one("pre.output.stdout").get_text().strip()
    assert printed == "other None"
    printed = build.page("blog/big/").select_one("pre.output.stdout").get_text().strip()
    assert printed == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "written, problem",
    [
        ("../content/data/dep.txt", "outside the notebook's folder: a runner receives only"),
        ("../../outside/dep.txt", "outside the site's folder; copy the file into the site"),
    ],
)
def test_a_depends_path_leaving_the_runners_folder_is_refused_and_not_run(
    site, gateway, token, written, problem
):
    (site.root / "content/data").mkdir()
    (site.root / "content/data/dep.txt").write_text("inside the site")
    (site.root.parent / "outside").mkdir()
    (site.root.parent / "outside/dep.txt").write_text("a private file")
    cells = [f"print(open({written!r}).read())"]
    site.write("escape.py", notebook("Escape", cells, f"# runner: gpu\n# depends: {written}\n"))
    build = site.build(runners(gateway.url))
    assert build.returncode == 1
    assert f"notebooks/escape.py:5: front matter field 'depends': '{written}' names" in build.log
    assert problem in build.log, build.log
    assert "Traceback" not in build.log
    assert site.cached() == []  # never sent, never run
    assert not any(b"a private file" in data for data in everything_under(site.root / "output"))


def test_the_runners_file_transfer_refuses_a_path_out_of_its_folder(tmp_path):
    """The remote side checks too: a client other than ours cannot write beside it."""
    from inkfolio.plugins.notebooks import remote_snippets

    helpers = {}
    exec(remote_snippets.HELPERS, helpers)
    helpers["_folder"] = str(tmp_path / "work")
    (tmp_path / "work/data").mkdir(parents=True)
    (tmp_path / "work/link").symlink_to(tmp_path)
    assert helpers["_inside"]("data/dep.txt") == str(tmp_path / "work/data/dep.txt")
    for escape in ("../dep.txt", "data/../../dep.txt", "/etc/passwd", "link/dep.txt"):
        with pytest.raises(ValueError, match="leaves the working folder"):
            helpers["_inside"](escape)


def test_an_unknown_runner_is_a_front_matter_error_with_file_and_line(site, gateway):
    site.write("typo.py", notebook("Typo", ["print(1)"], "# runner: gpuu\n"))
    build = site.build(runners(gateway.url))
    assert build.returncode == 1
    assert (
        "notebooks/typo.py:4: front matter field 'runner': no runner named 'gpuu' in "
        "NOTEBOOK_RUNNERS (declared: gpu, old)"
    ) in build.log
    assert "Traceback" not in build.log


def test_runner_option_sends_every_notebook_and_an_unknown_one_is_refused(site, gateway, token):
    site.write("local.py", notebook("Local", PLOT[:1]))
    build = site.build(runners(gateway.url), flags=("--runner", "gpu"))
    assert build.returncode == 0, build.log
    assert build.page("blog/local/").select_one("pre.output.stdout").get_text().strip() == (
        "yes, the gateway's"
    )
    wrong = site.build(runners(gateway.url), flags=("--runner", "tpu"))
    assert wrong.returncode == 1
    assert "--runner tpu: no runner of that name in NOTEBOOK_RUNNERS (declared: gpu, old)" in (
        wrong.log
    )


def test_only_executes_one_runners_share(site, gateway, token):
    site.write("here.py", notebook("Here", ["print('here')"]))
    site.write("there.py", notebook("There", PLOT[:1], "# runner: gpu\n"))
    with (site.root / "pelicanconf.py").open("a") as settings:
        settings.write(runners(gateway.url).replace("=", " = ", 1) + "\n")
    execute = [sys.executable, "-m", "inkfolio", "execute", "-s", "pelicanconf.py"]
    gpu = subprocess.run([*execute, "--only", "gpu"], cwd=site.root, capture_output=True, text=True)
    assert gpu.returncode == 0, gpu.stdout + gpu.stderr
    assert "Notebooks: 1 executed, 0 from cache" in gpu.stdout
    assert "notebooks/there.py  (on runner gpu)" in gpu.stdout
    assert [json.loads(path.read_text())["environment"]["runner"] for path in site.cached()] == [
        "gpu"
    ]


def test_no_execute_never_contacts_a_runner(site, tmp_path):
    site.write("plot.py", notebook("Plot", PLOT[:1], "# runner: gpu\n"))
    build = site.build(runners("http://127.0.0.1:9"), flags=("--no-execute",))
    assert build.returncode == 1
    assert "notebooks/plot.py: not executed and not in the notebook cache (--no-execute)" in (
        build.log
    )
    assert "unreachable" not in build.log


def test_waiting_for_a_message_does_not_spin():
    """Upstream's channel queue polls with asyncio.sleep(0): a core busy for as long as
    a cell runs. Ours sleeps until the WebSocket reader hands it a message."""
    from queue import Empty

    from inkfolio.plugins.notebooks.gateway import EventQueue

    queue = EventQueue("shell", None, None)

    async def wait():
        with pytest.raises(Empty):
            await queue._async_get(timeout=1.0)

    started_cpu, started = time.process_time(), time.monotonic()
    asyncio.run(wait())
    assert time.monotonic() - started >= 1.0
    assert time.process_time() - started_cpu < 0.2
