"""Notebooks as people have them: no front matter, and the formats older Jupyter
versions wrote (nbformat 3 worksheets, 4.0 without cell ids, odd kernelspecs).
They publish as they are; the files on disk are never rewritten."""

import datetime as dt
import os
import subprocess

import nbformat
import pytest
from conftest import SETTINGS, run_build

from inkfolio.plugins.notebooks.source import kernel_of

# As IPython 2 saved it (2014): one worksheet, a heading cell, 'input' and 'prompt_number'.
NBFORMAT_3 = """{
 "metadata": {
  "name": "",
  "signature": "sha256:5b8f1a0e2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e1f2a3b"
 },
 "nbformat": 3,
 "nbformat_minor": 0,
 "worksheets": [
  {
   "cells": [
    {
     "cell_type": "heading",
     "level": 1,
     "metadata": {},
     "source": [
      "Loops in 2014"
     ]
    },
    {
     "cell_type": "markdown",
     "metadata": {},
     "source": [
      "Written with IPython 2."
     ]
    },
    {
     "cell_type": "code",
     "collapsed": false,
     "input": [
      "total = sum(range(10))\\n",
      "print(total)"
     ],
     "language": "python",
     "metadata": {},
     "outputs": [
      {
       "output_type": "stream",
       "stream": "stdout",
       "text": [
        "45\\n"
       ]
      }
     ],
     "prompt_number": 1
    }
   ],
   "metadata": {}
  }
 ]
}
"""

# nbformat 4.0 (Jupyter 2015): no cell ids, and a kernelspec with no 'name', as some
# exporters wrote it.
NBFORMAT_4_0 = """{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Old four\\n",
    "\\n",
    "Before cell ids."
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {
    "collapsed": false
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "saved long ago\\n"
     ]
    }
   ],
   "source": [
    "print('run', 6 * 7)"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python"
  },
  "language_info": {
   "codemirror_mode": {
    "name": "ipython",
    "version": 3
   },
   "file_extension": ".py",
   "mimetype": "text/x-python",
   "name": "python",
   "nbconvert_exporter": "python",
   "pygments_lexer": "ipython3",
   "version": "3.4.3"
  }
 },
 "nbformat": 4,
 "nbformat_minor": 0
}
"""

# nbformat 4.4 with no kernelspec at all, and no heading: the title is the file's name.
NO_KERNELSPEC = """{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["Just prose, then code."]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": ["print('no kernelspec')"]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}
"""

# nbformat 4.5 with a repeated cell id and one missing (copied cells, hand merges).
REPEATED_IDS = """{
 "cells": [
  {"cell_type": "code", "execution_count": null, "id": "same", "metadata": {},
   "outputs": [], "source": ["print('first')"]},
  {"cell_type": "code", "execution_count": null, "id": "same", "metadata": {},
   "outputs": [], "source": ["print('second')"]},
  {"cell_type": "code", "execution_count": null, "metadata": {},
   "outputs": [], "source": ["print('third')"]}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
"""

# Straight from JupyterLab (4.5, ids, full kernelspec), no front matter.
FROM_JUPYTER = """{
 "cells": [
  {"cell_type": "markdown", "id": "a1", "metadata": {},
   "source": ["# Matrix multiply, measured\\n", "\\n", "How fast is it?"]},
  {"cell_type": "code", "execution_count": null, "id": "b2", "metadata": {},
   "outputs": [], "source": ["print(2 ** 10)"]}
 ],
 "metadata": {
  "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
  "language_info": {"name": "python"}
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
"""

PERCENT_ONLY_CELLS = """# %%
x = 6 * 7

# %%
print(x)
"""

# 3 February 2024, noon UTC: the files' modification time where git does not know them.
MTIME = dt.datetime(2024, 2, 3, 12, 0, tzinfo=dt.UTC).timestamp()


