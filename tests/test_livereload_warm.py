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
        """The status once a build later than number ``after`` is done (its first
        event, with the saved file's own pages, says ``building``: the rest follows)."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            status = self.status()
            if status["id"] > after and not status["building"]:
                return status
            time.sleep(0.05)
        raise AssertionError(f"no build after {after}:\n{''.join(self.printed)}")

    def listen(self):
        """The build events an open page receives, collected as they arrive."""
        events = []

        def read():
            with urllib.request.urlopen(f"{self.url}/_inkfolio/events", timeout=PATIENCE) as stream:
                for line in stream:
                    if line.startswith(b"data: "):
                        events.append(json.loads(line[6:]))

        threading.Thread(target=read, daemon=True).start()
        return events

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

    events = server.listen()
    (site / "content/articles/live.md").write_text(article("Second version."))
    second = server.wait_for_build(first["id"])
    assert "Second version." in server.page("blog/live/")
    assert second["builder_pid"] == first["builder_pid"]  # rebuilt in place, not restarted
    # The edited page is written, and announced, before the rest of the site; the
    # build's last event lists what else changed, not that page again.
    deadline = time.monotonic() + PATIENCE
    while (not events or events[-1]["id"] < second["id"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    early, last = [event for event in events if event["id"] > first["id"]]
    assert early["building"] and early["pages"] == ["/blog/live/", "/blog/live/index.html"]
    assert not last["building"] and "/blog/live/" not in last["pages"]
    assert "/" in last["pages"] and not last["everything"]  # the home page lists it

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


def test_builds_in_one_process_serve_unchanged_files_from_the_cache(tmp_path):
    """The warm builder's second build reads only what changed: plugins that add to a
    setting (Markdown extensions) must not change what the cache is keyed by."""
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/articles/live.md").write_text(article("First version."))
    (site / "content/articles/other.md").write_text(article("Other.", title="Other"))
    (site / "pelicanconf.py").write_text(SETTINGS)
    script = """
import sys
import inkfolio.plugins.markdown_reader.reader as reader
from inkfolio.build import build
read = []
original = reader.InkfolioMarkdownReader._read
reader.InkfolioMarkdownReader._read = lambda self, path: read.append(path) or original(self, path)
for text in ("First build.", "Second build.", "Third build."):
    open("content/articles/live.md", "w").write("---\\ntitle: Live\\ndate: 2026-01-01\\n---\\n\\n" + text)
    del read[:]
    assert build("pelicanconf.py") == 0
    print(sorted(path.rsplit("/", 1)[1] for path in read))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=site,
        capture_output=True,
        text=True,
        env=offline_env(tmp_path / ".outgoing-connections"),
        timeout=PATIENCE,
    )
    assert result.returncode == 0, result.stderr
    reads = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert reads == ["['live.md', 'other.md']", "['live.md']", "['live.md']"]


def test_the_search_index_follows_the_edits_after_the_pages_reload(live_site):
    site, server = live_site
    entry = site / "output/pagefind/pagefind-entry.json"

    def indexed_pages(expected):
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                counts = [
                    lang["page_count"]
                    for lang in json.loads(entry.read_text())["languages"].values()
                ]
            except (OSError, ValueError, KeyError):
                counts = []
            if sum(counts) == expected:
                return True
            time.sleep(0.1)
        raise AssertionError(f"the index never held {expected} pages: {entry}")

    assert indexed_pages(1)
    before = server.status()["id"]
    (site / "content/articles/second.md").write_text(article("Another one.", title="Second"))
    server.wait_for_build(before)
    assert indexed_pages(2)


NOTEBOOK = "# ---\n# title: {title}\n# date: 2026-04-01\n# ---\n\n# %%\nprint({value!r})\n"


def test_a_notebook_code_edit_executes_that_notebook_alone_in_the_warm_builder(tmp_path):
    site = tmp_path / "site"
    (site / "notebooks").mkdir(parents=True)
    (site / "content").mkdir()
    (site / "notebooks/one.py").write_text(NOTEBOOK.format(title="One", value="first output"))
    (site / "notebooks/two.py").write_text(NOTEBOOK.format(title="Two", value="other output"))
    (site / "pelicanconf.py").write_text(SETTINGS)
    server = Livereload(site)
    try:
        first = server.status()
        assert "first output" in server.page("blog/one/")
        assert "Notebooks: 2 executed, 0 from cache" in "".join(server.printed)
        (site / "notebooks/one.py").write_text(NOTEBOOK.format(title="One", value="edited output"))
        edited = server.wait_for_build(first["id"])
        assert edited["builder_pid"] == first["builder_pid"]
        server.wait_for_line("1 executed, 1 from cache")
        assert "edited output" in server.page("blog/one/")
    finally:
        server.stop()


BIBLIOGRAPHY = (
    "@book{knuth1984,\n  author = {Knuth, Donald E.},\n  title = {%s},\n  year = {1984},\n}\n"
)
CONTRIBUTIONS = """\
user: ada
contributions:
- repo: numpy/numpy
  kind: pull_request
  number: 1
  title: %s
  url: https://github.com/numpy/numpy/pull/1
  state: merged
  opened: 2026-01-01
  closed: 2026-01-02
"""
PROJECT = "---\ntitle: Gemm\nsummary: A small kernel.\nstatus: active\n---\n\n%s\n"


def test_edited_data_files_templates_and_projects_show_at_the_next_warm_build(tmp_path):
    """What a warm builder keeps between builds (parsed data files, formatted citations,
    compiled templates, projects from the read cache) is never served stale."""
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/data").mkdir(parents=True)
    (site / "content/projects").mkdir(parents=True)
    (site / "theme/templates/partials").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(SETTINGS)
    (site / "content/articles/live.md").write_text(article("As [@knuth1984] says."))
    files = {
        "content/data/references.bib": (BIBLIOGRAPHY, "Literate Programming", "blog/live/"),
        "content/data/contributions.yaml": (CONTRIBUTIONS, "Faster sort", "open-source/"),
        "content/projects/gemm.md": (PROJECT, "First kernel.", "projects/gemm/"),
        "theme/templates/partials/footer.html": (
            '<footer class="site-footer">%s</footer>\n',
            "Footer one",
            "blog/live/",
        ),
    }
    for name, (text, value, _) in files.items():
        (site / name).write_text(text % value)
    server = Livereload(site)
    try:
        status = first = server.status()
        assert status["error"] is None, "".join(server.printed)
        for name, (_, value, page) in files.items():
            assert value in server.page(page), name
        for name, (text, value, page) in files.items():
            (site / name).write_text(text % f"{value}, edited")
            status = server.wait_for_build(status["id"])
            assert status["error"] is None, "".join(server.printed)
            assert f"{value}, edited" in server.page(page), f"{name} was served stale"
        assert status["builder_pid"] == first["builder_pid"]
    finally:
        server.stop()
