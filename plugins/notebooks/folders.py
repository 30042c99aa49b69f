"""Where notebooks are read from: the article paths, and the site's notebooks/ folder.

An inkfolio site lists ``../notebooks`` in ARTICLE_PATHS (inkfolio.defaults). A Pelican
site that lists this plugin keeps its own ARTICLE_PATHS, usually all of content/: the
notebooks/ folder beside content/ (where the README puts notebooks) is added to them,
and the end of the build says which folders notebooks were read from.
"""

import os
from collections import Counter

from pelican.log import console

from inkfolio import plain_pelican
from inkfolio.core import display_path, is_inside, site_root

from .planner import discover


def read_notebooks_folder(pelican):
    settings = pelican.settings
    folder = os.path.join(site_root(settings), "notebooks")
    paths = list(settings.get("ARTICLE_PATHS", [""]))
    content = settings["PATH"]
    if not os.path.isdir(folder) or any(
        is_inside(os.path.join(content, path), folder) for path in paths
    ):
        return
    settings["ARTICLE_PATHS"] = [*paths, os.path.relpath(folder, content)]


def report_folders_read(pelican):
    """Under `pelican`: one line at the end, each article path notebooks were read
    from, with how many (an inkfolio site names its folders in its settings)."""
    if plain_pelican.RUN_BY_INKFOLIO:
        return
    settings = pelican.settings
    roots = [os.path.join(settings["PATH"], path) for path in settings["ARTICLE_PATHS"]]
    found = Counter()
    for notebook in discover(settings):
        # A link inside a folder may lead elsewhere: it counts for the folder it is in.
        root = next(
            (root for root in roots if is_inside(root, notebook)), os.path.dirname(notebook)
        )
        found[display_path(os.path.normpath(root)).rstrip("/") + "/"] += 1
    if found:
        line = "Notebooks read from " + ", ".join(f"{f} ({n})" for f, n in sorted(found.items()))
        console.print(line, highlight=False)