@pytest.fixture
def site(tmp_path):
    """Write notebooks (dated MTIME) into a new site; returns its build."""
    root = tmp_path / "site"

    def build(notebooks, *extra, flags=()):
        (root / "notebooks").mkdir(parents=True, exist_ok=True)
        (root / "content").mkdir(exist_ok=True)
        (root / "pelicanconf.py").write_text(SETTINGS)
        for name, text in notebooks.items():
            path = root / "notebooks" / name
            path.write_text(text, encoding="utf-8")
            os.utime(path, (MTIME, MTIME))
        return run_build(root / "pelicanconf.py", root / "output", root, *extra, flags=flags)

    build.root = root
    return build


def shows(page):
    """What a reader sees of an article: title, date, and the code cells' printed output."""
    return (
        page.h1.get_text(strip=True),
        page.select_one(".post-header .meta time")["datetime"][:10],
        [pre.get_text().strip() for pre in page.select(".content pre.output.stdout")],
    )


def no_raw_library_messages(log):
    """nbformat's and Python's own warnings never reach the console as they are."""
    return not any(
        text in log
        for text in (
            "Notebook JSON is invalid",
            "MissingIDFieldWarning",
            "DuplicateCellId",
            "Warning:",
            "Traceback",
        )
    )


def test_notebooks_without_front_matter_become_articles(site):
    build = site(
        {
            "matmul-speed.py": PERCENT_ONLY_CELLS,
            "measured.ipynb": FROM_JUPYTER,
            "just-prose.ipynb": NO_KERNELSPEC,
        }
    )
    assert build.returncode == 0, build.log
    assert shows(build.page("blog/matmul-speed/")) == ("matmul-speed", "2024-02-03", ["42"])
    measured = build.page("blog/matrix-multiply-measured/")
    assert shows(measured) == ("Matrix multiply, measured", "2024-02-03", ["1024"])
    assert len(measured.find_all("h1")) == 1  # the heading became the title, not a repeat
    assert shows(build.page("blog/just-prose/")) == ("just-prose", "2024-02-03", ["no kernelspec"])
    # Dated by their file: the build says so once, listing each (the date_from report).
    for name in ("matmul-speed.py", "measured.ipynb", "just-prose.ipynb"):
        assert f"notebooks/{name}: 2024-02-03 (file modified)" in build.log
    assert "missing 'date'" not in build.log and "missing 'title'" not in build.log
    assert no_raw_library_messages(build.log), build.log


