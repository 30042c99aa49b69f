"""Well-known Pelican plugins this reader makes unneeded, named in one line each.

pelican-image-process and pelican-simple-footnotes work with it (images it resizes
keep the size it writes: see extensions/references.py). pelican-render-math finds
nothing left to do: math is already MathML when it looks.
"""

import logging

logger = logging.getLogger(__name__)

REPLACED = {
    "render_math": (
        "pelican-render-math is not needed: $…$ and $$…$$ are already rendered as "
        "MathML, with no script to load; remove 'render_math' from PLUGINS"
    ),
}


def name_replaced_plugins(pelican):
    for plugin in pelican.settings.get("PLUGINS") or []:
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        message = REPLACED.get(name.removeprefix("pelican.plugins."))
        if message:
            logger.warning("%s", message)
