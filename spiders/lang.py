"""Per-article language: zh | en | other, whatever the source claims."""

from __future__ import annotations

import re

from store.model import CJK_RE as _HAN

_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")
_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u0e00-\u0e7f\u0900-\u097f]")
_WORD = re.compile(r"[A-Za-z']+")
_EN_STOP = frozenset(
    "the of and to in a is for on that with as by at from it its this be are was were has have "
    "will an or which said its their after into than also".split()
)


def detect_lang(text: str | None) -> str:
    """Decide by script counts; one Han character outweighs a Latin letter because a Chinese word is
    one or two characters while English names inside Chinese text are long."""
    if not text:
        return "other"
    sample = text[:20000]
    han = len(_HAN.findall(sample))
    kana = len(_KANA.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    latin = len(_LATIN.findall(sample))
    other = len(_OTHER_SCRIPT.findall(sample))
    if kana > 0.1 * max(han, 1) and kana >= 3 or hangul > han:
        return "other"
    if han and han * 3 >= latin * 0.5 and han >= other:
        return "zh"
    if latin and latin >= other * 2:
        words = [w.lower() for w in _WORD.findall(sample)]
        if len(words) < 8:
            return "en"
        stop = sum(1 for w in words if w in _EN_STOP)
        return "en" if stop / len(words) >= 0.06 else "other"
    if han:
        return "zh"
    return "other"
