"""Select one ISO week from the archive, cluster it into stories, decide what each story is about,
give it an English lead and key facts, rank the stories and arrange the digest: every story printed
in full once (numbered), later sections referring to it by number."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from digest.cluster import cluster_articles
from digest.concepts import ConceptIndex
from digest.eventkeys import week_keys
from digest.keyfacts import KeyFact, key_facts
from digest.leads import Lead, chinese_sentence_ends, lead_rank, story_lead
from digest.options import DigestOptions
from digest.salience import Salience, article_salience, story_salience
from digest.week import parse_week, week_of
from store.freshness import DEFAULT_QUIET_AFTER_DAYS
from store.model import COMPANY_TYPES, TOPIC_IDS, Article, CompanyRef, Fact, NameSeen, topic_label

# Caps that keep the digest a short read; every cut list says how many were left out.
PER_COMPANY = 5
MAX_COMPANIES = 15
PER_THEME = 8
MAX_ONLY_CHINESE = 20
PREVIOUS_WEEKS = 4
MAX_NEW_NAMES = 5


@dataclass
class Story:
    items: list[Article]  # the lead article first
    about: list[CompanyRef]  # the companies the story is about
    mentioned: list[CompanyRef]  # named in passing
    topics: list[str]
    article_companies: dict[int, list[CompanyRef]] = field(default_factory=dict, repr=False)
    article_missing: dict[int, list[Fact]] = field(default_factory=dict, repr=False)
    lead_en: Lead | None = None
    facts: list[KeyFact] = field(default_factory=list)
    mirrors: dict[int, str] = field(default_factory=dict, repr=False)  # article id -> mirror it was read from
    number: int = 0  # position in the digest, from 1
    printed: bool = False  # printed in full (later sections refer to it by number)

    @property
    def id(self) -> int:
        """Stable while its articles are: the lowest archive id among them."""
        return min(a.id for a in self.items)

    @property
    def lead(self) -> Article:
        return self.items[0]

    @property
    def title(self) -> str:
        return self.lead.headline

    @property
    def companies(self) -> list[CompanyRef]:
        return self.about + self.mentioned

    def companies_in(self, article: Article) -> list[CompanyRef]:
        """The companies one of the story's articles names, title mentions first."""
        return self.article_companies.get(article.id, [])

    def facts_missing_in(self, article: Article) -> list[Fact]:
        """Facts of an article's title its English title does not carry (the reader must check the
        original for them)."""
        return self.article_missing.get(article.id, [])

    def mirror_of(self, article: Article) -> str | None:
        return self.mirrors.get(article.id)

    @property
    def sources(self) -> list[str]:
        return sorted({i.source for i in self.items})

    @property
    def langs(self) -> set[str]:
        return {i.lang for i in self.items}

    @property
    def only_chinese(self) -> bool:
        return self.langs == {"zh"}

    @property
    def coverage(self) -> str:
        """zh-only, en-only or both (an article in another language counts for neither)."""
        zh, en = "zh" in self.langs, "en" in self.langs
        return "both" if zh and en else "zh-only" if zh else "en-only" if en else "other"

    @property
    def first_date(self) -> str:
        return min(i.day for i in self.items)

    @property
    def last_date(self) -> str:
        return max(i.day for i in self.items)

    @property
    def topic_labels(self) -> list[str]:
        return [topic_label(t) for t in self.topics]

    def rank_key(self) -> tuple:
        return (-len(self.sources), -len(self.about), -max(i.ts for i in self.items), self.id)


@dataclass
class Section:
    """A theme's stories (capped), with how many there were in all."""

    key: str
    label: str
    stories: list[Story]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.stories)


@dataclass
class CompanySection:
    """The stories a company is about (capped), and those that only mention it."""

    company: CompanyRef
    stories: list[Story]
    total: int
    mentioned_in: list[Story]

    @property
    def key(self) -> str:
        return self.company.id

    @property
    def label(self) -> str:
        return self.company.display

    @property
    def more(self) -> int:
        return self.total - len(self.stories)


@dataclass
class GlanceRow:
    label: str
    count: int
    previous: list[int]  # the previous weeks', oldest first

    @property
    def average(self) -> float:
        return sum(self.previous) / len(self.previous) if self.previous else 0.0

    @property
    def change(self) -> float:
        return self.count - self.average

    def to_dict(self) -> dict:
        return {"label": self.label, "count": self.count, "previous_weeks": self.previous,
                "previous_average": round(self.average, 2), "change": round(self.change, 2)}


