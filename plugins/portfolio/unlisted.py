"""Pages for the people they are sent to (CV variants, applications): kept out of the sitemap."""

import re


def leave_out_of_sitemap(settings, url):
    """pelican-sitemap lists every page written, unless its SITEMAP excludes it (a copy:
    the site's dict is shared)."""
    sitemap = dict(settings.get("SITEMAP") or {})
    pattern = f"^{re.escape(url)}"
    sitemap["exclude"] = [*(p for p in sitemap.get("exclude", ()) if p != pattern), pattern]
    settings["SITEMAP"] = sitemap
