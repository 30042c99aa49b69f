"""Projects: read, shaped for cards and pages, linked with the articles about them.

Context phase: ``ProjectsGenerator.generate_context`` reads ``content/projects/*.md``
with the Markdown reader (same extensions, checked links; an unchanged file comes from
Pelican's read cache), validates the project fields, and puts ``projects``,
``featured_projects`` and ``project_technologies`` in the context; ``link_articles``
(once all content is known) joins each project with the articles whose front matter says
``project: <slug>``. Output phase: ``generate_output`` writes a page per project, the
index, and a page per technology.
"""

import html
import logging
import os
from dataclasses import dataclass, field

from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import slugify

from inkfolio.core import all_content, display_path
from inkfolio.plugins.markdown_reader import schema as article_schema
from inkfolio.plugins.markdown_reader.image_size import image_size
from inkfolio.plugins.markdown_reader.reader import InkfolioMarkdownReader

from . import reading, schema

logger = logging.getLogger(__name__)

STATUS_LABELS = {
    "active": "Active",
    "maintained": "Maintained",
    "shipped": "Shipped",
    "archived": "Archived",
}


class Project(Content):
    mandatory_properties = ("title",)
    default_template = "project"
    default_status = "published"


class ProjectReader(InkfolioMarkdownReader):
    """The Markdown reader with the project schema; ``status`` is the project's stage,
    and the slug comes from the file name."""

    known_fields = schema.KNOWN_FIELDS

    def validate(self, meta, shown, key_lines, relative):
        values = article_schema.validate(
            meta,
            shown,
            key_lines,
            schema.REQUIRED,
            schema.ProjectFrontMatter,
            schema.EXPECTED,
        )
        values["project_status"] = values.pop("status")
        # A project is named by its file (tinygemm.md -> tinygemm), so renaming it keeps links.
        stem = os.path.splitext(os.path.basename(relative))[0]
        values["slug"] = values.get("slug") or slugify(stem)
        return values

    def published_by_default(self, relative):
        return True  # PUBLISH_DEFAULT is for notes; a project leaves with publish: false


@dataclass
class Technology:
    name: str
    slug: str
    url: str
    projects: list = field(default_factory=list)


class ProjectsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        # A cache of its own in Pelican's read cache: an unchanged project is not read again.
        super().__init__(*args, readers_cache_name="ProjectsGenerator-Readers", **kwargs)
        self.projects = []
        self.technologies = []

    def generate_context(self):
        reader = ProjectReader(self.settings)
        paths = self.settings["PROJECT_PATHS"]
        for project in reading.read_contents(self, reader, paths, Project):
            self.add_source_path(project)
            self.projects.append(project)
        self._check_unique_slugs()
        self.projects.sort(key=_display_order)
        for project in self.projects:
            _shape(project, self.settings)
        self.technologies = _technologies(self.projects, self.settings)
        featured = [p for p in self.projects if p.featured] or self.projects
        self.context["projects"] = self.projects
        self.context["featured_projects"] = featured[: self.settings["HOME_FEATURED_PROJECTS"]]
        self.context["project_technologies"] = self.technologies

    def _check_unique_slugs(self):
        seen = {}
        for project in list(self.projects):
            if project.slug in seen:
                logger.error(
                    "%s: the project slug %r is already used by %s; set 'slug:' to tell them apart.",
                    display_path(project.source_path),
                    project.slug,
                    display_path(seen[project.slug].source_path),
                )
                self.projects.remove(project)
            else:
                seen[project.slug] = project

    def generate_output(self, writer):
        if not self.projects:
            return
        for project in self.projects:
            name, template, context, kwargs = self._project_write(project)
            writer.write_file(name, template, context, **kwargs)
        self._write_index(writer, self.settings["PROJECTS_SAVE_AS"], self.projects, None)
        for technology in self.technologies:
            save_as = self.settings["PROJECT_TECH_SAVE_AS"].format(slug=technology.slug)
            self._write_index(writer, save_as, technology.projects, technology)

    def _project_write(self, project):
        return (
            project.save_as,
            self.get_template(project.template),
            self.context,
            {
                "project": project,
                "page_name": "project",
                "url": project.url,
                "relative_urls": self.settings["RELATIVE_URLS"],
            },
        )

    def first_writes(self, sources):
        """The project pages of ``sources``, for the output_writer's WRITE_FIRST."""
        for project in self.projects:
            if os.path.abspath(project.source_path) in sources:
                yield self._project_write(project)

    def _write_index(self, writer, save_as, listed, technology):
        writer.write_file(
            save_as,
            self.get_template("projects"),
            self.context,
            listed=listed,
            technology=technology,
            heading=f"Projects using {technology.name}" if technology else "Projects",
            page_name="projects",
            # `url` is Pelican's own (pagination); templates read `listing_url`.
            listing_url=technology.url if technology else self.settings["PROJECTS_URL"],
            url=technology.url if technology else self.settings["PROJECTS_URL"],
            relative_urls=self.settings["RELATIVE_URLS"],
        )


