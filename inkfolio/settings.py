"""Read a site's settings file the way every command does.

A site is the folder of its settings file: every path in the settings (content,
notebooks, caches, output, overrides) is read from there, whatever the working
directory. The site's own ``theme/templates/`` and ``theme/static/`` are laid over the
engine's theme, file by file. Settings an upgrade renamed or removed get one line
saying what replaces them.
"""

import copy
import logging
import os
import traceback

from pelican.settings import read_settings

from inkfolio import core

logger = logging.getLogger(__name__)


class SettingsError(Exception):
    """A mistake in the site's settings file, in one line naming it."""


# The folder of a site's theme overrides, and its parts.
SITE_THEME = "theme"
# Engine settings holding a path; like Pelican's own (PATH, OUTPUT_PATH, CACHE_PATH...),
# a relative one is read from the site's folder.
PATH_SETTINGS = ("NOTEBOOK_CACHE_PATH", "CV_PDF_CACHE", "SOCIAL_CARDS_PATH")

# Old name -> (new name or None, what to do). One line each, at every build, until changed.
RENAMED_SETTINGS = {}
# inkfolio 0.1 named its plugins without the package (a site made by forking the
# repository lists them so): they live under inkfolio.plugins since 0.2.
OLD_PLUGIN_NAMES = {
    "markdown_reader",
    "obsidian",
    "notebooks",
    "portfolio",
    "contributions",
    "site_meta",
    "social_cards",
    "search",
}


def load_settings(settings_file, output=None, overrides=None):
    """Pelican's settings of ``settings_file``, with ``overrides`` (NAME: value) applied."""
    settings_file = os.path.abspath(settings_file)
    overrides = dict(overrides or {})
    if output:
        overrides["OUTPUT_PATH"] = os.path.abspath(output)
    site = os.path.dirname(settings_file)
    if not os.path.isfile(settings_file):
        raise SettingsError(f"{settings_file}: no such settings file")
    try:
        settings = read_settings(settings_file, override=overrides)
    except Exception as error:  # the author's Python: say where it broke, not how
        raise SettingsError(_where_settings_broke(settings_file, error)) from None
    # A copy of every value: plugins add to lists such as MARKDOWN's extensions, and the
    # settings file's values are inkfolio.defaults' own objects, shared by every build of
    # a process (livereload's): what one build added would otherwise be in the next.
    settings = copy.deepcopy(settings)
    settings["SITE_ROOT"] = site
    core.set_site_root(site)
    _upgrade(settings, os.path.basename(settings_file))
    for name in PATH_SETTINGS:
        if isinstance(settings.get(name), str):
            settings[name] = os.path.join(site, settings[name])
    _lay_site_theme_over_engine(settings, site)
    _check_extra_css(settings, site, os.path.basename(settings_file))
    return settings


def _where_settings_broke(settings_file, error):
    shown = os.path.basename(settings_file)
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    if line is None:
        frames = [
            f for f in traceback.extract_tb(error.__traceback__) if f.filename == settings_file
        ]
        line = frames[-1].lineno if frames else None
    where = f"{shown}:{line}" if line else shown
    return f"{where}: {type(error).__name__}: {error}"


def _check_extra_css(settings, site, shown):
    extra = settings.get("EXTRA_CSS") or []
    if isinstance(extra, str):
        extra = settings["EXTRA_CSS"] = [extra]
    folders = [os.path.join(settings["THEME"], "static"), os.path.join(site, SITE_THEME, "static")]
    for sheet in extra:
        if not all(core.is_inside(folder, sheet) for folder in folders):
            raise SettingsError(
                f"{shown}: EXTRA_CSS lists {sheet!r}, which leaves {SITE_THEME}/static/; "
                f"copy the stylesheet into {SITE_THEME}/static/ and list it from there"
            )
        if not any(os.path.isfile(os.path.join(folder, sheet)) for folder in folders):
            raise SettingsError(
                f"{shown}: EXTRA_CSS lists {sheet!r}, but there is no "
                f"{SITE_THEME}/static/{sheet} in the site; paths are relative to {SITE_THEME}/static/"
            )


def _lay_site_theme_over_engine(settings, site):
    """theme/templates/ of the site beats the engine's templates (which stay reachable as
    ``!theme/<name>`` to extend); theme/static/ is copied over the engine's static files."""
    engine = os.path.realpath(settings["THEME"])
    own = os.path.join(site, SITE_THEME)
    if os.path.realpath(own) == engine:  # the engine's own repository, as its example site
        return
    templates = os.path.join(own, "templates")
    overrides = [os.path.join(site, p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    if os.path.isdir(templates) and templates not in overrides:
        overrides.insert(0, templates)
    settings["THEME_TEMPLATES_OVERRIDES"] = overrides
    static = os.path.join(own, "static")
    if os.path.isdir(static):
        # Pelican copies these in order into output/theme/: the site's files land last.
        settings["THEME_STATIC_PATHS"] = [*settings.get("THEME_STATIC_PATHS", ["static"]), static]


def _upgrade(settings, shown):
    for old, (new, hint) in RENAMED_SETTINGS.items():
        if old in settings:
            logger.warning("%s: the setting %s %s", shown, old, hint)
            if new and new not in settings:
                settings[new] = settings[old]
    plugins = settings.get("PLUGINS") or []
    old_names = [name for name in plugins if isinstance(name, str) and name in OLD_PLUGIN_NAMES]
    if old_names:
        logger.warning(
            "%s: PLUGINS lists %s; since inkfolio 0.2 the engine's plugins are "
            "inkfolio.plugins.<name>, and `from inkfolio.defaults import *` lists them all: "
            "remove PLUGINS (or write inkfolio.plugins.%s)",
            shown,
            ", ".join(old_names),
            old_names[0],
        )
        settings["PLUGINS"] = [
            f"inkfolio.plugins.{name}" if name in old_names else name for name in plugins
        ]
