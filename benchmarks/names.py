"""Whole-name resolution on the labelled variant list (tests/data/names): how many real name strings
of registry organisations resolve to the right one, and how many strings of organisations that are not
in the registry are wrongly tied to one. Prints the tuning part and the held-out part separately.

    .venv/bin/python benchmarks/names.py [-v] [--registry FILE]

Targets (issue 19): >= 0.98 of known variants resolved, no unknown string matched to a company.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.registry import Registry  # noqa: E402

DATA = ROOT / "tests" / "data" / "names"


def load(part: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"{part}.jsonl").read_text(encoding="utf-8").splitlines() if line]


def how_of(reg: Registry, name: str) -> tuple[str | None, str | None]:
    """(company id or None, how it matched) with whichever resolver this registry has."""
    if hasattr(reg, "match"):
        m = reg.match(name)
        return (m.company.id if m.company else None), m.how
    c = reg.resolve(name)
    return (c.id if c else None), ("resolved" if c else None)


def score(reg: Registry, rows: list[dict], verbose: bool) -> dict:
    known = [r for r in rows if r["id"]]
    unknown = [r for r in rows if not r["id"]]
    right = wrong = missed = false = 0
    hows: Counter = Counter()
    t = time.perf_counter()
    for r in rows:
        got, how = how_of(reg, r["name"])
        if r["id"]:
            if got == r["id"]:
                right += 1
                hows[how] += 1
            elif got is None:
                missed += 1
                if verbose:
                    print(f"    missed  {r['name']!r} (want {r['id']})")
            else:
                wrong += 1
                print(f"    WRONG   {r['name']!r} -> {got} (want {r['id']}, {how})")
        elif got is not None:
            false += 1
            print(f"    FALSE   {r['name']!r} -> {got} ({how})")
    dt = time.perf_counter() - t
    return {"known": len(known), "right": right, "wrong": wrong, "missed": missed, "unknown": len(unknown),
            "false": false, "hows": dict(hows), "ms_per_name": dt * 1000 / max(1, len(rows))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every missed name too")
    ap.add_argument("--registry", help="another registry file (e.g. an older companies.yaml)")
    args = ap.parse_args()
    t = time.perf_counter()
    reg = Registry.load(args.registry) if args.registry else Registry.load()
    print(f"registry: {len(reg)} organisations, loaded in {(time.perf_counter() - t) * 1000:.0f} ms")
    for part in ("tuning", "heldout"):
        print(f"{part}:")
        s = score(reg, load(part), args.verbose)
        print(f"  known variants: {s['right']}/{s['known']} resolved = {s['right'] / s['known']:.3f} "
              f"(wrong company {s['wrong']}, unresolved {s['missed']}); by step: {s['hows']}")
        print(f"  unknown organisations: {s['false']}/{s['unknown']} wrongly matched to a company")
        print(f"  {s['ms_per_name']:.2f} ms per name (first names include building the indexes)")


if __name__ == "__main__":
    main()
