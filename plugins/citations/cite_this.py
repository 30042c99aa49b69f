""" "Cite this article": each article's own BibTeX entry, and Google Scholar's
``citation_*`` meta tags, shaped here so the templates only print them."""

import re
import unicodedata

from pelican.contents import Article

from inkfolio.core import address, all_content

_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")


def describe_articles(generators):
    settings = generators[0].settings
    if not settings.get("CITE_THIS", True):
        return
    for content in all_content(generators):
        if isinstance(content, Article) and content.status == "published":
            content.cite_this = bibtex_entry(content, settings)
            content.citation_meta = meta_tags(content, settings)


def _authors(content, settings):
    names = [str(a) for a in getattr(content, "authors", []) if str(a)]
    return names or ([settings["AUTHOR"]] if settings.get("AUTHOR") else [])


def _url(content, settings):
    site = (settings.get("SITEURL") or "").rstrip("/")
    return f"{site}/{address(content)[0]}" if site.startswith("http") else None


def _escape(text):
    return _BIBTEX_SPECIAL.sub(r"\\\1", text).replace("{", "\\{").replace("}", "\\}")


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def citation_key(content, settings):
    """knuth2026literate: the first author's family name, the year, the title's first word."""
    authors = _authors(content, settings)
    family = _ascii(authors[0].split()[-1]).lower() if authors else "anon"
    words = [w for w in re.findall(r"[a-z0-9]+", _ascii(content.title).lower()) if len(w) > 3]
    return re.sub(r"[^a-z0-9]", "", family) + str(content.date.year) + (words[0] if words else "")


def bibtex_entry(content, settings):
    fields = [
        ("author", " and ".join(_escape(a) for a in _authors(content, settings))),
        ("title", "{" + _escape(content.title) + "}"),  # kept as written
        ("year", str(content.date.year)),
        ("month", content.date.strftime("%b").lower()),
        ("howpublished", _escape(settings.get("SITENAME") or "")),
        ("url", _url(content, settings) or ""),
        ("note", "Blog post"),
    ]
    # The month is BibTeX's own macro (oct), which styles print as the month's name.
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
        if value
    )
    return f"@misc{{{citation_key(content, settings)},\n{body}\n}}"


def meta_tags(content, settings):
    """Google Scholar's three required tags (the page's URL is its canonical link)."""
    tags = [("citation_title", content.title)]
    tags += [("citation_author", name) for name in _authors(content, settings)]
    tags.append(("citation_publication_date", content.date.strftime("%Y/%m/%d")))
    return tags
