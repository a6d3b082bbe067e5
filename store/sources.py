"""The sources table: what config lists, and each source's health after every crawl (status, counts,
and the pages its last crawl read, by kind)."""

from __future__ import annotations

import json
from typing import Iterable

from store.model import SourceOutcome, SourceRef, source_status, utcnow


def one_line(msg: str | None, limit: int = 500) -> str | None:
    if msg is None:
        return None
    return " ".join(str(msg).split())[:limit]


class Sources:
    """Mixed into store.archive.Archive: needs self.conn and self.transaction()."""

    def sync_sources(self, sources: Iterable[SourceRef]) -> None:
        """Make the sources table hold these (name, kind, url, lang); health is kept."""
        with self.transaction():
            for s in sources:
                self.conn.execute(
                    "INSERT INTO sources(name, kind, url, lang) VALUES (?,?,?,?) "
                    "ON CONFLICT(name) DO UPDATE SET kind=excluded.kind, url=excluded.url, lang=excluded.lang",
                    (s.name, s.kind, s.url, s.lang),
                )

    def source_row(self, name: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM sources WHERE name=?", (name,)).fetchone()
        return dict(row) if row else None

    def source_url(self, name: str) -> str | None:
        row = self.conn.execute("SELECT url FROM sources WHERE name=?", (name,)).fetchone()
        return row[0] if row else None

    def sources(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM sources ORDER BY name")]

    def set_http_cache(self, name: str, etag: str | None, last_modified: str | None) -> None:
        with self.transaction():
            self.conn.execute("UPDATE sources SET etag=?, last_modified=? WHERE name=?", (etag, last_modified, name))

    def record_outcome(self, outcome: SourceOutcome, when: str | None = None) -> None:
        self.record_source_result(outcome.name, ok=outcome.ok, error=outcome.error, warning=outcome.warning,
                                  items_seen=outcome.items_seen, items_new=outcome.items_new,
                                  items_skipped=outcome.items_skipped, items_left=outcome.items_left,
                                  kinds=outcome.kinds, when=when)

    def record_source_result(
        self,
        name: str,
        *,
        ok: bool,
        error: str | None = None,
        warning: str | None = None,
        items_seen: int = 0,
        items_new: int = 0,
        items_skipped: int = 0,
        items_left: int = 0,
        kinds: dict[str, int] | None = None,
        when: str | None = None,
    ) -> None:
        """ok: status ok, blocked, unreadable or warning (store.model.source_status); not ok: failing.
        kinds: the pages read, by kind (store.model.PAGE_KINDS)."""
        when = when or utcnow()
        counts = json.dumps({k: n for k, n in (kinds or {}).items() if n}, sort_keys=True) if kinds else None
        with self.transaction():
            if ok:
                self.conn.execute(
                    "UPDATE sources SET status=?, last_attempt=?, last_success=?, consecutive_failures=0, "
                    "items_seen=?, items_new=?, items_skipped=?, items_left=?, last_warning=?, page_kinds=? "
                    "WHERE name=?",
                    (source_status(True, items_skipped, kinds), when, when, items_seen, items_new, items_skipped,
                     items_left, one_line(warning), counts, name),
                )
            else:
                self.conn.execute(
                    "UPDATE sources SET status='failing', last_attempt=?, last_error=?, last_error_at=?, "
                    "consecutive_failures=consecutive_failures+1, items_seen=?, items_new=?, items_skipped=?, "
                    "items_left=?, last_warning=?, page_kinds=? WHERE name=?",
                    (when, one_line(error), when, items_seen, items_new, items_skipped, items_left,
                     one_line(warning), counts, name),
                )
