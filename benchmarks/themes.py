"""Quality of the digest's topic tags: precision and recall per topic on two sets written blind
(tests/data/themes): labelled.jsonl, which the lexicons were tuned on, and test.jsonl, which they
were not (written afterwards, never used for tuning).

Run: .venv/bin/python benchmarks/themes.py [--errors tuning|test]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.topics import TOPIC_IDS, tag_topics  # noqa: E402

SETS = {"tuning": ROOT / "tests/data/themes/labelled.jsonl", "test": ROOT / "tests/data/themes/test.jsonl"}


def load(path: Path) -> list[dict]:
    """The labelled items, each with "got": the tags given now."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for it in items:
        it["got"] = tag_topics(f"{it['title']}\n{it['text']}", it["lang"])
    return items


def counts(items: list[dict]) -> dict[str, list[int]]:
    """Per topic [true positives, false positives, false negatives]."""
    out = {t: [0, 0, 0] for t in TOPIC_IDS}
    for it in items:
        got, gold = set(it["got"]), set(it["topics"])
        for t in TOPIC_IDS:
            out[t][0] += t in got and t in gold
            out[t][1] += t in got and t not in gold
            out[t][2] += t in gold and t not in got
    return out


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def report(name: str, items: list[dict]) -> None:
    c = counts(items)
    print(f"{name}: {len(items)} articles")
    print(f"  {'topic':<14} {'precision':>9} {'recall':>7} {'gold':>5}")
    for t, (tp, fp, fn) in c.items():
        print(f"  {t:<14} {ratio(tp, tp + fp):9.3f} {ratio(tp, tp + fn):7.3f} {tp + fn:5d}")
    tp, fp, fn = (sum(v[i] for v in c.values()) for i in range(3))
    exact = sum(set(it["got"]) == set(it["topics"]) for it in items)
    print(f"  {'micro':<14} {ratio(tp, tp + fp):9.3f} {ratio(tp, tp + fn):7.3f} {tp + fn:5d}")
    print(f"  exactly right: {exact} of {len(items)} articles")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", choices=list(SETS), help="list the articles tagged wrongly")
    args = ap.parse_args()
    parts = {name: load(path) for name, path in SETS.items()}
    for name, items in parts.items():
        report(name, items)
    if args.errors:
        for it in parts[args.errors]:
            if set(it["got"]) != set(it["topics"]):
                print(f"\n{it['title']}\n  {it['text'][:200]}\n  gold {it['topics']}  got {it['got']}")


if __name__ == "__main__":
    main()
