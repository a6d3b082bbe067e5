"""Select one ISO week from the archive, cluster it into stories, rank them and arrange the digest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from digest.cluster import cluster_articles
from digest.options import DigestOptions
from digest.week import parse_week
from store.freshness import DEFAULT_QUIET_AFTER_DAYS
from store.model import TOPIC_IDS, Article, CompanyRef, Fact, NameSeen, topic_label

# Caps that keep the digest a two-minute read; every cut list says how many were left out.
PER_COMPANY = 5
MAX_COMPANIES = 15
PER_THEME = 5
MAX_ONLY_CHINESE = 10
MAX_NEW_NAMES = 5


@dataclass
class Story:
    items: list[Article]  # the lead first
    companies: list[CompanyRef]
    topics: list[str]
    article_companies: dict[int, list[CompanyRef]] = field(default_factory=dict, repr=False)
    article_missing: dict[int, list[Fact]] = field(default_factory=dict, repr=False)

    @property
    def lead(self) -> Article:
        return self.items[0]

    @property
    def title(self) -> str:
        return self.lead.headline

    def companies_in(self, article: Article) -> list[CompanyRef]:
        """The companies one of the story's articles names, title mentions first."""
        return self.article_companies.get(article.id, [])

    def facts_missing_in(self, article: Article) -> list[Fact]:
        """Facts of an article's title its English title does not carry (the reader must check the
        original for them)."""
        return self.article_missing.get(article.id, [])

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
    def first_date(self) -> str:
        return min(i.day for i in self.items)

    @property
    def last_date(self) -> str:
        return max(i.day for i in self.items)

    @property
    def topic_labels(self) -> list[str]:
        return [topic_label(t) for t in self.topics]

    def rank_key(self) -> tuple:
        return (-len(self.sources), -len(self.companies), -max(i.ts for i in self.items), self.lead.id)


@dataclass
class Section:
    """A company's or a theme's stories (capped), with how many there were in all."""

    key: str
    label: str
    stories: list[Story]
    total: int
    company: CompanyRef | None = None

    @property
    def more(self) -> int:
        return self.total - len(self.stories)


@dataclass
class Digest:
    week: str
    start: date
    end: date  # exclusive
    stories: list[Story]  # all of the week's stories, ranked
    headlines: list[Story]
    companies: list[Section]
    companies_total: int
    themes: list[Section]
    only_chinese: list[Story]
    asymmetry: dict[str, int]
    new_companies: list[CompanyRef]
    failed_sources: list[dict]
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
    return (a.lang != "en", a.engine == "gloss", a.ts, a.id)


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


def _failed_all_week(archive, start: str, end: str) -> list[dict]:
    """Sources that were tried since the week began and have not succeeded since before it."""
    out = []
    for s in archive.sources():
        tried = s.get("last_error_at") and s["last_error_at"] >= start
        no_success = not s.get("last_success") or s["last_success"] < start
        if s.get("status") == "failing" and tried and no_success:
            out.append({"name": s["name"], "last_error": s.get("last_error") or "", "last_success": s.get("last_success")})
    return out


# How the source-health block names each state a source that answers can be in.
_LABELS = {"quiet": "quiet", "blocked": "mirror blocked", "unreadable": "no article text found"}


def _quiet_this_week(archive, start: str, end: str, limits: dict[str, int], failed: set[str]) -> list[dict]:
    """Sources that answered this week yet brought nothing in: quiet as the week ended (judged on what
    was archived before its end), or whose last crawl this week met walls or pages without text."""
    fresh = archive.freshness(until=end)
    out = []
    for s in archive.sources():
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


