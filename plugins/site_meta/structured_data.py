"""JSON-LD for search engines and link previews: BlogPosting, Person, WebSite.

Shaped here in Python so templates only place it: ``{{ structured_data() }}``.
"""

import json

from jinja2 import pass_context
from markupsafe import Markup

from .urls import absolute_url


@pass_context
def structured_data(context, content=None):
    """A ``<script type="application/ld+json">`` block for the page being rendered."""
    if content is not None and context.get("article") is content:
        data = blog_posting(context, content)
    elif content is not None and getattr(content, "json_ld", None):
        data = described_work(context, content)
    elif content is not None:
        data = web_page(context, content)
    elif context.get("page_name") == "cv":
        data = {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "mainEntity": person(context),
        }
    else:
        data = web_site(context)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # '<' cannot end the script element early when escaped (a title with </script>).
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def person(context, full=True):
    """The site's author: the résumé's Person when there is one (``RESUME.person``, from
    the portfolio plugin). Articles carry the short form (who, where); the home and CV
    pages the full one."""
    resume = context.get("RESUME")
    if resume and resume.get("person"):
        data = resume["person"]
        short = ("@type", "name", "url", "jobTitle", "sameAs")
        return data if full else {key: data[key] for key in short if key in data}
    data = {"@type": "Person", "name": context.get("AUTHOR") or context.get("SITENAME")}
    data["url"] = absolute_url(context, "")
    same_as = [url for _, url in context.get("SOCIAL", ()) if url.startswith("http")]
    if same_as:
        data["sameAs"] = same_as
    if context.get("AUTHOR_HEADLINE"):
        data["jobTitle"] = context["AUTHOR_HEADLINE"]
    return data


def web_site(context):
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": context.get("SITENAME"),
        "url": absolute_url(context, ""),
        "author": person(context),
    }


def web_page(context, page):
    data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": page.title,
        "url": absolute_url(context, page.url),
    }
    if page.slug == "about":
        data["@type"] = "ProfilePage"
        data["mainEntity"] = person(context)
    return data


def described_work(context, content):
    """Content that says what it is (``content.json_ld``, e.g. a project's
    SoftwareSourceCode); the common fields are added here."""
    data = {
        "@context": "https://schema.org",
        "name": content.title,
        "url": absolute_url(context, content.url),
        "description": getattr(content, "description", None),
        "image": getattr(content, "social_image", None),
        "author": person(context),
        **content.json_ld,
    }
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def blog_posting(context, article):
    url = absolute_url(context, article.url)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "author": person(context, full=False),
        "publisher": person(context, full=False),
        "keywords": [tag.name for tag in getattr(article, "tags", [])],
        "wordCount": getattr(article, "word_count", None),
    }
    if getattr(article, "description", None):
        data["description"] = article.description
    image = getattr(article, "social_image", None)
    if image:
        data["image"] = image
    return {key: value for key, value in data.items() if value not in (None, [], "")}
