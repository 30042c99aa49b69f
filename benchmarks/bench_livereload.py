"""Save → page benchmark: how long after a save the edited article's page in the output
holds the new text, under ``inkfolio livereload`` and under vanilla Pelican's own
``--autoreload`` (default theme, no plugins), on the same generated articles.

Each edit appends a sentence to one article, once the watcher is idle (it and its
children used no CPU for 0.5 s: the last build, and any search indexing, is over); the
time runs from the write until the page file contains it (polled every 5 ms). Median of
``--edits`` edits per site. Linux only (CPU times from /proc).

Run: ``python benchmarks/bench_livereload.py --n 100,1000`` (``--example``: also the
example site, copied to benchmarks/_work).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_build import INKFOLIO_SETTINGS, VANILLA_SETTINGS, WORK
from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0  # seconds, save → page


def start(command, folder, ready):
    """Start a watcher process and wait until ``ready(line)`` sees it announce itself."""
    process = subprocess.Popen(
        command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    for line in process.stdout:
        if ready(line):
            break
    else:
        sys.exit(f"{command[3]} stopped before it was ready")
    # Keep reading its output, or a full pipe would stop it.
    subprocess.Popen(["cat"], stdin=process.stdout, stdout=subprocess.DEVNULL)
    return process


def save_to_page(source, page, edits, process):
    """Seconds from each save of ``source`` until ``page`` shows it."""
    times = []
    for number in range(edits):
        marker = f"Edited for the benchmark, round {number} ({time.time_ns()})."
        wait_until_idle(process.pid)
        started = time.perf_counter()
        source.write_text(source.read_text() + f"\n{marker}\n")
        deadline = started + 120
        while time.perf_counter() < deadline:
            try:
                if marker in page.read_text(encoding="utf-8"):
                    break
            except OSError:
                pass
            time.sleep(0.005)
        else:
            sys.exit(f"{page} never showed the edit")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def wait_until_idle(pid, quiet=0.5, within=300):
    """Until ``pid`` and its descendants have used no CPU time for ``quiet`` seconds."""
    deadline = time.monotonic() + within
    last, quiet_since = None, time.monotonic()
    while time.monotonic() < deadline:
        used = cpu_ticks(pid)
        if used != last:
            last, quiet_since = used, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet:
            return
        time.sleep(0.05)
    sys.exit(f"process {pid} never became idle")


def cpu_ticks(root):
    """User + system CPU ticks of ``root`` and every process below it (from /proc)."""
    parents, ticks = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
            ticks[int(entry)] = int(fields[11]) + int(fields[12])
    family, changed = {root}, True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    return sum(ticks.get(pid, 0) for pid in family)


def corpus_site(n):
    folder = WORK / f"live{n}"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(folder / "content" / "articles", n)
    (folder / "settings_vanilla.py").write_text(VANILLA_SETTINGS)
    (folder / "pelicanconf.py").write_text(INKFOLIO_SETTINGS)
    return folder


def inkfolio_time(folder, source, edits, page=None):
    command = [sys.executable, "-m", "inkfolio", "livereload", "--port", "0"]
    process = start(command, folder, lambda line: line.startswith("Serving "))
    try:
        page = folder / page if page else article_page(folder / "output", folder / source)
        return save_to_page(folder / source, page, edits, process)
    finally:
        process.terminate()
        process.wait()


def vanilla_time(folder, source, edits, page=None):
    command = [sys.executable, "-m", "pelican", "content/articles", "-s", "settings_vanilla.py"]
    command += ["-o", "output", "--autoreload"]
    process = start(command, folder, lambda line: "Done:" in line)
    try:
        page = folder / page if page else article_page(folder / "output", folder / source)
        return save_to_page(folder / source, page, edits, process)
    finally:
        process.terminate()
        process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="100,1000", help="article counts, comma-separated")
    parser.add_argument("--edits", type=int, default=10, help="edits per site (median)")
    parser.add_argument("--example", action="store_true", help="also the example site")
    args = parser.parse_args()
    rows = []
    if args.example:
        folder = WORK / "live-example"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name in ("pelicanconf.py", "publishconf.py", "content", "notebooks"):
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
            copy(ROOT / name, folder / name)
        # Vanilla Pelican reads the example's Markdown articles (not its notebooks, pages,
        # projects or data): the same edit, on less content.
        (folder / "settings_vanilla.py").write_text(VANILLA_SETTINGS)
        source = "content/articles/cache-friendly-matmul.md"
        slug = "why-loop-order-makes-matrix-multiplication-10x-faster"
        vanilla = vanilla_time(folder, source, args.edits, f"output/{slug}.html")
        shutil.rmtree(folder / "output")
        inkfolio = inkfolio_time(folder, source, args.edits, f"output/blog/{slug}/index.html")
        rows.append(("example site", vanilla, inkfolio))
    for n in (int(value) for value in args.n.split(",")):
        folder = corpus_site(n)
        source = "content/articles/article-0000.md"
        vanilla = vanilla_time(folder, source, args.edits)
        shutil.rmtree(folder / "output")
        inkfolio = inkfolio_time(folder, source, args.edits)
        rows.append((f"{n} articles", vanilla, inkfolio))
    print(f"\nsave → page, median of {args.edits}   vanilla --autoreload   inkfolio livereload")
    passed = True
    for label, vanilla, inkfolio in rows:
        shown = f"{vanilla:>10.2f} s" if vanilla is not None else f"{'':>12}"
        print(f"{label:<30}{shown}{inkfolio:>18.2f} s")
        passed &= inkfolio <= TARGET and (vanilla is None or inkfolio < vanilla)
    print(f"{'PASS' if passed else 'FAIL'}  save → page <= {TARGET} s, and below vanilla")
    sys.exit(0 if passed else 1)


def article_page(output, source):
    """The one page that holds the source's last paragraph (lists show summaries)."""
    last = source.read_text().strip().rsplit("\n\n", 1)[-1].strip()[:60]
    pages = [p for p in output.rglob("*.html") if last in p.read_text(encoding="utf-8")]
    if len(pages) != 1:
        sys.exit(f"expected one page with {last!r} in {output}, found {pages}")
    return pages[0]


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent)
    main()
