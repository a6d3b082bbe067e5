"""The tests' calling convention for parallax.localsite (one loopback server for demo and tests).

    with serve_directory(path) as base_url:          # files under path, ETag/Last-Modified aware
        ...
    with serve_directory(path, routes={"/boom": Route(status=500)}, log=hits) as base_url:
        ...                                           # fault injection; hits lists "GET /path"

Files are served without a declared charset, so crawls under test detect encodings themselves;
see parallax/localsite.py for routes and everything else.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from parallax.localsite import Handler, Route, Routes, file_route
from parallax.localsite import serve_directory as _serve

__all__ = ["Handler", "Route", "file_route", "serve_directory"]


@contextlib.contextmanager
def serve_directory(
    path: str | Path | None = None,
    routes: Routes | None = None,
    log: list[str] | None = None,
) -> Iterator[str]:
    """Serve files under path (and routes) on 127.0.0.1; yields the base URL without a trailing slash."""
    with _serve(path, routes if routes is not None else {}, log=log, charset=None) as site:
        yield site.base
