"""``inkfolio livereload``: serve the site, rebuild it on each save, reload the browser.

Three parts, each simple:

- the **server** (this process) answers as ``inkfolio serve`` does, adds a small script
  to each HTML page, and tells open pages over Server-Sent Events when a build is done;
- the **watcher** (watchfiles, in this process) turns saves into build requests;
- the **builder** (``inkfolio.livereload_worker``) is one long-lived process that keeps
  Pelican, the plugins and their caches warm and rebuilds in place. It is started anew
  only when the settings or code (the site's plugins, the engine's own in its
  repository) change, since Python cannot unload what it imported.

A page reloads only when its own file changed, or when a shared file (a stylesheet, a
script, an image) did; it keeps its scroll position. The pages of the files just saved
are written before the rest of the site, and reload as soon as they are. A build that fails shows its
problems in the terminal and on the open pages, and the next good save clears them.
"""

import io
import json
import os
import queue
import subprocess
import sys
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import watchfiles

import inkfolio
import inkfolio.plugins
from inkfolio.serve import PagesLikeHandler

# What is watched in a site: the author's words, data, overrides and settings.
SITE_WATCHED = ["content", "notebooks", "theme", "plugins"]
SCRIPT_PATH = "/_inkfolio/livereload.js"
EVENTS_PATH = "/_inkfolio/events"
STATUS_PATH = "/_inkfolio/status"

# Reloads this page when a build changed it (or a file every page uses); keeps the
# scroll position; shows a failed build's problems over the page until the next good one.
SCRIPT = """\
(() => {
  const key = "inkfolio-livereload-scroll", here = location.pathname;
  const y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); addEventListener("load", () => scrollTo(0, +y)); }
  let seen = null, box = null;
  const events = new EventSource("EVENTS_PATH");
  events.addEventListener("build", (event) => {
    const build = JSON.parse(event.data);
    if (box) { box.remove(); box = null; }
    if (build.error) {
      box = document.createElement("pre");
      box.id = "inkfolio-build-error";
      box.textContent = "Build failed\\n\\n" + build.error;
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:50vh;overflow:auto;z-index:9999;padding:1rem;margin:0;background:#fff0f0;color:#8a1111;border:2px solid #8a1111;font:0.85rem/1.4 monospace;white-space:pre-wrap";
      document.body.append(box);
      return;
    }
    if (seen !== null && build.id !== seen && (build.everything || build.pages.includes(here))) {
      sessionStorage.setItem(key, String(scrollY));
      location.reload();
    }
    seen = build.id;
  });
})();
""".replace("EVENTS_PATH", EVENTS_PATH)


class BuildState:
    """The last build's outcome, and the pages listening for the next one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.build = {"id": 0, "pages": [], "everything": False, "error": None, "building": True}
        self.builder_pid = None
        self.listeners = set()

    def publish(self, build):
        with self.lock:
            self.build = build
            listeners = list(self.listeners)
        for listener in listeners:
            listener.put(build)

    def listen(self):
        listener = queue.Queue()
        with self.lock:
            self.listeners.add(listener)
            listener.put(self.build)
        return listener

    def forget(self, listener):
        with self.lock:
            self.listeners.discard(listener)


class LiveHandler(PagesLikeHandler):
    """Pages as ``serve`` gives them, plus the reload script, its events and a status."""

    def __init__(self, *args, state, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a reload always shows the new build
        super().end_headers()

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == SCRIPT_PATH:
            return self._send(SCRIPT.encode(), "text/javascript; charset=utf-8")
        if path == STATUS_PATH:
            with self.state.lock:
                status = {**self.state.build, "builder_pid": self.state.builder_pid}
            return self._send(json.dumps(status).encode(), "application/json")
        if path == EVENTS_PATH:
            return self._stream_events()
        return super().do_GET()

    def send_head(self):
        page = self._html_file()
        if page is None:
            return super().send_head()
        body = page.read_bytes()
        tag = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
        end = body.rfind(b"</body>")
        body = body[:end] + tag + body[end:] if end >= 0 else body + tag
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _html_file(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def _send(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream_events(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        listener = self.state.listen()
        try:
            self.wfile.write(b"retry: 500\n\n")
            while True:
                try:
                    build = listener.get(timeout=15)
                except queue.Empty:
                    self.wfile.write(b": still here\n\n")  # keeps proxies from closing it
                else:
                    self.wfile.write(f"event: build\ndata: {json.dumps(build)}\n\n".encode())
                self.wfile.flush()
        except OSError:  # the page was closed or reloaded
            pass
        finally:
            self.state.forget(listener)


class Builder:
    """The warm build process: one request at a time, an answer for each."""

    def __init__(self, settings_file, output):
        self.settings_file, self.output = settings_file, output
        self.process = None

    def start(self):
        read, write = os.pipe()
        command = [sys.executable, "-m", "inkfolio.livereload_worker"]
        self.process = subprocess.Popen(
            [*command, str(self.settings_file), str(self.output), str(write)],
            stdin=subprocess.PIPE,
            pass_fds=[write],
            cwd=self.settings_file.parent,
            text=True,
        )
        os.close(write)
        self.answers = os.fdopen(read, encoding="utf-8")

    def build(self, saved=(), on_first=None):
        """Ask for a build of the site after ``saved`` (paths) changed; the answer:
        {"ok", "pages", "everything", "error"}. ``on_first(pages)`` is called as soon
        as the saved files' own pages are written, before the rest of the site."""
        try:
            self.process.stdin.write(f"build {json.dumps([str(path) for path in saved])}\n")
            self.process.stdin.flush()
            while True:
                answer = self.answers.readline()
                if not answer or not json.loads(answer).get("first"):
                    break
                if on_first:
                    on_first(json.loads(answer)["pages"])
        except OSError:
            answer = ""
        if not answer:  # the builder died (a fault in a plugin): start a new one
            self.stop()
            self.start()
            return {"ok": False, "pages": [], "everything": True, "error": "the builder stopped"}
        return json.loads(answer)

    def stop(self):
        if self.process is None:
            return
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.answers.close()


