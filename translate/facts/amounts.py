"""An amount in a search query (十亿元, 10亿, "1 billion yuan", "$140 million") and every way the
archive may write it: 十亿元 / 10亿元 in Chinese text, "1 billion yuan" / "one billion yuan" /
"RMB 1 billion" in English text and translations.

The Chinese side is read by the fact layer (patterns.money, numerals.parse_number); the English
renderings are the fact layer's own (numerals.english_number), so a query meets what the gloss wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from translate.facts.numerals import NUMBER, english_number, parse_number, word_number

# What the fact layer writes for a currency -> our key.
_FACT_CURRENCIES = {"yuan": "yuan", "US dollars": "usd", "euros": "eur"}
_SCALE_WORDS = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9,
                "bn": 10**9, "b": 10**9, "trillion": 10**12}
_CURRENCY_WORDS = {"yuan": "yuan", "rmb": "yuan", "renminbi": "yuan", "cny": "yuan", "¥": "yuan", "￥": "yuan",
                   "dollars": "usd", "dollar": "usd", "us dollars": "usd", "usd": "usd", "$": "usd", "us$": "usd",
                   "euros": "eur", "euro": "eur", "eur": "eur", "€": "eur"}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "a": 1}
_CUR = "|".join(sorted(map(re.escape, _CURRENCY_WORDS), key=len, reverse=True))
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS)
_SCALE = "|".join(sorted(_SCALE_WORDS, key=len, reverse=True))
ENGLISH_AMOUNT = re.compile(
    rf"(?:(?P<c1>{_CUR})\s*)?(?P<n>{_NUM})\s*(?P<s>{_SCALE})?\b\s*(?P<c2>{_CUR})?", re.IGNORECASE
)
CHINESE_NUMBER = re.compile(NUMBER)

# How a currency follows a Chinese number (10亿元, 10亿元人民币, 10亿人民币, 2亿美元).
ZH_SUFFIXES = {"yuan": ("元", "人民币"), "usd": ("美元",), "eur": ("欧元",), None: ("", "元", "美元")}


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str | None  # yuan | usd | eur, or None for a bare number (十亿)

    @property
    def label(self) -> str:
        money = {"yuan": "yuan", "usd": "US dollars", "eur": "euros"}.get(self.currency or "", "")
        return f"{english_number(self.value)} {money}".strip()


def parse_amount(text: str) -> Amount | None:
    """The amount a query term states, when the whole term is one: a number with a magnitude
    (万, 亿, million, billion) or a currency; a plain number (8, 2026) is not one."""
    s = " ".join(text.split())
    if not s:
        return None
    return _chinese(s) or _english(s)


def _chinese(s: str) -> Amount | None:
    from translate.facts.patterns import money

    compact = s.replace(" ", "")
    for c in money(compact):
        if c.start == 0 and c.end == len(compact):
            m = re.search(r"([\d.,]+(?: (?:thousand|million|billion|trillion))?) (yuan|US dollars|euros)$", c.en)
            if m and " to " not in c.en:
                value = _english_value(m.group(1))
                if value is not None:
                    return Amount(value, _FACT_CURRENCIES[m.group(2)])
    if CHINESE_NUMBER.fullmatch(compact) and re.search("[万亿]", compact):
        value = parse_number(compact)
        if value is not None:
            return Amount(value, None)
    return None


def _english_value(number: str) -> Decimal | None:
    parts = number.replace(",", "").split()
    try:
        value = Decimal(parts[0])
    except ArithmeticError:
        return None
    return value * _SCALE_WORDS[parts[1]] if len(parts) > 1 else value


def _english(s: str) -> Amount | None:
    m = ENGLISH_AMOUNT.fullmatch(s)
    if not m:
        return None
    c1, c2, scale = m["c1"], m["c2"], m["s"]
    if c1 and c2 or not (scale or c1 or c2):
        return None
    n = m["n"].lower()
    if n in _NUMBER_WORDS and not scale:
        return None  # "a yuan", "one dollar": words, not an amount worth expanding
    value = Decimal(_NUMBER_WORDS[n]) if n in _NUMBER_WORDS else Decimal(n.replace(",", ""))
    if scale:
        value *= _SCALE_WORDS[scale.lower()]
    return Amount(value, _CURRENCY_WORDS[(c1 or c2).lower()] if (c1 or c2) else None)


def amount_forms(amount: Amount) -> list[str]:
    """Every way Parallax's sources and translations write this amount, English then Chinese."""
    numbers = _english_numbers(amount.value)
    english: list[str] = []
    for n in numbers:
        if amount.currency == "yuan":
            english += [f"{n} yuan", f"rmb {n}", f"{n} rmb", f"{n} renminbi", f"cny {n}"]
        elif amount.currency == "usd":
            english += [f"{n} us dollars", f"{n} dollars", f"usd {n}", f"us$ {n}", f"${n}"]
        elif amount.currency == "eur":
            english += [f"{n} euros", f"eur {n}", f"€{n}"]
        else:
            english.append(n)
    chinese = [f"{num}{suffix}" for num in _chinese_numbers(amount.value) for suffix in ZH_SUFFIXES[amount.currency]]
    return list(dict.fromkeys(english + chinese))


def _english_numbers(value: Decimal) -> list[str]:
    """1 billion, and one billion where news writes the word (one to ten of a magnitude)."""
    digits = english_number(value)
    out = [digits]
    head, _, scale = digits.partition(" ")
    if scale and head.isdigit() and 1 <= int(head) <= 10:
        out.append(f"{word_number(int(head))} {scale}")
    return out


def _plain(value: Decimal) -> str:
    v = value.normalize()
    return f"{int(v)}" if v == v.to_integral() else f"{v:f}"


def _chinese_numbers(value: Decimal) -> list[str]:
    """10亿 / 十亿, 1.5亿, 15000万 / 一万五千万 ...: the magnitudes Chinese writes the value in."""
    out = []
    for scale, word in ((Decimal(10**8), "亿"), (Decimal(10**4), "万")):
        if value < scale:
            continue
        head = value / scale
        out.append(f"{_plain(head)}{word}")
        if head == head.to_integral() and head < 10_000:
            from translate.facts.numerals import _cn2an

            cn = _cn2an().an2cn(int(head))
            out.append(f"{cn}{word}")
            if cn.startswith("一") and len(cn) > 1 and cn[1] in "百千":
                out.append(f"{cn[1:]}{word}")  # 百亿 beside 一百亿
            if cn == "二":
                out.append(f"两{word}")  # 两亿: two of a magnitude is said 两
        if word == "亿" and head == head.to_integral():
            break  # 10亿 is not also written 100000万
    if not out:
        out.append(_plain(value))
    return out
