"""The CV page from a JSON Resume file: every section present, checked data, a PDF."""

import json
import os
import re
import shutil
import sys

import pytest
import yaml
from conftest import SETTINGS, run_build
from test_site import page_weight

FULL = {
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    "basics": {
        "name": "Ada Example",
        "label": "Numerical engineer",
        "email": "ada@example.org",
        "summary": "I make numbers behave. <script>alert('summary')</script>",
        "location": {"city": "Turin", "countryCode": "IT"},
        "profiles": [{"network": "GitHub", "username": "ada", "url": "https://github.com/ada"}],
    },
    "work": [
        {
            "name": "Engines Ltd",
            "url": "https://engines.example.org",
            "position": "Lead engineer",
            "startDate": "2021-03",
            "highlights": ["Made the engine 3× faster", "<b>bold</b> claims"],
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
NO_PDF = "CV_PDF=false"  # builds that are not about the PDF need not start Chromium
has_chromium = pytest.mark.skipif(
    not shutil.which("chromium"), reason="needs Debian's chromium (.ci/run installs it)"
)


def build_site(root, resume, name="resume.yaml", *extra):
    (root / "content/data").mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(SETTINGS)
    text = resume if isinstance(resume, str) else yaml.safe_dump(resume, sort_keys=False)
    (root / "content/data" / name).write_text(text)
    return run_build(root / "pelicanconf.py", root / "output", root, *extra)


def pdf_pages(path):
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """A site whose résumé has every section (and a PDF when Chromium is installed)."""
    root = tmp_path_factory.mktemp("cv")
    build = build_site(root, FULL)
    assert build.returncode == 0, build.log
    build.root = root
    return build


def test_every_section_present_is_rendered_in_order(full):
    page = full.page("cv/")
    assert [h.get_text() for h in page.select(".cv-section h2")] == HEADINGS
    for section in page.select(".cv-section"):
        assert len(section.select(".cv-entry")) == 1 + ("cv-work" in section["class"]), section
    assert page.h1.get_text() == "Ada Example"
    assert page.select_one(".cv-header .headline").get_text() == "Numerical engineer"
    work = page.select(".cv-work .cv-entry")
    assert work[0].h3.get_text() == "Lead engineer · Engines Ltd"
    # The company's address links the company, not the role.
    assert work[0].select_one(".cv-where a")["href"] == "https://engines.example.org"
    assert "Made the engine 3× faster" in work[0].get_text()
    assert page.select_one(".cv-skills .cv-keywords").get_text() == "BLAS · SIMD"
    assert page.select_one(".cv-education h3").get_text() == "PhD in Mathematics · Uni"
    assert "Ada's work is exact." in page.select_one(".cv-references").get_text()
    contact = page.select_one(".cv-contact")
    assert "Turin, IT" in contact.get_text()
    assert contact.select_one('a[href="mailto:ada@example.org"]')
    assert contact.select_one('a[href="https://github.com/ada"]').get_text() == "github.com/ada"


def test_dates_read_like_a_cv(full):
    page = full.page("cv/")
    work = page.select(".cv-work .cv-entry")
    assert work[0].select_one(".cv-dates").get_text() == "Mar 2021 – present"
    assert work[1].select_one(".cv-dates").get_text() == "2018 – Feb 2021"
    assert [t["datetime"] for t in work[1].find_all("time")] == ["2018", "2021-02"]
    award = page.select_one(".cv-awards .cv-dates time")
    assert (award["datetime"], award.get_text()) == ("2020-05-01", "May 2020")
    # A finished degree with only an end date, a one-off publication: no "present".
    assert page.select_one(".cv-education .cv-dates").get_text() == "2018"
    assert page.select_one(".cv-publications .cv-dates").get_text() == "Jul 2019"


def test_empty_and_absent_sections_are_left_out(tmp_path):
    # `work:` with nothing under it is an empty section, as is `awards: []`.
    text = "basics:\n  name: Bo\nwork:\nawards: []\nskills:\n  - name: Rust\n"
    build = build_site(tmp_path, text, "resume.yaml", NO_PDF)
    assert build.returncode == 0, build.log
    page = build.page("cv/")
    assert [h.get_text() for h in page.select(".cv-section h2")] == ["Skills"]
    assert not page.select(".cv-contact li, .cv-summary, .cv-pdf")


def test_json_resume_files_and_unquoted_yaml_dates_work_too(tmp_path):
    build = build_site(tmp_path / "json", json.dumps(FULL, indent=2), "resume.json", NO_PDF)
    assert build.returncode == 0, build.log
    assert len(build.page("cv/").select(".cv-section")) == len(HEADINGS)
    # YAML reads 2020-05-01 as a date and 2018 as a number: both are what was meant.
    text = "basics:\n  name: Bo\nawards:\n  - title: Prize\n    date: 2020-05-01\n"
    build = build_site(tmp_path / "yaml", text + "work:\n  - name: X\n    startDate: 2018\n")
    assert build.returncode == 0, build.log
    assert build.page("cv/").select_one(".cv-awards time")["datetime"] == "2020-05-01"


def test_a_bare_domain_is_an_https_link_and_an_empty_url_is_none(tmp_path):
    text = (
        "basics:\n  name: Bo\n  url: bo.dev/about\n"
        "work:\n  - name: Acme\n    position: Engineer\n    url: ''\n"
    )
    build = build_site(tmp_path, text, "resume.yaml", NO_PDF)
    assert build.returncode == 0, build.log
    page = build.page("cv/")
    assert [a["href"] for a in page.select(".cv-contact a[href*='bo.dev']")] == [
        "https://bo.dev/about"
    ]
    assert page.select_one(".cv-work") and not page.select(".cv-work a[href='']")


def test_resume_file_setting_names_another_file(tmp_path):
    (tmp_path / "content/about").mkdir(parents=True)
    (tmp_path / "content/about/me.json").write_text(json.dumps({"basics": {"name": "Cy"}}))
    (tmp_path / "pelicanconf.py").write_text(SETTINGS)
    build = run_build(
        tmp_path / "pelicanconf.py",
        tmp_path / "output",
        tmp_path,
        'RESUME_FILE="about/me.json"',
        NO_PDF,
    )
    assert build.returncode == 0, build.log
    assert build.page("cv/").h1.get_text() == "Cy"


def test_no_resume_no_cv(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "pelicanconf.py").write_text(SETTINGS)
    build = run_build(tmp_path / "pelicanconf.py", tmp_path / "output", tmp_path)
    assert build.returncode == 0, build.log
    assert not (build.output / "cv").exists()
    assert not build.page("").select('a[href$="/cv/"]')


def test_markup_in_resume_data_is_text(full):
    page = full.page("cv/")
    assert "<script>alert('summary')</script>" in page.select_one(".cv-summary").get_text()
    assert "<b>bold</b> claims" in page.select_one(".cv-work li:nth-of-type(2)").get_text()
    assert not page.select(".cv b")
    for url in ("cv/", ""):
        for script in full.page(url).find_all("script"):
            text = script.string or ""
            assert "alert" not in text or script.get("type") == "application/ld+json"
            assert "<script>" not in text  # escaped inside JSON-LD too


def test_person_structured_data_from_the_basics(full):
    for url in ("cv/", ""):
        data = json.loads(full.page(url).find("script", type="application/ld+json").string)
        person = data.get("mainEntity") or data.get("author")
        assert person["@type"] == "Person"
        assert person["name"] == "Ada Example"
        assert person["url"] == "https://fixture.example.org/"
        assert person["jobTitle"] == "Numerical engineer"
        assert person["email"] == "mailto:ada@example.org"
        assert person["sameAs"] == ["https://github.com/ada"]
        assert person["address"] == {
            "@type": "PostalAddress",
            "addressLocality": "Turin",
            "addressCountry": "IT",
        }
        assert person["worksFor"] == {
            "@type": "Organization",
            "name": "Engines Ltd",
            "url": "https://engines.example.org",
        }
        assert person["alumniOf"] == [{"@type": "EducationalOrganization", "name": "Uni"}]
    cv = full.page("cv/")
    assert json.loads(cv.find("script", type="application/ld+json").string)["@type"] == (
        "ProfilePage"
    )
    assert cv.find("meta", property="og:type")["content"] == "profile"
    assert cv.find("meta", property="og:url")["content"] == "https://fixture.example.org/cv/"
    assert cv.find("meta", property="og:title")["content"] == "Ada Example · CV"
    home = full.page("")
    assert home.h1.get_text() == "Ada Example"
    assert "Numerical engineer" in home.select_one(".intro .headline").get_text()


def test_cv_stylesheet_only_on_the_cv_page(full):
    def stylesheets(url):
        return [link["href"] for link in full.page(url).select('link[rel="stylesheet"]')]

    assert any(href.endswith("/css/cv.css") for href in stylesheets("cv/"))
    assert not any(href.endswith("/css/cv.css") for href in stylesheets(""))
    css = (full.output / "theme/css/cv.css").read_text()
    assert "@media print" in css and "@page" in css


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "basics:\n  name: A\nwork:\n  - name: X\n    postion: Boss\n",
            "resume.yaml:5: unknown field 'work[0].postion'; did you mean 'position'?",
        ),
        (
            "basics:\n  name: A\nprojets: []\n",
            "resume.yaml:3: unknown field 'projets'; did you mean 'projects'?",
        ),
        (
            "basics:\n  name: A\nwork:\n  - name: X\n  - name: Y\n  - name: Z\n"
            "    startDate: March 2020\n",
            "resume.yaml:7: field 'work[2].startDate': expected a date as 2021, 2021-03 or "
            "2021-03-15, got 'March 2020'",
        ),
        (
            "basics:\n  name: A\nawards:\n  - title: T\n    date: 2021-02-30\n",
            "resume.yaml:5: field 'awards[0].date': expected a date",
        ),
        (
            "basics:\n  name: A\n  url: javascript:alert(1)\n",
            "resume.yaml:3: field 'basics.url': expected a web address (https://, http:// or "
            "mailto:), got 'javascript:alert(1)'",
        ),
        (
            "basics:\n  name: A\n  profiles:\n    - network: GitHub\n"
            "      url: javascript:alert(document.cookie)\n",
            "resume.yaml:5: field 'basics.profiles[0].url': expected a web address",
        ),
        (
            "basics:\n  name: A\nwork:\n  - name: X\n    url: data:text/html,hi\n",
            "resume.yaml:5: field 'work[0].url': expected a web address",
        ),
        ("basics:\n  label: Engineer\n", "resume.yaml:1: missing field 'basics.name'"),
        (
            "basics:\n  name: A\nskills: Python\n",
            "resume.yaml:3: field 'skills': expected a list",
        ),
        (
            "basics: Ada\n",
            "resume.yaml:1: field 'basics': expected fields (key: value)",
        ),
        ("basics:\n  name: A\n  profiles: [oops\n", "resume.yaml:4: not valid YAML/JSON"),
        (
            '{\n  "basics": {\n    "name": "A",\n    "lable": "B"\n  }\n}\n',
            "resume.json:4: unknown field 'basics.lable'; did you mean 'label'?",
        ),
    ],
)
def test_invalid_resume_fails_naming_file_line_and_field(tmp_path, text, expected):
    name = expected.split(":")[0]
    build = build_site(tmp_path, text, name)
    assert build.returncode == 1, build.log
    assert f"ERROR: content/data/{expected}" in build.log, build.log
    assert "Traceback" not in build.log


