"""The JSON Resume schema (https://jsonresume.org/schema), declared once and checked
when the résumé file is read. Unknown keys are errors (a misspelt ``postion`` would
otherwise vanish from the CV without a word)."""

import datetime as dt
import difflib
import re
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_HINT = "a date as 2021, 2021-03 or 2021-03-15"


def _iso_date(value):
    """JSON Resume's dates: a year, a month or a day. YAML reads an unquoted 2021 as a
    number; it is what the author meant."""
    text = str(value).strip() if isinstance(value, str | int) else None
    if text and _DATE.match(text):
        try:
            dt.date.fromisoformat((text + "-01-01")[:10])
            return text
        except ValueError:
            pass
    raise ValueError(f"expected {DATE_HINT}, got {value!r}")


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BARE_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?$")


def _web_address(value):
    """A link a reader may follow: https, http or mailto, as project links (a
    ``javascript:`` address would run in the reader's browser). A bare domain, common in
    résumés ("ada.dev/blog"), is an https address; an empty one is none."""
    text = str(value).strip() if isinstance(value, str) else value
    if text in ("", None):
        return None
    if isinstance(text, str):
        if text.startswith(("https://", "http://", "mailto:", "/")) and " " not in text:
            return text
        if not _SCHEME.match(text) and _BARE_DOMAIN.match(text):
            return "https://" + text
    raise ValueError(f"expected a web address (https://, http:// or mailto:), got {value!r}")


def _empty_when_blank(value):
    """``work:`` with nothing under it is an empty section, not a mistake."""
    return [] if value is None else value


Entry = TypeVar("Entry")
Date = Annotated[str, BeforeValidator(_iso_date)]
Text = str
Url = Annotated[str | None, BeforeValidator(_web_address)]
Section = Annotated[list[Entry], BeforeValidator(_empty_when_blank)]
Words = Section[str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Item(Strict):
    """An entry of a section. ``tags`` (an extra key, which JSON Resume allows) say
    which CV variants show it: an item without tags is in every one."""

    tags: Words = Field(default_factory=list)


def _line_as_highlight(value):
    return {"text": value} if isinstance(value, str) else value


class Highlight(Strict):
    """One line of an item's highlights: text as JSON Resume writes it, or
    ``{text: ..., tags: [...]}`` for a line only some CV variants show (``inkfolio cv
    export`` writes it back as plain text for other JSON Resume tools)."""

    text: Text
    tags: Words = Field(default_factory=list)

    def __str__(self):
        return self.text


Highlights = Section[Annotated[Highlight, BeforeValidator(_line_as_highlight)]]


class Location(Strict):
    address: Text | None = None
    postalCode: Text | None = None
    city: Text | None = None
    countryCode: Text | None = None
    region: Text | None = None


class Profile(Strict):
    network: Text
    username: Text | None = None
    url: Url = None


class Basics(Strict):
    name: Text
    label: Text | None = None
    image: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    url: Url = None
    summary: Text | None = None
    location: Location | None = None
    profiles: Section[Profile] = Field(default_factory=list)


class Work(Item):
    name: Text
    position: Text | None = None
    location: Text | None = None
    url: Url = None
    startDate: Date | None = None
    endDate: Date | None = None
    summary: Text | None = None
    highlights: Highlights = Field(default_factory=list)
    description: Text | None = None


class Volunteer(Item):
    organization: Text
    position: Text | None = None
    url: Url = None
    startDate: Date | None = None
    endDate: Date | None = None
    summary: Text | None = None
    highlights: Highlights = Field(default_factory=list)


class Education(Item):
    institution: Text
    url: Url = None
    area: Text | None = None
    studyType: Text | None = None
    startDate: Date | None = None
    endDate: Date | None = None
    score: Text | None = None
    courses: Words = Field(default_factory=list)


class Award(Item):
    title: Text
    date: Date | None = None
    awarder: Text | None = None
    summary: Text | None = None


class Certificate(Item):
    name: Text
    date: Date | None = None
    issuer: Text | None = None
    url: Url = None


class Publication(Item):
    name: Text
    publisher: Text | None = None
    releaseDate: Date | None = None
    url: Url = None
    summary: Text | None = None


class Skill(Item):
    name: Text
    level: Text | None = None
    keywords: Words = Field(default_factory=list)


class Language(Item):
    language: Text
    fluency: Text | None = None


class Interest(Item):
    name: Text
    keywords: Words = Field(default_factory=list)


class Reference(Item):
    name: Text
    reference: Text | None = None


class Project(Item):
    name: Text
    description: Text | None = None
    highlights: Highlights = Field(default_factory=list)
    keywords: Words = Field(default_factory=list)
    startDate: Date | None = None
    endDate: Date | None = None
    url: Url = None
    roles: Words = Field(default_factory=list)
    entity: Text | None = None
    type: Text | None = None


# The sections of a CV, in the order it shows them (headings: cv_words).
SECTION_NAMES = (
    "work",
    "projects",
    "education",
    "skills",
    "publications",
    "awards",
    "certificates",
    "volunteer",
    "languages",
    "interests",
    "references",
)
_VARIANT_NAME = r"^[a-z0-9][a-z0-9-]*$"


class Variant(Strict):
    """A CV for one kind of job, made from the same résumé (``meta.variants``)."""

    label: Text | None = None  # replaces basics.label
    summary: Text | None = None  # replaces basics.summary
    sections: Section[Literal[SECTION_NAMES]] | None = None  # chosen, in this order
    tags: Words = Field(default_factory=list)  # items with one of them (or none at all)
    highlights: Annotated[int, Field(ge=0)] | None = None  # at most this many per item


class Meta(BaseModel):
    """JSON Resume's ``meta`` (canonical, version, lastModified... kept as they are),
    and the CV variants."""

    model_config = ConfigDict(extra="allow")

    variants: dict[Annotated[str, Field(pattern=_VARIANT_NAME)], Variant] = Field(
        default_factory=dict
    )


class Resume(Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_url: Text | None = Field(None, alias="$schema")
    meta: Meta | None = None
    basics: Basics
    work: Section[Work] = Field(default_factory=list)
    volunteer: Section[Volunteer] = Field(default_factory=list)
    education: Section[Education] = Field(default_factory=list)
    awards: Section[Award] = Field(default_factory=list)
    certificates: Section[Certificate] = Field(default_factory=list)
    publications: Section[Publication] = Field(default_factory=list)
    skills: Section[Skill] = Field(default_factory=list)
    languages: Section[Language] = Field(default_factory=list)
    interests: Section[Interest] = Field(default_factory=list)
    references: Section[Reference] = Field(default_factory=list)
    projects: Section[Project] = Field(default_factory=list)


def known_keys(location):
    """The keys allowed where ``location`` (a pydantic error location) points."""
    model = Resume
    for part in location[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        model = next((t for t in inner if isinstance(t, type) and issubclass(t, BaseModel)), None)
        if model is None:
            return []
    names = list(model.model_fields)
    return ["$schema" if name == "schema_url" else name for name in names]


def did_you_mean(key, location):
    close = difflib.get_close_matches(str(key), known_keys(location), n=1, cutoff=0.7)
    return f"; did you mean '{close[0]}'?" if close else ""
