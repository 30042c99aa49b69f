"""The notebook files a page links to: output images, downloads, figure scripts.

Context phase (``link_notebook_files``): image references get the site's URL, each
notebook article learns its download links and the scripts its interactive figures
need. Output phase (``write_notebook_files``): images are copied from the cache,
the executed ``.ipynb`` and the source file are written next to the article's page,
and the figure libraries' JavaScript is copied from their Python packages.
"""

import base64
import logging
import os

from inkfolio import image_metadata
from inkfolio.core import all_content, display_path, write_if_changed

from . import interactive
from .cache import FILE_PLACEHOLDER, FILE_REF, IMAGE_TYPES, Cache
from .settings import notebook_settings
from .source import load, normalize

logger = logging.getLogger(__name__)

_pages = []  # notebook articles of the current build, kept for the output phase


def link_notebook_files(generators):
    _pages.clear()
    settings = generators[0].settings
    config = notebook_settings(settings)
    files_url = f"{settings.get('SITEURL', '').rstrip('/')}/{config.files_url}"
    for content in all_content(generators):
        if "notebook" not in content.metadata:
            continue
        content._content = content._content.replace(FILE_PLACEHOLDER, files_url)
        content.notebook_downloads = _downloads(content, settings)
        content.notebook_links = _launch_links(content, settings, config)
        content.scripts = _scripts(content, settings)
        _pages.append(content)


def _scripts(content, settings):
    libraries = content.metadata.get("notebook_libraries", [])
    try:
        return interactive.scripts(libraries, settings["THEME_STATIC_DIR"])
    except LookupError as missing:
        logger.error(
            "%s: shows interactive figures made with %s, which is not installed here, so "
            "the site cannot serve its JavaScript. Install it (pip install %s) and build again.",
            display_path(content.source_path),
            missing,
            missing,
        )
        return []


def _downloads(content, settings):
    folder_url = f"{settings.get('SITEURL', '').rstrip('/')}/{os.path.dirname(content.save_as)}"
    folder_url = folder_url.rstrip("/")
    source_name = content.metadata["notebook"]["source_name"]
    stem, extension = os.path.splitext(source_name)
    links = [("Notebook (.ipynb, with outputs)", f"{folder_url}/{stem}.ipynb")]
    if extension != ".ipynb":
        links.append((f"Source ({extension})", f"{folder_url}/{source_name}"))
    return links


def _launch_links(content, settings, config):
    """'Open in Colab/Binder' for .ipynb sources, when the site's repository is set."""
    repository = settings.get("NOTEBOOK_REPOSITORY")  # e.g. "you/your-site" on GitHub
    if not repository or not content.source_path.endswith(".ipynb"):
        return []
    branch = settings.get("NOTEBOOK_REPOSITORY_BRANCH", "main")
    path = os.path.relpath(content.source_path, config.site_root).replace(os.sep, "/")
    return [
        (
            "Open in Colab",
            f"https://colab.research.google.com/github/{repository}/blob/{branch}/{path}",
        ),
        ("Open in Binder", f"https://mybinder.org/v2/gh/{repository}/{branch}?labpath={path}"),
    ]


def write_notebook_files(pelican):
    config = notebook_settings(pelican.settings)
    store = Cache(config.cache_path)
    images_folder = os.path.join(pelican.output_path, config.files_url)
    for content in _pages:
        if not content.save_as:
            continue
        for name in content.metadata.get("notebook_files", []):
            with open(store.file_path(name), "rb") as handle:
                image = _without_location(handle.read(), pelican.settings)
            write_if_changed(os.path.join(images_folder, name), image)
        folder = os.path.join(pelican.output_path, os.path.dirname(content.save_as))
        os.makedirs(folder, exist_ok=True)
        source_name = content.metadata["notebook"]["source_name"]
        stem, extension = os.path.splitext(source_name)
        if extension != ".ipynb":
            _copy_if_changed(content.source_path, os.path.join(folder, source_name))
        _write_ipynb(content, store, os.path.join(folder, f"{stem}.ipynb"))
    _write_figure_libraries(pelican)


def _write_figure_libraries(pelican):
    needed = {name for page in _pages for name in page.metadata.get("notebook_libraries", [])}
    static_dir = pelican.settings["THEME_STATIC_DIR"]
    for source, url_path in interactive.bundle_files(needed, static_dir):
        _copy_if_changed(source, os.path.join(pelican.output_path, url_path))


def _write_ipynb(content, store, path):
    import jupytext  # only sites with notebooks pay for these imports
    import nbformat

    key = content.metadata["notebook"]["key"]
    entry = store.get(key) if key else None
    if entry is None:
        if content.source_path.endswith(".ipynb"):
            _copy_if_changed(content.source_path, path)
            return
        # In the current format (a header's kernelspec may lack its name): nbformat
        # would otherwise log its own unnamed "Notebook JSON is invalid" line.
        notebook = normalize(jupytext.read(content.source_path), display_path(content.source_path))
    else:
        source = load(content.source_path, content.source_path)
        notebook = _embed_images(source.with_outputs(entry.notebook), store, content.settings)
    write_if_changed(path, nbformat.writes(notebook))


def _without_location(image, settings):
    """An output image as published: a photo a cell displays loses where it was taken."""
    if settings.get("KEEP_IMAGE_METADATA", False):
        return image
    stripped = image_metadata.strip(image)
    return image if stripped is None else stripped


def _embed_images(notebook, store, settings):
    """A downloaded .ipynb must open anywhere: images go back inside it."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in IMAGE_TYPES:
                reference = data.get(mime)
                if isinstance(reference, dict) and FILE_REF in reference:
                    with open(store.file_path(reference[FILE_REF]), "rb") as handle:
                        raw = _without_location(handle.read(), settings)
                    data[mime] = (
                        raw.decode() if mime == "image/svg+xml" else base64.b64encode(raw).decode()
                    )
    return notebook


def _copy_if_changed(source, target):
    # By bytes, not size: an edit that keeps the size (one digit) must reach the download.
    with open(source, "rb") as handle:
        write_if_changed(target, handle.read())
