"""Preview a built site: ``serve`` answers as GitHub Pages does; ``livereload`` also
rebuilds when a watched file changes and reloads the browser."""

import subprocess
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import inkfolio
import inkfolio.plugins

# What livereload watches in a site: the author's words, data, overrides and settings.
SITE_WATCHED = ["content", "notebooks", "theme", "plugins"]


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """Like GitHub Pages: a missing page answers 404 with the site's own 404.html."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory, "404.html")
        if code != 404 or not not_found.exists():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # one quiet line per request is noise here
        pass


def serve(output, port=8000, bind="127.0.0.1"):
    """Serve ``output`` until Ctrl-C; port 0 picks a free port (printed)."""
    output = Path(output)
    if not output.is_dir():
        print(f"{output} does not exist yet: run 'inkfolio build' first.", file=sys.stderr)
        return 1
    server = ThreadingHTTPServer((bind, port), partial(PagesLikeHandler, directory=str(output)))
    host, port = server.server_address[:2]
    print(f"Serving {output} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def livereload(settings_file, output, port=8000, bind="127.0.0.1"):
    """Build, serve, and rebuild + reload the browser whenever a watched file changes."""
    from livereload import Server

    settings_file = Path(settings_file).resolve()
    site = settings_file.parent

    def rebuild_in_fresh_process():
        # A new process picks up edits to plugins and the settings, not only content.
        command = [sys.executable, "-m", "inkfolio", "build", "-s", str(settings_file)]
        subprocess.run([*command, "-o", str(output)], cwd=site)

    rebuild_in_fresh_process()
    server = Server()
    for target in watched(site, settings_file):
        pattern = f"{target}/**/*" if target.is_dir() else str(target)
        server.watch(pattern, rebuild_in_fresh_process)
    server.serve(host=bind, port=port, root=str(output))
    return 0


def watched(site, settings_file):
    """The site's folders and settings, and the engine's own code when it lives in the
    site (the engine's repository, whose example site is its own)."""
    targets = [site / name for name in SITE_WATCHED] + [settings_file]
    for folder in (Path(inkfolio.__file__).parent, Path(inkfolio.plugins.__file__).parent):
        if folder.is_relative_to(site) and folder not in targets:
            targets.append(folder)
    return [target for target in targets if target.exists()]
