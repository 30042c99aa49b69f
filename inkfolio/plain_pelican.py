"""Our plugins under the `pelican` command: a build they reported an error in fails.

`inkfolio build` counts problems itself (inkfolio/build.py) and sets its exit status.
Pelican's own command exits 0 whatever plugins log, so a notebook whose cell failed
would publish quietly; and with ``--fatal errors`` Pelican stops with a traceback of
its RuntimeError. Each plugin's ``register()`` calls ``register()`` here (once is
enough): at the end of a build that logged errors, the process exits with status 1 and
one line; the ``--fatal`` stop becomes one line too.
"""

import logging
import os
import sys

from pelican import signals

# Set by `inkfolio build`, which reports and exits itself.
RUN_BY_INKFOLIO = False
_FATAL_STOP = "Warning or error encountered"  # pelican.log.FatalLogger's RuntimeError


class _ErrorCounter(logging.Handler):
    """Counts the errors our plugins log during one build."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.errors = 0

    def emit(self, record):
        if record.name.startswith("inkfolio"):
            self.errors += 1


class _FatalStopInOneLine(logging.Filter):
    """Pelican logs its --fatal stop with a traceback of where the error was logged;
    the error itself is the line above it."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, RuntimeError) and str(error) == _FATAL_STOP:
            record.msg, record.args = "Build stopped at the problem above (--fatal).", ()
            record.exc_info = record.exc_text = None
        return True


_COUNTER = _ErrorCounter()


def register():
    if getattr(register, "done", False):
        return
    register.done = True
    logging.getLogger().addHandler(_COUNTER)
    logging.getLogger("pelican").addFilter(_FatalStopInOneLine())
    signals.initialized.connect(_start)


def _start(pelican):
    _COUNTER.errors = 0
    # Connected now, after every plugin's own receivers: it runs last.
    signals.finalized.connect(_fail_if_errors)


def _fail_if_errors(pelican):
    if RUN_BY_INKFOLIO or not _COUNTER.errors or not _pelican_command() or _autoreloading():
        return
    count = _COUNTER.errors
    raise SystemExit(f"Build failed: {count} error{'s' if count != 1 else ''} reported above.")


def _pelican_command():
    """Whether this process is the `pelican` command (or `python -m pelican`), not a
    program that builds with Pelican and goes on (a livereload server, a script)."""
    program = os.path.normpath(sys.argv[0] if sys.argv else "")
    name = os.path.basename(program)
    return name == "pelican" or (
        name == "__main__.py" and os.path.basename(os.path.dirname(program)) == "pelican"
    )


def _autoreloading():
    """Whether `pelican --autoreload` runs this build: it builds again on the next
    change, so an error must not end it."""
    frame = sys._getframe()
    while frame:
        code = frame.f_code
        if code.co_name == "autoreload" and "pelican" in code.co_filename:
            return True
        frame = frame.f_back
    return False
