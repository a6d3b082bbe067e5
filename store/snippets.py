"""Result snippets cut from the stored text, with the query's words highlighted: the English one a
reader sees (a Chinese article's translation) and the original.

FTS5's own snippet() works on the index copy, which is lower-cased, segmented and stripped of
punctuation ("landspace completes new funding round"), and it re-runs the whole MATCH for each
row (costly for a company's 20 names). The parsed query already knows its words: this module
finds them in the stored text and cuts the best window there.
"""

from __future__ import annotations

import re

from store.model import CJK_RANGES
from store.model import CJK_RE as _CJK

# Window width in characters; Chinese carries about twice the information per character.
WIDTH_LATIN = 160
WIDTH_CJK = 70
LEAD = 0.25  # share of the window shown before the first match
MAX_HITS = 200  # bounds window selection on very long texts
# Columns a snippet may come from, body before title (titles are shown anyway).
COLUMNS = ("text", "text_en", "title", "title_en")
ORIGINAL = ("text", "title")
ENGLISH = ("text_en", "title_en")

# A Latin word's edges: no letter or digit next to it, but a Chinese character may be (完成D轮融资).
_WORD_BEFORE = rf"(?:(?<![^\W_])|(?<=[{CJK_RANGES}]))"
_WORD_AFTER = rf"(?:(?![^\W_])|(?=[{CJK_RANGES}]))"


def _key(text: str, simplify) -> str:
    # Positions in the key must equal positions in the text: fall back where a mapping changes length.
    k = simplify(text) if simplify else text
    if len(k) != len(text):
        k = text
    low = k.lower()
    return low if len(low) == len(text) else k


def _token_re(tok: str, prefix: bool) -> str:
    esc = re.escape(tok)
    if _CJK.search(tok):
        return esc
    # Latin and digit words match whole words only, so "3" does not light up inside "2023".
    return _WORD_BEFORE + esc + (r"[^\W_]*" if prefix else _WORD_AFTER)


def highlight_pattern(highlights: list[tuple[list[str], bool, bool]]) -> re.Pattern | None:
    """One regex for every highlight: an ordered phrase as a whole (any punctuation or spacing
    between its words: Zhuque-2, 遙測 數據), unordered Chinese words one by one."""
    mixed: list[str] = []  # a Chinese or mixed phrase, or a prefix: each carries its own edges
    latin: list[str] = []  # whole Latin words and phrases: one pair of word edges around them all
    for toks, ordered, prefix in highlights:
        groups = [toks] if ordered else [[t] for t in toks]
        for g in groups:
            is_prefix = prefix and g[-1] == toks[-1]
            if not is_prefix and not any(_CJK.search(t) for t in g):
                latin.append(r"[\W_]*".join(re.escape(t) for t in g))
            else:
                mixed.append(r"[\W_]*".join(_token_re(t, is_prefix and i == len(g) - 1) for i, t in enumerate(g)))
    if not mixed and not latin:
        return None
    # Longest alternatives first, so 蓝箭航天 wins over 蓝箭 and "series a" over "series".
    parts = sorted(dict.fromkeys(mixed), key=len, reverse=True)
    if latin:
        # Shared edges: Python's re tries every alternative at every position, and a lookbehind on each
        # of a hundred expanded forms made snippets the slowest part of a search.
        parts.append(_WORD_BEFORE + "(?:" + "|".join(sorted(dict.fromkeys(latin), key=len, reverse=True)) + ")"
                     + _WORD_AFTER)
    return re.compile("|".join(parts))


def make_snippet(
    columns: dict[str, str | None],
    highlights: list[tuple[list[str], bool, bool]] | re.Pattern | None,
    markers: tuple[str, str] = ("[", "]"),
    simplify=None,
    columns_order: tuple[str, ...] = COLUMNS,
) -> str:
    """The best window of the original column holding most distinct highlighted words; the
    start of the text when none holds any (FTS5 can match what a regex does not, e.g. across
    lines of a Traditional text converted differently).

    highlights: a ParsedQuery's highlights, or the pattern highlight_pattern made of them
    (ParsedQuery.highlight_re): a caller cutting snippets for many rows builds it once."""
    pat = highlights if highlights is None or isinstance(highlights, re.Pattern) else highlight_pattern(highlights)
    best = None
    for name in columns_order:
        text = columns.get(name)
        if not text or pat is None:
            continue
        hits = [(m.start(), m.end(), m.group(0)) for m in pat.finditer(_key(text, simplify))][:MAX_HITS]
        distinct = len({h[2] for h in hits})
        if distinct and (best is None or distinct > best[0]):
            best = (distinct, text, hits)
    if best is None:
        text = next((columns[c] for c in columns_order if columns.get(c)), "")
        width = WIDTH_CJK if _CJK.search(text[:200]) else WIDTH_LATIN
        body = " ".join(text[:width].split())
        return body + ("…" if len(text) > width else "")
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


def english_and_original(
    columns: dict[str, str | None],
    highlights: list[tuple[list[str], bool, bool]] | re.Pattern | None,
    markers: tuple[str, str] = ("[", "]"),
    simplify=None,
) -> tuple[str, str]:
    """(English snippet, original snippet): a translated article's English one comes from its
    translation; an English article's, or one not translated yet, from its own text."""
    original = make_snippet(columns, highlights, markers, simplify, ORIGINAL)
    if not (columns.get("text_en") or columns.get("title_en")):
        return original, original
    return make_snippet(columns, highlights, markers, simplify, ENGLISH), original


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


_SPACE = re.compile(r"\s")


def _in_latin_word(text: str, i: int) -> bool:
    a, b = text[i - 1], text[i]
    return a.isalnum() and b.isalnum() and not _CJK.match(a) and not _CJK.match(b)


def _word_edges(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Move cut points off the middle of a Latin word (up to 15 characters)."""
    if 0 < lo < len(text) and _in_latin_word(text, lo):
        m = _SPACE.search(text, lo, lo + 15)
        lo = m.end() if m else lo
    if 0 < hi < len(text) and _in_latin_word(text, hi):
        spaces = [m.start() for m in _SPACE.finditer(text, max(lo + 1, hi - 15), hi)]
        hi = spaces[-1] if spaces else hi
    return lo, hi
