"""One way to turn a site-relative path into the URL readers and crawlers see."""


def absolute_url(settings, path):
    """``SITEURL`` + path; with no SITEURL (local work) the path from the site root."""
    if path.startswith(("http://", "https://")):
        return path
    base = (settings.get("SITEURL") or "").rstrip("/")
    return f"{base}/{path.lstrip('/')}"
