"""User search syntax -> an FTS5 MATCH expression over the jieba-segmented index.

Syntax: words (implicit AND), "exact phrases", OR, AND, NOT / -word (exclude), ( ) groups,
word* (prefix). A company name in any form, also several words (Blue Arrow), expands to all of
its aliases. User text only ever reaches FTS5 as double-quoted strings (quotes doubled), so
FTS5 operators, column filters and punctuation in a query cannot change the expression.

The store does not segment Chinese or know company names: the caller passes the functions the index
was built with (segment, simplify) and the name lookups (resolve, longer_words); the enrichment
stage provides them (translate.lookup.query_language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

from store.errors import QueryError
from store.model import has_cjk

# Longest company name tried as a run of bare words ("China Great Wall Industry Corporation").
MAX_NAME_WORDS = 6
# Bounds the OR-list one company expands to; a registry entry rarely has more.
MAX_ALIASES = 40
# Bounds on what a user may type: deeper nesting is no real query (and would exhaust the parser's stack).
MAX_DEPTH = 20
MAX_QUERY_CHARS = 2000


Segmenter = Callable[[str], list[str]]
Resolver = Callable[[str], object | None]


@dataclass
class ParsedQuery:
    text: str  # what the user typed
    fts: str  # the MATCH expression
    companies: list[str] = field(default_factory=list)  # ids the query expanded
    # What to highlight in results: (index tokens, in order?, last token a prefix?) of every
    # term not excluded by NOT.
    highlights: list[tuple[list[str], bool, bool]] = field(default_factory=list)

    @cached_property
    def highlight_re(self) -> re.Pattern | None:
        """The highlights as one regex (store.snippets.highlight_pattern), built once per query, not
        once per result row."""
        from store.snippets import highlight_pattern

        return highlight_pattern(self.highlights)


# -- lexing -------------------------------------------------------------------------------
@dataclass
class _Tok:
    kind: str  # WORD PHRASE LP RP OR AND NOT MINUS
    value: str = ""


def _lex(q: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c == "(":
            out.append(_Tok("LP"))
            i += 1
        elif c == ")":
            out.append(_Tok("RP"))
            i += 1
        elif c in "\"“”":
            close = q.find('"', i + 1) if c == '"' else _find_any(q, "\"”", i + 1)
            if close < 0:
                raise QueryError(f"unbalanced quote in query: {q}", hint='close the phrase: "..."')
            out.append(_Tok("PHRASE", q[i + 1 : close]))
            i = close + 1
        elif c == "-" and i + 1 < n and not q[i + 1].isspace():
            # Only reached at the start of a term: Zhuque-2 is read whole below.
            out.append(_Tok("MINUS"))
            i += 1
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in "()\"“”":
                j += 1
            word = q[i:j]
            out.append(_Tok(word, word) if word in ("OR", "AND", "NOT") else _Tok("WORD", word))
            i = j
    return out


def _find_any(s: str, chars: str, start: int) -> int:
    hits = [p for p in (s.find(ch, start) for ch in chars) if p >= 0]
    return min(hits) if hits else -1


# -- parsing ------------------------------------------------------------------------------
@dataclass
class _Term:
    text: str
    quoted: bool = False
    prefix: bool = False


@dataclass
class _And:
    pos: list
    neg: list


@dataclass
class _Or:
    parts: list


@dataclass
class _Company:
    id: str
    names: list[str]
    original: _Term


class _Parser:
    def __init__(self, toks: list[_Tok], q: str):
        self.toks, self.i, self.q = toks, 0, q
        self.depth = 0

    def peek(self) -> str | None:
        return self.toks[self.i].kind if self.i < len(self.toks) else None

    def take(self) -> _Tok:
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
        return parts[0] if len(parts) == 1 else _Or(parts)

    def and_expr(self) -> _And:
        pos, neg = [], []
        while self.peek() not in (None, "RP", "OR"):
            if self.peek() == "AND":
                self.take()
                if self.peek() in (None, "RP", "OR", "AND"):
                    raise QueryError(f"AND needs a term on both sides: {self.q}")
                continue
            negate = self.peek() in ("NOT", "MINUS")
            if negate:
                self.take()
                if self.peek() in (None, "RP", "OR", "AND", "NOT", "MINUS"):
                    raise QueryError(f"NOT needs a term after it: {self.q}")
            (neg if negate else pos).append(self.primary())
        if not pos and not neg:
            raise self.no_term()
        return _And(pos, neg)

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
        if t.kind == "PHRASE":
            return _Term(t.value, quoted=True)
        word = t.value
        if word.endswith("*") and len(word.rstrip("*")) > 0:
            return _Term(word.rstrip("*"), prefix=True)
        return _Term(word)


# -- rendering ----------------------------------------------------------------------------
def fts_string(token: str) -> str:
    """The only way user text enters FTS5: a double-quoted string, inner quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


