"""User search syntax -> an FTS5 MATCH expression over the jieba-segmented index.

Syntax (store.querysyntax): words (implicit AND), "exact phrases", OR, AND, NOT / -word (exclude),
( ) groups, word* (prefix), title: / text: field filters, NEAR. A company name in any form, also
several words (Blue Arrow), expands to all of its aliases; with an expander, a term of the sector's
vocabulary or an amount expands to its forms in both languages (funding -> 融资, financing ...).
User text only ever reaches FTS5 as double-quoted strings (quotes doubled), so FTS5 operators,
column filters and punctuation in a query cannot change the expression.

The store does not segment Chinese, know company names or the vocabulary: the caller passes the
functions the index was built with (segment, simplify), the name lookups (resolve, longer_words)
and the expander; the enrichment stage provides them (translate.lookup.query_language).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Callable, Iterable

from store.errors import QueryError
from store.model import has_cjk
from store.querysyntax import FIELDS, Alt, And, Company, Field, Near, Or, Parser, Term, lex

# Longest company name tried as a run of bare words ("China Great Wall Industry Corporation").
MAX_NAME_WORDS = 6
# Bounds the OR-list one company expands to; a registry entry rarely has more.
MAX_ALIASES = 40
# Bounds the phrases one expanded term adds (a concept with its narrower ones, an amount): forms
# read, and phrases kept once those implied by a shorter one are gone.
MAX_FORMS_READ = 200
MAX_FORMS = 80
# Bounds the NEAR( ) clauses a NEAR over expanded terms turns into (one per combination of forms).
MAX_NEAR_CLAUSES = 64
MAX_QUERY_CHARS = 2000
# Bounds the phrases a whole query turns into: two hundred words of the term list would otherwise ask
# FTS5 for thousands.
MAX_PHRASES = 600


Segmenter = Callable[[str], list[str]]
Resolver = Callable[[str], object | None]


@dataclass(frozen=True)
class Alternatives:
    """What a piece of a query stands for, as the enrichment stage's expander says."""

    kind: str  # "glossary" (a concept of the term list), "amount", or "function_word"
    label: str  # the concept's id, or the amount in English
    forms: tuple[str, ...]  # every form to match, the typed one first; none: the piece is dropped


Piece = tuple[str, "Alternatives | None"]
Expander = Callable[[str], list[Piece]]


@dataclass
class ParsedQuery:
    text: str  # what the user typed
    fts: str  # the MATCH expression
    companies: list[str] = field(default_factory=list)  # ids the query expanded
    # What to highlight in results: (index tokens, in order?, last token a prefix?) of every
    # term not excluded by NOT.
    highlights: list[tuple[list[str], bool, bool]] = field(default_factory=list)
    # What each expanded term was matched as: {term, kind: company|glossary|amount, label, forms}.
    expansions: list[dict] = field(default_factory=list)

    @cached_property
    def highlight_re(self) -> re.Pattern | None:
        """The highlights as one regex (store.snippets.highlight_pattern), built once per query, not
        once per result row."""
        from store.snippets import highlight_pattern

        return highlight_pattern(self.highlights)


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


Shape = tuple[list[str], bool]


