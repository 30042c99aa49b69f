"""Obsidian's callout types and their aliases (https://help.obsidian.md/callouts)."""

ALIASES = {
    "note": ["note"],
    "abstract": ["abstract", "summary", "tldr"],
    "info": ["info"],
    "todo": ["todo"],
    "tip": ["tip", "hint", "important"],
    "success": ["success", "check", "done"],
    "question": ["question", "help", "faq"],
    "warning": ["warning", "caution", "attention"],
    "failure": ["failure", "fail", "missing"],
    "danger": ["danger", "error"],
    "bug": ["bug"],
    "example": ["example"],
    "quote": ["quote", "cite"],
}
_CANONICAL = {alias: kind for kind, names in ALIASES.items() for alias in names}


def callout_type(written):
    """(the type whose style it takes, whether Obsidian knows it); unknown ones look like notes."""
    kind = _CANONICAL.get(written.lower())
    return (kind, True) if kind else ("note", False)
