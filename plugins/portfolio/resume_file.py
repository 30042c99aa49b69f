"""Find and read the résumé file: content/data/resume.yaml, .yml or .json.

A mistake is reported as one ContentError naming the file, the line and the field
the way the author wrote it (``work[2].startDate``), and what is expected there.
"""

import logging
import os
import re

import yaml
from pydantic import ValidationError

from inkfolio.core import ContentError, display_path, per_file_version

from . import resume_schema, variants

logger = logging.getLogger(__name__)

RESUME_FILES = ("resume.yaml", "resume.yml", "resume.json")
# A translation beside the résumé: resume.de.yaml, resume.pt-BR.json.
_LANG = r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?"

# Pydantic's wording for a wrong type, said the way a résumé's author thinks of it.
EXPECTED = {
    "string_type": "expected text",
    "list_type": "expected a list ([a, b], or one '- ' line per item)",
    "model_type": "expected fields (key: value), not a single value",
    "dict_type": "expected fields (key: value), not a single value",
}


class _Loader(yaml.SafeLoader):
    """YAML without its timestamps: dates stay text as JSON Resume writes them, and an
    impossible 2021-02-30 gets the schema's message instead of a crash in the reader."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def find(settings):
    """The résumé's path: RESUME_FILE (inside content/) or the first of RESUME_FILES in
    content/data/; None when the site has no CV."""
    configured = settings.get("RESUME_FILE")
    if configured:
        path = os.path.join(settings["PATH"], configured)
        if not os.path.isfile(path):
            logger.error("RESUME_FILE: no file %s", display_path(path))
            return None
        return path
    folder = os.path.join(settings["PATH"], "data")
    return next(
        (os.path.join(folder, n) for n in RESUME_FILES if os.path.isfile(os.path.join(folder, n))),
        None,
    )


def translations(path):
    """{language: path} of the résumé's translations beside ``path``, by language."""
    folder, name = os.path.split(path)
    stem, _, _ = name.rpartition(".")
    pattern = re.compile(rf"^{re.escape(stem)}\.({_LANG})\.(?:yaml|yml|json)$")
    found = {}
    for entry in sorted(os.listdir(folder)):
        if (match := pattern.match(entry)) and match[1] not in found:
            found[match[1]] = os.path.join(folder, entry)
    return found


@per_file_version
def load(path):
    """The validated résumé, or ContentError naming the file, line and field."""
    shown = display_path(path)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        data = yaml.load(
            text, Loader=_Loader
        )  # JSON is YAML too: one reader, line numbers for both
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ContentError(shown, f"not valid YAML/JSON: {error.problem}", line) from None
    if not isinstance(data, dict):
        raise ContentError(shown, "expected a JSON Resume object with 'basics', 'work'...", 1)
    try:
        resume = resume_schema.Resume.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        message = _message(errors[0])
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem(s) in this file)"
        raise ContentError(shown, message, _line_of(text, errors[0]["loc"])) from None
    for name, index, tag, used in variants.unknown_tags(resume):
        where = ("meta", "variants", name, "tags", index)
        raise ContentError(
            shown, variants.describe_unknown_tag(name, tag, used), _line_of(text, where)
        )
    return resume


def _message(error):
    location = error["loc"]
    field = field_path(location)
    if error["type"] == "extra_forbidden":
        return f"unknown field '{field}'{resume_schema.did_you_mean(location[-1], location)}"
    if error["type"] == "missing":
        return f"missing field '{field}', which is required"
    if error["type"] in EXPECTED:
        return f"field '{field}': {EXPECTED[error['type']]}, got {_short(error['input'])}"
    reason = str(error.get("ctx", {}).get("error") or error["msg"])
    return f"field '{field}': {reason.removeprefix('Value error, ')}"


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def field_path(location):
    """('work', 2, 'startDate') -> 'work[2].startDate', as JSON Resume tools write it."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(text, location):
    """The line of the deepest node of ``location`` found in the file (compose keeps
    the marks that safe_load throws away)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    line = 1
    for part in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    child, line = value, key.start_mark.line + 1
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
