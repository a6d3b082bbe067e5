"""One-line, user-readable descriptions of download failures."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error
from twisted.internet.defer import CancelledError
from twisted.web._newclient import ResponseNeverReceived


def describe_failure(failure, max_bytes: int | None = None) -> str:
    exc = failure.value
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status} from {url}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots.txt" in text.lower():
            return f"forbidden by robots.txt: {url}"
        return f"request dropped ({text or 'ignored'}): {url}"
    if isinstance(exc, (twisted_error.TimeoutError, twisted_error.TCPTimedOutError)):
        return f"timed out: {url}"
    if isinstance(exc, twisted_error.DNSLookupError):
        return f"host not found: {url}"
    if isinstance(exc, twisted_error.ConnectionRefusedError):
        return f"connection refused: {url}"
    if isinstance(exc, CancelledError) or "maxsize" in str(exc).lower() or "max size" in str(exc).lower():
        limit = f" ({max_bytes} bytes)" if max_bytes else ""
        return f"page larger than crawl.max_page_bytes{limit}: {url}"
    if isinstance(exc, ResponseNeverReceived):
        return f"connection closed without a response: {url}"
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {msg} ({url})"[:300]
