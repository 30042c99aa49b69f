"""Time per Mermaid diagram, cold and cached, and the weight of a deep-dive article
(three diagrams, ten references). Not run by pytest:

    python benchmarks/diagrams_and_citations.py
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from test_site import page_weight  # noqa: E402

from inkfolio.plugins.diagrams import mermaid  # noqa: E402

MMDC = ROOT / "node_modules" / ".bin" / "mmdc"
FLOW = "flowchart LR\n  A[Read] --> B{Cached?}\n  B -->|yes| C[Serve]\n  B -->|no| D[Draw] --> C"
SEQUENCE = "sequenceDiagram\n  Browser->>Server: GET /\n  Server-->>Browser: 200 OK"
CLASSES = (
    "classDiagram\n  class Cache {\n    +get(key)\n    +put(key, svg)\n  }\n  Cache <|-- DiskCache"
)
REFERENCES = "\n".join(
    f"@article{{ref{n}, author = {{Author{n}, Ada and Other, Bob}}, title = {{Paper number "
    f"{n} on {{GPU}} kernels}}, journal = {{Journal of Things}}, year = {{{2000 + n}}}, "
    f"volume = {{{n}}}, pages = {{1--{10 + n}}}, doi = {{10.1234/things.{n}}}}}"
    for n in range(10)
)


def per_diagram():
    renderer, why = mermaid.find({"MERMAID_CLI": str(MMDC), "PATH": "", "SITE_ROOT": str(ROOT)})
    assert renderer, why
    timings = {}
    for count in (1, 10):
        diagrams = {f"d{n}": FLOW.replace("Serve", f"Serve {n}") for n in range(count)}
        started = time.perf_counter()
        renderer.render(diagrams)
        timings[count] = time.perf_counter() - started
    each = (timings[10] - timings[1]) / 9
    print(
        f"Mermaid, one browser session: 1 diagram {timings[1]:.2f} s (browser start included), "
        f"10 diagrams {timings[10]:.2f} s: {each * 1000:.0f} ms per further diagram"
    )


def article_weight():
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "content/articles").mkdir(parents=True)
        (site / "content/data").mkdir(parents=True)
        (site / "content/data/references.bib").write_text(REFERENCES)
        cites = " ".join(f"Point {n} [@ref{n}]." for n in range(10))
        words = " ".join(["cache line memory latency bandwidth"] * 200)
        body = "\n\n".join(
            [words, cites]
            + [
                f"```mermaid\n%% alt: diagram {n}\n{src}\n```"
                for n, src in enumerate([FLOW, SEQUENCE, CLASSES])
            ]
        )
        (site / "content/articles/deep.md").write_text(
            f"---\ntitle: Deep dive\ndate: 2026-05-01\n---\n\n{body}\n"
        )
        (site / "pelicanconf.py").write_text(
            "from inkfolio.defaults import *\nSITEURL = 'https://example.org'\n"
            f"AUTHOR = 'Ada'\nMERMAID_CLI = {str(MMDC)!r}\n"
        )
        for label in ("cold", "cached"):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "inkfolio", "build", "-s", "pelicanconf.py", "-o", "output"],
                cwd=site,
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            print(f"build, {label} diagram cache: {time.perf_counter() - started:.1f} s")
        page = site / "output/blog/deep-dive/index.html"
        html = page.read_text()
        svgs = re.findall(r"<figure class=\"diagram.*?</figure>", html, re.S)
        print(
            f"article with 3 diagrams and 10 references: {page_weight(site / 'output', page, 'https://example.org')} "
            f"bytes (HTML {len(html.encode())}, diagrams {[len(s.encode()) for s in svgs]}; budget 60000)"
        )


if __name__ == "__main__":
    os.chdir(ROOT)
    per_diagram()
    article_weight()
