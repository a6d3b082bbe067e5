"""The sector's concepts in a report's words, whichever language it is in, so the same event told
in Chinese and in English shares them: 许可 and "licensing" are both regulation, 融资 and "raises"
both funding, whatever words the translation chose.

The digest does not own the term list: the caller builds a ConceptIndex from the glossary's
concepts (parallax passes translate.termlist's, with its simplifier) and hands it to the build.
English is read as words compared by stem (the original, or the translation, whose gloss English
the concepts list too); Chinese as the original characters, longest form first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import snowballstemmer

# the clustering's words: hyphenated ones stay whole, as in forms ("lift-off") and names
WORD = re.compile(r"[a-z0-9+]+(?:-[a-z0-9+]+)*")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """Forms and text meet by stem: "commercial launches" is the form "commercial launch"."""
    return word if any(ch.isdigit() for ch in word) else _STEMMER.stemWord(word)


class ConceptIndex:
    """Concept ids by form. english, chinese: (form, concept id) pairs, the first pair of a form
    winning; simplify: Traditional -> Simplified of a text of the same length (None: as written)."""

    def __init__(self, english: Iterable[tuple[str, str]], chinese: Iterable[tuple[str, str]] = (),
                 simplify: Callable[[str], str] | None = None):
        self.english: dict[str, str] = {}
        for form, cid in english:
            key = " ".join(map(_stem, WORD.findall(form.lower())))
            if key:
                self.english.setdefault(key, cid)
        self._longest_from: dict[str, int] = {}
        for k in self.english:
            first, n = k.split()[0], k.count(" ") + 1
            self._longest_from[first] = max(n, self._longest_from.get(first, 0))
        self._starts: dict[str, int] = {}  # word as written -> the longest form its stem starts
        self._stem_of: dict[str, str] = {}
        self.chinese: dict[str, str] = {}
        for form, cid in chinese:
            if form and not form.isascii():
                self.chinese.setdefault(simplify(form) if simplify else form, cid)
        self.simplify = simplify
        # longest first: the alternation takes the first that matches at each place
        self._rx = re.compile("|".join(map(re.escape, sorted(self.chinese, key=len, reverse=True)))) \
            if self.chinese else None

    def english_concepts(self, words: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, concept id) of the concepts in a list of lower-case words, longest form
        first; a form's words are not read again ("low orbit" is no "orbit", "launch vehicle" no
        "launch")."""
        forms, starts, stem_of, longest_from = self.english, self._starts, self._stem_of, self._longest_from
        out = []
        i, n_words = 0, len(words)
        while i < n_words:
            w = words[i]
            span = starts.get(w)
            if span is None:
                # once per word of the vocabulary: the most words a form starting with it has (0: none)
                span = starts[w] = longest_from.get(_stem(w), 0)
            if span:
                seg = [stem_of.get(x) or stem_of.setdefault(x, _stem(x)) for x in words[i:i + span]]
                for n in range(len(seg), 0, -1):
                    cid = forms.get(" ".join(seg[:n]) if n > 1 else seg[0])
                    if cid is not None:
                        out.append((i, i + n, cid))
                        i += n
                        break
                else:
                    i += 1
            else:
                i += 1
        return out

    def with_concepts(self, words: list[str]) -> list[str]:
        """The words with each concept's form replaced by one word, "c:<id>" (in place of, not
        beside, its words: a "launch" must not count twice)."""
        found = self.english_concepts(words)
        if not found:
            return words
        out, at = [], 0
        for start, end, cid in found:
            out.extend(words[at:start])
            out.append(f"c:{cid}")
            at = end
        out.extend(words[at:])
        return out

    def chinese_concepts(self, text: str | None) -> set[str]:
        """"c:<id>" of each concept a Chinese text names."""
        if not text or self._rx is None:
            return set()
        if self.simplify:
            text = self.simplify(text)
        return {f"c:{self.chinese[m]}" for m in self._rx.findall(text)}