@has_chromium
def test_pdf_is_printed_once_and_linked(full, tmp_path):
    page = full.page("cv/")
    link = page.select_one(".cv-pdf a")["href"]
    assert link == "https://fixture.example.org/cv/ada-example-cv.pdf"
    pdf = full.output / "cv/ada-example-cv.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf_pages(pdf) == 1
    cached = list((full.root / ".cache/portfolio").glob("cv-*.pdf"))
    assert len(cached) == 1
    # A copy of the site (the module's build stays as other tests read it), rebuilt with
    # a browser that cannot print: an unchanged CV never starts it.
    root = tmp_path / "copy"
    shutil.copytree(full.root, root)
    browser = root / "no-chrome"
    browser.write_text(f"#!/bin/sh\ntouch {root}/started\nexit 1\n")
    browser.chmod(0o755)
    (root / "output/cv/ada-example-cv.pdf").unlink()
    again = run_build(
        root / "pelicanconf.py", root / "output", root, f"CV_PDF={json.dumps(str(browser))}"
    )
    assert again.returncode == 0, again.log
    assert "WARNING" not in again.log
    assert not (root / "started").exists()
    assert (root / "output/cv/ada-example-cv.pdf").read_bytes() == cached[0].read_bytes()
    assert again.page("cv/").select_one(".cv-pdf a")


