"""Files at the site root that hosts and crawlers look for: robots.txt, CNAME, .nojekyll."""

import os
from urllib.parse import urlsplit

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
        path = os.path.join(pelican.output_path, name)
        if not os.path.exists(path) or _read(path) != text:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)


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


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()
