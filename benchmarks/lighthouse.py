"""Lighthouse scores of the example site: five pages, phone and desktop.

Builds the site with the local settings and the local server's address as SITEURL
(into benchmarks/_work/lighthouse/), serves it on a free port, runs Lighthouse (the npm package pinned in package.json,
installed with ``npm ci`` when missing) against Debian's chromium, and prints the
four category scores and the bytes each page transfers. Target: 100 everywhere.

Run: ``invoke lighthouse`` or ``python benchmarks/lighthouse.py`` (not part of pytest).
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "_work" / "lighthouse"
PAGES = {
    "home": "",
    "article": "blog/why-loop-order-makes-matrix-multiplication-10x-faster/",
    "notebook article": "blog/how-fast-is-memory-measuring-the-cache-hierarchy-from-numpy/",
    "projects": "projects/",
    "open source": "open-source/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def lighthouse_binary():
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        # npm ci: exactly the versions in package-lock.json, and the lock left as it is
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    return binary


def audit(binary, url, form_factor, chrome):
    command = [
        str(binary),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chrome}
    )
    if result.returncode:
        sys.exit(f"lighthouse failed for {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = [round(report["categories"][name]["score"] * 100) for name in CATEGORIES]
    weight = report["audits"]["total-byte-weight"]["numericValue"]
    failing = [
        f"{audit['id']} ({report['categories'][name]['title']})"
        for name in CATEGORIES
        for ref in report["categories"][name]["auditRefs"]
        if ref["weight"] and (audit := report["audits"][ref["id"]])["score"] not in (None, 1)
    ]
    return scores, weight, failing


def main():
    chrome = shutil.which("chromium") or sys.exit(
        "needs Debian's chromium: apt-get install chromium"
    )
    binary = lighthouse_binary()
    handler = functools.partial(QuietHandler, directory=str(OUTPUT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_port}/"
    # The site's address is the local server's, so canonical URLs and feeds are absolute
    # as in production; built into its own folder, to leave output/ alone.
    site_url = json.dumps(base.rstrip("/"))
    build = subprocess.run(
        [sys.executable, "-m", "inkfolio", "build", "-s", "pelicanconf.py", "-o", str(OUTPUT)]
        + ["-e", f"SITEURL={site_url}", "-e", f"FEED_DOMAIN={site_url}"],
        cwd=ROOT,
    )
    if build.returncode:
        sys.exit("the build failed")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("| page | device | performance | accessibility | best practices | SEO | bytes |")
    print("|---|---|---|---|---|---|---|")
    below = []
    for name, path in PAGES.items():
        for form_factor in ("mobile", "desktop"):
            scores, weight, failing = audit(binary, base + path, form_factor, chrome)
            cells = " | ".join(str(score) for score in scores)
            print(f"| {name} | {form_factor} | {cells} | {weight / 1000:.1f} KB |", flush=True)
            if min(scores) < 100:
                below.append(f"{name} ({form_factor}): {', '.join(failing)}")
    server.shutdown()
    print("\nPASS  100 in all four categories on all five pages" if not below else "")
    for line in below:
        print(f"FAIL  {line}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
