"""PDFs of pages (the CVs, the cover letters): headless Chromium prints the written page
with its print stylesheet.

Chromium takes seconds, so each PDF is kept in a cache keyed by what it is printed
from (the page, the CSS it links, the browser's flags): a rebuild with an unchanged CV
copies the cached file and never starts Chromium. Jobs are planned in the context
phase (``plan``) and printed once the site is written (``print_planned``, on
``finalized``). What each of the build's PDFs must say is recorded in the cache
(``pdf-checks.json``), so ``inkfolio check`` can read the built PDFs again.
"""

import hashlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass

from inkfolio.core import CHROMIUM_FLAGS, find_chromium, site_root

from . import ats

logger = logging.getLogger(__name__)

_planned = []  # this build's PdfJobs: context phase to finalized
CHECKS_FILE = "pdf-checks.json"  # in the cache: {sha256 of a PDF: what its text must say}

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


def start_planning():
    """A new build: forget the jobs of one that stopped before printing."""
    _planned.clear()


def plan(job):
    _planned.append(job)


def print_planned(pelican):
    site = site_root(pelican.settings)
    cache = os.path.join(site, pelican.settings.get("CV_PDF_CACHE", ".cache/portfolio"))
    jobs, _planned[:] = list(_planned), []
    checks = {}
    for job in jobs:
        printed = job.run(pelican.output_path, cache, keep=2 * len(jobs))
        if printed:
            checks[printed] = {"pdf": job.pdf, "expected": job.expected()}
    if jobs:
        _record_checks(cache, checks)


@dataclass
class PdfJob:
    """What to print, planned in the context phase and done once the site is written.
    ``page`` and ``pdf`` are paths inside the output folder."""

    browser: str
    page: str
    pdf: str
    site_url: str
    # The CV as the page shows it (other plugins may add to it until it is written):
    # its PDF's text must say the same, in order (ats.py). None: not a CV (a letter).
    resume: dict | None = None

    def expected(self):
        return ats.expected_text(self.resume) if self.resume else []

    def run(self, output, cache, keep=KEEP):
        """Print (or take from the cache) and check; the PDF's sha256, or None."""
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
                logger.warning(
                    "PDF: Chromium could not print %s (%s); no PDF link", self.pdf, problem
                )
                _unlink_pdf(page, self.pdf)
                if os.path.exists(target):
                    os.remove(target)  # never serve the PDF of an older page
                return None
            logger.info("PDF: printed %s", self.pdf)
            _prune(cache, max(keep, KEEP))
        shutil.copyfile(cached, target)
        self._check_text(target)
        with open(target, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    def _check_text(self, target):
        """The PDF as an applicant tracking system reads it: its text, in order."""
        pages, text = ats.text_of(target)
        if self.resume is None:
            logger.info("PDF: %s: %d page(s)", self.pdf, pages)
            return
        lost = ats.problems(text, self.expected())
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


def _unlink_pdf(page, pdf):
    """The page was written expecting the PDF; take its link out again."""
    with open(page, encoding="utf-8") as handle:
        text = handle.read()
    link = rf'\s*<p class="cv-pdf">(?:(?!</p>).)*?{re.escape(pdf)}".*?</p>'
    with open(page, "w", encoding="utf-8") as handle:
        handle.write(re.sub(link, "", text, count=1, flags=re.S))


def _record_checks(cache, checks):
    """What this build's PDFs must say, for ``inkfolio check`` to read them again."""
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, CHECKS_FILE)
    with open(f"{path}.tmp", "w", encoding="utf-8") as handle:
        json.dump(checks, handle, ensure_ascii=False, indent=1)
    os.replace(f"{path}.tmp", path)


def read_checks(cache):
    try:
        with open(os.path.join(cache, CHECKS_FILE), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def _prune(cache, keep):
    entries = sorted(
        (entry for entry in os.scandir(cache) if entry.name.startswith("cv-")),
        key=lambda entry: entry.stat().st_mtime,
        reverse=True,
    )
    for entry in entries[keep:]:
        os.remove(entry.path)
