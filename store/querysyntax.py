"""The search syntax read into a tree: words (implicit AND), "exact phrases", OR, AND, NOT / -word,
( ) groups, word* (prefix), field filters (title:, text:) and NEAR (a NEAR b, a NEAR/5 b,
NEAR(a b c, 5)). Every mistake is a one-line QueryError that says what is supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.errors import QueryError

# Bounds on what a user may type: deeper nesting is no real query (and would exhaust the parser's stack).
MAX_DEPTH = 20
# FTS5's own default, in index words (a Chinese word counts one).
NEAR_DEFAULT = 10
NEAR_MAX = 1000

# field -> the index columns it searches: the original and its English copy.
FIELDS = {"title": ("title", "title_en"), "text": ("text", "text_en")}
FIELD_HINT = "supported fields: title: and text: (each searches the original and its English); e.g. title:LandSpace"
# Field names people try that are not supported here (each has a filter of its own, or is one of the
# two above under another name): an error says so rather than searching for the word "source".
UNSUPPORTED_FIELDS = frozenset(
    "title_en title_zh text_en text_zh body content url site source lang language company companies topic "
    "author published date since until intitle intext inurl headline".split()
)
_FIELD_RE = re.compile(r"([A-Za-z][A-Za-z_]*):")
_NEAR_RE = re.compile(r"NEAR(?:/(\d+))?$")


@dataclass
class Tok:
    kind: str  # WORD PHRASE LP RP OR AND NOT MINUS FIELD NEAR NEARCALL COMMA
    value: str = ""


def lex(q: str) -> list[Tok]:
    out: list[Tok] = []
    i, n = 0, len(q)
    in_call = False  # inside NEAR( ... ): a comma ends a word and starts the distance
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c == "(":
            out.append(Tok("LP"))
            i += 1
        elif c == ")":
            out.append(Tok("RP"))
            in_call = False
            i += 1
        elif c == "," and in_call:
            out.append(Tok("COMMA"))
            i += 1
        elif c in "\"“”":
            close = q.find('"', i + 1) if c == '"' else _find_any(q, "\"”", i + 1)
            if close < 0:
                raise QueryError(f"unbalanced quote in query: {q}", hint='close the phrase: "..."')
            out.append(Tok("PHRASE", q[i + 1 : close]))
            i = close + 1
        elif c == "-" and i + 1 < n and not q[i + 1].isspace():
            # Only reached at the start of a term: Zhuque-2 is read whole below.
            out.append(Tok("MINUS"))
            i += 1
        elif q.startswith("NEAR(", i):
            out.append(Tok("NEARCALL"))
            in_call = True
            i += 5
        else:
            m = _FIELD_RE.match(q, i)
            if m and (m.group(1).lower() in FIELDS or m.group(1).lower() in UNSUPPORTED_FIELDS):
                out.append(Tok("FIELD", m.group(1)))
                i = m.end()
                continue
            j = i
            stops = "()\"“”" + ("," if in_call else "")
            while j < n and not q[j].isspace() and q[j] not in stops:
                j += 1
            word = q[i:j]
            if word in ("OR", "AND", "NOT"):
                out.append(Tok(word, word))
            elif _NEAR_RE.match(word):
                out.append(Tok("NEAR", _NEAR_RE.match(word).group(1) or ""))
            else:
                out.append(Tok("WORD", word))
            i = j
    return out


def _find_any(s: str, chars: str, start: int) -> int:
    hits = [p for p in (s.find(ch, start) for ch in chars) if p >= 0]
    return min(hits) if hits else -1


# -- the tree -----------------------------------------------------------------------------------
@dataclass
class Term:
    text: str
    quoted: bool = False
    prefix: bool = False
    literal: bool = False  # already expanded (or not to be): matched as written


@dataclass
class And:
    pos: list
    neg: list


@dataclass
class Or:
    parts: list


@dataclass
class Field:
    name: str
    node: object


@dataclass
class Near:
    terms: list[Term]
    distance: int = NEAR_DEFAULT


@dataclass
class Company:
    id: str
    names: list[str]
    original: Term


@dataclass
class Alt:
    """A piece of the query and the forms it stands for (the enrichment stage's expansion)."""

    text: str
    alternatives: object  # store.query.Alternatives
    extra: dict = field(default_factory=dict)


class Parser:
    def __init__(self, toks: list[Tok], q: str):
        self.toks, self.i, self.q = toks, 0, q
        self.depth = 0

    def peek(self) -> str | None:
        return self.toks[self.i].kind if self.i < len(self.toks) else None

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def parse(self):
        node = self.or_expr()
        if self.peek() == "RP":
            raise QueryError(f"unbalanced ')' in query: {self.q}")
        return node

    def or_expr(self):
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(parts)

    def and_expr(self) -> And:
        pos, neg = [], []
        while self.peek() not in (None, "RP", "OR"):
            kind = self.peek()
            if kind == "AND":
                self.take()
                if self.peek() in (None, "RP", "OR", "AND"):
                    raise QueryError(f"AND needs a term on both sides: {self.q}")
                continue
            if kind == "NEAR":
                self.near_infix(pos)
                continue
            if kind == "COMMA":
                raise QueryError(f"a comma belongs inside NEAR( ... , N): {self.q}")
            negate = kind in ("NOT", "MINUS")
            if negate:
                self.take()
                if self.peek() in (None, "RP", "OR", "AND", "NOT", "MINUS", "NEAR"):
                    raise QueryError(f"NOT needs a term after it: {self.q}")
            (neg if negate else pos).append(self.primary())
        if not pos and not neg:
            raise self.no_term()
        return And(pos, neg)

    def near_infix(self, pos: list) -> None:
        tok = self.take()
        distance = self.distance(tok.value) if tok.value else NEAR_DEFAULT
        if not pos or self.peek() in (None, "RP", "OR", "AND", "NOT", "MINUS", "NEAR"):
            raise QueryError(f"NEAR needs a term on both sides: {self.q}", hint="LandSpace NEAR Zhuque, or NEAR/5")
        left, right = pos.pop(), self.near_operand(self.primary())
        if isinstance(left, Near) and left.distance == distance:
            left.terms.append(right)
            pos.append(left)
        else:
            pos.append(Near([self.near_operand(left), right], distance))

    def near_operand(self, node) -> Term:
        if not isinstance(node, Term):
            raise QueryError(f'NEAR joins words or "phrases", not groups or fields: {self.q}',
                             hint="LandSpace NEAR Zhuque, or NEAR(LandSpace Zhuque 融资, 10)")
        return node

    def distance(self, value: str) -> int:
        if not value.isdigit() or not 0 <= int(value) <= NEAR_MAX:
            raise QueryError(f"NEAR distance must be a number from 0 to {NEAR_MAX}: {self.q}")
        return int(value)

    def near_call(self) -> Near:
        terms: list[Term] = []
        distance = NEAR_DEFAULT
        while self.peek() in ("WORD", "PHRASE"):
            terms.append(self.near_operand(self.primary()))
        if self.peek() == "COMMA":
            self.take()
            if self.peek() != "WORD":
                raise QueryError(f"NEAR( ... , N) needs a distance after the comma: {self.q}")
            distance = self.distance(self.take().value)
        if self.peek() != "RP":
            raise QueryError(f'NEAR( ) takes words or "phrases" and an optional distance, then ): {self.q}',
                             hint="NEAR(LandSpace Zhuque, 10)")
        self.take()
        if len(terms) < 2:
            raise QueryError(f"NEAR( ) needs at least two terms: {self.q}", hint="NEAR(LandSpace Zhuque, 10)")
        return Near(terms, distance)

    def no_term(self) -> QueryError:
        """Why there is no term here: between a token and the next, name the one at fault."""
        before = self.toks[self.i - 1].kind if self.i > 0 else None
        after = self.peek()
        if "OR" in (before, after):
            return QueryError(f"OR needs a term on both sides: {self.q}")
        if before == "LP":
            if after == "RP":
                return QueryError(f"empty ( ) group in query: {self.q}")
            return QueryError(f"unbalanced '(' in query: {self.q}", hint="close the group: ( ... )")
        return QueryError(f"unbalanced ')' in query: {self.q}")

    def primary(self):
        t = self.take()
        if t.kind == "LP":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(f"query nests ( ) groups more than {MAX_DEPTH} deep", hint="simplify the query")
            node = self.or_expr()
            self.depth -= 1
            if self.peek() != "RP":
                raise QueryError(f"unbalanced '(' in query: {self.q}")
            self.take()
            return node
        if t.kind == "RP":
            raise QueryError(f"unbalanced ')' in query: {self.q}")
        if t.kind == "NEARCALL":
            return self.near_call()
        if t.kind == "FIELD":
            return self.field(t.value)
        if t.kind == "PHRASE":
            return Term(t.value, quoted=True)
        word = t.value
        if word.endswith("*") and len(word.rstrip("*")) > 0:
            return Term(word.rstrip("*"), prefix=True)
        return Term(word)

    def field(self, name: str) -> Field:
        key = name.lower()
        if key not in FIELDS:
            raise QueryError(f"unknown field {name}: in query: {self.q}", hint=FIELD_HINT)
        if self.peek() in (None, "RP", "OR", "AND", "NOT", "MINUS", "NEAR", "COMMA", "FIELD"):
            raise QueryError(f"{name}: needs a term right after it: {self.q}", hint=FIELD_HINT)
        return Field(key, self.primary())
