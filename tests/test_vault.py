"""A vault as Obsidian writes it publishes as it is: notes without front matter, front
matter with only Obsidian's own keys (tags, aliases, cssclasses, created...), Obsidian
Publish's permalink and description, notes of one name in two folders, headings with
code in them, audio, video and PDF embeds."""

import os
import re
import shutil

import pytest
from conftest import SETTINGS, run_build
from test_obsidian import write

from inkfolio import defaults
from inkfolio.check import check

BASE = "https://fixture.example.org"
# Files with no date of their own are dated by their modification time (not in git).
MTIME = 1748779200  # 2025-06-01 12:00 UTC

FIELD_NOTES = """\
Floating point is not associative. Agendas: [[a/Meeting]], [[b/Meeting]], [[Meeting]];
see also [[Moved note]].

## `move`

Links to [[#`move`|the move]] and [[#The `run` step]].

## The `run` step

Run it.

Broken: [[#`nope`]].
"""

TAGGED = """\
---
tags: [numerics, "#floats"]
aliases: [Old tagged name, Setup]
cssclasses: [wide, "no-title!"]
created: 2024-03-05T10:20
updated: 2024-04-01
---

# Floats in practice

Body.
"""

LINTED = """\
---
date created: Wednesday, January 15th 2025, 10:30:45 am
date modified: Thursday, January 16th 2025, 9:00:00 am
cssclass: legacy
tags: "#linted #old-style"
---
Linted body.
"""

MOVED = """\
---
permalink: /notes/moved
description: A note that lives at its own address.
created: 2025-02-01
---
Moved body.
"""

MIXED = """\
---
created: 2025-03-01
---
<span>a &amp; b</span> & [[Tagged|floats & more]] & <span>c</span>

Write to <me@example.org> & see [[Field notes - numerics]].
"""

LISTENING = """\
---
created: 2025-04-01
---
![[recording.ogg]]

![[clip.mp4]]

![[paper.pdf]]
"""

HOME = """\
---
permalink: /
created: 2025-01-02
---
# Welcome to the garden

Start at [[Start]].
"""

START = """\
---
created: 2025-01-03
---
Back [[Home|home]] or [there](Home.md).

Not yet written: [[Someday]] and [the plan](Someday%20plan.md).
"""

WATCHING = """\
---
created: 2025-01-05
---
![](https://www.youtube.com/watch?v=dQw4w9WgXcQ)

![The launch thread](https://twitter.com/ada/status/1234567890)
"""

VAULT = {
    "pelicanconf.py": SETTINGS,
    "content/articles/Field notes - numerics.md": FIELD_NOTES,
    "content/articles/Tagged.md": TAGGED,
    "content/articles/Linted.md": LINTED,
    "content/articles/Moved note.md": MOVED,
    "content/articles/Mixed.md": MIXED,
    "content/articles/Listening.md": LISTENING,
    "content/articles/Meeting.md": "Agenda at the top.\n",
    "content/articles/Home.md": HOME,
    "content/articles/Start.md": START,
    ".obsidian/app.json": "{}",  # what makes the site's folder an Obsidian vault
    "content/articles/Watching.md": WATCHING,
    "content/articles/x/Templates.md": "---\npermalink: x/templates\ncreated: 2025-01-04\n---\nX.\n",
    "content/articles/y/Templates.md": "---\npermalink: y/templates\ncreated: 2025-01-04\n---\nY.\n",
    "content/articles/a/Meeting.md": "Agenda A.\n",
    "content/articles/b/Meeting.md": "Agenda B.\n",
    "content/articles/Setup.md": "---\nslug: setup\n---\nThe chosen setup.\n",
    "content/articles/old/Setup.md": "The old setup.\n",
    "content/articles/Private.md": "---\npublish: false\npermalink: secret/place\n---\nNo.\n",
    "content/articles/Drafty.md": "---\ndraft: true\npermalink: later/here\ncreated: 2025-01-01\n---\n",
    "content/pages/team/About.md": "---\ntitle: About\n---\nThe team.\n",
    "content/pages/lab/About.md": "---\ntitle: About\n---\nThe lab.\n",
    "content/articles/attachments/recording.ogg": b"OggS\x00",
    "content/articles/attachments/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
    "content/articles/attachments/paper.pdf": b"%PDF-1.4\n",
}
UNDATED = [
    "content/articles/Field notes - numerics.md",
    "content/articles/Meeting.md",
    "content/articles/Setup.md",
    "content/articles/a/Meeting.md",
    "content/articles/b/Meeting.md",
    "content/articles/old/Setup.md",
]


def write_vault(root, files=VAULT):
    write(root, files)
    for name in files:
        os.utime(root / name, (MTIME, MTIME))


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    root = tmp_path_factory.mktemp("obsidian-vault")
    write_vault(root)
    build = run_build(root / "pelicanconf.py", root / "output", root)
    assert build.returncode == 0, build.log
    build.root = root
    return build


