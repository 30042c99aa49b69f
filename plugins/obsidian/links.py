"""Wikilinks, inline tags and backlinks, resolved once every file has been read.

Context phase (``resolve``, on every build, also for pages read from the cache):
every ``[[link]]`` placeholder a page's reading left becomes a link to the page (and
heading or block) it names, plain text when that note is not published, or a warning
with file and line when it names nothing; embeds follow (embeds.py); each page learns
which published pages link to it (``backlinks``). Pages in the context's
``PRIVATE_PAGES`` (written, but for their readers only: applications) get their links
resolved too, and are never a link's target nor anyone's backlink.
"""

import html
import re

from pelican.urlwrappers import Tag

from inkfolio.core import all_content

from .embeds import Embedder, forget_copies, publish
from .problems import missing, no_anchor
from .syntax import PLACEHOLDER
from .vault import Vault, fragment

_TAG = re.compile(r'<a class="tag obsidian-ref" data-tag="([^"]+)">')
# In a summary (front matter), a link or tag shows as its text: listings link the page.
_ANY_PLACEHOLDER = re.compile(r'<(a|span) class="(?:tag )?obsidian-ref" [^>]*>(.*?)</\1>', re.S)


def resolve(generators):
    settings = generators[0].settings
    vault = Vault(generators, settings)
    forget_copies()
    everything = list(all_content(generators))
    private = list(generators[0].context.get("PRIVATE_PAGES", ()))
    pages = [c for c in everything + private if "obsidian-ref" in c._content]
    for content in everything:
        content.backlinks = []
        summary = content.metadata.get("summary")
        if summary and "obsidian-ref" in summary:
            # Pelican copies _summary back into the metadata before writing.
            content._summary = content.metadata["summary"] = _ANY_PLACEHOLDER.sub(r"\2", summary)
    for content in pages:
        content._content = _TAG.sub(lambda m: _tag_link(m, settings), content._content)
        content._content = _links(content, vault)
    embedder = Embedder(vault, pages)
    for content in pages:
        embedder.embed_into(content)
    for content in everything:
        content.backlinks.sort(key=lambda c: c.title.lower())


def _tag_link(match, settings):
    url = Tag(html.unescape(match[1]), settings).url
    return f'<a class="tag" href="{(settings.get("SITEURL") or "").rstrip("/")}/{url}">'


def _links(content, vault):
    refs = content.metadata.get("wikilinks", [])

    def replace(match):
        ref = refs[int(match[2])]
        if ref["embed"]:
            return match[0]  # embeds come once every link is resolved
        label, heading = match[3], ref["heading"]
        target = vault.note(ref["target"], content) if ref["target"] else content
        if target is None:  # [[paper.pdf]]: a link to a file
            found = vault.file(ref["target"], content) if "." in ref["target"] else None
            if found is None:
                return missing(content, ref, vault, label)
            return f'<a href="{html.escape(publish(found, vault))}">{label}</a>'
        if heading and not vault.has_anchor(target, heading):
            no_anchor(content, ref, target, "the link goes to the top of the page")
            heading = ""
        if not ref["target"]:  # [[#Heading]]: this page
            return f'<a href="{html.escape(fragment(heading) if heading else "#")}">{label}</a>'
        if getattr(content, "status", None) == "published" and content not in target.backlinks:
            target.backlinks.append(content)
        return f'<a class="wikilink" href="{html.escape(vault.url(target, heading))}">{label}</a>'

    return PLACEHOLDER.sub(replace, content._content)
