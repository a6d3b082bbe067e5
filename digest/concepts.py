"""The sector's concepts (translate/glossary.yaml) in a report's words, whichever language it is in,
so the same event told in Chinese and in English shares them: 许可 and "licensing" are both
regulation, 融资 and "raises" both funding, whatever words the translation chose.

English is read as words (the original, or the translation, whose gloss English the concepts list
too); Chinese as the original characters, longest form first.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from store.model import has_cjk
from translate.normalise import to_simplified
from translate.termlist import default_terms

# the clustering's words: hyphenated ones stay whole, as in forms ("lift-off") and names
WORD = re.compile(r"[a-z0-9+]+(?:-[a-z0-9+]+)*")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """Forms and text meet by stem: "commercial launches" is the form "commercial launch"."""
    return word if any(ch.isdigit() for ch in word) else _STEMMER.stemWord(word)


@lru_cache(maxsize=1)
def _english() -> tuple[dict[str, str], frozenset[str], int]:
    """Every concept's English forms, lower-case words joined by a space -> concept id; the first
    words of the forms (only those start a lookup); the most words in one form."""
    forms: dict[str, str] = {}
    for c in default_terms().concepts.values():
        for f in (*c.en, *c.gloss_en):
            key = " ".join(map(_stem, WORD.findall(f.lower())))
            if key:
                forms.setdefault(key, c.id)
    return forms, frozenset(k.split()[0] for k in forms), max((k.count(" ") + 1 for k in forms), default=1)


@lru_cache(maxsize=1)
def _chinese() -> tuple[re.Pattern, dict[str, str]]:
    forms: dict[str, str] = {}
    for c in default_terms().concepts.values():
        for f in c.zh:
            if has_cjk(f):
                forms.setdefault(to_simplified(f), c.id)
    # longest first: the alternation takes the first that matches at each place
    return re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True)))), forms


def english_concepts(words: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, concept id) of the concepts in a list of lower-case words (compared by stem),
    longest form first;
    a form's words are not read again ("low orbit" is no "orbit", "launch vehicle" no "launch")."""
    forms, firsts, longest = _english()
    words = [_stem(w) for w in words]
    out = []
    i, n_words = 0, len(words)
    while i < n_words:
        if words[i] in firsts:
            for n in range(min(longest, n_words - i), 0, -1):
                cid = forms.get(" ".join(words[i:i + n]) if n > 1 else words[i])
                if cid is not None:
                    out.append((i, i + n, cid))
                    i += n
                    break
            else:
                i += 1
        else:
            i += 1
    return out


def with_concepts(words: list[str]) -> list[str]:
    """The words with each concept's form replaced by one word, "c:<id>" (in place of, not beside,
    its words: a headline's "launch" must not count twice)."""
    found = english_concepts(words)
    if not found:
        return words
    out, at = [], 0
    for start, end, cid in found:
        out.extend(words[at:start])
        out.append(f"c:{cid}")
        at = end
    out.extend(words[at:])
    return out


def chinese_concepts(text: str | None) -> set[str]:
    """"c:<id>" of each concept a Chinese text names."""
    if not text:
        return set()
    rx, forms = _chinese()
    return {f"c:{forms[m]}" for m in rx.findall(to_simplified(text))}
