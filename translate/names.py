"""Company names and facts through a translation engine: protect before, restore and repair after.

Each protected span (a company mention, or a fact of translate.facts: an amount, a date, a place ...)
becomes a token "XZ" + two capital letters (XZAA, XZAB, ...): plain ASCII that sentencepiece splits
into a few pieces and models tend to copy. After translation every token is replaced by its English
(the canonical company name, the fact as news writes it). Engines drop, duplicate, reorder and garble
tokens, so: a known token restores its own span once; a repeat is removed (or restores another
mention of the same company that was lost); a garbled token ("XZA", "xz aa") restores the first span
still missing; a company mention still missing is inserted at the place matching its position in
the source (so is a fact that holds a company name: 朱雀二号), while any other fact still missing is
not guessed into place: the caller flags it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_TOKENS = len(_LETTERS) ** 2
# Strict: XZ + two letters (a space tolerated after X or Z, never between the letters, so a dropped
# letter followed by the word "a" is not read as a token); garbled: XZ with zero or one letter.
_TOKEN_RE = re.compile(r"(?<![A-Za-z])[Xx] ?[Zz] ?([A-Za-z])([A-Za-z])(?![a-z])|(?<![A-Za-z])[Xx] ?[Zz] ?([A-Za-z])?(?![A-Za-z])")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_PUNCT = re.compile(r"[ \t]+([,.;:!?)])")


def token(i: int) -> str:
    return "XZ" + _LETTERS[i // 26] + _LETTERS[i % 26]


def _index(a: str, b: str) -> int:
    return _LETTERS.index(a.upper()) * 26 + _LETTERS.index(b.upper())


@dataclass
class Protected:
    text: str  # the source with each kept span replaced by its token
    mentions: list  # the spans (Mention or Fact), in order; token(i) stands for mentions[i]

    @property
    def companies(self) -> list[str]:
        return [m.company_id for m in self.mentions if _is_mention(m)]


@dataclass
class Restored:
    text: str
    companies: list[str]  # company ids, one per mention, in source order
    repairs: list[str] = field(default_factory=list)  # names:dropped, names:duplicated, names:garbled
    lost: list = field(default_factory=list)  # facts whose token did not come back


def _is_mention(span) -> bool:
    """A company name, or a fact that holds one (朱雀二号): the name guarantee puts it back if lost."""
    return getattr(span, "company_id", None) is not None


def _owner(span):
    """What a repeated token may stand in for: a lost mention of the same company; a fact only itself."""
    return span.company_id if _is_mention(span) else id(span)


def protect(text: str, mentions: list) -> Protected:
    """Replace spans (with start and end) by tokens; of overlapping spans the first is kept."""
    kept, parts, pos = [], [], 0
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end <= m.start or len(kept) >= MAX_TOKENS:
            continue
        # Spaces keep the token a separate word for Latin neighbours ("XZAA2024" would read as one).
        left = " " if (kept and m.start == pos) or (m.start > 0 and text[m.start - 1].isascii()
                                                    and text[m.start - 1].isalnum()) else ""
        right = " " if m.end < len(text) and text[m.end].isascii() and text[m.end].isalnum() else ""
        parts += [text[pos:m.start], left, token(len(kept)), right]
        kept.append(m)
        pos = m.end
    parts.append(text[pos:])
    return Protected("".join(parts), kept)


def restore(output: str, protected: Protected, name_of: Callable[[object], str]) -> Restored:
    """Tokens -> English (name_of(span) gives it); repair what the engine broke."""
    mentions = protected.mentions
    companies = protected.companies
    if not mentions:
        return Restored(_tidy(_TOKEN_RE.sub(" ", output)) if "XZ" in output.upper() else output, companies)
    matches = list(_TOKEN_RE.finditer(output))
    owner: list[int | None] = [None] * len(matches)
    used = [False] * len(mentions)
    repairs: set[str] = set()
    # Pass 1: every intact token claims its own mention, wherever the engine moved it.
    for k, m in enumerate(matches):
        if m.group(1):
            i = _index(m.group(1), m.group(2))
            if i < len(mentions) and not used[i]:
                used[i] = True
                owner[k] = i
    # Pass 2: repeats may stand for a lost twin (same company), garbled tokens for any lost mention.
    for k, m in enumerate(matches):
        if owner[k] is not None:
            continue
        i = _index(m.group(1), m.group(2)) if m.group(1) else None
        want = _owner(mentions[i]) if i is not None and i < len(mentions) else None
        repairs.add("names:duplicated" if want is not None else "names:garbled")
        j = next((j for j, u in enumerate(used) if not u and (want is None or _owner(mentions[j]) == want)), None)
        if j is not None:
            used[j] = True
            owner[k] = j
    parts, pos = [], 0
    for k, m in enumerate(matches):
        parts += [output[pos:m.start()], name_of(mentions[owner[k]]) if owner[k] is not None else " "]
        pos = m.end()
    parts.append(output[pos:])
    text = "".join(parts)
    missing = [i for i, u in enumerate(used) if not u and _is_mention(mentions[i])]
    lost = [mentions[i] for i, u in enumerate(used) if not u and not _is_mention(mentions[i])]
    if missing:
        repairs.add("names:dropped")
        text = _insert_missing(text, protected, missing, name_of)
    return Restored(_tidy(text), companies, sorted(repairs), lost)


def _insert_missing(text: str, protected: Protected, missing: list[int], name_of) -> str:
    """Put each lost name where its token sat, proportionally, at a word boundary."""
    src_len = max(len(protected.text), 1)
    inserts = []
    for i in missing:
        at = protected.text.find(token(i))
        ratio = (at if at >= 0 else protected.mentions[i].start) / src_len
        inserts.append((_word_end(text, round(ratio * len(text))), i, name_of(protected.mentions[i])))
    for pos, _, name in sorted(inserts, reverse=True):  # right to left keeps earlier offsets valid
        text = f"{text[:pos]} {name} {text[pos:]}"
    return text


def _word_end(text: str, pos: int) -> int:
    while 0 < pos < len(text) and not text[pos - 1].isspace():
        pos += 1  # forward to the end of the word we landed in
    return pos


def insert_at(text: str, ratio: float, name: str) -> str:
    """name put into text at the word boundary nearest after ratio * len(text)."""
    pos = _word_end(text, round(ratio * len(text)))
    return f"{text[:pos]} {name} {text[pos:]}"


def tidy(text: str) -> str:
    """Runs of spaces made one, no space before punctuation, lines stripped."""
    return _tidy(text)


def _tidy(text: str) -> str:
    lines = [_SPACE_PUNCT.sub(r"\1", _SPACES.sub(" ", line)).strip() for line in text.split("\n")]
    return "\n".join(lines)
