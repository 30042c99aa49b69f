"""Code colours stay readable in both colour schemes, whatever Pygments styles are chosen."""

import re

import pytest

from inkfolio.plugins.markdown_reader.code_style import build_css, contrast

PAIR = re.compile(r"light-dark\((#[0-9a-f]{6}),(#[0-9a-f]{6})\)")


@pytest.mark.parametrize(
    "light, dark", [("default", "monokai"), ("friendly", "native"), ("xcode", "dracula")]
)
def test_every_token_colour_reaches_aa_contrast(light, dark):
    css = build_css(light, dark)
    background = PAIR.search(css.splitlines()[0])
    light_bg, dark_bg = background.groups()
    colours = PAIR.findall(css.split("\n", 1)[1])
    assert colours
    for light_colour, dark_colour in colours:
        assert contrast(light_colour, light_bg) >= 4.5, (light_colour, light_bg)
        assert contrast(dark_colour, dark_bg) >= 4.5, (dark_colour, dark_bg)


def test_stylesheet_is_small():
    assert len(build_css("default", "monokai").encode()) < 4_000
