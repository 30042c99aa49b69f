"""`inkfolio livereload` keeps one warm builder: a content edit is rebuilt in it, a
settings edit starts a new one, a broken front matter is shown (terminal, status and
open page) and the next good save recovers; the open page reloads itself."""

import json
import queue
import shutil
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from conftest import SETTINGS, offline_env

from inkfolio.core import CHROMIUM_FLAGS

BROWSER = shutil.which("chromium")
# Long enough for a cold build on a busy 2-core machine; waits end as soon as it is done.
PATIENCE = 120


def article(text, title="Live"):
    return f"---\ntitle: {title}\ndate: 2026-01-01\n---\n\n{text}\n"


class Livereload:
    """A running `inkfolio livereload --port 0`, with what it printed so far."""

    def __init__(self, site):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inkfolio", "livereload", "--port", "0"],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**offline_env(site.parent / ".outgoing-connections"), "COLUMNS": "200"},
        )
        self.lines = queue.Queue()
        self.printed = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for_line("Serving ").split(" at ")[1].split("/,")[0]

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for_line(self, start, within=PATIENCE):
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "".join(self.printed)
                continue
            self.printed.append(line)
            if line.startswith(start) or start in line:
                return line
        raise AssertionError(f"no line with {start!r} in:\n{''.join(self.printed)}")

    def status(self):
        with urllib.request.urlopen(f"{self.url}/_inkfolio/status", timeout=10) as answer:
            return json.load(answer)

    def wait_for_build(self, after):
        """The status once a build later than number ``after`` is done."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            status = self.status()
            if status["id"] > after:
                return status
            time.sleep(0.05)
        raise AssertionError(f"no build after {after}:\n{''.join(self.printed)}")

    def page(self, path):
        with urllib.request.urlopen(f"{self.url}/{path}", timeout=10) as answer:
            return answer.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def live_site(tmp_path):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/articles/live.md").write_text(article("First version."))
    (site / "pelicanconf.py").write_text(SETTINGS)
    server = Livereload(site)
    yield site, server
    server.stop()


def test_a_content_edit_rebuilds_in_the_warm_builder_and_a_settings_edit_starts_a_new_one(
    live_site,
):
    site, server = live_site
    first = server.status()
    assert first["error"] is None
    assert "First version." in server.page("blog/live/")
    assert '<script src="/_inkfolio/livereload.js" defer></script></body>' in server.page(
        "blog/live/"
    )

    (site / "content/articles/live.md").write_text(article("Second version."))
    second = server.wait_for_build(first["id"])
    assert "Second version." in server.page("blog/live/")
    assert second["builder_pid"] == first["builder_pid"]  # rebuilt in place, not restarted
    assert "/blog/live/" in second["pages"] and not second["everything"]

    with (site / "pelicanconf.py").open("a") as settings:
        settings.write('SITENAME = "Renamed site"\n')
    third = server.wait_for_build(second["id"])
    assert third["builder_pid"] != first["builder_pid"]
    assert "Renamed site" in server.page("blog/live/")


def test_a_broken_front_matter_is_reported_and_the_next_good_save_recovers(live_site):
    site, server = live_site
    first = server.status()
    (site / "content/articles/live.md").write_text("---\ntitle: [Live\n---\n\nBroken.\n")
    broken = server.wait_for_build(first["id"])
    assert broken["error"].startswith("ERROR: content/articles/live.md:2: invalid YAML")
    server.wait_for_line("content/articles/live.md:2: invalid YAML")  # in the terminal too
    assert "First version." in server.page("blog/live/")  # the last good page stays

    (site / "content/articles/live.md").write_text(article("Fixed version."))
    fixed = server.wait_for_build(broken["id"])
    assert fixed["error"] is None
    assert fixed["builder_pid"] == first["builder_pid"]
    assert "Fixed version." in server.page("blog/live/")


@pytest.mark.skipif(not BROWSER, reason="needs Debian's chromium (.ci/run installs it)")
def test_the_open_page_reloads_itself_keeps_its_place_and_shows_a_failed_build(live_site):
    playwright_api = pytest.importorskip("playwright.sync_api")
    site, server = live_site
    long_text = "\n\n".join(f"Paragraph {n}." for n in range(200))
    before = server.status()["id"]
    (site / "content/articles/live.md").write_text(article(long_text + "\n\nFirst end."))
    server.wait_for_build(before)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 800, "height": 600})
            page.goto(f"{server.url}/blog/live/")
            page.wait_for_selector("text=First end.", timeout=PATIENCE * 1000)
            page.evaluate("window.scrollTo(0, 1500)")
            page.evaluate("window.stillTheSamePage = true")

            (site / "content/articles/live.md").write_text(article(long_text + "\n\nSecond end."))
            page.wait_for_selector("text=Second end.", timeout=PATIENCE * 1000)
            assert page.evaluate("window.stillTheSamePage") is None  # it reloaded itself
            page.wait_for_function("window.scrollY > 1000", timeout=10_000)

            (site / "content/articles/live.md").write_text("---\ntitle: [Live\n---\n\nx\n")
            box = page.wait_for_selector("#inkfolio-build-error", timeout=PATIENCE * 1000)
            assert "content/articles/live.md:2" in box.text_content()

            (site / "content/articles/live.md").write_text(article(long_text + "\n\nThird end."))
            page.wait_for_selector("text=Third end.", timeout=PATIENCE * 1000)
            assert page.query_selector("#inkfolio-build-error") is None
        finally:
            browser.close()
