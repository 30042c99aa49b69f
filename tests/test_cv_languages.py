"""A résumé in a second language (resume.de.yaml beside resume.yaml): /de/cv/ and its
PDF, with headings and dates in German (Babel), and links between the two."""

import pytest
from test_cv import build_site, has_chromium
from test_cv_variants import TAGGED, shown

from inkfolio.plugins.portfolio import ats

GERMAN = """\
basics:
  name: Ada Example
  label: Ingenieurin
  email: ada@example.org
meta:
  variants:
    ml-infra:
      sections: [work]
      tags: [ml]
work:
  - name: Engines GmbH
    position: Leitende Ingenieurin
    startDate: 2021-03
    tags: [ml]
    highlights: [Eine Milliarde Vorhersagen am Tag]
  - name: Labor
    position: Wissenschaftliche Mitarbeiterin
    startDate: 2018-09
    endDate: 2021-02
education:
  - institution: Universität Turin
    studyType: Promotion
    area: Mathematik
    score: "1,0"
languages:
  - language: Italienisch
    fluency: Muttersprache
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("languages")
    (root / "content/data").mkdir(parents=True)
    (root / "content/data/resume.de.yaml").write_text(GERMAN, encoding="utf-8")
    build = build_site(root, TAGGED)
    assert build.returncode == 0, build.log
    return build


def test_a_german_resume_has_german_headings_and_dates(site):
    page = site.page("de/cv/")
    assert page.html["lang"] == "de"
    assert shown(page) == [
        (
            "Berufserfahrung",
            ["Leitende Ingenieurin · Engines GmbH", "Wissenschaftliche Mitarbeiterin · Labor"],
            ["Eine Milliarde Vorhersagen am Tag"],
        ),
        ("Ausbildung", ["Promotion in Mathematik · Universität Turin"], []),
        ("Sprachen", ["Italienisch · Muttersprache"], []),
    ]
    dates = [p.get_text() for p in page.select(".cv-dates")]
    assert dates == ["März 2021 – heute", "Sept. 2018 – Feb. 2021"]
    assert "Note: 1,0" in page.select_one("section.cv-education").get_text()
    # The English CV is as it was.
    english = site.page("cv/")
    assert english.html["lang"] == "en"
    assert english.select_one(".cv-dates").get_text() == "Mar 2021 – present"


def test_the_two_languages_link_each_other(site):
    german, english = site.page("de/cv/"), site.page("cv/")
    to_english = german.select_one(".cv-translations a")
    assert (to_english.get_text(), to_english["hreflang"]) == ("English", "en")
    assert to_english["href"] == "https://fixture.example.org/cv/"
    to_german = english.select_one(".cv-translations a")
    assert (to_german.get_text(), to_german["href"]) == (
        "Deutsch",
        "https://fixture.example.org/de/cv/",
    )
    alternate = english.select_one('link[rel="alternate"][hreflang="de"]')
    assert alternate["href"] == "https://fixture.example.org/de/cv/"
    # A variant in both languages links its twin, and nothing public links either.
    assert (
        site.page("de/cv/ml-infra/")
        .select_one(".cv-translations a")["href"]
        .endswith("/cv/ml-infra/")
    )
    assert site.page("cv/research/").select_one(".cv-translations") is None
    assert "de/cv/ml-infra" not in (site.output / "sitemap.xml").read_text()
    assert "de/cv/" in (site.output / "sitemap.xml").read_text()


@has_chromium
def test_the_german_pdf_reads_in_german(site):
    link = site.page("de/cv/").select_one(".cv-pdf a")
    assert link.get_text() == "PDF herunterladen"
    assert link["href"] == "https://fixture.example.org/de/cv/ada-example-lebenslauf.pdf"
    pages, text = ats.text_of(site.output / "de/cv/ada-example-lebenslauf.pdf")
    assert pages == 1
    assert text.index("Berufserfahrung") < text.index("März 2021") < text.index("heute")
    assert text.index("Ausbildung") < text.index("Sprachen")
    assert (site.output / "de/cv/ada-example-ml-infra-lebenslauf.pdf").is_file()


def test_a_language_without_headings_warns_and_uses_english(tmp_path):
    (tmp_path / "content/data").mkdir(parents=True)
    (tmp_path / "content/data/resume.ja.yaml").write_text(GERMAN, encoding="utf-8")
    build = build_site(tmp_path, TAGGED, "resume.yaml", "CV_PDF=false")
    assert build.returncode == 0, build.log
    assert "content/data/resume.ja.yaml: no CV headings in 'ja'" in build.log, build.log
    page = build.page("ja/cv/")
    assert page.select_one("section h2").get_text() == "Experience"
    assert page.select_one(".cv-dates").get_text().startswith("2021年3月")
