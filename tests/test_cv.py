"""The CV page from a JSON Resume file: every section present, checked data, a PDF."""

import json
import re
import shutil

import pytest
import yaml
from conftest import SETTINGS, run_build

FULL = {
    "basics": {
        "name": "Ada Example",
        "label": "Numerical engineer",
        "email": "ada@example.org",
        "summary": "I make numbers behave. <script>alert('summary')</script>",
        "location": {"city": "Turin", "countryCode": "IT"},
        "profiles": [{"network": "GitHub", "url": "https://github.com/ada"}],
    },
    "work": [
        {
            "name": "Engines Ltd",
            "position": "Lead engineer",
            "startDate": "2021-03",
            "highlights": ["Made the engine 3× faster"],
        },
        {"name": "Mills Inc", "position": "Engineer", "startDate": "2018", "endDate": "2021-02"},
    ],
    "volunteer": [{"organization": "Code Club", "position": "Mentor", "startDate": "2019-01"}],
    "education": [
        {"institution": "Uni", "area": "Mathematics", "studyType": "PhD", "endDate": "2018"}
    ],
    "awards": [{"title": "Best paper", "date": "2020-05-01", "awarder": "ACM"}],
    "certificates": [{"name": "CUDA expert", "issuer": "NVIDIA", "date": "2022"}],
    "publications": [{"name": "On engines", "publisher": "Journal", "releaseDate": "2019-07"}],
    "skills": [{"name": "Numerics", "level": "Expert", "keywords": ["BLAS", "SIMD"]}],
    "languages": [{"language": "Italian", "fluency": "Native"}],
    "interests": [{"name": "Chess", "keywords": ["endgames"]}],
    "references": [{"name": "Charles B.", "reference": "Ada's work is exact."}],
    "projects": [
        {"name": "Difference engine", "description": "Tables, computed.", "startDate": "2020"}
    ],
}
HEADINGS = [
    "Experience",
    "Projects",
    "Education",
    "Skills",
    "Publications",
    "Awards",
    "Certificates",
    "Volunteering",
    "Languages",
    "Interests",
    "References",
]


def build_site(root, resume, name="resume.yaml", *extra):
    (root / "content/data").mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(SETTINGS)
    text = resume if isinstance(resume, str) else yaml.safe_dump(resume, sort_keys=False)
    (root / "content/data" / name).write_text(text)
    return run_build(root / "pelicanconf.py", root / "output", root, *extra)


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    root = tmp_path_factory.mktemp("cv")
    build = build_site(root, FULL)
    assert build.returncode == 0, build.log
    build.root = root
    return build


def test_every_section_present_is_rendered_in_order(full):
    page = full.page("cv/")
    assert [h.get_text() for h in page.select(".cv-section h2")] == HEADINGS
    assert page.h1.get_text() == "Ada Example"
    work = page.select(".cv-work .cv-entry")
    assert work[0].h3.get_text() == "Lead engineer · Engines Ltd"
    assert work[0].select_one(".cv-dates").get_text() == "Mar 2021 – present"
    assert work[1].select_one(".cv-dates").get_text() == "2018 – Feb 2021"
    assert [t["datetime"] for t in work[1].find_all("time")] == ["2018", "2021-02"]
    assert "Made the engine 3× faster" in work[0].get_text()
    assert page.select_one(".cv-skills .cv-keywords").get_text() == "BLAS · SIMD"
    assert "Turin, IT" in page.select_one(".cv-contact").get_text()


def test_empty_and_absent_sections_are_left_out(tmp_path):
    resume = {"basics": {"name": "Bo"}, "work": [], "skills": [{"name": "Rust"}]}
    build = build_site(tmp_path, resume)
    assert build.returncode == 0, build.log
    page = build.page("cv/")
    assert [h.get_text() for h in page.select(".cv-section h2")] == ["Skills"]


def test_json_resume_files_work_too(tmp_path):
    build = build_site(tmp_path, json.dumps(FULL), "resume.json")
    assert build.returncode == 0, build.log
    assert len(build.page("cv/").select(".cv-section")) == len(HEADINGS)


def test_markup_in_resume_data_is_text(full):
    page = full.page("cv/")
    assert "<script>alert('summary')</script>" in page.select_one(".cv-summary").get_text()
    for script in page.find_all("script"):
        text = script.string or ""
        assert "alert" not in text or script.get("type") == "application/ld+json"
        assert "<script>" not in text  # escaped inside JSON-LD too


def test_person_structured_data_from_the_basics(full):
    for url in ("cv/", ""):
        page = full.page(url)
        data = json.loads(page.find("script", type="application/ld+json").string)
        person = data.get("mainEntity") or data.get("author")
        assert person["name"] == "Ada Example"
        assert person["jobTitle"] == "Numerical engineer"
        assert person["sameAs"] == ["https://github.com/ada"]
        assert person["worksFor"]["name"] == "Engines Ltd"
    home = full.page("")
    assert home.h1.get_text() == "Ada Example"
    assert "Numerical engineer" in home.select_one(".intro .headline").get_text()
    assert full.page("cv/").find("meta", property="og:type")["content"] == "profile"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "basics:\n  name: A\nwork:\n  - name: X\n    postion: Boss\n",
            "resume.yaml:5: unknown field 'work[0].postion'; did you mean 'position'?",
        ),
        (
            "basics:\n  name: A\nwork:\n  - name: X\n    startDate: March 2020\n",
            "resume.yaml:5: field 'work[0].startDate': expected a date as 2021, 2021-03 or 2021-03-15",
        ),
        ("basics:\n  label: Engineer\n", "resume.yaml:1: missing field 'basics.name'"),
        (
            "basics:\n  name: A\nskills: Python\n",
            "resume.yaml:3: field 'skills': Input should be a valid list",
        ),
        ("basics:\n  name: A\n  profiles: [oops\n", "resume.yaml:4: not valid YAML/JSON"),
    ],
)
def test_invalid_resume_fails_naming_file_line_and_field(tmp_path, text, expected):
    build = build_site(tmp_path, text)
    assert build.returncode == 1, build.log
    assert f"content/data/{expected}" in build.log, build.log
    assert "Traceback" not in build.log


@pytest.mark.skipif(
    not shutil.which("chromium"), reason="needs Debian's chromium (.ci/run installs it)"
)
def test_pdf_is_printed_once_and_linked(full):
    page = full.page("cv/")
    link = page.select_one(".cv-pdf a")["href"]
    assert link.endswith("/cv/ada-example-cv.pdf")
    pdf = (full.output / "cv/ada-example-cv.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
    cached = list((full.root / ".cache/portfolio").glob("cv-*.pdf"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    again = run_build(full.root / "pelicanconf.py", full.output, full.root)
    assert again.returncode == 0, again.log
    assert cached[0].stat().st_mtime_ns == stamp  # unchanged: Chromium did not run again
    assert (full.output / "cv/ada-example-cv.pdf").read_bytes() == pdf


def test_cv_page_is_light_and_needs_no_script(example_site):
    out = example_site.output
    weight = sum(
        (out / name).stat().st_size
        for name in ("cv/index.html", "theme/css/site.css", "theme/css/cv.css")
    )
    assert weight < 40_000, weight
    page = example_site.page("cv/")
    assert not page.find_all("script", src=True)
    assert len(page.select(".cv-section")) >= 8  # the example résumé is complete
