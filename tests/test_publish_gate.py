"""Only what the author meant to publish reaches the output: on a site made by
`inkfolio init`, with what a careless author leaves in a vault, built for production
(and pushed to gh-pages), no hidden file, no file from outside the site, no raw note,
no attachment of a private note and no photo's location is published."""

import base64
import io
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer

import pytest
from conftest import run_build
from PIL import ExifTags, Image

from inkfolio import defaults, init
from inkfolio.serve import PagesLikeHandler

TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
DIARY = "Tuesday: told nobody about the interview"


def photo(path, gps=True):
    """A phone's photo: taken sideways (orientation 6), with where and on what."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.BodySerialNumber] = "SN-123456"
    if gps:
        exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, exif=exif, quality=90)


def careless_vault(site, with_links_out=True):
    """What an author's vault holds beside what they publish."""
    content = site / "content"
    (content / "files/.git").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "files/.env").write_text(f"GITHUB_TOKEN={TOKEN}\n")
    (content / "files/.git/config").write_text(f"[remote]\n\ttoken = {TOKEN}\n")
    (content / "images/.DS_Store").write_bytes(b"\0\0\0\1Bud1" + TOKEN.encode())
    (content / "images/Thumbs.db").write_bytes(b"thumbs")
    (content / ".obsidian").mkdir()
    (content / ".obsidian/workspace.json").write_text('{"lastOpen": "diary"}')
    (content / "files/notes.md").write_text(f"---\ntitle: Notes\npublish: false\n---\n{DIARY}\n")
    (content / "files/slides.pdf").write_bytes(b"%PDF-1.4 slides for download\n")
    photo(content / "images/home.jpg")
    photo(content / "images/private-only.jpg")
    photo(content / "images/orphan.jpg")
    hello = content / "articles/hello-world.md"
    hello.write_text(hello.read_text() + "\n\n![Our street](../images/home.jpg)\n")
    (content / "articles/secret.md").write_text(
        "---\ntitle: Secret plan\ndate: 2026-12-01\ndraft: true\n---\n"
        "![p](../images/private-only.jpg)\n"
    )
    (content / "articles/diary.md").write_text(
        f"---\ntitle: Diary\ndate: 2026-12-01\npublish: false\n---\n{DIARY}\n\n"
        "![[private-only.jpg]]\n"
    )
    if with_links_out:
        outside = site.parent / "outside"
        outside.mkdir()
        (outside / "shadow").write_text(f"root:{TOKEN}:19000\n")
        (content / "images/etc-link").symlink_to(outside, target_is_directory=True)
        (content / "files/passwd").symlink_to(outside / "shadow")
    well_known = content / ".well-known"
    well_known.mkdir()
    (well_known / "security.txt").write_text("Contact: mailto:ada@example.org\n")
    (well_known / ".draft").write_text("not this one\n")
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text() + '\nSTATIC_PATHS = [*STATIC_PATHS, ".well-known"]\n')


def new_site(folder, **vault):
    init.init(folder, init.Author(name="Ada Example", github="ada", url="https://ada.github.io"))
    careless_vault(folder, **vault)
    return folder


def published_files(output):
    return {p.relative_to(output).as_posix(): p for p in output.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("gate") / "site")
    build = run_build(site / "publishconf.py", site / "output", site)
    assert build.returncode == 0, build.log
    build.site = site
    build.files = published_files(build.output)
    return build


def test_no_hidden_file_is_published_but_the_named_well_known(built):
    hidden = sorted(
        name for name in built.files if any(part.startswith(".") for part in name.split("/"))
    )
    assert hidden == [".nojekyll", ".well-known/security.txt"]
    assert not [name for name in built.files if name.endswith("Thumbs.db")]


def test_no_published_file_holds_the_token_the_diary_or_a_file_from_outside(built):
    for name, path in built.files.items():
        data = path.read_bytes()
        assert TOKEN.encode() not in data, name
        assert DIARY.encode() not in data, name
        assert b"Secret plan" not in data and b"secret-plan" not in data, name


def test_a_link_out_of_the_site_is_refused_with_one_line_naming_it(built):
    assert not [name for name in built.files if "etc-link" in name or name.endswith("passwd")]
    lines = [line for line in built.log.splitlines() if "outside the site" in line]
    assert len(lines) == 2, built.log
    assert "content/images/etc-link: not published: it is a link to" in lines[0] + lines[1]
    assert "content/files/passwd: not published: it is a link to" in lines[0] + lines[1]


