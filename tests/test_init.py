"""`inkfolio init` makes a site that builds and passes its checks; a site's own theme
files win over the engine's; settings files are read from their own folder."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from inkfolio import init

FROZEN_SITE = ROOT / "tests/fixtures/site-made-by-0.2"


def inkfolio(*args, cwd):
    result = subprocess.run(
        [sys.executable, "-m", "inkfolio", *args], cwd=cwd, capture_output=True, text=True
    )
    return result.returncode, result.stdout + result.stderr


def page(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def new_site(tmp_path_factory):
    """A site made by `inkfolio init`, built from another folder than its own."""
    base = tmp_path_factory.mktemp("init")
    status, log = inkfolio(
        "init",
        "ada-site",
        "--name",
        "Ada Lovelace",
        "--github",
        "ada",
        "--headline",
        "Analyst of engines",
        cwd=base,
    )
    assert status == 0, log
    assert "cd ada-site" in log and "inkfolio build" in log
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    status, log = inkfolio("build", "-s", "../ada-site/pelicanconf.py", "--strict", cwd=elsewhere)
    assert status == 0, log
    return base / "ada-site", log


def test_init_writes_a_small_complete_site(new_site):
    site, _ = new_site
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    written = [p for p in written if not p.startswith(("output/", ".cache/"))]
    assert written == [
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
        "content/articles/hello-world.md",
        "content/data/contributions.yaml",
        "content/data/resume.yaml",
        "content/pages/about.md",
        "content/projects/first-project.md",
        "notebooks/first-notebook.py",
        "pelicanconf.py",
        "publishconf.py",
        "requirements.txt",
    ]
    settings = (site / "pelicanconf.py").read_text()
    assert settings.count("\n") < 30 and "from inkfolio.defaults import *" in settings
    assert 'SITENAME = "Ada Lovelace"' in settings and 'GITHUB_USER = "ada"' in settings
    assert "\nPUBLISH_DEFAULT = True\n" in settings  # asked nothing: every note is published
    assert "publish:" not in (site / "content/articles/hello-world.md").read_text()
    assert 'SITEURL = "https://ada.github.io"' in (site / "publishconf.py").read_text()
    assert "inkfolio~=0.2" in (site / "requirements.txt").read_text().splitlines()
    assert "output/" in (site / ".gitignore").read_text().splitlines()


def test_the_new_site_builds_in_the_engines_theme_from_any_folder(new_site):
    site, log = new_site
    output = site / "output"  # the settings' own output folder, not the working directory's
    assert not (site.parent / "elsewhere" / "output").exists()
    home = page(output / "index.html")
    assert home.find(class_="site-title").get_text() == "Ada Lovelace"
    assert home.find("link", rel="stylesheet")["href"] == "/theme/css/site.css"
    assert (output / "theme/css/site.css").is_file()
    article = page(output / "blog/hello-world/index.html")
    assert article.h1.get_text(strip=True) == "Hello, world"
    assert article.find("math") is not None and article.find(class_="callout") is not None
    notebook = page(output / "blog/a-first-notebook/index.html")
    assert "sum of the first ten squares: 385" in notebook.get_text()
    assert page(output / "cv/index.html").h1.get_text(strip=True) == "Ada Lovelace"
    assert page(output / "projects/first-project/index.html").h1.get_text() == "My first project"
    assert "WARNING" not in log


def test_the_new_site_passes_its_checks_without_a_warning(new_site):
    site, _ = new_site
    status, log = inkfolio("check", cwd=site / "content")  # found from a subfolder too
    assert status == 0, log
    assert "passed" in log and "Theme overrides" not in log and "✗" not in log


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/notes.md").write_text("keep me")
    status, log = inkfolio("init", "mine", "--name", "Ada", cwd=tmp_path)
    assert status == 1
    assert "mine is not empty" in log and "Traceback" not in log
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.md"]


def test_init_asks_on_a_terminal_with_defaults():
    answers = iter(["Grace Hopper", "", "", "", ""])
    prompts = []

    def answer(prompt):
        prompts.append(prompt)
        return next(answers)

    author = init.ask(init.Author(name="Someone"), ask_line=answer)
    assert prompts[0] == "Your name [Someone]: "
    assert prompts[2] == "GitHub user [grace-hopper]: "
    assert prompts[3] == "Public address [https://grace-hopper.github.io]: "
    assert prompts[4] == ("Publish every note, or only notes marked `publish: true`? [all/marked] ")
    assert (author.name, author.headline, author.github, author.url, author.publish) == (
        "Grace Hopper",
        "Software engineer",
        "grace-hopper",
        "https://grace-hopper.github.io",
        "all",
    )


def test_init_asks_again_until_the_mode_is_all_or_marked():
    answers = iter(["Grace Hopper", "", "", "", "some", "Marked"])
    prompts = []

    def answer(prompt):
        prompts.append(prompt)
        return next(answers)

    assert init.ask(init.Author(name="Someone"), ask_line=answer).publish == "marked"
    assert prompts[5] == "Please answer all or marked: "


def test_any_option_given_means_nothing_is_asked(tmp_path, monkeypatch):
    from inkfolio import cli

    monkeypatch.setattr(init, "is_terminal", lambda: True)
    monkeypatch.setattr(init, "ask", lambda proposed: pytest.fail("init asked on a terminal"))
    with pytest.raises(SystemExit) as done:
        cli.main(["init", str(tmp_path / "s"), "--publish", "marked"])
    assert done.value.code == 0
    assert "\nPUBLISH_DEFAULT = False\n" in (tmp_path / "s/pelicanconf.py").read_text()


def test_a_site_that_publishes_only_marked_notes(tmp_path):
    status, log = inkfolio("init", "s", "--name", "Ada", "--publish", "marked", cwd=tmp_path)
    assert status == 0, log
    assert "Only notes whose front matter says `publish: true` are published." in log
    site = tmp_path / "s"
    settings = (site / "pelicanconf.py").read_text()
    assert "# True: every note is published unless it says `publish: false`" in settings
    assert "\nPUBLISH_DEFAULT = False\n" in settings
    assert inkfolio("new", "Next steps", cwd=site)[0] == 0
    started = (site / "content/articles/next-steps.md").read_text()
    assert "publish: true\ndraft: true" in started  # removing the draft line publishes it
    published = [line for line in started.splitlines() if not line.startswith("draft:")]
    (site / "content/articles/next-steps.md").write_text("\n".join(published) + "\n")
    (site / "content/articles/diary.md").write_text("# Dear diary\n\nMy private day.\n")
    status, log = inkfolio("build", "--strict", cwd=site)
    assert status == 0, log
    # The sample article and notebook carry the mark; the diary does not.
    written = sorted(p.parent.name for p in (site / "output/blog").glob("*/index.html"))
    assert written == ["a-first-notebook", "hello-world", "next-steps"]
    assert page(site / "output/about/index.html").h1.get_text(strip=True) == "About"
    assert page(site / "output/projects/first-project/index.html").h1.get_text() == (
        "My first project"
    )
    assert page(site / "output/cv/index.html").h1.get_text(strip=True) == "Ada"


def test_quotes_in_a_name_make_valid_settings(tmp_path):
    init.init(tmp_path / "s", init.Author(name='Ada "the" O\'Brien \\ Jr.'))
    namespace = {}
    code = (
        (tmp_path / "s/pelicanconf.py").read_text().replace("from inkfolio.defaults import *", "")
    )
    exec(compile(code, "pelicanconf.py", "exec"), namespace)
    assert namespace["SITENAME"] == 'Ada "the" O\'Brien \\ Jr.'


def test_a_site_made_by_0_2_still_builds(tmp_path):
    """A frozen copy of what this version's init wrote: later engines must build it."""
    site = tmp_path / "site"
    shutil.copytree(FROZEN_SITE, site)
    status, log = inkfolio("build", "--strict", cwd=site)
    assert status == 0, log
    assert page(site / "output/index.html").find(class_="site-title").get_text() == "Ada Example"


