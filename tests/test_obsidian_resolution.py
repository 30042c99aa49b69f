"""Obsidian notes, the harder cases: how names and paths resolve (and the setting that
steers it), headings that do not exist, tags beside headings and links, summaries,
pages and projects, files, cached rebuilds."""

import pytest
from conftest import SETTINGS, run_build
from test_obsidian import png, write

BASE = "https://fixture.example.org"


def note(title, body, extra=""):
    return f"---\ntitle: {title}\ndate: 2026-01-01\n{extra}---\n\n{body}\n"


SITE = {
    "pelicanconf.py": SETTINGS,
    "content/articles/Hub.md": note(
        "Hub",
        """#idea #nested/topic %% a comment in the first words %%

# A real heading

[[Target#Gone]], [[Target#Part one#Deeper]], [[Target#Über uns]], [[#Nope]].

[[Target Title]] [[Old name]] [[Draft]] [[Draft title]] [[Hidden page]] [[paper.pdf]]

[a link with #notag inside](https://x.org) and [to a section](#a-real-heading) and [[Target|#alsonot]].

![[Pasted image 1.png]]

![[Target#Part one]]

![[Target#Gone]]

> [!tip|wide] With metadata
> Body.

- first
- second

^the-list""",
    ),
    "content/articles/Target.md": note(
        "Target Title",
        """Intro. ![[Boxed]]

## Part one

### Deeper

![[sub/Child]]

## Über uns

Last.""",
        extra="aliases: [Old name]\n",
    ),
    "content/articles/Boxed.md": note("Boxed", "> [!warning]\n> Careful."),
    "content/articles/sub/Child.md": note("Child", "![local](../../images/local.png)"),
    "content/articles/Draft.md": note("Draft title", "Not yet.", extra="draft: true\n"),
    "content/pages/hidden.md": "---\ntitle: Hidden page\nstatus: hidden\n---\n\nUnlisted.\n",
    "content/pages/about.md": "---\ntitle: About\n---\n\nSee [[Hub]]. Also [[Private]].\n",
    "content/pages/private.md": "---\ntitle: Private\npublish: false\n---\n\nNo.\n",
    "content/projects/gizmo.md": '---\ntitle: Gizmo\nsummary: "Links [[Hub]]."\n---\n\nUses [[Hub]].\n',
    "content/articles/files/Pasted image 1.png": png(40, 20),
    "content/articles/files/paper.pdf": b"%PDF-1.4\n",
    "content/images/local.png": png(10, 10),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("resolution")
    write(root, SITE)
    build = run_build(root / "pelicanconf.py", root / "output", root)
    assert build.returncode == 0, build.log
    return build


def test_headings_that_do_not_exist_are_reported_and_link_the_page(site):
    hub = site.page("blog/hub/")
    links = {a.get_text(): a["href"] for a in hub.select(".content a")}
    assert links["Target › Gone"] == f"{BASE}/blog/target-title/"
    assert links["Target › Part one › Deeper"] == f"{BASE}/blog/target-title/#deeper"
    assert links["Target › Über uns"] == f"{BASE}/blog/target-title/#uber-uns"
    lines = [line for line in site.log.splitlines() if "has no heading" in line]
    assert lines == [
        "WARNING: content/articles/Hub.md:10: [[Target#Gone]]: 'Target Title' has no heading "
        "or block 'Gone'; the link goes to the top of the page",
        "WARNING: content/articles/Hub.md:10: [[#Nope]]: this page has no heading or block "
        "'Nope'; the link goes to the top of the page",
        "WARNING: content/articles/Hub.md:20: ![[Target#Gone]]: 'Target Title' has no heading "
        "or block 'Gone'; it is shown as a link instead",
    ]


def test_titles_aliases_drafts_and_hidden_pages(site):
    hub = site.page("blog/hub/")
    links = {a.get_text(): a["href"] for a in hub.select(".content a.wikilink")}
    assert links["Target Title"] == links["Old name"] == f"{BASE}/blog/target-title/"
    assert links["Hidden page"] == f"{BASE}/hidden-page/"  # written, only not listed
    # By file name and by title; marked up as links to nothing, and not reported.
    assert [str(span) for span in hub.select(".wikilink-missing")] == [
        '<span class="wikilink-missing">Draft</span>',
        '<span class="wikilink-missing">Draft title</span>',
    ]
    assert "no note or file" not in site.log


def test_tags_are_not_headings_links_or_anchors(site):
    hub = site.page("blog/hub/")
    assert hub.select_one(".content h1").get_text().startswith("A real heading")
    tags = [a.get_text() for a in hub.select(".post-header .tags a")]
    assert tags == ["#idea", "#nested/topic"]
    assert hub.find("a", string="to a section")["href"] == "#a-real-heading"
    outer = hub.find("a", href="https://x.org")
    assert outer.get_text() == "a link with #notag inside" and not outer.find("a")
    assert hub.find("a", string="#alsonot")["href"] == f"{BASE}/blog/target-title/"
    assert not (site.output / "tags/notag").exists()
    assert not (site.output / "tags/a-real-heading").exists()


def test_files_with_spaces_are_published_and_linked(site):
    hub = site.page("blog/hub/")
    image = hub.select_one(".content > p > img")
    assert image["src"] == f"{BASE}/articles/files/Pasted%20image%201.png"
    assert (image["width"], image["height"]) == ("40", "20")
    assert (site.output / "articles/files/Pasted image 1.png").is_file()
    assert hub.find("a", string="paper.pdf")["href"] == f"{BASE}/articles/files/paper.pdf"
    assert (site.output / "articles/files/paper.pdf").is_file()


def test_embedded_sections_keep_ids_unique_styles_and_images(site):
    hub = site.page("blog/hub/")
    embed = hub.select_one(".embed")
    assert [h.get_text().rstrip("#") for h in embed.select("h2, h3")] == ["Part one", "Deeper"]
    assert embed.select_one(".embed .callout-warning") is None  # Boxed is before Part one
    child = embed.select_one(".embed img")  # a note two folders away, embedded in Target
    assert child["src"] == f"{BASE}/images/local.png"
    ids = [tag["id"] for tag in hub.find_all(id=True)]
    assert len(ids) == len(set(ids))
    target = site.page("blog/target-title/")
    assert target.select_one(".embed .callout-warning")  # only an embedded callout...
    assert target.find("link", href=f"{BASE}/theme/css/callouts.css")  # ...still styled
    assert not hub.select(".content > a")  # an embed shown as a link stays in its paragraph


def test_callout_metadata_and_block_ids_on_their_own_line(site):
    hub = site.page("blog/hub/")
    tip = hub.select_one(".callout-tip")
    assert tip["data-callout"] == "tip" and tip.select_one(".callout-title").get_text() == (
        "With metadata"
    )
    assert hub.find(id="^the-list").name == "ul"
    assert "^the-list" not in hub.select_one(".content").get_text()


def test_backlinks_on_pages_and_projects(site):
    hub = site.page("blog/hub/")
    assert [a.get_text() for a in hub.select(".backlinks a")] == ["About", "Gizmo"]
    assert [a.get_text() for a in site.page("blog/target-title/").select(".backlinks a")] == ["Hub"]
    about = site.page("about/")
    assert str(about.select_one(".content .wikilink-missing")) == (
        '<span class="wikilink-missing">Private</span>'
    )
    assert not (site.output / "private").exists()


def test_summaries_and_descriptions_show_text_without_comments(site):
    projects = (site.output / "projects/index.html").read_text()
    assert "Links Hub." in projects and "obsidian-ref" not in projects
    feed = (site.output / "feeds/all.atom.xml").read_text()
    assert "obsidian-ref" not in feed and "a comment in the first words" not in feed
    hub = site.page("blog/hub/")
    assert "a comment" not in hub.find("meta", attrs={"name": "description"})["content"]


RELATIVE = {
    "pelicanconf.py": SETTINGS,
    "content/articles/a/Note.md": note("Note in a", "A."),
    "content/articles/b/Note.md": note("Note in b", "B."),
    # A path that exists both from content/ and from the linking note's folder.
    "content/articles/Twin.md": note("Twin at the top", "T."),
    "content/articles/a/articles/Twin.md": note("Twin beside", "T."),
    "content/articles/a/From.md": note(
        "From",
        "[[Note]] [[../b/Note|up and over]] [[articles/b/Note|from the top]] "
        "[[articles/Twin|twin]]",
    ),
}


@pytest.mark.parametrize(
    "mode, twin",
    [
        # From content/ first: shortest (Obsidian's default) and absolute read it alike.
        ("shortest", "twin-at-the-top"),
        ("absolute", "twin-at-the-top"),
        # From the note's own folder first.
        ("relative", "twin-beside"),
    ],
)
def test_link_resolution_setting(tmp_path, mode, twin):
    write(tmp_path, RELATIVE)
    build = run_build(
        tmp_path / "pelicanconf.py",
        tmp_path / "output",
        tmp_path,
        f'OBSIDIAN_LINK_RESOLUTION="{mode}"',
    )
    assert build.returncode == 0, build.log
    page = build.page("blog/from/")
    links = {a.get_text(): a["href"] for a in page.select(".content a.wikilink")}
    assert links["Note"] == f"{BASE}/blog/note-in-a/"  # the one beside the linking note
    assert links["from the top"] == f"{BASE}/blog/note-in-b/"
    assert links["up and over"] == f"{BASE}/blog/note-in-b/"
    assert links["twin"] == f"{BASE}/blog/{twin}/"


def test_an_unknown_resolution_setting_is_an_error(tmp_path):
    write(tmp_path, RELATIVE)
    build = run_build(
        tmp_path / "pelicanconf.py",
        tmp_path / "output",
        tmp_path,
        'OBSIDIAN_LINK_RESOLUTION="near"',
    )
    assert build.returncode == 1
    assert (
        "OBSIDIAN_LINK_RESOLUTION = 'near': expected one of 'shortest', 'relative', 'absolute'"
        in build.log
    )


def test_links_follow_changes_to_other_notes_on_cached_rebuilds(tmp_path):
    """Guide.md is read from the cache the second time; its links still follow Setup."""
    files = {
        "pelicanconf.py": SETTINGS,
        "content/articles/Guide.md": note("Guide", "[[Setup#Install]] and ![[Setup#Install]]"),
        "content/articles/Setup.md": note("Setup", "## Install\n\nRun it."),
    }
    write(tmp_path, files)
    first = run_build(tmp_path / "pelicanconf.py", tmp_path / "first", tmp_path)
    assert first.returncode == 0, first.log
    assert first.page("blog/guide/").select_one(".embed")
    assert [a.get_text() for a in first.page("blog/setup/").select(".backlinks a")] == ["Guide"]

    write(tmp_path, {"content/articles/Setup.md": note("Setup", "Moved.", "publish: false\n")})
    second = run_build(tmp_path / "pelicanconf.py", tmp_path / "second", tmp_path)
    assert second.returncode == 0, second.log
    guide = second.page("blog/guide/")
    assert not guide.select(".content a.wikilink") and not guide.select_one(".embed")
    assert [str(s) for s in guide.select(".wikilink-missing")] == [
        '<span class="wikilink-missing">Setup › Install</span>',
        '<span class="wikilink-missing">Setup › Install</span>',
    ]
    assert "no note or file" not in second.log
    assert not (second.output / "blog/setup").exists()
