"""Applications: ``content/applications/<company-role>.md``, a private page per job applied for.

A file names a CV variant, the projects and articles to feature, and holds the cover
letter as its text. Its page, at APPLICATION_URL with the file's own ``address`` (a slug
and a random suffix, written once into the file by ``inkfolio application new``; a
build never writes content/), shows the letter (also as a PDF), the chosen work and the
tailored CV. It is for the people it is sent to: ``noindex``, out of the sitemap, the
search index, feeds and every listing, and no other page links it or names it.

Context phase: ``ApplicationsGenerator.generate_context`` reads and checks the files
(the CV generator, before it, has shaped the CVs); ``link_work``, once all content is
known, finds the featured projects and articles. Output phase: ``generate_output``
writes the pages; the letters' PDFs are printed with the CVs' (pdf.print_planned).
"""

import difflib
import logging
import os
import re
import secrets
import string

from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import slugify

from inkfolio.core import ContentError, display_path
from inkfolio.plugins.markdown_reader import schema as article_schema
from inkfolio.plugins.markdown_reader.reader import InkfolioMarkdownReader

from . import pdf, reading, unlisted
from .pdf import PdfJob, find_browser

logger = logging.getLogger(__name__)

SUFFIX_LENGTH = 12  # random [a-z0-9]: 62 bits, past guessing
MIN_SUFFIX = 10
# A slug, then a suffix with at least one digit (a word alone is guessable).
ADDRESS = re.compile(rf"^[a-z0-9][a-z0-9-]*-(?=[a-z]*[0-9])[a-z0-9]{{{MIN_SUFFIX},}}$")


def new_address(slug):
    """``acme-ml-engineer`` -> ``acme-ml-engineer-k3x9q2m7v1za``."""
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "application"
    alphabet = string.ascii_lowercase + string.digits
    while True:  # until the suffix holds a digit: 2 tries in 100 need another
        suffix = "".join(secrets.choice(alphabet) for _ in range(SUFFIX_LENGTH))
        if any(char.isdigit() for char in suffix):
            return f"{slug}-{suffix}"


class ApplicationFrontMatter(article_schema.FrontMatter):
    address: article_schema.Text = None
    variant: article_schema.Text = None
    projects: article_schema.Words = []
    articles: article_schema.Words = []


KNOWN_FIELDS = set(ApplicationFrontMatter.model_fields)


class Application(Content):
    mandatory_properties = ("title",)
    default_template = "application"
    default_status = "hidden"  # written, never listed (and never anyone's backlink)


class ApplicationReader(InkfolioMarkdownReader):
    """The Markdown reader (the letter gets every extension) with the application's fields."""

    known_fields = KNOWN_FIELDS

    def validate(self, meta, shown, key_lines, relative):
        values = article_schema.validate(meta, shown, key_lines, ("title",), ApplicationFrontMatter)
        address = values.get("address")
        if not address or not ADDRESS.match(address):
            stem = slugify(os.path.splitext(os.path.basename(relative))[0])
            fresh = new_address(stem)
            problem = (
                f"'address' is {address!r}, which is guessable"
                if address
                else "no 'address' in the front matter"
            )
            raise ContentError(
                shown,
                f"{problem}: an application's page is private, at an address only the people "
                f"you send it to know. Add this line to the front matter and keep it: "
                f"'address: {fresh}' (a slug, '-', and at least {MIN_SUFFIX} random letters "
                "and digits; `inkfolio application new` writes one)",
                key_lines.get("address", 1),
            )
        return values

    def published_by_default(self, relative):
        return True  # written unless it says publish: false or draft: true


class ApplicationsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, readers_cache_name="ApplicationsGenerator-Readers", **kwargs)
        self.applications = []

    def generate_context(self):
        self.applications = []
        reader = ApplicationReader(self.settings)
        paths = self.settings["APPLICATION_PATHS"]
        found = reading.read_contents(self, reader, paths, Application)
        # The letters' PDFs where the CVs have them (a Chromium, and CV_PDF not False).
        printing = found and any(r["pdf_url"] for r in self.context.get("RESUMES") or [])
        browser = find_browser(self.settings) if printing else None
        taken = {}  # address -> the application that has it
        for application in found:
            if self._place(application, taken, browser):
                taken[application.metadata["address"]] = application
                self.applications.append(application)
        # Other plugins' documented list of pages that are written but never listed,
        # linked to or indexed: the obsidian plugin resolves their links, nothing more.
        self.context.setdefault("PRIVATE_PAGES", []).extend(self.applications)

    def _place(self, application, taken, browser):
        """Its address, its CV and its letter's PDF; False (logged) when it has no place."""
        metadata, settings = application.metadata, self.settings
        shown = display_path(application.source_path)
        lines = metadata.get("front_matter_lines", {})
        if metadata["address"] in taken:
            logger.error(
                "%s:%s: the address %r is also %s's; give this one its own "
                "(`inkfolio application new` writes a fresh one)",
                shown,
                lines.get("address", 1),
                metadata["address"],
                display_path(taken[metadata["address"]].source_path),
            )
            return False
        resume = self._resume_for(application, shown, lines)
        if resume is None:
            return False
        application.resume = resume
        application.override_url = settings["APPLICATION_URL"].format(address=metadata["address"])
        application.override_save_as = settings["APPLICATION_SAVE_AS"].format(
            address=metadata["address"]
        )
        unlisted.leave_out_of_sitemap(settings, application.url)
        application.letter_pdf_url = None
        if browser and application._content.strip():
            folder = application.url.rstrip("/")
            name = f"{resume['person_slug']}-{resume['words']['letter_file']}.pdf"
            application.letter_pdf_url = f"{folder}/{name}"
            site_url = settings.get("SITEURL") or ""
            job = PdfJob(browser, application.save_as, application.letter_pdf_url, site_url)
            pdf.plan(job)
        return True

    def _resume_for(self, application, shown, lines):
        """The shaped CV the application shows: its variant in its language."""
        resumes = self.context.get("RESUMES") or []
        if not resumes:
            logger.error(
                "%s: an application shows your CV, and this site has none; add "
                "content/data/resume.yaml (a JSON Resume file)",
                shown,
            )
            return None
        lang = application.metadata.get("lang") or resumes[0]["lang"]
        variant = application.metadata.get("variant")
        in_lang = [r for r in resumes if r["lang"] == lang]
        if not in_lang:
            known = ", ".join(sorted({r["lang"] for r in resumes}))
            logger.error(
                "%s:%s: front matter field 'lang': no résumé in %r (languages: %s); "
                "add content/data/resume.%s.yaml or write one of those",
                shown,
                lines.get("lang", 1),
                lang,
                known,
                lang,
            )
            return None
        for resume in in_lang:
            if resume["variant"] == variant:
                return resume
        named = [r["variant"] for r in in_lang if r["variant"]]
        close = difflib.get_close_matches(variant, named, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        known = ", ".join(named) or "none yet: add them in the résumé's meta.variants"
        logger.error(
            "%s:%s: front matter field 'variant': no CV variant %r; %s(variants: %s)",
            shown,
            lines.get("variant", 1),
            variant,
            hint,
            known,
        )
        return None

    def generate_output(self, writer):
        for application in self.applications:
            resume = application.resume
            writer.write_file(
                application.save_as,
                self.get_template(application.template),
                self.context,
                application=application,
                RESUME=resume,
                page_name="application",
                url=application.url,
                relative_urls=self.settings["RELATIVE_URLS"],
                DEFAULT_LANG=resume["lang"],
            )


def link_work(generators):
    """The projects and articles each application features, in the order it names them;
    a name that is no published project or article is an error with file and line."""
    generator = next((g for g in generators if isinstance(g, ApplicationsGenerator)), None)
    if generator is None or not generator.applications:
        return
    context = generator.context
    projects = _by_name(context.get("projects", ()))
    articles = _by_name(context.get("articles", ()))
    for application in generator.applications:
        application.work = [
            *_featured(application, "projects", projects, _project_card),
            *_featured(application, "articles", articles, _article_card),
        ]


def _by_name(contents):
    """By slug, and by file name as Obsidian names notes (loop-order.md: loop-order)."""
    named = {}
    for content in contents:
        stem = os.path.splitext(os.path.basename(content.source_path))[0]
        named.setdefault(stem, content)
    return {**named, **{content.slug: content for content in contents}}


def _featured(application, field, known, card):
    for index, slug in enumerate(application.metadata.get(field, ())):
        found = known.get(slug)
        if found is not None:
            yield card(found)
            continue
        close = difflib.get_close_matches(slug, list(known), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        line = application.metadata.get("front_matter_lines", {}).get(field, 1)
        kind = field.rstrip("s")
        logger.error(
            "%s:%s: front matter field '%s' entry %d: no published %s %r; %s"
            "name one by its slug or its file's name",
            display_path(application.source_path),
            line,
            field,
            index + 1,
            kind,
            slug,
            hint,
        )


def _project_card(project):
    return {
        "kind": "project",
        "title": project.title,
        "url": project.url,
        "summary": project.summary,
        "meta": " · ".join(name for name, _ in project.stack),
    }


def _article_card(article):
    return {
        "kind": "article",
        "title": article.title,
        "url": article.url,
        "summary": article.summary,
        "meta": article.locale_date,
    }
