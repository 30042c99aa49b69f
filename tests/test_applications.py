"""Applications (content/applications/): a private page per job applied for, with the
tailored CV, the cover letter (and its PDF) and the chosen work; nothing of it anywhere
else on the site."""

import gzip
import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from conftest import SETTINGS, run_build
from test_cv import has_chromium, pdf_pages
from test_cv_variants import TAGGED

from inkfolio.plugins.portfolio import ats

PROJECT = """\
---
title: tinygemm
summary: A matrix multiply that is 1000× faster than the triple loop.
stack: [C, Python]
---

The story.
"""
ARTICLE = """\
---
title: Loop order
date: 2026-03-01
summary: Why the order of three loops matters.
---

Text.
"""
OTHER_ARTICLE = "---\ntitle: Unrelated\ndate: 2026-04-01\n---\n\nOther.\n"
LETTER = """\
Dear hiring team at Acme,

I would like to bring my work on [[Loop order|fast kernels]] to your inference team.

Kind regards,
Ada
"""


def new_application(site, *args):
    return subprocess.run(
        [sys.executable, "-m", "inkfolio", "application", "new", *args],
        cwd=site,
        capture_output=True,
        text=True,
    )


def write_site(root):
    (root / "content/data").mkdir(parents=True)
    (root / "content/data/resume.yaml").write_text(yaml.safe_dump(TAGGED, sort_keys=False))
    (root / "content/projects").mkdir()
    (root / "content/projects/tinygemm.md").write_text(PROJECT)
    (root / "content/articles").mkdir()
    (root / "content/articles/loop-order.md").write_text(ARTICLE)
    (root / "content/articles/unrelated.md").write_text(OTHER_ARTICLE)
    (root / "pelicanconf.py").write_text(SETTINGS)


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """A site with one application, started with `inkfolio application new` and then
    filled in as its author would; built twice."""
    root = tmp_path_factory.mktemp("applications")
    write_site(root)
    started = new_application(root, "Acme — ML engineer", "--variant", "ml-infra")
    assert started.returncode == 0, started.stderr
    source = root / "content/applications/acme-ml-engineer.md"
    text = source.read_text()
    text = text.replace("projects: []", "projects: [tinygemm]")
    text = text.replace("articles: []", "articles: [loop-order]")
    source.write_text(text.split("---\n\n")[0] + "---\n\n" + LETTER)
    written = source.read_bytes()
    first = run_build(root / "pelicanconf.py", root / "output", root)
    assert first.returncode == 0, first.log
    first_pages = sorted(p.relative_to(root / "output") for p in (root / "output").rglob("*.html"))
    second = run_build(root / "pelicanconf.py", root / "output", root)
    assert second.returncode == 0, second.log
    second.started = started
    second.root = root
    second.address = re.search(r"^address: (\S+)$", text, re.M)[1]
    second.first_pages = first_pages
    second.source_unchanged = source.read_bytes() == written
    return second


def test_new_writes_a_private_address_and_says_where_the_page_will_be(applied):
    address = applied.address
    assert re.fullmatch(r"acme-ml-engineer-[a-z0-9]{12}", address)
    assert "content/applications/acme-ml-engineer.md" in applied.started.stdout
    assert f"https://fixture.example.org/applications/{address}/" in applied.started.stdout
    again = new_application(applied.root, "Acme — ML engineer")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_its_address_is_stable_and_the_build_never_writes_the_file(applied):
    assert applied.source_unchanged
    pages = sorted(p.relative_to(applied.output) for p in applied.output.rglob("*.html"))
    assert pages == applied.first_pages
    assert (applied.output / f"applications/{applied.address}/index.html").is_file()


def test_the_page_shows_the_letter_the_chosen_work_and_the_tailored_cv(applied):
    page = applied.page(f"applications/{applied.address}/")
    assert page.h1.get_text() == "Ada Example"
    assert page.select_one(".cv-header .headline").get_text() == "ML infrastructure engineer"
    assert page.select_one(".application-for").get_text() == "Acme — ML engineer"
    letter = page.select_one(".application-letter")
    assert "bring my work on fast kernels to your inference team" in letter.get_text()
    # The letter's wikilink goes to the article, and the article does not link back.
    assert letter.select_one("a.wikilink")["href"].endswith("/blog/loop-order/")
    cards = page.select(".application-work li")
    assert [card.h3.get_text() for card in cards] == ["tinygemm", "Loop order"]
    assert cards[0].a["href"] == "https://fixture.example.org/projects/tinygemm/"
    assert "1000× faster" in cards[0].get_text()
    # The ml-infra variant: its sections, in its order.
    assert [h.get_text() for h in page.select(".cv-section h2")] == ["Skills", "Experience"]
    assert page.select_one('meta[name="robots"]')["content"].startswith("noindex")
    assert page.select_one("article")["data-pagefind-ignore"] == "all"
    assert not page.select("[data-pagefind-body]")


