"""Minified theme stylesheets in the output; the theme keeps its readable source."""

import glob
import os

import rcssmin


def minify_stylesheets(pelican):
    folder = os.path.join(pelican.output_path, pelican.settings["THEME_STATIC_DIR"])
    for path in glob.glob(os.path.join(folder, "**", "*.css"), recursive=True):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        minified = rcssmin.cssmin(text)
        if minified != text:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(minified)
