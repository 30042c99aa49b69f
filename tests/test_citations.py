"""Pandoc citations from a BibTeX file, a References section, and "cite this article":
real pybtex and citeproc-py, real builds into tmp_path."""

import re

import nbformat
import pytest
from conftest import SETTINGS, run_build
from pybtex.database import parse_string

# As Zotero + Better BibTeX export them: accents, protected capitals, dashes, an arXiv
# preprint, a DOI, an entry with no year.
REFERENCES = r"""
@article{knuth1984,
  author = {Knuth, Donald E.},
  title = {Literate Programming},
  journaltitle = {The Computer Journal},
  date = {1984},
  volume = {27},
  number = {2},
  pages = {97--111},
  doi = {10.1093/comjnl/27.2.97},
}
@misc{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Kaiser, {\L}ukasz},
  year = {2017},
  eprint = {1706.03762},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL},
}
@inproceedings{mueller2020,
  author = {M{\"u}ller, J{\"o}rg and Gar{\c c}on, Fran{\c{c}}ois},
  title = {Fast {GPU} Kernels for {Transformer} Inference},
  booktitle = {Proceedings of {MLSys}},
  year = {2020},
  url = {https://example.org/mueller-2020.pdf},
}
@book{anonymous,
  author = {{The Example Consortium}},
  title = {A Book Without a Year},
}
"""

ARTICLE = """\
---
title: On citing
date: 2026-05-01
---

Literate programming [@knuth1984] needs care [@knuth1984, pp. 97--99].
Two at once [see @knuth1984; @vaswani2017, sec. 3]. As @mueller2020 show, kernels matter.
The consortium [-@anonymous] agrees.

Never touched: `[@knuth1984]` in code, $x@y$ in math, a@example.org, <b@example.org>,
thanks @octocat, \\@knuth1984 escaped.

```python
print("[@knuth1984]")
```
"""


def site_files(**extra):
    files = {
        "content/data/references.bib": REFERENCES,
        "content/articles/citing.md": ARTICLE,
    }
    files.update(extra)
    return files


@pytest.fixture(scope="module")
def cited(tmp_path_factory):
    root = tmp_path_factory.mktemp("citations") / "site"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_raw_cell("---\ntitle: Cells\ndate: 2026-04-01\nexecute: false\n---"),
        nbformat.v4.new_markdown_cell("A Markdown cell cites [@vaswani2017]."),
        nbformat.v4.new_code_cell("x = '[@not_a_citation]'"),
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    files = site_files(
        **{
            "notebooks/cells.ipynb": nbformat.writes(notebook),
            "content/articles/numbered.md": "---\ntitle: Numbered\ndate: 2026-05-02\n"
            "csl: ieee\nbibliography: other.bib\n---\n\nOne [@only].\n",
            "content/articles/other.bib": "@article{only, author = {Solo, Han}, "
            "title = {Alone}, journal = {J}, year = {2001}}\n",
        }
    )
    write(root, files)
    return run_build(root / "pelicanconf.py", root / "output", root)


def write(root, files, settings=SETTINGS):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "pelicanconf.py").write_text(settings, encoding="utf-8")


def citations(page):
    return [" ".join(c.get_text().split()) for c in page.select(".content .citation")]


def test_every_citation_form(cited):
    assert cited.returncode == 0, cited.log
    page = cited.page("blog/on-citing/")
    assert citations(page) == [
        "(Knuth, 1984)",
        "(Knuth, 1984, pp. 97–99)",
        "(see Knuth, 1984; Vaswani et al., 2017, Section 3)",  # APA spells the locator out
        "Müller & Garçon (2020)",
        "(n.d.)",
    ]


def test_each_citation_links_to_its_entry(cited):
    page = cited.page("blog/on-citing/")
    entries = {li["id"] for li in page.select("#references li")}
    assert entries == {"ref-knuth1984", "ref-vaswani2017", "ref-mueller2020", "ref-anonymous"}
    both = page.select(".content .citation")[2]
    assert [a["href"] for a in both.select("a")] == ["#ref-knuth1984", "#ref-vaswani2017"]
    for link in page.select(".content a.citation, .content .citation a"):
        assert link["href"].removeprefix("#") in entries


def test_references_section_closes_the_article_with_links(cited):
    page = cited.page("blog/on-citing/")
    section = page.select_one(".content > section.references")
    assert section is page.select(".content > *")[-1]
    assert section.select_one("h2").get_text() == "References"
    text = {li["id"]: " ".join(li.get_text().split()) for li in section.select("li")}
    # LaTeX is text: accents, protected capitals, dashes, a braced institution.
    assert (
        "Müller, J., & Garçon, F. (2020). Fast GPU Kernels for Transformer"
        in text["ref-mueller2020"]
    )
    assert "Kaiser, Ł." in text["ref-vaswani2017"]
    assert "97–111" in text["ref-knuth1984"]
    assert text["ref-anonymous"].startswith("The Example Consortium. (n.d.).")
    assert not re.search(r"[{}\\]", section.get_text())
    hrefs = {li["id"]: [a["href"] for a in li.select("a")] for li in section.select("li")}
    assert hrefs["ref-knuth1984"] == ["https://doi.org/10.1093/comjnl/27.2.97"]
    assert hrefs["ref-vaswani2017"] == ["https://arxiv.org/abs/1706.03762"]
    assert hrefs["ref-mueller2020"] == ["https://example.org/mueller-2020.pdf"]