@dataclass
class Glance:
    """The week in counts beside the average of the weeks before it."""

    weeks: list[str]  # the previous weeks compared with, oldest first
    totals: list[GlanceRow]  # stories, only in Chinese
    themes: list[tuple[str, GlanceRow]]  # (topic id, row)
    company_types: list[tuple[str, GlanceRow]]  # (type id, row): stories about a company of that type


@dataclass
class Digest:
    week: str
    start: date
    end: date  # exclusive
    stories: list[Story]  # all of the week's stories, ranked and numbered
    headlines: list[Story]  # those printed in full
    companies: list[CompanySection]
    companies_total: int
    only_mentioned: list[tuple[CompanyRef, list[Story]]]  # companies no story is about
    themes: list[Section]
    only_chinese: list[Story]
    asymmetry: dict[str, int]
    new_companies: list[CompanyRef]
    failed_sources: list[dict]
    glance: Glance | None = None
    # Sources that answered but brought nothing in: quiet, mirror blocked, no article text (dicts of
    # name, status, label, detail, last_item).
    quiet_sources: list[dict] = field(default_factory=list)
    new_names: list[NameSeen] = field(default_factory=list)  # organisations the registry lacks, strongest first

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def subject(self) -> str:
        n = len(self.stories)
        return f"Parallax weekly digest — {self.week} — {n} {'story' if n == 1 else 'stories'}"


def _lead_order(a: Article) -> tuple:
    # A human English headline beats a machine one, and a model translation beats a gloss.
    return (*lead_rank(a), a.ts, a.id)


def _distinct(items: list[Article]) -> list[Article]:
    """One article per source and title: a source that published the same piece twice (another URL,
    a re-crawl under a new address) is listed once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for i in items:
        key = (i.source, " ".join((i.title or i.headline).split()).lower())
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _failed_all_week(sources: list[dict], start: str) -> list[dict]:
    """Sources that were tried since the week began and have not succeeded since before it."""
    out = []
    for s in sources:
        tried = s.get("last_error_at") and s["last_error_at"] >= start
        no_success = not s.get("last_success") or s["last_success"] < start
        if s.get("status") == "failing" and tried and no_success:
            out.append({"name": s["name"], "last_error": s.get("last_error") or "", "last_success": s.get("last_success")})
    return out


# How the source-health block names each state a source that answers can be in.
_LABELS = {"quiet": "quiet", "blocked": "mirror blocked", "unreadable": "no article text found"}


def _quiet_this_week(archive, sources: list[dict], start: str, end: str, limits: dict[str, int],
                     failed: set[str]) -> list[dict]:
    """Sources that answered this week yet brought nothing in: quiet as the week ended (judged on what
    was archived before its end), or whose last crawl this week met walls or pages without text."""
    fresh = archive.freshness(until=end)
    out = []
    for s in sources:
        name = s["name"]
        if name in failed or not s.get("last_success") or s["last_success"] < start:
            continue
        f = fresh.get(name)
        crawled_this_week = start <= (s.get("last_attempt") or "") < end
        if s.get("status") in ("blocked", "unreadable") and crawled_this_week:
            last = f.last_item[:10] if f and f.last_item else "none yet"
            status, detail = s["status"], f"last new item {last}"
        elif f is not None and f.is_quiet(end, limits.get(name, DEFAULT_QUIET_AFTER_DAYS)):
            status, detail = "quiet", f.describe(end)
        else:
            continue
        out.append({"name": name, "status": status, "label": _LABELS[status], "detail": detail,
                    "last_item": f.last_item if f else None})
    order = list(_LABELS)
    return sorted(out, key=lambda q: (-order.index(q["status"]), q["name"]))  # blocked, unreadable, quiet


@dataclass
class _Week:
    articles: list[Article]
    stories: list[Story]
    refs: dict[str, CompanyRef]


def week_stories(archive, since: str, until: str, *, full: bool, mirror_sources: frozenset = frozenset(),
                 concepts: ConceptIndex | None = None) -> _Week:
    """The stories of [since, until): clusters, salience and topics; with full, also leads, key
    facts, the marks of facts the English lacks, and the mirror links of WeChat posts. concepts:
    the glossary's (digest.concepts), which tell a headline's kind and match leads across languages."""
    articles = list(archive.iter_articles(since, until))
    ids = [a.id for a in articles]
    mentions = archive.mentions_of(ids)
    companies = {i: list(dict.fromkeys(m.company_id for m in ms)) for i, ms in mentions.items()}
    tagged = archive.topics_of(ids)
    facts = archive.facts_of(ids)
    refs = archive.company_refs(c for lst in companies.values() for c in lst)
    products = archive.product_names(refs)
    salience = {a.id: article_salience(a, mentions[a.id]) for a in articles}
    keys = week_keys(articles, facts, mentions, products, concepts)
    # Reports join on the companies they are about: a rival named in passing does not make two
    # companies' news one story.
    subjects = {a.id: salience[a.id].about or companies[a.id] for a in articles}

    topic_order = {t: k for k, t in enumerate(TOPIC_IDS)}
    stories: list[Story] = []
    for group in cluster_articles(articles, subjects, names={c: r.name_en for c, r in refs.items()}, keys=keys,
                                  concepts=concepts):
        members = [articles[i] for i in group]
        items = _distinct(sorted(members, key=_lead_order))
        s: Salience = story_salience([salience[a.id] for a in items])
        topics = sorted({t for a in members for t in tagged[a.id]}, key=lambda t: (topic_order.get(t, 99), t))
        story = Story(items, [refs[c] for c in s.about], [refs[c] for c in s.mentioned], topics)
        if full:
            story.article_companies = {a.id: [refs[c] for c in companies[a.id]] for a in items}
            story.article_missing = {a.id: m for a in items
                                     if (m := [f for f in facts[a.id] if f.missing and f.field == "title"])}
            story.lead_en = story_lead(items, facts)
            lead_ends = {a.id: _zh_lead_end(a, story.lead_en) for a in items if a.lang == "zh"}
            story.facts = key_facts(items, facts, mentions, products, lead_ends)
            story.mirrors = {a.id: a.url for a in items if a.source in mirror_sources and a.url != a.link}
        stories.append(story)
    stories.sort(key=Story.rank_key)
    return _Week(articles, stories, refs)


def _zh_lead_end(a: Article, lead: Lead | None) -> int:
    """Where the lead of a Chinese article ends in its text: as many sentences as the story's lead."""
    ends = chinese_sentence_ends(a.text or "")
    n = max(lead.sentences, 1) if lead else 2
    return ends[min(n, len(ends)) - 1] if ends else 0