def _display_order(project):
    """Featured first, then the author's order, then the most recent."""
    latest = project.metadata.get("ended") or project.metadata.get("started") or ""
    order = project.metadata.get("order")
    return (
        not project.metadata.get("featured"),
        order if order is not None else float("inf"),
        _reverse(latest),
        project.title.lower(),
    )


def _reverse(text):
    """Sort key putting later ISO dates first (ongoing projects, without 'ended', too)."""
    return tuple(-ord(char) for char in text.ljust(10, "~"))


def _shape(project, settings):
    """What a card and a project page show, computed once here."""
    metadata = project.metadata
    project.featured = metadata.get("featured", False)
    project.project_status = metadata.get("project_status")
    project.status_label = STATUS_LABELS.get(project.project_status)
    project.role = metadata.get("role")
    project.stack = [
        (name, settings["PROJECT_TECH_URL"].format(slug=tech_slug(name, settings)))
        for name in metadata.get("stack", [])
    ]
    project.highlights = metadata.get("highlights", [])
    project.links = [
        {**link, "label": link["label"] or schema.LINK_TYPES[link["type"]]}
        for link in metadata.get("links", [])
    ]
    project.period = _period(metadata.get("started"), metadata.get("ended"))
    project.cover_image = _cover(project, settings)
    project.articles = []
    project.json_ld = _json_ld(project)


def _json_ld(project):
    """For search engines: code with a public repository, any other work otherwise."""
    repository = next((link["url"] for link in project.links if link["type"] == "repo"), None)
    data = {"@type": "SoftwareSourceCode" if repository else "CreativeWork"}
    if repository:
        data["codeRepository"] = repository
        data["programmingLanguage"] = [name for name, _ in project.stack]
    else:
        data["keywords"] = [name for name, _ in project.stack]
    if project.metadata.get("started"):
        data["dateCreated"] = project.metadata["started"]
    return data


def _period(started, ended):
    if not started:
        return None
    start, end = started[:4], (ended or "")[:4]
    if not ended:
        return f"{start} – present"
    return start if start == end else f"{start} – {end}"


def _cover(project, settings):
    cover = project.metadata.get("cover")
    if not cover or "://" in cover:
        return {"url": cover, "size": None} if cover else None
    size = image_size(os.path.join(settings["PATH"], cover))
    return {
        "url": cover,
        "size": size,
        "alt": project.metadata.get("cover_alt") or "",
    }


def tech_slug(name, settings):
    """'C++' and 'C' must not share a page: spell out the signs slugify drops."""
    spelled = name.replace("+", " plus ").replace("#", " sharp ")
    return slugify(html.escape(spelled), regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))


def _technologies(projects, settings):
    by_slug = {}
    for project in projects:
        for name, url in project.stack:
            slug = tech_slug(name, settings)
            technology = by_slug.setdefault(slug, Technology(name, slug, url))
            technology.projects.append(project)
    return sorted(by_slug.values(), key=lambda t: (-len(t.projects), t.name.lower()))


def link_articles(generators):
    """Each article naming a project (``project: slug``, or a list) is listed on the
    project's page, and links back to it."""
    projects_generator = next((g for g in generators if isinstance(g, ProjectsGenerator)), None)
    by_slug = {p.slug: p for p in projects_generator.projects} if projects_generator else {}
    for content in all_content(generators):
        named = content.metadata.get("project")
        if not named or isinstance(content, Project):
            continue
        content.projects = []
        for slug in [named] if isinstance(named, str) else named:
            project = by_slug.get(str(slug))
            if project is None:
                _report_unknown(content, slug, by_slug)
                continue
            content.projects.append(project)
            if getattr(content, "status", "published") == "published":
                project.articles.append(content)
    for project in by_slug.values():
        project.articles.sort(key=lambda article: article.date, reverse=True)


def _report_unknown(content, slug, by_slug):
    line = content.metadata.get("front_matter_lines", {}).get("project", 1)
    known = ", ".join(sorted(by_slug)) or "none yet: add one in content/projects/"
    logger.error(
        "%s:%s: front matter field 'project': no project %r (known projects: %s)",
        display_path(content.source_path),
        line,
        slug,
        known,
    )
