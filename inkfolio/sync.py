"""``inkfolio sync-contributions USER``: refresh the contributions file from GitHub."""

import os
import sys

from inkfolio.core import ContentError
from inkfolio.plugins.contributions.github import GitHubError
from inkfolio.plugins.contributions.sync import sync

DATA_FILE = "content/data/contributions.yaml"


def sync_contributions(site, user, data=DATA_FILE, cache=".cache"):
    """Print what changed; return the exit status. GITHUB_TOKEN raises the rate limit,
    GITHUB_API_URL points elsewhere than api.github.com."""
    try:
        changes, written = sync(
            user,
            os.path.join(site, data),
            api_url=os.environ.get("GITHUB_API_URL"),
            token=os.environ.get("GITHUB_TOKEN"),
            etag_cache=os.path.join(site, cache, "github", "etags.json"),
        )
    except (GitHubError, ContentError) as error:
        print(f"Not synced: {error}", file=sys.stderr)
        return 1
    for entry in changes.added:
        print(f"  new      {entry.repo}#{entry.number}: {entry.title}")
    for entry, differences in changes.updated:
        what = ", ".join(f"{name} {old} → {new}" for name, (old, new) in differences.items())
        print(f"  updated  {entry.repo}#{entry.number}: {what}")
    for entry in changes.vanished:
        print(f"  gone     {entry.repo}#{entry.number} (kept, marked vanished)")
    print(f"{changes.summary()}. {data} {'updated' if written else 'unchanged'}.")
    return 0
