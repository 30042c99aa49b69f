"""How executions end: a kernel that fails to start is retried; a failure of the
machinery is never cached; a failed notebook's page still builds and says so."""

import json
import os
import pty
import re
import subprocess
import sys

import pytest
from conftest import SETTINGS, offline_env, run_build

UP_TO_DATE = "Nothing changed since the last build"


def percent(title, code, front=""):
    return f"# ---\n# title: {title}\n# date: 2026-04-01\n{front}# ---\n\n# %%\n{code}\n"


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "notebooks").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "pelicanconf.py").write_text(SETTINGS)

    def build(*extra, flags=()):
        return run_build(root / "pelicanconf.py", root / "output", root, *extra, flags=flags)

    build.root = root
    build.cache = root / ".cache/notebooks/entries"
    return build


@pytest.fixture
def kernels(tmp_path, monkeypatch):
    """Install kernelspecs into a temporary JUPYTER_PATH: kernels(name, argv)."""
    folder = tmp_path / "jupyter"
    monkeypatch.setenv("JUPYTER_PATH", str(folder))

    def install(name, argv):
        spec = folder / "kernels" / name
        spec.mkdir(parents=True, exist_ok=True)
        kernel = {"argv": argv, "display_name": name, "language": "python"}
        (spec / "kernel.json").write_text(json.dumps(kernel))

    install.folder = folder
    return install


IPYKERNEL = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]

# Dies at once on its first start (as a kernel does that lost the port race), leaving a
# marker; every later start is a real ipykernel.
FLAKY_KERNEL = """
import os, sys
marker = sys.argv[1]
if not os.path.exists(marker):
    open(marker, "w").close()
    sys.exit("flaky kernel: the first start fails on purpose")
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", sys.argv[2]])
"""


def test_a_kernel_that_dies_while_starting_is_started_again(site, kernels, tmp_path):
    script = tmp_path / "flaky_kernel.py"
    script.write_text(FLAKY_KERNEL)
    marker = tmp_path / "first-start-happened"
    kernels("flaky", [sys.executable, str(script), str(marker), "{connection_file}"])
    (site.root / "notebooks/flaky.py").write_text(
        percent("Flaky", "print(6 * 7)", "# kernel: flaky\n")
    )
    build = site(flags=("--verbose",))
    assert build.returncode == 0, build.log
    assert marker.exists()  # the first start did die
    assert "Notebooks: 1 executed, 0 from cache, 0 failed" in build.log
    assert "notebooks/flaky.py  (kernel started on attempt 2)" in build.log
    assert (
        "notebooks/flaky.py: the kernel started on attempt 2; before: Kernel died before "
        "replying to kernel_info (the kernel said: flaky kernel: the first start fails on "
        "purpose)"
    ) in build.log
    assert build.page("blog/flaky/").select_one("pre.output.stdout").get_text().strip() == "42"


def test_a_kernel_that_never_starts_fails_the_build_and_is_not_cached(site, kernels):
    kernels("dead", [sys.executable, "-c", "import sys; sys.exit('this kernel cannot start')"])
    (site.root / "notebooks/dead.py").write_text(
        percent("Dead", "print(6 * 7)", "# kernel: dead\n")
    )
    build = site()
    assert build.returncode == 1
    assert (
        "ERROR: notebooks/dead.py: not executed: the kernel 'dead' did not start: Kernel died "
        "before replying to kernel_info (the kernel said: this kernel cannot start) (after 3 "
        "attempts). Nothing was cached for it: it runs again on the next build."
    ) in build.log
    assert "Notebooks: 0 executed, 0 from cache, 0 failed, 1 could not run" in build.log
    assert "Traceback" not in build.log and "cached failure" not in build.log
    assert not any(site.cache.glob("*"))  # no entry, no failure marker

    # Once the kernel is mended, the next build runs the notebook: nothing stale was kept.
    kernels("dead", IPYKERNEL)
    mended = site()
    assert mended.returncode == 0, mended.log
    assert "Notebooks: 1 executed, 0 from cache, 0 failed" in mended.log


def info(page):
    return page.select_one(".notebook-info").get_text(" ", strip=True)