def dated(page):
    return page.select_one(".post-header time")["datetime"]


def test_a_note_without_front_matter_is_titled_by_its_file_and_dated_by_it(vault):
    page = vault.page("blog/field-notes-numerics/")
    assert page.h1.get_text() == "Field notes - numerics"
    assert page.title.get_text() == "Field notes - numerics · Fixture site"
    assert dated(page) == "2025-06-01T12:00:00+00:00"


def test_the_build_lists_every_page_dated_by_its_file_in_one_warning(vault):
    listed = "\n".join(f"    {name}: 2025-06-01 (file modified)" for name in UNDATED)
    assert (
        f"WARNING: {len(UNDATED)} page(s) have no date in their front matter and were dated "
        "by their first commit in git or, when not committed, their file's modification "
        f"time:\n{listed}\n" in vault.log
    )
    assert vault.log.count("have no date in their front matter") == 1


def test_obsidian_keys_are_the_title_date_tags_and_classes(vault):
    page = vault.page("blog/floats-in-practice/")
    assert page.h1.get_text() == "Floats in practice"
    assert dated(page) == "2024-03-05T10:20:00+00:00"
    assert page.select(".post-header time")[1]["datetime"] == "2024-04-01T00:00:00+00:00"
    assert [a.get_text() for a in page.select(".post-header .tags a")] == ["#numerics", "#floats"]
    assert page.article["class"] == ["post", "wide", "no-title"]
    assert "unknown front matter field" not in vault.log


def test_linter_dates_the_old_cssclass_and_tags_in_one_string(vault):
    page = vault.page("blog/linted/")
    assert dated(page) == "2025-01-15T10:30:45+00:00"
    assert page.select(".post-header time")[1]["datetime"] == "2025-01-16T09:00:00+00:00"
    assert page.article["class"] == ["post", "legacy"]
    assert [a.get_text() for a in page.select(".post-header .tags a")] == ["#linted", "#old-style"]


def test_permalink_is_the_address_and_description_the_summary(vault):
    page = vault.page("notes/moved/")
    assert page.h1.get_text() == "Moved note"
    assert page.find("meta", attrs={"name": "description"})["content"] == (
        "A note that lives at its own address."
    )
    assert not (vault.output / "blog/moved-note").exists()
    notes = vault.page("blog/field-notes-numerics/")
    assert notes.find("a", string="Moved note")["href"] == f"{BASE}/notes/moved/"
    assert not (vault.output / "secret").exists()  # publish: false, as in Obsidian Publish
    assert not (vault.output / "later").exists()  # a draft stays under drafts/
    assert vault.page("drafts/drafty/").h1.get_text() == "Drafty"
    feed = (vault.output / "feeds/all.atom.xml").read_text()
    assert '<summary type="html">A note that lives at its own address.</summary>' in feed


def test_the_note_with_permalink_slash_is_the_home_page(vault):
    home = vault.page("")
    assert home.h1.get_text() == "Welcome to the garden"
    assert home.select_one(".content a")["href"] == f"{BASE}/blog/start/"
    links = vault.page("blog/start/").select(".content a")
    assert [link["href"] for link in links][:2] == [f"{BASE}/", f"{BASE}/"]
    # It is the home page, not also an article in the lists and the feed.
    assert not (vault.output / "blog/home").exists()
    assert "Welcome to the garden" not in vault.page("archive/").get_text()
    assert "Welcome to the garden" not in (vault.output / "feeds/all.atom.xml").read_text()


def test_a_markdown_link_to_no_note_is_told_like_a_wikilink_to_none(vault):
    missing = vault.page("blog/start/").select(".content .wikilink-missing")
    assert [span.get_text() for span in missing] == ["Someday", "the plan"]
    assert "content/articles/Start.md:6: [[Someday]]: no note or file of that name" in vault.log
    assert (
        "content/articles/Start.md:6: link to 'Someday plan.md': no note at that path (from "
        "this note, or from content/ when it starts with '/'); it is shown as plain text"
        in vault.log
    )
    assert "Unable to find" not in vault.log  # Pelican's own line for it is not repeated


def test_a_video_or_post_embed_is_a_link_to_it(vault):
    page = vault.page("blog/watching/")
    links = page.select(".content a.web-embed")
    assert [(a["href"], a.get_text(" ", strip=True)) for a in links] == [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube Watch the video"),
        ("https://twitter.com/ada/status/1234567890", "X The launch thread"),
    ]
    assert not page.select(".content img")  # nothing loaded from the provider
    assert "watch?v=" not in vault.log and "Empty alt" not in vault.log


def test_same_named_notes_placed_apart_are_not_warned_of(vault):
    assert vault.page("x/templates/").select_one(".content").get_text(strip=True) == "X."
    assert vault.page("y/templates/").select_one(".content").get_text(strip=True) == "Y."
    assert "There are 2" not in vault.log and "templates" not in vault.log


