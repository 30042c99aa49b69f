"""The CV as a PDF: headless Chromium prints the written page with its print stylesheet.

Chromium takes seconds, so each PDF is kept in a cache keyed by what it is printed
from (the page, the CSS it links, the browser's flags): a rebuild with an unchanged CV
copies the cached file and never starts Chromium.
"""

import hashlib
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field

from inkfolio.core import CHROMIUM_FLAGS, find_chromium

from . import ats

logger = logging.getLogger(__name__)

FLAGS = [*CHROMIUM_FLAGS, "--no-pdf-header-footer"]
TIMEOUT = 120  # seconds; a first start of Chromium on a slow CI machine takes a few
KEEP = 4  # cached PDFs kept at least: e.g. the local and the production build of a CV


def find_browser(settings):
    """The browser to print with, or None. ``CV_PDF``: "auto" (the default: a Chromium
    on PATH, if any), True (the same, but its absence is a warning), False, or the
    command or path of a Chromium-based browser."""
    wanted = settings.get("CV_PDF", "auto")
    if wanted is False:
        return None
    if isinstance(wanted, str) and wanted != "auto":
        found = shutil.which(wanted)
        if not found:
            logger.warning("CV_PDF: no browser %s, so the CV has no PDF", wanted)
        return found
    found = find_chromium()
    if not found:
        # Not a warning: a site without Chromium is fine, and --strict must still pass.
        say = logger.warning if wanted is True else logger.info
        say("CV: no Chromium found, so no PDF (readers can print the page to PDF themselves)")
    return found


@dataclass
class PdfJob:
    """What to print, planned in the context phase and done once the site is written.
    ``page`` and ``pdf`` are paths inside the output folder."""

    browser: str
    page: str
    pdf: str
    site_url: str
    # The CV as the page shows it (other plugins may add to it until it is written):
    # its PDF's text must say the same, in order (ats.py).
    resume: dict = field(default_factory=dict)

    def run(self, output, cache, keep=KEEP):
        page = os.path.join(output, self.page)
        target = os.path.join(output, self.pdf)
        printable = self._printable(page)
        key = hashlib.sha256(
            "\0".join([printable, *FLAGS]).encode() + _stylesheets(page, printable)
        ).hexdigest()[:32]
        cached = os.path.join(cache, f"cv-{key}.pdf")
        if os.path.exists(cached):
            os.utime(cached)  # recently used: kept by _prune
        else:
            os.makedirs(cache, exist_ok=True)
            problem = _print(self.browser, printable, os.path.dirname(page), cached)
            if problem:
                logger.warning("CV: Chromium could not print the PDF (%s); no PDF link", problem)
                _unlink_pdf(page)
                if os.path.exists(target):
                    os.remove(target)  # never serve the PDF of an older CV
                return
            logger.info("CV: printed %s", self.pdf)
            _prune(cache, max(keep, KEEP))
        shutil.copyfile(cached, target)
        self._check_text(target)

    def _check_text(self, target):
        """The PDF as an applicant tracking system reads it: its text, in order."""
        pages, text = ats.text_of(target)
        lost = ats.problems(text, ats.expected_text(self.resume)) if self.resume else []
        if lost:
            shown = "; ".join(lost[:5]) + (f" (and {len(lost) - 5} more)" if len(lost) > 5 else "")
            logger.error(
                "%s: its text, as an applicant tracking system reads it, does not say what "
                "the CV says: %s. Keep the CV's print stylesheet single-column and text-first.",
                self.pdf,
                shown,
            )
        else:
            logger.info("CV: %s: %d page(s), its text checked", self.pdf, pages)

    def _printable(self, page):
        """The page with site links made relative, so a file:// page finds its CSS
        offline (the site's URL may be its https:// address)."""
        with open(page, encoding="utf-8") as handle:
            text = handle.read()
        up = "../" * self.page.count("/")
        site = re.escape(self.site_url.rstrip("/"))
        return re.sub(rf'(href|src)="{site}/(?!/)', rf'\1="{up}', text)


def _stylesheets(page, printable):
    folder = os.path.dirname(page)
    found = b""
    for href in re.findall(r'<link rel="stylesheet" href="([^":]+)"', printable):
        path = os.path.join(folder, href)
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                found += handle.read()
    return found


def _print(browser, printable, folder, pdf):
    """Print; return None, or what went wrong in a few words."""
    # Beside the page, so its relative links resolve; its own profile, so a Chromium
    # the user has open (or a parallel build) is never handed the job.
    with (
        tempfile.TemporaryDirectory() as profile,
        tempfile.NamedTemporaryFile(
            "w", suffix=".html", prefix=".print-", dir=folder, encoding="utf-8"
        ) as page,
    ):
        page.write(printable)
        page.flush()
        partial = os.path.join(profile, "cv.pdf")
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={partial}"]
        try:
            # A session of its own: on a timeout, Chromium's helper processes go too.
            browser_run = subprocess.Popen(
                [*command, f"file://{page.name}"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
        except OSError as error:
            return str(error)
        try:
            _, errors = browser_run.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(browser_run.pid, signal.SIGKILL)
            browser_run.communicate()
            return f"no answer in {TIMEOUT} s"
        if browser_run.returncode or not os.path.exists(partial):
            last = (errors.strip().splitlines() or ["no message"])[-1]
            return f"exit status {browser_run.returncode}: {last}"
        shutil.move(partial, f"{pdf}.tmp")  # then renamed: the cache never holds half a PDF
        os.replace(f"{pdf}.tmp", pdf)
    return None


def _unlink_pdf(page):
    """The page was written expecting a PDF; take the link out again."""
    with open(page, encoding="utf-8") as handle:
        text = handle.read()
    with open(page, "w", encoding="utf-8") as handle:
        handle.write(re.sub(r'\s*<p class="cv-pdf">.*?</p>', "", text, count=1, flags=re.S))


def _prune(cache, keep):
    entries = sorted(
        (entry for entry in os.scandir(cache) if entry.name.startswith("cv-")),
        key=lambda entry: entry.stat().st_mtime,
        reverse=True,
    )
    for entry in entries[keep:]:
        os.remove(entry.path)
