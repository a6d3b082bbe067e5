"""Numbers as Chinese writes them (十亿, 100亿, 1.5亿, 2.8万, 两, 二〇二六, 3.2万亿) and as English news
writes them (1 billion, 10 billion, 150 million, 28,000, 2, 2026, 3.2 trillion).

Chinese numerals are read by cn2an; the mixed forms it refuses (3.2万亿) are split here. Values are
Decimals, so 1.26亿 stays exactly 126,000,000.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

DIGITS = "0-9０-９"
CN_DIGITS = "零〇一二两三四五六七八九十百千"
SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "万亿": Decimal(10**12)}
# A number as it stands in text: Arabic (with , separators and a decimal point) or Chinese, with the
# magnitude words 万/亿 after it (a bare 十/百/千 after Arabic digits too: 3千).
NUMBER = (
    rf"(?:[{DIGITS}]+(?:[,，][{DIGITS}]{{3}})*(?:[.．][{DIGITS}]+)?|[{CN_DIGITS}]+(?:[万亿][{CN_DIGITS}]+)*(?:点[{CN_DIGITS}]+)?)"
    rf"(?:万亿|万|亿|千(?![米克牛瓦])|百(?![分万亿]))?"
)
NUMBER_RE = re.compile(NUMBER)

_WIDE = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ORDINAL_WORDS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                  "tenth")


@lru_cache(maxsize=1)
def _cn2an():
    import cn2an  # here: 90 ms of import that a run with nothing to translate never pays

    return cn2an


def parse_number(text: str) -> Decimal | None:
    """The value of one number as written (see NUMBER); None when it is not one."""
    s = text.strip().translate(_WIDE).replace(",", "").replace("，", "")
    if not s:
        return None
    if s[0] in "十百千":  # 百亿, 十亿: the one is left unsaid
        s = "一" + s
    scale = Decimal(1)
    for word in ("万亿", "亿", "万"):
        if s.endswith(word) and len(s) > len(word):
            stem = s[: -len(word)]
            if stem and stem[-1] not in "十百千万亿" or stem[-1:].isdigit():
                scale, s = SCALES[word], stem
                break
    if re.fullmatch(r"\d+(\.\d+)?", s):
        value = Decimal(s)
    elif re.fullmatch(r"\d+[千百]", s):
        value = Decimal(s[:-1]) * (1000 if s[-1] == "千" else 100)
    else:
        if "〇" in s or ("零" in s and not re.search("[十百千万亿]", s)):
            digits = s.translate(str.maketrans("〇零一二三四五六七八九", "00123456789"))
            if digits.isdigit():  # 二〇二六: digit by digit
                return Decimal(digits) * scale
        try:
            value = Decimal(str(_cn2an().cn2an(s.replace("两", "二"), "smart")))
        except (ValueError, KeyError, InvalidOperation, TypeError, AttributeError):
            return None
    return value * scale


def _plain(value: Decimal) -> str:
    """1,935.3 / 60,000 / 0.5: thousands separated, trailing zeros of a fraction dropped."""
    value = value.normalize()
    if value == value.to_integral():
        return f"{int(value):,}"
    whole, _, frac = f"{value:f}".partition(".")
    return f"{int(whole):,}.{frac}" if whole not in ("", "-") else f"{value:f}"


def english_number(value: Decimal, magnitude: bool = True, words_under_ten: bool = False) -> str:
    """News style: 1 billion, 150 million, 1.26 billion, 3.2 trillion, 60,000, 1,935.3.
    magnitude: millions and up as words (the source wrote 万/亿); else digits with separators."""
    if words_under_ten and value == value.to_integral() and 0 <= value <= 10:
        return _WORDS[int(value)]
    if magnitude:
        for size, word in ((Decimal(10**12), "trillion"), (Decimal(10**9), "billion"), (Decimal(10**6), "million")):
            if abs(value) >= size:
                scaled = (value / size).normalize()
                if scaled == scaled.quantize(Decimal("0.001")):  # at most three decimals: 1.265 billion
                    return f"{_plain(scaled)} {word}"
                break
    return _plain(value)


def ordinal(n: int, words: bool = False) -> str:
    """8th, 13th, 21st, 512th; with words, first .. tenth."""
    if words and 0 <= n <= 10:
        return _ORDINAL_WORDS[n]
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def word_number(n: int) -> str:
    return _WORDS[n] if 0 <= n <= 10 else str(n)