def test_theme_overrides_a_partial_extends_a_template_and_adds_a_stylesheet(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FROZEN_SITE, site)
    status, log = inkfolio("override", "partials/footer.html", cwd=site)
    assert status == 0, log
    footer = site / "theme/templates/partials/footer.html"
    text = footer.read_text()
    assert text.startswith("{# inkfolio override of partials/footer.html, from inkfolio 0.2")
    footer.write_text(
        text.replace('<footer class="site-footer">', '<footer class="site-footer">Made by hand.')
    )
    # A template that extends the engine's instead of copying it.
    (site / "theme/templates/page.html").write_text(
        '{% extends "!theme/page.html" %}\n'
        '{% block content %}<p class="banner">Now hiring me</p>{{ super() }}{% endblock %}\n'
    )
    (site / "theme/static/css").mkdir(parents=True)
    (site / "theme/static/css/extra.css").write_text(":root { --accent: #8a2be2; }\n")
    (site / "theme/static/favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    with (site / "pelicanconf.py").open("a") as settings:
        settings.write('EXTRA_CSS = ["css/extra.css"]\n')

    status, log = inkfolio("build", "--strict", cwd=site)
    assert status == 0, log
    home = page(site / "output/index.html")
    assert "Made by hand." in home.find("footer").get_text()
    sheets = [link["href"] for link in home.find_all("link", rel="stylesheet")]
    assert sheets[0] == "/theme/css/site.css" and sheets[-1] == "/theme/css/extra.css"
    assert "#8a2be2" in (site / "output/theme/css/extra.css").read_text()
    assert (site / "output/theme/favicon.svg").read_text().startswith("<svg xmlns")
    about = page(site / "output/about/index.html")
    assert about.find(class_="banner").get_text() == "Now hiring me"
    assert about.find("h1").get_text(strip=True) == "About"  # the engine's page, inside

    status, log = inkfolio("check", "--no-html", cwd=site)
    assert status == 0 and "Theme overrides" not in log, log


def test_check_names_an_override_whose_engine_template_changed(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FROZEN_SITE, site)
    assert inkfolio("override", "partials/meta.html", cwd=site)[0] == 0
    copy = site / "theme/templates/partials/meta.html"
    # As if it had been copied from an older engine whose meta.html differed.
    first, rest = copy.read_text().split("\n", 1)
    copy.write_text(
        first.replace("from inkfolio 0.2.0", "from inkfolio 0.1.0").split("(sha256")[0]
        + "(sha256 0123456789abcdef) #}\n"
        + rest
    )
    assert inkfolio("build", cwd=site)[0] == 0
    status, log = inkfolio("check", "--no-html", cwd=site)
    assert status == 0, log  # advice, not a failure
    assert (
        "theme/templates/partials/meta.html: the engine's partials/meta.html changed since "
        "you copied it from inkfolio 0.1.0" in log
    )
    assert "inkfolio override --diff partials/meta.html" in log
    status, diff = inkfolio("override", "--diff", "partials/meta.html", cwd=site)
    assert status == 0 and diff == "No difference."
    assert inkfolio("override", "--record", "partials/meta.html", cwd=site)[0] == 0
    assert "Theme overrides" not in inkfolio("check", "--no-html", cwd=site)[1]


def test_settings_mistakes_get_one_line(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FROZEN_SITE, site)
    settings = site / "pelicanconf.py"
    original = settings.read_text()
    settings.write_text(original + 'EXTRA_CSS = ["css/missing.css"]\n')
    status, log = inkfolio("build", cwd=site)
    assert status == 1 and "Traceback" not in log
    assert (
        "pelicanconf.py: EXTRA_CSS lists 'css/missing.css', but there is no theme/static/css/missing.css"
        in log
    )
    (tmp_path / "outside.css").write_text("body { color: red }")
    settings.write_text(original + 'EXTRA_CSS = ["../../outside.css"]\n')
    status, log = inkfolio("build", cwd=site)
    assert status == 1 and "Traceback" not in log
    assert "pelicanconf.py: EXTRA_CSS lists '../../outside.css', which leaves theme/static/" in log
    settings.write_text(original + "SITENAME = (\n")
    status, log = inkfolio("build", cwd=site)
    assert status == 1 and "Traceback" not in log
    assert "pelicanconf.py:" in log and "SyntaxError" in log


def test_old_plugin_names_get_one_line_and_still_build(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FROZEN_SITE, site)
    with (site / "pelicanconf.py").open("a") as settings:
        settings.write(
            'PLUGINS = ["markdown_reader", "obsidian", "notebooks", "portfolio",\n'
            '           "contributions", "site_meta", "social_cards", "search"]\n'
        )
    status, log = inkfolio("build", cwd=site)
    assert status == 0, log
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1
    assert "since inkfolio 0.2 the engine's plugins are inkfolio.plugins.<name>" in warnings[0]


def test_a_command_outside_a_site_says_what_to_do(tmp_path):
    status, log = inkfolio("build", cwd=tmp_path)
    assert status == 1 and "Traceback" not in log
    assert f"no pelicanconf.py in {tmp_path} or above it" in log
    assert "inkfolio init DIR" in log