def test_a_note_in_a_static_folder_is_never_copied_raw(built):
    assert "files/notes.md" not in built.files
    assert "content/files/notes.md: not published: it is the source of a note" in built.log


def test_attachments_only_of_published_pages_and_public_folders_are_published(built):
    images = sorted(name for name in built.files if name.startswith("images/"))
    assert images == ["images/home.jpg"]  # private-only.jpg: a draft's and a private note's
    assert "files/slides.pdf" in built.files  # files/ is public: downloads no page links


def test_a_photo_loses_its_location_but_keeps_its_pixels_and_orientation(built):
    source = built.site / "content/images/home.jpg"
    with Image.open(built.files["images/home.jpg"]) as published:
        exif = published.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert dict(exif) == {ExifTags.Base.Orientation: 6}  # no maker, no serial number
        with Image.open(source) as original:
            assert published.tobytes() == original.tobytes()  # not re-encoded
    assert b"PhoneMaker" not in built.files["images/home.jpg"].read_bytes()


def test_the_published_site_passes_its_checks_and_the_preview_hides_what_pages_hide(built):
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", "check", "-s", "publishconf.py", "--no-html"],
        cwd=built.site,
        capture_output=True,
        text=True,
    )
    assert "✓ Secrets" in result.stdout and "✓ Hidden files" in result.stdout, result.stdout
    assert "✓ Photo locations" in result.stdout


@pytest.fixture
def preview(built):
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(PagesLikeHandler, directory=str(built.output))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (built.output / "files/.env").write_text("left by hand\n")  # as an older build might
    yield f"http://127.0.0.1:{server.server_address[1]}"
    (built.output / "files/.env").unlink()
    server.shutdown()
    server.server_close()


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_answers_404_for_hidden_files_and_folders_without_a_page(preview):
    assert status_of(f"{preview}/blog/hello-world/") == 200
    assert status_of(f"{preview}/.well-known/security.txt") == 200
    assert status_of(f"{preview}/files/.env") == 404
    assert status_of(f"{preview}/files/%2Eenv") == 404
    assert status_of(f"{preview}/images/") == 404  # no directory listing
    assert status_of(f"{preview}/files/slides.pdf") == 200


def test_the_dotfile_rule_stays_in_the_engine_defaults(make_site):
    """Pelican alone (without the gate) keeps hidden files out only through IGNORE_FILES."""
    assert ".*" in defaults.IGNORE_FILES
    settings = (
        "from inkfolio.defaults import *\n"
        "PLUGINS = [p for p in PLUGINS if p != 'inkfolio.plugins.publish_gate']\n"
        "SITEURL = 'https://ada.example.org'\n"
    )
    build = make_site(
        {
            "content/articles/.draft-idea.md": "---\ntitle: Idea\ndate: 2026-01-01\n---\nIdea\n",
            "content/articles/post.md": "---\ntitle: Post\ndate: 2026-01-01\n---\nPost\n",
            "content/files/.env": f"TOKEN={TOKEN}\n",
            "content/files/.git/config": "[core]\n",
        },
        settings,
    )
    assert build.returncode == 0, build.log
    names = set(published_files(build.output))
    assert "files/.env" not in names and "files/.git/config" not in names
    assert "blog/idea/index.html" not in names and "blog/post/index.html" in names


def test_hidden_files_stay_out_whatever_ignore_files_a_site_sets(make_site):
    settings = "from inkfolio.defaults import *\nIGNORE_FILES = []\nSITEURL = 'https://a.org'\n"
    build = make_site(
        {
            "content/articles/.draft-idea.md": "---\ntitle: Idea\ndate: 2026-01-01\n---\nIdea\n",
            "content/files/.env": f"TOKEN={TOKEN}\n",
            "content/files/.obsidian/app.json": "{}",
            "content/files/cv.pdf": "%PDF-1.4\n",
        },
        settings,
    )
    assert build.returncode == 0, build.log
    assert set(published_files(build.output)) >= {"files/cv.pdf"}
    assert not [n for n in published_files(build.output) if "/." in n or n.startswith(".e")]
    assert "blog/idea/index.html" not in published_files(build.output)


def git(cwd, *args):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)
    return result.stdout


