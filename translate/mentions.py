"""Find company mentions in Chinese (Simplified or Traditional) and English text.

One regular expression, shaped as a trie over every name in the registry, scans a Simplified,
half-width copy of the text of exactly the same length, so offsets hold for the original.
Latin names must stand as whole words ("orbital" is not Orbita) and are case-sensitive as written
("cast" is not CAST); Chinese names are matched as written, so ambiguous short forms (天兵, 银河)
live in the registry as lookup-only names and never match running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from translate.normalise import for_matching
from translate.registry import Registry, default_registry

_WORD = re.compile(r"[A-Za-z0-9]")
_ASCII_WORD_END = "(?![A-Za-z0-9])"


@dataclass(frozen=True)
class Mention:
    company_id: str
    surface: str  # the text as it appears in the input (Traditional stays Traditional)
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"id": self.company_id, "surface": self.surface, "start": self.start, "end": self.end}


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
    def __init__(self, registry: Registry):
        self.registry = registry
        self.by_surface: dict[str, str] = {}
        for name, cid in registry.match_names():
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


@lru_cache(maxsize=4)
def finder_for(registry: Registry) -> MentionFinder:
    return MentionFinder(registry)


def find_mentions(text: str, registry: Registry | None = None) -> list[Mention]:
    """Every company mention in `text`, in order, with offsets into `text` and its surface form."""
    return finder_for(registry or default_registry()).find(text)


def company_ids(mentions: list[Mention]) -> list[str]:
    """Distinct company ids in order of first mention."""
    return list(dict.fromkeys(m.company_id for m in mentions))
