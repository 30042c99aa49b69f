"""Notebook articles, executed by a real kernel: once, cached by content, rendered light."""

import base64
import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import platform
import re
import subprocess
import sys

import nbformat
import pytest
from conftest import SETTINGS, processes_of, run_build
from PIL import Image

PNG = io.BytesIO()
Image.new("RGB", (40, 20), "red").save(PNG, format="PNG")
PNG_B64 = base64.b64encode(PNG.getvalue()).decode()

PERCENT = """# ---
# title: Percent notebook
# date: 2026-03-01
# depends: [data.csv]
# jupyter:
#   kernelspec:
#     name: python3
#     display_name: Python 3
# ---

# %% [markdown]
# Prose with $x^2$ math.
#
# ## Results

# %%
print(open("data.csv").read().strip())

# %%
#| fig-alt: A red rectangle
#| fig-cap: The red rectangle, as drawn
import base64
from IPython.display import Image
Image(data=base64.b64decode("{png}"))

# %% tags=["hide-input"]
from IPython.display import HTML
HTML('<style>.x{{color:red}}</style><table border="1" style="color:red"><tr><td>cell</td></tr></table>')

# %%
# What pandas' DataFrame._repr_html_ gives (pandas itself is not needed to show it)
HTML('<div><style scoped>.dataframe thead th { text-align: right; }</style>'
     '<table border="1" class="dataframe"><thead><tr style="text-align: right;">'
     '<th></th><th>ms</th></tr></thead><tbody><tr><th>0</th><td>1.5</td></tr></tbody>'
     '</table></div>')

# %% tags=["remove-input"]
import sys
print("careful", file=sys.stderr)

# %% tags=["remove-cell"]
print("secret setup")

# %% tags=["remove-output"]
print("removed result")

# %% tags=["hide-output"]
print("folded result")

# %% tags=["scroll-output"]
print("\\n".join(f"line {n}" for n in range(200)))

# %%
from IPython.display import display
widget = {"model_id": "m1", "version_major": 2, "version_minor": 0}
display({"application/vnd.jupyter.widget-view+json": widget, "text/plain": "IntSlider(value=3)"}, raw=True)

# %% tags=["raises-exception"]
1 / 0
""".replace("{png}", PNG_B64)


def ipynb(title, code_cells, front=""):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_raw_cell(f"---\ntitle: {title}\ndate: 2026-04-01\n{front}---")
    ]
    notebook.cells += [nbformat.v4.new_markdown_cell(f"Text of {title}.")]
    notebook.cells += [nbformat.v4.new_code_cell(code) for code in code_cells]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nbformat.writes(notebook)


SIMPLE = ipynb("Simple", ["x = 21 * 2\nprint(x)"])


def executions(build):
    match = re.search(r"Notebooks: (\d+) executed, (\d+) from cache, (\d+) failed", build.log)
    assert match, build.log
    return tuple(int(group) for group in match.groups())


@pytest.fixture
def site(tmp_path):
    """A site with two notebooks; returns a function that (re)builds it."""
    root = tmp_path / "site"
    (root / "notebooks").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "pelicanconf.py").write_text(SETTINGS)
    (root / "notebooks/percent.py").write_text(PERCENT)
    (root / "notebooks/data.csv").write_text("a,b\n1,2\n")
    (root / "notebooks/simple.ipynb").write_text(SIMPLE)

    def build(*args):
        return run_build(root / "pelicanconf.py", root / "output", root, *args)

    build.root = root
    return build


def cli(root, *args):
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", *args], cwd=root, capture_output=True, text=True
    )
    return result.returncode, result.stdout + result.stderr


def test_executes_once_then_only_what_changed(site):
    first = site()
    assert first.returncode == 0, first.log
    assert executions(first) == (2, 0, 0)

    assert "Nothing changed since the last build" in site().log  # so nothing runs
    assert executions(site("NOTEBOOK_TIMEOUT=600")) == (0, 2, 0)  # built in full: all cached

    percent = site.root / "notebooks/percent.py"
    percent.write_text(percent.read_text().replace("Prose with", "Edited prose with"))
    prose_edit = site()
    assert executions(prose_edit) == (0, 2, 0)
    assert "Edited prose with" in prose_edit.page("blog/percent-notebook/").get_text()

    percent.write_text(
        percent.read_text().replace('print(open("data.csv")', 'print("v2", open("data.csv")')
    )
    code_edit = site()
    assert executions(code_edit) == (1, 1, 0)
    assert "v2 a,b" in code_edit.page("blog/percent-notebook/").get_text()

    (site.root / "notebooks/data.csv").write_text("a,b\n3,4\n")
    data_edit = site()
    assert executions(data_edit) == (1, 1, 0)
    assert "3,4" in data_edit.page("blog/percent-notebook/").get_text()