def _searchable(tokens: Iterable[str]) -> list[str]:
    # unicode61 drops punctuation-only tokens; an empty phrase would be an FTS5 error.
    out = []
    for t in tokens:
        t = t.strip()
        if t and any(ch.isalnum() for ch in t) and t not in out:
            out.append(t)
    return out


class _Renderer:
    def __init__(self, segment: Segmenter, resolve: Resolver | None, simplify: Callable[[str], str],
                 longer_words: Callable[[str], list[str]] | None = None):
        self.segment, self.resolve, self.simplify = segment, resolve, simplify
        self.longer_words = longer_words
        self.companies: list[str] = []
        self.highlights: list[tuple[list[str], bool, bool]] = []
        self.negating = False

    def tokens(self, text: str) -> list[str]:
        return _searchable(self.segment(self.simplify(text)))

    def term_shape(self, term: _Term) -> tuple[list[str], bool]:
        """(tokens, ordered): ordered tokens form a phrase, unordered ones must all occur."""
        toks = self.tokens(term.text)
        # Latin runs (Zhuque-2, "Long March 8") must stay in order; a Chinese run may be segmented
        # differently in context (蓝箭航天 vs 蓝箭 航天), so only its words are required.
        return toks, term.quoted or len(toks) < 2 or not any(has_cjk(t) for t in toks)

    def term_form(self, term: _Term, shape: tuple[list[str], bool] | None = None, names: bool = False) -> str | None:
        toks, ordered = shape or self.term_shape(term)
        if not toks:
            return None
        if not self.negating and (toks, ordered, term.prefix) not in self.highlights:
            self.highlights.append((toks, ordered, term.prefix))
        star = " *" if term.prefix else ""
        if ordered and len(toks) > 1:
            return fts_string(" ".join(toks)) + star
        parts = [fts_string(t) for t in toks]
        if star:
            parts[-1] += star
        elif not names:
            parts = [self.with_longer(t, p) for t, p in zip(toks, parts)]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def with_longer(self, tok: str, form: str) -> str:
        """A Chinese word or the index words that contain it: the segmenter keeps registry names
        whole (蓝箭航天 is one index word), so 航天 must also ask for them."""
        longer = self.longer_words(tok) if self.longer_words and has_cjk(tok) else []
        if not longer:
            return form
        return "(" + " OR ".join([form, *(fts_string(w) for w in longer)]) + ")"

    def company(self, text: str):
        if self.resolve is None:
            return None
        c = self.resolve(text)
        if c is None:
            simple = self.simplify(text)
            if simple != text:
                c = self.resolve(simple)
        return c

    def render(self, node) -> str | None:
        if isinstance(node, _Term):
            return self.term_or_company(node)
        if isinstance(node, _Company):
            shapes: list[tuple[list[str], bool]] = []
            for name in [node.original.text, *node.names][: MAX_ALIASES + 1]:
                if name is not node.original.text and getattr(self.company(name), "id", None) != node.id:
                    continue  # a name shared with another company (or a stray "Ltd.") would add noise
                toks, ordered = self.term_shape(_Term(name, quoted=node.original.quoted))
                if toks and (toks, ordered) not in shapes:
                    shapes.append((toks, ordered))
            forms = [self.term_form(_Term(""), sh, names=True) for sh in _drop_implied(shapes)]
            if not forms:
                return None
            return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"
        if isinstance(node, _Or):
            parts = [p for p in (self.render(x) for x in node.parts) if p]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
        pos = [p for p in (self.render(x) for x in self.group_names(node.pos)) if p]
        negating, self.negating = self.negating, True
        neg = [p for p in (self.render(x) for x in node.neg) if p]
        self.negating = negating
        if not pos:
            if neg:
                raise QueryError("a query cannot only exclude terms", hint='add a term to search for: "航天 -融资"')
            return None
        expr = pos[0] if len(pos) == 1 else "(" + " AND ".join(pos) + ")"
        for n in neg:
            expr = f"({expr} NOT {n})"
        return expr

    def term_or_company(self, term: _Term) -> str | None:
        if not term.prefix:
            c = self.company(term.text)
            if c is not None:
                return self.render(self.as_company(c, term))
        return self.term_form(term)

    def as_company(self, c, term: _Term) -> _Company:
        if c.id not in self.companies:
            self.companies.append(c.id)
        return _Company(c.id, list(c.names), term)

    def group_names(self, items: list) -> list:
        """Joins runs of bare words that together name a company: Blue Arrow, Space Pioneer."""
        out, i = [], 0
        while i < len(items):
            run_end = i
            while run_end < len(items) and _bare(items[run_end]):
                run_end += 1
            matched = False
            for n in range(min(MAX_NAME_WORDS, run_end - i), 1, -1):
                name = " ".join(t.text for t in items[i : i + n])
                c = self.company(name)
                if c is not None:
                    out.append(self.as_company(c, _Term(name)))
                    i += n
                    matched = True
                    break
            if not matched:
                out.append(items[i])
                i += 1
        return out


