"""Build benchmark: vanilla Pelican against inkfolio on the same generated articles.

For each N, both builds read the same corpus (see corpus.py) and are timed as
separate processes, wall clock, in three scenarios: cold (no output, no cache),
no-change rebuild, and one file changed. Vanilla means Pelican's defaults: its
default theme, no plugins, no content cache.

Run: ``invoke bench`` or ``python benchmarks/bench_build.py --n 100,1000``.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import write_corpus

WORK = Path(__file__).resolve().parent / "_work"
JUDGED_FROM = 1000  # the article count the targets are set for

VANILLA_SETTINGS = """\
SITENAME = "Benchmark"
AUTHOR = "Bench"
SITEURL = "http://localhost:8000"
TIMEZONE = "UTC"
PLUGINS = []
"""
INKFOLIO_SETTINGS = """\
from inkfolio.defaults import *
SITENAME = "Benchmark"
AUTHOR = "Bench"
SITEURL = "http://localhost:8000"
FEED_DOMAIN = SITEURL
CACHE_PATH = "cache"
"""


class Site:
    def __init__(self, folder, kind):
        self.folder, self.kind = folder, kind

    def command(self):
        if self.kind == "vanilla":
            return [
                sys.executable,
                "-m",
                "pelican",
                "content/articles",
                "-s",
                "settings_vanilla.py",
                "-o",
                "out-vanilla",
                "-q",
            ]
        return [
            sys.executable,
            "-m",
            "inkfolio",
            "build",
            "-s",
            "settings_inkfolio.py",
            "-o",
            "out-inkfolio",
        ]

    def clean(self):
        for name in (f"out-{self.kind}", "cache", ".cache", "__pycache__"):
            shutil.rmtree(self.folder / name, ignore_errors=True)

    def build(self):
        started = time.perf_counter()
        result = subprocess.run(self.command(), cwd=self.folder, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if result.returncode:
            sys.exit(f"{self.kind} build failed:\n{result.stdout}\n{result.stderr}")
        return seconds


def prepare(n):
    folder = WORK / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(folder / "content" / "articles", n)
    (folder / "settings_vanilla.py").write_text(VANILLA_SETTINGS)
    (folder / "settings_inkfolio.py").write_text(INKFOLIO_SETTINGS)
    return folder


def touch_one(folder, round_number):
    path = folder / "content" / "articles" / "article-0000.md"
    path.write_text(path.read_text() + f"\nAn added paragraph, edit {round_number}.\n")


def measure(folder, kind, repeat):
    site = Site(folder, kind)
    cold, unchanged, one_changed = [], [], []
    for round_number in range(repeat):
        site.clean()
        cold.append(site.build())
        unchanged.append(site.build())
        touch_one(folder, round_number)
        one_changed.append(site.build())
    return [statistics.median(values) for values in (cold, unchanged, one_changed)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="100,1000", help="article counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--keep", action="store_true", help="keep benchmarks/_work afterwards")
    args = parser.parse_args()
    all_passed = True
    for n in (int(value) for value in args.n.split(",")):
        folder = prepare(n)
        vanilla = measure(folder, "vanilla", args.repeat)
        inkfolio = measure(folder, "inkfolio", args.repeat)
        print(f"\nN={n} articles          vanilla Pelican   inkfolio   inkfolio / vanilla")
        for label, v, i in zip(
            ["cold", "no-change rebuild", "one file changed"], vanilla, inkfolio, strict=True
        ):
            print(f"{label:<22}{v:>10.1f} s{i:>12.1f} s{i / v:>12.2f}×")
        checks = [
            (
                f"inkfolio cold <= 1.3 x vanilla cold ({inkfolio[0] / vanilla[0]:.2f}x)",
                inkfolio[0] <= 1.3 * vanilla[0],
            ),
            (
                f"inkfolio no-change rebuild <= 0.2 x vanilla cold ({inkfolio[1] / vanilla[0]:.2f}x)",
                inkfolio[1] <= 0.2 * vanilla[0],
            ),
        ]
        if n < JUDGED_FROM:
            print(f"(targets are judged at N >= {JUDGED_FROM}: below, start-up time dominates)")
            checks = []
        for label, ok in checks:
            all_passed &= ok
            print(f"{'PASS' if ok else 'FAIL'}  {label}")
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if all_passed else 1)


if __name__ == "__main__":
    main()
