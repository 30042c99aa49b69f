"""CV variants: one résumé, a tailored CV per kind of job (``meta.variants``), each its
own unlisted page and PDF, and exported as plain JSON Resume."""

import json
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT
from test_cv import build_site, has_chromium, pdf_pages

from inkfolio.plugins.portfolio import ats

TAGGED = {
    "basics": {
        "name": "Ada Example",
        "label": "Engineer",
        "summary": "General summary.",
        "email": "ada@example.org",
    },
    "meta": {
        "version": "v1.0.0",
        "variants": {
            "ml-infra": {
                "label": "ML infrastructure engineer",
                "summary": "I run models at scale.",
                "sections": ["skills", "work"],
                "tags": ["ml", "infra"],
                "highlights": 1,
            },
            "research": {"sections": ["publications", "education", "work"], "tags": ["research"]},
        },
    },
    "work": [
        {
            "name": "Engines Ltd",
            "position": "Lead engineer",
            "startDate": "2021-03",
            "tags": ["ml"],
            "highlights": ["Served 1B predictions a day", "Cut p99 latency 5×"],
        },
        {
            "name": "Lab",
            "position": "Research assistant",
            "startDate": "2018",
            "endDate": "2021-02",
            "tags": ["research"],
            "highlights": ["Wrote two papers", "Taught a course"],
        },
        {
            "name": "Mills Inc",
            "position": "Engineer",
            "startDate": "2016",
            "endDate": "2018",
            # A line of its own for the ML variant: a highlight may carry tags too.
            "highlights": [
                {"text": "Trained the first ranking model", "tags": ["ml"]},
                "Kept the mills running",
            ],
        },
    ],
    "education": [{"institution": "Uni", "area": "Mathematics", "studyType": "PhD"}],
    "publications": [{"name": "On engines", "releaseDate": "2019-07", "tags": ["research"]}],
    "skills": [{"name": "Kubernetes", "tags": ["infra"]}, {"name": "Proofs", "tags": ["research"]}],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = build_site(tmp_path_factory.mktemp("variants"), TAGGED)
    assert build.returncode == 0, build.log
    return build


def shown(page):
    """(section heading, [entry headings], [highlights]) as the reader sees them."""
    return [
        (
            section.h2.get_text(),
            [h3.get_text(" ", strip=True) for h3 in section.select("h3")],
            [li.get_text() for li in section.select("li")],
        )
        for section in page.select("section.cv-section")
    ]


def test_the_default_cv_stays_whole(site):
    page = site.page("cv/")
    assert page.select_one(".headline").get_text() == "Engineer"
    assert [heading for heading, _, _ in shown(page)] == [
        "Experience",
        "Education",
        "Skills",
        "Publications",
    ]
    assert len(shown(page)[0][1]) == 3
    assert shown(page)[0][2][-2:] == ["Trained the first ranking model", "Kept the mills running"]
    assert page.find("meta", attrs={"name": "robots"}) is None


def test_a_variant_chooses_sections_items_by_tag_and_highlights(site):
    page = site.page("cv/ml-infra/")
    assert page.select_one(".headline").get_text() == "ML infrastructure engineer"
    assert page.select_one(".cv-summary").get_text() == "I run models at scale."
    assert shown(page) == [
        ("Skills", ["Kubernetes"], []),
        (
            "Experience",
            ["Lead engineer · Engines Ltd", "Engineer · Mills Inc"],  # untagged: always in
            # At most one highlight per job, among those with its tags (or none).
            ["Served 1B predictions a day", "Trained the first ranking model"],
        ),
    ]
    research = site.page("cv/research/")
    assert shown(research) == [
        ("Publications", ["On engines"], []),
        ("Education", ["PhD in Mathematics · Uni"], []),
        (
            "Experience",
            ["Research assistant · Lab", "Engineer · Mills Inc"],
            ["Wrote two papers", "Taught a course", "Kept the mills running"],
        ),
    ]
    assert research.select_one(".headline").get_text() == "Engineer"  # its own: none


def test_variants_are_unlisted_and_not_indexed(site):
    for variant in ("ml-infra", "research"):
        page = site.page(f"cv/{variant}/")
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert page.select_one("[data-pagefind-body]") is None  # not in the search index
        assert f"cv/{variant}/" not in (site.output / "sitemap.xml").read_text()
        linking = [
            path.relative_to(site.output)
            for path in site.output.rglob("*.html")
            if f"cv/{variant}/" in path.read_text() and f"cv/{variant}/" not in str(path)
        ]
        assert linking == []


@has_chromium
def test_each_variant_has_its_own_pdf(site):
    for variant in ("ml-infra", "research"):
        link = site.page(f"cv/{variant}/").select_one(".cv-pdf a")["href"]
        assert link == f"https://fixture.example.org/cv/ada-example-{variant}-cv.pdf"
        pdf = site.output / f"cv/ada-example-{variant}-cv.pdf"
        assert pdf.read_bytes().startswith(b"%PDF") and pdf_pages(pdf) == 1
    assert site.page("cv/").select_one(".cv-pdf a")["href"].endswith("/cv/ada-example-cv.pdf")


@pytest.mark.parametrize(
    "change, wrong, expected",
    [
        (
            ("tags", ["mll"]),
            "- mll",
            "CV variant 'ml-infra' asks for the tag 'mll', which no item has; "
            "did you mean 'ml'? (tags in use: infra, ml, research)",
        ),
        (
            ("sections", ["skills", "wrok"]),
            "- wrok",
            "field 'meta.variants.ml-infra.sections[1]': Input should be 'work', 'projects'",
        ),
    ],
)
def test_a_wrong_tag_or_section_is_an_error_with_file_and_line(tmp_path, change, wrong, expected):
    resume = json.loads(json.dumps(TAGGED))
    key, value = change
    resume["meta"]["variants"]["ml-infra"][key] = value
    text = yaml.safe_dump(resume, sort_keys=False, allow_unicode=True)
    line = next(n for n, written in enumerate(text.splitlines(), 1) if written.strip() == wrong)
    build = build_site(tmp_path, text, "resume.yaml", "CV_PDF=false")
    assert build.returncode == 1, build.log
    assert f"content/data/resume.yaml:{line}: {expected}" in build.log, build.log
    assert "Traceback" not in build.log


def inkfolio(site, *args):
    return subprocess.run(
        [sys.executable, "-m", "inkfolio", *args], cwd=site, capture_output=True, text=True
    )


def test_a_variant_exports_as_plain_json_resume(site, tmp_path):
    root = site.output.parent
    done = inkfolio(root, "cv", "export", "ml-infra")
    assert done.returncode == 0, done.stderr
    exported = json.loads(done.stdout)
    assert list(exported) == ["basics", "skills", "work", "meta"]
    assert exported["basics"]["label"] == "ML infrastructure engineer"
    assert exported["meta"] == {"version": "v1.0.0"}  # no variants: other tools' meta only
    assert "tags" not in done.stdout
    assert [job["name"] for job in exported["work"]] == ["Engines Ltd", "Mills Inc"]
    assert exported["work"][0]["highlights"] == ["Served 1B predictions a day"]
    assert exported["work"][1]["highlights"] == ["Trained the first ranking model"]  # text
    # Another JSON Resume tool reads it; so does inkfolio, as a résumé of its own.
    again = build_site(tmp_path / "again", done.stdout, "resume.json", "CV_PDF=false")
    assert again.returncode == 0, again.log
    assert again.page("cv/").select_one(".headline").get_text() == "ML infrastructure engineer"
    unknown = inkfolio(root, "cv", "export", "backend")
    assert unknown.returncode == 1
    assert "no CV variant 'backend' (variants: ml-infra, research)" in unknown.stderr


def test_the_example_resume_still_validates_unchanged():
    done = inkfolio(ROOT, "cv", "export")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["basics"]["name"]


@has_chromium
def test_every_pdf_reads_as_the_cv_in_order(site):
    for pdf in ["ada-example-cv.pdf", "ada-example-ml-infra-cv.pdf", "ada-example-research-cv.pdf"]:
        pages, text = ats.text_of(site.output / "cv" / pdf)
        assert pages == 1 and "ada@example.org" in text
    assert "applicant tracking system" not in site.log  # the build checked each one
    research = ats.text_of(site.output / "cv/ada-example-research-cv.pdf")[1]
    assert research.index("Publications") < research.index("Education") < research.index("Lab")
    assert "Kubernetes" not in research


@has_chromium
def test_a_pdf_whose_reading_order_is_broken_fails_the_build(tmp_path):
    # Sections drawn in the CV's order, but written in the reverse one: what an ATS reads.
    engine = (ROOT / "theme/templates/partials/cv_sections.html").read_text()
    broken = engine.replace(
        "{% for section in RESUME.sections %}",
        '<div style="display:grid">{% for section in RESUME.sections | reverse %}'
        '<div style="grid-row:{{ loop.revindex }}">',
    )
    broken = broken[: broken.rindex("{% endfor %}")] + "</div>{% endfor %}</div>\n"
    assert broken.count("grid-row") == 1
    (tmp_path / "theme/templates/partials").mkdir(parents=True)
    (tmp_path / "theme/templates/partials/cv_sections.html").write_text(broken)
    build = build_site(tmp_path, TAGGED)
    assert build.returncode == 1, build.log
    assert (
        "cv/ada-example-cv.pdf: its text, as an applicant tracking system reads it, does not "
        "say what the CV says: 'Education' is read out of order" in build.log
    ), build.log
    assert "Traceback" not in build.log
