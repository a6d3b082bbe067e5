"""ISO weeks as the digest names them: "2026-W47", Monday 00:00 UTC to the next Monday."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from digest.errors import WeekError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(week: str) -> tuple[str, date, date]:
    """(canonical label, first day, first day of the next week)."""
    m = _WEEK.match((week or "").strip().upper())
    if not m:
        raise WeekError(f"week {week!r} is not an ISO week", hint="write it like 2026-W47")
    year, num = int(m.group(1)), int(m.group(2))
    try:
        start = date.fromisocalendar(year, num, 1)
    except ValueError:
        raise WeekError(f"week {week!r} does not exist ({year} has no week {num})") from None
    return f"{year}-W{num:02d}", start, start + timedelta(days=7)


def week_of(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def last_full_week(today: date | None = None) -> str:
    """The ISO week before the current one (in UTC): the newest week that is over."""
    today = today or datetime.now(timezone.utc).date()
    return week_of(today - timedelta(days=7))
