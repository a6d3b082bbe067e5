"""Mention finding: precision and recall on the labelled set (tests/data/mentions, strict spans), and
throughput of segmentation and mention finding on Chinese (and English) text, in MB/s of UTF-8.

Run: .venv/bin/python benchmarks/mentions.py [--mb 2] [--registry FILE]
Text: the labelled sentences (tests/data/mentions) repeated to the requested size.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import jieba  # noqa: E402

from mentionsdata import load_labelled  # noqa: E402
from translate.mentions import MentionFinder  # noqa: E402
from translate.normalise import for_matching  # noqa: E402
from translate.registry import Registry  # noqa: E402
from translate.segment import segment_for_index, tokenizer  # noqa: E402


def corpus(lang: str, mb: float) -> str:
    lines = [text for text, _ in load_labelled()]
    lines = [t for t in lines if any("\u4e00" <= c <= "\u9fff" for c in t) == (lang == "zh")]
    block = "\n".join(lines) + "\n"
    reps = max(1, int(mb * 1e6 / len(block.encode("utf-8"))))
    return block * reps


def precision_recall(finder: MentionFinder) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for text, gold in load_labelled():
        got = {(m.company_id, m.start, m.end) for m in finder.find(text)}
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
    return tp / (tp + fp), tp / (tp + fn), tp, fp, fn


def rate(label: str, fn, text: str, size: int) -> float:
    t = time.perf_counter()
    out = fn(text)
    dt = time.perf_counter() - t
    print(f"  {label:<38} {size / 1e6 / dt:8.2f} MB/s  ({dt:.2f} s)")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=2.0, help="megabytes of text per language")
    ap.add_argument("--registry", help="another registry file (e.g. an older companies.yaml)")
    args = ap.parse_args()

    t = time.perf_counter()
    reg = Registry.load(args.registry) if args.registry else Registry.load()
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    finder = MentionFinder(reg.match_names())
    t_build = time.perf_counter() - t
    print(f"registry: {len(reg)} organisations, {len(finder.by_surface)} surface forms; "
          f"load {t_load * 1000:.0f} ms, automaton build {t_build * 1000:.0f} ms, pattern {len(finder.pattern.pattern)} chars")

    p, r, tp, fp, fn = precision_recall(finder)
    print(f"labelled set: precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp}, fn {fn}; strict spans)")

    t = time.perf_counter()
    tokenizer()
    print(f"jieba + registry dictionary initialised in {time.perf_counter() - t:.2f} s")
    plain = jieba.Tokenizer()
    plain.tmp_dir = tempfile.gettempdir()
    jieba.setLogLevel(logging.WARNING)
    plain.initialize()

    for lang in ("zh", "en"):
        text = corpus(lang, args.mb)
        size = len(text.encode("utf-8"))
        print(f"{lang}: {size / 1e6:.2f} MB, {text.count(chr(10))} lines")
        rate("normalise (t2s + width, same length)", for_matching, text, size)
        ms = rate("find mentions", finder.find, text, size)
        if lang == "zh":
            rate("jieba alone (no user dictionary)", lambda s: list(plain.cut(s)), text, size)
            rate("segment_for_index (jieba + registry)", segment_for_index, text, size)
            rate("segment_for_index + find mentions", lambda s: (segment_for_index(s), finder.find(s)), text, size)
        print(f"  mentions found: {len(ms)}")


if __name__ == "__main__":
    main()
