"""What a search needs from the enrichment stage: the index's segmentation and Traditional folding,
and the registry's names (store.query.parse_query takes them as functions; query_language builds
them for a registry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from store.model import has_cjk
from store.query import Expander, Expansion, ParsedQuery, parse_query
from translate.normalise import exact_key, for_matching, to_traditional
from translate.registry import Registry, default_registry
from translate.segment import segment, segment_for_index, user_dictionary

# A short word (航天: ~100 names) is inside many names; the OR-list stays bounded, shortest first.
MAX_LONGER_WORDS = 200


def company_names(c) -> list[str]:
    """The names a registry company is found by in text: its own names and its products' (as the
    mention finder uses them); lookup-only names are left out, being too ambiguous in running text."""
    seen, out = set(), []
    for n in [*c.names(), *c.product_names()]:
        if n and n.lower() not in seen:
            seen.add(n.lower())
            out.append(n)
    return out


def company_resolver(registry: Registry) -> Callable[[str], Expansion | None]:
    """Name -> Expansion, for exact names only (case, width, script and punctuation folded).

    registry.resolve also matches loosely, dropping legal-form words, so the lookup name 航天科技
    makes the plain word 航天 resolve to CASC; a search must not turn every 航天 query into CASC.
    """
    # The registry's exact-key index holds every name but the ids, which a query may use too.
    by_id: dict[str, set[str]] = {}
    for c in registry.companies:
        by_id.setdefault(exact_key(c.id), set()).add(c.id)
    by_id.pop("", None)

    def resolve(name: str) -> Expansion | None:
        if not name or not name.strip():
            return None
        key = exact_key(name)
        hits = registry.ids_with_exact_key(key) | by_id.get(key, set())
        if len(hits) != 1:
            return None
        c = registry.find(next(iter(hits)))
        # a company name wins over a product name; else the first product so named
        if key in by_id or any(exact_key(n) == key for n in [*c.names(), *c.lookup_only]):
            return Expansion(c.id, company_names(c))
        p = next(p for p in c.products if any(exact_key(n) == key for n in p.names()))
        names = p.names()
        return Expansion(c.id, names + [to_traditional(n) for n in names if has_cjk(n)])

    return resolve


def names_containing(registry: Registry) -> Callable[[str], list[str]]:
    """word -> the registry names the segmenter keeps whole that contain it (航天 -> 蓝箭航天, ...)."""
    words: list[str] | None = None  # built on the first Chinese word: a Latin-only query never needs them

    def longer(tok: str) -> list[str]:
        nonlocal words
        if words is None:
            # Only words jieba can emit whole: its blocks never hold punctuation such as （）.
            words = sorted({w for w in (line.rsplit(" ", 2)[0] for line in user_dictionary(registry)) if w.isalnum()},
                           key=lambda w: (len(w), w))
        return [w for w in words if tok in w and w != tok][:MAX_LONGER_WORDS]

    return longer


def index_words(text: str) -> list[str]:
    """A query's words exactly as the index was segmented (segment.segment_for_index)."""
    return segment_for_index(text).split()


@dataclass(frozen=True)
class QueryLanguage:
    """The keyword arguments of store.query.parse_query and store.search.search for this archive."""

    segment: Callable[[str], list[str]]
    simplify: Callable[[str], str]
    resolve: Callable[[str], Expansion | None] | None
    longer_words: Callable[[str], list[str]] | None
    expand: Expander | None = None

    def kwargs(self) -> dict:
        return {"segment": self.segment, "simplify": self.simplify, "resolve": self.resolve,
                "longer_words": self.longer_words, "expand": self.expand}

    def parse(self, text: str) -> ParsedQuery:
        return parse_query(text, **self.kwargs())


def query_language(registry: Registry | None = None, *, names: bool = True, terms: bool = True) -> QueryLanguage:
    """Segmentation and folding of the index; names=True adds the registry's company expansion,
    terms=True the bilingual term list and amounts (translate.expand). Both False: the query as
    typed (`search --exact`), still segmented and folded as the index is."""
    registry = registry or default_registry()
    expand = None
    if terms:
        from translate.expand import query_expander

        expand = query_expander(segment=lambda text: segment(text, registry))
    if not names:
        return QueryLanguage(index_words, for_matching, None, None, expand)
    return QueryLanguage(index_words, for_matching, company_resolver(registry), names_containing(registry), expand)
