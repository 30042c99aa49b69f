"""The declared schema of an article's or page's front matter.

One model, validated when a file is read. Errors name the field and say what is
expected; the reader adds the file and line. Fields not declared here pass through
untouched, so other plugins can read their own metadata (``project:``, ``depends:``).
"""

import datetime as dt
import difflib
import re
from typing import Annotated, Literal

from pelican.utils import get_date
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from inkfolio.core import ContentError

_PERMALINK_PART = re.compile(r"^[\w.~-]+$")
DATE_HINT = "write it as YYYY-MM-DD, optionally with a time: 2026-09-14 18:30"


def to_datetime(value):
    if value is None or isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        try:
            return get_date(value.strip().replace("_", " "))
        except (ValueError, OverflowError):
            pass
    raise ValueError(f"cannot read {value!r} as a date; {DATE_HINT}")


def _to_list(value):
    """Tags and authors may be a YAML list or Pelican's comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, list | tuple):
        items = []
        for item in value:
            if isinstance(item, list | dict) or item is None:
                raise ValueError(f"expected a list of words, got {item!r} in it")
            items.append(str(item).strip())
        return [item for item in items if item]
    raise ValueError("expected a list, e.g. [python, performance], or 'a, b'")


def _to_tags(value):
    """Obsidian writes tags with or without their '#' ("#python" is the tag python), and
    "#a #b" is two tags (an Obsidian tag has no spaces; a Pelican tag may)."""
    tags = []
    for item in _to_list(value):
        for written in item.split() if item.startswith("#") else [item]:
            tag = written.lstrip("#")
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def _to_permalink(value):
    """Obsidian Publish's ``permalink: notes/setup``: the page's path on the site
    (``/``: the home page)."""
    if value is None:
        return None
    path = _to_text(value).strip()
    if path == "/":
        return path  # the home page (Obsidian Publish's way to name the home note)
    path = path.strip("/")
    parts = path.split("/")
    if not path or any(
        part in ("", ".", "..") or not _PERMALINK_PART.match(part) for part in parts
    ):
        raise ValueError(
            f"expected a path such as notes/my-note (letters, digits, '.', '_', '~', '-' "
            f"and '/'), got {value!r}"
        )
    return path


def _to_text(value):
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected text, got {value!r}")


def _to_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "1", "false", "no", "0"}:
        return value.strip().lower() in {"true", "yes", "1"}
    raise ValueError(f"expected true or false, got {value!r}")


def _to_strict_bool(value):
    """Publishing is never guessed from text: ``publish: "false"`` or ``no-thanks`` is a
    mistake to fix, not a word to interpret. YAML's booleans only (true/false, yes/no,
    on/off, unquoted)."""
    if isinstance(value, bool):
        return value
    got = "nothing" if value is None else repr(value)
    raise ValueError(f"expected true or false (unquoted), got {got}")


Date = Annotated[dt.datetime | None, BeforeValidator(to_datetime)]
Text = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _to_text(v))]
Words = Annotated[list[str], BeforeValidator(_to_list)]
Tags = Annotated[list[str], BeforeValidator(_to_tags)]
Flag = Annotated[bool, BeforeValidator(_to_bool)]
StrictFlag = Annotated[bool, BeforeValidator(_to_strict_bool)]


class FrontMatter(BaseModel):
    """Metadata of a Markdown article or page (and of notebook articles)."""

    model_config = ConfigDict(extra="allow")

    title: Text = None
    date: Date = None
    modified: Date = None
    tags: Tags = Field(default_factory=list)
    category: Text = None
    summary: Text = None
    series: Text = None
    series_index: int | None = None
    draft: StrictFlag = False
    # false: never written (Obsidian Publish's convention); not written: PUBLISH_DEFAULT.
    publish: Annotated[bool | None, BeforeValidator(_to_strict_bool)] = None
    aliases: Words = Field(default_factory=list)  # other names wikilinks may use
    # Obsidian Publish: the page's own address, and its summary when there is no summary.
    permalink: Annotated[str | None, BeforeValidator(_to_permalink)] = None
    description: Text = None
    # Obsidian's classes for the note (CSS snippets); ``cssclass`` is the older name.
    cssclasses: Words = Field(default_factory=list)
    cssclass: Words = Field(default_factory=list)
    status: Literal["published", "draft", "hidden", "skip"] | None = None
    slug: Annotated[str | None, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")] = None
    cover: Text = None
    cover_alt: Text = None
    authors: Words = Field(default_factory=list)
    author: Text = None
    lang: Text = None
    template: Text = None


# Where Obsidian's plugins record when a note was written or changed: "Update time on
# edit" (created, updated), Linter (date created, date modified), Templater snippets
# and other tools (creation date, created_at, last modified...). Keys are lower-cased.
CREATED_KEYS = (
    "created",
    "date created",
    "date_created",
    "datecreated",
    "created at",
    "created_at",
    "createdat",
    "creation date",
    "creation_date",
    "creationdate",
)
MODIFIED_KEYS = (
    "updated",
    "date modified",
    "date_modified",
    "datemodified",
    "date updated",
    "date_updated",
    "last modified",
    "last_modified",
    "lastmodified",
    "modified at",
    "modified_at",
    "updated at",
    "updated_at",
    "updatedat",
)
KNOWN_FIELDS = set(FrontMatter.model_fields) | set(CREATED_KEYS) | set(MODIFIED_KEYS)
EXPECTED = {
    "slug": "lowercase letters, digits, '.', '_' and '-' only (e.g. my-first-post)",
    "status": "one of published, draft, hidden, skip",
    "series_index": "a whole number (1, 2, ...)",
}


def validate(
    metadata, path, key_lines, required=("title",), model_class=FrontMatter, expected=None
):
    """Return the validated metadata as a dict, or raise ContentError.

    ``expected`` describes fields in words for this kind of file (see EXPECTED).
    """
    expected = {**EXPECTED, **(expected or {})}
    try:
        model = model_class.model_validate(metadata)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else ""
        reason = str(error.get("ctx", {}).get("error") or error["msg"]).removeprefix(
            "Value error, "
        )
        if len(error["loc"]) > 1:  # inside a list or mapping: say where, as written
            reason = f"{field_path(error['loc'])}: {reason}"
        elif name in expected:
            reason = f"expected {expected[name]}, got {metadata.get(name)!r}"
        raise ContentError(
            path, f"front matter field '{name}': {reason}", key_lines.get(name)
        ) from None
    values = model.model_dump(exclude_unset=False)
    values.update(model.model_extra or {})
    for name in required:
        if not values.get(name):
            raise ContentError(path, _missing_message(name), 1)
    return values


def is_published(values, by_default):
    """Whether validated front matter lets its page be written: ``publish: true`` or
    ``false`` as written, else ``by_default`` (PUBLISH_DEFAULT, for notes). A draft stays
    a draft even with ``publish: true``."""
    return by_default if values.get("publish") is None else values["publish"]


def field_path(location):
    """('links', 1, 'type') -> "links entry 2, 'type'": counted the way people count."""
    text = str(location[0])
    for part in location[1:]:
        text += f" entry {part + 1}" if isinstance(part, int) else f", '{part}'"
    return text


def _missing_message(name):
    if name == "date":
        return f"missing 'date' in the front matter; add e.g. 'date: 2026-09-14' ({DATE_HINT})"
    if name == "title":
        return (
            "missing 'title': add 'title: ...' to the front matter or start the text with '# Title'"
        )
    return f"missing '{name}' in the front matter"


def likely_typos(metadata, known=KNOWN_FIELDS):
    """Yield (written, meant) for unknown keys that look like misspelt known ones."""
    for key in metadata:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        if close:
            yield key, close[0]
