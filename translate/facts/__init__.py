"""The fact layer: every number, amount, quantity, date, time, ordinal, count, funding round, flight
designation, vehicle or programme, place, person and organisation of a Chinese text, with the
English that news writes for it. The translator protects them through an engine and checks that the
English keeps them (the fact guard in translate/translator.py).

    find_facts("蓝箭航天完成新一轮融资，融资金额超过十亿元人民币")
    -> [Fact(round, 新一轮, new round), Fact(money, 超过十亿元人民币, more than 1 billion yuan)]
"""

from __future__ import annotations

import re

from store.model import Fact
from translate.facts.catalog import country_pairs, names, vehicles, zones
from translate.facts.nouns import MEASURE_DEFAULTS, count_noun
from translate.facts.patterns import DETECTORS, Candidate
from translate.facts.people import people

__all__ = ["Fact", "find_facts"]


def _candidates(text: str):
    for detect in (*DETECTORS, vehicles, names, zones, country_pairs, people):
        yield from detect(text)


def find_facts(text: str) -> list[Fact]:
    """Facts of a Simplified Chinese text (Traditional: convert first, offsets hold), in order; of
    overlapping candidates the longest wins, then the more specific kind."""
    if not text:
        return []
    picked: list[Candidate] = []
    taken = bytearray(len(text))
    for c in sorted(_candidates(text), key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if c.end <= c.start or any(taken[c.start:c.end]):
            continue
        picked.append(c)
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    picked.sort(key=lambda c: c.start)
    picked = _counted_names(text, picked)
    return [Fact(c.kind, text[c.start:c.end], c.start, c.end, c.en) for c in picked]


# What a named thing's model number adds to it: 天鹊 + -12A
_MODEL_TAIL = re.compile(r"-?[0-9]{1,3}[A-Z]?")


def _counted_names(text: str, picked: list[Candidate]) -> list[Candidate]:
    """A count whose noun is a named model: 9台天火十二发动机 -> "9 TH-12 engines", 约15次电子号发射 ->
    "about 15 Electron launches". Alone, the count would say "9 units" and leave the engines unsaid."""
    out: list[Candidate] = []
    i = 0
    while i < len(picked):
        c = picked[i]
        name = picked[i + 1] if i + 1 < len(picked) else None
        if c.kind == "count" and name is not None and name.kind == "vehicle" and name.start == c.end:
            measure = text[c.end - 1]
            default = MEASURE_DEFAULTS.get(measure)
            tail = _MODEL_TAIL.match(text, name.end)
            end = tail.end() if tail else name.end
            noun_zh, noun_en = count_noun(text, end, measure)
            if default and c.en.endswith(f" {default}") and noun_en:
                number = c.en[: -len(default) - 1]
                en = f"{number} {name.en}{tail.group() if tail else ''} {noun_en}"
                nxt = picked[i + 2] if i + 2 < len(picked) else None
                if nxt is None or nxt.start >= end + len(noun_zh):
                    out.append(Candidate(c.start, end + len(noun_zh), "count", en, c.priority))
                    i += 2
                    continue
        out.append(c)
        i += 1
    return out
