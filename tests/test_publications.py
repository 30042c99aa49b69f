"""/publications/ from content/data/publications.bib: real pybtex, a real build."""

import json

import pytest
from conftest import SETTINGS, run_build

PUBLICATIONS = r"""
@inproceedings{example2025kernels,
  author = {Example, Ada and M{\"u}ller, J{\"o}rg},
  title = {Fast {GPU} Kernels for Sparse Attention},
  booktitle = {Proceedings of {MLSys}},
  year = {2025},
  doi = {10.1234/mlsys.2025.42},
  code = {https://github.com/ada/kernels},
  slides = {https://example.org/slides.pdf},
  abstract = {Sparse attention can be fast -- very fast.},
}
@misc{example2024preprint,
  author = {A. Example and Bob Builder},
  title = {A Preprint on Caches},
  year = {2024},
  eprint = {2401.01234},
  archivePrefix = {arXiv},
}
@misc{example2024talk,
  author = {Example, Ada},
  title = {Why Caches Matter},
  year = {2024},
  howpublished = {PyCon},
  pubtype = {talk},
  video = {https://example.org/video},
}
@phdthesis{example2023thesis,
  author = {Example, Ada},
  title = {On Memory Hierarchies},
  school = {University of Somewhere},
  year = {2023},
  pdf = {https://example.org/thesis.pdf},
}
"""


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("publications") / "site"
    (root / "content/data").mkdir(parents=True)
    (root / "content/data/publications.bib").write_text(PUBLICATIONS, encoding="utf-8")
    (root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    build = run_build(root / "pelicanconf.py", root / "output", root)
    assert build.returncode == 0, build.log
    return build


def entry(page, key):
    return page.select_one(f"li.publication#{key}")


def test_grouped_by_year_newest_first(published):
    page = published.page("publications/")
    assert [h.get_text() for h in page.select("section h2")] == ["2025", "2024", "2023"]
    titles = [t.get_text() for t in page.select("section:nth-of-type(2) .publication-title strong")]
    assert titles == ["A Preprint on Caches", "Why Caches Matter"]


def test_filter_pages_by_kind_need_no_script(published):
    page = published.page("publications/")
    chips = {a.get_text(" ", strip=True): a["href"] for a in page.select(".filters a")}
    assert set(chips) == {"All 4", "Papers 1", "Preprints 1", "Talks 1", "Theses 1"}
    talks = published.page("publications/talk/")
    assert [t.get_text() for t in talks.select(".publication-title strong")] == [
        "Why Caches Matter"
    ]
    assert talks.select_one(".filters a[aria-current]").get_text(" ", strip=True) == "Talks 1"
    assert not [s for s in talks.find_all("script") if s.get("src")]


def test_links_abstract_and_bibtex(published):
    page = published.page("publications/")
    kernels = entry(page, "example2025kernels")
    links = {a.get_text(): a["href"] for a in kernels.select(".publication-links a")}
    assert links == {
        "Code": "https://github.com/ada/kernels",
        "Slides": "https://example.org/slides.pdf",
        "DOI": "https://doi.org/10.1234/mlsys.2025.42",
    }
    summaries = [d.select_one("summary").get_text() for d in kernels.select("details")]
    assert summaries == ["Abstract", "BibTeX"]
    assert "fast – very fast" in kernels.select("details")[0].get_text()
    bib = kernels.select("details")[1].get_text()
    assert bib.lstrip("BibTeX").strip().startswith("@inproceedings{example2025kernels,")
    assert "code" not in bib and "abstract" not in bib  # the site's own fields stay out
    preprint = entry(page, "example2024preprint")
    assert preprint.select_one(".publication-kind").get_text() == "preprint"
    assert preprint.select_one(".publication-links a")["href"] == "https://arxiv.org/abs/2401.01234"
    assert entry(page, "example2023thesis").select_one(".publication-links a").get_text() == "PDF"


def test_the_authors_own_name_is_highlighted(published):
    page = published.page("publications/")
    kernels = entry(page, "example2025kernels")
    assert [s.get_text() for s in kernels.select(".publication-authors .me")] == ["Ada Example"]
    assert "Jörg Müller" in kernels.select_one(".publication-authors").get_text()
    preprint = entry(page, "example2024preprint")  # written "A. Example": the same person
    assert [s.get_text() for s in preprint.select(".me")] == ["A. Example"]


def test_scholarly_article_json_ld(published):
    page = published.page("publications/")
    blocks = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    works = [w for block in blocks for w in block.get("@graph", [])]
    assert {w["@type"] for w in works} == {"ScholarlyArticle"}
    kernels = next(w for w in works if w["name"] == "Fast GPU Kernels for Sparse Attention")
    assert kernels["sameAs"] == "https://doi.org/10.1234/mlsys.2025.42"
    assert [a["name"] for a in kernels["author"]] == ["Ada Example", "Jörg Müller"]


def test_a_broken_publications_file_names_its_line(make_site):
    build = make_site({"content/data/publications.bib": "@article{a,\n  title = {x\n"})
    assert build.returncode == 1
    assert "content/data/publications.bib:" in build.log and "not valid BibTeX" in build.log
    assert "Traceback" not in build.log


def test_no_file_no_page(make_site):
    build = make_site({"content/articles/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nText.\n"})
    assert build.returncode == 0, build.log
    assert not (build.output / "publications").exists()


def test_the_cv_lists_the_bibs_publications_and_keeps_the_resumes_own(make_site):
    resume = (
        "basics:\n  name: Ada Example\n"
        "publications:\n"
        "  - name: Fast GPU kernels for sparse attention\n    releaseDate: 2025-06\n"
        "  - name: A workshop poster only the résumé lists\n    releaseDate: 2020-01\n"
    )
    build = make_site(
        {"content/data/resume.yaml": resume, "content/data/publications.bib": PUBLICATIONS}
    )
    assert build.returncode == 0, build.log
    section = build.page("cv/").select_one("section.cv-publications")
    titles = [h.get_text(" ", strip=True) for h in section.select("h3")]
    # The .bib's four, newest first, then the résumé's own; a work in both, once.
    assert len(titles) == 5, titles
    assert titles[0].startswith("Fast GPU Kernels for Sparse Attention")
    assert titles[-1].startswith("A workshop poster only the résumé lists")
    assert sum("sparse attention" in t.lower() for t in titles) == 1
    # The work itself (its DOI), not its code.
    assert section.select_one("h3 a")["href"] == "https://doi.org/10.1234/mlsys.2025.42"


def test_every_page_links_the_publications(published):
    link = published.page("").select_one('nav[aria-label="Main"] a[href$="/publications/"]')
    assert link.get_text() == "Publications"
    current = published.page("publications/talk/").select_one(
        "nav[aria-label=Main] a[aria-current]"
    )
    assert current.get_text() == "Publications"


def test_the_bibs_works_fill_the_variants_that_show_publications(make_site):
    resume = (
        "basics:\n  name: Ada Example\n"
        "meta:\n  variants:\n"
        "    research:\n      sections: [publications, work]\n"
        "    backend:\n      sections: [work]\n"
        "work:\n  - name: Lab\n    position: Researcher\n"
    )
    build = make_site(
        {"content/data/resume.yaml": resume, "content/data/publications.bib": PUBLICATIONS}
    )
    assert build.returncode == 0, build.log
    research = build.page("cv/research/")
    assert [h.get_text() for h in research.select("section h2")] == ["Publications", "Experience"]
    assert len(research.select("section.cv-publications h3")) == 4
    assert build.page("cv/backend/").select_one("section.cv-publications") is None