def _drop_implied(shapes: list[tuple[list[str], bool]]) -> list[tuple[list[str], bool]]:
    """Drops names that cannot match a document another name does not already match:
    "landspace technology corporation" next to "landspace". Fewer, shorter phrases are what
    keeps a company query fast: long legal names carry very common words (and, china, co)."""

    def implies(a, b) -> bool:  # every document matching b matches a
        (ta, oa), (tb, ob) = a, b
        if len(ta) == 1:
            return ta[0] in tb
        if oa and ob:
            return any(tb[i : i + len(ta)] == ta for i in range(len(tb) - len(ta) + 1))
        return not oa and set(ta) <= set(tb)

    keep = []
    for i, b in enumerate(shapes):
        if not any(j != i and implies(a, b) and (not implies(b, a) or j < i) for j, a in enumerate(shapes)):
            keep.append(b)
    return keep


def _bare(x) -> bool:
    return isinstance(x, _Term) and not x.quoted and not x.prefix


@dataclass
class Expansion:
    """What a name in a query stands for: a company (all its names and products' names) or one
    product (that product's names only: 天龙三号 must not bring in Tianlong-2 stories)."""

    id: str  # the company id
    names: list[str]


def parse_query(
    text: str,
    *,
    segment: Segmenter | None = None,
    resolve: Resolver | None = None,
    simplify: Callable[[str], str] | None = None,
    longer_words: Callable[[str], list[str]] | None = None,
) -> ParsedQuery:
    """Parse a user query; raises QueryError (one line) on a syntax error.

    segment: text -> index tokens, as the index was segmented (default: plain_words);
    resolve: name -> Expansion or None (default: no company expansion);
    simplify: Traditional -> Simplified, length-preserving, as the index reads text (default: none);
    longer_words: Chinese word -> longer index words containing it (default: none).
    """
    if not text or not text.strip():
        raise QueryError("empty query", hint='give words to search for, e.g. "航天 融资"')
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters", hint="search for fewer words")
    seg = segment or plain_words
    simp = simplify or _same
    node = _Parser(_lex(text), text).parse()
    r = _Renderer(seg, resolve, simp, longer_words)
    fts = r.render(node)
    if not fts:
        raise QueryError(f"nothing to search for in: {text}", hint="use words, not only punctuation")
    return ParsedQuery(text=text, fts=fts, companies=r.companies, highlights=r.highlights)


_PLAIN_WORD = re.compile(r"[^\W_]+")


def plain_words(text: str) -> list[str]:
    """Words as FTS5's unicode61 tokenizer sees them: the segmenter when none is given (Latin text
    needs no other; a run of Chinese stays one word)."""
    return _PLAIN_WORD.findall(text.lower())


def _same(text: str) -> str:
    return text
