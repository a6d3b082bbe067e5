"""Errors of the spiders stage."""

from __future__ import annotations

from store.errors import StageError


class SpiderError(StageError):
    """Base of the spiders stage's errors."""


class FeedError(SpiderError):
    """The bytes are not a feed at all (no items could be read)."""
