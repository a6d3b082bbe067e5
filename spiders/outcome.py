"""Per-source counters a crawl keeps, and the SourceOutcome (store.model) they end as."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.model import SourceOutcome

__all__ = ["SourceHealth", "SourceOutcome"]


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
        warnings = list(self.warnings)
        if self.pages_failed > 3:
            warnings.append(f"{self.pages_failed} article pages failed in all")
        warning = "; ".join(warnings)[:500] or None
        return SourceOutcome(
            name, self.error is None, self.error, warning, self.items_seen, self.items_new, self.items_updated
        )

    def validators_to_keep(self) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) to send next run; None: leave the stored ones as they are."""
        if self.error is not None or self.not_modified:
            return None
        if self.pages_failed:
            # Without every page of this run archived, next run must read the index in full again.
            return None, None
        return self.validators or (None, None)