def test_outputs_render_in_the_theme_markup(site):
    build = site()
    assert build.returncode == 0, build.log
    page = build.page("blog/percent-notebook/")
    content = page.select_one(".content")
    assert content.find("math") and content.find("h2", id="results")
    assert "a,b" in content.select_one("pre.output.stdout").get_text()
    img = content.select_one(".output.image img")
    assert img["alt"] == "A red rectangle" and (img["width"], img["height"]) == ("40", "20")
    assert img["loading"] == "lazy" and not img["src"].startswith("data:")
    image_file = build.output / img["src"].removeprefix("https://fixture.example.org/")
    assert image_file.read_bytes() == PNG.getvalue()
    table = content.select_one(".output.html .table-wrap table")
    assert (
        table.get_text(strip=True) == "cell" and not table.get("style") and not table.get("border")
    )
    assert not content.find("style")
    # A pandas table is one of the site's tables: wrapped to scroll, no style of its own.
    frame = content.select_one(".output.html .table-wrap table.dataframe")
    assert [th.get_text() for th in frame.select("thead th")] == ["", "ms"]
    assert frame.select_one("tbody td").get_text() == "1.5"
    assert not frame.get("border") and not frame.find(style=True)
    assert content.select_one("details.cell-input summary").get_text() == "Show code"
    assert "careful" in content.select_one("pre.output.stderr").get_text()
    assert "secret setup" not in page.get_text() and 'print("careful"' not in page.get_text()
    error = content.select_one("pre.output.error")
    assert "ZeroDivisionError" in error.get_text()
    # The traceback keeps its colours, as classes of the theme (no inline style).
    assert {c for span in error.select("span") for c in span["class"]} & {"ansi-red-fg"}
    caption = content.select_one(".output.image figure figcaption")
    assert caption.get_text() == "The red rectangle, as drawn"
    cells = {
        cell.select_one(".cell-input, pre").get_text(): cell for cell in content.select(".cell")
    }
    removed = next(c for text, c in cells.items() if 'print("removed result")' in text)
    assert not removed.select(".cell-output") and "removed result" in removed.get_text()
    assert page.get_text().count("removed result") == 1  # its code, never its output
    folded = content.find("pre", string=re.compile("folded result")).find_parent("details")
    assert folded.summary.get_text() == "Show output" and "open" not in folded.attrs
    scrolled = content.find("pre", string=re.compile("line 199")).find_parent(class_="cell-output")
    assert "scroll" in scrolled["class"]
    note = content.select_one(".figure-note")
    assert "Interactive widget" in note.get_text()
    assert "IntSlider(value=3)" not in note.find_parent(class_="cell-output").get_text()
    assert "data:image" not in (build.output / "blog/percent-notebook/index.html").read_text()
    assert page.find("link", href=re.compile("notebook.css"))


