"""A site's own copies of the engine's templates, and whether the engine moved on.

``inkfolio override partials/footer.html`` copies the engine's template into the site's
``theme/templates/`` with a first line that records where it came from:

    {# inkfolio override of partials/footer.html, from inkfolio 0.2.0 (sha256 1a2b…) #}

After an upgrade, ``inkfolio check`` compares that hash with the engine's current copy
and names each override whose original changed. A template that extends the engine's
(``{% extends "!theme/base.html" %}``) instead of copying it needs no record.
"""

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import inkfolio
import inkfolio.theme

RECORD = re.compile(
    r"\{# inkfolio override of (?P<name>\S+), from inkfolio (?P<version>\S+) "
    r"\(sha256 (?P<digest>[0-9a-f]{12,64})\S*\) #\}\n?"
)


class OverrideError(Exception):
    pass


@dataclass(frozen=True)
class Note:
    file: str
    message: str


def engine_templates():
    return Path(inkfolio.theme.__file__).parent / "templates"


def copy_template(site, name):
    """Copy the engine's template ``name`` into the site, with its record; return the path."""
    source = _engine_file(name)
    target = Path(site) / "theme" / "templates" / name
    if target.exists():
        raise OverrideError(
            f"{target} exists already; see how it differs with `inkfolio override --diff {name}`"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    target.write_text(_record(name, text) + text, encoding="utf-8")
    return target


def record_current(site, name):
    """Mark the site's copy as up to date with the engine's current template."""
    target, mine = _site_copy(site, name, f"copy it first: `inkfolio override {name}`")
    engine_text = _engine_file(name).read_text(encoding="utf-8")
    target.write_text(_record(name, engine_text) + mine, encoding="utf-8")
    return target


def diff(site, name):
    """A unified diff from the engine's current template to the site's copy."""
    _, mine = _site_copy(site, name, f"copy it with `inkfolio override {name}`")
    engine = _engine_file(name).read_text(encoding="utf-8")
    lines = difflib.unified_diff(
        engine.splitlines(keepends=True),
        mine.splitlines(keepends=True),
        fromfile=f"engine {inkfolio.__version__}: {name}",
        tofile=f"yours: theme/templates/{name}",
    )
    return "".join(lines)


def _site_copy(site, name, hint):
    """The site's copy of template ``name`` and its text without the record line."""
    target = Path(site) / "theme" / "templates" / name
    if not target.is_file():
        raise OverrideError(f"{target} does not exist; {hint}")
    return target, RECORD.sub("", target.read_text(encoding="utf-8"), count=1)


def stale_overrides(site):
    """Notes on the site's templates that replace an engine template which changed since
    they were copied (or that do not say where they came from)."""
    own = Path(site) / "theme" / "templates"
    engine = engine_templates()
    if not own.is_dir() or own.resolve() == engine.resolve():
        return []
    notes = []
    for path in sorted(own.rglob("*.html")):
        name = path.relative_to(own).as_posix()
        original = engine / name
        if not original.is_file():
            continue  # a template of the site's own, not an override
        shown = f"theme/templates/{name}"
        text = path.read_text(encoding="utf-8")
        record = RECORD.match(text)
        if record is None:
            if "!theme/" not in text:
                notes.append(
                    Note(
                        shown,
                        f"replaces the engine's {name} but does not record which version it "
                        f"was copied from; compare with `inkfolio override --diff {name}`, "
                        f"then `inkfolio override --record {name}`",
                    )
                )
            continue
        if not _digest(original.read_text(encoding="utf-8")).startswith(record["digest"]):
            notes.append(
                Note(
                    shown,
                    f"the engine's {name} changed since you copied it from inkfolio "
                    f"{record['version']} (now {inkfolio.__version__}); see the difference with "
                    f"`inkfolio override --diff {name}`, bring over what you want, then "
                    f"`inkfolio override --record {name}`",
                )
            )
    return notes


def _engine_file(name):
    source = engine_templates() / name
    if not source.is_file():
        known = sorted(
            p.relative_to(engine_templates()).as_posix() for p in engine_templates().rglob("*.html")
        )
        raise OverrideError(f"the engine has no template {name!r}; it has: {', '.join(known)}")
    return source


def _record(name, engine_text):
    return (
        f"{{# inkfolio override of {name}, from inkfolio {inkfolio.__version__} "
        f"(sha256 {_digest(engine_text)[:16]}) #}}\n"
    )


def _digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
