"""Intrinsic size of an image file, so pages can reserve its space before it loads."""

import functools
import re

from PIL import Image, UnidentifiedImageError

_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S)
_SVG_ATTR = re.compile(rb'\b(width|height|viewBox)\s*=\s*["\']([^"\']+)["\']')
_NUMBER = re.compile(rb"^\s*([0-9.]+)\s*(px)?\s*$")


@functools.lru_cache(maxsize=4096)
def image_size(path):
    """(width, height) in CSS pixels, or None when the file is missing or unreadable."""
    try:
        if path.lower().endswith(".svg"):
            with open(path, "rb") as handle:
                return _svg_size(handle.read(4096))
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError, ValueError):
        return None


def _svg_size(head):
    tag = _SVG_TAG.search(head)
    if not tag:
        return None
    attrs = dict(_SVG_ATTR.findall(tag.group(0)))
    width, height = (_NUMBER.match(attrs.get(k, b"")) for k in (b"width", b"height"))
    if width and height:
        return round(float(width[1])), round(float(height[1]))
    if b"viewBox" in attrs:
        parts = attrs[b"viewBox"].replace(b",", b" ").split()
        if len(parts) == 4:
            return round(float(parts[2])), round(float(parts[3]))
    return None
