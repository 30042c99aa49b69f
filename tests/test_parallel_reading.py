"""A cold build reads Markdown on every core, and makes exactly the site a serial read makes."""

import json
import re
import shutil

from conftest import SETTINGS, run_build


def article(number):
    """Articles that use what reading does: math, code, wikilinks, tags, a typo'd field."""
    other = (number + 1) % 40
    return f"""---
title: Article {number}
date: 2026-01-{number % 28 + 1:02d}
tags: [numerics, part-{number % 3}]
sumary: a typo the reader warns about
---

Inline math $a_{number} = b^2$ and a link to [[Article {other}]].

## Section

```python
def f(x):
    return x * {number}  # comment
```

| n | value |
|---|-------|
| {number} | {number * 2} |

> [!note] A callout
> With #inline-tag text.
"""


def write_site(root):
    files = {f"content/articles/article-{n:02d}.md": article(n) for n in range(40)}
    files["content/articles/broken.md"] = "---\ntitle: Broken\ndate: 2026-02-30\n---\n\nText\n"
    files["content/articles/missing-link.md"] = (
        "---\ntitle: Missing link\ndate: 2026-03-01\n---\n\nSee [this]({filename}nowhere.md).\n"
    )
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")


def build(root, name, parallel):
    shutil.rmtree(root / ".cache", ignore_errors=True)
    return run_build(
        root / "pelicanconf.py",
        root / name,
        root,
        f"PARALLEL_READING={json.dumps(parallel)}",
        "SOCIAL_CARDS=false",
        "SEARCH=false",
        flags=["--verbose"],
    )


def problems(log):
    """The lines that name an author's file, in a stable order."""
    return sorted(line for line in log.splitlines() if "content/articles/" in line)


def test_parallel_read_makes_the_same_pages_and_reports(tmp_path):
    write_site(tmp_path)
    serial = build(tmp_path, "serial", False)
    parallel = build(tmp_path, "parallel", True)

    assert re.search(r"Read 41 of 42 Markdown files ahead, on \d+ processes", parallel.log)
    assert "files ahead" not in serial.log
    assert serial.returncode == parallel.returncode == 1
    assert problems(parallel.log) == problems(serial.log)
    reported = "\n".join(problems(parallel.log))
    assert reported.count("content/articles/broken.md") == 1, reported
    assert "content/articles/missing-link.md" in reported
    assert reported.count("unknown front matter field 'sumary'") == 40

    pages = sorted(path.relative_to(serial.output) for path in serial.output.rglob("*.html"))
    assert len(pages) > 40
    assert pages == sorted(
        path.relative_to(parallel.output) for path in parallel.output.rglob("*.html")
    )
    for page in pages:
        assert (parallel.output / page).read_bytes() == (serial.output / page).read_bytes(), page
