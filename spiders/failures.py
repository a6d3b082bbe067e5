"""One-line, user-readable descriptions of download failures."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error
from twisted.internet.defer import CancelledError
from twisted.web._newclient import ResponseNeverReceived

# Scrapy 2.13+ names its download errors; older releases raise Twisted's. Both are matched.
_TIMEOUT = tuple(
    c for c in (getattr(scrapy_errors, "DownloadTimeoutError", None), twisted_error.TimeoutError,
                twisted_error.TCPTimedOutError) if c
)
_DNS = tuple(c for c in (getattr(scrapy_errors, "CannotResolveHostError", None), twisted_error.DNSLookupError) if c)
_REFUSED = tuple(
    c for c in (getattr(scrapy_errors, "DownloadConnectionRefusedError", None), twisted_error.ConnectionRefusedError) if c
)
_CANCELLED = tuple(c for c in (getattr(scrapy_errors, "DownloadCancelledError", None), CancelledError) if c)
_LOST = tuple(
    c for c in (getattr(scrapy_errors, "ResponseDataLossError", None), getattr(scrapy_errors, "DownloadFailedError", None),
                ResponseNeverReceived, twisted_error.ConnectionLost, twisted_error.ConnectionDone) if c
)


def _too_big(text: str) -> bool:
    text = text.lower()
    return "maxsize" in text or "max size" in text or "download_maxsize" in text


def describe_failure(failure, max_bytes: int | None = None) -> str:
    exc = failure.value
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    limit = f" ({max_bytes} bytes)" if max_bytes else ""
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status} from {url}"
    if isinstance(exc, IgnoreRequest):
        text = " ".join(str(exc).split())
        if "robots.txt" in text.lower():
            return f"forbidden by robots.txt: {url}"
        if _too_big(text):
            unpacked = " once decompressed" if "decompress" in text.lower() else ""
            return f"page larger than crawl.max_page_bytes{limit}{unpacked}: {url}"
        return f"request dropped ({text or 'ignored'}): {url}"
    if isinstance(exc, _TIMEOUT):
        return f"timed out: {url}"
    if isinstance(exc, _DNS):
        return f"host not found: {url}"
    if isinstance(exc, _REFUSED):
        return f"connection refused: {url}"
    if isinstance(exc, _CANCELLED) or _too_big(str(exc)):
        return f"page larger than crawl.max_page_bytes{limit}: {url}"
    if isinstance(exc, _LOST):
        return f"connection closed before the page was complete: {url}"
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {msg} ({url})"[:300]
