"""``![](https://www.youtube.com/watch?v=…)``: Obsidian embeds the video or the post.

A page here loads nothing from a third party, so such an image (which would be a
broken ``<img>`` from the provider) becomes a link to it, labelled with the provider
and the alt text: ``<a class="web-embed">``.
"""

import re
from urllib.parse import urlsplit

# (provider, what the link opens when the alt text says nothing, address pattern)
PROVIDERS = (
    (
        "YouTube",
        "Watch the video",
        r"(www\.|m\.)?youtube\.com/(watch|shorts/|embed/|live/)|youtu\.be/",
    ),
    ("Vimeo", "Watch the video", r"(www\.)?vimeo\.com/\d"),
    ("X", "Read the post", r"(www\.|mobile\.)?(twitter|x)\.com/[^/]+/status/\d"),
)
_MATCHERS = [(name, text, re.compile(pattern)) for name, text, pattern in PROVIDERS]


def provider(url):
    """(provider, default text) of a video or post address, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    address = parts.netloc.lower() + parts.path
    for name, text, pattern in _MATCHERS:
        if pattern.match(address):
            return name, text
    return None


def as_link(element, found):
    """Turn the ``<img>`` ``element`` into the link to what it embeds."""
    name, default_text = found
    url, title = element.get("src"), (element.get("alt") or "").strip() or default_text
    element.attrib.clear()
    element.tag = "a"
    element.set("class", "web-embed")
    element.set("href", url)
    label = element.makeelement("span", {"class": "web-embed-provider"})
    label.text = name
    label.tail = " "
    text = element.makeelement("span", {"class": "web-embed-title"})
    text.text = title
    element.extend([label, text])