def test_publish_pushes_nothing_private_to_gh_pages(tmp_path, monkeypatch):
    for name in ("GIT_AUTHOR", "GIT_COMMITTER"):
        monkeypatch.setenv(f"{name}_NAME", "Ada")
        monkeypatch.setenv(f"{name}_EMAIL", "ada@example.org")
    site = new_site(tmp_path / "site", with_links_out=False)
    (site / "content/files/notes.md").unlink()  # a warning: publish (strict) would refuse
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--bare", "-q", str(remote))
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A", "-f")  # the whole vault, .env and all, as a careless author would
    git(site, "commit", "-q", "-m", "Vault")
    git(site, "remote", "add", "origin", str(remote))
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", "publish"], cwd=site, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    names = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").decode().split()
    assert "blog/hello-world/index.html" in names and "images/home.jpg" in names
    assert [n for n in names if n.startswith(".") or "/." in n] == [
        ".nojekyll",
        ".well-known/security.txt",
    ]
    assert not [n for n in names if "private-only" in n or "orphan" in n or n.endswith(".md")]
    for name in names:
        data = git(remote, "show", f"gh-pages:{name}")
        assert TOKEN.encode() not in data and DIARY.encode() not in data, name
    with Image.open(io.BytesIO(git(remote, "show", "gh-pages:images/home.jpg"))) as image:
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_keep_image_metadata_publishes_the_photo_as_it_is(make_site, tmp_path):
    files = {
        "content/articles/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\n![x](../images/p.jpg)\n"
    }
    settings = "from inkfolio.defaults import *\nKEEP_IMAGE_METADATA = True\n"
    photo(tmp_path / "p.jpg")
    files["content/images/p.jpg"] = (tmp_path / "p.jpg").read_bytes()
    build = make_site(files, settings)
    assert build.returncode == 0, build.log
    assert (build.output / "images/p.jpg").read_bytes() == files["content/images/p.jpg"]


def test_a_path_in_a_page_that_leaves_the_content_folder_is_not_copied(make_site, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/pelicanconf-notes.txt").write_text(TOKEN)
    build = make_site(
        {
            "content/articles/a.md": (
                "---\ntitle: A\ndate: 2026-01-01\n---\n[notes](../../pelicanconf-notes.txt)\n"
            ),
            "pelicanconf-notes.txt": TOKEN,
        }
    )
    assert build.returncode == 1
    assert "content/articles/a.md:5: link to '../../pelicanconf-notes.txt'" in build.log
    for name, path in published_files(build.output).items():
        assert TOKEN.encode() not in path.read_bytes(), name


def test_an_image_beside_a_notebook_is_published_under_its_folder(make_site, tmp_path):
    photo(tmp_path / "beside.jpg")
    notebook = (
        "# ---\n# title: Beside\n# date: 2026-01-01\n# ---\n\n"
        "# %% [markdown]\n# The plot: ![plot](beside.jpg)\n\n# %%\n1 + 1\n"
    )
    build = make_site(
        {
            "content/pages/about.md": "---\ntitle: About\n---\nAbout.\n",
            "notebooks/beside.py": notebook,
            "notebooks/beside.jpg": (tmp_path / "beside.jpg").read_bytes(),
        }
    )
    assert build.returncode == 0, build.log
    image = build.page("blog/beside/").select_one("img[alt=plot]")
    assert image["src"] == "https://fixture.example.org/notebooks/beside.jpg"
    with Image.open(build.output / "notebooks/beside.jpg") as published:
        assert not published.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_photo_a_notebook_shows_loses_its_location_on_the_page_and_in_the_download(
    make_site, tmp_path
):
    photo(tmp_path / "shown.jpg")
    notebook = (
        "# ---\n# title: Shown\n# date: 2026-01-01\n# depends: [shown.jpg]\n# ---\n\n"
        "# %%\nfrom IPython.display import Image\nImage(filename='shown.jpg')\n"
    )
    build = make_site(
        {
            "content/pages/about.md": "---\ntitle: About\n---\nAbout.\n",
            "notebooks/shown.py": notebook,
            "notebooks/shown.jpg": (tmp_path / "shown.jpg").read_bytes(),
        }
    )
    assert build.returncode == 0, build.log
    source = build.page("blog/shown/").select_one("img")["src"]
    shown = build.output / source.removeprefix("https://fixture.example.org/")
    download = json.loads((build.output / "blog/shown/shown.ipynb").read_text())
    embedded = base64.b64decode(download["cells"][0]["outputs"][0]["data"]["image/jpeg"])
    for data in (shown.read_bytes(), embedded):
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
            assert image.getexif().get(ExifTags.Base.Orientation) == 6
