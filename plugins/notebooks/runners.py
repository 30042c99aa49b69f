"""Remote notebook runners: Jupyter servers or gateways named in ``NOTEBOOK_RUNNERS``.

The planner decides what runs; a runner decides where. This module only reads the
declarations (one mistake, one line naming the runner and what to write) and says
what a runner contributes to the cache key: its name and its declared environment,
never its URL, token or host, so the key is the same from a laptop, from CI or on the
GPU machine itself.
"""

import os
import re
from dataclasses import dataclass

from inkfolio.settings import SettingsError

from .cache import file_hash

_PYTHON = re.compile(r"^3\.\d+$")
KNOWN_KEYS = {
    "url",
    "token_env",
    "kernel",
    "python",
    "environment",
    "workers",
    "connect_timeout",
    "retries",
}


@dataclass(frozen=True)
class Runner:
    name: str
    url: str
    token_env: str | None  # the token itself is read only by the worker that sends it
    kernel: str | None  # kernel name on the server; None: the notebook's own
    python: str  # "3.11": the remote Python; another one there is an error
    environment: str | None  # the remote environment's lock file, inside the site
    workers: int  # kernels at once on the server
    connect_timeout: float  # seconds to reach the server, per attempt
    retries: int  # extra attempts to connect (never to re-run a cell that started)

    def key_part(self):
        """What this runner adds to an execution key."""
        lock = None
        if self.environment:
            lock = f"{os.path.basename(self.environment)}:{file_hash(self.environment)}"
        return {"runner": self.name, "python": self.python, "environment": lock}

    def job_part(self):
        """What a worker needs to reach the runner (the token's variable, not the token)."""
        return {
            "name": self.name,
            "url": self.url,
            "token_env": self.token_env,
            "python": self.python,
            "connect_timeout": self.connect_timeout,
            "retries": self.retries,
        }


def read_runners(settings, site_root):
    """``NOTEBOOK_RUNNERS`` as Runner objects by name; SettingsError on a mistake."""
    declared = settings.get("NOTEBOOK_RUNNERS") or {}
    if not isinstance(declared, dict):
        raise SettingsError(
            "NOTEBOOK_RUNNERS: expected a dict of runners by name, e.g. "
            '{"gpu": {"url": "https://gpu-box:8888", "token_env": "INKFOLIO_GPU_TOKEN", '
            '"python": "3.11"}}'
        )
    return {name: _runner(name, spec, site_root) for name, spec in declared.items()}


def _runner(name, spec, site_root):
    where = f"NOTEBOOK_RUNNERS[{name!r}]"
    if not isinstance(spec, dict):
        raise SettingsError(f"{where}: expected a dict with at least 'url' and 'python'")
    unknown = sorted(set(spec) - KNOWN_KEYS)
    if unknown:
        raise SettingsError(
            f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_KEYS))}"
        )
    url = spec.get("url")
    if not isinstance(url, str) or not re.match(r"^https?://[^/]", url):
        raise SettingsError(f"{where}: 'url' must be the server's http(s) address")
    python = str(spec.get("python", ""))
    if not _PYTHON.match(python):
        raise SettingsError(
            f"{where}: 'python' must be the remote Python version as MAJOR.MINOR, e.g. "
            '"3.11" (it is part of the cache key, which must not depend on asking the server)'
        )
    token_env = spec.get("token_env")
    if token_env is not None and not (isinstance(token_env, str) and token_env.isidentifier()):
        raise SettingsError(
            f"{where}: 'token_env' is the name of the environment variable holding the token "
            "(the token itself never goes in the settings)"
        )
    environment = spec.get("environment")
    if environment is not None:
        environment = os.path.join(site_root, str(environment))
        if not os.path.isfile(environment):
            raise SettingsError(f"{where}: 'environment' file {spec['environment']!r} not found")
    numbers = {
        "workers": (spec.get("workers", 2), int),
        "connect_timeout": (spec.get("connect_timeout", 10), float),
        "retries": (spec.get("retries", 2), int),
    }
    values = {}
    for key, (value, kind) in numbers.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise SettingsError(f"{where}: '{key}' must be a number >= 0")
        values[key] = kind(value)
    return Runner(
        name=name,
        url=url.rstrip("/"),
        token_env=token_env,
        kernel=spec.get("kernel"),
        python=python,
        environment=environment,
        workers=max(1, values["workers"]),
        connect_timeout=max(0.5, values["connect_timeout"]),
        retries=values["retries"],
    )
