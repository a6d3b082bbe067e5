"""Result snippets cut from the original text, with the matched words highlighted.

FTS5's own snippet() works on the index copy, which is lower-cased, segmented and stripped of
punctuation ("landspace completes new funding round"). It still tells which words matched; this
module finds those words in the stored text and cuts the best window there.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\x02", "\x03"  # what search asks snippet() to put around matches
# Window width in characters; Chinese carries about twice the information per character.
WIDTH_LATIN = 160
WIDTH_CJK = 70
LEAD = 0.25  # share of the window shown before the first match
MAX_HITS = 200  # bounds window selection on very long texts
# Columns the snippet may come from, body before title (titles are shown anyway).
COLUMNS = ("text", "text_en", "title", "title_en")

_MARKED = re.compile(f"{OPEN}(.*?){CLOSE}", re.S)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def matched_terms(fts_snippet: str) -> list[str]:
    """The index words FTS5 highlighted, lower-case, longest first."""
    terms = {t for span in _MARKED.findall(fts_snippet or "") for t in span.split() if t}
    return sorted(terms, key=lambda t: (-len(t), t))


def _key(text: str, simplify) -> str:
    # Positions in the key must equal positions in the text: fall back where a mapping changes length.
    k = simplify(text) if simplify else text
    if len(k) != len(text):
        k = text
    low = k.lower()
    return low if len(low) == len(text) else k


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    parts = []
    for t in terms:
        esc = re.escape(t)
        # Latin/digit words match whole words only, so "3" does not light up inside "2023".
        parts.append(esc if _CJK.search(t) else rf"(?<![^\W_]){esc}(?![^\W_])")
    return re.compile("|".join(parts))


def make_snippet(
    columns: dict[str, str | None],
    fts_snippet: str,
    markers: tuple[str, str] = ("[", "]"),
    simplify=None,
) -> str | None:
    """The best window of the original column holding most matched words, or None if none holds
    any (the caller then falls back to the index snippet)."""
    terms = matched_terms(fts_snippet)
    pat = _pattern(terms)
    if pat is None:
        return None
    best = None
    for name in COLUMNS:
        text = columns.get(name)
        if not text:
            continue
        hits = [(m.start(), m.end(), m.group(0)) for m in pat.finditer(_key(text, simplify))][:MAX_HITS]
        distinct = len({h[2] for h in hits})
        if distinct and (best is None or distinct > best[0]):
            best = (distinct, text, hits)
    if best is None:
        return None
    _, text, hits = best
    width = WIDTH_CJK if _CJK.search(text[: hits[0][1] + 200]) else WIDTH_LATIN
    start = _best_window(hits, width)
    lo = max(0, start - int(width * LEAD))
    hi = min(len(text), lo + width)
    lo = max(0, min(lo, hi - width))
    lo, hi = _word_edges(text, lo, hi)
    out, pos = [], lo
    for s, e, _ in hits:
        if s < lo or e > hi:
            continue
        out.append(text[pos:s])
        out.append(markers[0] + text[s:e] + markers[1])
        pos = e
    out.append(text[pos:hi])
    # Two words of one phrase (遙測 數據) read as one highlight.
    body = " ".join("".join(out).split()).replace(markers[1] + markers[0], "")
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


def _best_window(hits: list[tuple[int, int, str]], width: int) -> int:
    """Start of the first hit whose window holds the most distinct matched words."""
    best_start, best_n = hits[0][0], 0
    j = 0
    for i, (s, _, _) in enumerate(hits):
        j = max(j, i)
        while j + 1 < len(hits) and hits[j + 1][1] <= s + width:
            j += 1
        n = len({h[2] for h in hits[i : j + 1]})
        if n > best_n:
            best_start, best_n = s, n
    return best_start


def _word_edges(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Move cut points off the middle of a Latin word (up to 15 characters)."""
    if 0 < lo < len(text) and text[lo - 1].isalnum() and not _CJK.match(text[lo]):
        k = text.find(" ", lo, lo + 15)
        lo = k + 1 if k >= 0 else lo
    if 0 < hi < len(text) and text[hi].isalnum() and not _CJK.match(text[hi - 1]):
        k = text.rfind(" ", hi - 15, hi)
        hi = k if k > lo else hi
    return lo, hi
