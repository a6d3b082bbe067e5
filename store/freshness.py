"""How often each source publishes, learned from what it archived, and whether it has gone quiet.

A mirror whose login expired keeps answering 200 with the same items for weeks: nothing fails, yet
nothing comes in. A source is "quiet" when the newest item it archived is much older than its usual
interval between publishing days (QUIET_FACTOR times it, and at least QUIET_MIN_DAYS), or older than
a limit its owner set. The interval is the median gap between its last WINDOW publishing days, so a
burst of posts (a WeChat push carries several) or one long holiday does not move it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from store.model import timestamp
from store.sql import OK, WHEN

DEFAULT_QUIET_AFTER_DAYS = 30  # quiet after this long without an item, whatever the rhythm (0: rhythm only)
WINDOW = 30  # publishing days the cadence is learned from
MIN_GAPS = 2  # a cadence needs three publishing days at least
QUIET_FACTOR = 4.0
QUIET_MIN_DAYS = 7.0  # a week: the digest's grain, and longer than a national holiday's gap

_BOUND = f"{OK} AND (:until IS NULL OR {WHEN} < :until)"

_CADENCE = f"""
WITH days AS (
    SELECT source, date({WHEN}) AS day FROM articles WHERE {_BOUND} GROUP BY source, day
), recent AS (
    SELECT source, day, ROW_NUMBER() OVER (PARTITION BY source ORDER BY day DESC) AS rn FROM days
), gaps AS (
    SELECT source, julianday(day) - julianday(LAG(day) OVER (PARTITION BY source ORDER BY day)) AS gap
    FROM recent WHERE rn <= :window
), ranked AS (
    SELECT source, gap, ROW_NUMBER() OVER (PARTITION BY source ORDER BY gap) AS k,
           COUNT(*) OVER (PARTITION BY source) AS n
    FROM gaps WHERE gap IS NOT NULL
)
SELECT source, gap, n FROM ranked WHERE k = (n + 1) / 2
"""

_LATEST = f"SELECT source, COUNT(*) AS items, MAX({WHEN}) AS last_item FROM articles WHERE {_BOUND} GROUP BY source"


@dataclass(frozen=True)
class SourceFreshness:
    name: str
    items: int = 0  # articles archived (status ok)
    last_item: str | None = None  # the newest date one of them is filed under (ISO 8601)
    cadence_days: float | None = None  # the usual days between publishing days; None: too little history

    def days_since(self, now: str | datetime | None = None) -> float | None:
        if not self.last_item:
            return None
        now_ts = now.timestamp() if isinstance(now, datetime) else timestamp(now) if now else _now()
        return max(0.0, (now_ts - timestamp(self.last_item)) / 86400)

    def quiet_after(self, limit_days: float | None = None) -> float | None:
        """Days without a new item after which the source is quiet; None: it cannot be judged."""
        bounds = []
        if self.cadence_days is not None:
            bounds.append(max(QUIET_FACTOR * self.cadence_days, QUIET_MIN_DAYS))
        if limit_days:
            bounds.append(float(limit_days))
        return min(bounds) if bounds else None

    def is_quiet(self, now: str | datetime | None = None, limit_days: float | None = None) -> bool:
        after, since = self.quiet_after(limit_days), self.days_since(now)
        return after is not None and since is not None and since > after

    def describe(self, now: str | datetime | None = None) -> str:
        """"nothing new since 2026-10-02 (58 days; usually every 2 days)" """
        since = self.days_since(now)
        if since is None:
            return "nothing archived yet"
        usual = f"usually every {_days(self.cadence_days)}" if self.cadence_days is not None else "no usual rhythm yet"
        return f"nothing new since {self.last_item[:10]} ({_days(since)}; {usual})"


def shown_status(status: str | None, fresh: SourceFreshness | None, now: str | datetime | None = None,
                 limit_days: float | None = DEFAULT_QUIET_AFTER_DAYS) -> str:
    """The health a reader sees: the last crawl's (never, ok, warning, blocked, unreadable, failing),
    or quiet for a source that answers (ok, warning) while its items stopped coming."""
    status = status or "never"
    if status in ("ok", "warning") and fresh is not None and fresh.is_quiet(now, limit_days):
        return "quiet"
    return status


def _days(n: float) -> str:
    whole = round(n)
    return "1 day" if whole == 1 else f"{whole} days" if whole >= 1 else "less than a day"


def _now() -> float:
    return datetime.now(timezone.utc).timestamp()


def source_freshness(conn: sqlite3.Connection, until: str | None = None) -> dict[str, SourceFreshness]:
    """Per source with archived articles: count, newest date and cadence, counting only articles filed
    before `until` (ISO date or time; None: all), so a past week is judged as it stood then."""
    args = {"until": until, "window": WINDOW}
    cadence = {r["source"]: r["gap"] for r in conn.execute(_CADENCE, args) if r["n"] >= MIN_GAPS}
    return {
        r["source"]: SourceFreshness(r["source"], r["items"], r["last_item"], cadence.get(r["source"]))
        for r in conn.execute(_LATEST, args)
    }


class Freshness:
    """Mixed into store.archive.Archive: needs self.conn."""

    def freshness(self, until: str | None = None) -> dict[str, SourceFreshness]:
        return source_freshness(self.conn, until)
