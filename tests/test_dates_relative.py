"""Relative and year-less times, as listing pages and WeChat mirrors print them."""

from datetime import datetime, timezone

import pytest

from spiders.dates import parse_date

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=timezone.utc)  # 14:00 in Beijing


@pytest.mark.parametrize("text, expected", [
    ("刚刚", "2026-11-25T06:00:00+00:00"),
    ("5分钟前", "2026-11-25T05:55:00+00:00"),
    ("3小时前", "2026-11-25T03:00:00+00:00"),
    ("3个小时前", "2026-11-25T03:00:00+00:00"),
    ("半小时前", "2026-11-25T05:30:00+00:00"),
    ("2天前", "2026-11-23T06:00:00+00:00"),
    ("昨天 14:30", "2026-11-24T06:30:00+00:00"),
    ("前天 09:05", "2026-11-23T01:05:00+00:00"),
    ("今天", "2026-11-24T16:00:00+00:00"),
    ("11月20日 09:15", "2026-11-20T01:15:00+00:00"),
    ("11-20 09:15", "2026-11-20T01:15:00+00:00"),
    ("12月30日", "2025-12-29T16:00:00+00:00"),  # would be in the future: last year's
    ("2 hours ago", "2026-11-25T04:00:00+00:00"),
    ("Yesterday 08:00", "2026-11-24T00:00:00+00:00"),
])
def test_relative_times_read_against_the_crawl_time_in_the_source_zone(text, expected):
    assert parse_date(text, "Asia/Shanghai", now=NOW) == expected


def test_relative_times_use_the_source_zone():
    # At 02:00 UTC it is already the 25th in Beijing but still the 24th in New York.
    now = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
    assert parse_date("昨天 10:00", "Asia/Shanghai", now=now) == "2026-11-24T02:00:00+00:00"
    assert parse_date("昨天 10:00", "America/New_York", now=now) == "2026-11-23T15:00:00+00:00"


@pytest.mark.parametrize("text", ["13月45日", "99小时后", "later", "昨天 25:00"])
def test_nonsense_is_no_date(text):
    assert parse_date(text, now=NOW) is None
