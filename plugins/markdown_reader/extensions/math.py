"""Math as MathML, rendered when the site is built.

``$...$`` and ``\\(...\\)`` inline, ``$$...$$``, ``\\[...\\]`` and ``\\begin{env}``
blocks, found with pymdownx.arithmatex's well-tested patterns, become MathML that
every current browser renders natively: no script, no font download, and no cost
at all on pages without math.
"""

import re
import xml.etree.ElementTree as etree

from latex2mathml.converter import convert as latex_to_mathml
from markdown import Extension
from pymdownx import arithmatex

_ENTITY = re.compile(r"&#x([0-9A-Fa-f]+);")
_KEEP_ESCAPED = {"<", ">", "&", '"'}
_UNKNOWN_COMMAND = re.compile(r"<m[io][^>]*>(\\[A-Za-z]+)</m[io]>")
# latex2mathml lacks amsmath's `aligned` (Obsidian's and MathJax's usual choice) and
# would print its `&` as text; `align*` is the same layout, unnumbered.
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")


def _compact(mathml):
    """Drop the namespace (implied in HTML) and spell plain characters out."""
    mathml = mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)

    def char(match):
        c = chr(int(match[1], 16))
        return match[0] if c in _KEEP_ESCAPED else c

    return _ENTITY.sub(char, mathml)


def render(md, latex, display):
    """LaTeX -> MathML; unsupported commands are noted on the Markdown instance."""
    latex = _ALIGNED.sub(r"\\\1{align*}", latex)
    mathml = _compact(latex_to_mathml(latex, display="block" if display else "inline"))
    for command in _UNKNOWN_COMMAND.findall(mathml):
        md.math_problems.append((latex, command))
    md.has_math = True
    return mathml


class InlineMath(arithmatex.InlineArithmatexPattern):
    def __init__(self, pattern, md):
        super().__init__(pattern, {})
        self.md = md

    def handleMatch(self, m, data):
        groups = m.groups()
        escapes = groups[0] or (groups[3] if len(groups) > 3 else None)
        if escapes:
            return escapes.replace("\\\\", self.ESCAPED_BSLASH), m.start(0), m.end(0)
        latex = groups[2] or (groups[5] if len(groups) > 3 else "")
        placeholder = self.md.htmlStash.store(render(self.md, latex, display=False))
        return placeholder, m.start(0), m.end(0)


class BlockMath(arithmatex.BlockArithmatexProcessor):
    def run(self, parent, blocks):
        blocks.pop(0)
        groups = self.match.groupdict()
        latex = groups.get("math") or groups.get("math2") or groups.get("math3") or ""
        mathml = render(self.parser.md, latex, display=True)
        wrapper = etree.SubElement(parent, "p")
        wrapper.text = self.parser.md.htmlStash.store(f'<div class="math">{mathml}</div>')
        return True


class MathExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        self.md = md
        md.has_math = False
        md.math_problems = []
        arithmatex.util.escape_chars(md, ["$"])
        inline = f"(?:{arithmatex.RE_SMART_DOLLAR_INLINE}|{arithmatex.RE_BRACKET_INLINE})"
        md.inlinePatterns.register(InlineMath(inline, md), "math-inline", 189.9)
        patterns = (
            arithmatex.RE_DOLLAR_BLOCK,
            arithmatex.RE_BRACKET_BLOCK,
            arithmatex.RE_TEX_BLOCK,
        )
        block = r"(?s)^(?:" + "|".join(patterns) + r")[ ]*$"
        md.parser.blockprocessors.register(BlockMath(block, {}, md), "math-block", 79.9)

    def reset(self):
        self.md.has_math = False
        self.md.math_problems = []


def makeExtension(**kwargs):
    return MathExtension(**kwargs)