@has_chromium
def test_its_pdfs_are_the_letter_and_the_variants_cv(applied):
    page = applied.page(f"applications/{applied.address}/")
    links = [a["href"] for a in page.select(".cv-pdf a")]
    assert links == [
        "https://fixture.example.org/cv/ada-example-ml-infra-cv.pdf",
        f"https://fixture.example.org/applications/{applied.address}/ada-example-cover-letter.pdf",
    ]
    letter = applied.output / f"applications/{applied.address}/ada-example-cover-letter.pdf"
    assert pdf_pages(letter) == 1
    _, text = ats.text_of(letter)
    assert "Ada Example" in text and "ada@example.org" in text
    assert "to your inference team" in text
    # Printed, an application is its letter: not the CV, not the chosen work.
    assert "Experience" not in text and "tinygemm" not in text


def test_nothing_of_it_is_anywhere_else_on_the_site(applied):
    """No other file of the output names it: not the sitemap, the feeds, the lists, the
    article it links, the search index (its files are compressed), the social cards."""
    folder = applied.output / "applications" / applied.address
    for path in applied.output.rglob("*"):
        if not path.is_file() or folder in path.parents:
            continue
        data = path.read_bytes()
        if path.suffix.startswith(".pf_"):  # Pagefind's index: gzip-compressed
            data = gzip.decompress(data)
        for secret in (applied.address.encode(), b"Acme", b"acme-ml-engineer"):
            assert secret not in data, f"{path.relative_to(applied.output)} names {secret}"
    article = applied.page("blog/loop-order/")
    assert "Acme" not in article.get_text()


def test_the_variant_pdf_lists_do_not_name_it_either(applied):
    sitemap = (applied.output / "sitemap.xml").read_text()
    assert "/applications/" not in sitemap and "/cv/ml-infra/" not in sitemap


def application_site(tmp_path, front_matter, body="Dear team,\n\nHello.\n"):
    write_site(tmp_path)
    (tmp_path / "content/applications").mkdir()
    path = tmp_path / "content/applications/acme.md"
    path.write_text(f"---\ntitle: Acme\n{front_matter}---\n\n{body}")
    build = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path, "CV_PDF=false")
    build.source_after = path.read_text()
    return build


def test_an_application_without_an_address_fails_with_a_line_to_add(tmp_path):
    build = application_site(tmp_path, "variant: ml-infra\n")
    assert build.returncode != 0
    assert "content/applications/acme.md:1: no 'address' in the front matter" in build.log
    assert re.search(r"'address: acme-[a-z0-9]{12}'", build.log)
    assert "address" not in build.source_after  # the build never writes content/
    assert "Traceback" not in build.log


def test_a_guessable_address_is_refused(tmp_path):
    build = application_site(tmp_path, "address: acme-engineering\n")
    assert build.returncode != 0
    assert (
        "content/applications/acme.md:3: 'address' is 'acme-engineering', which is guessable"
        in (build.log)
    )


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        (
            "variant: ml-infr\n",
            "acme.md:4: front matter field 'variant': no CV variant 'ml-infr'; "
            "did you mean 'ml-infra'?",
        ),
        (
            "projects: [tinygem]\n",
            "acme.md:4: front matter field 'projects' entry 1: no published project "
            "'tinygem'; did you mean 'tinygemm'?",
        ),
        (
            "articles: [loop-order, nope]\n",
            "acme.md:4: front matter field 'articles' entry 2: no published article 'nope'",
        ),
    ],
    ids=["variant", "project", "article"],
)
def test_what_it_names_must_exist(tmp_path, front_matter, message):
    build = application_site(tmp_path, f"address: acme-k3x9q2m7v1za\n{front_matter}")
    assert build.returncode != 0
    assert message in build.log
    assert "Traceback" not in build.log


@has_chromium
def test_check_reports_each_pdf_with_its_pages_and_reads_a_cv_again(applied):
    def check():
        return subprocess.run(
            [sys.executable, "-m", "inkfolio", "check", "--no-html"],
            cwd=applied.root,
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "300"},
        )

    passed = check()
    assert passed.returncode == 0, passed.stdout
    assert "cv/ada-example-ml-infra-cv.pdf: 1 page(s), its text complete and in order" in (
        passed.stdout
    )
    letter = f"applications/{applied.address}/ada-example-cover-letter.pdf: 1 page(s) (a letter"
    assert letter in passed.stdout
    # What the build recorded a CV must say, and its PDF does not: check names what is lost.
    records = applied.root / ".cache/portfolio/pdf-checks.json"
    saved = records.read_text()
    recorded = json.loads(saved)
    ml_infra = next(r for r in recorded.values() if r["pdf"].endswith("ml-infra-cv.pdf"))
    ml_infra["expected"].append("Board of directors")
    records.write_text(json.dumps(recorded))
    try:
        failed = check()
    finally:
        records.write_text(saved)
    assert failed.returncode == 1
    assert "cv/ada-example-ml-infra-cv.pdf: 1 page(s); its text lost" in failed.stdout
    assert "Board of directors" in failed.stdout
