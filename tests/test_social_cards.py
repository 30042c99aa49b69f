"""Link-preview cards: one PNG per page, drawn once, redrawn only when its text changes."""

import io

import pytest
from conftest import SETTINGS, run_build
from PIL import Image

ARTICLE = "---\ntitle: {title}\ndate: 2026-05-01\ntags: [numerics]\n---\n\nText.\n"
COVERED = "---\ntitle: Covered\ndate: 2026-05-02\ncover: ../images/cover.png\n---\n\nText.\n"
PROJECT = "---\ntitle: Engine\nsummary: An engine.\nstack: [Rust]\n---\n\nWrite-up.\n"


@pytest.fixture
def site(tmp_path):
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/images").mkdir()
    (tmp_path / "content/projects").mkdir()
    (tmp_path / "pelicanconf.py").write_text(SETTINGS)
    (tmp_path / "content/articles/plain.md").write_text(ARTICLE.format(title="Plain title"))
    (tmp_path / "content/articles/covered.md").write_text(COVERED)
    Image.new("RGB", (600, 315), "green").save(tmp_path / "content/images/cover.png")
    (tmp_path / "content/projects/engine.md").write_text(PROJECT)

    def build():
        result = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
        assert result.returncode == 0, result.log
        return result

    build.root = tmp_path
    return build


def preview_image(build, url_path):
    page = build.page(url_path)
    og = page.find("meta", property="og:image")["content"]
    assert page.find("meta", attrs={"name": "twitter:image"})["content"] == og
    return og


def cached_cards(root):
    return {
        path.name: path.stat().st_mtime_ns for path in (root / ".cache/social-cards").glob("*.png")
    }


def test_every_page_gets_a_card_unless_it_has_a_cover(site):
    build = site()
    expected = {
        "blog/plain-title/": "social/blog/plain-title.png",
        "projects/engine/": "social/projects/engine.png",
        "": "social/home.png",
    }
    for page, card in expected.items():
        assert preview_image(build, page) == f"https://fixture.example.org/{card}"
        with Image.open(io.BytesIO((build.output / card).read_bytes())) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))
            rgb = image.convert("RGB")
        # The dark theme's background, its accent bar, and light text in the title's place.
        assert rgb.getpixel((1100, 20)) == (0x11, 0x14, 0x18)
        assert rgb.getpixel((8, 315)) == (0x7C, 0xB7, 0xFF)
        title_area = rgb.crop((80, 170, 1120, 460)).getextrema()
        assert all(brightest >= 0xE0 for _, brightest in title_area)
    assert preview_image(build, "blog/covered/") == "https://fixture.example.org/images/cover.png"
    assert not (build.output / "social/blog/covered.png").exists()


def test_cards_are_drawn_again_only_when_their_text_changes(site):
    site()
    first = cached_cards(site.root)
    assert len(first) == 3  # the plain article, the project, the home page
    site()
    assert cached_cards(site.root) == first  # nothing redrawn

    article = site.root / "content/articles/plain.md"
    article.write_text(ARTICLE.format(title="A new title"))
    site()
    after = cached_cards(site.root)
    new = set(after) - set(first)
    assert len(new) == 1  # only the changed article's card
    assert all(after[name] == first[name] for name in first)
