"""A source's usual rhythm, learned from the dates it archived, and when it counts as quiet."""

from datetime import date, timedelta

import pytest

from store.archive import Archive
from store.freshness import SourceFreshness
from store.model import Article

NOW = "2026-11-29T08:00:00+00:00"


def add(a: Archive, source: str, days: list[date], per_day: int = 1, status: str = "ok") -> None:
    for d in days:
        for i in range(per_day):
            a.upsert_article(Article(url=f"https://{source}.example/{d}/{i}", source=source, title=f"{d} {i}",
                                     text="x", status=status, published=f"{d}T0{i}:00:00+00:00"))


def every(start: date, step: int, n: int) -> list[date]:
    return [start + timedelta(days=step * k) for k in range(n)]


@pytest.fixture
def archive():
    a = Archive.memory()
    add(a, "daily", every(date(2026, 10, 20), 1, 12))  # daily until 31 October, then nothing
    add(a, "weekly", every(date(2026, 9, 6), 7, 12))  # Sundays until 22 November
    add(a, "pushes", every(date(2026, 8, 2), 14, 8), per_day=3)  # a WeChat push of 3 posts every 2 weeks
    add(a, "sparse", [date(2026, 9, 1), date(2026, 10, 1)])
    add(a, "gone", [date(2026, 11, 27)], status="unavailable")  # a deleted post is no item
    yield a
    a.close()


def test_cadence_is_the_median_gap_between_publishing_days(archive):
    f = archive.freshness()
    assert sorted(f) == ["daily", "pushes", "sparse", "weekly"]
    assert (f["daily"].items, f["daily"].last_item, f["daily"].cadence_days) == (12, "2026-10-31T00:00:00+00:00", 1.0)
    assert f["weekly"].cadence_days == 7.0
    assert (f["pushes"].items, f["pushes"].cadence_days) == (24, 14.0)  # a push is one publishing day
    assert f["sparse"].cadence_days is None  # two days are too few to learn a rhythm from


def test_quiet_against_the_sources_own_rhythm_or_the_limit(archive):
    f = archive.freshness()
    # daily: 29 days without an item, more than 4 x 1 day and more than a week
    assert f["daily"].is_quiet(NOW) and f["daily"].quiet_after() == 7.0
    assert f["daily"].describe(NOW) == "nothing new since 2026-10-31 (29 days; usually every 1 day)"
    # weekly: 7 days since its last item; quiet only after 4 weeks (or a 5-day limit set by its owner)
    assert not f["weekly"].is_quiet(NOW) and f["weekly"].quiet_after() == 28.0
    assert f["weekly"].is_quiet(NOW, limit_days=5)
    # pushes every 2 weeks: 21 days since the last push is within 4 x its rhythm
    assert f["pushes"].last_item == "2026-11-08T02:00:00+00:00" and not f["pushes"].is_quiet(NOW, limit_days=30)
    # no rhythm: only the limit judges it
    assert f["sparse"].quiet_after() is None and not f["sparse"].is_quiet(NOW)
    assert f["sparse"].is_quiet(NOW, limit_days=30)
    assert f["sparse"].describe(NOW) == "nothing new since 2026-10-01 (59 days; no usual rhythm yet)"


def test_a_past_week_is_judged_as_it_stood(archive):
    f = archive.freshness(until="2026-10-26")
    assert (f["daily"].items, f["daily"].last_item) == (6, "2026-10-25T00:00:00+00:00")
    assert not f["daily"].is_quiet("2026-10-26T00:00:00+00:00")
    assert "weekly" in f and f["weekly"].last_item == "2026-10-25T00:00:00+00:00"


def test_nothing_archived_is_never_quiet():
    empty = SourceFreshness("new")
    assert empty.days_since(NOW) is None and not empty.is_quiet(NOW, limit_days=1)
    assert empty.describe(NOW) == "nothing archived yet"
