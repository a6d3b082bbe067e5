"""Which companies a story is about, and which it merely mentions.

An article is about a company named in its title, named in its lead (the first sentences of the
text) while being one of the companies it names most, or named most often of all (at least twice).
A company mentioned once in passing further down (a competitor, a customer in a list, a former
employer) is only mentioned, and so is one named, wherever it stands, as a former employer, where a
hire comes from or a rival (原航天一院, 来自, 挑战, "former CALT"). Tuned on
tests/data/stories/tune.jsonl; benchmarks/stories.py gives precision and recall on that set and on
the held-out one.
"""

from __future__ import annotations

import re
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


# Words right before a name that make it someone else's past or rival, not the news's subject:
# a former employer (原航天一院, "former CALT"), where a hire comes from, a rival to be challenged.
_ASIDE_ZH = ("原", "来自", "挑战", "对标")
_ASIDE_EN = frozenset({"former", "ex", "from", "challenge", "challenges", "challenging", "rival", "rivals",
                       "versus", "vs"})
_LAST_WORD = re.compile(r"([a-z]+)[\s\-]*$")


def _aside(article: Article, m: Mention) -> bool:
    """Whether a mention is named as another's former employer, origin or rival."""
    text = (article.title if m.field == "title" else article.text) or ""
    before = text[max(0, m.start - 12):m.start]
    if before.endswith(_ASIDE_ZH):
        return True
    last = _LAST_WORD.search(before.lower())
    return bool(last and last.group(1) in _ASIDE_EN)


def article_salience(article: Article, mentions: list[Mention]) -> Salience:
    """About and mentioned companies of one article, from its stored mentions (field and offsets).
    A name given as a former employer, an origin or a rival counts as a mention only."""
    if not mentions:
        return Salience([], [])
    named = [m for m in mentions if not _aside(article, m)]
    # plain dicts: Counter's update checks for a Mapping each call, which costs at 10,000 articles
    counts: dict[str, int] = {}
    for m in named:
        counts[m.company_id] = counts.get(m.company_id, 0) + 1
    top = max(counts.values(), default=0)
    end = lead_end(article)
    in_title = {m.company_id for m in named if m.field == "title"}
    in_lead = {m.company_id for m in named if m.field == "text" and m.start < end}
    first: dict[str, tuple] = {}
    for m in mentions:
        first.setdefault(m.company_id, (m.field != "title", m.start))
        counts.setdefault(m.company_id, 0)
    order = sorted(counts, key=lambda c: (-counts[c], first[c]))
    about = [c for c in order if counts[c] and (
        c in in_title or (c in in_lead and counts[c] >= LEAD_SHARE * top)
        or (counts[c] == top and top >= 2 and sum(1 for v in counts.values() if v == top) == 1))]
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
