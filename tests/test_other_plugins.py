"""Well-known Pelican plugins listed beside ours in an inkfolio site: they work, or a
line says why they are not needed."""

from PIL import Image

SETTINGS = """\
from inkfolio.defaults import *
SITENAME = "Fixture site"
AUTHOR = "Ada Example"
SITEURL = "https://fixture.example.org"
PLUGINS = [*PLUGINS, {extra}]
"""


def png(width, height):
    from io import BytesIO

    data = BytesIO()
    Image.new("RGB", (width, height), "teal").save(data, "PNG")
    return data.getvalue()


def article(body):
    return f"---\ntitle: One\ndate: 2026-01-01\n---\n\n{body}\n"


def test_image_process_thumbnails_keep_their_own_size(make_site):
    settings = SETTINGS.format(extra='"pelican.plugins.image_process"') + (
        'IMAGE_PROCESS = {"thumb": ["scale_in 100 75 True"]}\n'
    )
    files = {
        "content/images/big.png": png(400, 300),
        "content/articles/one.md": article(
            "![Thumb](../images/big.png){: .image-process-thumb}\n\n![Whole](../images/big.png)"
        ),
    }
    build = make_site(files, settings)
    assert build.returncode == 0, build.log
    thumb, whole = build.page("blog/one/").select(".content img")
    assert thumb["src"].endswith("/images/derivatives/thumb/big.png")
    assert (thumb["width"], thumb["height"]) == ("100", "75")
    assert (whole["width"], whole["height"]) == ("400", "300")  # ours, untouched
    assert (build.output / "images/derivatives/thumb/big.png").is_file()


def test_simple_footnotes_work(make_site):
    settings = SETTINGS.format(extra='"pelican.plugins.simple_footnotes"')
    build = make_site(
        {"content/articles/one.md": article("A claim[ref]Its source.[/ref].")}, settings
    )
    assert build.returncode == 0, build.log
    page = build.page("blog/one/")
    assert page.select_one("a.simple-footnote").get_text() == "1"
    assert (
        page.select_one("ol.simple-footnotes li")
        .get_text(" ", strip=True)
        .startswith("Its source.")
    )


def test_render_math_is_named_as_not_needed(make_site):
    settings = SETTINGS.format(extra='"pelican.plugins.render_math"')
    build = make_site({"content/articles/one.md": article("Math: $a^2$.")}, settings)
    assert build.returncode == 0, build.log
    assert "pelican-render-math is not needed" in build.log
    assert "remove 'render_math' from PLUGINS" in build.log
    page = build.page("blog/one/")
    assert page.select_one(".content math") is not None
    assert not [s for s in page.find_all("script") if "mathjax" in str(s).lower()]
