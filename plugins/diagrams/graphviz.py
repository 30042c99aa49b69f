"""Graphviz diagrams: ``dot -Tsvg``, a few milliseconds each, so one process per diagram."""

import re
import shutil
import subprocess
from dataclasses import dataclass

# A sans-serif like the theme's, unless the diagram names its own font.
DEFAULTS = ["-Gfontname=sans-serif", "-Nfontname=sans-serif", "-Efontname=sans-serif"]
TIMEOUT = 60  # seconds: a graph large enough to take longer is a mistake


@dataclass
class GraphvizRenderer:
    dot: str
    version: str

    def render(self, diagrams):
        """{id: source} -> {id: (svg or None, error or None)}."""
        results = {}
        for key, source in diagrams.items():
            done = subprocess.run(
                [self.dot, "-Tsvg", *DEFAULTS],
                input=source,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
            if done.returncode == 0 and "<svg" in done.stdout:
                results[key] = (done.stdout, None)
            else:
                results[key] = (None, done.stderr.strip() or f"dot exit status {done.returncode}")
        return results


def find(settings):
    """``GRAPHVIZ_DOT``: the ``dot`` command or its path (default "dot"); False: off."""
    wanted = settings.get("GRAPHVIZ_DOT", "dot")
    if wanted is False or wanted is None:
        return None, None
    dot = shutil.which(wanted)
    if not dot:
        return None, f"no {wanted} command (Graphviz) on PATH"
    done = subprocess.run([dot, "-V"], capture_output=True, text=True, check=False)
    return GraphvizRenderer(dot, (done.stderr or done.stdout).strip()), None


def explain(error):
    """dot's message in one line, and the line of the diagram it names, if any."""
    text = " ".join(line.strip() for line in error.splitlines() if line.strip())
    text = re.sub(r"^Error:\s*(<stdin>:\s*)?", "", text)
    line = re.search(r"(?:in )?line (\d+)", text)
    return text, int(line[1]) if line else None
