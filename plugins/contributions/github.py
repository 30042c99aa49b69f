"""A small GitHub REST client for the sync: conditional requests, pagination, rate
limits and retries. Standard library only (urllib): the sync makes a few dozen
requests, and every rule it must follow is a few lines here.
"""

import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DEFAULT_API = "https://api.github.com"
RETRIES = 3  # for 5xx answers, with 1 s, 2 s, 4 s between tries
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


class GitHubError(Exception):
    """A failure the user can act on; the message says what to do."""


class RateLimited(GitHubError):
    pass


class NotFound(GitHubError):
    pass


class Client:
    def __init__(self, api_url=None, token=None, etag_cache=None, sleep=time.sleep, max_wait=60):
        self.api_url = (api_url or DEFAULT_API).rstrip("/")
        self.token = token
        self.sleep = sleep
        self.max_wait = max_wait  # seconds worth waiting for a rate limit to reset
        self.etag_cache = Path(etag_cache) if etag_cache else None
        self._etags = self._load_etags()
        self.requests = 0

    def get(self, path, params=None):
        """The JSON at ``path`` (and its Link header); 304 answers come from the cache."""
        url = path if path.startswith("http") else f"{self.api_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        for attempt in range(RETRIES + 1):
            try:
                return self._get_once(url)
            except _Retry as retry:
                if attempt == RETRIES:
                    raise GitHubError(
                        f"GitHub answered {retry.status} for {url} {RETRIES + 1} times; "
                        "try again later"
                    ) from None
                self.sleep(retry.wait or 2**attempt)
        raise AssertionError("unreachable")

    def paginate(self, path, params=None):
        """Every item of a paginated list (search results: their 'items')."""
        url = path
        while url:
            data, link = self.get(url, params)
            params = None  # the next link carries them
            yield from data["items"] if isinstance(data, dict) else data
            match = _NEXT.search(link or "")
            url = match[1] if match else None

    def _get_once(self, url):
        request = urllib.request.Request(url, headers=self._headers(url))
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read().decode()
                etag = response.headers.get("ETag")
                link = response.headers.get("Link")
                if etag:
                    self._etags[url] = {"etag": etag, "body": body, "link": link}
                return json.loads(body), link
        except urllib.error.HTTPError as error:
            return self._handle(url, error)
        except urllib.error.URLError as error:
            raise GitHubError(f"cannot reach {self.api_url}: {error.reason}") from None

    def _handle(self, url, error):
        status = error.code
        if status == 304 and url in self._etags:
            cached = self._etags[url]
            return json.loads(cached["body"]), cached.get("link")
        if status == 404:
            raise NotFound(url)
        if status == 401:
            raise GitHubError("GitHub refused the token (401): check GITHUB_TOKEN") from None
        if status in (403, 429) and _is_rate_limit(error.headers):
            wait = _seconds_to_wait(error.headers)
            if wait is not None and wait <= self.max_wait:
                raise _Retry(status, max(wait, 1))
            when = time.strftime("%H:%M:%S", time.localtime(time.time() + (wait or 0)))
            raise RateLimited(
                f"GitHub's rate limit is used up until {when} (in {int(wait or 0)} s). "
                "Nothing was written; run the sync again then, or set GITHUB_TOKEN for a higher limit."
            ) from None
        if status >= 500:
            raise _Retry(status, None)
        raise GitHubError(f"GitHub answered {status} for {url}") from None

    def _headers(self, url):
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "inkfolio-sync",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if url in self._etags:
            headers["If-None-Match"] = self._etags[url]["etag"]
        return headers

    def _load_etags(self):
        if self.etag_cache and self.etag_cache.is_file():
            try:
                return json.loads(self.etag_cache.read_text())
            except ValueError:
                return {}
        return {}

    def save_etags(self):
        """Answers are kept by URL only (never the token), for conditional requests."""
        if not self.etag_cache:
            return
        self.etag_cache.parent.mkdir(parents=True, exist_ok=True)
        partial = self.etag_cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(self._etags, sort_keys=True))
        partial.replace(self.etag_cache)


class _Retry(Exception):
    def __init__(self, status, wait):
        super().__init__(status)
        self.status = status
        self.wait = wait


def _is_rate_limit(headers):
    return headers.get("X-RateLimit-Remaining") == "0" or "Retry-After" in headers


def _seconds_to_wait(headers):
    if headers.get("Retry-After", "").isdigit():
        return int(headers["Retry-After"])
    reset = headers.get("X-RateLimit-Reset", "")
    if reset.isdigit():
        return max(0, int(reset) - int(time.time()))
    return None
