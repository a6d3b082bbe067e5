"""Per-source result of one crawl, reported by the child process and recorded as source health."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class SourceOutcome:
    name: str
    ok: bool
    error: str | None = None  # one line
    warning: str | None = None  # one line: partial trouble (malformed feed, some pages failed)
    items_seen: int = 0
    items_new: int = 0
    items_updated: int = 0  # archived before, content changed now

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class SourceHealth:
    """Counters the spider keeps while a source is crawled."""

    items_seen: int = 0
    items_new: int = 0
    items_updated: int = 0
    pages_failed: int = 0
    not_modified: bool = False
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    validators: tuple[str | None, str | None] | None = None  # ETag, Last-Modified of the index

    def outcome(self, name: str) -> SourceOutcome:
        warning = "; ".join(self.warnings)[:500] or None
        return SourceOutcome(
            name, self.error is None, self.error, warning, self.items_seen, self.items_new, self.items_updated
        )
