"""Notebook pipeline benchmark: parallel cached execution vs running notebooks one by one.

Generates N notebooks (numpy + matplotlib, about a second of work each) and measures:

* cold build: ``inkfolio build`` with empty caches, against executing the same
  notebooks serially with nbclient in one process (what a loop over
  ``jupyter nbconvert --execute`` does);
* no-change rebuild: executions (must be 0) and seconds, against the same site
  without notebooks;
* one code edit: a change to one notebook's code, rebuilt by ``inkfolio build`` and
  under ``inkfolio livereload`` (until its page shows the new output), against the
  time that notebook takes to execute on its own with nbclient (its kernel's start
  included);
* the weight of one notebook article with 3 plots: HTML bytes against its text.

Run: ``python benchmarks/bench_notebooks.py [--n 20]`` (not part of pytest).
"""

import argparse
import functools
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from bench_livereload import wait_until_idle
from bs4 import BeautifulSoup
from nbclient import NotebookClient

WORK = Path(__file__).resolve().parent / "_work" / "notebooks"
SETTINGS = """\
from inkfolio.defaults import *
SITENAME = "Notebook benchmark"
AUTHOR = "Bench"
SITEURL = "http://localhost:8000"
FEED_DOMAIN = SITEURL
"""

WORK_CELL = """\
import time
import numpy as np
rng = np.random.default_rng({seed})
started = time.perf_counter()
sizes, seconds = [], []
while time.perf_counter() - started < {budget}:
    n = int(rng.integers(20_000, 60_000))
    t0 = time.perf_counter()
    np.sort(rng.random(n))
    sizes.append(n)
    seconds.append(time.perf_counter() - t0)
print(f"{{len(sizes)}} sorts in {{time.perf_counter() - started:.2f}} s")
"""

PLOT_CELL = """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.scatter(sizes, [s * 1e3 for s in seconds], s=4)
ax.set_xlabel("n"); ax.set_ylabel("ms"); ax.set_title("Plot {number} of notebook {seed}")
plt.show()
"""


def make_notebook(seed, plots=1, budget=1.0):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [
        nbformat.v4.new_raw_cell(
            f"---\ntitle: Benchmark notebook {seed}\ndate: 2026-01-{seed % 28 + 1:02d}\n---"
        ),
        nbformat.v4.new_markdown_cell(
            "We time sorting arrays of random sizes and plot the result. " * 6
            + "\n\nThe cost is $O(n \\log n)$ per sort."
        ),
        nbformat.v4.new_code_cell(WORK_CELL.format(seed=seed, budget=budget)),
    ]
    for number in range(1, plots + 1):
        notebook.cells.append(
            nbformat.v4.new_markdown_cell(f"## Plot {number}\n\nWhat the timings look like.")
        )
        notebook.cells.append(nbformat.v4.new_code_cell(PLOT_CELL.format(number=number, seed=seed)))
    return notebook


def write_site(root, n, with_notebooks=True):
    if root.exists():
        shutil.rmtree(root)
    (root / "content/pages").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "pelicanconf.py").write_text(SETTINGS)
    (root / "content/pages/about.md").write_text("---\ntitle: About\n---\nA benchmark site.\n")
    if with_notebooks:
        for seed in range(n):
            nbformat.write(
                make_notebook(seed, plots=3 if seed == 0 else 1),
                root / f"notebooks/nb{seed:02d}.ipynb",
            )


def build(root):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", "build", "-s", "pelicanconf.py"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"build failed in {root}:\n{result.stdout}{result.stderr}")
    match = re.search(r"Notebooks: (\d+) executed", result.stdout + result.stderr)
    return seconds, int(match[1]) if match else 0


EDITED = "notebooks/nb05.ipynb"
EXECUTED_LINE = re.compile(r"(\d+\.\d) s\s+" + re.escape(EDITED))


def edit_code(root, marker):
    path = root / EDITED
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[2].source += f"\nprint({marker!r})"
    nbformat.write(notebook, path)


def one_code_edit_build(root):
    """``inkfolio build`` after one notebook's code changed: (seconds, its execution)."""
    edit_code(root, f"edited for the build benchmark {time.time_ns()}")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", "build"], cwd=root, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    executed = EXECUTED_LINE.search(result.stdout + result.stderr)
    if result.returncode or not executed:
        sys.exit(f"the edited build failed:\n{result.stdout}{result.stderr}")
    return seconds, float(executed[1])


