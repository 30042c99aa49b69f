"""Templates a plugin brings for the pages it adds, used where the site's theme has none
of that name: the pages build in any theme, inside that theme's own base.html.

Pelican looks for a template in the theme, then in its "simple" theme; a plugin's
``templates/`` folder is searched after both, so a theme's own template always wins.
"""

import os

from jinja2 import FileSystemLoader


def receiver(plugin_file):
    """A generator_init receiver that adds the ``templates/`` folder beside
    ``plugin_file`` (keep it in a module-level name: signals hold it weakly)."""
    folder = os.path.join(os.path.dirname(os.path.abspath(plugin_file)), "templates")

    def bring_templates(generator):
        loaders = generator.env.loader.loaders  # Pelican's ChoiceLoader
        if not any(getattr(loader, "searchpath", None) == [folder] for loader in loaders):
            loaders.append(FileSystemLoader(folder))

    return bring_templates
