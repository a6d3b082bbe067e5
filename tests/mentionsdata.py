"""The labelled mention set (tests/data/mentions/labelled.jsonl) as (text, {(company id, start, end)}):
read by tests/test_mentions.py and benchmarks/mentions.py alike."""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "mentions" / "labelled.jsonl"


def load_labelled() -> list[tuple[str, set[tuple[str, int, int]]]]:
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text, spans, pos = rec["text"], set(), 0
        for cid, surface in rec["mentions"]:
            i = text.index(surface, pos)  # each surface after the one before: repeats get their own span
            spans.add((cid, i, i + len(surface)))
            pos = i + len(surface)
        out.append((text, spans))
    return out
