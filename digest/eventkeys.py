"""What pins an article to one event, read the same way from both languages: the vehicles and
products it names, flight numbers, amounts of money, counts of satellites, the event's dates and
the places and organisations the Chinese fact layer found.

Keys are plain strings ("v:zhuque-3", "flight:19", "m:cny:1e+09", "d:11-17", "n:4:satellite",
"e:jiuquan"). They are read from the article's English (title and lead: the original, or the
translation, in which the fact layer's English for every amount, date and place was kept), from
its stored facts and from its company mentions (a product named in either script gives the
product's English name), so a Chinese report and an English one of the same launch share them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from store.model import Article, Fact, Mention

LEAD_CHARS = 500  # the event is told in the title and the first sentences; later dates are context

_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], 1) for m in names}
_WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_NUMBER_WORDS = {w: i for i, w in enumerate(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty""".split())}
_ORDINAL_WORDS = {w: i for i, w in enumerate(
    """zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth
    fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth""".split())}
_SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12}
_NUM = r"(\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + ")"

_DATE = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})(?!\d)", re.I)
_WEEKDAY = re.compile(r"\b(?:on|last|this)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_MONEY = re.compile(
    r"(?:(us\$|\$|rmb|cny|¥|usd)\s?)?" + _NUM + r"\s*(thousand|million|billion|trillion|mn|bn)?\s*"
    r"(yuan|rmb|renminbi|dollars|us dollars|usd)?\b", re.I)
_COUNT = re.compile(_NUM + r"\s+(?:small\s+|new\s+|remote[- ]sensing\s+|internet\s+|commercial\s+)?"
                    r"(satellites?|payloads?|engines?|spacecraft|launches|rockets?)\b", re.I)
_FLIGHT = re.compile(r"\bY(\d{1,3})\b")
_ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:\w+\s+){0,2}?(?:flight|mission|launch)", re.I)
_ORDINAL_WORD = re.compile(r"\b(" + "|".join(_ORDINAL_WORDS) + r")\s+(?:\w+\s+){0,2}?(?:flight|mission|launch)",
                           re.I)


def _number(token: str) -> float | None:
    t = token.lower().replace(",", "")
    if t in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[t])
    try:
        return float(t)
    except ValueError:
        return None


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        dt = datetime.fromisoformat(published)
    except ValueError:
        return None
    if dt.tzinfo is not None:
        # Beijing time: a Chinese source's "today" and an English source's "Thursday" meet there.
        dt = dt.astimezone(timezone(timedelta(hours=8)))
    return dt.date()


def text_keys(text: str, published: str | None = None) -> set[str]:
    """Keys read from English text: dates (weekdays resolved against the publication date), money,
    counts and flight numbers."""
    keys: set[str] = set()
    for m in _DATE.finditer(text):
        month, day = _MONTHS[m.group(1).lower()], int(m.group(2))
        if 1 <= day <= 31:
            keys.add(f"d:{month:02d}-{day:02d}")
    today = _day(published)
    if today is not None:
        for m in _WEEKDAY.finditer(text):
            back = (today.weekday() - _WEEKDAYS[m.group(1).lower()]) % 7
            d = today - timedelta(days=back)
            keys.add(f"d:{d.month:02d}-{d.day:02d}")
    for m in _MONEY.finditer(text):
        prefix, num, scale, unit = m.group(1), m.group(2), m.group(3), m.group(4)
        if not (prefix or unit) or not (scale or unit):
            continue  # a bare number, or "$5" without a scale: not an amount worth matching
        value = _number(num)
        if value is None:
            continue
        value *= _SCALE.get((scale or "").lower(), 1.0)
        cur = "usd" if (prefix or "").lower() in ("$", "us$", "usd") or (unit or "").lower() in (
            "dollars", "us dollars", "usd") else "cny"
        keys.add(f"m:{cur}:{value:.3g}")
    for m in _COUNT.finditer(text):
        n = _number(m.group(1))
        if n is not None and n >= 2:
            noun = m.group(2).lower()
            noun = {"launches": "launch", "spacecraft": "spacecraft"}.get(noun, noun.rstrip("s"))
            keys.add(f"n:{int(n)}:{noun}")
    for m in _FLIGHT.finditer(text):
        keys.add(f"flight:{int(m.group(1))}")
    for m in _ORDINAL.finditer(text):
        if int(m.group(1)) >= 2:
            keys.add(f"flight:{int(m.group(1))}")
    for m in _ORDINAL_WORD.finditer(text):
        if _ORDINAL_WORDS[m.group(1).lower()] >= 2:
            keys.add(f"flight:{_ORDINAL_WORDS[m.group(1).lower()]}")
    return keys


def entity_vocabulary(facts: dict[int, list[Fact]]) -> dict[str, str]:
    """Folded English names of the places and organisations the fact layer found this week -> key.
    "Zhangjiagang, Jiangsu" is looked for as "zhangjiagang" (English writes the town alone)."""
    vocab: dict[str, str] = {}
    for fs in facts.values():
        for f in fs:
            if f.kind in ("place", "org") and f.en:
                head = f.en.split(",")[0].strip().casefold()
                if len(head) >= 4 and head not in ("china", "beijing"):
                    vocab[head] = f"e:{head}"
    return vocab


_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def entity_keys(text: str, vocab: dict[str, str], longest: int) -> set[str]:
    """Vocabulary names in the text, found by word n-grams (linear in the text's length)."""
    words = _TOKEN.findall(text.casefold())
    found = set()
    for i in range(len(words)):
        for n in range(1, min(longest, len(words) - i) + 1):
            key = vocab.get(" ".join(words[i:i + n]))
            if key:
                found.add(key)
    return found


def article_keys(article: Article, facts: list[Fact], mentions: list[Mention], products: dict[str, dict[str, str]],
                 vocab: dict[str, str], longest: int) -> set[str]:
    title, text = article.english()
    lead = f"{title}\n{text[:LEAD_CHARS]}"
    keys = text_keys(lead, article.when)
    keys |= entity_keys(lead, vocab, longest)
    for m in mentions:
        en = products.get(m.company_id, {}).get(m.surface.casefold())
        if en:
            keys.add("v:" + en.casefold())
    for f in facts:
        if f.kind == "vehicle":
            keys.add("v:" + f.en.casefold())
        elif f.kind in ("place", "org") and f.en:
            head = f.en.split(",")[0].strip().casefold()
            if head in vocab:
                keys.add(vocab[head])
    return keys


def week_keys(articles: list[Article], facts: dict[int, list[Fact]], mentions: dict[int, list[Mention]],
              products: dict[str, dict[str, str]]) -> dict[int, set[str]]:
    """Every article's event keys."""
    vocab = entity_vocabulary(facts)
    longest = max((len(k.split()) for k in vocab), default=1)
    return {a.id: article_keys(a, facts.get(a.id, []), mentions.get(a.id, []), products, vocab, longest)
            for a in articles}
