"""Retries with exponential backoff: Scrapy's own RetryMiddleware re-sends failed requests at once."""

from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message

MAX_BACKOFF = 60.0


def _seconds(value: bytes | None) -> float | None:
    """Retry-After in seconds; its HTTP-date form counts as 'much later'."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        return float("inf")


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)

    def _delay(self, retry, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return retry_after
        attempt = retry.meta.get("retry_times", 1)
        return min(MAX_BACKOFF, self.backoff_base * 2 ** (attempt - 1))

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry_after = _seconds(response.headers.get(b"Retry-After"))
        if retry_after is not None and retry_after > MAX_BACKOFF:
            return response  # the server asks for a later run, not a later second
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await asyncio.sleep(self._delay(retry, retry_after))
        return retry

    async def process_exception(self, request, exception):
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await asyncio.sleep(self._delay(retry))
        return retry
