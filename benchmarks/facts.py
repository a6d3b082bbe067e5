"""Facts kept by each translation engine on the labelled set of tests/data/facts (tune.jsonl, and
heldout.jsonl, which is never used for tuning). For every sentence the engine's English is checked:

- a fact is kept when one of its accepted English renderings appears (case-insensitive, runs of
  spaces folded); facts the engine flagged as missing (facts_missing) count as not kept;
- a wrong fact is a `not` rendering that appears, or a number in the English (digits, with million /
  billion / trillion) that none of the sentence's accepted renderings and none of its own numbers
  (digits, or Chinese numerals: 两地 may say 2) hold;
- a sentence is fully right when every fact is kept and nothing wrong was produced.

    .venv/bin/python benchmarks/facts.py [--set tune|heldout|both] [--engine gloss|argos] [--model PKG]
                                         [--finder] [--errors N]

--finder scores the fact finder alone (its English for the facts it finds), not a translation.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]
SETS = {"tune": REPO / "tests/data/facts/tune.jsonl", "heldout": REPO / "tests/data/facts/heldout.jsonl"}

_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*-?\s*(million|billion|trillion|thousand))?(?![\w])", re.I)
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def fold(text: str) -> str:
    return _SPACES.sub(" ", text.replace("’", "'")).strip().lower()


def numbers(text: str) -> set[Decimal]:
    out = set()
    for m in _NUMBER.finditer(text):
        digits = m.group(1).rstrip(",").replace(",", "")
        try:
            value = Decimal(digits)
        except ArithmeticError:
            continue
        if m.group(2):
            value *= _SCALE[m.group(2).lower()]
        out.add(value.normalize())
    return out


def chinese_numbers(zh: str) -> set[Decimal]:
    """Values the source writes in Chinese numerals (两地 -> 2): saying them in digits is not wrong."""
    from translate.facts.numerals import NUMBER_RE, parse_number

    out = set()
    for m in NUMBER_RE.finditer(zh):
        value = parse_number(m.group())
        if value is not None:
            out.add(value.normalize())
    out |= {Decimal(2)} if "两" in zh or "双" in zh else set()
    return out


def score(rows: list[dict], outputs: list[tuple[str, list[str]]]) -> dict:
    kept = total = wrong = right = 0
    errors = []
    for row, (english, flagged) in zip(rows, outputs):
        text = fold(english)
        allowed = numbers(row["zh"]) | chinese_numbers(row["zh"])
        for f in row["facts"]:
            for en in f["en"]:
                allowed |= numbers(en)
        missing, bad = [], []
        for f in row["facts"]:
            total += 1
            ok = any(fold(en) in text for en in f["en"]) and f["zh"] not in flagged
            kept += ok
            if not ok:
                missing.append(f)
            for no in f.get("not") or []:
                if fold(no) in text:
                    bad.append(no)
        bad += [str(n) for n in numbers(english) - allowed]
        wrong += len(bad)
        right += not missing and not bad
        if missing or bad:
            errors.append((row, english, missing, bad))
    return {"sentences": len(rows), "facts": total, "kept": kept, "wrong": wrong, "right": right, "errors": errors}


def translate_rows(rows: list[dict], engine: str, model: str | None) -> list[tuple[str, list[str]]]:
    from translate.engines import get_engine
    from translate.registry import default_registry
    from translate.translator import Translator

    models = Path(tempfile.mkdtemp(prefix="parallax-facts-"))
    if engine == "argos":
        from translate.argos_packages import install_model

        if model is None:
            from tinymodel import build_package

            model = str(build_package(models))
        install_model(model, models / "models")
        models = models / "models"
    translator = Translator(get_engine(engine, models), default_registry())
    results = translator.translate_many([r["zh"] for r in rows])
    return [(r.text_en, [f.zh for f in r.facts_missing]) for r in results]


def finder_rows(rows: list[dict]) -> list[tuple[str, list[str]]]:
    from translate.facts import find_facts

    return [(" | ".join(f.en for f in find_facts(r["zh"])), []) for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=["tune", "heldout", "both"], default="both")
    ap.add_argument("--engine", choices=["gloss", "argos"], default="gloss")
    ap.add_argument("--model", help="an .argosmodel for --engine argos (default: the tests' tiny random model)")
    ap.add_argument("--finder", action="store_true", help="score the fact finder alone")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="print the first N sentences with errors")
    args = ap.parse_args()
    names = ["tune", "heldout"] if args.set == "both" else [args.set]
    what = "fact finder" if args.finder else f"engine {args.engine}"
    for name in names:
        rows = [json.loads(line) for line in SETS[name].read_text(encoding="utf-8").splitlines() if line.strip()]
        t = time.perf_counter()
        outputs = finder_rows(rows) if args.finder else translate_rows(rows, args.engine, args.model)
        dt = time.perf_counter() - t
        s = score(rows, outputs)
        print(f"{name:<8} {what}: facts kept {s['kept']}/{s['facts']} = {s['kept'] / s['facts']:.3f}; "
              f"sentences fully right {s['right']}/{s['sentences']} = {s['right'] / s['sentences']:.3f}; "
              f"wrong facts {s['wrong']}  ({dt:.2f} s)")
        if name == "heldout" and args.errors:
            print("  (errors of the held-out set are not printed: it is never used for tuning)")
            continue
        for row, english, missing, bad in s["errors"][: args.errors]:
            print(f"\n{row['id']} {row['zh']}\n   -> {english}")
            for f in missing:
                print(f"   missing {f['kind']} {f['zh']}: {f['en'][:3]}")
            for b in bad:
                print(f"   wrong: {b}")


if __name__ == "__main__":
    main()
