"""A rebuild writes only the files whose bytes changed: the rest keep their modification
time, so rsync, ghp-import and browsers see only what the edit touched."""

from conftest import SETTINGS, run_build


def article(title, text):
    return f"---\ntitle: {title}\ndate: 2026-03-01\n---\n\n{text}\n"


def mtimes(output):
    return {
        path.relative_to(output).as_posix(): path.stat().st_mtime_ns
        for path in output.rglob("*")
        # pelican-sitemap (a third-party plugin) writes its file on every build.
        if path.is_file() and path.name != "sitemap.xml"
    }


def wait_for_the_clock_to_pass(stamp, folder):
    """Until a file written now gets a later time than ``stamp`` (file system clocks can
    be coarse): a file written again is then sure to show it."""
    probe = folder / ".clock-probe"
    while True:
        probe.write_text("")
        if probe.stat().st_mtime_ns > stamp:
            probe.unlink()
            return


def test_a_rebuild_leaves_unchanged_files_untouched_and_rewrites_the_edited_page(tmp_path):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/images").mkdir()
    (site / "content/images/dot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "content/articles/one.md").write_text(article("One", "First text."))
    (site / "content/articles/two.md").write_text(article("Two", "Other text."))
    (site / "pelicanconf.py").write_text(SETTINGS)
    output = site / "output"
    assert run_build(site / "pelicanconf.py", output, site).returncode == 0
    before = mtimes(output)
    wait_for_the_clock_to_pass(max(before.values()), site)

    build = run_build(site / "pelicanconf.py", output, site)
    assert build.returncode == 0, build.log
    assert mtimes(output) == before  # nothing changed, nothing written

    (site / "content/articles/two.md").write_text(article("Two", "Edited text."))
    build = run_build(site / "pelicanconf.py", output, site)
    assert build.returncode == 0, build.log
    after = mtimes(output)
    rewritten = {name for name in before if after[name] != before[name]}
    assert "blog/two/index.html" in rewritten
    assert "Edited text." in (output / "blog/two/index.html").read_text()
    untouched = ["blog/one/index.html", "images/dot.png", "theme/css/style.css"]
    assert not rewritten & set(untouched), rewritten


def test_a_social_card_that_is_not_the_planned_one_is_replaced_even_at_the_same_size(tmp_path):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/articles/one.md").write_text(article("One", "Text."))
    (site / "pelicanconf.py").write_text(SETTINGS)
    output = site / "output"
    assert run_build(site / "pelicanconf.py", output, site).returncode == 0
    card = output / "social/blog/one.png"
    drawn = card.read_bytes()
    card.write_bytes(bytes(len(drawn)))  # another card's bytes, by chance of the same size
    assert run_build(site / "pelicanconf.py", output, site).returncode == 0
    assert card.read_bytes() == drawn


SAVED_NOTEBOOK = """# ---
# title: Saved
# date: 2026-03-01
# execute: false
# jupyter:
#   kernelspec:
#     name: python3
#     display_name: Python 3
# ---

# %%
rate = 1
"""


def test_an_edit_that_keeps_a_notebooks_size_reaches_its_download(tmp_path):
    site = tmp_path / "site"
    (site / "notebooks").mkdir(parents=True)
    (site / "content").mkdir()
    source = site / "notebooks/saved.py"
    source.write_text(SAVED_NOTEBOOK)
    (site / "pelicanconf.py").write_text(SETTINGS)
    output = site / "output"
    assert run_build(site / "pelicanconf.py", output, site).returncode == 0
    download = output / "blog/saved/saved.py"
    assert download.read_text() == SAVED_NOTEBOOK
    source.write_text(SAVED_NOTEBOOK.replace("rate = 1", "rate = 2"))  # the same size
    assert run_build(site / "pelicanconf.py", output, site).returncode == 0
    assert download.read_text() == source.read_text()
    assert "rate = 2" in (output / "blog/saved/saved.ipynb").read_text()
