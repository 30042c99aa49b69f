"""A notebook source file, read into cells and front matter.

Three spellings of the same thing: ``.ipynb``, jupytext percent ``.py`` and
jupytext/MyST ``.md``. Front matter comes from a leading raw cell holding a YAML
block (how jupytext reads the header of ``.py``/``.md`` files), else from the
notebook's metadata; the title may come from the first ``# `` heading, else from
the file's name. Notebooks as older Jupyter versions wrote them (nbformat 3, 4.0-4.4
without cell ids, a kernelspec without a name) are brought to the current format in
memory; the file on disk is never rewritten.
"""

import contextlib
import copy
import json
import logging
import os
import re
import warnings
from dataclasses import dataclass, field

import yaml

from inkfolio.core import ContentError
from inkfolio.plugins.markdown_reader.frontmatter import parse as parse_front_matter

logger = logging.getLogger(__name__)

NOTEBOOK_EXTENSIONS = (".ipynb", ".py", ".md")
# Keys of the notebook's own metadata that are not the author's front matter: what
# Jupyter, its converters and common extensions write there.
_NOTEBOOK_KEYS = {
    "jupytext",
    "kernelspec",
    "language_info",
    "widgets",
    "colab",
    "vscode",
    "orig_nbformat",
    "orig_nbformat_minor",
    "signature",
    "name",
    "celltoolbar",
    "toc",
    "toc-autonumbering",
    "toc-showcode",
    "toc-showmarkdowntxt",
    "toc-showtags",
    "varInspector",
    "latex_envs",
    "nbdime-conflicts",
    "anaconda-cloud",
    "interpreter",
    "papermill",
    "nteract",
}
_PERCENT_CELL = re.compile(r"^# %%", re.M)
_MYST_CELL = re.compile(r"^```\{code-cell\}", re.M)
_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t#]*$")
# Kernels named after the language when a notebook's kernelspec has no name.
_KERNEL_OF_LANGUAGE = {"python": "python3"}
DEFAULT_KERNEL = "python3"


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
        return self.options.get("kernel") or kernel_of(self.notebook.metadata)

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


def kernel_of(metadata):
    """The kernelspec's name, else the kernel of its language (or language_info's)."""
    spec = metadata.get("kernelspec")
    spec = spec if isinstance(spec, dict) else {}
    if isinstance(spec.get("name"), str) and spec["name"]:
        return spec["name"]
    info = metadata.get("language_info")
    language = spec.get("language") or (info.get("name") if isinstance(info, dict) else None)
    if not isinstance(language, str) or not language.strip():
        return DEFAULT_KERNEL
    language = language.strip().lower()
    return _KERNEL_OF_LANGUAGE.get(language, language)


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
    first = notebook.cells[0] if notebook.cells else None
    has_front_cell = (
        first is not None and first.cell_type == "raw" and first.source.lstrip().startswith("---")
    )
    if has_front_cell:
        parsed = parse_front_matter(first.source.strip() + "\n", shown)
        front, key_lines = parsed.metadata, parsed.key_lines
    else:  # MyST headers land in the notebook's metadata: they are front matter, not metadata
        front = {k: v for k, v in notebook.metadata.items() if k not in _NOTEBOOK_KEYS}
        for key in front:
            del notebook.metadata[key]
        front = _jupyter_authors(front)
    # Only now: the author's fields are not checked as notebook metadata, and a problem's
    # cell number counts the cells as they are in the file.
    notebook = normalize(notebook, shown)
    cells = notebook.cells[1:] if has_front_cell else notebook.cells
    for key in ("jupytext", "kernelspec"):
        front.pop(key, None)
    if not front.get("title"):
        cells, title = _take_title(cells)
        # As Obsidian shows the file: its name without the extension, unchanged.
        front["title"] = title or os.path.splitext(os.path.basename(path))[0]
    notebook.cells = cells
    return NotebookSource(path, shown, notebook, front, key_lines)


def _jupyter_authors(front):
    """nbformat's own ``authors`` metadata is ``[{name: ...}]``: the names are the authors."""
    authors = front.get("authors")
    if isinstance(authors, list) and all(isinstance(a, dict) and "name" in a for a in authors):
        front = {**front, "authors": [author["name"] for author in authors]}
    return front


def _read_cells(path, shown):
    import jupytext
    import nbformat

    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        with _library_warnings_told(shown):
            if path.endswith(".ipynb"):
                return _read_ipynb(text, shown)
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
    except nbformat.ValidationError as error:  # jupytext checks the header's metadata
        raise ContentError(shown, f"not a valid notebook: {_describe(error)}") from None
    except (nbformat.reader.NotJSONError, yaml.YAMLError, ValueError) as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        raise ContentError(shown, f"not a valid notebook: {first_line}") from None
    except UnicodeDecodeError:
        raise ContentError(shown, "not a valid notebook: the file is not UTF-8 text") from None


