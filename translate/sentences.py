"""Chinese text cut at sentence boundaries: an article's lead (its first sentences up to a length),
and the pieces of bounded size an llm request carries.

A sentence ends after 。！？；… (or ! ? ;) and any closing quotes or brackets that follow; a line
break ends one too. Nothing here changes the text: pieces are offsets into it, so mention and fact
offsets hold for every piece.
"""

from __future__ import annotations

import re

_END = re.compile(r"(?:[。！？；!?;]|…+)[”’」』）)\"'】]*")
_CLAUSE = re.compile(r"[，,、：:]")


def sentence_ends(line: str) -> list[int]:
    """Offsets just past each sentence of one line (the last one is len(line))."""
    ends = [m.end() for m in _END.finditer(line)]
    if not ends or ends[-1] < len(line):
        ends.append(len(line))
    return ends


def lead_end(text: str, limit: int) -> int:
    """Where the lead ends: whole sentences (across lines) while they fit in `limit` characters, and
    at least the first one; a first sentence longer than the limit is cut after its last clause that
    fits (a comma), else at the limit. text[:lead_end(text, limit)] is the lead."""
    end, pos = 0, 0
    for line in text.split("\n"):
        for e in sentence_ends(line):
            if pos + e > limit and end:
                return end
            if pos + e > limit:  # the first sentence alone is too long
                return _cut(text, 0, limit)
            if line[:e].strip():
                end = pos + e
        pos += len(line) + 1
    return end


def _cut(text: str, start: int, limit: int) -> int:
    """An end in text[start:start+limit]: after the last clause mark, else at the limit."""
    stop = start + limit
    marks = [m.end() for m in _CLAUSE.finditer(text, start, stop)]
    return marks[-1] if marks and marks[-1] > start + limit // 3 else stop


def pieces(text: str, max_chars: int, keep: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each piece: whole lines (several when they fit), a long line cut at sentence
    ends, a sentence longer than max_chars at a clause mark or at max_chars, never inside a span of
    `keep` (a name or a fact). Pieces hold no leading or trailing line breaks; what lies between two
    pieces is whitespace (join their English with "\\n" per line break, else a space)."""
    units: list[tuple[int, int]] = []  # sentences (or parts of one), in order
    pos = 0
    for line in text.split("\n"):
        start = 0
        for e in sentence_ends(line):
            while e - start > max_chars:
                cut = _safe(_cut(line, start, max_chars) + pos, keep) - pos
                if cut >= e:
                    break
                units.append((pos + start, pos + cut))
                start = cut
            if line[start:e].strip():
                units.append((pos + start, pos + e))
            start = e
        pos += len(line) + 1
    out: list[tuple[int, int]] = []
    for s, e in units:
        if out and e - out[-1][0] <= max_chars:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return [_strip(text, s, e) for s, e in out]


def _safe(cut: int, keep) -> int:
    for s, e in keep:
        if s < cut < e:
            return e
    return cut


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def joiner(gap: str) -> str:
    """The English between two pieces, from the Chinese between them."""
    n = gap.count("\n")
    return "\n" * n if n else " "
