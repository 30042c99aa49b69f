"""What the author did not mean to publish leaves no trace: notes with ``publish: false``,
drafts, notes left out by PUBLISH_DEFAULT = False or by folder, and every link to them."""

import gzip

import nbformat
import pytest
from conftest import SETTINGS

# Production: drafts are not written at all (publishconf.py of a new site).
PRODUCTION = SETTINGS + 'DRAFT_SAVE_AS = ""\nDRAFT_PAGE_SAVE_AS = ""\n'
OPT_IN = PRODUCTION + "PUBLISH_DEFAULT = False\n"


def note(title, body, front=""):
    return f"---\ntitle: {title}\ndate: 2026-01-01\n{front}---\n\n{body}\n"


def notebook(front, markdown, code="print('a notebook ran')"):
    """An .ipynb shown with its saved outputs (no kernel), its front matter in a raw cell."""
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_raw_cell(f"---\n{front}execute: false\ndate: 2026-01-01\n---"),
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell(code),
    ]
    return nbformat.writes(book)


def traces(output, words):
    """(file, word) for every private word in the output: in each file's name, or in its
    bytes (decompressed when gzip'd: Pagefind's index and fragments)."""
    found = []
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        data = relative.encode() + (path.read_bytes() if path.is_file() else b"")
        if path.is_file() and data[len(relative) : len(relative) + 2] == b"\x1f\x8b":
            data += gzip.decompress(data[len(relative) :])
        found += [(relative, word) for word in words if word.lower().encode() in data.lower()]
    return found


def plain(page):
    """The page's links shown as plain text, as markup."""
    return [str(span) for span in page.select(".content .wikilink-missing")]


def missing(text):
    return f'<span class="wikilink-missing">{text}</span>'


DIARY = note(
    "Journal of Ada",
    "Walked the xylofrond crossing twice. Back to [[Hello]].",
    "publish: false\naliases: [Dear journal]\ntags: [glimmerdusk]\n",
)
SECRET = note(
    "Secret plan", "The vorpalwick moves at dawn. [[Hello]]", "draft: true\ntags: [plotting]\n"
)
# Everything by which a reader could learn that these two notes exist.
PRIVATE = [
    "Journal of Ada",
    "journal-of-ada",
    "Dear journal",
    "dear-journal",
    "xylofrond",
    "glimmerdusk",
    "Secret plan",
    "secret-plan",
    "vorpalwick",
    "plotting",
    "diary.md",
    "secret.md",
    "drafts/",
    "unpublished",
]


def test_a_private_note_and_a_draft_leave_no_trace_in_the_output(make_site):
    build = make_site(
        {
            "content/articles/hello.md": note(
                "Hello",
                "See [[Diary]], [d](diary.md), [s](secret.md) and [[Nothing]].",
                "tags: [python]\n",
            ),
            "content/articles/diary.md": DIARY,
            "content/articles/secret.md": SECRET,
            "content/pages/about.md": "---\ntitle: About\n---\n\nMy [plan](../articles/secret.md).\n",
        },
        PRODUCTION,
    )
    assert build.returncode == 0, build.log
    hello = build.page("blog/hello/")
    # The three links to private notes look exactly like the link to nothing.
    assert plain(hello) == [missing("Diary"), missing("d"), missing("s"), missing("Nothing")]
    assert plain(build.page("about/")) == [missing("plan")]
    assert not hello.select(".backlinks a")
    assert traces(build.output, PRIVATE) == []
    # Only the link to nothing is a mistake worth a line.
    assert "[[Nothing]]: no note or file of that name" in build.log
    assert "Diary" not in build.log and "secret" not in build.log.lower()


def test_links_to_a_draft_are_plain_text_in_the_local_preview_too(make_site):
    """Locally the draft itself is previewed, but what links to it shows what will be
    published: no link."""
    build = make_site(
        {
            "content/articles/hello.md": note("Hello", "A [plan](secret.md), soon."),
            "content/articles/secret.md": SECRET,
        },
    )
    assert build.returncode == 0, build.log
    assert (build.output / "drafts/secret-plan/index.html").is_file()
    assert plain(build.page("blog/hello/")) == [missing("plan")]
    assert "drafts/" not in (build.output / "blog/hello/index.html").read_text()


