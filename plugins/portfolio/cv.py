"""The CV: one JSON Resume file (content/data/resume.yaml or .json) -> /cv/ and a PDF.

Context phase: ``CvGenerator.generate_context`` reads and validates the file, shapes it
for templates and puts it in the context as ``RESUME`` (the home page shows its
``basics``, site_meta its ``person``), shapes each variant (variants.py) for its own
page, and decides whether PDFs will be printed, so the pages link them. Output phase:
``generate_output`` writes the pages; ``write_cv_pdf`` (on ``finalized``, once the
stylesheets are in place) prints the PDFs.
"""

import logging
import os
import re

from pelican.generators import Generator
from pelican.utils import slugify

from inkfolio.core import ContentError, site_root

from . import resume_file, variants
from .pdf import PdfJob, find_browser
from .resume_shape import shape
from .structured import person_from_resume

logger = logging.getLogger(__name__)

_planned = []  # this build's PdfJobs (the CV's, each variant's): context phase to finalized


class CvGenerator(Generator):
    def generate_context(self):
        _planned.clear()
        self.variants = {}  # name -> the RESUME of its page
        path = resume_file.find(self.settings)
        if path is None:
            return
        try:
            resume = resume_file.load(path)
        except ContentError as error:
            logger.error("%s", error)
            return
        browser = find_browser(self.settings)
        subs = self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        person = slugify(resume.basics.name, regex_subs=subs) or "resume"
        self.context["RESUME"] = self._resume(
            resume, None, browser, self.settings["CV_SAVE_AS"], f"{person}-cv.pdf"
        )
        for name in variants.names(resume):
            shown, order = variants.variant_of(resume, name)
            page = self.settings["CV_VARIANT_SAVE_AS"].format(variant=name)
            self.variants[name] = self._resume(
                shown, order, browser, page, f"{person}-{name}-cv.pdf"
            )
            self._leave_out_of_sitemap(self.settings["CV_VARIANT_URL"].format(variant=name))

    def _leave_out_of_sitemap(self, url):
        """A variant is for the people it is sent to: pelican-sitemap lists every page
        written, unless its SITEMAP excludes it (a copy: the site's dict is shared)."""
        sitemap = dict(self.settings.get("SITEMAP") or {})
        pattern = f"^{re.escape(url)}"
        sitemap["exclude"] = [*(p for p in sitemap.get("exclude", ()) if p != pattern), pattern]
        self.settings["SITEMAP"] = sitemap

    def _resume(self, resume, order, browser, page, pdf_name):
        """What the CV template shows of ``resume`` (a variant's sections in ``order``),
        and the PDF to print of its ``page``, when there is a browser."""
        shown = {
            **shape(resume, self.settings, order),
            "pdf_url": None,
            "person": person_from_resume(resume, self.settings),
        }
        if browser:
            shown["pdf_url"] = f"{self.settings['CV_URL'].rstrip('/')}/{pdf_name}".lstrip("/")
            site_url = self.settings.get("SITEURL") or ""
            _planned.append(PdfJob(browser, page, shown["pdf_url"], site_url, shown))
        return shown

    def generate_output(self, writer):
        if not self.context.get("RESUME"):
            return
        self._write(writer, self.settings["CV_SAVE_AS"], self.settings["CV_URL"])
        for name, shown in self.variants.items():
            url = self.settings["CV_VARIANT_URL"].format(variant=name)
            save_as = self.settings["CV_VARIANT_SAVE_AS"].format(variant=name)
            self._write(writer, save_as, url, RESUME=shown, cv_variant=name)

    def _write(self, writer, save_as, url, **variant):
        writer.write_file(
            save_as,
            self.get_template("cv"),
            self.context,
            page_name="cv",
            url=url,
            cv_url=url,
            relative_urls=self.settings["RELATIVE_URLS"],
            **variant,
        )


def write_cv_pdf(pelican):
    site = site_root(pelican.settings)
    cache = os.path.join(site, pelican.settings.get("CV_PDF_CACHE", ".cache/portfolio"))
    jobs, _planned[:] = list(_planned), []
    for job in jobs:
        job.run(pelican.output_path, cache, keep=2 * len(jobs))
