"""The CV: one JSON Resume file (content/data/resume.yaml or .json) -> /cv/ and a PDF.

Context phase: ``CvGenerator.generate_context`` reads and validates the file, and its
translations beside it (``resume.de.yaml`` -> /de/cv/), shapes each for templates and
puts the default one in the context as ``RESUME`` (the home page shows its ``basics``,
site_meta its ``person``). Each variant (variants.py) of each language is shaped for a
page of its own. Every shaped CV is in ``RESUMES`` too (the publications plugin adds to
them), and the PDFs to print are planned, so the pages link them. Output phase:
``generate_output`` writes the pages; ``pdf.print_planned`` (on ``finalized``, once the
stylesheets are in place) prints the PDFs.
"""

import logging
from dataclasses import dataclass

from pelican.generators import Generator
from pelican.utils import slugify

from inkfolio.core import ContentError

from . import cv_words, pdf, resume_file, unlisted, variants
from .pdf import PdfJob, find_browser
from .resume_shape import shape
from .structured import person_from_resume

logger = logging.getLogger(__name__)


@dataclass
class CvPage:
    """One CV page to write: the default CV, a variant, or either in another language."""

    lang: str
    variant: str | None
    url: str
    save_as: str
    resume: dict  # as shaped for the template (RESUME)


class CvGenerator(Generator):
    def generate_context(self):
        pdf.start_planning()  # the first generator to plan PDFs (applications come after)
        self.cv_pages = []
        path = resume_file.find(self.settings)
        if path is None:
            return
        main = self.settings.get("DEFAULT_LANG") or "en"
        found = {main: path, **resume_file.translations(path)}
        resumes = {}
        for lang, file in found.items():
            try:
                resumes[lang] = resume_file.load(file)
            except ContentError as error:
                logger.error("%s", error)
        if main not in resumes:
            return
        browser = find_browser(self.settings)
        for lang, resume in resumes.items():
            if lang != main and cv_words.words_for(lang, self.settings) is None:
                logger.warning(
                    "%s: no CV headings in '%s', so they are in English; give them in "
                    "CV_WORDS (see inkfolio/plugins/portfolio/cv_words.py)",
                    found[lang],
                    lang,
                )
            for variant in [None, *variants.names(resume)]:
                self.cv_pages.append(self._page(resume, lang, lang != main, variant, browser))
        for page in self.cv_pages:
            page.resume["translations"] = [
                {"lang": other.lang, "name": cv_words.language_name(other.lang), "url": other.url}
                for other in self.cv_pages
                if other.variant == page.variant and other.lang != page.lang
            ]
            if page.variant:  # for the people it is sent to
                unlisted.leave_out_of_sitemap(self.settings, page.url)
        self.context["RESUME"] = self.cv_pages[0].resume
        self.context["RESUMES"] = [page.resume for page in self.cv_pages]

    def _page(self, resume, lang, translated, variant, browser):
        settings = self.settings
        prefix = settings["CV_LANG_PREFIX"].format(lang=lang) if translated else ""
        if variant:
            url = prefix + settings["CV_VARIANT_URL"].format(variant=variant)
            save_as = prefix + settings["CV_VARIANT_SAVE_AS"].format(variant=variant)
            resume, order = variants.variant_of(resume, variant)
        else:
            url, save_as, order = prefix + settings["CV_URL"], prefix + settings["CV_SAVE_AS"], None
        shown = {
            **shape(resume, settings, order, lang),
            "pdf_url": None,
            "person": person_from_resume(resume, settings),
            "variant": variant,
            # For the names of its files: mira-okafor-cv.pdf
            "person_slug": slugify(
                resume.basics.name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
            )
            or "resume",
        }
        if browser:
            parts = (shown["person_slug"], variant, shown["words"]["file"])
            name = "-".join(part for part in parts if part)
            folder = (prefix + settings["CV_URL"]).rstrip("/")
            shown["pdf_url"] = f"{folder}/{name}.pdf".lstrip("/")
            site_url = settings.get("SITEURL") or ""
            pdf.plan(PdfJob(browser, save_as, shown["pdf_url"], site_url, shown))
        return CvPage(lang, variant, url, save_as, shown)

    def generate_output(self, writer):
        for page in self.cv_pages:
            writer.write_file(
                page.save_as,
                self.get_template("cv"),
                self.context,
                page_name="cv",
                url=page.url,
                cv_url=page.url,
                relative_urls=self.settings["RELATIVE_URLS"],
                RESUME=page.resume,
                cv_variant=page.variant,
                DEFAULT_LANG=page.lang,  # the page's <html lang>, in any theme
            )
