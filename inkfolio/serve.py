"""Preview a built site: ``serve`` answers as GitHub Pages does (``livereload.py`` adds
rebuilding on save)."""

import os
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from inkfolio.gate import is_hidden_name


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """Like GitHub Pages: a missing page answers 404 with the site's own 404.html; a
    hidden file (but .well-known/) and a folder without index.html answer 404 too, so
    the preview never shows what the published site would not."""

    def translate_path(self, path):
        parts = [unquote(part) for part in urlsplit(path).path.split("/") if part]
        if parts and parts[0] != ".well-known" and any(map(is_hidden_name, parts)):
            return os.path.join(self.directory, "no such file")  # answered with 404
        return super().translate_path(path)

    def list_directory(self, path):
        self.send_error(404)
        return None

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