def test_a_failed_notebook_still_has_its_page(site):
    (site.root / "notebooks/allowed.py").write_text(
        percent("Allowed", "1 / 0", "# allow_errors: true\n")
    )
    (site.root / "notebooks/broken.py").write_text(percent("Broken", "x = 1\n\n# %%\n1 / 0"))
    first = site()
    assert first.returncode == 1
    assert "Notebooks: 1 executed, 0 from cache, 1 failed" in first.log
    again = site()  # now the failure comes from the cache
    assert again.returncode == 1
    assert "notebooks/broken.py: code cell 2 ('1 / 0') raised ZeroDivisionError" in again.log
    assert "cached failure" in again.log and "internal error" not in again.log
    for build in (first, again):
        allowed = build.page("blog/allowed/")
        assert "ZeroDivisionError" in allowed.select_one("pre.output.error").get_text()
        assert info(allowed).startswith("Run it yourself Notebook (.ipynb, with outputs)")
        assert "Executed on" in info(allowed) and "The run failed" not in info(allowed)
        broken = build.page("blog/broken/")
        assert "Executed on" in info(broken)
        assert info(broken).endswith(
            "The run failed: code cell 2 ('1 / 0') raised ZeroDivisionError: division by zero."
        )


def test_a_crash_an_older_version_cached_is_shown_then_run_again(site):
    """Older versions cached a dead worker as the notebook's failure (no environment).
    Its page renders; a build that may execute runs the notebook again."""
    (site.root / "notebooks/simple.py").write_text(percent("Simple", "print(6 * 7)"))
    assert site().returncode == 0
    (entry_file,) = site.cache.glob("*.json")
    entry = json.loads(entry_file.read_text())
    entry.update(
        status="failed",
        environment={},
        duration=0.0,
        error={"cell": None, "ename": "BrokenProcessPool", "evalue": "the worker process died"},
    )
    entry_file.write_text(json.dumps(entry))
    entry_file.with_name(entry_file.name + ".failed").touch()

    shown = site('NOTEBOOK_EXECUTE="never"')
    assert "internal error" not in shown.log
    page_info = info(shown.page("blog/simple/"))
    assert "Executed on" in page_info and " with Python" not in page_info
    assert page_info.endswith(
        "The run failed: the notebook raised BrokenProcessPool: the worker process died."
    )

    rerun = site()
    assert rerun.returncode == 0, rerun.log
    assert "Notebooks: 1 executed, 0 from cache, 0 failed" in rerun.log
    assert "The run failed" not in info(rerun.page("blog/simple/"))


def executions(build):
    match = re.search(r"Notebooks: (\d+) executed, (\d+) from cache, (\d+) failed", build.log)
    assert match, build.log
    return tuple(int(group) for group in match.groups())


def test_a_change_of_kernel_or_lock_file_executes_again(site, kernels):
    kernels("other", IPYKERNEL)  # the same Python under another kernel's name
    notebook = site.root / "notebooks/n.py"
    notebook.write_text(percent("N", "print(6 * 7)"))
    assert executions(site()) == (1, 0, 0)
    assert UP_TO_DATE in site().log  # nothing changed: nothing runs

    notebook.write_text(percent("N", "print(6 * 7)", "# kernel: other\n"))
    assert executions(site()) == (1, 0, 0)  # another kernel may answer otherwise

    lock = site.root / "requirements.txt"  # the environment's lock, at the site's root
    lock.write_text("numpy==2.1.0\n")
    assert executions(site()) == (1, 0, 0)
    assert UP_TO_DATE in site().log
    lock.write_text("numpy==2.2.0\n")
    assert executions(site()) == (1, 0, 0)
    # Back to a state already run: found in the cache, not run a third time.
    lock.write_text("numpy==2.1.0\n")
    assert executions(site()) == (0, 1, 0)


def test_a_progress_bar_is_shown_on_a_terminal_and_nowhere_else(site):
    """Executing notebooks shows a bar on a terminal; a log or a pipe gets none."""
    (site.root / "notebooks/one.py").write_text(percent("One", "print('one')"))
    command = [sys.executable, "-m", "inkfolio", "build", "--refresh", "one"]
    env = {**offline_env(site.root / ".outgoing-connections"), "COLUMNS": "120", "TERM": "xterm"}
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, cwd=site.root, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the build ended and closed its end
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=300) == 0, shown.decode(errors="replace")
    assert b"Executing notebooks" in shown

    piped = subprocess.run(command, cwd=site.root, capture_output=True, text=True, env=env)
    assert piped.returncode == 0, piped.stderr
    assert "Executing notebooks" not in piped.stdout + piped.stderr
    assert "\x1b[" not in piped.stdout + piped.stderr  # no cursor movements in a log