def _type_of(c: CompanyRef) -> str | None:
    return c.type.lower() if c.type else None


def _glance_counts(stories: list[Story]) -> tuple[dict[str, int], Counter, Counter]:
    totals = {"stories": len(stories), "zh_only": sum(s.only_chinese for s in stories)}
    themes = Counter(t for s in stories for t in s.topics)
    types = Counter(t for s in stories for t in {_type_of(c) for c in s.about} if t)
    return totals, themes, types


# Bump when clustering, salience or topics change what a week's counts would be.
COUNTS_VERSION = 2


def _counts_of_week(archive, since: str, until: str,
                    concepts: ConceptIndex | None = None) -> tuple[dict[str, int], Counter, Counter]:
    """A past week's glance counts. Kept in the archive's meta table under the week's fingerprint,
    so next week's digest reads them instead of clustering four weeks again; computed afresh when
    the week's articles changed, and not kept when the archive is open read-only."""
    key = f"digest.counts:{since}"
    # with concepts or without, a week's stories can differ
    stamp = f"{COUNTS_VERSION}{'c' if concepts else ''}:{archive.week_fingerprint(since, until)}"
    try:
        cached = json.loads(archive.meta(key) or "{}")
    except ValueError:
        cached = {}
    if cached.get("stamp") == stamp:
        return cached["totals"], Counter(cached["themes"]), Counter(cached["types"])
    counts = _glance_counts(week_stories(archive, since, until, full=False, concepts=concepts).stories)
    archive.remember(key, json.dumps({"stamp": stamp, "totals": counts[0], "themes": counts[1], "types": counts[2]}))
    return counts


def _glance(this: list[Story], previous: list[tuple[str, tuple]]) -> Glance:
    now = _glance_counts(this)
    before = [counts for _, counts in previous]
    totals = [
        GlanceRow("Stories", now[0]["stories"], [b[0]["stories"] for b in before]),
        GlanceRow("Only in Chinese sources", now[0]["zh_only"], [b[0]["zh_only"] for b in before]),
    ]
    seen_themes = set(now[1]).union(*(b[1] for b in before))
    extra = sorted(t for t in seen_themes if t not in TOPIC_IDS)
    themes = [(t, GlanceRow(topic_label(t), now[1][t], [b[1][t] for b in before]))
              for t in [*TOPIC_IDS, *extra] if t in seen_themes]
    seen_types = set(now[2]).union(*(b[2] for b in before))
    types = [(t, GlanceRow(COMPANY_TYPES.get(t, t.replace("_", " ").capitalize()), now[2][t], [b[2][t] for b in before]))
             for t in [*COMPANY_TYPES, *sorted(seen_types - set(COMPANY_TYPES))] if t in seen_types]
    return Glance([w for w, _ in previous], totals, themes, types)


