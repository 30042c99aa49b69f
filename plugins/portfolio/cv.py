"""The CV: one JSON Resume file (content/data/resume.yaml or .json) -> /cv/ and a PDF.

Context phase: ``CvGenerator.generate_context`` reads and validates the file, shapes it
for templates and puts it in the context as ``RESUME`` (the home page shows its
``basics``). Output phase: the page is written by ``generate_output``, and the PDF by
``write_cv_pdf`` once the stylesheets are in place: headless Chromium prints the page,
and the PDF is kept in a cache keyed by the page and its CSS, so Chromium runs only
when the CV changed.
"""

import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile

import yaml
from pelican.generators import Generator
from pelican.utils import slugify
from pydantic import ValidationError

from markdown_reader.errors import ContentError
from markdown_reader.reader import display_path

from . import resume_schema
from .resume_shape import shape

logger = logging.getLogger(__name__)

RESUME_FILES = ("resume.yaml", "resume.yml", "resume.json")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]

_pdf_job = {}  # what write_cv_pdf prints, planned in the context phase


class CvGenerator(Generator):
    def generate_context(self):
        _pdf_job.clear()
        path = _find(self.settings)
        if path is None:
            return
        try:
            resume = load(path)
        except ContentError as error:
            logger.error("%s", error)
            return
        browser = _browser(self.settings)
        pdf_url = None
        if browser:
            subs = self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
            name = slugify(resume.basics.name, regex_subs=subs) or "resume"
            pdf_url = f"{self.settings['CV_URL'].rstrip('/')}/{name}-cv.pdf".lstrip("/")
            _pdf_job.update(browser=browser, pdf=pdf_url, page=self.settings["CV_SAVE_AS"])
        else:
            logger.info("CV: no Chromium found, so no PDF (readers can print the page)")
        self.context["RESUME"] = shape(resume, self.settings, pdf_url)

    def generate_output(self, writer):
        resume = self.context.get("RESUME")
        if not resume:
            return
        writer.write_file(
            self.settings["CV_SAVE_AS"],
            self.get_template("cv"),
            self.context,
            page_name="cv",
            url=self.settings["CV_URL"],
            relative_urls=self.settings["RELATIVE_URLS"],
        )


def _find(settings):
    configured = settings.get("RESUME_FILE")
    if configured:
        path = os.path.join(settings["PATH"], configured)
        if not os.path.isfile(path):
            logger.error("RESUME_FILE: no file %s", display_path(path))
            return None
        return path
    folder = os.path.join(settings["PATH"], "data")
    return next(
        (os.path.join(folder, n) for n in RESUME_FILES if os.path.isfile(os.path.join(folder, n))),
        None,
    )


def load(path):
    """The validated résumé, or ContentError naming the file, line and field."""
    shown = display_path(path)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        data = yaml.safe_load(text)  # JSON is YAML too: one reader, line numbers for both
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ContentError(shown, f"not valid YAML/JSON: {error.problem}", line) from None
    if not isinstance(data, dict):
        raise ContentError(shown, "expected a JSON Resume object with 'basics', 'work'...", 1)
    try:
        return resume_schema.Resume.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = error["loc"]
        field = _field_path(location)
        if error["type"] == "extra_forbidden":
            hint = resume_schema.did_you_mean(location[-1], location)
            message = f"unknown field '{field}'{hint}"
        elif error["type"] == "missing":
            message = f"missing field '{field}'"
        else:
            reason = str(error.get("ctx", {}).get("error") or error["msg"])
            message = f"field '{field}': {reason.removeprefix('Value error, ')}"
        raise ContentError(shown, message, _line_of(text, location)) from None


def _field_path(location):
    """('work', 2, 'startDate') -> 'work[2].startDate', as JSON Resume tools write it."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(text, location):
    """The line of the deepest node of ``location`` found in the file."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = 1
    for part in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
            key = next((k for k, _ in node.value if k.value == part), None)
            if key is not None:
                line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
            if child is not None:
                line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def _browser(settings):
    wanted = settings.get("CV_PDF", "auto")
    if wanted is False:
        return None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def write_cv_pdf(pelican):
    if not _pdf_job:
        return
    output = pelican.output_path
    page = os.path.join(output, _pdf_job["page"])
    target = os.path.join(output, _pdf_job["pdf"])
    printable = _printable(page, pelican.settings)
    key = hashlib.sha256(printable.encode() + _stylesheets(output, printable)).hexdigest()[:32]
    site_root = os.path.dirname(os.path.normpath(pelican.settings["PATH"]))
    cache = os.path.join(site_root, pelican.settings.get("CV_PDF_CACHE", ".cache/portfolio"))
    cached = os.path.join(cache, f"cv-{key}.pdf")
    if not os.path.exists(cached):
        os.makedirs(cache, exist_ok=True)
        if not _print(_pdf_job["browser"], printable, os.path.dirname(page), cached):
            return
        logger.info("CV: printed %s", _pdf_job["pdf"])
    shutil.copyfile(cached, target)


def _printable(page, settings):
    """The CV page with site links made relative, so a file:// page finds its CSS offline."""
    with open(page, encoding="utf-8") as handle:
        text = handle.read()
    site_url = (settings.get("SITEURL") or "").rstrip("/")
    return re.sub(rf'(href|src)="{re.escape(site_url)}/', r'\1="../', text)


def _stylesheets(output, printable):
    found = b""
    for href in re.findall(r'<link rel="stylesheet" href="\.\./([^"]+)"', printable):
        path = os.path.join(output, href)
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                found += handle.read()
    return found


def _print(browser, printable, folder, pdf):
    with tempfile.NamedTemporaryFile(
        "w", suffix=".html", dir=folder, delete=False, encoding="utf-8"
    ) as handle:
        handle.write(printable)
    partial = f"{pdf}.{os.getpid()}.tmp"
    try:
        result = subprocess.run(
            [browser, *BROWSER_FLAGS, f"--print-to-pdf={partial}", f"file://{handle.name}"],
            capture_output=True,
            text=True,
            timeout=90,
        )
    except subprocess.TimeoutExpired:
        result = None
    finally:
        os.unlink(handle.name)
    if result is None or result.returncode or not os.path.exists(partial):
        logger.warning("CV: Chromium could not print the PDF; the CV page has no PDF this time")
        return False
    os.replace(partial, pdf)
    return True
