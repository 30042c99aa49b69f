"""Lighter highlighted code: no <span> around tokens that look like plain text.

Pygments wraps every name, punctuation mark and run of spaces in a span; with the
site's styles most of those spans change nothing on screen but make up a third of
an article's bytes. The classes that do change something are kept.
"""

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor


class StripPlainSpans(Postprocessor):
    def __init__(self, md, plain_classes):
        super().__init__(md)
        names = "|".join(sorted(map(re.escape, plain_classes)))
        self.pattern = re.compile(rf'<span class="(?:{names})">([^<]*)</span>|<span></span>')

    def run(self, text):
        if "highlight" not in text:
            return text
        return self.pattern.sub(lambda m: m[1] or "", text)


class CodeMarkupExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"plain_classes": [set(), "token classes drawn as plain text"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        plain = self.getConfig("plain_classes")
        if plain:
            # After raw HTML (where highlighted blocks sit) is put back: priority < 30.
            md.postprocessors.register(StripPlainSpans(md, plain), "strip-plain-spans", 5)
