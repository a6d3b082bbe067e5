"""Publication times to ISO 8601 UTC; zone-less times are read in the source's time zone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

DEFAULT_TZ = "Asia/Shanghai"

_CN = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*(?:上午|下午|晚上|凌晨)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
)
_NUMERIC = re.compile(
    r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?(?:\.\d+)?)?"
    r"(?P<Z>\s*(?:Z|[+-]\d{2}:?\d{2}))?"
)
_PM = re.compile(r"(下午|晚上)")
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s")
# Chinese feeds write "CST" meaning China Standard Time; RFC 822 readers take it as US Central.
_CST = re.compile(r"\s(CST|Beijing|BJT)$")
_CHINA_ZONES = ("Asia/Shanghai", "Asia/Chongqing", "PRC", "Asia/Hong_Kong", "Asia/Taipei")


# A publication time outside these bounds is a broken feed, not news: it is read as "no date".
EARLIEST = datetime(1970, 1, 2, tzinfo=timezone.utc)
FUTURE_SLACK = timedelta(days=2)  # clocks and zones disagree; a scheduled post may be dated ahead


def to_utc_iso(dt: datetime, tz: str = DEFAULT_TZ) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo(tz))
    return dt.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def plausible(iso: str | None, now: datetime | None = None) -> str | None:
    """iso when it is a publication time that can be true (after 1970, not days in the future)."""
    if iso is None:
        return None
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return iso if EARLIEST <= dt <= now + FUTURE_SLACK else None


def from_epoch(value: str | int | float) -> str | None:
    try:
        secs = float(value)
    except (TypeError, ValueError):
        return None
    if secs > 1e11:  # milliseconds
        secs /= 1000
    if secs <= 0:
        return None
    try:
        return plausible(datetime.fromtimestamp(secs, timezone.utc).replace(microsecond=0).isoformat())
    except (OverflowError, OSError, ValueError):  # a 17-digit `ct` is no time at all
        return None


def _from_match(m: re.Match, tz: str, pm: bool = False) -> str | None:
    g = m.groupdict()
    try:
        hour = int(g["H"] or 0)
        if pm and hour < 12:
            hour += 12
        dt = datetime(int(g["y"]), int(g["m"]), int(g["d"]), hour, int(g["M"] or 0), int(g["S"] or 0))
    except ValueError:
        return None
    zone = (g.get("Z") or "").strip()
    if zone:
        zone = "+00:00" if zone == "Z" else zone
        try:
            dt = datetime.fromisoformat(dt.isoformat() + (zone if ":" in zone else zone[:3] + ":" + zone[3:]))
        except ValueError:
            pass
    return to_utc_iso(dt, tz)


_AGO = re.compile(
    r"^(?P<n>\d+|半|一|两|几)\s*(?P<unit>秒|分钟|分|小时|个小时|天|日|周|星期)前$"
    r"|^(?P<en>\d+)\s*(?P<enunit>second|minute|min|hour|day|week)s?\s+ago$",
    re.I,
)
_AGO_SECONDS = {"秒": 1, "分钟": 60, "分": 60, "小时": 3600, "个小时": 3600, "天": 86400, "日": 86400,
                "周": 604800, "星期": 604800, "second": 1, "minute": 60, "min": 60, "hour": 3600,
                "day": 86400, "week": 604800}
_NUMBERS = {"半": 0.5, "一": 1, "两": 2, "几": 3}
_DAY_WORD = re.compile(r"^(?P<w>今天|昨天|前天|today|yesterday)\s*(?:(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2}))?$", re.I)
_DAY_OFFSET = {"今天": 0, "today": 0, "昨天": 1, "yesterday": 1, "前天": 2}
# 11月20日 14:30 or 11-20 14:30: this year's date, or last year's if that would be in the future.
_NO_YEAR = re.compile(
    r"^(?P<m>\d{1,2})\s*(?:月|-|/)\s*(?P<d>\d{1,2})\s*日?(?:\s+(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2}))?$"
)


def _relative(s: str, tz: str, now: datetime) -> str | None:
    """刚刚, 3小时前, 昨天 14:30, 11月20日 09:15, "2 hours ago": listing pages and WeChat mirrors
    write recent times this way; they only mean something against the time of the crawl."""
    local_now = now.astimezone(ZoneInfo(tz))
    if s in ("刚刚", "just now"):
        return to_utc_iso(local_now, tz)
    m = _AGO.match(s)
    if m:
        n = m.group("n") or m.group("en")
        unit = (m.group("unit") or m.group("enunit")).lower()
        amount = _NUMBERS.get(n) or float(n)
        return to_utc_iso(local_now - timedelta(seconds=amount * _AGO_SECONDS[unit]), tz)
    m = _DAY_WORD.match(s)
    if m:
        day = local_now.date() - timedelta(days=_DAY_OFFSET[m.group("w").lower()])
        hour, minute = int(m.group("H") or 0), int(m.group("M") or 0)
        try:
            return to_utc_iso(datetime(day.year, day.month, day.day, hour, minute), tz)
        except ValueError:
            return None
    m = _NO_YEAR.match(s)
    if m:
        try:
            dt = datetime(local_now.year, int(m.group("m")), int(m.group("d")),
                          int(m.group("H") or 0), int(m.group("M") or 0))
            if dt > local_now.replace(tzinfo=None) + timedelta(days=1):
                dt = dt.replace(year=dt.year - 1)
        except ValueError:
            return None
        return to_utc_iso(dt, tz)
    return None


def parse_date(value: str | int | float | None, tz: str = DEFAULT_TZ, now: datetime | None = None) -> str | None:
    """Parse the date formats Chinese and English sources use; None when there is no date in it, or
    only one that cannot be a publication time (year 9999, a zone offset past the calendar's end).

    Handles 2020年11月3日 22:29, 2018-09-18 14:38:10, 2020/11/03, ISO 8601 with or without zone,
    RFC 822 (feeds), epoch seconds (WeChat `ct`) and times relative to `now` (default: the present):
    刚刚, 3小时前, 昨天 14:30, 11月20日 09:15, "2 hours ago"."""
    try:
        return plausible(_parse_date(value, tz, now), now)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_date(value: str | int | float | None, tz: str, now: datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return from_epoch(value)
    s = " ".join(str(value).split())
    if not s:
        return None
    if s.isdigit() and len(s) in (10, 13):
        return from_epoch(s)
    m = _CN.search(s)
    if m:
        return _from_match(m, tz, pm=bool(_PM.search(s[m.start():m.end()])))
    rel = _relative(s, tz, now or datetime.now(timezone.utc))
    if rel:
        return rel
    m = _NUMERIC.search(s)
    if m:
        return _from_match(m, tz)
    if tz in _CHINA_ZONES:
        s = _CST.sub(" +0800", s)
    if _RFC822.match(s):
        try:
            return to_utc_iso(parsedate_to_datetime(s), tz)
        except (TypeError, ValueError, IndexError):
            pass
    try:
        dt = dateutil_parser.parse(s, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    return to_utc_iso(dt, tz)


def find_date(text: str, tz: str = DEFAULT_TZ) -> str | None:
    """The first date with a year found anywhere in free text (bylines, 'published at ...')."""
    for rx in (_CN, _NUMERIC):
        m = rx.search(text)
        if m:
            try:
                return plausible(_from_match(m, tz, pm=bool(_PM.search(text[m.start():m.end()]))))
            except (OverflowError, OSError, ValueError):
                return None
    return None


def zone_read(value: str | None, tz: str = DEFAULT_TZ) -> str | None:
    """How a date's time zone was decided: "given (+0800)", "epoch (UTC)", "relative to the time read",
    or "none given: read in Asia/Shanghai". None when there is no date in it."""
    if value is None or parse_date(value, tz) is None:
        return None
    s = " ".join(str(value).split())
    if s.isdigit():
        return "epoch seconds (UTC)"
    if _relative(s, "UTC", datetime.now(timezone.utc)):
        return "relative to the time read"
    # Read in two zones 9 hours apart: a date that names its own zone reads the same in both.
    if parse_date(value, "UTC") == parse_date(value, "Asia/Tokyo"):
        zone = _zone_text(s)
        if zone == "CST" and tz in _CHINA_ZONES:
            return "given (CST, read as China Standard Time, +08:00)"
        return f"given ({zone})"
    return f"none given: read in {tz}"


_ZONE_TEXT = re.compile(r"(Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T)\b)\s*$")


def _zone_text(s: str) -> str:
    m = _ZONE_TEXT.search(s)
    return m.group(1) if m else "in the date"