def livereload(settings_file, output, port=8000, bind="127.0.0.1"):
    """Build, serve, and rebuild + reload the browser whenever a watched file changes."""
    settings_file = Path(settings_file).resolve()
    site = settings_file.parent
    output = Path(output) if output else site / "output"
    output = output if output.is_absolute() else site / output
    state = BuildState()
    builder = Builder(settings_file, output)
    builder.start()
    state.builder_pid = builder.process.pid
    number = 0

    def build_and_tell(saved=()):
        def tell(pages, everything=False, error=None, building=False):
            nonlocal number
            number += 1
            state.builder_pid = builder.process.pid
            state.publish(
                {
                    "id": number,
                    "pages": pages,
                    "everything": everything,
                    "error": error,
                    "building": building,
                }
            )

        answer = builder.build(saved, on_first=lambda pages: tell(pages, building=True))
        tell(answer["pages"], answer["everything"], answer["error"])

    build_and_tell()
    output.mkdir(parents=True, exist_ok=True)
    handler = partial(LiveHandler, directory=str(output), state=state)
    server = ThreadingHTTPServer((bind, port), handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    restart_on = restart_triggers(site, settings_file)
    # An empty answer after a quiet moment says the watcher is running: only then is a
    # save sure to be seen, and only then is the address announced.
    saves = watchfiles.watch(
        *watched(site, settings_file), step=30, rust_timeout=250, yield_on_timeout=True
    )
    try:
        next(saves)
        print(f"Serving {output} at http://{host}:{port}/, rebuilding on save (Ctrl-C to stop)")
        sys.stdout.flush()
        for changes in saves:
            if not changes:
                continue
            paths = [Path(path) for _, path in changes]
            if any(needs_new_builder(path, restart_on) for path in paths):
                print("Settings or code changed: starting a new builder", flush=True)
                builder.stop()
                builder.start()
            build_and_tell(paths)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        builder.stop()
    return 0


def restart_triggers(site, settings_file):
    """(settings files, code folders) whose change needs a fresh builder: the settings (a
    conf file may import the other), the site's plugins, and the engine's own code when
    it lives in the site (its repository). A .py notebook is content, not code."""
    settings = {settings_file, *site.glob("*conf.py")}
    code = [t for t in watched(site, settings_file) if t.is_dir() and t.name in CODE_FOLDERS]
    return settings, code


CODE_FOLDERS = {"plugins", "inkfolio", "theme"}


def needs_new_builder(path, triggers):
    settings, code = triggers
    if path in settings:
        return True
    return path.suffix == ".py" and any(path.is_relative_to(folder) for folder in code)


def watched(site, settings_file):
    """The site's folders and settings, and the engine's own code when it lives in the
    site (the engine's repository, whose example site is its own)."""
    targets = [site / name for name in SITE_WATCHED] + [settings_file]
    for folder in (Path(inkfolio.__file__).parent, Path(inkfolio.plugins.__file__).parent):
        if folder.is_relative_to(site) and folder not in targets:
            targets.append(folder)
    return [target for target in targets if target.exists()]
