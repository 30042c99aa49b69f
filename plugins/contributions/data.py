"""Read and write the contributions file: checked when read, written deterministically
(fixed order of entries and fields) so a sync's git diff shows only real changes."""

import os

import yaml
from pydantic import ValidationError

from inkfolio.core import ContentError, display_path, per_file_version

from .schema import EXPECTED, FIELD_ORDER, Contribution

HEADER = """\
# Open-source contributions, shown at /open-source/.
# `invoke sync-contributions --user NAME` refreshes what GitHub knows; it never changes
# note, highlight or hidden, and keeps entries that vanish upstream (marked vanished).
"""


@per_file_version
def load(path):
    """(user, [Contribution]) from the file; ContentError names the entry and field."""
    shown = display_path(str(path))
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(
            shown, f"not valid YAML: {error.problem}", mark and mark.line + 1
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("contributions", []), list):
        raise ContentError(shown, "expected 'user:' and a list under 'contributions:'", 1)
    lines = _entry_lines(text)
    entries = []
    for index, raw in enumerate(data.get("contributions") or []):
        where = f"entry {index + 1}"
        if isinstance(raw, dict) and raw.get("repo"):
            where += f" ({raw['repo']}{'#' + str(raw['number']) if raw.get('number') else ''})"
        line = lines[index] if index < len(lines) else None
        if not isinstance(raw, dict):
            raise ContentError(shown, f"{where}: expected fields (repo:, title:, ...)", line)
        try:
            entries.append(Contribution.model_validate(raw))
        except ValidationError as exc:
            raise ContentError(shown, _message(where, exc, raw), line) from None
    return data.get("user"), entries


def _message(where, exc, raw):
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "missing":
        return f"{where}: missing field '{field}'"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown field '{field}' (known: {', '.join(FIELD_ORDER)})"
    if field in EXPECTED:
        return f"{where}: field '{field}': expected {EXPECTED[field]}, got {raw.get(field)!r}"
    return f"{where}: field '{field}': {error['msg']}"


def _entry_lines(text):
    """The line where each entry of 'contributions' starts."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "contributions" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def dump(user, entries):
    """The file's text: entries by repository, kind and number; fields in one order."""
    ordered = sorted(entries, key=lambda e: (e.repo.lower(), e.kind, e.number or 0, e.url))
    records = []
    for entry in ordered:
        values = entry.model_dump()
        record = {}
        for name in FIELD_ORDER:
            value = values[name]
            if value in (None, [], False) and name not in ("repo", "title", "url", "state"):
                continue  # absent and default look the same: keep the file short
            record[name] = value
        records.append(record)
    body = yaml.safe_dump(
        {"user": user, "contributions": records},
        sort_keys=False,
        allow_unicode=True,
        width=1000,
        default_flow_style=None,
    )
    return HEADER + body


def write_if_changed(path, text):
    """Atomically replace the file when its text changed; True if it was written."""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            if handle.read() == text:
                return False
    partial = f"{path}.{os.getpid()}.tmp"
    with open(partial, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(partial, path)
    return True
