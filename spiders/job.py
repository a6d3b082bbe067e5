"""What the crawl child is told: sources and crawl settings as plain frozen dataclasses.

These are the spiders' options: the caller validates its configuration and builds them; crawl() sends
them to the child as JSON, which only reads them back. Importing a validation layer (pydantic) again
would cost a tenth of a second in every run, most of a run with nothing new.
tests/test_spiders_job.py keeps these fields in step with the config models."""

from __future__ import annotations

from dataclasses import dataclass, fields


def _pick(cls, data: dict):
    """cls built from the fields it declares; extra keys (lang, enabled, note) are the parent's."""
    return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass(frozen=True)
class SelectorSpec:
    link: str
    title: str | None = None
    date: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class SourceSpec:
    name: str
    kind: str  # feed | page | wechat
    url: str
    fetch_articles: bool = True
    timezone: str = "Asia/Shanghai"
    selectors: SelectorSpec | None = None
    max_pages: int = 3

    @classmethod
    def from_json(cls, data: dict) -> "SourceSpec":
        selectors = data.get("selectors")
        return _pick(cls, {**data, "selectors": _pick(SelectorSpec, selectors) if selectors else None})


@dataclass(frozen=True)
class CrawlSpec:
    user_agent: str
    obey_robots: bool
    download_delay: float
    concurrency_per_domain: int
    timeout: float
    retries: int
    max_page_bytes: int
    autothrottle: bool
    max_items_per_source: int = 300
    max_run_minutes: float = 60
    allow_private_addresses: bool = False
    blocked_retry_hours: float = 6.0

    @classmethod
    def from_json(cls, data: dict) -> "CrawlSpec":
        return _pick(cls, data)
