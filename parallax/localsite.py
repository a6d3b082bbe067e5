"""Serve a folder of recorded pages and feeds on 127.0.0.1 (the demo, tests and benchmarks use it)."""

from __future__ import annotations

import contextlib
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

PLACEHOLDER = b"__BASE__"

# A route returns (status, headers, body) for a request path, or None to fall through to files.
Route = Callable[[BaseHTTPRequestHandler], "tuple[int, dict, bytes] | None"]


def _content_type(path: Path) -> str:
    if path.suffix == ".xml":
        return "application/rss+xml; charset=utf-8"
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


class _Handler(BaseHTTPRequestHandler):
    root: Path
    base: str
    routes: list[Route]
    hits: list[str]

    def log_message(self, *args) -> None:  # keep test and demo output clean
        pass

    def do_GET(self) -> None:
        self.hits.append(self.path)
        for route in self.routes:
            answer = route(self)
            if answer is not None:
                return self._send(*answer)
        path = self._resolve(unquote(urlsplit(self.path).path))
        if path is None:
            return self._send(404, {"Content-Type": "text/plain"}, b"not found")
        body = path.read_bytes().replace(PLACEHOLDER, self.base.encode())
        self._send(200, {"Content-Type": _content_type(path)}, body)

    def _resolve(self, url_path: str) -> Path | None:
        rel = url_path.lstrip("/")
        candidates = [rel, rel + ".html", rel.rstrip("/") + "/index.html"]
        root = self.root.resolve()
        for c in candidates:
            p = (root / c).resolve()
            if root in p.parents and p.is_file():
                return p
        return None

    def _send(self, status: int, headers: dict, body: bytes) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve_directory(
    root: str | Path, routes: list[Route] | None = None, port: int = 0
) -> Iterator["Site"]:
    """Serve ``root`` on loopback (``port``, or a free one if it is 0 or taken);
    ``__BASE__`` in files becomes the base URL."""
    handler = type("Handler", (_Handler,), {"root": Path(root), "routes": list(routes or []), "hits": []})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    handler.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="parallax-localsite", daemon=True)
    thread.start()
    try:
        yield Site(handler.base, handler.hits)
    finally:
        server.shutdown()
        server.server_close()


class Site:
    def __init__(self, base: str, hits: list[str]):
        self.base = base
        self.hits = hits  # request paths, in order: lets callers count fetches

    def url(self, path: str) -> str:
        return self.base + "/" + path.lstrip("/")
