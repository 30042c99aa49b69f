"""One output file, one source: two sources that would be written to the same place
fail the build with one line naming both, checked before anything is written.

Left alone, Pelican stops half-way through writing with a traceback
(FileOverwriteFailedError), or, when one of them sets its own ``save_as`` or is a
static file, silently keeps whichever it wrote last. Here the first one keeps the
place and the other is not written, so the output is whole and the build fails.
"""

import logging
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from inkfolio.core import address, all_content, display_path

from .urls import absolute_url

logger = logging.getLogger(__name__)

# Translations are written too; core.all_content lists every status but not these.
TRANSLATION_LISTS = (
    "translations",
    "hidden_translations",
    "drafts_translations",  # articles'
    "draft_translations",  # pages'
)

# What each of Pelican's direct templates is, to the author.
DIRECT_TEMPLATE_NAMES = {
    "index": "the home page",
    "archives": "the list of all articles",
    "tags": "the list of tags",
    "categories": "the list of categories",
    "authors": "the list of authors",
    "404": "the page-not-found page",
    "search": "the search page",
}


@dataclass
class Output:
    save_as: str  # inside the output folder
    source: str  # as the author knows it: a file, or the page a setting places
    path: str | None = None  # the source file; None for a page the engine makes
    move: str | None = None  # what the author can change to put it elsewhere
    by_slug: bool = False  # its address comes from its slug
    placed: bool = False  # the author chose its output path (save_as:, EXTRA_PATH_METADATA)
    drop: Callable[[], None] | None = None  # keeps it from being written


def check_unique_outputs(generators):
    """At ``all_generators_finalized``: every output path is claimed by one source."""
    settings = generators[0].settings
    taken = {}
    clashing = set()
    for output in planned_outputs(generators):
        first = taken.setdefault(output.save_as, output)
        if first is output:
            continue
        if replaces_engine_page(first, output):
            taken[output.save_as] = output  # a second one placed there clashes with it
            continue
        report_clash(first, output, settings)
        clashing.update({first.path, output.path})
        if output.drop:
            output.drop()
    SAME_SLUG_WARNINGS.release(explained=clashing)


def replaces_engine_page(first, second):
    """A file the author placed on a page the engine makes (``save_as: index.html``,
    Pelican's recipe for a page as home page) replaces it, as Pelican intends."""
    return first.path is None and not first.placed and second.placed


def report_clash(first, second, settings):
    written = display_path(os.path.join(settings["OUTPUT_PATH"], second.save_as))
    # Where the file is served, whatever URL either source believes it has.
    served = second.save_as.removesuffix("index.html")
    logger.error(
        "%s and %s would both be written at %s (%s): %s.",
        first.source,
        second.source,
        absolute_url(settings, served),
        written,
        how_to_fix(first, second),
    )


def how_to_fix(first, second):
    if first.by_slug and second.by_slug:
        return "give one of them another slug: in its front matter"
    moves = [output.move for output in (second, first) if output.move]
    return ", or ".join(moves) or "move one of them in pelicanconf.py"


def planned_outputs(generators):
    """Pages made from settings first (they cannot step aside), then every article,
    page and project, then static files: of two, the first keeps its place."""
    context = generators[0].context
    settings = generators[0].settings
    yield from filter(None, engine_pages(context, settings))
    for content in written_content(generators):
        if save_as := normalised(address(content)[1]):
            yield content_output(content, save_as)
    for generator in generators:
        for static in getattr(generator, "staticfiles", ()):
            if save_as := normalised(static.save_as):
                yield static_output(static, save_as, generator)


