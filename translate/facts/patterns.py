"""The facts a pattern can read: money, quantities, percentages, dates, times, ordinals, counts,
funding rounds, flight designations and a few numeric idioms, each rendered in English news style.

Every detector takes the Simplified text and yields Candidates (start, end, kind, English); the finder
(translate.facts) picks the longest non-overlapping ones. Rendering follows the style guide of
tests/data/facts/README.md: 1 billion yuan, about 5.6 t, November 3, 2026, 12:55, 8th, Series B+.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from translate.facts.nouns import COUNT_NOUNS, NOUN_MEASURES, count_noun, measure_default
from translate.facts.numerals import NUMBER, english_number, ordinal, parse_number, word_number


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    kind: str
    en: str
    priority: int = 0  # breaks ties between spans of one length: the higher wins


# -- qualifiers: before the number (约, 超过 ...) and after it (余, 多, 左右, 以上) ----------------------
QUAL_BEFORE = {
    "约为": "about", "大约": "about", "约": "about", "近": "nearly", "将近": "nearly", "接近": "nearly",
    "超过": "more than", "超": "more than", "逾": "over", "突破": "more than", "不少于": "at least",
    "不低于": "at least", "至少": "at least", "不超过": "no more than", "不足": "less than", "不到": "less than",
    "最高": "up to", "高达": "up to", "最高达": "up to", "最长达": "up to", "最长": "up to", "最多": "up to", "达到": "", "达": "", "约合": "about", "优于": "better than",
    "小于": "less than", "低于": "below", "大于": "more than", "高于": "above",
}
QUAL_AFTER = {"余": "over", "多": "over", "左右": "about", "以上": "more than", "前后": "about", "上下": "about",
              "以内": "within", "以下": "less than"}
_BEFORE = "|".join(sorted(map(re.escape, QUAL_BEFORE), key=len, reverse=True))
_AFTER_NUM = "余|多"  # between a number and its unit: 90余项, 5000多人
_AFTER_UNIT = "左右|以上|上下|以内|以下"

N = f"(?:{NUMBER})"


def _qual(before: str | None, after: str | None) -> str:
    word = QUAL_BEFORE.get(before or "", "") or QUAL_AFTER.get(after or "", "")
    return f"{word} " if word else ""


def _num(text: str, magnitude_from: str = "") -> tuple[Decimal | None, bool]:
    """The value, and whether it was written with a magnitude word (then read as 1 billion)."""
    value = parse_number(text + magnitude_from)
    return value, bool(re.search("[万亿]", text + magnitude_from))


def _amount(text: str, scale: str = "") -> str | None:
    value, magnitude = _num(text, scale)
    return None if value is None else english_number(value, magnitude)


# -- money ------------------------------------------------------------------------------------------
CURRENCIES = {"元人民币": "yuan", "元": "yuan", "人民币": "yuan", "美元": "US dollars", "欧元": "euros",
              "港元": "Hong Kong dollars", "港币": "Hong Kong dollars", "日元": "yen", "英镑": "pounds",
              "新加坡元": "Singapore dollars", "澳元": "Australian dollars", "加元": "Canadian dollars",
              "新台币": "New Taiwan dollars", "韩元": "won", "卢布": "rubles", "瑞士法郎": "Swiss francs",
              "印度卢比": "Indian rupees", "卢比": "rupees", "沙特里亚尔": "Saudi riyals", "里亚尔": "riyals",
              "迪拉姆": "dirhams", "阿联酋迪拉姆": "UAE dirhams", "泰铢": "baht", "林吉特": "ringgit"}
_CUR = "|".join(sorted(map(re.escape, CURRENCIES), key=len, reverse=True))
_RANGE = "至|到|-|－|—|~|～"
MONEY = re.compile(
    rf"(?P<q>{_BEFORE})?(?P<per>每股)?(?:人民币)?(?<![数几])(?P<a>{N})(?:(?P<c1>{_CUR})?(?:{_RANGE})(?P<b>{N}))?(?P<x>{_AFTER_NUM})?(?P<s>万亿|亿|万|千万|百万)?"
    rf"(?P<c>{_CUR})(?:人民币)?(?P<y>{_AFTER_UNIT})?(?:之间)?"
)
# (数千万美元 is a vague amount, never "10 million": no number right after 数 or 几)
# 近亿元, 上亿元, 超亿元: a hundred million, said without a number
ROUND_MONEY = re.compile(rf"(?P<q>近|上|超|逾)(?P<s>亿|千万|百万|万)(?P<c>{_CUR})")
_ROUND_AMOUNTS = {"亿": "100 million", "千万": "10 million", "百万": "1 million", "万": "10,000"}
_ROUND_WORDS = {"近": "nearly", "上": "more than", "超": "more than", "逾": "over"}
VAGUE_MONEY = re.compile(rf"(?P<q>{_BEFORE})?[数几](?P<u>十|百|千)?(?P<s>万|亿)(?P<c>{_CUR})")
_VAGUE = {("千", "万"): "tens of millions of", ("百", "万"): "several million", ("", "亿"): "several hundred million",
          ("十", "亿"): "several billion", ("十", "万"): "several hundred thousand", ("", "万"): "tens of thousands of",
          ("百", "亿"): "tens of billions of"}


def money(text: str) -> Iterator[Candidate]:
    for m in MONEY.finditer(text):
        cur = CURRENCIES[m["c"]]
        scale = m["s"] or ""
        a, b = m["a"], m["b"]
        if b is not None:
            # 5-8亿元: the magnitude after the second number belongs to both; 5000万至8000万元 carry their own
            shared = scale or (re.search("(万亿|亿|万)$", b) or [""])[0]
            first = _amount(a, "" if re.search("[万亿]", a) else shared)
            second = _amount(b, scale)
            if first is None or second is None:
                continue
            amount = f"{first} to {second}"
        else:
            amount = _amount(a, scale)
            if amount is None:
                continue
        per = " per share" if m["per"] else ""
        yield Candidate(m.start(), m.end(), "money", f"{_qual(m['q'], m['x'] or m['y'])}{amount} {cur}{per}".strip(), 5)
    for m in ROUND_MONEY.finditer(text):
        en = f"{_ROUND_WORDS[m['q']]} {_ROUND_AMOUNTS[m['s']]} {CURRENCIES[m['c']]}"
        yield Candidate(m.start(), m.end(), "money", en, 5)
    for m in VAGUE_MONEY.finditer(text):
        words = _VAGUE.get((m["u"] or "", m["s"]))
        if words:
            cur = CURRENCIES[m["c"]]
            unit = f"{words} {cur}" if words.endswith(" of") else f"{words} {cur}"
            yield Candidate(m.start(), m.end(), "money", f"{_qual(m['q'], None)}{unit}".strip(), 5)


# -- percentages ------------------------------------------------------------------------------------
PERCENT = re.compile(
    rf"(?P<q>{_BEFORE})?(?:(?P<a>{N})(?:%|％|个百分点(?P<pp>))|百分之(?P<b>{N})|(?P<c>[一二两三四五六七八九十])成(?!本|功|立|果|为|长|熟|员|交|品)(?P<c2>[一二三四五六七八九](?![年个天月倍万亿]))?)"
    rf"(?P<y>{_AFTER_UNIT})?"
)


# 60%～110%: a range of percentages, said once as a range
PERCENT_RANGE = re.compile(rf"(?P<a>{N})[%％](?:至|到|~|～|-|－|—)(?P<b>{N})[%％]")


def percent(text: str) -> Iterator[Candidate]:
    for m in PERCENT_RANGE.finditer(text):
        a, b = parse_number(m["a"]), parse_number(m["b"])
        if a is not None and b is not None:
            yield Candidate(m.start(), m.end(), "percent",
                            f"{english_number(a, magnitude=False)}% to {english_number(b, magnitude=False)}%", 6)
    for m in PERCENT.finditer(text):
        raw = m["a"] or m["b"]
        # 一成五 is one tenth and a half: 15%
        value = parse_number(raw) if raw else (parse_number(m["c"]) or 0) * 10 + (parse_number(m["c2"] or "") or 0)
        if value is None:
            continue
        number = english_number(value, magnitude=False)
        tail = " percentage points" if m["pp"] is not None else "%"
        yield Candidate(m.start(), m.end(), "percent", f"{_qual(m['q'], m['y'])}{number}{tail}", 5)


# -- quantities -------------------------------------------------------------------------------------
UNITS = {
    "平方公里": ("km²", None), "平方千米": ("km²", None), "平方米": ("m²", None), "立方米": ("m³", None),
    "公里": ("km", None), "千米": ("km", None), "厘米": ("cm", None), "毫米": ("mm", None), "纳米": ("nm", None),
    "微米": ("μm", None), "米": ("m", None), "吨": ("t", None), "千克": ("kg", None), "公斤": ("kg", None),
    "克": ("g", None), "千牛": ("kN", None), "兆瓦": ("MW", None), "千瓦": ("kW", None), "瓦": ("W", None),
    "赫兹": ("Hz", None), "兆赫": ("MHz", None), "吉赫": ("GHz", None), "秒": ("second", "seconds"),
    "分钟": ("minute", "minutes"), "小时": ("hour", "hours"), "天": ("day", "days"), "周": ("week", "weeks"),
    "个月": ("month", "months"), "年": ("year", "years"), "倍": ("times", "times"), "亩": ("mu", "mu"),
    "公顷": ("hectare", "hectares"), "吉赫兹": ("GHz", None), "兆赫兹": ("MHz", None), "千瓦时": ("kWh", None),
    "瓦时/千克": ("Wh/kg", None), "瓦时每千克": ("Wh/kg", None), "千拉德": ("krad", None), "摄氏度": ("°C", None),
    "度": ("degrees", "degrees"), "个交易日": ("trading day", "trading days"), "交易日": ("trading day", "trading days"),
    "个工作日": ("working day", "working days"), "工作日": ("working day", "working days"), "千米每秒": ("km/s", None),
    "米每秒": ("m/s", None), "公里每小时": ("km/h", None), "兆字节": ("MB", None), "光年": ("light-year", "light-years"),
    "毫牛": ("mN", None), "纳秒": ("ns", None), "微秒": ("μs", None), "毫秒": ("ms", None), "毫瓦": ("mW", None),
    "吉比特": ("Gbit", None), "兆比特": ("Mbit", None), "太比特": ("Tbit", None),
}
_UNIT = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
CLASS_WORDS = {"t": "tonne", "km": "km", "m": "m", "kg": "kg", "kN": "kN", "nm": "nm"}
QUANTITY = re.compile(
    rf"(?P<q>{_BEFORE})?(?:(?P<lo>{N})(?:至|到|-|－|—|～|~))?(?P<a>{N})(?P<x>{_AFTER_NUM})?(?P<u>{_UNIT})(?P<k>级)?(?P<y>{_AFTER_UNIT})?(?P<within>内)?"
)
LATIN_UNIT = re.compile(rf"(?P<q>{_BEFORE})?(?P<a>\d+(?:\.\d+)?|百|千) ?(?P<u>TOPS|GHz|MHz|Gbps|Mbps|Tbps|kW|MW|km|kg|nm|PB|TB|GB|EB|dB|Hz|kN|MPa|m/s|km/s)(?![A-Za-z])")
# 零下55摄氏度至125摄氏度, -40℃: temperatures, negative ones too
TEMPERATURE = re.compile(r"(?P<neg>零下|-|－)?(?P<a>\d+(?:\.\d+)?)(?:摄氏度|℃)(?:(?:至|到|~|～|-)(?P<neg2>零下|-|－)?(?P<b>\d+(?:\.\d+)?)(?:摄氏度|℃))?")
SUB_METER = re.compile("亚米级")
# Data rates: 每秒60吉比特 and 60吉比特每秒 are 60 Gbps
BIT_RATE = re.compile(rf"(?P<q>{_BEFORE})?(?:每秒(?P<a>{N})(?P<u>吉|兆|太|千)比特|(?P<b>{N})(?P<v>吉|兆|太|千)比特(?:每秒|/秒|/s))")
_BIT_PREFIX = {"千": "kbps", "兆": "Mbps", "吉": "Gbps", "太": "Tbps"}


def quantity(text: str) -> Iterator[Candidate]:
    for m in QUANTITY.finditer(text):
        unit_zh = m["u"]
        short, plural = UNITS[unit_zh]
        value, magnitude = _num(m["a"])
        if value is None:
            continue
        if unit_zh == "度" and not re.match(r"[0-9０-９]", m["a"]):
            continue  # 三度 is "three times"; degrees are written in digits
        if unit_zh == "年" and not magnitude and (value >= 1000 or not value == value.to_integral()):
            continue  # 2026年 is a date, not 2,026 years (300万年 is a duration)
        if unit_zh in ("天", "周") and m.end() < len(text) and text[m.end()] in "前后内":
            pass
        number = english_number(value, magnitude)
        if m["lo"]:  # 3—5年内: within 3 to 5 years; 2-3万平方米 shares the 万 of its end
            low, _ = _num(m["lo"], "" if re.search("[万亿]", m["lo"]) else (re.search("(万亿|亿|万)$", m["a"]) or [""])[0])
            if low is None or not low < value or m["k"]:
                continue
            number = f"{english_number(low, magnitude)} to {number}"
            value = Decimal(2)  # a range takes the plural
        if m["k"]:
            word = CLASS_WORDS.get(short, short)
            en = f"{number}-{word}-class"
        elif plural is None:
            en = f"{number} {short}"
        else:
            en = f"{number} {short if value == 1 and short != 'times' else plural}"
        if m["within"] and plural is not None and not m["q"]:
            en = f"within {en}"  # 三年内: within 3 years
        yield Candidate(m.start(), m.end(), "quantity", f"{_qual(m['q'], m['x'] or m['y'])}{en}", 4)
    for m in LATIN_UNIT.finditer(text):
        number = {"百": "100", "千": "1,000"}.get(m["a"], m["a"])  # 超百Gbps: more than 100 Gbps
        yield Candidate(m.start(), m.end(), "quantity", f"{_qual(m['q'], None)}{number} {m['u']}", 3)
    for m in BIT_RATE.finditer(text):
        value = parse_number(m["a"] or m["b"])
        if value is not None:
            en = f"{english_number(value, magnitude=False)} {_BIT_PREFIX[m['u'] or m['v']]}"
            yield Candidate(m.start(), m.end(), "quantity", f"{_qual(m['q'], None)}{en}", 5)
    for m in TEMPERATURE.finditer(text):
        a = f"{'-' if m['neg'] else ''}{m['a']}°C"
        en = f"{a} to {'-' if m['neg2'] else ''}{m['b']}°C" if m["b"] else a
        yield Candidate(m.start(), m.end(), "quantity", en, 5)
    for m in SUB_METER.finditer(text):
        yield Candidate(m.start(), m.end(), "quantity", "sub-meter", 4)


# -- dates and times --------------------------------------------------------------------------------
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_Y = r"(?P<y>(?:1[89]|2[01])\d{2}|[一二][〇零九][〇零一二三四五六七八九]{2})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
PART_OF_MONTH = {"底": "late", "末": "late", "下旬": "late", "初": "early", "上旬": "early", "中旬": "mid-"}
PART_OF_YEAR = {"底": "late {y}", "末": "late {y}", "初": "early {y}", "年初": "early {y}", "年底": "late {y}",
                "年中": "mid-{y}", "中": "mid-{y}", "上半年": "first half of {y}", "下半年": "second half of {y}", "以来": "since {y}",
                "前后": "about {y}", "左右": "about {y}", "一季度": "first quarter of {y}",
                "第一季度": "first quarter of {y}", "前三季度": "first three quarters of {y}",
                "二季度": "second quarter of {y}", "第二季度": "second quarter of {y}", "三季度": "third quarter of {y}",
                "第三季度": "third quarter of {y}", "四季度": "fourth quarter of {y}", "第四季度": "fourth quarter of {y}"}
RELATIVE = {"近日": "recently", "日前": "recently", "近期": "recently", "当天": "the same day", "当日": "the same day",
            "次日": "the next day", "今晚": "tonight", "年底前": "by the end of the year", "年内": "this year",
            "下月中旬": "mid-next month", "下月初": "early next month", "下月底": "late next month",
            "上年同期": "same period last year", "上一年度": "previous year", "上年度": "previous year",
            "上年": "last year", "同期": "same period",
            "今年": "this year", "明年": "next year", "去年": "last year", "今天": "today", "今日": "today",
            "昨天": "yesterday", "昨日": "yesterday", "明天": "tomorrow", "明日": "tomorrow", "前天": "the day before yesterday",
            "本周": "this week", "上周": "last week", "下周": "next week", "本月": "this month", "上月": "last month",
            "下月": "next month"}
_PART_Y = "|".join(sorted(map(re.escape, PART_OF_YEAR), key=len, reverse=True))
_PART_M = "底|末|下旬|初|上旬|中旬"
DATE = re.compile(
    rf"{_Y}年(?:{_M}月(?:份)?(?:{_D}[日号](?:(?:至|到|-|－|—)(?:(?P<m2>1[0-2]|[1-9])月)?(?P<d2>\d{{1,2}})[日号])?|(?P<pm>{_PART_M})|(?P<am>前后|左右))?"
    rf"|(?P<py>{_PART_Y}))?"
)
MONTH_DAY = re.compile(
    rf"(?P<rel>今年|明年|去年)?{_M}月(?:{_D}[日号](?:(?:至|到|-|－|—)(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})[日号])?"
    rf"|(?P<pm>{_PART_M})|份)"
)
# 1-8月 (January to August), 今年1-9月
MONTH_RANGE = re.compile(r"(?P<rel>今年|去年|明年)?(?P<a>1[0-2]|[1-9])(?:-|－|—|至|到)(?P<b>1[0-2]|[1-9])月(?:份)?(?![\d日号])")
HALF_YEAR = re.compile(rf"{_Y}年(?P<w>半年度|上半年度|年度|全年|前三季度|第一季度|一季度|第二季度|二季度|第三季度|三季度|第四季度|四季度)")
YEARS_AGO = re.compile(r"(?P<before>此前|过去|前|近|未来)?(?P<n>[一二两三四五六七八九十]|\d{1,2})(?P<u>年|个月|周|天)(?P<ago>前)?")
WEEKDAY = re.compile(r"(?P<w>本周|下周|上周|周|星期)(?P<d>[一二三四五六日天])")
_WEEKDAYS = {"一": "Monday", "二": "Tuesday", "三": "Wednesday", "四": "Thursday", "五": "Friday", "六": "Saturday",
             "日": "Sunday", "天": "Sunday"}
HOLIDAYS = {"春节": "the Spring Festival", "元宵节": "the Lantern Festival", "清明节": "the Qingming Festival",
            "端午节": "the Dragon Boat Festival", "中秋节": "the Mid-Autumn Festival", "国庆节": "National Day",
            "国庆": "National Day", "元旦": "New Year's Day", "劳动节": "May Day", "五一": "May Day",
            "国庆假期": "the National Day holiday", "春节假期": "the Spring Festival holiday"}
# The 24 solar terms, in their usual English. Those that are also ordinary words (雨水 rain, 小雪 light
# snow, 大寒 ...) count only as a day: after 今日/今天/明日 or before 节气/时节.
SOLAR_TERMS = {"立春": "Beginning of Spring", "雨水": "Rain Water", "惊蛰": "Awakening of Insects",
               "春分": "Spring Equinox", "清明": "Pure Brightness", "谷雨": "Grain Rain", "立夏": "Beginning of Summer",
               "小满": "Grain Buds", "芒种": "Grain in Ear", "夏至": "Summer Solstice", "小暑": "Minor Heat",
               "大暑": "Major Heat", "立秋": "Beginning of Autumn", "处暑": "End of Heat", "白露": "White Dew",
               "秋分": "Autumn Equinox", "寒露": "Cold Dew", "霜降": "Frost's Descent", "立冬": "Beginning of Winter",
               "小雪": "Minor Snow", "大雪": "Major Snow", "冬至": "Winter Solstice", "小寒": "Minor Cold",
               "大寒": "Major Cold"}
_PLAIN_WORD_TERMS = {"雨水", "清明", "小暑", "大暑", "白露", "小雪", "大雪", "小寒", "大寒", "谷雨"}
SOLAR_TERM = re.compile("(?P<cue>今日|今天|明日|明天)?(?P<t>" + "|".join(SOLAR_TERMS) + ")(?P<after>节气|时节)?")
# 6月第一周: the first week of June; 年中 alone (a headline's 年中盘点) is mid-year
WEEK_OF_MONTH = re.compile(rf"{_M}月(?:的)?第(?P<w>[一二三四五]|[1-5])(?:周|个星期|星期)")
MID_YEAR = re.compile(r"(?:^|(?<=[，。！？｜|：:“\s]))年中(?=盘点|总结|报告|考核|回顾|以来|[，。！？｜|：:])")
HOLIDAY = re.compile("(?P<h>" + "|".join(sorted(HOLIDAYS, key=len, reverse=True)) + ")(?P<p>前后|前|后|期间)?")
# A month alone, in digits (8月竣工): Chinese numerals before 月 are too often other words (一月余)
MONTH_ALONE = re.compile(r"(?<![\d年个.])(?P<m>1[0-2]|[1-9])月(?![\d日号份底末初中上下个])")
THIS_MONTH = re.compile(rf"(?P<rel>今年|明年|去年){_M}月(?![\d一二三四五六七八九十]|份?[日号底末初中上下])")
RELATIVE_RE = re.compile(
    r"(?P<w>今年|明年|去年)(?P<p>年初以来|以来|上半年|下半年|前三季度|第一季度|一季度|第二季度|二季度|第三季度|三季度|"
    r"第四季度|四季度|年底前|年底|年初|年中|底|初|同期|"
    r"前(?P<months>[两二三四五六七八九十]|1[01]|[2-9])个月)?"
    r"|(?P<d>今天|今日|昨天|昨日|明天|明日|前天|本周|上周|下周|本月|上月|下月|近日|日前|近期|当天|当日|次日|今晚|年底前|年内|"
    r"上年同期|上一年度|上年度|上年|同期|下月中旬|下月初|下月底)"
    r"(?P<dp>上旬|中旬|下旬|底|初)?"
    r"|(?P<alone>前三季度|上半年|下半年|第一季度|一季度|第二季度|二季度|第三季度|三季度|第四季度|四季度)"
)


_QUARTERS = {"前三季度": "first three quarters", "上半年": "first half", "下半年": "second half",
             "第一季度": "first quarter", "一季度": "first quarter", "第二季度": "second quarter", "二季度": "second quarter",
             "第三季度": "third quarter", "三季度": "third quarter", "第四季度": "fourth quarter", "四季度": "fourth quarter"}


def _small(text: str) -> int | None:
    value = parse_number(text)
    return int(value) if value is not None else None


def dates(text: str) -> Iterator[Candidate]:
    for m in DATE.finditer(text):
        year = _small(m["y"])
        if year is None or not 1800 <= year <= 2199:
            continue
        if m["m"] is None and m.end() < len(text) and text[m.end()] in "前":
            part = m["py"]
            en = (f"before {year}" if part is None else f"by the end of {year}" if part in ("底", "年底", "末")
                  else f"before the {PART_OF_YEAR[part].format(y=year)}")
            yield Candidate(m.start(), m.end() + 1, "date", en, 6)
            continue
        en = _date(year, m)
        if en:
            yield Candidate(m.start(), m.end(), "date", en, 6)
    for m in MONTH_DAY.finditer(text):
        month = _small(m["m"])
        if month is None or not 1 <= month <= 12:
            continue
        name = MONTHS[month - 1]
        rel = RELATIVE.get(m["rel"] or "")
        if m["d"]:
            day = _small(m["d"])
            if day is None or not 1 <= day <= 31:
                continue
            en = f"{name} {day}"
            if m["d2"]:
                end_month = f"{MONTHS[int(m['m2']) - 1]} " if m["m2"] and 1 <= int(m["m2"]) <= 12 else ""
                en = f"{en} to {end_month}{int(m['d2'])}"
        elif m["pm"]:
            part = PART_OF_MONTH[m["pm"]]
            en = f"{part}{name}" if part.endswith("-") else f"{part} {name}"
        else:
            en = name
        if rel:
            en = f"{en} {rel}"
        yield Candidate(m.start(), m.end(), "date", en, 6)
    for m in MONTH_RANGE.finditer(text):
        en = f"{MONTHS[int(m['a']) - 1]}-{MONTHS[int(m['b']) - 1]}"
        if m["rel"]:
            en += f" {RELATIVE[m['rel']]}"
        yield Candidate(m.start(), m.end(), "date", en, 6)
    for m in HALF_YEAR.finditer(text):
        year = _small(m["y"])
        if year and 1800 <= year <= 2199:
            w = m["w"]
            en = (f"first half of {year}" if "半年" in w else f"{year}" if w in ("年度", "全年")
                  else f"{_QUARTERS[w]} of {year}")
            yield Candidate(m.start(), m.end(), "date", en, 6)
    for m in YEARS_AGO.finditer(text):
        n = _small(m["n"])
        if not n or bool(m["before"]) == bool(m["ago"]):
            continue  # 三年前 (three years ago), 此前两年 (the previous two years); 三年 alone is a quantity
        unit = {"年": "year", "个月": "month", "周": "week", "天": "day"}[m["u"]]
        span = f"{word_number(n)} {unit}{'s' if n != 1 else ''}"
        en = (f"{span} ago" if m["ago"] else {"此前": f"previous {span}", "过去": f"past {span}", "前": f"first {span}",
                                                 "近": f"past {span}", "未来": f"next {span}"}[m["before"]])
        yield Candidate(m.start(), m.end(), "date", en, 4)
    for m in WEEKDAY.finditer(text):
        day = _WEEKDAYS[m["d"]]
        if m["w"] in ("周", "星期") and m["d"] in "天":
            continue
        en = {"本周": f"this {day}", "下周": f"next {day}", "上周": f"last {day}"}.get(m["w"], day)
        yield Candidate(m.start(), m.end(), "date", en, 4)
    for m in HOLIDAY.finditer(text):
        name = HOLIDAYS[m["h"]]
        en = {"前": f"before {name}", "后": f"after {name}", "期间": f"during {name}", "前后": f"around {name}"}.get(
            m["p"] or "", name)
        yield Candidate(m.start(), m.end(), "date", en, 4)
    for m in SOLAR_TERM.finditer(text):
        if m["t"] in _PLAIN_WORD_TERMS and not (m["cue"] or m["after"]):
            continue
        yield Candidate(m.start("t"), m.end("t"), "date", SOLAR_TERMS[m["t"]], 4)
    for m in WEEK_OF_MONTH.finditer(text):
        month, week = _small(m["m"]), _small(m["w"])
        if month and week and 1 <= month <= 12:
            yield Candidate(m.start(), m.end(), "date", f"{ordinal(week, words=True)} week of {MONTHS[month - 1]}", 7)
    for m in MID_YEAR.finditer(text):
        yield Candidate(m.start(), m.end(), "date", "mid-year", 4)
    for m in MONTH_ALONE.finditer(text):
        yield Candidate(m.start(), m.end(), "date", MONTHS[int(m["m"]) - 1], 2)
    for m in THIS_MONTH.finditer(text):
        month = _small(m["m"])
        if month and 1 <= month <= 12:
            yield Candidate(m.start(), m.end(), "date", f"{MONTHS[month - 1]} {RELATIVE[m['rel']]}", 6)
    for m in RELATIVE_RE.finditer(text):
        if m["alone"]:
            yield Candidate(m.start(), m.end(), "date", _QUARTERS[m["alone"]], 3)
            continue
        if m["d"]:
            if m["d"] == "同期" and m.start() and text[m.start() - 1] == "合":
                continue  # 合同期限: a contract's term
            en = RELATIVE[m["d"]]
            if m["dp"] and m["d"] in ("本月", "下月", "上月"):
                part = PART_OF_MONTH[m["dp"]]
                which = {"本月": "this month", "下月": "next month", "上月": "last month"}[m["d"]]
                en = f"{part}{'' if part.endswith('-') else ' '}{which}"
            yield Candidate(m.start(), m.end(), "date", en, 3)
            continue
        when = RELATIVE[m["w"]]
        part = m["p"]
        if m["months"]:
            n = _small(m["months"]) or 0
            en = f"first {word_number(n)} months of {when}"
        elif part == "同期":
            en = f"same period {when}"
        elif part == "年初以来":
            en = f"since the beginning of {when}"
        elif part == "年底前":
            en = f"by the end of {when}"
        elif part == "以来":
            en = f"so far {when}" if m["w"] == "今年" else f"since {when}"
        elif part:
            template = PART_OF_YEAR.get(part) or PART_OF_YEAR.get("年" + part, "{y}")
            en = template.format(y=when)
            if text.startswith("前", m.end()) and "quarter" in en:
                yield Candidate(m.start(), m.end() + 1, "date", f"before the {en}", 4)  # 今年第四季度前
                continue
        else:
            en = when
        yield Candidate(m.start(), m.end(), "date", en, 3)


def _date(year: int, m: re.Match) -> str | None:
    if m["m"] is None:
        if m["py"]:
            return PART_OF_YEAR[m["py"]].format(y=year)
        return str(year)
    month = _small(m["m"])
    if month is None or not 1 <= month <= 12:
        return None
    name = MONTHS[month - 1]
    if m["d"]:
        day = _small(m["d"])
        if day is None or not 1 <= day <= 31:
            return None
        if m["d2"]:
            end_month = f"{MONTHS[int(m['m2']) - 1]} " if m["m2"] else ""
            return f"{name} {day} to {end_month}{int(m['d2'])}, {year}"
        return f"{name} {day}, {year}"
    if m["pm"]:
        part = PART_OF_MONTH[m["pm"]]
        return f"{part}{name} {year}" if part.endswith("-") else f"{part} {name} {year}"
    if m["am"]:
        return f"about {name} {year}"
    return f"{name} {year}"


TIME = re.compile(
    r"(?P<p>上午|下午|晚上|晚间|凌晨|中午|早上|傍晚|(?<![当今昨每])晚|(?<![提尽最])早)?(?<!小)(?P<h>[01]?\d|2[0-4]|[一二三四五六七八九十]{1,3})"
    r"(?P<u>[时点])(?:(?P<mi>[0-5]?\d|[一二三四五六七八九十]{1,3})分|(?P<half>半)|(?P<q>一刻|整))?(?P<about>许|左右)?"
    r"(?:(?:到|至|-|－|—)(?P<h2>[01]?\d|2[0-4])时(?:(?P<mi2>[0-5]?\d)分)?)?"
)
BEIJING_TIME = re.compile("北京时间")
_PM = ("下午", "晚上", "晚间", "傍晚", "晚")
_EVENING = ("今晚", "当晚")  # a date of their own (tonight), yet they make the hour after them p.m.


def times(text: str) -> Iterator[Candidate]:
    for m in BEIJING_TIME.finditer(text):
        yield Candidate(m.start(), m.end(), "time", "Beijing time", 6)
    for m in TIME.finditer(text):
        bare = m["mi"] is None and m["half"] is None and m["q"] is None and m["p"] is None
        if bare and (m["u"] == "点" or not m["h"].isdigit() or text[m.end():m.end() + 1] in "间代期候刻速差区"):
            continue  # a bare 3点 is as often "three points" as three o'clock; 22时 is 22:00
        hour, minute = _small(m["h"]), _small(m["mi"]) if m["mi"] else (30 if m["half"] else 0)
        if hour is None or minute is None or hour > 24 or minute > 59:
            continue
        if (m["p"] in _PM or text[max(0, m.start() - 2):m.start()] in _EVENING) and hour < 12:
            hour += 12
        if m["p"] == "中午" and hour < 6:
            hour += 12
        en = f"{hour:02d}:{minute:02d}"
        if m["h2"] is not None:
            en += f" to {int(m['h2']):02d}:{int(m['mi2'] or 0):02d}"
        if m["about"]:
            en = f"around {en}"
        yield Candidate(m.start(), m.end(), "time", en, 6)


# -- ordinals, phases, counts ---------------------------------------------------------------------
ORDINAL = re.compile(rf"(?P<scope>世界|全球|国内|我国|全国|中国)?第(?P<n>{N})(?P<u>次|批|届|台|颗|个|号|期|代|阶段|位|名|款|架|艘|枚|轮|季度|轨道面|组|大)?")
FIRSTS = {
    "首次": "first", "首飞": "maiden flight", "首批": "first batch", "首个": "first", "首颗": "first",
    "首款": "first", "首台": "first", "首架": "first", "首期": "first phase", "首发": "first", "首家": "first",
    "首型": "first", "首枚": "first", "首例": "first", "首日": "first day", "第一人": "first person",
    "首条": "first", "首座": "first", "首届": "first", "首艘": "first", "首笔": "first", "首位": "first", "首只": "first",
}
SCOPED_FIRST = re.compile("(?P<scope>世界|全球|国内|我国|全国|中国)(?P<w>首次|首个|首款|首颗|首台|首家|首型|首例|首枚|第一)")
SCOPES = {"世界": "world's first", "全球": "world's first", "国内": "China's first", "我国": "China's first",
          "全国": "China's first", "中国": "China's first"}
FIRST_RE = re.compile("|".join(sorted(FIRSTS, key=len, reverse=True)))
PHASE = re.compile(r"(?P<pre>分|共|历经|经过)?(?P<n>[一二两三四五六七八九十]|\d{1,2})期(?!间|待|望|限|货|刊|权)")
STAGE = re.compile(r"(?P<n>[一二三])子级|芯(?P<c>[一二])级|(?P<s>[一二三])级(?=发动机|主发动机|火箭|分离|点火|关机)")
PLANS = re.compile(r"[“\"]?(?P<n>十[一二三四五六七八九]|二十)五[”\"]?(?=规划|期间|时期|战略|重点|计划|以来|末|初|[，。”\" ])")
FIRST_DAY = re.compile("上市首日")
CONSECUTIVE = re.compile(rf"连续第(?P<n>{N})(?P<u>次|年|个|届)?")
ANNIVERSARY = re.compile(rf"(?P<n>{N})周年")
ORDINAL_PAIR = re.compile(r"第(?P<a>[一二三四五六七八九十]{1,3}|\d{1,3})(?:颗|次|批|个|期|届|位|名|架|艘|枚)?[、和及至到-](?P<b>[一二三四五六七八九十]{1,3}|\d{1,3})(?P<u>颗|次|批|个|期|届|位|名|架|艘|枚)")
# 前三 (the top three), 一等奖 (first prize)
TOP_RANKS = re.compile(r"(?<![年月日周季当提目此之以事])前(?P<n>[二三四五六七八九十]|10|[2-9])(?P<u>名|强|位)?(?![季个年月天周次批期轮届款颗家项])")
PRIZE = re.compile(r"(?P<n>[一二三特])等奖")
_UNIT_NOUN = {"批": "batch", "期": "phase", "代": "generation", "阶段": "stage", "季度": "quarter", "轨道面": "orbital plane", "组": "group"}


def ordinals(text: str) -> Iterator[Candidate]:
    for m in ORDINAL.finditer(text):
        value = parse_number(m["n"])
        if value is None or value != value.to_integral() or value <= 0:
            continue
        n = int(value)
        unit = m["u"] or ""
        if unit == "大":
            continue  # 第二大 is "the second largest": a comparison, not an ordinal of its own
        if m["scope"] and n == 1:
            en = SCOPES[m["scope"]] if m["scope"] != "全国" else "first in China"
        elif unit in _UNIT_NOUN:
            en = f"{ordinal(n, words=n <= 10)} {_UNIT_NOUN[unit]}"
        else:
            en = ordinal(n, words=n == 1)  # 第一颗 is "the first", never "1st"
        start = m.start() if m["scope"] and n == 1 else m.start("n") - 1
        yield Candidate(start, m.end(), "ordinal", en, 5)
    for m in SCOPED_FIRST.finditer(text):
        en = "first in China" if m["scope"] == "全国" and m["w"] == "第一" else SCOPES[m["scope"]]
        yield Candidate(m.start(), m.end(), "ordinal", en, 6)
    for m in FIRST_RE.finditer(text):
        yield Candidate(m.start(), m.end(), "ordinal", FIRSTS[m.group()], 4)
    for m in PHASE.finditer(text):
        n = _small(m["n"])
        if not n:
            continue
        if m["pre"]:
            yield Candidate(m.start("n"), m.end(), "count", f"{n} phases" if n != 1 else "1 phase", 4)
        else:
            yield Candidate(m.start(), m.end(), "ordinal", f"{ordinal(n, words=True)} phase", 4)
    for m in STAGE.finditer(text):
        n = _small(m["n"] or m["c"] or m["s"])
        if n:
            yield Candidate(m.start(), m.end(), "ordinal", f"{ordinal(n, words=True)} stage", 5)
    for m in PLANS.finditer(text):
        n = _small(m["n"])
        if n:
            yield Candidate(m.start(), m.end(), "ordinal", f"{ordinal(n)} Five-Year Plan", 5)
    for m in FIRST_DAY.finditer(text):
        yield Candidate(m.start(), m.end(), "ordinal", "first day of trading", 6)
    for m in CONSECUTIVE.finditer(text):
        n = _small(m["n"])
        if n:
            tail = " year" if m["u"] == "年" else ""  # 连续第3年: the third consecutive year
            yield Candidate(m.start(), m.end(), "ordinal", f"{ordinal(n)} consecutive{tail}", 6)
    for m in ANNIVERSARY.finditer(text):
        n = _small(m["n"])
        if n:
            yield Candidate(m.start(), m.end(), "ordinal", f"{ordinal(n)} anniversary", 6)
    for m in TOP_RANKS.finditer(text):
        n = _small(m["n"])
        if n:
            yield Candidate(m.start(), m.end(), "ordinal", f"top {n}", 4)
    for m in PRIZE.finditer(text):
        en = "special prize" if m["n"] == "特" else f"{ordinal(_small(m['n']) or 1, words=True)} prize"
        yield Candidate(m.start(), m.end(), "ordinal", en, 5)
    for m in ORDINAL_PAIR.finditer(text):
        a, b = _small(m["a"]), _small(m["b"])
        if a and b and a < b:
            joiner = " to " if text[m.start("b") - 1] in "至到-" else " and "
            yield Candidate(m.start(), m.end(), "ordinal", f"{ordinal(a, words=a <= 10)}{joiner}{ordinal(b, words=b <= 10)}", 6)


MEASURES = ("颗|名|家|个|次|项|台|套|人次|人|位|艘|枚|股|架|座|条|款|批|所|只|份|起|发(?![射布展现行出放生动挥])|件|轮|副|支|处"
            "|户(?![外型籍口头主])|景(?![区点观色象气])|片(?![区场段面刻])|场(?![所地景面合馆])")
# 至少执行25次试飞: a verb of doing may stand between the qualifier and its number
_DOING = "执行|完成|实施|开展|进行|实现"
COUNT = re.compile(rf"(?:(?P<q>{_BEFORE})(?:{_DOING})?)?(?<![A-Za-z+])(?P<a>{N})(?P<x>{_AFTER_NUM})?(?P<u>{MEASURES})(?P<y>{_AFTER_UNIT})?")
# 1500颗至2000颗卫星: a range of counts
COUNT_RANGE = re.compile(rf"(?P<q>{_BEFORE})?(?P<a>{N})(?P<u1>{MEASURES})?(?:至|到|～|~|-|－|—)(?P<b>{N})(?P<u>{MEASURES})")
# 发射次数有望提升至8次左右: a tally of launches told after its noun
LAUNCH_TALLY = re.compile(rf"发射(?:次数|数量)(?:有望|将|预计|计划)?(?:提升至|提高到|提高至|增至|增加到|达到|达|为)(?P<q>{_BEFORE})?"
                          rf"(?P<a>{N})(?P<x>{_AFTER_NUM})?次(?P<y>{_AFTER_UNIT})?")
# 新年第一发, 2026年首发: the year's first launch
FIRST_OF_YEAR = re.compile(r"(?P<w>新年|今年|年内|(?P<y>(?:19|20)\d{2})年)(?:第一发|首发)(?![布展行售])")
# 三连发 (three launches in a row), 五连捷; 50强, 百强 (the top 50, the top 100)
IN_A_ROW = re.compile(r"(?P<n>[两二三四五六七八九十]{1,3}|\d{1,2})连(?P<w>发|胜|捷|中)")
TOP_N = re.compile(r"(?P<n>\d{1,4}|[一二三四五六七八九十]{1,3}|百|千)强(?![度化大制调劲壮硬烈项])")
# 每秒200万亿次 (运算): a computing speed
COMPUTE_RATE = re.compile(rf"每秒(?:运算|计算)?(?P<a>{N})次(?:浮点)?(?:运算|计算)?")
PER_SHARES = re.compile(rf"每(?P<a>{N})股")
# 九机并联: a cluster of engines firing together
ENGINE_CLUSTER = re.compile(r"(?P<n>[两二三四五六七八九十]{1,3}|\d{1,2})机(?=并联|联合|同时)")
# 海湾6国, 中亚五国: the countries of a region, said with its adjective
REGION_COUNTRIES = {"海湾": "Gulf", "中亚": "Central Asian", "东盟": "ASEAN", "欧盟": "EU", "金砖": "BRICS",
                    "北欧": "Nordic", "东南亚": "Southeast Asian", "拉美": "Latin American", "非洲": "African",
                    "阿拉伯": "Arab", "南美": "South American", "中东欧": "Central and Eastern European",
                    "中东": "Middle Eastern", "西亚": "West Asian", "南亚": "South Asian", "东北亚": "Northeast Asian"}
REGION_COUNT = re.compile("(?P<r>" + "|".join(sorted(REGION_COUNTRIES, key=len, reverse=True)) +
                          r")(?P<n>[两二三四五六七八九十]{1,3}|\d{1,3})(?:个)?国")
# 人次 at a site or show counts visits; elsewhere (a livestream) views
_VISIT_CUES = re.compile("接待|游客|参观|客流|旅客|观展|到访|到场")
# 发 counts launches, but rockets where they are made (年产50发, 交付20发)
_MAKING_CUES = re.compile("产|交付|总装|制造|下线|生产|出厂|库存")
SATELLITES = re.compile(rf"一箭(?P<n>{N}|双)星")
NOUN_COUNT = re.compile(rf"(?P<noun>航天发射任务|航天发射|宇航发射|发射任务|发射|飞行任务|载人飞行|员工|就业|用户|客户|企业|签约项目|项目|"
                        rf"融资事件|授权专利|专利|订单)(?P<q>{_BEFORE})?(?:(?P<lo>{N})(?:至|到|～|~|-|－|—))?(?P<a>{N})(?P<x>{_AFTER_NUM})?(?P<u>次|人|名|家|个|颗|项|件|起|笔)"
                        rf"(?P<y>{_AFTER_UNIT})?")


# Round and vague numbers: 十几颗 (a dozen or so), 上百家 (upwards of a hundred), 数十 (dozens).
VAGUE_NUMBERS = {"十几": "over 10", "十多": "over 10", "十余": "more than 10", "几十": "dozens of", "数十": "dozens of", "数百": "hundreds of",
                 "几百": "hundreds of", "上百": "over 100", "近百": "nearly 100", "上千": "over 1,000",
                 "近千": "nearly 1,000", "数千": "thousands of", "几千": "thousands of", "上万": "over 10,000",
                 "近万": "nearly 10,000", "数万": "tens of thousands of", "几万": "tens of thousands of"}
VAGUE_COUNT = re.compile("(?P<v>" + "|".join(VAGUE_NUMBERS) + f")(?P<u>{MEASURES})")


# The noun first, then its count: 测控站已达28座 (28 TT&C stations), 卫星总数超过300颗.
_NOUN_FIRST = "|".join(sorted(map(re.escape, COUNT_NOUNS), key=len, reverse=True))
NOUN_FIRST = re.compile(rf"(?P<noun>{_NOUN_FIRST})(?:总数|数量|规模)?(?:将|有望|预计)?(?:已达到|已达|达到|达|共有|共计|共|已有|累计|已)?"
                        rf"(?P<q>{_BEFORE})?(?P<a>{N})(?P<x>{_AFTER_NUM})?(?P<u>个|家|座|颗|台|套|项|条|名|位|艘|枚|架|所|副|支|处|户)")
# The measure words each noun of NOUN_COUNT is counted with (launches: 次).
_NOUN_UNITS = {"员工": "人名", "就业": "人个", "用户": "人名个家", "客户": "人名个家", "企业": "家个", "签约项目": "个项",
               "项目": "个项", "融资事件": "起笔个", "授权专利": "项件个", "专利": "项件个", "订单": "个笔份"}


PLACES_COUNT = re.compile(
    r"(?<![第每])(?P<n>[两二三四五六七八九十]|\d{1,2})(?:(?P<w>地)(?!区|方|面|点|址|位|图|球|质|铁|下|上|产|税|块|段|形(?!成)|震|理|标|域|处|带|基|道|勘|热|磁|貌|级)"
    r"|(?P<w2>市)(?!场|值|民|委|长|政|级|区|县|内|外|中|里|面|价|盈|销|郊|容)|(?P<w3>城)(?!市|区|镇|乡|墙|际|关)"
    r"|(?P<w4>省)(?!份|级|委|长|内|外|政|略|去|时|钱|力|会|部)|(?P<w5>部门|部委|国))")
MAJOR = re.compile(r"(?P<n>[两二三四五六七八九十])大(?P<noun>发射场|发射中心|基地|园区|产业集群|领域|板块|方向|系列)")
_MAJOR_NOUNS = {"系列": "series", "发射场": "launch sites", "发射中心": "launch centres", "基地": "bases", "园区": "parks",
                "产业集群": "industrial clusters", "领域": "fields", "板块": "segments", "方向": "directions"}


def _clause_start(text: str, at: int, reach: int = 16) -> int:
    """Where the clause holding text[at] starts, looking back at most `reach` characters."""
    start = max(0, at - reach)
    cut = max(text.rfind(p, start, at) for p in "，。；！？,;!?")
    return cut + 1 if cut >= 0 else start


def counts(text: str) -> Iterator[Candidate]:
    for m in REGION_COUNT.finditer(text):
        n = _small(m["n"])
        if n and n > 1:
            yield Candidate(m.start(), m.end(), "count", f"{n} {REGION_COUNTRIES[m['r']]} countries", 5)
    for m in COUNT_RANGE.finditer(text):
        a, b = parse_number(m["a"]), parse_number(m["b"])
        if a is None or b is None or not a < b or (m["u1"] and m["u1"] != m["u"]):
            continue
        noun_zh, noun_en = count_noun(text, m.end(), m["u"])
        noun_en = noun_en or measure_default(m["u"], b) or ""
        en = f"{_qual(m['q'], None)}{english_number(a, _num(m['a'])[1])} to {english_number(b, _num(m['b'])[1])} {noun_en}"
        yield Candidate(m.start(), m.end() + len(noun_zh or ""), "count", en.strip(), 5)
    for m in IN_A_ROW.finditer(text):
        n = _small(m["n"])
        if n and n > 1:
            what = "launches" if m["w"] == "发" else "successes"
            yield Candidate(m.start(), m.end(), "count", f"{n} {what} in a row", 5)
    for m in TOP_N.finditer(text):
        n = {"百": 100, "千": 1000}.get(m["n"]) or _small(m["n"])
        if n and n > 1:
            yield Candidate(m.start(), m.end(), "number", f"top {english_number(Decimal(n), False)}", 4)
    for m in LAUNCH_TALLY.finditer(text):
        value, magnitude = _num(m["a"])
        if value is not None:
            en = f"{_qual(m['q'], m['x'] or m['y'])}{english_number(value, magnitude)} launches"
            yield Candidate(m.start("a") if not m["q"] else m.start("q"), m.end(), "count", en, 5)
    for m in FIRST_OF_YEAR.finditer(text):
        en = {"新年": "first launch of the new year"}.get(m["w"]) or (
            f"first launch of {m['y']}" if m["y"] else "first launch of the year")
        yield Candidate(m.start(), m.end(), "ordinal", en, 6)
    for m in COMPUTE_RATE.finditer(text):
        value, magnitude = _num(m["a"])
        if value is not None:
            yield Candidate(m.start(), m.end(), "quantity", f"{english_number(value, magnitude)} operations per second", 6)
    for m in PER_SHARES.finditer(text):
        value = parse_number(m["a"])
        if value is not None and value > 1:
            yield Candidate(m.start(), m.end(), "count", f"per {english_number(value, magnitude=False)} shares", 5)
    for m in ENGINE_CLUSTER.finditer(text):
        n = _small(m["n"])
        if n and n > 1:
            yield Candidate(m.start(), m.end(), "count", f"{n} engines", 5)
    for m in PLACES_COUNT.finditer(text):
        n = _small(m["n"])
        word = m["w"] or m["w2"] or m["w3"] or m["w4"] or m["w5"]
        if n and n > 1:
            noun = {"地": "places", "城": "cities", "省": "provinces", "市": "cities", "部门": "departments",
                    "部委": "ministries", "国": "countries"}[word]
            yield Candidate(m.start(), m.end(), "count", f"{n} {noun}", 3)
    for m in MAJOR.finditer(text):
        n = _small(m["n"])
        if n:
            yield Candidate(m.start(), m.end(), "count", f"{n} major {_MAJOR_NOUNS[m['noun']]}", 4)
    for m in VAGUE_COUNT.finditer(text):
        noun_zh, noun_en = count_noun(text, m.end(), m["u"])
        if noun_en is None:
            noun_zh, noun_en = "", measure_default(m["u"], Decimal(100)) or ""
        yield Candidate(m.start(), m.end() + len(noun_zh), "count", f"{VAGUE_NUMBERS[m['v']]} {noun_en}".strip(), 4)
    for m in SATELLITES.finditer(text):
        value = Decimal(2) if m["n"] == "双" else parse_number(m["n"])
        if value is not None:
            n = int(value)
            yield Candidate(m.start(), m.end(), "count", f"{word_number(n)} satellites", 7)
    for m in COUNT.finditer(text):
        value, magnitude = _num(m["a"])
        if value is None or value != value.to_integral():
            continue
        unit = m["u"]
        if unit == "个" and text.startswith("月", m.end()):
            continue  # 十三个月: a duration
        if value == 1 or m.start() > 0 and text[m.start() - 1] in "第每":
            continue  # 一家 is "a company", 第二家 an ordinal, 每一位 "every"
        noun_zh, noun_en = count_noun(text, m.end(), unit)
        if noun_en is None:
            noun_en = measure_default(unit, value) or ""
            end = m.end()
        else:
            end = m.end() + len(noun_zh)
        if unit == "人次" and noun_en == measure_default(unit, value) and _VISIT_CUES.search(text, _clause_start(text, m.start()), m.start()):
            noun_en = "visits"
        if unit == "发" and noun_en == measure_default(unit, value) and _MAKING_CUES.search(text, _clause_start(text, m.start(), 8), m.start()):
            noun_en = "rockets"
        number = english_number(value, magnitude, words_under_ten=False)
        en = f"{_qual(m['q'], m['x'] or m['y'])}{number} {noun_en}"
        yield Candidate(m.start(), end, "count", en.strip(), 4)
    for m in NOUN_FIRST.finditer(text):
        noun_en = COUNT_NOUNS[m["noun"]]
        allowed = NOUN_MEASURES.get(noun_en.split()[-1])
        value, magnitude = _num(m["a"])
        if value is None or value != value.to_integral() or value <= 1 or (allowed and m["u"] not in allowed):
            continue
        en = f"{_qual(m['q'], m['x'])}{english_number(value, magnitude)} {noun_en}"
        yield Candidate(m.start(), m.end(), "count", en, 3)
    for m in NOUN_COUNT.finditer(text):
        value, magnitude = _num(m["a"])
        if value is None or m["u"] not in _NOUN_UNITS.get(m["noun"], "次"):
            continue  # 发射12颗卫星 launched 12 satellites: not "12 launches"
        noun = {"航天发射任务": "space launch missions", "航天发射": "space launches", "宇航发射": "space launches",
                "发射任务": "launch missions", "发射": "launches", "飞行任务": "missions", "载人飞行": "crewed flights", "员工": "employees",
                "就业": "jobs", "用户": "users", "客户": "customers", "企业": "companies", "签约项目": "projects",
                "项目": "projects", "融资事件": "financing deals", "授权专利": "patents", "专利": "patents",
                "订单": "orders"}[m["noun"]]
        number = english_number(value, magnitude)
        low = parse_number(m["lo"]) if m["lo"] else None
        if m["lo"] and (low is None or not low < value):
            continue
        if low is not None:  # 发射10至15次: 10 to 15 launches
            number = f"{english_number(low, _num(m['lo'])[1])} to {number}"
        yield Candidate(m.start(), m.end(), "count", f"{_qual(m['q'], m['x'] or m['y'])}{number} {noun}", 5)



# -- funding rounds, flight designations, numeric idioms --------------------------------------------
ROUND = re.compile(r"(?P<w>新一轮|最新一轮|本轮|该轮|此轮|上一轮|首轮)|(?P<s>Pre-?[A-H]\+*|[A-H][1-9]?\+*|天使\+*|种子|战略|Pre-IPO|IPO前)轮"
                   r"|(?P<strategic>战略投资|战略融资)")
ROUND_WORDS = {"新一轮": "new round", "最新一轮": "latest round", "本轮": "this round", "该轮": "the round",
               "此轮": "this round", "上一轮": "previous round", "首轮": "first round"}
DESIGNATION = re.compile(r"遥(?P<n>[一二三四五六七八九十]{1,4}|\d{1,3})(?![感测控远箭])")
IDIOMS = {"翻倍": "double", "翻番": "double", "超过一倍": "more than doubled", "增长一倍": "doubled",
          "近一半": "nearly half", "超过一半": "more than half", "一半": "half", "过半数": "more than half",
          "过半": "more than half", "半数以上": "more than half", "若干个": "several", "若干": "several",
          "千亿级": "100-billion-yuan", "百亿级": "10-billion-yuan", "万亿级": "trillion-yuan", "一周内": "within a week",
          "一年内": "within a year", "一个月内": "within a month", "翻了一番": "doubled", "翻一番": "doubled",
          "一半多": "more than half", "近一倍": "nearly doubled", "将近一倍": "nearly doubled", "一半以上": "more than half", "翻了两番": "quadrupled"}
IDIOM_RE = re.compile("|".join(sorted(IDIOMS, key=len, reverse=True)))
PAD = re.compile(r"(?P<n>\d{1,2}|[一二三四五六七八九十])号(?P<w>工位|发射工位|发射台|塔架|发射场|发射区)")
# 赴港上市, 在港上市: 港 is Hong Kong where a listing goes
HONG_KONG = re.compile(r"(?<=[赴在来于])港(?=上市|挂牌|IPO|二次上市)")
GENERATION = re.compile(r"(?<![A-Za-z0-9])(?P<n>[2-6])G(?![A-Za-z0-9])")
STOCK_CODE = re.compile(r"(?:股票代码|代码)(?:为|：|:)?(?P<c>\d{6})")


def rounds(text: str) -> Iterator[Candidate]:
    for m in ROUND.finditer(text):
        if m["strategic"]:
            en = "strategic investment" if m["strategic"] == "战略投资" else "strategic financing"
            yield Candidate(m.start(), m.end(), "round", en, 5)
            continue
        if m["w"]:
            yield Candidate(m.start(), m.end(), "round", ROUND_WORDS[m["w"]], 5)
            continue
        series = m["s"]
        if series.rstrip("+") in ("天使", "种子", "战略"):
            plus = "+" * (len(series) - len(series.rstrip("+")))
            en = {"天使": "angel", "种子": "seed", "战略": "strategic"}[series.rstrip("+")] + plus + " round"
        elif series in ("Pre-IPO", "IPO前"):
            en = "pre-IPO round"
        else:
            en = f"Series {series.replace('Pre', 'Pre-').replace('Pre--', 'Pre-')}"
        yield Candidate(m.start(), m.end(), "round", en, 5)


def designations(text: str) -> Iterator[Candidate]:
    for m in DESIGNATION.finditer(text):
        value = parse_number(m["n"])
        if value is not None and value > 0:
            yield Candidate(m.start(), m.end(), "designation", f"Y{int(value)}", 6)


# 十的负七次方, 10的-9次方: powers of ten, as engineers write them (10^-7)
POWER_OF_TEN = re.compile(r"(?:十|10)的(?P<neg>负|-|－)?(?P<n>[一二三四五六七八九十]{1,3}|\d{1,2})次方")
# 第18C章: a chapter of a rulebook (the listing rules' Chapter 18C)
CHAPTER = re.compile(r"第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?P<l>[A-Z]?)章")
FRACTION = re.compile(rf"(?P<q>{_BEFORE})?(?P<d>[二三四五六七八九十]|十[一二三四五六七八九]?)分之(?P<n>[一二三四五六七八九])")
_FRACTION_WORDS = {2: "half", 3: "third", 4: "quarter", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth",
                   10: "tenth"}


def idioms(text: str) -> Iterator[Candidate]:
    for m in POWER_OF_TEN.finditer(text):
        n = _small(m["n"])
        if n:
            yield Candidate(m.start(), m.end(), "number", f"10^{'-' if m['neg'] else ''}{n}", 6)
    for m in CHAPTER.finditer(text):
        n = _small(m["n"])
        if n:
            yield Candidate(m.start(), m.end(), "number", f"Chapter {n}{m['l']}", 6)
    for m in FRACTION.finditer(text):
        d, n = _small(m["d"]), _small(m["n"])
        if d and n and n < d and d in _FRACTION_WORDS:
            word = _FRACTION_WORDS[d]
            en = "half" if d == 2 else f"{word_number(n)}-{word}s" if n > 1 else f"one {word}"
            yield Candidate(m.start(), m.end(), "number", f"{_qual(m['q'], None)}{en}", 5)
    for m in IDIOM_RE.finditer(text):
        yield Candidate(m.start(), m.end(), "number", IDIOMS[m.group()], 6)
    for m in PAD.finditer(text):
        n = _small(m["n"])
        if n and m["w"] in ("发射场", "发射区"):
            yield Candidate(m.start(), m.end(), "place", f"Launch Site {n}", 6)
        elif n:
            yield Candidate(m.start(), m.end(), "number", f"Pad {n}", 6)
    for m in HONG_KONG.finditer(text):
        yield Candidate(m.start(), m.end(), "place", "Hong Kong", 6)
    for m in GENERATION.finditer(text):
        yield Candidate(m.start(), m.end(), "number", f"{m['n']}G", 3)
    for m in STOCK_CODE.finditer(text):
        yield Candidate(m.start("c"), m.end("c"), "number", m["c"], 3)


# Any other number written with 万 or 亿: its magnitude said in English (a safety net: no other
# detector claimed it, and a word gloss would say "500 ten thousand").
MAGNITUDE = re.compile(rf"(?P<q>{_BEFORE})?(?P<a>{N})(?P<x>{_AFTER_NUM})?")


def magnitudes(text: str) -> Iterator[Candidate]:
    for m in MAGNITUDE.finditer(text):
        raw = m["a"]
        if not re.search("[万亿]", raw) or not re.match(r"[0-9０-９一二两三四五六七八九十]", raw):
            continue  # 千万 (by all means), 万一 (in case): words, not numbers
        value, magnitude = _num(raw)
        if value is None:
            continue
        yield Candidate(m.start(), m.end(), "number", f"{_qual(m['q'], m['x'])}{english_number(value, magnitude)}", 1)


DETECTORS = (money, percent, quantity, dates, times, ordinals, counts, rounds, designations, idioms, magnitudes)
