"""Files at the site root that hosts and crawlers look for: robots.txt, CNAME, .nojekyll.

A file the author publishes at the same address (through EXTRA_PATH_METADATA, as
Pelican's docs show for robots.txt and CNAME) is theirs: the engine writes none over it.
"""

import os
from urllib.parse import urlsplit

from inkfolio.core import write_if_changed

from .urls import absolute_url, has_absolute_siteurl

_NOT_CUSTOM = ("localhost", "127.0.0.1")


def write_site_files(pelican):
    settings = pelican.settings
    files = {
        "robots.txt": robots_txt(settings),
        # GitHub Pages would otherwise run Jekyll, which hides folders starting with '_'.
        ".nojekyll": "",
    }
    domain = custom_domain(settings)
    if domain:
        files["CNAME"] = domain + "\n"
    for name, text in files.items():
        if name in authors_own_root_files(settings):
            continue
        write_if_changed(os.path.join(pelican.output_path, name), text)


def authors_own_root_files(settings):
    """Output names the author's static files claim, e.g. ``extra/robots.txt`` → robots.txt."""
    return {
        os.path.normpath(meta["path"])
        for meta in (settings.get("EXTRA_PATH_METADATA") or {}).values()
        if isinstance(meta, dict) and meta.get("path")
    }


def robots_txt(settings):
    lines = ["User-agent: *", "Allow: /"]
    if has_absolute_siteurl(settings):
        lines.append(f"Sitemap: {absolute_url(settings, 'sitemap.xml')}")
    return "\n".join(lines) + "\n"


def custom_domain(settings):
    """The CNAME setting, or SITEURL's host when it is not a github.io or local address."""
    if settings.get("CNAME") is not None:
        return settings["CNAME"] or None
    host = urlsplit(settings.get("SITEURL") or "").hostname
    if not host or host in _NOT_CUSTOM or host.endswith(".github.io"):
        return None
    return host
