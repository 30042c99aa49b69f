"""Interactive figures (Plotly, Bokeh) from notebook outputs, drawn in the reader's browser.

A figure is kept in the page as data (``<script type="application/json">``), never as
the notebook's own JavaScript. The library's JavaScript is served by the site itself:
copied at build time from the Python package that made the figure (so its version
matches), into a folder named by that version, and linked only from pages that show
such a figure, once per page. Without JavaScript the reader sees a short note.
"""

import html
import json
import os
import re
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

PLOTLY = "application/vnd.plotly.v1+json"
BOKEH_EXEC = "application/vnd.bokehjs_exec.v0+json"
BOKEH_LOAD = "application/vnd.bokehjs_load.v0+json"
WIDGET = "application/vnd.jupyter.widget-view+json"

# Outputs that only load a library into a live notebook: nothing to show on a page.
LOADER_TYPES = (BOKEH_LOAD,)

FALLBACK = '<p class="figure-note">Interactive figure: it is drawn with JavaScript.</p>'
WIDGET_NOTE = (
    '<p class="figure-note">Interactive widget: it needs a running notebook kernel, '
    "so it is not shown here.</p>"
)


@dataclass(frozen=True)
class Library:
    """A JavaScript bundle shipped inside a Python package."""

    package: str
    folder: str  # inside the package
    file: str

    def source(self):
        module = import_module(self.package)
        return os.path.join(os.path.dirname(module.__file__), self.folder, self.file)

    def url_path(self, static_dir):
        return f"{static_dir}/vendor/{self.package}-{version(self.package)}/{self.file}"


# Load order matters: Bokeh's extensions need Bokeh itself first.
LIBRARIES = {
    "plotly": Library("plotly", "package_data", "plotly.min.js"),
    "bokeh": Library("bokeh", "server/static/js", "bokeh.min.js"),
    "bokeh-widgets": Library("bokeh", "server/static/js", "bokeh-widgets.min.js"),
    "bokeh-tables": Library("bokeh", "server/static/js", "bokeh-tables.min.js"),
}
INSTALL_HINT = {"plotly": "plotly", "bokeh": "bokeh"}


def render(data, figure_id):
    """``(html, libraries)`` for an interactive output, or None for any other output."""
    if PLOTLY in data:
        return _figure("plotly", figure_id, data[PLOTLY]), ["plotly"]
    if BOKEH_EXEC in data:
        return _bokeh(data.get("application/javascript", ""), figure_id)
    if WIDGET in data:
        return WIDGET_NOTE, []
    return None


def is_loader(data, text_html=""):
    """Library loaders and banners (e.g. Bokeh's 'Loading BokehJS ...')."""
    return any(mime in data for mime in LOADER_TYPES) or "bk-notebook-logo" in text_html


def _figure(kind, figure_id, spec):
    # '<' escaped so that no string in the data can close the script element.
    payload = json.dumps(spec, separators=(",", ":")).replace("<", "\\u003c")
    return (
        f'<div class="output figure-interactive" id="{html.escape(figure_id)}">{FALLBACK}</div>'
        f'<script type="application/json" data-figure="{kind}" '
        f'data-target="{html.escape(figure_id)}">{payload}</script>'
    )


_BOKEH_ASSIGNMENT = r"const {name} = (.*?);\n"


def _bokeh(script, figure_id):
    """Bokeh's notebook output is a script holding two JSON literals; keep only those."""
    found = {}
    for name in ("docs_json", "render_items"):
        match = re.search(_BOKEH_ASSIGNMENT.format(name=name), _text(script), re.S)
        if not match:
            return None
        try:
            found[name] = json.loads(match[1])
        except json.JSONDecodeError:
            return None
    for item in found["render_items"]:
        roots = item.get("roots", {})
        item["roots"] = {root: figure_id for root in roots}
    return _figure("bokeh", figure_id, found), ["bokeh", *_bokeh_extensions(found["docs_json"])]


def _bokeh_extensions(docs_json):
    """Bokeh's widgets and tables live in separate bundles; load them only when used."""
    try:
        from bokeh.model import Model
    except ImportError:  # reported when the site is linked (the bundle is needed anyway)
        return []
    modules = {
        getattr(Model.model_class_reverse_map.get(name), "__module__", "")
        for name in _model_names(docs_json)
    }
    extensions = []
    if any(module.startswith("bokeh.models.widgets") for module in modules):
        extensions.append("bokeh-widgets")
    if any(module.startswith("bokeh.models.widgets.tables") for module in modules):
        extensions.append("bokeh-tables")
    return extensions


def _model_names(value):
    if isinstance(value, dict):
        if value.get("type") == "object" and isinstance(value.get("name"), str):
            yield value["name"]
        for item in value.values():
            yield from _model_names(item)
    elif isinstance(value, list):
        for item in value:
            yield from _model_names(item)


def _text(source):
    return "".join(source) if isinstance(source, list) else source


def scripts(libraries, static_dir):
    """URL paths (without the site URL) of the bundles, in load order, then our drawer.

    Raises LookupError naming the package when a bundle's package is not installed.
    """
    paths = []
    for name in LIBRARIES:
        if name in libraries:
            try:
                paths.append(LIBRARIES[name].url_path(static_dir))
            except PackageNotFoundError:
                raise LookupError(INSTALL_HINT.get(name, LIBRARIES[name].package)) from None
    return [*paths, f"{static_dir}/js/figures.js"] if paths else []


def bundle_files(libraries, static_dir):
    """(source file, URL path) of each bundle the libraries need and that is installed
    (a missing one was reported when the pages were linked)."""
    found = []
    for name, library in LIBRARIES.items():
        if name in libraries:
            try:
                found.append((library.source(), library.url_path(static_dir)))
            except (ImportError, PackageNotFoundError):
                continue
    return found
