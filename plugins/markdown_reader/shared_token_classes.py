"""Pygments' HTML formatter works out its style's token classes in its constructor, and
pymdownx.highlight makes a formatter for every code block: ~0.4 ms a block, a tenth of
the time it takes to read an article with three code blocks. Those classes depend only
on the style and the class prefix, and a formatter only reads them, so they are worked
out once per style and shared."""

from pygments.formatters.html import HtmlFormatter

_pygments_create_stylesheet = HtmlFormatter._create_stylesheet
_known = {}  # (style, class prefix) -> (ttype2class, class2style)


def _shared_stylesheet(formatter):
    key = (formatter.style, formatter.classprefix)
    known = _known.get(key)
    if known is None:
        _pygments_create_stylesheet(formatter)
        known = _known[key] = (formatter.ttype2class, formatter.class2style)
    formatter.ttype2class, formatter.class2style = known


def install():
    HtmlFormatter._create_stylesheet = _shared_stylesheet
