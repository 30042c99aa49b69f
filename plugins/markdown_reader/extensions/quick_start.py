"""Inline patterns that skip ahead to where they can start.

python-markdown searches every inline pattern over every piece of text. Python's ``re``
jumps ahead to a pattern's first character only when the pattern begins with a plain
character or set; a pattern that begins with a lookbehind or an optional group is
instead tried at every position. A lookahead for its possible first characters makes
each position fail at once: inline math goes from ~1.6 ms to ~0.2 ms per article, and
reading an article with all patterns ~20% faster. The matches are the same.
"""

import re

# Registry name -> the characters a match of that pattern can start with.
FIRST_CHARACTERS = {
    "backtick": r"\\`",  # python-markdown's: an escaped backslash run, or a backtick
    "math-inline": r"\\$",
    "obsidian_wikilink": r"!\[",
    "obsidian_tag": "#",
    "citation": r"\[",
    "citation-bare": "@",
    "reference": r"\[",
    "link": r"\[",
    "short_reference": r"\[",
}


def quicken(md):
    """Give ``md``'s inline patterns named above their first-character lookahead."""
    for name, characters in FIRST_CHARACTERS.items():
        if name in md.inlinePatterns:
            processor = md.inlinePatterns[name]
            compiled = processor.compiled_re
            processor.compiled_re = re.compile(
                f"(?=[{characters}])(?:{compiled.pattern})", compiled.flags
            )