def test_no_chromium_no_pdf_and_no_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable))  # python, and no browser
    build = build_site(tmp_path, FULL)
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log
    assert not build.page("cv/").select(".cv-pdf")
    assert not list(build.output.rglob("*.pdf"))


def test_a_failing_browser_is_a_warning_and_the_page_links_no_pdf(tmp_path):
    browser = tmp_path / "broken-chrome"
    browser.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    browser.chmod(0o755)
    build = build_site(tmp_path, FULL, "resume.yaml", f"CV_PDF={json.dumps(str(browser))}")
    assert build.returncode == 0, build.log
    assert (
        "WARNING: PDF: Chromium could not print cv/ada-example-cv.pdf (exit status 3: cannot open"
        in (build.log)
    )
    assert not build.page("cv/").select(".cv-pdf")
    assert not list(build.output.rglob("*.pdf"))


def test_example_cv_is_complete_light_and_needs_no_script(example_site):
    out = example_site.output
    page = example_site.page("cv/")
    assert len(page.select(".cv-section")) >= 8  # the example résumé is complete
    assert page.h1.get_text() == "Mira Okafor"
    assert not page.find_all("script", src=True)  # readable without JavaScript
    assert page_weight(out, out / "cv/index.html") < 40_000
    if shutil.which("chromium"):  # printed on one or two pages, linked from the page
        assert page.select_one(".cv-pdf a")["href"].endswith("/cv/mira-okafor-cv.pdf")
        assert 1 <= pdf_pages(out / "cv/mira-okafor-cv.pdf") <= 2
