"""Mermaid diagrams, drawn by Mermaid's own CLI (``@mermaid-js/mermaid-cli``) in one
browser session for all the diagrams a build has not drawn before.

``mmdc`` itself starts a browser per file (~1 s each); instead mermaid_batch.mjs calls
the CLI's exported ``renderMermaid`` once per diagram on a single Chromium (the
system's, never a downloaded one), so a cold build pays the start once.
"""

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from inkfolio.core import CHROMIUM_FLAGS, find_chromium, site_root

# The look every diagram gets; MERMAID_CONFIG (a site setting) is laid over it.
BASE_CONFIG = {
    "theme": "neutral",
    # Labels as SVG text, not HTML in <foreignObject>: searchable, valid in feeds.
    "htmlLabels": False,
    "flowchart": {"htmlLabels": False},
    "fontFamily": 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
}
SCRIPT = os.path.join(os.path.dirname(__file__), "mermaid_batch.mjs")
TIMEOUT_PER_DIAGRAM = 30  # seconds, on top of a browser start
_STACK_LINE = re.compile(r"^\s*(?:at\s|\S+\s\((?:https?|file):)|^-+\^$")


@dataclass
class MermaidRenderer:
    node: str
    cli_folder: str  # the @mermaid-js/mermaid-cli package
    browser: str
    version: str  # mermaid-cli's and Mermaid's versions: part of each cache key
    config: dict

    def render(self, diagrams):
        """{id: source} -> {id: (svg or None, error or None)}, in one browser session."""
        job = {
            "browser": self.browser,
            "args": CHROMIUM_FLAGS,
            "config": self.config,
            "diagrams": [{"id": key, "source": source} for key, source in diagrams.items()],
        }
        done = subprocess.run(
            [self.node, SCRIPT, self.cli_folder],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            timeout=30 + TIMEOUT_PER_DIAGRAM * len(diagrams),
            check=False,
        )
        results = {}
        for line in done.stdout.splitlines():
            if line.startswith("{"):
                answer = json.loads(line)
                results[answer["id"]] = (answer.get("svg"), answer.get("error"))
        if len(results) < len(diagrams):
            problem = _last_words(done.stderr) or f"exit status {done.returncode}"
            raise RuntimeError(f"the Mermaid renderer stopped: {problem}")
        return results


def find(settings):
    """The renderer, or (None, why not). ``MERMAID_CLI``: the ``mmdc`` command or its
    path (default "mmdc": the site's node_modules/.bin/mmdc, else on PATH); False: off."""
    wanted = settings.get("MERMAID_CLI", "mmdc")
    if wanted is False or wanted is None:
        return None, None
    local = os.path.join(site_root(settings), "node_modules", ".bin", wanted)
    mmdc = local if os.path.exists(local) else shutil.which(wanted)
    if not mmdc:
        return None, f"no {wanted} command (Mermaid's CLI) in node_modules/.bin or on PATH"
    node = shutil.which("node")
    if not node:
        return None, "no node command on PATH (Mermaid's CLI runs on Node.js)"
    browser = settings.get("MERMAID_BROWSER") or find_chromium()
    if not browser:
        return None, "no Chromium on PATH (Mermaid draws in a headless browser)"
    # node_modules/.bin/mmdc -> .../@mermaid-js/mermaid-cli/src/cli.js
    cli_folder = os.path.dirname(os.path.dirname(os.path.realpath(mmdc)))
    version = _version(cli_folder)
    if version is None:
        return None, f"{mmdc} is not @mermaid-js/mermaid-cli"
    config = _merged(BASE_CONFIG, settings.get("MERMAID_CONFIG") or {})
    return MermaidRenderer(node, cli_folder, browser, version, config), None


def _version(cli_folder):
    versions = []
    for folder in (
        cli_folder,
        os.path.join(cli_folder, "node_modules", "mermaid"),
        os.path.join(os.path.dirname(os.path.dirname(cli_folder)), "mermaid"),
    ):
        try:
            with open(os.path.join(folder, "package.json"), encoding="utf-8") as handle:
                package = json.load(handle)
        except (OSError, ValueError):
            continue
        versions.append(f"{package.get('name')}@{package.get('version')}")
    if not versions or not versions[0].startswith("@mermaid-js/mermaid-cli@"):
        return None
    return " ".join(versions)


def _merged(base, extra):
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def explain(error):
    """Mermaid's message in one line, without the browser's stack; and the line of the
    diagram it names, if any."""
    lines = [line.rstrip() for line in error.splitlines() if line.strip()]
    kept = [line for line in lines if not _STACK_LINE.search(line)]
    line = re.search(r"on line (\d+)", error)
    return " ".join(kept).strip() or error.strip(), int(line[1]) if line else None


def _last_words(stderr):
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""
