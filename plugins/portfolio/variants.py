"""CV variants: one résumé, a CV per kind of job (``meta.variants`` in the résumé).

A variant chooses sections and their order, keeps the items that carry one of its
``tags`` (an item without tags is in every variant; so with a highlight's own tags),
has a label and summary of its own, and may show at most ``highlights`` highlights per
item. Each variant is its own
page (CV_VARIANT_SAVE_AS, not listed, ``noindex``) and PDF, and can be exported as
plain JSON Resume for other tools (``inkfolio cv export NAME``).
"""

import difflib

from .resume_schema import SECTION_NAMES


def names(resume):
    return list(resume.meta.variants) if resume.meta else []


def unknown_tags(resume):
    """(variant, index, tag, tags in use) for each tag a variant asks for that no item
    has: a misspelt tag would silently empty the variant's sections."""
    used = sorted({tag for item in _items(resume) for tag in _tags_within(item)})
    for name, variant in resume.meta.variants.items() if resume.meta else ():
        for index, tag in enumerate(variant.tags):
            if tag not in used:
                yield name, index, tag, used


def _items(resume):
    return (item for section in SECTION_NAMES for item in getattr(resume, section))


def _tags_within(item):
    yield from item.tags
    for line in getattr(item, "highlights", ()):
        yield from line.tags


def describe_unknown_tag(name, tag, used):
    close = difflib.get_close_matches(tag, used, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    known = ", ".join(used) if used else "none: give items 'tags: [...]'"
    return f"CV variant '{name}' asks for the tag '{tag}', which no item has{hint} (tags in use: {known})"


def variant_of(resume, name):
    """The résumé as variant ``name`` shows it, and the order of its sections."""
    variant = resume.meta.variants[name]
    order = variant.sections or list(SECTION_NAMES)
    update = {section: [] for section in SECTION_NAMES if section not in order}
    for section in order:
        items = [item for item in getattr(resume, section) if _shown(item, variant.tags)]
        update[section] = [_highlights(item, variant) for item in items]
    basics = {key: value for key in ("label", "summary") if (value := getattr(variant, key))}
    update["basics"] = resume.basics.model_copy(update=basics)
    return resume.model_copy(update=update), order


def _shown(item, tags):
    return not tags or not item.tags or any(tag in item.tags for tag in tags)


def _highlights(item, variant):
    """The item with the highlights the variant shows: those it has a tag for (or that
    have none), at most ``variant.highlights`` of them."""
    if not getattr(item, "highlights", None):
        return item
    lines = [line for line in item.highlights if _shown(line, variant.tags)]
    if variant.highlights is not None:
        lines = lines[: variant.highlights]
    return item.model_copy(update={"highlights": lines})


def as_json_resume(resume, order=SECTION_NAMES):
    """Plain JSON Resume: what other tools read (no tags, no variants; sections in
    ``order``, empty ones left out)."""
    data = resume.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    _drop_tags(data)
    meta = data.pop("meta", None) or {}
    meta.pop("variants", None)
    plain = {key: data[key] for key in ("$schema",) if key in data}
    plain["basics"] = data["basics"]
    plain.update({section: data[section] for section in order if data.get(section)})
    if meta:
        plain["meta"] = meta
    return plain


def _drop_tags(value):
    """No tags, and highlights as JSON Resume's plain strings."""
    if isinstance(value, dict):
        value.pop("tags", None)
        if isinstance(value.get("highlights"), list):
            value["highlights"] = [line["text"] for line in value["highlights"]]
        for child in value.values():
            _drop_tags(child)
    elif isinstance(value, list):
        for child in value:
            _drop_tags(child)