def test_with_publish_default_false_only_marked_notes_are_published(make_site):
    build = make_site(
        {
            "content/articles/marked.md": note(
                "Marked",
                "Unmarked: [[Unmarked]], [u](unmarked.md); notebook: [[Lab book]].",
                "publish: true\n",
            ),
            "content/articles/unmarked.md": note("Unmarked", "Private xylofrond words."),
            "content/articles/wip.md": note("Wip", "Vorpalwick.", "publish: true\ndraft: true\n"),
            # Pages and projects do not need the mark.
            "content/pages/about.md": "---\ntitle: About\n---\n\nAbout me.\n",
            "content/projects/gizmo.md": "---\ntitle: Gizmo\nsummary: A tool.\n---\n\nIt works.\n",
            "notebooks/shown.ipynb": notebook(
                "title: Shown notebook\npublish: true\n",
                "See [[Unmarked]] and [w]({filename}/articles/wip.md).",
            ),
            "notebooks/lab.ipynb": notebook("title: Lab book\n", "Glimmerdusk results."),
            # Never executed: a kernel that does not exist would fail the build.
            "notebooks/scratch.py": "# ---\n# title: Scratch\n# jupyter:\n#   kernelspec:\n"
            "#     name: no-such-kernel\n#     display_name: None\n# ---\n\n# %%\nprint(1)\n",
        },
        OPT_IN,
    )
    assert build.returncode == 0, build.log
    written = sorted(p.parent.name for p in (build.output / "blog").glob("*/index.html"))
    assert written == ["marked", "shown-notebook"]
    assert build.page("about/").h1.get_text(strip=True) == "About"
    assert build.page("projects/gizmo/").h1.get_text(strip=True) == "Gizmo"
    assert plain(build.page("blog/marked/")) == [
        missing("Unmarked"),
        missing("u"),
        missing("Lab book"),
    ]
    assert plain(build.page("blog/shown-notebook/")) == [missing("Unmarked"), missing("w")]
    assert (
        traces(build.output, ["xylofrond", "vorpalwick", "glimmerdusk", "lab-book", "scratch"])
        == []
    )
    assert "no note or file" not in build.log


@pytest.mark.parametrize(
    "written, shown",
    [('"false"', "'false'"), ('"true"', "'true'"), ("no-thanks", "'no-thanks'"), ("1", "1")],
)
@pytest.mark.parametrize("field", ["publish", "draft"])
def test_publish_and_draft_take_yaml_booleans_only(make_site, field, written, shown):
    build = make_site({"content/articles/x.md": note("X", "Text.", f"{field}: {written}\n")})
    assert build.returncode == 1
    assert (
        f"content/articles/x.md:4: front matter field '{field}': expected true or false "
        f"(unquoted), got {shown}"
    ) in build.log
    assert "Traceback" not in build.log and not (build.output / "blog/x").exists()


def test_a_notebook_flag_that_is_text_is_an_error_too(make_site):
    build = make_site(
        {
            "content/pages/about.md": "---\ntitle: About\n---\n\nMe.\n",
            "notebooks/n.ipynb": notebook('title: N\npublish: "false"\n', "Text."),
        }
    )
    assert build.returncode == 1
    assert "notebooks/n.ipynb:3: front matter field 'publish': expected true or false" in build.log
    assert "Traceback" not in build.log


def test_yaml_booleans_and_pelican_headers_are_read(make_site):
    build = make_site(
        {
            "content/articles/no.md": note("Said no", "Text.", "publish: no\n"),
            "content/articles/on.md": note("Said on", "Text.", "publish: on\n"),
            "content/articles/header.md": "Title: Header\nDate: 2026-01-01\nPublish: False\n\nText.\n",
            "content/articles/shown.md": "Title: Shown\nDate: 2026-01-01\nDraft: FALSE\n\nText.\n",
        },
        PRODUCTION,
    )
    assert build.returncode == 0, build.log
    written = sorted(p.parent.name for p in (build.output / "blog").glob("*/index.html"))
    assert written == ["said-on", "shown"]
    # Those headers are text: only the words true and false are booleans.
    broken = make_site(
        {"content/articles/h.md": "Title: H\nDate: 2026-01-01\nPublish: nope\n\nText.\n"}
    )
    assert broken.returncode == 1 and "Traceback" not in broken.log
    assert "content/articles/h.md:3: front matter field 'publish': expected true or false" in (
        broken.log
    )


def test_folders_and_file_patterns_can_be_left_out(make_site):
    settings = (
        PRODUCTION + 'ARTICLE_EXCLUDES = ["articles/diary", "articles/job-hunt"]\n'
        'IGNORE_FILES = IGNORE_FILES + ["*.private.md"]\n'
    )
    build = make_site(
        {
            "content/articles/hello.md": note(
                "Hello", "[[Acme]], [a](job-hunt/acme.md), [[2026-01-05]] and [[ideas.private]]."
            ),
            "content/articles/diary/2026-01-05.md": note("Monday", "Xylofrond."),
            "content/articles/job-hunt/acme.md": note("Acme application", "Vorpalwick salary."),
            "content/articles/ideas.private.md": note("Ideas", "Glimmerdusk."),
        },
        settings,
    )
    assert build.returncode == 0, build.log
    assert [p.parent.name for p in (build.output / "blog").glob("*/index.html")] == ["hello"]
    assert plain(build.page("blog/hello/")) == [
        missing("Acme"),
        missing("a"),
        missing("2026-01-05"),
        missing("ideas.private"),
    ]
    assert (
        traces(build.output, ["xylofrond", "vorpalwick", "glimmerdusk", "monday", "acme.md"]) == []
    )
    assert "no note or file" not in build.log and "link to" not in build.log