def test_reproducibility_footer_and_downloads(site):
    build = site('NOTEBOOK_REPOSITORY="ada/site"', 'NOTEBOOK_REPOSITORY_BRANCH="pages"')
    # An .ipynb article opens in Colab and Binder, from the site's repository and branch.
    launch = {
        a.get_text(): a["href"] for a in build.page("blog/simple/").select(".notebook-info a")
    }
    assert launch["Open in Colab"] == (
        "https://colab.research.google.com/github/ada/site/blob/pages/notebooks/simple.ipynb"
    )
    assert launch["Open in Binder"] == (
        "https://mybinder.org/v2/gh/ada/site/pages?labpath=notebooks/simple.ipynb"
    )
    page = build.page("blog/percent-notebook/")
    info = page.select_one(".notebook-info")
    # When, how fast, with which Python and packages (those the code imports), on which CPU.
    text = " ".join(info.get_text(" ", strip=True).split())
    ran = re.search(
        r"Executed on (\S+) in (\d+\.\d) s with Python (\S+?), (.+?), on (.+?) \((\d+) cores", text
    )
    assert ran, text
    when = dt.date.fromisoformat(info.time["datetime"][:10])
    assert ran[1] == info.time.get_text() and abs(dt.date.today() - when) <= dt.timedelta(days=1)
    assert 0 < float(ran[2]) < 300
    assert ran[3] == platform.python_version()
    assert f"ipython {importlib.metadata.version('ipython')}" in ran[4].split(", ")
    assert ran[5].strip() and int(ran[6]) >= 1
    links = {a.get_text(): a["href"] for a in info.select("a")}
    downloaded = nbformat.reads(
        (build.output / "blog/percent-notebook/percent.ipynb").read_text(), as_version=4
    )
    images = [
        o["data"]["image/png"]
        for c in downloaded.cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]
    assert images == [PNG_B64.strip()] or base64.b64decode(images[0]) == PNG.getvalue()
    assert links["Source (.py)"].endswith("/blog/percent-notebook/percent.py")
    assert "Open in Colab" not in links  # a script has no notebook to open there
    assert (build.output / "blog/percent-notebook/percent.py").read_text() == PERCENT


def test_failure_is_reported_and_cached(site):
    (site.root / "notebooks/broken.ipynb").write_text(ipynb("Broken", ["ok = 1", "result = 1 / 0"]))
    first = site()
    assert first.returncode == 1
    assert (
        "notebooks/broken.ipynb: code cell 2 ('result = 1 / 0') raised ZeroDivisionError"
        in first.log
    )
    assert executions(first) == (2, 0, 1)
    assert "Traceback" not in first.log.replace("ZeroDivisionError", "")

    again = site()
    assert again.returncode == 1
    assert executions(again) == (0, 3, 0)
    assert "cached failure" in again.log

    allowed = ipynb("Broken", ["ok = 1", "result = 1 / 0"], front="allow_errors: true\n")
    (site.root / "notebooks/broken.ipynb").write_text(allowed)
    assert site().returncode == 0


def test_no_execute_never_starts_a_kernel(site):
    cold = site('NOTEBOOK_EXECUTE="never"')
    assert cold.returncode == 1
    assert (
        "notebooks/simple.ipynb: not executed and not in the notebook cache (--no-execute)"
        in cold.log
    )
    assert site().returncode == 0
    warm = site('NOTEBOOK_EXECUTE="never"')
    assert warm.returncode == 0, warm.log
    assert executions(warm) == (0, 2, 0)


def test_refresh_forces_one_notebook(site):
    site()
    code, log = cli(
        site.root,
        "build",
        "--refresh",
        "simple",
        "-e",
        f'CACHE_PATH="{site.root / ".cache/pelican"}"',
    )
    assert code == 0, log
    assert "Notebooks: 1 executed, 1 from cache, 0 failed" in log


def executed_names(log):
    """The notebooks a run executed, from its report's lines."""
    return sorted(re.findall(r"^\s+ok\s+[\d.]+ s\s+notebooks/(\S+)", log, re.M))


def test_execute_shards_split_the_work(site):
    (site.root / "notebooks/third.ipynb").write_text(ipynb("Third", ["print(3)"]))
    code, first = cli(site.root, "execute", "--shard", "1/2")
    assert code == 0, first
    code, second = cli(site.root, "execute", "--shard", "2/2")
    assert code == 0, second
    # By position among all notebooks (percent.py, simple.ipynb, third.ipynb): each share
    # ran exactly its own, whatever the other had done already.
    assert executed_names(first) == ["percent.py", "third.ipynb"], first
    assert executed_names(second) == ["simple.ipynb"], second
    assert executions(site()) == (0, 3, 0)  # between them, everything


def test_timeout_is_reported_and_the_kernel_stopped(site):
    slow = ipynb("Slow", ["import time\ntime.sleep(60)"], front="timeout: 2\n")
    (site.root / "notebooks/slow.ipynb").write_text(slow)
    build = site()
    assert build.returncode == 1
    assert "notebooks/slow.ipynb: code cell 1" in build.log and "timeout of 2 s" in build.log
    # The kernel still sleeping in its cell was stopped, as were all the others.
    assert processes_of(build) == []


