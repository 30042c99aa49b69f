"""The CV: one JSON Resume file (content/data/resume.yaml or .json) -> /cv/ and a PDF.

Context phase: ``CvGenerator.generate_context`` reads and validates the file, shapes it
for templates and puts it in the context as ``RESUME`` (the home page shows its
``basics``, site_meta its ``person``), and decides whether a PDF will be printed, so
the page links it. Output phase: ``generate_output`` writes the page; ``write_cv_pdf``
(on ``finalized``, once the stylesheets are in place) prints the PDF.
"""

import logging
import os

from pelican.generators import Generator
from pelican.utils import slugify

from inkfolio.core import ContentError, site_root

from . import resume_file
from .pdf import PdfJob, find_browser
from .resume_shape import shape
from .structured import person_from_resume

logger = logging.getLogger(__name__)

_planned = []  # the PdfJob of this build, if any: from the context phase to finalized


class CvGenerator(Generator):
    def generate_context(self):
        _planned.clear()
        path = resume_file.find(self.settings)
        if path is None:
            return
        try:
            resume = resume_file.load(path)
        except ContentError as error:
            logger.error("%s", error)
            return
        cv_url = self.settings["CV_URL"]
        pdf_url = None
        browser = find_browser(self.settings)
        if browser:
            subs = self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
            name = slugify(resume.basics.name, regex_subs=subs) or "resume"
            pdf_url = f"{cv_url.rstrip('/')}/{name}-cv.pdf".lstrip("/")
            page = self.settings["CV_SAVE_AS"]
            _planned.append(PdfJob(browser, page, pdf_url, self.settings.get("SITEURL") or ""))
        self.context["RESUME"] = {
            **shape(resume, self.settings),
            "pdf_url": pdf_url,
            "person": person_from_resume(resume, self.settings),
        }

    def generate_output(self, writer):
        if not self.context.get("RESUME"):
            return
        writer.write_file(
            self.settings["CV_SAVE_AS"],
            self.get_template("cv"),
            self.context,
            page_name="cv",
            url=self.settings["CV_URL"],
            relative_urls=self.settings["RELATIVE_URLS"],
        )


def write_cv_pdf(pelican):
    if not _planned:
        return
    site = site_root(pelican.settings)
    cache = os.path.join(site, pelican.settings.get("CV_PDF_CACHE", ".cache/portfolio"))
    _planned.pop().run(pelican.output_path, cache)
