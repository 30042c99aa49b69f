"""Split a Markdown file into its metadata header and its body.

Two header styles are read:

* a YAML block between ``---`` lines, as Obsidian, Jekyll and Hugo write it;
* Pelican's own ``Key: value`` lines, ended by a blank line.

Both give plain values plus the line of each key, so that later validation can
point at the exact line of a mistake.
"""

import re
from dataclasses import dataclass, field

import yaml

from inkfolio.core import ContentError

_FENCE = re.compile(r"^---[ \t]*$")
_FENCE_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
_PELICAN_KEY = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):[ \t]*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<value>.*)$")
# Fields that take YAML booleans only (see schema.StrictFlag).
_FLAGS = ("publish", "draft")


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text for the schema to parse,
    so '2026-13-45' gets the same clear message as any other unreadable date."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Parsed:
    metadata: dict
    body: str
    body_start_line: int  # 1-based line of the body's first line in the file
    key_lines: dict = field(default_factory=dict)  # key -> 1-based line
    style: str = "none"  # "yaml", "pelican" or "none"


def parse(text, path):
    """Return the file's header and body; raise ContentError for a broken header."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if lines and _FENCE.match(lines[0]):
        return _parse_yaml(lines, path)
    if lines and _PELICAN_KEY.match(lines[0]):
        return _parse_pelican(lines)
    return Parsed({}, text, 1)


def _parse_yaml(lines, path):
    end = next((i for i in range(1, len(lines)) if _FENCE_END.match(lines[i])), None)
    if end is None:
        raise ContentError(
            path,
            "the front matter opened with --- has no closing --- line; "
            "end the metadata block with a line containing only ---",
            line=1,
        )
    source = "\n".join(lines[1:end])
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct began (an unclosed quote).
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = " ".join(
            filter(None, [getattr(exc, "context", None), getattr(exc, "problem", None)])
        )
        raise ContentError(
            path,
            f"invalid YAML front matter: {problem or exc}. Check the quoting and indentation "
            "(values containing ': ' or ' #' need quotes).",
            line=line,
        ) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, "the front matter must be a list of 'key: value' lines", line=2)
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value).lower()] = key_node.start_mark.line + 2
    metadata = {str(k).lower(): v for k, v in data.items()}
    body = "\n".join(lines[end + 1 :])
    return Parsed(metadata, body, end + 2, key_lines, "yaml")


def _parse_pelican(lines):
    metadata, key_lines = {}, {}
    key = None
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            index += 1
            break
        match = _PELICAN_KEY.match(line)
        continuation = _CONTINUATION.match(line)
        if match:
            key = match["key"].lower()
            metadata[key] = match["value"].strip()
            key_lines[key] = index + 1
        elif continuation and key is not None:
            metadata[key] = f"{metadata[key]} {continuation['value'].strip()}".strip()
        else:
            break
    else:
        index = len(lines)
    for key in _FLAGS:
        # This style has no YAML types, every value is text: exactly the words true and
        # false (any case) are the booleans; anything else stays text, an error.
        if metadata.get(key, "").lower() in ("true", "false"):
            metadata[key] = metadata[key].lower() == "true"
    body = "\n".join(lines[index:])
    return Parsed(metadata, body, index + 1, key_lines, "pelican")
