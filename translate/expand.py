"""Query expansion across languages: the pieces of a query's words that are a term of the sector's
vocabulary (translate.termlist) or an amount (translate.facts.amounts), each with every form it may
take in the archive, in Chinese and in English. store.query renders the forms; this module only
says what a piece stands for.

    expand("satellite internet funding")
    -> [("satellite internet", Alternatives(glossary, satellite_internet, (卫星互联网, ...))),
        ("funding", Alternatives(glossary, funding, (融资, 募资, financing, ...)))]
"""

from __future__ import annotations

from typing import Callable

from store.model import has_cjk
from store.query import Alternatives, Piece
from translate.facts.amounts import amount_forms, parse_amount
from translate.termlist import TermList, default_terms, term_key

# A Chinese run is read in index words; an amount spans several (超过 十 亿元 人民币).
MAX_CJK_WORDS = 6
# A piece that matches anything: dropped from the query (store.query renders no phrase for it).
FUNCTION_WORD = Alternatives("function_word", "dropped", ())


def query_expander(terms: TermList | None = None, segment: Callable[[str], list[str]] | None = None):
    """text -> [(piece, Alternatives | None)]: whole words of the text, in order; a Chinese word is
    cut in index words (segment, default translate.segment.segment) where a piece of it expands."""
    terms = terms or default_terms()
    max_words = max(terms.longest_form_words(), 5)  # "1 billion us dollars"

    def cut(text: str) -> list[str]:
        nonlocal segment
        if segment is None:
            from translate.segment import segment as default_segment

            segment = default_segment
        return [w for w in segment(text) if any(ch.isalnum() for ch in w)]

    def lookup(text: str) -> Alternatives | None:
        concept = terms.find(text)
        if concept is not None:
            forms = terms.forms(concept)
            return Alternatives("glossary", concept.id, tuple(dict.fromkeys([text, *forms])))
        amount = parse_amount(text)
        if amount is not None:
            return Alternatives("amount", amount.label, tuple(dict.fromkeys([text, *amount_forms(amount)])))
        return None

    def pieces_of(words: list[str], limit: int, joiner: str) -> list[Piece]:
        out: list[Piece] = []
        i = 0
        while i < len(words):
            for n in range(min(limit, len(words) - i), 0, -1):
                text = joiner.join(words[i : i + n])
                alt = lookup(text)
                if alt is not None:
                    out.append((text, alt))
                    i += n
                    break
            else:
                w = words[i]
                i += 1
                if joiner == " " and has_cjk(w):
                    inner = pieces_of(cut(w), MAX_CJK_WORDS, "")
                    out.extend(inner if any(a for _, a in inner) else [(w, None)])
                else:
                    out.append((w, None))
        return out

    def expand(text: str) -> list[Piece]:
        pieces = pieces_of(text.split(), max_words, " ")
        dropped = [p for p in pieces if p[1] is None and term_key(p[0]) in terms.function_words]
        if not dropped or len(dropped) == len(pieces):
            return pieces  # nothing but function words: search for them after all
        return [(p, FUNCTION_WORD) if (p, a) in dropped else (p, a) for p, a in pieces]

    return expand
