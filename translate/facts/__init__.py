"""The fact layer: every number, amount, quantity, date, time, ordinal, count, funding round, flight
designation, vehicle or programme, place, person and organisation of a Chinese text, with the
English that news writes for it. The translator protects them through an engine and checks that the
English keeps them (translate.facts.guard).

    find_facts("蓝箭航天完成新一轮融资，融资金额超过十亿元人民币")
    -> [Fact(round, 新一轮, new round), Fact(money, 超过十亿元人民币, more than 1 billion yuan)]
"""

from __future__ import annotations

from store.model import Fact
from translate.facts.catalog import names, vehicles, zones
from translate.facts.patterns import DETECTORS, Candidate
from translate.facts.people import people

__all__ = ["Fact", "find_facts"]


def _candidates(text: str):
    for detect in (*DETECTORS, vehicles, names, zones, people):
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
    return [Fact(c.kind, text[c.start:c.end], c.start, c.end, c.en) for c in picked]
