"""The name guarantee and the fact guard for an engine that writes names itself (llm).

Such an engine gets the Chinese as written and a terminology list (terms_for): the English of every
company, product and fact in the piece. Its reply is then checked against that list (repair):
- a term copied through in Chinese is replaced by its English (terms:copied);
- every company and every fact that holds one (朱雀三号: Zhuque-3) must appear in the English at
  least once: written under another of its names ("Blue Arrow" for LandSpace) it is renamed to the
  canonical one (names:renamed); missing altogether it is put back where it stood in the source,
  proportionally (names:dropped), as translate.names does for a lost token;
- any other fact missing is not guessed into place: the Translator's fact guard lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from translate.names import Restored, insert_at, tidy


@dataclass
class Termed:
    text: str  # the piece of Chinese as written (Simplified)
    spans: list  # its mentions and facts, offsets into text


def _is_name(span) -> bool:
    return getattr(span, "company_id", None) is not None


def _zh(span) -> str:
    return getattr(span, "zh", None) or span.surface


def terms_for(piece: Termed, name_of: Callable[[object], str]) -> list[tuple[str, str]]:
    """(Chinese, English) for each distinct term of the piece, in order of first appearance."""
    out: dict[str, str] = {}
    for s in sorted(piece.spans, key=lambda s: s.start):
        zh = _zh(s)
        if zh not in out and zh != name_of(s):
            out[zh] = name_of(s)
    return list(out.items())


def english_terms(text: str, terms: list[tuple[str, str]]) -> tuple[str, bool]:
    """Terms the engine left in Chinese replaced by their English (longest first); True if any was."""
    copied = False
    for zh, en in sorted(terms, key=lambda t: -len(t[0])):
        if zh in text:
            text = text.replace(zh, f" {en} ")
            copied = True
    return text, copied


def _word(en: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(en)}(?![A-Za-z0-9])")


def repair(output: str, piece: Termed, name_of: Callable[[object], str],
           find: Callable[[str], list]) -> Restored:
    """find(english) -> the registry's mentions in English text (each with company_id, surface,
    start, end), to recognise a company written under another of its names."""
    text, copied = english_terms(output, terms_for(piece, name_of))
    repairs: set[str] = {"terms:copied"} if copied else set()
    companies = [m.company_id for m in piece.spans if _is_name(m) and not hasattr(m, "zh")]
    expected: dict[str, object] = {}
    for s in sorted((s for s in piece.spans if _is_name(s)), key=lambda s: s.start):
        expected.setdefault(name_of(s), s)
    missing = [(en, s) for en, s in expected.items() if not _word(en).search(text)]
    if missing:
        found = find(text)
        for en, s in list(missing):
            other = next((m for m in found if m.company_id == s.company_id and name_of(m) == en), None)
            if other is not None:
                text = f"{text[:other.start]}{en}{text[other.end:]}"
                found = find(text)
                missing.remove((en, s))
                repairs.add("names:renamed")
    if missing:
        repairs.add("names:dropped")
        size = max(len(piece.text), 1)
        for en, s in sorted(missing, key=lambda m: -m[1].start):  # right to left
            text = insert_at(text, s.start / size, en)
    return Restored(tidy(text), companies, sorted(repairs), [])

