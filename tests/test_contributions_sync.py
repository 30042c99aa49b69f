"""The contributions sync, over real HTTP, against a local server that answers like
GitHub's REST API: pagination, conditional requests, rate limits, retries, deletions."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml
from conftest import ROOT

from inkfolio.plugins.contributions.github import RateLimited
from inkfolio.plugins.contributions.sync import sync

USER = "ada"
PAGE_SIZE = 3


class FakeGitHub:
    """What GitHub knows, and faults to answer with once."""

    def __init__(self):
        self.pulls = {}  # (repo, number) -> dict
        self.repos = {
            "numpy/numpy": {
                "description": "Arrays",
                "stargazers_count": 30000,
                "language": "Python",
            },
            "rust-lang/rust": {
                "description": "Rust",
                "stargazers_count": 99000,
                "language": "Rust",
            },
            "old/gone": {"description": "Soon deleted", "stargazers_count": 5, "language": "C"},
            "ada/own-project": {"description": "Mine", "stargazers_count": 1, "language": "Go"},
        }
        self.faults = []  # (path prefix, status, headers), each answered once
        self.requests = []  # (path, headers)
        self.not_modified = 0

    def add_pull(self, repo, number, state="open", merged=False, title=None):
        self.pulls[repo, number] = {
            "repo": repo,
            "number": number,
            "title": title or f"Change {number} to {repo}",
            "state": "closed" if merged else state,
            "merged": merged,
        }

    def search_items(self):
        items = []
        for (repo, number), pull in sorted(self.pulls.items(), key=lambda kv: kv[0][1]):
            merged_at = "2026-02-03T10:00:00Z" if pull["merged"] else None
            items.append(
                {
                    "repository_url": f"https://api.github.com/repos/{repo}",
                    "number": number,
                    "title": pull["title"],
                    "html_url": f"https://github.com/{repo}/pull/{number}",
                    "state": pull["state"],
                    "created_at": "2026-01-05T09:00:00Z",
                    "closed_at": merged_at,
                    "labels": [{"name": "enhancement"}],
                    "pull_request": {"merged_at": merged_at},
                }
            )
        return items

    def answer(self, path, query):
        """(status, headers, body) for a GET."""
        for fault in list(self.faults):
            if path.startswith(fault[0]):
                self.faults.remove(fault)
                return fault[1], fault[2], {"message": "fault"}
        if path == "/search/issues":
            assert query["q"] == [f"type:pr author:{USER} -user:{USER}"]
            items = self.search_items()
            page = int(query.get("page", ["1"])[0])
            chunk = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            headers = {}
            if page * PAGE_SIZE < len(items):
                q = urllib.parse.urlencode({"q": query["q"][0], "per_page": 100, "page": page + 1})
                headers["Link"] = f'<{self.base}/search/issues?{q}>; rel="next"'
            return 200, headers, {"total_count": len(items), "items": chunk}
        parts = path.strip("/").split("/")
        if parts[0] == "repos" and len(parts) == 3:
            repo = f"{parts[1]}/{parts[2]}"
            if repo not in self.repos:
                return 404, {}, {"message": "Not Found"}
            return 200, {}, self.repos[repo]
        if parts[0] == "repos" and len(parts) == 5 and parts[3] == "pulls":
            pull = self.pulls.get((f"{parts[1]}/{parts[2]}", int(parts[4])))
            if pull is None:
                return 404, {}, {"message": "Not Found"}
            merged_at = "2026-02-03T10:00:00Z" if pull["merged"] else None
            return (
                200,
                {},
                {"merged_at": merged_at, "additions": 10 * pull["number"], "deletions": 2},
            )
        return 404, {}, {"message": "Not Found"}


@pytest.fixture
def github():
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parsed = urllib.parse.urlsplit(self.path)
            fake.requests.append((parsed.path, dict(self.headers)))
            status, headers, body = fake.answer(parsed.path, urllib.parse.parse_qs(parsed.query))
            data = json.dumps(body).encode()
            etag = '"' + hashlib.sha1(data).hexdigest() + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                fake.not_modified += 1
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status == 200:
                self.send_header("ETag", etag)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.add_pull("numpy/numpy", 11, merged=True)
    fake.add_pull("numpy/numpy", 12)
    fake.add_pull("numpy/numpy", 13, state="closed")
    fake.add_pull("rust-lang/rust", 21, merged=True)
    fake.add_pull("rust-lang/rust", 22)
    fake.add_pull("old/gone", 31, merged=True)
    fake.add_pull("numpy/numpy", 14, merged=True)
    yield fake
    server.shutdown()


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def run_sync(github, path, tmp_path, sleep=None, token=None):
    return sync(
        USER,
        path,
        api_url=github.base,
        token=token,
        etag_cache=tmp_path / "etags.json",
        sleep=Sleeps() if sleep is None else sleep,
    )


def entries(path):
    items = yaml.safe_load(path.read_text())["contributions"]
    return {(e["repo"], e.get("number")): e for e in items}


def test_first_sync_pages_through_every_result(github, tmp_path):
    path = tmp_path / "contributions.yaml"
    changes, written = run_sync(github, path, tmp_path)
    assert written and len(changes.added) == 7
    searches = [p for p, _ in github.requests if p == "/search/issues"]
    assert len(searches) == 3  # 7 results, 3 per page
    found = entries(path)
    assert set(found) == {
        ("numpy/numpy", 11),
        ("numpy/numpy", 12),
        ("numpy/numpy", 13),
        ("numpy/numpy", 14),
        ("rust-lang/rust", 21),
        ("rust-lang/rust", 22),
        ("old/gone", 31),
    }
    merged = found["numpy/numpy", 11]
    assert merged["state"] == "merged" and str(merged["closed"]) == "2026-02-03"
    assert (merged["additions"], merged["deletions"]) == (110, 2)
    assert (merged["repo_stars"], merged["repo_language"]) == (30000, "Python")
    assert found["numpy/numpy", 13]["state"] == "closed"
    assert found["numpy/numpy", 12]["state"] == "open"
    # Deterministic order: by repository, then number.
    order = [(e["repo"], e["number"]) for e in yaml.safe_load(path.read_text())["contributions"]]
    assert order == sorted(order, key=lambda k: (k[0].lower(), k[1]))


def test_author_fields_survive_and_an_unchanged_sync_rewrites_nothing(github, tmp_path):
    path = tmp_path / "contributions.yaml"
    run_sync(github, path, tmp_path)
    data = yaml.safe_load(path.read_text())
    for entry in data["contributions"]:
        if entry["number"] == 11:
            entry.update(note="Why it mattered", highlight=True)
        if entry["number"] == 13:
            entry["hidden"] = True
    data["contributions"].append(
        {
            "repo": "numpy/numpy",
            "kind": "review",
            "title": "Reviewed the sorting rewrite",
            "url": "https://github.com/numpy/numpy/pull/99#pullrequestreview-1",
            "state": "merged",
            "opened": "2026-01-01",
        }
    )
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    run_sync(github, path, tmp_path)  # normalises the hand edit into the file's own order
    # A stamp in the past: any rewrite, however soon, would move it to now.
    stamp = 1_000_000_000_000_000_000
    os.utime(path, ns=(stamp, stamp))
    text = path.read_bytes()
    before = github.not_modified
    changes, written = run_sync(github, path, tmp_path)
    assert not written and path.read_bytes() == text and path.stat().st_mtime_ns == stamp
    assert changes.summary() == "0 new, 0 updated, 0 no longer found upstream, 8 unchanged"
    assert github.not_modified > before  # conditional requests answered 304
    found = entries(path)
    assert found["numpy/numpy", 11]["note"] == "Why it mattered"
    assert found["numpy/numpy", 11]["highlight"] is True
    assert found["numpy/numpy", 13]["hidden"] is True
    reviews = [
        e for e in yaml.safe_load(path.read_text())["contributions"] if e["kind"] == "review"
    ]
    assert reviews[0]["title"] == "Reviewed the sorting rewrite"


def test_a_pull_request_merged_since_the_last_sync(github, tmp_path):
    path = tmp_path / "contributions.yaml"
    run_sync(github, path, tmp_path)
    text = path.read_text().replace(
        "title: Change 12 to numpy/numpy", "title: Change 12 to numpy/numpy\n  note: Still open"
    )
    path.write_text(text)
    github.add_pull("numpy/numpy", 12, merged=True)
    changes, written = run_sync(github, path, tmp_path)
    assert written and len(changes.updated) == 1
    entry, differences = changes.updated[0]
    assert differences["state"] == ("open", "merged")
    found = entries(path)["numpy/numpy", 12]
    assert found["state"] == "merged" and found["note"] == "Still open"


def test_deleted_repository_and_vanished_pull_request_are_kept(github, tmp_path):
    path = tmp_path / "contributions.yaml"
    run_sync(github, path, tmp_path)
    path.write_text(
        path.read_text().replace(
            "title: Change 31 to old/gone", "title: Change 31 to old/gone\n  note: Mine"
        )
    )
    del github.repos["old/gone"]  # the repository 404s, its pull request is still found
    run_sync(github, path, tmp_path)
    kept = entries(path)["old/gone", 31]
    assert kept["repo_description"] == "Soon deleted" and kept["note"] == "Mine"
    del github.pulls["old/gone", 31]  # and then it is gone from the search too
    changes, _ = run_sync(github, path, tmp_path)
    assert [e.number for e in changes.vanished] == [31]
    kept = entries(path)["old/gone", 31]
    assert kept["vanished"] is True and kept["note"] == "Mine"


def test_a_502_is_retried_with_backoff(github, tmp_path):
    path = tmp_path / "contributions.yaml"
    github.faults.append(("/repos/rust-lang/rust", 502, {}))
    sleeps = Sleeps()
    changes, written = run_sync(github, path, tmp_path, sleep=sleeps)
    assert written and len(changes.added) == 7
    assert sleeps == [1]


def test_rate_limit_waits_when_short_and_stops_cleanly_when_long(github, tmp_path):
    path = tmp_path / "contributions.yaml"
    run_sync(github, path, tmp_path)
    before = path.read_bytes()
    reset = int(time.time()) + 30  # within the minute worth waiting for
    soon = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    github.faults.append(("/search/issues", 403, soon))
    github.add_pull("numpy/numpy", 15)
    sleeps = Sleeps()
    started = time.time()
    changes, _ = run_sync(github, path, tmp_path, sleep=sleeps)
    # It waited until the reset, however long the machine took to get there.
    assert len(sleeps) == 1 and reset - time.time() - 2 <= sleeps[0] <= reset - started + 2
    assert len(changes.added) == 1

    later = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 3600)}
    github.add_pull("numpy/numpy", 16, merged=True)
    github.faults.append(("/repos/numpy/numpy/pulls/16", 403, later))
    before = path.read_bytes()
    with pytest.raises(RateLimited, match="rate limit is used up until .* Nothing was written"):
        run_sync(github, path, tmp_path)
    assert path.read_bytes() == before  # nothing half-done


def invoke(site, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=site,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **(env or {})},
    )


def test_invoke_task_uses_the_token_and_never_writes_it(github, tmp_path):
    site = tmp_path / "site"
    (site / "content/data").mkdir(parents=True)
    shutil.copy(ROOT / "tasks.py", site / "tasks.py")
    token = "ghp_" + "T0k3n" * 8
    env = {"GITHUB_API_URL": github.base, "GITHUB_TOKEN": token}
    result = invoke(site, "sync-contributions", "--user", USER, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 new, 0 updated" in result.stdout
    assert all(headers.get("Authorization") == f"Bearer {token}" for _, headers in github.requests)
    for written in site.rglob("*"):
        if written.is_file() and written.name != "tasks.py":
            assert token not in written.read_text(errors="replace"), written

    github.faults.append(
        (
            "/search/issues",
            403,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 3600)},
        )
    )
    limited = invoke(site, "sync-contributions", "--user", USER, env=env)
    assert limited.returncode == 1
    assert "Not synced: GitHub's rate limit is used up" in limited.stderr
    assert "Traceback" not in limited.stderr