def test_each_alias_redirects_to_its_note_unless_the_address_is_taken(vault):
    redirect = vault.page("blog/old-tagged-name/")
    target = f"{BASE}/blog/floats-in-practice/"
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert redirect.find("link", rel="canonical")["href"] == target
    assert redirect.find("a")["href"] == target
    assert redirect.find("script") is None
    # The alias 'Setup' names another page's address: that page stays.
    assert vault.page("blog/setup/").h1.get_text() == "Setup"
    assert "The chosen setup." in vault.page("blog/setup/").get_text()


def test_notes_of_one_name_in_two_folders_get_their_folder_in_the_address(vault):
    assert "Agenda at the top." in vault.page("blog/meeting/").get_text()
    assert "Agenda A." in vault.page("blog/a-meeting/").get_text()
    assert "Agenda B." in vault.page("blog/b-meeting/").get_text()
    links = {
        a.get_text(): a["href"]
        for a in vault.page("blog/field-notes-numerics/").select("a.wikilink")
    }
    assert links["a/Meeting"] == f"{BASE}/blog/a-meeting/"
    assert links["b/Meeting"] == f"{BASE}/blog/b-meeting/"
    assert links["Meeting"] == f"{BASE}/blog/meeting/"
    # A slug the author chose keeps its address; the derived one steps aside.
    assert "The old setup." in vault.page("blog/old-setup/").get_text()
    assert "The team." in vault.page("team-about/").get_text()
    assert "The lab." in vault.page("lab-about/").get_text()
    assert "There are" not in vault.log and "Traceback" not in vault.log


def test_headings_with_code_resolve_and_are_reported_as_written(vault):
    page = vault.page("blog/field-notes-numerics/")
    assert page.find("a", string="the move")["href"] == "#move"
    assert page.find(id="move")
    run = page.find("a", href="#the-run-step")
    assert run.get_text() == "The run step" and run.code.get_text() == "run"
    line = FIELD_NOTES.splitlines().index("Broken: [[#`nope`]].") + 1
    assert (
        f"WARNING: content/articles/Field notes - numerics.md:{line}: [[#`nope`]]: this page "
        "has no heading or block '`nope`'; the link goes to the top of the page" in vault.log
    )
    assert "klzzwxh" not in vault.log and "\\x02" not in vault.log


def test_raw_html_ampersands_and_mail_links_leave_no_placeholders(vault):
    page = vault.page("blog/mixed/")
    assert page.find("a", string="floats & more")["href"] == f"{BASE}/blog/floats-in-practice/"
    assert page.find("a", string="Field notes - numerics")["href"].endswith(
        "/blog/field-notes-numerics/"
    )
    assert page.find("a", string="me@example.org")["href"] == "mailto:me@example.org"
    assert page.select_one(".content span").get_text() == "a & b"
    assert "Mixed.md" not in vault.log  # no broken link, no warning
    html = (vault.output / "blog/mixed/index.html").read_text()
    assert "\x02" not in html and "\x03" not in html and "klzzwxh" not in html


def test_audio_video_and_pdf_embeds_play_from_the_site(vault):
    page = vault.page("blog/listening/")
    audio, video = page.select_one(".content audio"), page.select_one(".content video")
    pdf = page.select_one(".content object.embed-pdf")
    assert audio.has_attr("controls") and video.has_attr("controls")
    assert audio["src"] == f"{BASE}/articles/attachments/recording.ogg"
    assert video["src"] == f"{BASE}/articles/attachments/clip.mp4"
    assert pdf["data"] == f"{BASE}/articles/attachments/paper.pdf"
    assert pdf["type"] == "application/pdf"
    download = page.find("a", string="Download paper.pdf")
    assert download["href"] == pdf["data"] and download.has_attr("download")
    for name in ("recording.ogg", "clip.mp4", "paper.pdf"):
        assert (vault.output / "articles/attachments" / name).is_file()


def test_the_vault_passes_the_site_checks(vault, capsys):
    problems = check(vault.output, site_url=BASE, budgets=defaults.CHECK_BUDGETS)
    assert problems == 0, capsys.readouterr().out


def test_addresses_follow_the_files_across_cached_builds(tmp_path):
    write_vault(tmp_path)
    first = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert first.returncode == 0, first.log
    again = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert again.returncode == 0, again.log
    assert "Agenda A." in again.page("blog/a-meeting/").get_text()
    assert re.search(r"WARNING: 6 page\(s\) have no date", again.log)  # from the cache too
    (tmp_path / "content/articles/Meeting.md").unlink()
    (tmp_path / "content/articles/b/Meeting.md").unlink()
    shutil.rmtree(tmp_path / "output")  # the cache stays: what was read stays cached
    alone = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert alone.returncode == 0, alone.log
    assert "Agenda A." in alone.page("blog/meeting/").get_text()
    assert not (tmp_path / "output/blog/a-meeting").exists()
