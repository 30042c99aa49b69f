"""The theme's static files in the output, stylesheets minified (the theme keeps its
readable source). inkfolio copies them itself, instead of Pelican, so that a file whose
bytes did not change is not rewritten and keeps its modification time."""

import os

import rcssmin

from inkfolio.core import is_inside, write_if_changed
from inkfolio.gate import is_hidden_name

_PATHS = "INKFOLIO_THEME_STATIC_PATHS"


def take_over_theme_static(pelican):
    """Pelican would copy THEME_STATIC_PATHS on every build: the copy is done here."""
    settings = pelican.settings
    if _PATHS not in settings:
        settings[_PATHS] = settings.get("THEME_STATIC_PATHS", ["static"])
        settings["THEME_STATIC_PATHS"] = []


def copy_theme_static(pelican):
    settings = pelican.settings
    target = os.path.join(pelican.output_path, settings["THEME_STATIC_DIR"])
    files = {}  # relative name -> source; a later folder (the site's overrides) wins
    for folder in settings.get(_PATHS, []):
        source = os.path.join(pelican.theme, folder)
        if os.path.isfile(source):
            files[os.path.basename(source)] = source
            continue
        for root, folders, names in os.walk(source, followlinks=True):
            # Never a hidden file (.DS_Store) or a link out of the folder, as for content/.
            folders[:] = [name for name in folders if not is_hidden_name(name)]
            for name in names:
                path = os.path.join(root, name)
                if is_hidden_name(name) or not is_inside(source, path):
                    continue
                files[os.path.relpath(path, source)] = path
    for relative, source in sorted(files.items()):
        with open(source, "rb") as handle:
            data = handle.read()
        if relative.endswith(".css"):
            data = rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
        write_if_changed(os.path.join(target, relative), data)
