"""The engine's theme: ``templates/`` (Jinja) and ``static/`` (CSS, JS, icons).

Shipped in the wheel as package data; a site's own ``theme/`` overrides it file by file.
"""
