"""What pins an article to one event, read the same way from both languages: the vehicles and
products it names, flight numbers, amounts of money, counts of satellites, the event's dates and
the places and organisations the Chinese fact layer found.

Keys are plain strings ("v:zhuque-3", "flight:19", "m:cny:1e+09", "d:11-17", "n:4:satellite",
"e:jiuquan", "kind:funding": what the headline tells where the other keys back it,
digest.eventkind). They are read from the article's English (title and lead: the original, or the
translation, in which the fact layer's English for every amount, date and place was kept), from
its stored facts and from its company mentions (a product named in either script gives the
product's English name), so a Chinese report and an English one of the same launch share them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from digest.concepts import ConceptIndex
from digest.eventkind import corroborated_kind
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
_SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_USD = {"$", "usd", "dollars", "dollar"}
_CURRENCY = {"yuan", "rmb", "renminbi", "cny", "¥", *_USD}
_PREFIX = {"$", "¥", "rmb", "cny", "usd"}  # written before the number ("yuan" only after it)
# Counted things that tell an event apart ("8 launches" is more often "Long March 8 launches ...").
_COUNTED = {"satellite": "satellite", "satellites": "satellite", "payload": "payload", "payloads": "payload",
            "engine": "engine", "engines": "engine", "spacecraft": "spacecraft"}
# A product that is a place (a launch site): where an event happened, not what flew.
_SITE_WORDS = ("launch site", "launch center", "launch centre", "spaceport", "launch complex")
# Numbers, words (a name with digits is one word: zhuque-3, y19, jilin-1), and currency signs.
_TOKENS = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?\b|[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[$¥]")
_ORDINAL_TOKEN = re.compile(r"(\d+)(?:st|nd|rd|th)$")
_FLIGHT = re.compile(r"\bY(\d{1,3})\b")
_EVENT_NOUNS = {"flight", "mission", "launch"}
_PERIODS = {"week", "month", "year"}


# Each word that can start reading a key, and which key.
_CUES = {**{w: "event" for w in _EVENT_NOUNS}, **{w: "counted" for w in _COUNTED},
         **{w: "money" for w in (*_SCALE, *_CURRENCY)}, **{w: "weekday" for w in _WEEKDAYS},
         **{w: "month" for w in _MONTHS}}


def _number(token: str) -> float | None:
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    try:
        return float(token.replace(",", ""))
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
    counts and flight numbers. One pass over the words: a regex per kind would rescan the text."""
    keys: set[str] = {f"flight:{int(m.group(1))}" for m in _FLIGHT.finditer(text)}
    tokens = _TOKENS.findall(text.lower())
    today = None
    n = len(tokens)
    cue = _CUES.get
    for i, t in enumerate(tokens):
        kind = cue(t)
        if kind is None:
            continue  # most words are no cue: one lookup each
        if kind == "month" and i + 1 < n and tokens[i + 1].isdigit() and not (i and tokens[i - 1] == "long"):
            day = int(tokens[i + 1])
            if 1 <= day <= 31:
                keys.add(f"d:{_MONTHS[t]:02d}-{day:02d}")
        elif kind == "weekday" and i and tokens[i - 1] in ("on", "last", "this"):
            today = today or _day(published)
            if today is not None:
                d = today - timedelta(days=(today.weekday() - _WEEKDAYS[t]) % 7)
                keys.add(f"d:{d.month:02d}-{d.day:02d}")
        elif kind == "money":
            _money(tokens, i, keys)
        elif kind == "counted":
            # "4 satellites", "two SAR satellites", "six remote sensing satellites": up to 3 words between
            j = i - 1
            while j >= 0 and i - j <= 3 and tokens[j].isalpha() and tokens[j] not in _NUMBER_WORDS:
                j -= 1
            value = _number(tokens[j]) if j >= 0 else None
            if value is not None and value >= 2 and value == int(value):
                keys.add(f"n:{int(value)}:{_COUNTED[t]}")
        elif kind == "event":
            # "its second mission of the week", "this week 2nd launch": a count of the company's
            # launches in a period, not the rocket's flight number
            if _PERIODS.intersection(tokens[max(0, i - 5):i + 4]):
                continue
            for j in range(max(0, i - 3), i):
                m = _ORDINAL_TOKEN.match(tokens[j])
                value = int(m.group(1)) if m else _ORDINAL_WORDS.get(tokens[j])
                if value is not None and value >= 2:
                    keys.add(f"flight:{value}")
    return keys


