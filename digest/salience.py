"""Which companies a story is about, and which it merely mentions.

An article is about a company named in its title, named in its lead (the first sentences of the
text) while being one of the companies it names most, or named most often of all (at least twice).
A company mentioned once in passing further down (a competitor, a customer in a list, a former
employer) is only mentioned. Tuned on tests/data/stories/tune.jsonl; benchmarks/salience.py gives
precision and recall on that set and on the held-out one.
"""

from __future__ import annotations

from dataclasses import dataclass

from digest.leads import chinese_sentence_ends, english_sentences
from store.model import Article, Mention

LEAD_SENTENCES = 1
LEAD_SHARE = 0.6  # named in the lead and at least half as often as the company named most


@dataclass(frozen=True)
class Salience:
    about: list[str]  # company ids, most mentioned first
    mentioned: list[str]


def lead_end(article: Article, sentences: int = LEAD_SENTENCES) -> int:
    """Offset in the article's own text (the one mentions point into) where its lead ends."""
    text = (article.text or "")[:2000]  # the lead is in here; sentence-splitting a long body would cost
    if article.lang == "zh" or (article.lang != "en" and not text.isascii()):
        ends = chinese_sentence_ends(text)
        return ends[min(sentences, len(ends)) - 1] if ends else 0
    spans = english_sentences(text, sentences)
    return spans[min(sentences, len(spans)) - 1][1] if spans else 0


def article_salience(article: Article, mentions: list[Mention]) -> Salience:
    """About and mentioned companies of one article, from its stored mentions (field and offsets)."""
    if not mentions:
        return Salience([], [])
    # plain dicts: Counter's update checks for a Mapping each call, which costs at 10,000 articles
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.company_id] = counts.get(m.company_id, 0) + 1
    top = max(counts.values())
    end = lead_end(article)
    in_title = {m.company_id for m in mentions if m.field == "title"}
    in_lead = {m.company_id for m in mentions if m.field == "text" and m.start < end}
    first: dict[str, tuple] = {}
    for m in mentions:
        first.setdefault(m.company_id, (m.field != "title", m.start))
    order = sorted(counts, key=lambda c: (-counts[c], first[c]))
    about = [c for c in order if c in in_title or (c in in_lead and counts[c] >= LEAD_SHARE * top)
             or (counts[c] == top and top >= 2 and sum(1 for v in counts.values() if v == top) == 1)]
    return Salience(about, [c for c in order if c not in about])


def story_salience(per_article: list[Salience]) -> Salience:
    """A story is about the companies at least half of its articles are about (at least one: the
    company most of them are about); every other company named is mentioned."""
    votes: dict[str, int] = {}
    named: dict[str, int] = {}
    for s in per_article:
        for c in s.about:
            votes[c] = votes.get(c, 0) + 1
            named[c] = named.get(c, 0) + 1
        for c in s.mentioned:
            named[c] = named.get(c, 0) + 1
    if not named:
        return Salience([], [])
    order = sorted(named, key=lambda c: (-votes.get(c, 0), -named[c], c))
    n = len(per_article)
    about = [c for c in order if votes.get(c, 0) and 2 * votes[c] >= n]
    if not about and votes:
        about = [order[0]]
    return Salience(about, [c for c in order if c not in about])
