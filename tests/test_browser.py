"""What a reader sees in a real browser (Debian's chromium, driven by Playwright), on the
example site served over http://127.0.0.1. Screenshots go to the example site's copy
(.cache/screenshots/ under the session's temporary folder; the test prints where)."""

import contextlib
import functools
import http.server
import shutil
import threading

import pytest
from conftest import SETTINGS

from inkfolio.core import CHROMIUM_FLAGS

playwright_api = pytest.importorskip("playwright.sync_api")
BROWSER = shutil.which("chromium")
pytestmark = pytest.mark.skipif(not BROWSER, reason="needs Debian's chromium (.ci/run installs it)")
NOTEBOOK_ARTICLE = "blog/how-fast-is-memory-measuring-the-cache-hierarchy-from-numpy/"
ARTICLE = "blog/why-loop-order-makes-matrix-multiplication-10x-faster/"
OBSIDIAN_NOTE = "blog/field-notes-the-numerics-checklists-i-keep-in-obsidian/"
PAGES = [
    "",
    ARTICLE,
    OBSIDIAN_NOTE,
    NOTEBOOK_ARTICLE,
    "projects/",
    "open-source/",
    "cv/",
    "search/",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory, port=0):
    """A real HTTP server on 127.0.0.1 for `directory`; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_url(example_site_local):
    with serve(example_site_local.output) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: m.type == "error" and tab.problems.append(m.text))
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on("requestfailed", lambda r: tab.problems.append(f"failed: {r.url}"))
    yield tab
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_without_errors(page, site_url, path):
    response = page.goto(site_url + path, wait_until="networkidle")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.problems == []


@pytest.mark.parametrize(
    "path", ["", ARTICLE, NOTEBOOK_ARTICLE, "projects/", "open-source/", "cv/"]
)
def test_no_horizontal_scroll_on_a_phone(browser, site_url, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.goto(site_url + path, wait_until="networkidle")
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360, f"{path or 'home'} is {width}px wide at 360px"


def test_dark_mode_toggle_works_and_persists(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url + ARTICLE)
    toggle = page.locator(".theme-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    page.goto(site_url)  # another page, same choice, set before the first paint
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    toggle = page.locator(".theme-toggle")
    toggle.click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"


def test_saved_theme_is_set_before_the_first_paint(page, site_url):
    page.goto(site_url)
    page.evaluate("localStorage.setItem('theme', 'dark')")
    # Notes the theme the moment <body> exists, before anything of the page can be painted.
    page.add_init_script(
        """new MutationObserver((_, observer) => {
            if (!document.body) return;
            window.themeAtBody = document.documentElement.dataset.theme;
            observer.disconnect();
        }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto(site_url + ARTICLE)
    assert page.evaluate("window.themeAtBody") == "dark"


def test_search_finds_a_known_article(page, site_url):
    page.goto(site_url)
    page.keyboard.press("/")  # the shortcut opens the search page
    page.wait_for_url("**/search/")
    page.locator("#search-field").fill("log-sum-exp")
    page.wait_for_selector("#search-results li")
    titles = page.locator("#search-results h3 a").all_inner_texts()
    assert "Softmax without overflow: the log-sum-exp trick" in titles
    assert "q=log-sum-exp" in page.url


@pytest.mark.parametrize("keys", ["Control+k", "Meta+k"])
def test_ctrl_k_opens_search_and_focuses_its_field(page, site_url, keys):
    page.goto(site_url + ARTICLE)
    page.keyboard.press(keys)
    page.wait_for_url("**/search/")
    assert page.evaluate("document.activeElement.id") == "search-field"
    page.evaluate("document.activeElement.blur()")  # there, the shortcut focuses the field
    assert page.evaluate("document.activeElement.id") != "search-field"
    page.keyboard.press(keys)
    assert page.evaluate("document.activeElement.id") == "search-field"
    assert page.url.endswith("/search/")


def test_search_works_on_a_project_site(page, make_site, tmp_path):
    """A site under /<repo>/ (GitHub project pages): results link inside it."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "repo").symlink_to(tmp_path / "site/output")
    # The server binds its port first: the build then writes the address it answers at.
    with serve(served) as url:
        article = "---\ntitle: Quaternions for rotation\ndate: 2026-01-02\n---\nNo gimbal lock.\n"
        build = make_site({"content/articles/q.md": article}, SETTINGS + f'SITEURL = "{url}repo"\n')
        assert build.returncode == 0, build.log
        page.goto(url + "repo/search/?q=gimbal")
        page.locator("#search-results h3 a").click()
        page.wait_for_url("**/repo/blog/quaternions-for-rotation/")
        assert page.locator("h1").inner_text() == "Quaternions for rotation"
    assert page.problems == []


def pagefind_requests(requests):
    return [url for url in requests if "/pagefind/" in url]


def test_search_loads_nothing_until_asked(page, site_url):
    """Other pages load no search script; the search page loads Pagefind once the reader
    types a query, not before."""
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + ARTICLE, wait_until="networkidle")
    assert not [url for url in requests if "pagefind" in url or "search.js" in url]
    page.goto(site_url + "search/", wait_until="networkidle")
    assert any(url.endswith("/search.js") for url in requests)  # the page's own small script
    assert pagefind_requests(requests) == []
    page.locator("#search-field").press_sequentially("softmax")
    page.wait_for_selector("#search-results li")
    assert any(url.endswith("/pagefind/pagefind.js") for url in pagefind_requests(requests))


def test_typing_while_search_loads_finds_the_last_query(page, site_url):
    """A reader who types faster than Pagefind loads sees the results of what they typed
    last (separate imports of Pagefind once settled in any order, and every query but an
    earlier one was dropped)."""
    held = []
    page.route("**/pagefind/pagefind.js", lambda route: held.append(route))
    page.goto(site_url + "search/", wait_until="networkidle")
    page.locator("#search-field").press_sequentially("softmax")
    page.wait_for_timeout(100)
    assert held, "Pagefind was not requested while the reader typed"
    for route in held:
        route.continue_()
    page.wait_for_selector("#search-results li")
    assert "softmax" in page.locator("#search-results mark").first.inner_text().lower()
    assert page.problems == []


def test_hidden_notebook_cells_open_and_close(page, site_url):
    page.goto(site_url + NOTEBOOK_ARTICLE)
    folded = page.locator("details.cell-input").first
    code = folded.locator("pre")
    assert not code.is_visible()
    folded.locator("summary").click()
    assert code.is_visible()
    folded.locator("summary").click()
    assert not code.is_visible()


def test_foldable_callouts_open_and_close(page, site_url):
    page.goto(site_url + OBSIDIAN_NOTE)
    folded = page.locator("details.callout").first
    body = folded.locator(".callout-body")
    assert not body.is_visible()
    folded.locator("summary").click()
    assert body.is_visible()
    folded.locator("summary").click()
    assert not body.is_visible()
    assert page.problems == []


def test_screenshots_for_review(browser, site_url, example_site_local):
    screenshots = example_site_local.root / ".cache/screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    for width, height, name in [(390, 844, "phone"), (1280, 900, "desktop")]:
        context = browser.new_context(viewport={"width": width, "height": height})
        tab = context.new_page()
        for path, label in [("", "home"), (ARTICLE, "article"), (NOTEBOOK_ARTICLE, "notebook")]:
            tab.goto(site_url + path, wait_until="networkidle")
            target = screenshots / f"{label}-{name}.png"
            tab.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
        context.close()
    print(f"screenshots in {screenshots}")
