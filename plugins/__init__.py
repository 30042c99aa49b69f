"""inkfolio's Pelican plugins, one per folder: ``inkfolio.plugins.<name>``.

Each is a standard Pelican plugin (``register()``) that any Pelican site can list in
``PLUGINS``; what they share comes from ``inkfolio.core``.
"""