class _Renderer:
    def __init__(self, segment: Segmenter, resolve: Resolver | None, simplify: Callable[[str], str],
                 longer_words: Callable[[str], list[str]] | None = None, expand: Expander | None = None):
        self.segment, self.resolve, self.simplify = segment, resolve, simplify
        self.longer_words, self.expand = longer_words, expand
        self.companies: list[str] = []
        self.highlights: list[tuple[list[str], bool, bool]] = []
        self.expansions: list[dict] = []
        self.negating = False

    def tokens(self, text: str) -> list[str]:
        return _searchable(self.segment(self.simplify(text)))

    def term_shape(self, term: Term) -> Shape:
        """(tokens, ordered): ordered tokens form a phrase, unordered ones must all occur."""
        toks = self.tokens(term.text)
        # Latin runs (Zhuque-2, "Long March 8") must stay in order; a Chinese run may be segmented
        # differently in context (蓝箭航天 vs 蓝箭 航天), so only its words are required.
        return toks, term.quoted or len(toks) < 2 or not any(has_cjk(t) for t in toks)

    def highlight(self, toks: list[str], ordered: bool, prefix: bool) -> None:
        if not self.negating and (toks, ordered, prefix) not in self.highlights:
            self.highlights.append((toks, ordered, prefix))

    def term_form(self, term: Term, shape: Shape | None = None, names: bool = False) -> str | None:
        toks, ordered = shape or self.term_shape(term)
        if not toks:
            return None
        self.highlight(toks, ordered, term.prefix)
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

    def record(self, term: str, kind: str, label: str, forms: list[str]) -> None:
        entry = {"term": term, "kind": kind, "label": label, "forms": forms}
        if not self.negating and entry not in self.expansions:
            self.expansions.append(entry)

    # -- nodes
    def render(self, node) -> str | None:
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Company):
            return self.company_form(node)
        if isinstance(node, Alt):
            return self.alternatives(node)
        if isinstance(node, Field):
            inner = self.render(node.node)
            if not inner:
                return None
            return "{" + " ".join(FIELDS[node.name]) + "} : (" + inner + ")"
        if isinstance(node, Near):
            return self.near(node)
        if isinstance(node, Or):
            parts = [p for p in (self.render(x) for x in node.parts) if p]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
        pos = [p for p in (self.render(x) for x in self.group(node.pos)) if p]
        negating, self.negating = self.negating, True
        neg = [p for p in (self.render(x) for x in self.group(node.neg)) if p]
        self.negating = negating
        if not pos:
            if neg:
                raise QueryError("a query cannot only exclude terms", hint='add a term to search for: "航天 -融资"')
            return None
        expr = pos[0] if len(pos) == 1 else "(" + " AND ".join(pos) + ")"
        for n in neg:
            expr = f"({expr} NOT {n})"
        return expr

    def company_shapes(self, node: Company) -> tuple[list[Shape], list[str]]:
        shapes: list[Shape] = []
        written: list[str] = []
        for name in [node.original.text, *node.names][: MAX_ALIASES + 1]:
            if name is not node.original.text and getattr(self.company(name), "id", None) != node.id:
                continue  # a name shared with another company (or a stray "Ltd.") would add noise
            toks, ordered = self.term_shape(Term(name, quoted=node.original.quoted))
            if toks and (toks, ordered) not in shapes:
                shapes.append((toks, ordered))
                written.append(name)
        kept = _drop_implied(shapes)
        return kept, [written[shapes.index(sh)] for sh in kept]

    def company_form(self, node: Company) -> str | None:
        shapes, written = self.company_shapes(node)
        self.record(node.original.text, "company", node.id, written)
        forms = [self.term_form(Term(""), sh, names=True) for sh in shapes]
        if not forms:
            return None
        return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"

    def alt_shapes(self, node: Alt) -> tuple[list[Shape], list[str]]:
        """The phrases of an expanded piece, and the form each was first written as (for --json)."""
        shapes, written = _alt_shapes(node.alternatives.forms, self.segment, self.simplify)
        return [(list(t), o) for t, o in shapes], list(written)

    def alternatives(self, node: Alt) -> str | None:
        shapes, written = self.alt_shapes(node)
        a = node.alternatives
        self.record(node.text, a.kind, a.label, written)
        # Only the word as typed also asks for the longer index words holding it (航天 -> 蓝箭航天):
        # for every form of a concept that would be dozens of company names each, which cost
        # ranking time and find articles the form itself finds anyway.
        forms = [self.term_form(Term(""), sh, names=w != node.text) for sh, w in zip(shapes, written)]
        if not forms:
            return None
        return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"

    def term(self, term: Term) -> str | None:
        if not term.prefix and not term.literal:
            c = self.company(term.text)
            if c is not None:
                return self.render(self.as_company(c, term))
            if self.expand is not None:
                pieces = self.expand(term.text)
                if len(pieces) == 1 and pieces[0][1] is not None:
                    return self.render(Alt(term.text, pieces[0][1]))
                if not term.quoted and len(pieces) > 1:
                    return self.render(And(self.from_pieces(pieces), []))
        return self.term_form(term)

    def from_pieces(self, pieces: list[Piece]) -> list:
        """Expanded pieces as nodes; a plain piece may still be a company name (蓝箭航天 of 蓝箭航天融资)."""
        out = []
        for text, alt in pieces:
            if alt is not None:
                out.append(Alt(text, alt))
            else:
                c = self.company(text)
                out.append(self.as_company(c, Term(text)) if c is not None else Term(text, literal=True))
        return out

    def as_company(self, c, term: Term) -> Company:
        if c.id not in self.companies:
            self.companies.append(c.id)
        return Company(c.id, list(c.names), term)

    def group(self, items: list) -> list:
        """Runs of bare words that together name a company (Blue Arrow, Space Pioneer), then the
        remaining runs as the expander reads them (satellite internet, 1 billion yuan)."""
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
                    out.append(self.as_company(c, Term(name)))
                    i += n
                    matched = True
                    break
            if not matched:
                out.append(items[i])
                i += 1
        return self.expand_runs(out) if self.expand is not None else out

    def expand_runs(self, items: list) -> list:
        out, i = [], 0
        while i < len(items):
            if not _bare(items[i]) or self.company(items[i].text) is not None:
                out.append(items[i])
                i += 1
                continue
            j = i
            while j < len(items) and _bare(items[j]) and self.company(items[j].text) is None:
                j += 1
            if j - i == 1:
                out.append(items[i])  # term() expands a single word itself
            else:
                out.extend(self.from_pieces(self.expand(" ".join(t.text for t in items[i:j]))))
            i = j
        return out

    # -- NEAR
    def near_alternatives(self, term: Term) -> list[tuple[list[str], bool]]:
        """The phrases one NEAR operand may be: a company's names, a concept's forms, or itself."""
        shapes: list[Shape] = []
        if not term.prefix:
            c = self.company(term.text)
            if c is not None:
                node = self.as_company(c, term)
                shapes, written = self.company_shapes(node)
                self.record(term.text, "company", node.id, written)
            elif self.expand is not None:
                pieces = self.expand(term.text)
                if len(pieces) == 1 and pieces[0][1] is not None:
                    node = Alt(term.text, pieces[0][1])
                    shapes, written = self.alt_shapes(node)
                    a = node.alternatives
                    self.record(term.text, a.kind, a.label, written)
        if not shapes:
            toks = self.tokens(term.text)
            shapes = [(toks, True)] if toks else []
        return [(toks, term.prefix) for toks, _ in shapes]

    def near(self, node: Near) -> str | None:
        options = [self.near_alternatives(t) for t in node.terms]
        options = [o for o in options if o]
        if len(options) < 2:
            raise QueryError(f"NEAR needs two terms with words in them: {' '.join(t.text for t in node.terms)}")
        while _product(len(o) for o in options) > MAX_NEAR_CLAUSES:
            longest = max(options, key=len)
            longest.pop()  # the typed form comes first and stays
        for opts in options:
            for toks, prefix in opts:
                self.highlight(toks, True, prefix)
        clauses = [
            "NEAR(" + " ".join(fts_string(" ".join(t)) + (" *" if p else "") for t, p in combo)
            + f", {node.distance})"
            for combo in itertools.product(*options)
        ]
        return clauses[0] if len(clauses) == 1 else "(" + " OR ".join(clauses) + ")"


