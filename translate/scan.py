"""The scanner behind mention finding: one regular expression, shaped as a trie over a set of names.

It scans a Simplified, half-width copy of the text of exactly the same length (normalise.for_matching),
so offsets hold for the original. Latin names must stand as whole words ("orbital" is not Orbita) and
are case-sensitive as written ("cast" is not CAST); Chinese names are matched as written, so ambiguous
short forms (天兵, 银河) must be kept out of the names given (the registry's lookup-only names).
"""

from __future__ import annotations

import re
from typing import Iterable

from store.model import Mention
from translate.normalise import for_matching

_WORD = re.compile(r"[A-Za-z0-9]")
_ASCII_WORD_END = "(?![A-Za-z0-9])"


def latin_variants(name: str) -> list[str]:
    """Spellings of a Latin name met in print: as written, ALL CAPS headlines, Zhuque-2 / Zhuque 2."""
    out = [name]
    if "-" in name:
        out.append(name.replace("-", " "))
    if any(c.islower() for c in name) and len(name) >= 6:
        out += [v.upper() for v in list(out)]
    return list(dict.fromkeys(out))


def _trie_pattern(words: list[str]) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict, last: str) -> str:
        # Longer continuations first, then the end of a word: greedy, with backtracking to a shorter
        # name when a longer one fails its word boundary.
        alts = [re.escape(ch) + emit(child, ch) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append(_ASCII_WORD_END if _WORD.match(last) else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(trie, "")


class MentionFinder:
    """Finds (name -> id) pairs in text; names are in their scanning form (normalise.for_matching)."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        self.by_surface: dict[str, str] = {}
        for name, cid in names:
            variants = latin_variants(name) if name.isascii() else [name]
            for v in variants:
                # First registration wins; Registry.ambiguous_keys() tests keep real clashes out.
                self.by_surface.setdefault(v, cid)
        self.pattern = re.compile(_trie_pattern(list(self.by_surface)))

    def find(self, text: str) -> list[Mention]:
        if not text:
            return []
        scan = for_matching(text)
        out: list[Mention] = []
        pos = 0
        search = self.pattern.search
        while True:
            m = search(scan, pos)
            if m is None:
                return out
            s, e = m.span()
            if s > 0 and _WORD.match(scan[s]) and _WORD.match(scan[s - 1]):
                pos = s + 1  # inside a longer Latin word: not a mention, look again from the next char
                continue
            out.append(Mention(self.by_surface[m.group()], text[s:e], s, e))
            pos = e
