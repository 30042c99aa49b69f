"""The code-highlighting stylesheet: one light and one dark Pygments style in one file.

Each token colour is written once as ``light-dark(<light>, <dark>)``, so the file
follows the page's colour scheme (system setting or the theme toggle) without
repeating every rule. Colours too faint against their background are nudged until
they reach WCAG AA contrast (4.5:1), whatever styles the site picks.
"""

import colorsys
import os

from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Token

from inkfolio.core import write_if_changed

AA_CONTRAST = 4.5


def write_code_stylesheet(pelican):
    settings = pelican.settings
    css = build_css(*styles(settings))
    folder = os.path.join(pelican.output_path, settings["THEME_STATIC_DIR"], "css")
    write_if_changed(os.path.join(folder, "code.css"), css)


def token_rules(light_name, dark_name):
    """(base declarations, {token class: declarations}) for a light/dark style pair."""
    light, dark = get_style_by_name(light_name), get_style_by_name(dark_name)
    light_bg, dark_bg = light.background_color or "#ffffff", dark.background_color or "#000000"
    light_fg = _readable(_style_color(light, Token) or "#1f2328", light_bg)
    dark_fg = _readable(_style_color(dark, Token) or "#e6edf3", dark_bg)
    base = f"color:light-dark({light_fg},{dark_fg})"
    background = f"background:light-dark({light_bg},{dark_bg})"
    light_styles, dark_styles = dict(light), dict(dark)
    classes = {}
    for token, short in sorted(STANDARD_TYPES.items(), key=lambda item: item[1]):
        if not short:
            continue
        ls, ds = light_styles.get(token, {}), dark_styles.get(token, {})
        declarations = []
        if ls.get("color") or ds.get("color"):
            lc = _readable("#" + ls["color"] if ls.get("color") else light_fg, light_bg)
            dc = _readable("#" + ds["color"] if ds.get("color") else dark_fg, dark_bg)
            declarations.append(f"color:light-dark({lc},{dc})")
        if ls.get("bold"):
            declarations.append("font-weight:bold")
        if ls.get("italic"):
            declarations.append("font-style:italic")
        declaration = ";".join(declarations)
        if declaration and declaration != base and short != "w":
            classes[short] = declaration
    return background, base, classes


def plain_classes(light_name, dark_name):
    """Token classes that look like plain code text in both styles: their <span>s can go."""
    _, _, styled = token_rules(light_name, dark_name)
    return {short for short in STANDARD_TYPES.values() if short and short not in styled}


def styles(settings):
    """The (light, dark) Pygments style names a site uses."""
    return settings.get("PYGMENTS_STYLE_LIGHT", "default"), settings.get(
        "PYGMENTS_STYLE_DARK", "monokai"
    )


def build_css(light_name, dark_name):
    background, base, classes = token_rules(light_name, dark_name)
    groups = {}  # declarations -> token classes sharing them (keeps the file small)
    for short, declaration in classes.items():
        groups.setdefault(declaration, []).append(f".{short}")
    rules = [f".highlight{{{background};{base}}}"]
    for declaration, members in groups.items():
        rules.append(f".highlight :is({','.join(members)}){{{declaration}}}")
    return "\n".join(rules) + "\n"


def _style_color(style, token):
    value = dict(style).get(token)
    return "#" + value["color"] if value and value.get("color") else None


def _luminance(hex_color):
    r, g, b = (int(hex_color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    la, lb = sorted((_luminance(_expand(a)), _luminance(_expand(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _expand(color):
    color = color.lstrip("#")
    if len(color) == 3:
        color = "".join(c * 2 for c in color)
    return "#" + color.lower()


def _readable(color, background):
    """Move ``color``'s lightness away from the background until it reads at AA."""
    color = _expand(color)
    darker = _luminance(_expand(background)) > 0.5
    h, lightness, s = colorsys.rgb_to_hls(*(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    while contrast(color, background) < AA_CONTRAST and 0 < lightness < 1:
        lightness = max(0.0, lightness - 0.02) if darker else min(1.0, lightness + 0.02)
        r, g, b = colorsys.hls_to_rgb(h, lightness, s)
        color = f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
    return color
