"""A notebook source file, read into cells and front matter.

Three spellings of the same thing: ``.ipynb``, jupytext percent ``.py`` and
jupytext/MyST ``.md``. Front matter comes from a leading raw cell holding a YAML
block (how jupytext reads the header of ``.py``/``.md`` files), else from the
notebook's metadata; the title may come from the first ``# `` heading.
"""

import copy
import json
import os
import re
from dataclasses import dataclass, field

import yaml

from inkfolio.core import ContentError
from inkfolio.plugins.markdown_reader.frontmatter import parse as parse_front_matter

NOTEBOOK_EXTENSIONS = (".ipynb", ".py", ".md")
# Keys of the notebook's own metadata that are not the author's front matter.
_NOTEBOOK_KEYS = {"jupytext", "kernelspec", "language_info", "widgets", "colab", "vscode"}
_PERCENT_CELL = re.compile(r"^# %%", re.M)
_MYST_CELL = re.compile(r"^```\{code-cell\}", re.M)
_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t#]*$")


@dataclass
class NotebookSource:
    path: str  # absolute
    shown: str  # as the author would type it
    notebook: dict  # an nbformat NotebookNode: the cells without the front-matter cell
    front: dict = field(default_factory=dict)
    key_lines: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)  # validated execute/timeout/... (see schema.py)

    @property
    def kernel_name(self):
        return (
            self.options.get("kernel")
            or self.notebook.metadata.get("kernelspec", {}).get("name")
            or "python3"
        )

    @property
    def code_cells(self):
        return [cell for cell in self.notebook.cells if cell.cell_type == "code"]

    def with_outputs(self, executed):
        """The current cells (prose edits included) with the outputs of an execution.

        An execution is found by the hash of the code cells, so the executed copy
        has the same code cells in the same order; only prose may differ.
        """
        import nbformat

        notebook = copy.deepcopy(self.notebook)
        done = [cell for cell in executed["cells"] if cell["cell_type"] == "code"]
        code_cells = [c for c in notebook.cells if c.cell_type == "code"]
        for cell, result in zip(code_cells, done, strict=True):
            cell.outputs = nbformat.from_dict(result.get("outputs", []))
            cell.execution_count = result.get("execution_count")
        return notebook


def is_notebook_file(path):
    """True for .ipynb files, percent-format .py files and .md files with a jupytext/kernelspec header."""
    if path.endswith(".ipynb"):
        return True
    if not path.endswith((".py", ".md")):
        return False
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(64_000)
    except (OSError, UnicodeDecodeError):
        return False
    if path.endswith(".py"):
        return bool(_PERCENT_CELL.search(head))
    return _declares_kernel(head)


def _declares_kernel(text):
    if not text.startswith("---"):
        return False
    try:
        parsed = parse_front_matter(text, "")
    except ContentError:
        return False
    return "jupytext" in parsed.metadata or "kernelspec" in parsed.metadata


def load(path, shown):
    """Read a notebook source; raise ContentError naming the file for unreadable input."""
    notebook = _read_cells(path, shown)
    front, key_lines = {}, {}
    cells = notebook.cells
    if cells and cells[0].cell_type == "raw" and cells[0].source.lstrip().startswith("---"):
        parsed = parse_front_matter(cells[0].source.strip() + "\n", shown)
        front, key_lines = parsed.metadata, parsed.key_lines
        cells = cells[1:]
    else:  # MyST headers land in the notebook's metadata: they are front matter, not metadata
        front = {k: v for k, v in notebook.metadata.items() if k not in _NOTEBOOK_KEYS}
        for key in front:
            del notebook.metadata[key]
    for key in ("jupytext", "kernelspec"):
        front.pop(key, None)
    if not front.get("title"):
        cells, title = _take_title(cells)
        if title:
            front["title"] = title
    notebook.cells = cells
    return NotebookSource(path, shown, notebook, front, key_lines)


def _read_cells(path, shown):
    import jupytext
    import nbformat

    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if path.endswith(".ipynb"):
            json.loads(text)  # its errors carry the line and column
            return nbformat.reads(text, as_version=4)
        if path.endswith(".py"):
            return jupytext.reads(text, fmt="py:percent")
        return jupytext.reads(text, fmt="md:myst" if _MYST_CELL.search(text) else "md")
    except json.JSONDecodeError as error:
        raise ContentError(
            shown,
            f"not a valid notebook: broken JSON ({error.msg}, column {error.colno}); "
            "open it in Jupyter or restore it from version control",
            line=error.lineno,
        ) from None
    except (
        nbformat.reader.NotJSONError,
        nbformat.ValidationError,
        yaml.YAMLError,
        ValueError,
    ) as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        raise ContentError(shown, f"not a valid notebook: {first_line}") from None
    except UnicodeDecodeError:
        raise ContentError(shown, "not a valid notebook: the file is not UTF-8 text") from None


def _take_title(cells):
    import nbformat

    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            if cell.cell_type == "code":
                break
            continue
        lines = cell.source.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            continue
        match = _H1.match(lines[first])
        if not match:
            break
        rest = "\n".join(lines[:first] + lines[first + 1 :]).strip()
        cells = list(cells)
        if rest:
            cells[index] = nbformat.from_dict({**cell, "source": rest})
        else:
            del cells[index]
        return cells, match["title"]
    return cells, None


def folder_of(source):
    return os.path.dirname(source.path)