def engine_pages(context, settings):
    """What Pelican, the portfolio and the contributions page write from settings, read
    from the settings and the context they published (no plugin imports another)."""
    for name in settings["DIRECT_TEMPLATES"]:
        setting = f"{name.upper()}_SAVE_AS"
        label = DIRECT_TEMPLATE_NAMES.get(name, f"the {name} page")
        yield engine_page(settings.get(setting, f"{name}.html"), f"{label} ({setting})")
    for kind, listed in (("tag", "tags"), ("category", "categories"), ("author", "authors")):
        for term, _ in context.get(listed, ()):  # (term, its articles)
            described = f"the page of {kind} {term.name!r} ({kind.upper()}_SAVE_AS)"
            yield engine_page(term.save_as, described)
    for source, save_as in settings.get("TEMPLATE_PAGES", {}).items():
        described = f"the template page {source} (TEMPLATE_PAGES)"
        yield engine_page(save_as, described, placed=True)  # the author's own, like save_as:
    if context.get("projects"):
        yield engine_page(settings["PROJECTS_SAVE_AS"], "the list of projects (PROJECTS_SAVE_AS)")
        for tech in context.get("project_technologies", ()):
            save_as = settings["PROJECT_TECH_SAVE_AS"].format(slug=tech.slug)
            yield engine_page(save_as, f"the projects using {tech.name} (PROJECT_TECH_SAVE_AS)")
    if context.get("RESUME"):
        yield engine_page(settings["CV_SAVE_AS"], "the CV (CV_SAVE_AS)")
    if open_source := context.get("OPEN_SOURCE"):
        # The page and its filters are written at <url>index.html.
        described = "the open-source page (OPEN_SOURCE_URL)"
        yield engine_page(f"{open_source['url']}index.html", described)
        for chosen in [*open_source["states"], *open_source["languages"]]:
            described = f"the open-source page filtered to {chosen.label} (OPEN_SOURCE_URL)"
            yield engine_page(f"{chosen.url}index.html", described)


def engine_page(save_as, described, placed=False):
    save_as = normalised(save_as)
    return Output(save_as, described, placed=placed) if save_as else None


def written_content(generators):
    yield from all_content(generators)
    for generator in generators:
        for name in TRANSLATION_LISTS:
            yield from getattr(generator, name, ())


def content_output(content, save_as):
    shown = display_path(content.source_path)
    placed = "save_as" in content.metadata
    if placed:
        move = f"change save_as: in {shown}"
    else:
        move = f"give {shown} another slug: in its front matter"
    # An empty save_as is Pelican's own "do not write this one".
    drop = partial(setattr, content, "override_save_as", "")
    return Output(save_as, shown, content.source_path, move, not placed, placed, drop)


def static_output(static, save_as, generator):
    shown = display_path(static.source_path)
    placed = bool({"save_as", "path"} & static.metadata.keys())
    fix = "change where EXTRA_PATH_METADATA puts" if placed else "rename or move"
    move = f"{fix} {shown}"
    # context["staticfiles"] is this same list.
    drop = partial(generator.staticfiles.remove, static)
    return Output(save_as, shown, static.source_path, move, placed=placed, drop=drop)


def normalised(save_as):
    """The path inside the output folder, spelled one way; None when nothing is written."""
    if not save_as:
        return None
    return posixpath.normpath(str(save_as).replace(os.sep, "/")).lstrip("/")


class SameSlugWarnings(logging.Filter):
    """Pelican takes two articles (or pages) with the same slug for translations of
    each other and says so in two multi-line warnings. When they share an address the
    clash line above says it better, so those warnings are held until the check has run,
    and only the ones it did not explain are let through."""

    MESSAGES = (
        'There are %s items "%s" with lang %s',
        "There are %s original (not translated) items %s",
    )

    def __init__(self):
        super().__init__()
        self.held = []

    def install(self, _pelican=None):
        self.held.clear()
        pelican_utils = logging.getLogger("pelican.utils")
        if self not in pelican_utils.filters:
            # Before Pelican's own filter, which drops a message it has seen once.
            pelican_utils.filters.insert(0, self)

    def filter(self, record):
        if getattr(record, "released", False) or not str(record.msg).startswith(self.MESSAGES):
            return True
        self.held.append(record)
        return False

    def release(self, explained):
        for record in self.held:
            count = record.args[0]
            if not set(record.args[-count:]) <= explained:
                record.released = True
                logging.getLogger(record.name).handle(record)
        self.held.clear()


SAME_SLUG_WARNINGS = SameSlugWarnings()