def _money(tokens: list[str], i: int, keys: set[str]) -> None:
    """An amount ending at token i (a scale word or a currency): "1.2 billion yuan", "$154 million",
    "RMB 500 million", "more than one billion yuan". Read once, at its last word."""
    t = tokens[i]
    if t in _SCALE and i + 1 < len(tokens) and tokens[i + 1] in _CURRENCY:
        return  # the currency after it ends this amount
    j = i
    unit = t if t in _CURRENCY else None
    if unit:
        j -= 1
    scale = 1.0
    if j >= 0 and tokens[j] in _SCALE:
        scale = _SCALE[tokens[j]]
        j -= 1
    value = _number(tokens[j]) if j >= 0 else None
    if value is None:
        return
    prefix = tokens[j - 1] if j >= 1 else ""
    if not unit and prefix not in _PREFIX:
        return  # "1 billion" of what: not an amount worth matching
    if scale == 1.0 and value < 1000:
        return  # "$5", "3 yuan": prices, not a deal
    usd = (unit or prefix) in _USD
    keys.add(f"m:{'usd' if usd else 'cny'}:{value * scale:.3g}")


def entity_vocabulary(facts: dict[int, list[Fact]]) -> dict[str, str]:
    """Folded English names of the places ("e:") and organisations ("o:") the fact layer found this
    week -> key. "Zhangjiagang, Jiangsu" is looked for as "zhangjiagang" (English writes the town
    alone)."""
    vocab: dict[str, str] = {}
    for fs in facts.values():
        for f in fs:
            if f.kind in ("place", "org") and f.en:
                head = f.en.split(",")[0].strip().casefold()
                if len(head) >= 4 and head not in ("china", "beijing"):
                    vocab[head] = f"{'o' if f.kind == 'org' else 'e'}:{head}"
    return vocab


_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def entity_keys(text: str, vocab: dict[str, str], longest: int, firsts: frozenset = frozenset()) -> set[str]:
    """Vocabulary names in the text, found by word n-grams (linear in the text's length); firsts:
    the first words of the vocabulary's names (only n-grams starting with one are looked up)."""
    words = _TOKEN.findall(text.casefold())
    found = set()
    for i in range(len(words)):
        if firsts and words[i] not in firsts:
            continue
        for n in range(1, min(longest, len(words) - i) + 1):
            key = vocab.get(" ".join(words[i:i + n]))
            if key:
                found.add(key)
    return found


def article_keys(article: Article, facts: list[Fact], mentions: list[Mention], products: dict[str, dict[str, str]],
                 vocab: dict[str, str], longest: int, firsts: frozenset = frozenset(),
                 concepts: ConceptIndex | None = None) -> set[str]:
    title, text = article.english()
    lead = f"{title}\n{text[:LEAD_CHARS]}"
    keys = text_keys(lead, article.when)
    if vocab:
        keys |= entity_keys(lead, vocab, longest, firsts)
    for m in mentions:
        en = products.get(m.company_id, {}).get(m.surface.casefold())
        if en:
            en = en.casefold()
            keys.add(("e:" if any(w in en for w in _SITE_WORDS) else "v:") + en)
    for f in facts:
        if f.kind == "vehicle":
            en = f.en.casefold()
            keys.add(("e:" if any(w in en for w in _SITE_WORDS) else "v:") + en)
        elif f.kind in ("place", "org") and f.en:
            head = f.en.split(",")[0].strip().casefold()
            if head in vocab:
                keys.add(vocab[head])
    kind = corroborated_kind(title, keys, concepts) if concepts else None
    if kind:
        keys.add(f"kind:{kind}")
    return keys


def week_keys(articles: list[Article], facts: dict[int, list[Fact]], mentions: dict[int, list[Mention]],
              products: dict[str, dict[str, str]], concepts: ConceptIndex | None = None) -> dict[int, set[str]]:
    """Every article's event keys (the headline's kind only with concepts to read it by)."""
    vocab = entity_vocabulary(facts)
    longest = max((len(k.split()) for k in vocab), default=1)
    firsts = frozenset(k.split()[0] for k in vocab)
    return {a.id: article_keys(a, facts.get(a.id, []), mentions.get(a.id, []), products, vocab, longest, firsts,
                               concepts) for a in articles}