def test_a_committed_notebook_is_dated_by_its_first_commit(site, tmp_path):
    root = site.root
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks/matmul-speed.py").write_text(PERCENT_ONLY_CELLS)
    when = {"GIT_AUTHOR_DATE": "2023-05-06T10:00:00Z", "GIT_COMMITTER_DATE": "2023-05-06T10:00:00Z"}
    git = ["git", "-c", "user.name=Ada", "-c", "user.email=ada@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "notebooks"], cwd=root, check=True)
    subprocess.run(
        [*git, "commit", "-q", "-m", "notebook"], cwd=root, check=True, env={**os.environ, **when}
    )
    build = site({})
    assert build.returncode == 0, build.log
    assert shows(build.page("blog/matmul-speed/")) == ("matmul-speed", "2023-05-06", ["42"])
    assert "notebooks/matmul-speed.py: 2023-05-06 (first commit)" in build.log


def test_front_matter_still_wins(site):
    dated = '# ---\n# title: "Pinned"\n# date: 2025-09-14\n# ---\n\n' + PERCENT_ONLY_CELLS
    build = site({"pinned.py": dated})
    assert build.returncode == 0, build.log
    assert shows(build.page("blog/pinned/")) == ("Pinned", "2025-09-14", ["42"])
    assert "(file modified)" not in build.log  # not in the list of pages dated by file


def test_old_notebook_formats_are_read_as_they_are(site):
    files = {
        "loops-2014.ipynb": NBFORMAT_3,
        "old-four.ipynb": NBFORMAT_4_0,
        "repeated.ipynb": REPEATED_IDS,
    }
    build = site(files)
    assert build.returncode == 0, build.log
    assert "Notebooks: 3 executed, 0 from cache, 0 failed" in build.log
    assert shows(build.page("blog/loops-in-2014/")) == ("Loops in 2014", "2024-02-03", ["45"])
    # Executed with python3, the kernel of the kernelspec's language: new output, not the saved.
    assert shows(build.page("blog/old-four/")) == ("Old four", "2024-02-03", ["run 42"])
    assert shows(build.page("blog/repeated/"))[2] == ["first", "second", "third"]
    assert no_raw_library_messages(build.log), build.log
    # Never rewritten on disk; the downloads are valid notebooks of the current format.
    for name, text in files.items():
        assert (site.root / "notebooks" / name).read_text() == text
    for folder, stem in [("loops-in-2014", "loops-2014"), ("old-four", "old-four")]:
        download = build.output / f"blog/{folder}/{stem}.ipynb"
        nbformat.validate(nbformat.reads(download.read_text(), as_version=nbformat.NO_CONVERT))
    old_four = nbformat.reads(
        (build.output / "blog/old-four/old-four.ipynb").read_text(), as_version=4
    )
    assert old_four.metadata.kernelspec.name == "python3"

    # Ids given in memory are the same on every build (nbformat's converter picks random
    # ones): an unchanged notebook is found in the cache and gives the same download.
    downloads = {path: path.read_bytes() for path in build.output.glob("blog/*/*.ipynb")}
    again = site(files)
    assert "Notebooks: 0 executed, 3 from cache, 0 failed" in again.log
    assert {path: path.read_bytes() for path in downloads} == downloads


def test_repairs_are_told_with_verbose_naming_the_file(site):
    build = site({"repeated.ipynb": REPEATED_IDS}, flags=("--verbose",))
    assert build.returncode == 0, build.log
    assert "notebooks/repeated.ipynb: cell ids repeat ('same')" in build.log
    assert "DuplicateCellId" not in build.log


def test_what_is_not_a_notebook_is_one_clear_error_each(site):
    bad = {
        "data.ipynb": '{"name": "measurements", "values": [1, 2, 3]}',
        "list.ipynb": "[1, 2, 3]",
        "lost-outputs.ipynb": NO_KERNELSPEC.replace('"outputs": [],\n', ""),
        "no-cells.ipynb": '{"nbformat": 4, "nbformat_minor": 4, "metadata": {}}',
    }
    build = site({**bad, "matmul-speed.py": PERCENT_ONLY_CELLS})
    assert build.returncode == 1
    errors = sorted(line for line in build.log.splitlines() if line.startswith("ERROR"))
    assert errors == [
        "ERROR: notebooks/data.ipynb: not a Jupyter notebook: the file holds no 'nbformat' "
        "field, not a notebook's cells. Move it out of the notebooks folder, or rename it if "
        "it is other data",
        "ERROR: notebooks/list.ipynb: not a Jupyter notebook: the file holds a JSON list, not "
        "a notebook's cells. Move it out of the notebooks folder, or rename it if it is other "
        "data",
        "ERROR: notebooks/lost-outputs.ipynb: not a valid notebook: cell 2: 'outputs' is a "
        "required property",
        "ERROR: notebooks/no-cells.ipynb: not a valid notebook: it has no 'cells' list",
    ], build.log
    assert "Traceback" not in build.log and "internal error" not in build.log
    assert (build.output / "blog/matmul-speed/index.html").exists()  # the rest still builds
    assert {name: (site.root / "notebooks" / name).read_text() for name in bad} == bad


@pytest.mark.parametrize(
    "metadata, kernel",
    [
        ({"kernelspec": {"name": "ir", "display_name": "R"}}, "ir"),
        ({"kernelspec": {"display_name": "Python 3", "language": "python"}}, "python3"),
        ({"kernelspec": {"display_name": "Julia"}, "language_info": {"name": "julia"}}, "julia"),
        ({"language_info": {"name": "Python"}}, "python3"),
        ({"kernelspec": {"display_name": "Python 3"}}, "python3"),
        ({}, "python3"),
    ],
)
def test_kernel_comes_from_the_name_else_the_language(metadata, kernel):
    assert kernel_of(metadata) == kernel
