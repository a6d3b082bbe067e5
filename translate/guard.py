"""Degenerate machine output: repeated-token loops, empty output, output far longer than its input.

A loop is cut after its first occurrence; output far too long is cut at a word boundary; when too
little is left (or nothing came out) the caller replaces it with the gloss. Every case is a flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.model import CJK_RE

MAX_NGRAM = 8
# Consecutive repeats that make a loop: a word 4 times ("the the the the"), a phrase 3 times.
MIN_REPEATS = {1: 4}
DEFAULT_REPEATS = 3
CHARS_PER_HANZI = 3.0  # English characters per Chinese character, generously (typical is ~2-2.5)
LONG_FACTOR = 3.0  # "far longer": this many times the expected length, plus slack
LONG_SLACK = 40
MIN_KEPT = 0.25  # after a cut, less than this share of the expected length means "use the gloss"
_CHAR_LOOP = re.compile(r"(\S{1,12}?)\1{5,}")  # loops inside one "word" (no spaces): "ababababab..."


@dataclass
class Verdict:
    text: str
    flags: list[str] = field(default_factory=list)
    fallback: bool = False  # True: replace with the gloss


def expected_length(source: str) -> float:
    hanzi = len(CJK_RE.findall(source))
    return hanzi * CHARS_PER_HANZI + (len(source) - hanzi)


def find_loop(words: list[str]) -> tuple[int, int] | None:
    """(start, n) of the earliest run of an n-gram repeated consecutively enough times."""
    nw = len(words)
    for start in range(nw):
        for n in range(1, MAX_NGRAM + 1):
            need = MIN_REPEATS.get(n, DEFAULT_REPEATS)
            if start + n * need > nw:
                break
            gram = words[start : start + n]
            if all(words[start + r * n : start + (r + 1) * n] == gram for r in range(1, need)):
                return start, n
    return None


def check(source: str, output: str) -> Verdict:
    flags: list[str] = []
    if not output.strip():
        if source.strip():
            return Verdict("", ["degenerate:empty"], True)
        return Verdict(output)
    expected = expected_length(source)
    text = output
    lines = text.split("\n")
    cut_lines = []
    for line in lines:
        words = line.split()
        loop = find_loop(words)
        if loop is not None:
            start, n = loop
            line = " ".join(words[: start + n])
            if "degenerate:loop" not in flags:
                flags.append("degenerate:loop")
        m = _CHAR_LOOP.search(line)
        if m is not None:
            line = line[: m.start()] + m.group(1)
            if "degenerate:loop" not in flags:
                flags.append("degenerate:loop")
        cut_lines.append(line)
    text = "\n".join(cut_lines)
    limit = expected * LONG_FACTOR + LONG_SLACK
    if len(text) > limit:
        cut = text.rfind(" ", 0, int(limit))
        text = text[: cut if cut > 0 else int(limit)].rstrip()
        flags.append("degenerate:long")
    if flags and len(text.strip()) < MIN_KEPT * min(expected, len(output)):
        return Verdict(text, flags, True)
    return Verdict(text, flags)
