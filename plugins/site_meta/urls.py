"""One way to turn a site-relative path into the URL readers and crawlers see."""

from jinja2 import pass_context


def absolute_url(settings, path):
    """``SITEURL`` + path; with no SITEURL (local work) the path from the site root."""
    if path.startswith(("http://", "https://")):
        return path
    base = (settings.get("SITEURL") or "").rstrip("/")
    return f"{base}/{path.lstrip('/')}"


def has_absolute_siteurl(settings):
    return (settings.get("SITEURL") or "").startswith(("http://", "https://"))


@pass_context
def canonical_url(context, path):
    """The page's absolute URL for ``rel=canonical`` and ``og:url``; None on a site with
    no absolute SITEURL (a local build): both must be absolute, and a relative
    canonical costs the page its SEO score."""
    return absolute_url(context, path) if has_absolute_siteurl(context) else None
