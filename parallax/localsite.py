"""Serve a folder of recorded pages and feeds on 127.0.0.1: the demo, tests and benchmarks use it.

    with serve_directory(root) as site:                     # site.base, site.url("feed.xml"), site.hits
        ...
    with serve_directory(root, routes={"/boom": Route(500)}, log=lines) as site:
        ...                                                  # fault injection; lines gets "GET /boom"

Files answer like a real static server: ETag and Last-Modified, 304 to a matching conditional
request, ``__BASE__`` in their bytes replaced by the base URL (so recorded links point back here),
``x`` served from ``x``, ``x.html`` or ``x/index.html``.

Routes win over files. ``routes`` is either a dict (request path, or path with query, -> Route or
callable) or a list of callables tried in order. A callable takes the request handler (with
``.path``, ``.headers`` and ``.base``) and returns a Route, a ``(status, headers, body)`` tuple, or
None to fall through to files. A dict is read at request time, so a caller may add routes once the
server runs (when the base URL is known).
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import mimetypes
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator, Sequence, Union
from urllib.parse import unquote, urlsplit

PLACEHOLDER = b"__BASE__"


@dataclass
class Route:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (timeouts, throttling)


Answer = Union[Route, "tuple[int, dict, bytes]", None]
Handler = Callable[[BaseHTTPRequestHandler], Answer]
Routes = Union[dict, Sequence[Handler]]

_NOT_FOUND = Route(404, b"not found", {"Content-Type": "text/plain"})


def file_route(path: Path, content_type: str | None = None, extra_headers: dict[str, str] | None = None) -> Route:
    """A file served with a fixed Content-Type header (e.g. a lying charset)."""
    headers = {"Content-Type": content_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"}
    headers.update(extra_headers or {})
    return Route(200, Path(path).read_bytes(), headers)


def content_type(path: Path, charset: str | None) -> str:
    """Feeds are .xml here; text is declared in ``charset`` unless it is None (the client must then
    detect the encoding, as with the many servers that never say)."""
    if path.suffix == ".xml":
        guessed = "application/rss+xml"
    else:
        guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    textual = guessed.startswith("text/") or guessed.endswith("xml")
    return f"{guessed}; charset={charset}" if charset and textual else guessed


def _as_route(answer: Answer) -> Route | None:
    if answer is None or isinstance(answer, Route):
        return answer
    status, headers, body = answer
    return Route(status, body, dict(headers))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root: Path | None
    base: str
    routes: Routes
    hits: list[str]
    log: list[str] | None
    charset: str | None

    def log_message(self, *args) -> None:  # keep test and demo output clean
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        self.hits.append(self.path)
        if self.log is not None:
            self.log.append(f"{self.command} {self.path}")
        route = self._route() or self._file(unquote(urlsplit(self.path).path))
        if route.delay:
            time.sleep(route.delay)
        body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
        self.send_response(route.status)
        for k, v in {"Content-Length": str(len(body)), **route.headers}.items():
            self.send_header(k, v)
        self.end_headers()
        if not head and route.status not in (204, 304):
            self.wfile.write(body)

    def _route(self) -> Route | None:
        if isinstance(self.routes, dict):
            found = self.routes.get(urlsplit(self.path).path) or self.routes.get(self.path)
            candidates = [found] if found is not None else []
        else:
            candidates = list(self.routes)
        for candidate in candidates:
            route = _as_route(candidate(self)) if callable(candidate) else candidate
            if route is not None:
                return route
        return None

    def _file(self, url_path: str) -> Route:
        path = self._resolve(url_path)
        if path is None:
            return _NOT_FOUND
        data = path.read_bytes().replace(PLACEHOLDER, self.base.encode())
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(int(path.stat().st_mtime), usegmt=True)
        headers = {"ETag": etag, "Last-Modified": modified}
        match = self.headers.get("If-None-Match")
        if match == etag or (match is None and self.headers.get("If-Modified-Since") == modified):
            return Route(304, b"", headers)
        headers["Content-Type"] = content_type(path, self.charset)
        return Route(200, data, headers)

    def _resolve(self, url_path: str) -> Path | None:
        if self.root is None:
            return None
        root = self.root.resolve()
        rel = url_path.lstrip("/")
        for candidate in (rel, rel + ".html", rel.rstrip("/") + "/index.html"):
            p = (root / candidate).resolve()
            if root in p.parents and p.is_file():
                return p
        return None


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's listen backlog is 5: a crawl opening more connections at once than that had
    # the extra SYNs dropped and retried by the kernel a whole second later.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Clients that hang up (timeouts, size limits under test) are expected, not server errors.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class Site:
    def __init__(self, base: str, hits: list[str]):
        self.base = base  # http://127.0.0.1:PORT, no trailing slash
        self.hits = hits  # request paths, in order: lets callers count fetches

    def url(self, path: str) -> str:
        return self.base + "/" + path.lstrip("/")


@contextlib.contextmanager
def serve_directory(
    root: str | Path | None = None,
    routes: Routes | None = None,
    port: int = 0,
    *,
    log: list[str] | None = None,
    fallback: bool = True,
    charset: str | None = "utf-8",
) -> Iterator[Site]:
    """Serve ``root`` (None: routes only) on 127.0.0.1 at ``port`` (0: any free port). When that
    port is taken, another free one is used, or with ``fallback=False`` OSError is raised.
    ``log`` receives "METHOD /path?query" per request; ``charset`` is declared for text files."""
    attrs = {
        "root": Path(root) if root is not None else None,
        "routes": routes if routes is not None else {},
        "hits": [], "log": log, "charset": charset,
    }
    handler = type("Handler", (_Handler,), attrs)
    try:
        server = _QuietServer(("127.0.0.1", port), handler)
    except OSError:
        if not fallback or port == 0:
            raise
        server = _QuietServer(("127.0.0.1", 0), handler)
    handler.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="parallax-localsite", daemon=True)
    thread.start()
    try:
        yield Site(handler.base, handler.hits)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