@lru_cache(maxsize=1024)
def _alt_shapes(forms: tuple[str, ...], segment: Segmenter, simplify: Callable[[str], str]):
    """alt_shapes' work, done once per set of forms and index language: the same concept comes back
    in query after query (a server, a benchmark, the Datasette plugin)."""
    shapes: list[Shape] = []
    written: list[str] = []
    for form in forms[:MAX_FORMS_READ]:
        toks = _searchable(segment(simplify(form)))
        if toks and (toks, True) not in shapes:
            shapes.append((toks, True))
            written.append(form)
    kept = _drop_implied(shapes)[:MAX_FORMS]
    return tuple((tuple(t), o) for t, o in kept), tuple(written[shapes.index(sh)] for sh in kept)


def _product(xs: Iterable[int]) -> int:
    n = 1
    for x in xs:
        n *= x
    return n


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

    # A one-word shape implies every shape holding its word: a set lookup, not a pair each (a concept
    # with its narrower ones has a hundred forms).
    singles = {sh[0][0] for sh in shapes if len(sh[0]) == 1}
    rest = [(i, sh) for i, sh in enumerate(shapes) if len(sh[0]) > 1 and not singles.intersection(sh[0])]
    keep_at = {i for i, sh in enumerate(shapes) if len(sh[0]) == 1}
    for i, b in rest:
        if not any(j != i and implies(a, b) and (not implies(b, a) or j < i) for j, a in rest):
            keep_at.add(i)
    return [sh for i, sh in enumerate(shapes) if i in keep_at]


def _bare(x) -> bool:
    return isinstance(x, Term) and not x.quoted and not x.prefix and not x.literal


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
    expand: Expander | None = None,
) -> ParsedQuery:
    """Parse a user query; raises QueryError (one line) on a syntax error.

    segment: text -> index tokens, as the index was segmented (default: plain_words);
    resolve: name -> Expansion or None (default: no company expansion);
    simplify: Traditional -> Simplified, length-preserving, as the index reads text (default: none);
    longer_words: Chinese word -> longer index words containing it (default: none);
    expand: text -> its pieces, each with the Alternatives it stands for or None (default: none).
    """
    if not text or not text.strip():
        raise QueryError("empty query", hint='give words to search for, e.g. "航天 融资"')
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters", hint="search for fewer words")
    seg = segment or plain_words
    simp = simplify or _same
    node = Parser(lex(text), text).parse()
    r = _Renderer(seg, resolve, simp, longer_words, expand)
    fts = r.render(node)
    if not fts:
        raise QueryError(f"nothing to search for in: {text}", hint="use words, not only punctuation")
    if fts.count('"') // 2 > MAX_PHRASES:  # an upper bound: a quote inside a phrase is doubled
        raise QueryError(f"query expands to more than {MAX_PHRASES} phrases: {text[:60]}…",
                         hint="search for fewer words, or for them exactly as written")
    return ParsedQuery(text=text, fts=fts, companies=r.companies, highlights=r.highlights,
                       expansions=r.expansions)


_PLAIN_WORD = re.compile(r"[^\W_]+")


def plain_words(text: str) -> list[str]:
    """Words as FTS5's unicode61 tokenizer sees them: the segmenter when none is given (Latin text
    needs no other; a run of Chinese stays one word)."""
    return _PLAIN_WORD.findall(text.lower())


def _same(text: str) -> str:
    return text
