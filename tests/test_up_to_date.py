"""A build whose inputs are as the last clean build left them says so and stops; any
change to what a build reads (a source, a theme override, the output, the environment,
a flag that asks for work) makes it build in full."""

import os

from conftest import SETTINGS, run_build

UP_TO_DATE = "Nothing changed since the last build"


def article(text):
    return f"---\ntitle: One\ndate: 2026-03-01\n---\n\n{text}\n"


def make(tmp_path):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/articles/one.md").write_text(article("First text."))
    (site / "pelicanconf.py").write_text(SETTINGS)
    return site


def build(site, *flags):
    return run_build(site / "pelicanconf.py", site / "output", site, flags=flags)


def mtimes(output):
    return {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}


def test_a_build_with_nothing_changed_stops_at_once_and_touches_nothing(tmp_path):
    site = make(tmp_path)
    first = build(site)
    assert first.returncode == 0 and UP_TO_DATE not in first.log, first.log
    before = mtimes(site / "output")
    second = build(site)
    assert second.returncode == 0 and UP_TO_DATE in second.log, second.log
    assert mtimes(site / "output") == before


def test_an_edit_a_theme_override_or_a_lost_output_file_builds_again(tmp_path):
    site = make(tmp_path)
    assert build(site).returncode == 0

    (site / "content/articles/one.md").write_text(article("Second text."))
    edited = build(site)
    assert UP_TO_DATE not in edited.log, edited.log
    assert "Second text." in (site / "output/blog/one/index.html").read_text()

    (site / "theme/templates").mkdir(parents=True)
    (site / "theme/templates/404.html").write_text("Lost: {{ SITENAME }}\n")
    overridden = build(site)
    assert UP_TO_DATE not in overridden.log, overridden.log
    assert (site / "output/404.html").read_text().strip() == "Lost: Fixture site"

    (site / "output/blog/one/index.html").unlink()
    restored = build(site)
    assert UP_TO_DATE not in restored.log, restored.log
    assert (site / "output/blog/one/index.html").is_file()
    assert UP_TO_DATE in build(site).log


def test_other_settings_an_environment_variable_or_warnings_build_again(tmp_path, monkeypatch):
    site = make(tmp_path)
    assert build(site).returncode == 0
    assert UP_TO_DATE not in build(site, "--strict").log  # another way of building
    monkeypatch.setenv("INKFOLIO_TEST_SITE_FLAVOUR", "spicy")  # a settings file may read it
    assert UP_TO_DATE not in build(site).log
    assert UP_TO_DATE in build(site).log

    # A page without a date is dated by its file, with a warning: shown at every build.
    (site / "content/articles/undated.md").write_text("---\ntitle: Undated\n---\n\nText.\n")
    assert "have no date" in build(site).log
    again = build(site)
    assert UP_TO_DATE not in again.log and "have no date" in again.log


def test_a_failed_build_is_never_taken_for_an_up_to_date_one(tmp_path):
    site = make(tmp_path)
    assert build(site).returncode == 0
    (site / "content/articles/one.md").write_text("---\ntitle: [One\n---\n\nBroken.\n")
    assert build(site).returncode == 1
    os.utime(site / "content/articles/one.md")  # the same broken file, touched
    failed_again = build(site)
    assert failed_again.returncode == 1 and UP_TO_DATE not in failed_again.log


def test_an_edit_in_a_linked_folder_outside_the_site_builds_again(tmp_path):
    """Notes kept elsewhere (an Obsidian vault), linked into content/ and named in the
    settings (a link out of the site is otherwise never followed), count too."""
    site = make(tmp_path)
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text() + 'ARTICLE_PATHS += ["articles/vault"]\n')
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "note.md").write_text(article("In the vault.").replace("One", "Note"))
    (site / "content/articles/vault").symlink_to(vault, target_is_directory=True)
    assert build(site).returncode == 0
    assert UP_TO_DATE in build(site).log
    (vault / "note.md").write_text(article("Edited in the vault.").replace("One", "Note"))
    edited = build(site)
    assert UP_TO_DATE not in edited.log, edited.log
    assert "Edited in the vault." in (site / "output/blog/note/index.html").read_text()


def test_settings_it_cannot_describe_mean_a_full_build_every_time(tmp_path):
    site = make(tmp_path)
    with (site / "pelicanconf.py").open("a") as settings:
        settings.write('MY_PLUGIN_TABLE = {("a", 1): "tuple keys are not JSON"}\n')
    assert build(site).returncode == 0
    again = build(site)
    assert again.returncode == 0 and UP_TO_DATE not in again.log, again.log