def test_code_math_mail_and_handles_are_left_alone(cited):
    page = cited.page("blog/on-citing/")
    content = page.select_one(".content")
    assert content.select_one("code").get_text() == "[@knuth1984]"
    assert "[@knuth1984]" in content.select_one("pre").get_text()
    text = content.get_text()
    assert "a@example.org" in text and "b@example.org" in text
    assert "thanks @octocat" in text and "@knuth1984 escaped" in text
    assert content.select_one("math")


def test_a_notebook_markdown_cell_cites(cited):
    page = cited.page("blog/cells/")
    assert citations(page) == ["(Vaswani et al., 2017)"]
    assert page.select_one("#ref-vaswani2017")
    assert "[@not_a_citation]" in page.select_one(".cell pre").get_text()


def test_front_matter_names_the_bibliography_and_the_style(cited):
    page = cited.page("blog/numbered/")
    assert citations(page) == ["[1]"]
    assert "H. Solo" in page.select_one("#ref-only").get_text()


def test_cite_this_article(cited):
    page = cited.page("blog/on-citing/")
    details = page.select_one("details.cite-this")
    entry = details.select_one("pre").get_text()
    assert entry.startswith("@misc{example2026citing,")
    assert "title = {{On citing}}" in entry
    assert "url = {https://fixture.example.org/blog/on-citing/}" in entry
    assert "author = {Ada Example}" in entry
    # Valid BibTeX, as a reference manager reads it: the month is the month's macro.
    parsed = parse_string(entry, "bibtex").entries["example2026citing"]
    assert parsed.fields["month"] == "May" and parsed.fields["year"] == "2026"
    meta = {m["name"]: m["content"] for m in page.select("meta[name^=citation_]")}
    assert meta["citation_title"] == "On citing"
    assert meta["citation_author"] == "Ada Example"
    assert meta["citation_publication_date"] == "2026/05/01"


def test_an_unknown_key_fails_with_file_and_line(make_site):
    article = "---\ntitle: Typo\ndate: 2026-05-01\n---\n\nFine [@knuth1984].\n\nBad [@knuht1984].\n"
    build = make_site(site_files(**{"content/articles/typo.md": article}))
    assert build.returncode == 1
    assert (
        "content/articles/typo.md:8: citation @knuht1984: no entry with that key in references.bib"
        in build.log
    )
    assert "Traceback" not in build.log


def test_a_broken_bib_file_names_its_line(make_site):
    broken = REFERENCES + "\n@article{broken,\n  title = {No end,\n"
    build = make_site(site_files(**{"content/data/references.bib": broken}))
    assert build.returncode == 1
    assert re.search(r"content/data/references\.bib:\d+: not valid BibTeX", build.log), build.log
    assert "Traceback" not in build.log


def test_an_edited_bib_reaches_a_page_read_from_the_cache(tmp_path):
    root = tmp_path / "site"
    write(root, site_files())
    first = run_build(root / "pelicanconf.py", root / "output", root)
    assert first.returncode == 0, first.log
    (root / "content/data/references.bib").write_text(
        REFERENCES.replace("Literate Programming", "Literate Programming, Revisited")
    )
    second = run_build(root / "pelicanconf.py", root / "output", root)
    assert "Revisited" in second.page("blog/on-citing/").select_one("#ref-knuth1984").get_text()


@pytest.mark.parametrize(
    "field, written, outside",
    [
        ("bibliography", "../../../outside/refs.bib", "outside/refs.bib"),
        ("csl", "../../../outside/style.csl", "outside/style.csl"),
    ],
)
def test_a_bibliography_or_style_outside_the_site_is_refused(
    make_site, tmp_path, field, written, outside
):
    """A private .bib elsewhere on the disk is never read: its entries would be published."""
    (tmp_path / outside).parent.mkdir(parents=True)
    (tmp_path / outside).write_text(REFERENCES.replace("knuth1984", "private1"), "utf-8")
    article = f"---\ntitle: Reach\ndate: 2026-05-01\n{field}: {written}\n---\n\nSee [@knuth1984].\n"
    build = make_site(site_files(**{"content/articles/reach.md": article}))
    assert build.returncode == 1
    assert "content/articles/reach.md:4: " in build.log, build.log
    assert "outside the site's folder" in build.log, build.log
    assert "Traceback" not in build.log
    assert not any(
        "private1" in p.read_text("utf-8", "replace")
        for p in (tmp_path / "site/output").rglob("*.html")
    )