def _read_ipynb(text, shown):
    """Any nbformat version as a version 4 notebook (nbformat 3's worksheets become cells)."""
    import nbformat

    raw = json.loads(text)  # its errors carry the line and column
    version = _notebook_version(raw, shown)
    try:
        notebook = nbformat.convert(nbformat.reader.reads(text), 4)
    except (KeyError, TypeError, AttributeError) as error:  # a field the converter needs
        raise ContentError(
            shown,
            f"not a valid notebook: nbformat {version} that cannot be converted "
            f"({type(error).__name__}: {error}); open it in Jupyter and save it again",
        ) from None
    if version < 4:
        # The converter gave the cells random ids: the page and download would change
        # on every build. Ids by position are as unique and stay the same.
        for index, cell in enumerate(notebook.cells, start=1):
            cell["id"] = f"cell-{index}"
    return notebook


def _notebook_version(raw, shown):
    """The file's nbformat major version, or ContentError when the JSON is not a notebook."""
    import nbformat

    if not isinstance(raw, dict) or not isinstance(raw.get("nbformat"), int):
        what = "no 'nbformat' field" if isinstance(raw, dict) else f"a JSON {type(raw).__name__}"
        raise ContentError(
            shown,
            f"not a Jupyter notebook: the file holds {what}, not a notebook's cells. "
            "Move it out of the notebooks folder, or rename it if it is other data",
        )
    version = raw["nbformat"]
    if version not in nbformat.versions:
        raise ContentError(
            shown,
            f"not a notebook this build can read: nbformat {version} (it reads "
            f"{min(nbformat.versions)} to {max(nbformat.versions)}); upgrade nbformat",
        )
    cells = raw.get("cells") if version >= 4 else raw.get("worksheets")
    if not isinstance(cells, list):
        field_name = "cells" if version >= 4 else "worksheets"
        raise ContentError(shown, f"not a valid notebook: it has no '{field_name}' list")
    return version


def normalize(notebook, shown):
    """The notebook in the current format, repaired in memory only.

    A kernelspec gets the name and display name the format requires, cells of an
    nbformat 4.5 notebook get unique ids, and metadata the format does not allow is
    left out (nbformat's own normalize). What cannot be repaired is a ContentError
    naming the file and cell.
    """
    import nbformat
    from nbformat import validator

    _complete_kernelspec(notebook.metadata)
    repeated = _unique_cell_ids(notebook)
    if repeated:
        _tell_once(shown, f"cell ids repeat ({', '.join(repeated)}); the build gave them new ones")
    with _library_warnings_told(shown):
        try:
            changes, notebook = validator.normalize(notebook, strip_invalid_metadata=True)
            problem = next(iter(validator.iter_validate(notebook)), None)
        except nbformat.ValidationError as error:  # e.g. a version it has no schema for
            problem = error
    if problem is not None:
        raise ContentError(shown, f"not a valid notebook: {_describe(problem)}")
    if changes:
        _tell_once(shown, f"metadata the notebook format does not allow was left out ({changes})")
    return nbformat.from_dict(notebook)


def _complete_kernelspec(metadata):
    spec = metadata.get("kernelspec")
    if spec is None:
        return  # no kernelspec is valid; the kernel then comes from language_info
    spec = dict(spec) if isinstance(spec, dict) else {}
    spec["name"] = kernel_of(metadata)
    if not isinstance(spec.get("display_name"), str):
        spec["display_name"] = spec["name"]
    metadata["kernelspec"] = spec


def _unique_cell_ids(notebook):
    """Give cells of a format with ids (4.5+) a missing or repeated id; returns the repeated."""
    if (notebook.nbformat, notebook.nbformat_minor) < (4, 5):
        return []
    seen, repeated = set(), []
    for index, cell in enumerate(notebook.cells, start=1):
        cell_id = cell.get("id")
        if isinstance(cell_id, str) and cell_id and cell_id not in seen:
            seen.add(cell_id)
            continue
        if cell_id in seen:
            repeated.append(repr(cell_id))
        new_id = f"cell-{index}"
        while new_id in seen:
            new_id += "-x"
        cell["id"] = new_id
        seen.add(new_id)
    return repeated


def _describe(problem):
    """nbformat's validation error in one line, with the cell counted as people count."""
    original = getattr(problem, "original", problem)
    location = list(getattr(original, "absolute_path", []) or [])
    message = str(getattr(original, "message", problem)).strip().splitlines()[0]
    if len(message) > 160 or "is not valid under any of the given schemas" in message:
        message = "it does not follow the notebook format"
    if len(location) >= 2 and location[0] == "cells" and isinstance(location[1], int):
        detail = ", ".join(str(part) for part in location[2:])
        return f"cell {location[1] + 1}{f' ({detail})' if detail else ''}: {message}"
    if location:
        return f"{'.'.join(str(part) for part in location)}: {message}"
    return message


@contextlib.contextmanager
def _library_warnings_told(shown):
    """nbformat and jupytext warn about what they repair (MissingIDFieldWarning...):
    never raw on the console, but once, naming the file."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                _tell_once(shown, f"{type(warning.message).__name__}: {warning.message}")


# (file, message) already told: a notebook is read by the planner, the reader and the
# output phase, and each note should appear once.
_TOLD = set()


def _tell_once(shown, message):
    """Repairs that need no action from the author: shown with --verbose."""
    if (shown, message) not in _TOLD:
        _TOLD.add((shown, message))
        logger.info("%s: %s (the file is unchanged)", shown, message)


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