def one_code_edit_livereload(root, edits):
    """Under ``inkfolio livereload``: for each of ``edits`` saves, the seconds from the
    save until the notebook's page shows the new output."""
    log = root / "livereload.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "inkfolio", "livereload", "--port", "0"],
            cwd=root,
            stdout=handle,
            stderr=subprocess.STDOUT,
            text=True,
        )
    page = root / "output/blog/benchmark-notebook-5/index.html"
    seconds = []
    try:
        wait_for(lambda: "Serving " in log.read_text(), "livereload never served")
        for _ in range(edits):
            wait_until_idle(process.pid)  # the last build, its search index and workers done
            marker = f"edited under livereload {time.time_ns()}"
            started = time.perf_counter()
            edit_code(root, marker)
            shown = functools.partial(holds, page, marker)
            wait_for(shown, f"{page} never showed the edit", step=0.005)
            seconds.append(time.perf_counter() - started)
        return seconds
    finally:
        process.terminate()
        process.wait()


def holds(page, text):
    return text in page.read_text()


def wait_for(ready, failure, within=300, step=0.05):
    deadline = time.perf_counter() + within
    while time.perf_counter() < deadline:
        if ready():
            return
        time.sleep(step)
    sys.exit(failure)


def execute_alone(path):
    """Seconds to execute one notebook with nbclient, its kernel started for it."""
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def serial_nbclient(root):
    """The baseline: every notebook, one after the other, each with its own kernel."""
    return sum(execute_alone(path) for path in sorted((root / "notebooks").glob("*.ipynb")))


def page_weight(root):
    page = root / "output/blog/benchmark-notebook-0/index.html"
    html = page.read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    content = soup.select_one(".content")
    text = len(content.get_text().encode())
    images = content.select("img")
    inline = sum(1 for img in images if img["src"].startswith("data:"))
    return len(html), len(content.decode_contents().encode()), text, len(images), inline


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--edits", type=int, default=5, help="code edits under livereload")
    args = parser.parse_args()
    with_nb, without_nb = WORK / "site", WORK / "site-without-notebooks"
    write_site(with_nb, args.n)
    write_site(without_nb, args.n, with_notebooks=False)
    print(f"{args.n} notebooks, {os.cpu_count()} cores\n")

    serial = serial_nbclient(with_nb)
    cold, executed = build(with_nb)
    rebuild, executed_again = build(with_nb)
    build(without_nb)
    plain, _ = build(without_nb)
    edited_build, _ = one_code_edit_build(with_nb)
    edited_live = statistics.median(one_code_edit_livereload(with_nb, args.edits))
    alone = statistics.median(execute_alone(with_nb / EDITED) for _ in range(3))
    html, body, text, images, inline = page_weight(with_nb)

    rows = [
        ("serial nbclient (baseline)", f"{serial:.1f} s", ""),
        (
            "inkfolio cold build",
            f"{cold:.1f} s",
            f"{cold / serial:.2f}× of serial, {executed} executed",
        ),
        ("inkfolio no-change rebuild", f"{rebuild:.1f} s", f"{executed_again} executed"),
        (
            "same site without notebooks",
            f"{plain:.1f} s",
            f"rebuild costs {rebuild - plain:+.2f} s more",
        ),
        ("that notebook alone, nbclient", f"{alone:.1f} s", "kernel start + cells, median of 3"),
        ("one code edit, inkfolio build", f"{edited_build:.1f} s", ""),
        (
            "one code edit, livereload save → page",
            f"{edited_live:.1f} s",
            f"median of {args.edits} saves",
        ),
    ]
    print("| measurement | time | note |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(
        f"\nNotebook article with 3 plots: page {html:,} B, article body {body:,} B, "
        f"text {text:,} B -> body/text {body / text:.2f}×; {images} images, {inline} inlined"
    )
    checks = [
        (f"cold build ≤ 0.6 × serial ({cold / serial:.2f})", cold <= 0.6 * serial),
        (f"no-change rebuild executes nothing ({executed_again})", executed_again == 0),
        (
            f"no-change rebuild < 1 s more than without notebooks ({rebuild - plain:+.2f} s)",
            rebuild - plain < 1,
        ),
        (
            f"one code edit under livereload <= the notebook's execution + 1 s "
            f"({edited_live:.1f} <= {alone:.1f} + 1)",
            edited_live <= alone + 1,
        ),
        ("no image inlined", inline == 0),
    ]
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")


if __name__ == "__main__":
    main()
