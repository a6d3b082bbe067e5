"""A real HTTP server on 127.0.0.1 and a free port, for tests that crawl or fetch.

    with serve_directory(path) as base_url:          # files under path, ETag/Last-Modified aware
        ...
    with serve_directory(path, routes={"/boom": Route(status=500)}, log=hits) as base_url:
        ...                                           # fault injection; hits lists "GET /path"

A route is a Route (fixed status, headers, body, optional delay) or any callable taking the
BaseHTTPRequestHandler and returning a Route. Routes win over files; the routes dict is read at
request time, so a test may add routes after the server started (the base URL is known then).
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import http.server
import mimetypes
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit


@dataclass
class Route:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (timeouts, throttling)


Handler = Callable[[http.server.BaseHTTPRequestHandler], Route]


def file_route(path: Path, content_type: str | None = None, extra_headers: dict[str, str] | None = None) -> Route:
    """A file served with a fixed Content-Type header (e.g. a lying charset)."""
    headers = {"Content-Type": content_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"}
    headers.update(extra_headers or {})
    return Route(200, path.read_bytes(), headers)


def _make_handler(root: Path | None, routes: dict[str, Route | Handler], log: list[str] | None):
    class _Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output clean
            pass

        def do_HEAD(self):
            self._serve(head=True)

        def do_GET(self):
            self._serve(head=False)

        def _serve(self, head: bool) -> None:
            path = urlsplit(self.path).path
            if log is not None:
                log.append(f"{self.command} {self.path}")
            route = routes.get(path) or routes.get(self.path)
            if route is not None:
                r = route(self) if callable(route) else route
            else:
                r = self._file(path)
            if r.delay:
                time.sleep(r.delay)
            body = r.body.encode("utf-8") if isinstance(r.body, str) else r.body
            self.send_response(r.status)
            headers = {"Content-Length": str(len(body)), **r.headers}
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if not head and r.status not in (204, 304):
                self.wfile.write(body)

        def _file(self, path: str) -> Route:
            if root is None:
                return Route(404, b"not found", {"Content-Type": "text/plain"})
            target = (root / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if root.resolve() not in target.parents or not target.is_file():
                return Route(404, b"not found", {"Content-Type": "text/plain"})
            data = target.read_bytes()
            etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
            modified = email.utils.formatdate(int(target.stat().st_mtime), usegmt=True)
            headers = {"ETag": etag, "Last-Modified": modified}
            if self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == modified
            ):
                return Route(304, b"", headers)
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            headers["Content-Type"] = ctype
            return Route(200, data, headers)

    return _Handler


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Clients that hang up (timeouts, size limits under test) are expected, not server errors.
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(
    path: str | Path | None = None,
    routes: dict[str, Route | Handler] | None = None,
    log: list[str] | None = None,
) -> Iterator[str]:
    """Serve files under path (and routes) on 127.0.0.1; yields the base URL without a trailing slash."""
    root = Path(path) if path is not None else None
    server = _QuietServer(("127.0.0.1", 0), _make_handler(root, routes if routes is not None else {}, log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
