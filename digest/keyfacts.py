"""A story's key facts: amounts, rounds, partners, dates, places, vehicles and figures, in English,
from the fact layer's stored results for its Chinese articles and, for English articles (which have
no stored facts), the products their company mentions name."""

from __future__ import annotations

from dataclasses import dataclass

from store.model import Article, Fact, Mention

# The kinds a reader acts on, in the order the line gives them, with the word that introduces them.
KINDS = {
    "money": "amount", "round": "round", "org": "organisations", "person": "people", "date": "date",
    "place": "place", "vehicle": "vehicle", "designation": "flight", "count": "figures", "quantity": "figures",
    "percent": "figures",
}
PER_KIND = 3
MAX_FACTS = 10
# Places every story of this digest shares: naming them tells the reader nothing.
GENERIC_PLACES = frozenset({"china", "chinese mainland"})


def _telling(f: Fact) -> bool:
    """Whether a fact says something on its own line: not "China", not "this round" (which round is
    in the sentence), not a date without a number ("next year": next after what, the line cannot say)."""
    en = f.en.casefold()
    if f.kind == "place":
        return en not in GENERIC_PLACES and "orbit" not in en
    if f.kind == "date":
        return any(ch.isdigit() for ch in en)
    return not en.startswith(("this ", "that ", "the same "))


@dataclass(frozen=True)
class KeyFact:
    kind: str
    en: str
    zh: str | None = None  # as the Chinese source wrote it; None when read from English

    @property
    def group(self) -> str:
        return KINDS[self.kind]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "en": self.en, "zh": self.zh}


def key_facts(items: list[Article], facts: dict[int, list[Fact]], mentions: dict[int, list[Mention]],
              products: dict[str, dict[str, str]], lead_ends: dict[int, int] | None = None) -> list[KeyFact]:
    """The story's facts worth a line, each once (by its English), title and lead before the rest of
    the text, then by kind. lead_ends: per Chinese article, the offset in its text where its lead ends."""
    lead_ends = lead_ends or {}
    found: list[tuple[int, int, KeyFact]] = []  # (title/lead 0 or body 1, position, fact)
    for a in items:
        for f in facts.get(a.id, ()):
            if f.kind not in KINDS or not _telling(f):
                continue
            body = f.field == "text" and f.start >= lead_ends.get(a.id, 1 << 30)
            if body and f.kind == "date":
                continue  # a date further down is background (founded in 2015), not the event's
            found.append((int(body), f.start if f.field == "text" else -1, KeyFact(f.kind, f.en, f.zh)))
        if a.lang != "zh":
            for m in mentions.get(a.id, ()):
                en = products.get(m.company_id, {}).get(m.surface.casefold())
                if en:
                    found.append((int(m.field == "text"), m.start, KeyFact("vehicle", en)))
    order = {k: i for i, k in enumerate(KINDS)}
    seen: set[str] = set()
    per_group: dict[str, int] = {}
    out: list[KeyFact] = []
    # the fact layer's own (with the Chinese as written) before one read from an English mention
    for _, _, f in sorted(found, key=lambda t: (t[0], order[t[2].kind], t[2].zh is None, t[1])):
        key = f.en.casefold()
        if key in seen or per_group.get(f.group, 0) >= PER_KIND:
            continue
        seen.add(key)
        per_group[f.group] = per_group.get(f.group, 0) + 1
        out.append(f)
        if len(out) >= MAX_FACTS:
            break
    return sorted(out, key=lambda f: order[f.kind])


def grouped(facts: list[KeyFact]) -> list[tuple[str, list[KeyFact]]]:
    """The facts by the word that introduces them, in the line's order."""
    out: dict[str, list[KeyFact]] = {}
    for f in facts:
        out.setdefault(f.group, []).append(f)
    return list(out.items())