@pytest.mark.parametrize(
    "name, text, expected",
    [
        (
            "bad.ipynb",
            '{"cells": [\n  {"cell_type": "code",\n  oops\n',
            "notebooks/bad.ipynb:3: not a valid notebook",
        ),
        ("nokernel.ipynb", None, "no kernel named 'no-such-kernel' is installed"),
        (
            "deps.ipynb",
            ipynb("Deps", ["1"], front="depends: [missing/*.csv]\n"),
            "notebooks/deps.ipynb:4: front matter field 'depends': 'missing/*.csv' matches no file",
        ),
    ],
    # Named: the notebook's text holds random cell ids, and every pytest-xdist worker
    # must collect the same test names.
    ids=["bad", "nokernel", "deps"],
)
def test_bad_notebooks_get_clear_errors(site, name, text, expected):
    if text is None:
        text = ipynb("No kernel", ["1"], front="kernel: no-such-kernel\n")
    (site.root / "notebooks" / name).write_text(text)
    build = site()
    assert build.returncode == 1
    assert expected in build.log
    assert "Traceback (most recent call last)" not in build.log


def test_huge_output_is_truncated(site):
    (site.root / "notebooks/chatty.ipynb").write_text(ipynb("Chatty", ["print('x' * 3_000_000)"]))
    build = site()
    assert build.returncode == 0, build.log
    html = (build.output / "blog/chatty/index.html").read_text()
    assert len(html) < 200_000 and "output truncated: 3,000,001 characters in all" in html


def test_the_build_never_modifies_notebooks(site):
    before = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (site.root / "notebooks").iterdir()
    }
    site()
    after = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (site.root / "notebooks").iterdir()
    }
    assert before == after


def test_execute_false_renders_saved_outputs(site):
    notebook = nbformat.reads(
        ipynb("Saved", ["print('hi')"], front="execute: false\n"), as_version=4
    )
    notebook.cells[2].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="saved output\n")
    ]
    (site.root / "notebooks/saved.ipynb").write_text(nbformat.writes(notebook))
    build = site()
    assert build.returncode == 0, build.log
    assert "saved output" in build.page("blog/saved/").select_one("pre.output").get_text()
    assert "1 not executed (execute: false)" in build.log
    assert json.loads((site.root / "notebooks/saved.ipynb").read_text())["cells"][2]["outputs"]


def test_title_from_first_heading_and_invalid_field(site):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["date"] = "2026-05-05"
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Headed notebook\n\nIntro."),
        nbformat.v4.new_code_cell("2 + 2"),
    ]
    (site.root / "notebooks/headed.ipynb").write_text(nbformat.writes(notebook))
    bad = ipynb("Bad timeout", ["1"], front="timeout: soon\n")
    (site.root / "notebooks/badtimeout.ipynb").write_text(bad)
    build = site()
    assert "notebooks/badtimeout.ipynb:4: front matter field 'timeout'" in build.log
    assert build.returncode == 1
    page = build.page("blog/headed-notebook/")
    assert page.h1.get_text() == "Headed notebook" and len(page.find_all("h1")) == 1
    assert page.select_one(".cell-output pre.output.text").get_text() == "4"


MYST = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
title: MyST notebook
date: 2026-03-02
tags: [myst]
---

Prose before code.

```{code-cell} ipython3
print(6 * 7)
```
"""


def test_myst_markdown_notebook(site):
    (site.root / "notebooks/myst.md").write_text(MYST)
    build = site()
    assert build.returncode == 0, build.log
    page = build.page("blog/myst-notebook/")
    assert page.select_one("pre.output.stdout").get_text().strip() == "42"
    assert [a.get_text() for a in page.select(".tags a")] == ["#myst"]
    downloaded = nbformat.reads(
        (build.output / "blog/myst-notebook/myst.ipynb").read_text(), as_version=4
    )
    assert downloaded.cells[-1].outputs[0]["text"] == "42\n"
    assert (build.output / "blog/myst-notebook/myst.md").read_text() == MYST
