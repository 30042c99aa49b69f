"""Draw one card: the site's name, a title, and a line of facts, in the theme's colours."""

import io
import os
import threading
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
MARGIN = 80
# The dark theme's colours (theme/static/css/site.css): previews stand out in light feeds.
BACKGROUND = "#111418"
TEXT = "#e3e7ec"
MUTED = "#9aa4af"
ACCENT = "#7cb7ff"
# Bold and regular faces of common system fonts; Pillow's own font when none is found.
FONT_FILES = {
    "bold": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
    ],
    "regular": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ],
}


@cache
def font_file(weight):
    """The font file used for a weight ('' for Pillow's built-in font); part of the cache key."""
    return next((path for path in FONT_FILES[weight] if os.path.isfile(path)), "")


_loaded = threading.local()  # a FreeType face must not be shared between threads


def _font(weight, size):
    fonts = _loaded.__dict__.setdefault("fonts", {})
    if (weight, size) not in fonts:
        path = font_file(weight)
        fonts[weight, size] = (
            ImageFont.truetype(path, size) if path else ImageFont.load_default(size)
        )
    return fonts[weight, size]


def draw_card(site_name, title, facts):
    """The card as PNG bytes."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    canvas = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    canvas.rectangle((0, 0, 16, SIZE[1]), fill=ACCENT)
    canvas.text((MARGIN, MARGIN - 10), site_name, font=_font("bold", 34), fill=ACCENT)
    size, lines = _fit(canvas, title, width)
    title_font = _font("bold", size)
    y = 200 if len(lines) < 3 else 170
    for line in lines:
        canvas.text((MARGIN, y), line, font=title_font, fill=TEXT)
        y += int(size * 1.22)
    if facts:
        facts_font = _font("regular", 30)
        canvas.text(
            (MARGIN, SIZE[1] - MARGIN - 30),
            _clip(canvas, facts, facts_font, width),
            font=facts_font,
            fill=MUTED,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")  # optimize=True: 2% smaller, 3× slower
    return buffer.getvalue()


def _fit(canvas, title, width):
    """The largest size (72 down to 40 px) at which the title fits in three lines."""
    for size in range(72, 39, -4):
        lines = _wrap(canvas, title, _font("bold", size), width)
        if len(lines) <= 3:
            return size, lines
    lines = _wrap(canvas, title, _font("bold", 40), width)
    return 40, lines[:2] + [_clip(canvas, " ".join(lines[2:]), _font("bold", 40), width)]


def _wrap(canvas, text, font, width):
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and canvas.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + ([current] if current else [])


def _clip(canvas, text, font, width):
    if canvas.textlength(text, font=font) <= width:
        return text
    while text and canvas.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