def build_digest(archive, week: str, options: DigestOptions | None = None,
                 names_seen: Callable[..., list[NameSeen]] | None = None) -> "Digest":
    """The digest for ISO week `week` ("2026-W47") from everything archived with a date in it.
    names_seen(archive, since, until): organisation names the week's text wrote that the registry
    lacks (the enrichment stage's miner, given by the caller); the strongest are listed as new names."""
    options = options or DigestOptions()
    label, start, end = parse_week(week)
    since, until = start.isoformat(), end.isoformat()
    articles = list(archive.iter_articles(since, until))
    ids = [a.id for a in articles]
    mentioned = archive.companies_of(ids)
    tagged = archive.topics_of(ids)
    missing = {i: [f for f in fs if f.missing and f.field == "title"] for i, fs in archive.facts_of(ids).items()}
    refs = archive.company_refs(c for lst in mentioned.values() for c in lst)

    topic_order = {t: k for k, t in enumerate(TOPIC_IDS)}
    stories: list[Story] = []
    for group in cluster_articles(articles, mentioned, names={c: r.name_en for c, r in refs.items()}):
        members = [articles[i] for i in group]
        items = _distinct(sorted(members, key=_lead_order))
        counts = Counter(c for a in members for c in mentioned[a.id])
        companies = [refs[c] for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], refs[kv[0]].name_en))]
        topics = sorted({t for a in members for t in tagged[a.id]}, key=lambda t: (topic_order.get(t, 99), t))
        stories.append(Story(items, companies, topics, {a.id: [refs[c] for c in mentioned[a.id]] for a in items},
                             {a.id: missing[a.id] for a in items if missing[a.id]}))
    stories.sort(key=Story.rank_key)

    max_headlines = options.max_headlines
    by_company: dict[str, list[Story]] = {}
    by_theme: dict[str, list[Story]] = {}
    for s in stories:
        for c in s.companies:
            by_company.setdefault(c.id, []).append(s)
        for t in s.topics:
            by_theme.setdefault(t, []).append(s)

    company_order = sorted(by_company, key=lambda c: (-len(by_company[c]), refs[c].name_en.lower()))
    company_sections = [
        Section(c, refs[c].display, by_company[c][:PER_COMPANY], len(by_company[c]), refs[c])
        for c in company_order[:MAX_COMPANIES]
    ]
    extra_topics = sorted(t for t in by_theme if t not in topic_order)
    theme_sections = [
        Section(t, topic_label(t), by_theme[t][:PER_THEME], len(by_theme[t]))
        for t in [*TOPIC_IDS, *extra_topics]
        if t in by_theme
    ]

    zh_only = [s for s in stories if s.only_chinese]
    other_companies = {c.id for s in stories if not s.only_chinese for c in s.companies}
    zh_only_companies = {c.id for s in zh_only for c in s.companies} - other_companies
    langs = Counter(a.lang for a in articles)
    asymmetry = {
        "stories": len(stories),
        "stories_zh_only": len(zh_only),
        "stories_en_only": sum(1 for s in stories if s.langs == {"en"}),
        "stories_both": sum(1 for s in stories if {"zh", "en"} <= s.langs),
        "articles": len(articles),
        "articles_zh": langs.get("zh", 0),
        "articles_en": langs.get("en", 0),
        "companies": len(by_company),
        "companies_zh_only": len(zh_only_companies),
    }
    new_ids = set(by_company) - archive.companies_seen_before(by_company, since)
    failed = _failed_all_week(archive, since, until)
    new_companies = sorted((refs[c] for c in new_ids), key=lambda r: r.name_en.lower())

    return Digest(
        week=label,
        start=start,
        end=end,
        stories=stories,
        headlines=stories[:max_headlines],
        companies=company_sections,
        companies_total=len(by_company),
        themes=theme_sections,
        only_chinese=zh_only[:MAX_ONLY_CHINESE],
        asymmetry=asymmetry,
        new_companies=new_companies,
        failed_sources=failed,
        quiet_sources=_quiet_this_week(archive, since, until, options.quiet_after_days, {f["name"] for f in failed}),
        new_names=(names_seen(archive, since, until) if names_seen else [])[:MAX_NEW_NAMES],
    )
