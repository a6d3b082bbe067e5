"""Per-source counters a crawl keeps, and the SourceOutcome (store.model) they end as."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from store.model import SourceOutcome

__all__ = ["SourceHealth", "SourceOutcome"]

MAX_SKIP_LINES = 20  # lines kept per source and run; the count says how many there were


@dataclass
class SourceHealth:
    """Counters the spider keeps while a source is crawled."""

    items_seen: int = 0
    items_new: int = 0
    items_updated: int = 0
    pages_failed: int = 0
    pages_requested: int = 0  # article pages asked for in this run
    pages_done: int = 0  # ... and answered (or failed)
    taken: int = 0  # new items taken in this run (counted against crawl.max_items_per_source)
    left: int = 0  # new items left for the next run by that allowance
    out_of_time: bool = False  # the run's time was up: pages asked for and not fetched wait for the next run
    not_modified: bool = False
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line per item that could not be handled
    skipped_count: int = 0
    validators: tuple[str | None, str | None] | None = None  # ETag, Last-Modified of the index
    kinds: Counter = field(default_factory=Counter)  # pages (and full-text items) read, by kind
    first: dict[str, str] = field(default_factory=dict)  # per kind not an article: the first one, named
    retried: int = 0  # walls of earlier runs asked for again in this run
    waiting: int = 0  # walls met by earlier runs whose retry time has not come

    def met(self, reading, url: str) -> None:
        """Count what a page (or a full-text item) turned out to be."""
        self.kinds[reading.kind] += 1
        if reading.kind in ("blocked", "not_article") and reading.kind not in self.first:
            self.first[reading.kind] = f"{url}: {reading.reason}"

    def skip(self, line: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIP_LINES:
            self.skipped.append(line)

    def stopped_early(self) -> None:
        """The run's time was up: pages asked for and not fetched wait for the next run."""
        self.out_of_time = True

    @property
    def unfetched(self) -> int:
        # Counted when the outcome is taken: pages already downloading when time was up are finished.
        return max(0, self.pages_requested - self.pages_done) if self.out_of_time else 0

    def outcome(self, name: str) -> SourceOutcome:
        warnings = list(self.warnings)
        if self.skipped_count:
            warnings.append(f"{self.skipped_count} item{'s' if self.skipped_count != 1 else ''} skipped"
                            f" (first: {self.skipped[0]})")
        if self.left:
            warnings.append(f"{self.left} new items left for the next run (crawl.max_items_per_source)")
        if self.unfetched:
            warnings.append(f"run time limit reached: {self.unfetched} pages left for the next run"
                            " (crawl.max_run_minutes)")
        if self.pages_failed > 3:
            warnings.append(f"{self.pages_failed} article pages failed in all")
        blocked, accounts = self.kinds["blocked"], self.kinds["not_article"]
        # First: a one-line warning is cut at 500 characters, and this is the one to act on.
        if blocked:
            warnings.insert(0, f"mirror blocked: {_pages(blocked, 'verification or rate-limit page')} instead of "
                               f"posts, retried by a later run (first: {self.first['blocked']})")
        elif self.waiting:
            warnings.insert(0, f"mirror blocked: {_pages(self.waiting, 'verification or rate-limit page')} met "
                               "before, not retried yet (waiting for the retry time)")
        if accounts:
            warnings.append(f"{_pages(accounts, 'account page')} (history or profile), not archived"
                            f" (first: {self.first['not_article']})")
        warning = "; ".join(warnings)[:500] or None
        return SourceOutcome(
            name, self.error is None, self.error, warning, self.items_seen, self.items_new, self.items_updated,
            items_skipped=self.skipped_count, skipped=list(self.skipped), items_left=self.left + self.unfetched,
            kinds={k: n for k, n in sorted({**self.kinds, "waiting": self.waiting}.items()) if n},
        )

    def validators_to_keep(self) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) to send next run; None: leave the stored ones as they are."""
        if self.error is not None or self.not_modified:
            return None
        if self.pages_failed or self.left or self.unfetched or self.skipped_count or self.kinds["blocked"]:
            # Without every item of this run archived, next run must read the index in full again.
            return None, None
        return self.validators or (None, None)


def _pages(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
