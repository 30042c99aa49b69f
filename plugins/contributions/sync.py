"""``invoke sync-contributions``: ask GitHub for a user's pull requests to other
people's repositories and merge them into the contributions file.

Everything is fetched first; the file is written once at the end, and only if its
text changed. A failure on the way (rate limit, network) writes nothing.
"""

import datetime as dt
import os

from . import data
from .github import Client, NotFound
from .merge import merge
from .schema import Contribution


def sync(user, path, api_url=None, token=None, etag_cache=None, sleep=None, max_wait=60):
    """Sync ``path`` for GitHub ``user``; returns (Changes, whether the file was written)."""
    kwargs = {"sleep": sleep} if sleep is not None else {}
    client = Client(api_url, token, etag_cache, max_wait=max_wait, **kwargs)
    existing = data.load(path)[1] if os.path.exists(path) else []
    found = list(_pull_requests(client, user))
    merged, changes = merge(existing, found)
    written = data.write_if_changed(path, data.dump(user, merged))
    client.save_etags()
    return changes, written


def _pull_requests(client, user):
    query = {
        "q": f"type:pr author:{user} -user:{user}",
        "per_page": 100,
        "sort": "created",
        "order": "asc",
    }
    repositories = {}
    for item in client.paginate("/search/issues", query):
        repo = item["repository_url"].split("/repos/", 1)[1]
        if repo.split("/")[0].lower() == user.lower():
            continue  # the search qualifier covers this; a renamed account might not
        if repo not in repositories:
            repositories[repo] = _repository(client, repo)
        yield _contribution(client, item, repo, repositories[repo])


def _repository(client, repo):
    try:
        info, _ = client.get(f"/repos/{repo}")
    except NotFound:
        return {}  # deleted or private now: keep what the file knew
    return {
        "repo_description": info.get("description"),
        "repo_stars": info.get("stargazers_count"),
        "repo_language": info.get("language"),
    }


def _contribution(client, item, repo, repository):
    number = item["number"]
    try:
        pull, _ = client.get(f"/repos/{repo}/pulls/{number}")
    except NotFound:
        pull = {}
    merged_at = pull.get("merged_at") or (item.get("pull_request") or {}).get("merged_at")
    state = "merged" if merged_at else item["state"]
    closed = merged_at or item.get("closed_at")
    return Contribution(
        repo=repo,
        **repository,
        kind="pull_request",
        number=number,
        title=item["title"],
        url=item["html_url"],
        state=state,
        opened=_day(item["created_at"]),
        closed=_day(closed) if closed else None,
        additions=pull.get("additions"),
        deletions=pull.get("deletions"),
        labels=sorted(label["name"] for label in item.get("labels", [])),
    )


def _day(timestamp):
    return dt.date.fromisoformat(timestamp[:10])
