"""The bilingual term list search expands queries with: the `concepts` of translate/glossary.yaml.

One file serves both sides: the gloss translates with its `terms`, and each concept also matches
what `terms` gives its Chinese forms, so a query meets the very words the translation wrote. Lookup
is by folded key (case, width, script, hyphens, and the spaces between Chinese characters folded);
a concept's forms are its own and those of its narrower concepts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from store.model import CJK_RANGES
from translate.errors import TranslateError
from translate.normalise import to_simplified
from translate.yamlfile import load_yaml

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")

_SEP = re.compile(r"[\s\-‐‑–_]+")
_CJK_GAP = re.compile(f"(?<=[{CJK_RANGES}]) (?=[{CJK_RANGES}])")


class TermListError(TranslateError, ValueError):
    """The term list in glossary.yaml is malformed (a reviewer's mistake the tests catch)."""


def term_key(text: str) -> str:
    """The folded form in which a query's words and a concept's forms are compared."""
    s = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    s = _SEP.sub(" ", s).strip()
    return _CJK_GAP.sub("", s)


def english_singular(key: str) -> str | None:
    """The key with its last English word made singular (ies -> y; es after s, x, z, ch, sh; else s),
    or None where it does not end like an English plural ("news", "status", "gas", "ipos" -> "ipo")."""
    word = key.rsplit(" ", 1)[-1]
    if len(word) < 4 or not word.isascii() or not word.isalpha() or not word.endswith("s"):
        return None
    if word.endswith(("ss", "us", "is", "news", "series", "species")):
        return None
    if word.endswith("ies"):
        return key[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return key[:-2]
    return key[:-1]


@dataclass(frozen=True)
class Concept:
    id: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    gloss_en: tuple[str, ...] = ()  # what the glossary's terms give its Chinese forms
    narrower: tuple[str, ...] = ()


class TermList:
    """Concepts by id, and by the key of every form (a form belongs to one concept only); the English
    function words a query may drop."""

    def __init__(self, concepts: list[Concept], function_words: tuple[str, ...] = ()):
        self.concepts = {c.id: c for c in concepts}
        self.function_words = frozenset(term_key(w) for w in function_words)
        owners: dict[str, str] = {}
        for c in concepts:
            for n in c.narrower:
                if n not in self.concepts:
                    raise TermListError(f"concept {c.id}: narrower concept {n!r} is not in the list")
            for form in (*c.zh, *c.en):
                k = term_key(form)
                if not k:
                    raise TermListError(f"concept {c.id}: empty form")
                if owners.get(k, c.id) != c.id:
                    raise TermListError(f"form {form!r} is in concepts {owners[k]} and {c.id}")
                owners[k] = c.id
        for c in concepts:  # the gloss's English finds its concept too, where no concept claims it
            for form in c.gloss_en:
                owners.setdefault(term_key(form), c.id)
        self._by_key = owners

    def find(self, text: str) -> Concept | None:
        """The concept a form names; an English plural the list does not write out finds its singular's
        concept ("launch anomalies", "rocket factories"), as analysts type either."""
        key = term_key(text)
        cid = self._by_key.get(key)
        if cid is None and (singular := english_singular(key)) is not None:
            cid = self._by_key.get(singular)
        return self.concepts[cid] if cid else None

    def forms(self, concept: Concept) -> list[str]:
        """Every form the concept matches: its own (Chinese, English, the gloss's English), then its
        narrower concepts', each once."""
        out: dict[str, None] = {}
        seen: set[str] = set()

        def add(c: Concept) -> None:
            if c.id in seen:
                return
            seen.add(c.id)
            for f in (*c.zh, *c.en, *c.gloss_en):
                out.setdefault(f, None)
            for n in c.narrower:
                add(self.concepts[n])

        add(concept)
        return list(out)

    def longest_form_words(self) -> int:
        """Most space-separated words in one form's key: how far a query's run of words is tried."""
        return max((k.count(" ") + 1 for k in self._by_key), default=1)


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        raise TermListError(f"{where}: must be a list of words or phrases")
    return tuple(str(v) for v in value)


def parse_concepts(data: dict) -> list[Concept]:
    """The concepts of a parsed glossary file, with the gloss's English of each Chinese form."""
    terms = {str(k): ("" if v is None else str(v)) for k, v in (data.get("terms") or {}).items()}
    out = []
    for cid, entry in (data.get("concepts") or {}).items():
        if not isinstance(entry, dict) or set(entry) - {"zh", "en", "narrower"}:
            raise TermListError(f"concept {cid}: needs zh and en lists (and may name narrower concepts)")
        zh, en = _strings(entry.get("zh"), f"concept {cid}.zh"), _strings(entry.get("en"), f"concept {cid}.en")
        own = {term_key(f) for f in en}
        gloss = tuple(dict.fromkeys(g for z in zh if (g := terms.get(z)) and term_key(g) not in own))
        out.append(Concept(str(cid), zh, en, gloss, _strings(entry.get("narrower"), f"concept {cid}.narrower")))
    return out


@lru_cache(maxsize=1)
def default_terms() -> TermList:
    """The shipped term list, read once per process."""
    data = load_yaml(GLOSSARY_FILE.read_text(encoding="utf-8")) or {}
    return TermList(parse_concepts(data), _strings(data.get("function_words"), "function_words"))

