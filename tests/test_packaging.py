"""The engine as a user installs it: the sdist and the wheel carry everything a build
needs, and a site anywhere on disk builds with a wheel installed (not editable)."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT


def run(*args, cwd, check=True):
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def tracked(*folders):
    listed = run("git", "ls-files", "--", *folders, cwd=ROOT).stdout.splitlines()
    return [path for path in listed if (ROOT / path).is_file()]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The sdist, and the wheel built from it (as `python -m build` does for a release),
    from a copy of what git tracks: nothing lying around in the checkout can help."""
    source = tmp_path_factory.mktemp("source")
    for path in tracked("."):
        target = source / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / path, target)
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), ".", cwd=source)
    (wheel,) = out.glob("inkfolio-*.whl")
    (sdist,) = out.glob("inkfolio-*.tar.gz")
    return wheel, sdist


def test_the_wheel_holds_every_engine_file_git_tracks(dist):
    wheel, _ = dist
    names = set(zipfile.ZipFile(wheel).namelist())
    engine = tracked("theme", "plugins", "inkfolio")
    expected = {"inkfolio/" + path if not path.startswith("inkfolio/") else path for path in engine}
    missing = sorted(expected - names)
    assert not missing, f"not in the wheel: {missing}"
    # Nothing of ours is a top-level module that could collide with another package.
    top_level = {name.split("/")[0] for name in names if not name.startswith("inkfolio-")}
    assert top_level == {"inkfolio"}
    # The example site's words are not part of the engine.
    assert not any(
        name.startswith(("content/", "notebooks/", "inkfolio/content/")) for name in names
    )


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory):
    """A fresh virtual environment with the wheel installed (its dependencies come from
    this environment, so the test needs no network)."""
    wheel, _ = dist
    venv = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", "--system-site-packages", str(venv), cwd=venv.parent)
    python = venv / "bin" / "python"
    run(
        str(python),
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--no-index",
        "--force-reinstall",
        str(wheel),
        cwd=venv.parent,
    )
    return venv


def test_the_installed_engine_comes_from_the_wheel(installed):
    where = run(
        str(installed / "bin/python"),
        "-c",
        "import inkfolio, inkfolio.plugins.notebooks, inkfolio.theme;"
        "print(inkfolio.__file__); print(inkfolio.plugins.notebooks.__file__);"
        "print(inkfolio.theme.__file__)",
        cwd=installed,
    ).stdout.split()
    assert all(Path(path).is_relative_to(installed) for path in where), where


def test_a_new_site_builds_with_the_installed_wheel(installed, tmp_path):
    inkfolio = str(installed / "bin/inkfolio")
    run(inkfolio, "init", "my-site", "--name", "Ada Example", "--github", "ada", cwd=tmp_path)
    site = tmp_path / "my-site"
    (tmp_path / "somewhere-else").mkdir()
    built = run(
        inkfolio,
        "build",
        "-s",
        str(site / "pelicanconf.py"),
        "--strict",
        cwd=tmp_path / "somewhere-else",
    )
    assert "Built" in built.stdout + built.stderr
    home = BeautifulSoup((site / "output/index.html").read_text(), "html.parser")
    assert home.find(class_="site-title").get_text() == "Ada Example"
    assert home.find("link", rel="stylesheet")["href"] == "/theme/css/site.css"
    css = (site / "output/theme/css/site.css").read_text()
    assert "--accent" in css  # the engine's stylesheet, from the wheel
    notebook = (site / "output/blog/a-first-notebook/index.html").read_text()
    assert "sum of the first ten squares: 385" in notebook  # executed by a spawned worker

    # One overridden partial and one extra stylesheet, with the same install.
    run(inkfolio, "override", "partials/footer.html", cwd=site)
    footer = site / "theme/templates/partials/footer.html"
    footer.write_text(
        footer.read_text().replace('<div class="wrap">', '<div class="wrap">Hand-made.')
    )
    (site / "theme/static/css").mkdir(parents=True)
    (site / "theme/static/css/extra.css").write_text(":root { --accent: #8a2be2; }\n")
    with (site / "pelicanconf.py").open("a") as settings:
        settings.write('EXTRA_CSS = ["css/extra.css"]\n')
    run(inkfolio, "build", "--strict", cwd=site / "content")
    home = BeautifulSoup((site / "output/index.html").read_text(), "html.parser")
    assert "Hand-made." in home.find("footer").get_text()
    assert home.find_all("link", rel="stylesheet")[-1]["href"] == "/theme/css/extra.css"
    checked = run(inkfolio, "check", "--no-html", cwd=site)
    assert "passed" in checked.stdout and "Theme overrides" not in checked.stdout


def test_the_engine_theme_has_every_template_a_build_renders():
    """Pelican falls back to its own 'simple' theme for a template the theme lacks: a
    missing one would change the look without a word."""
    from inkfolio import defaults

    templates = Path(defaults.THEME) / "templates"
    rendered = {"article", "page", "category", "tag", "project", "projects", "cv", "open_source"}
    rendered |= set(defaults.DIRECT_TEMPLATES) | {"search"}
    missing = sorted(name for name in rendered if not (templates / f"{name}.html").is_file())
    assert not missing