def build_digest(archive, week: str, options: DigestOptions | None = None,
                 names_seen: Callable[..., list[NameSeen]] | None = None,
                 concepts: ConceptIndex | None = None) -> "Digest":
    """The digest for ISO week `week` ("2026-W47") from everything archived with a date in it.
    names_seen(archive, since, until): organisation names the week's text wrote that the registry
    lacks (the enrichment stage's miner, given by the caller); the strongest are listed as new names.
    concepts: the glossary's concepts (digest.concepts; the caller builds them from the term list)."""
    options = options or DigestOptions()
    label, start, end = parse_week(week)
    since, until = start.isoformat(), end.isoformat()
    sources = archive.sources()
    mirrors = frozenset(s["name"] for s in sources if s.get("kind") == "wechat")
    w = week_stories(archive, since, until, full=True, mirror_sources=mirrors, concepts=concepts)
    articles, stories, refs = w.articles, w.stories, w.refs
    for n, s in enumerate(stories, 1):
        s.number = n
        s.printed = n <= options.max_headlines

    previous = []
    for k in range(PREVIOUS_WEEKS, 0, -1):
        first = start - timedelta(days=7 * k)
        previous.append((week_of(first), _counts_of_week(archive, first.isoformat(),
                                                         (first + timedelta(days=7)).isoformat(), concepts)))

    about: dict[str, list[Story]] = {}
    mentioned_in: dict[str, list[Story]] = {}
    by_theme: dict[str, list[Story]] = {}
    for s in stories:
        for c in s.about:
            about.setdefault(c.id, []).append(s)
        for c in s.mentioned:
            mentioned_in.setdefault(c.id, []).append(s)
        for t in s.topics:
            by_theme.setdefault(t, []).append(s)

    company_order = sorted(about, key=lambda c: (-len(about[c]), refs[c].name_en.lower()))
    company_sections = [
        CompanySection(refs[c], about[c][:PER_COMPANY], len(about[c]), mentioned_in.get(c, []))
        for c in company_order[:MAX_COMPANIES]
    ]
    only_mentioned = [(refs[c], mentioned_in[c]) for c in sorted(mentioned_in, key=lambda c: refs[c].name_en.lower())
                      if c not in about]
    topic_order = {t: k for k, t in enumerate(TOPIC_IDS)}
    extra_topics = sorted(t for t in by_theme if t not in topic_order)
    theme_sections = [
        Section(t, topic_label(t), by_theme[t][:PER_THEME], len(by_theme[t]))
        for t in [*TOPIC_IDS, *extra_topics]
        if t in by_theme
    ]

    named = set(about) | set(mentioned_in)
    zh_only = [s for s in stories if s.only_chinese]
    other_companies = {c.id for s in stories if not s.only_chinese for c in s.companies}
    zh_only_companies = {c.id for s in zh_only for c in s.companies} - other_companies
    langs = Counter(a.lang for a in articles)
    asymmetry = {
        "stories": len(stories),
        "stories_zh_only": len(zh_only),
        "stories_en_only": sum(1 for s in stories if s.coverage == "en-only"),
        "stories_both": sum(1 for s in stories if s.coverage == "both"),
        "articles": len(articles),
        "articles_zh": langs.get("zh", 0),
        "articles_en": langs.get("en", 0),
        "companies": len(named),
        "companies_zh_only": len(zh_only_companies),
    }
    new_ids = named - archive.companies_seen_before(named, since)
    new_companies = sorted((refs[c] for c in new_ids), key=lambda r: r.name_en.lower())
    failed = _failed_all_week(sources, since)

    return Digest(
        week=label,
        start=start,
        end=end,
        stories=stories,
        headlines=[s for s in stories if s.printed],
        companies=company_sections,
        companies_total=len(about),
        only_mentioned=only_mentioned,
        themes=theme_sections,
        only_chinese=zh_only[:MAX_ONLY_CHINESE],
        asymmetry=asymmetry,
        new_companies=new_companies,
        failed_sources=failed,
        glance=_glance(stories, previous),
        quiet_sources=_quiet_this_week(archive, sources, since, until, options.quiet_after_days,
                                       {f["name"] for f in failed}),
        new_names=(names_seen(archive, since, until) if names_seen else [])[:MAX_NEW_NAMES],
    )
