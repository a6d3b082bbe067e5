"""Select one ISO week from the archive, cluster it into stories, rank them and arrange the digest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from digest.cluster import cluster_articles, timestamp
from digest.themes import TOPIC_IDS, topic_label
from digest.week import parse_week
from store.archive import _chunks  # SQLite's bound-parameter limit: IN lists of at most 500
from translate.engines.base import translation_label

# Caps that keep the digest a two-minute read; every cut list says how many were left out.
PER_COMPANY = 5
MAX_COMPANIES = 15
PER_THEME = 5
MAX_ONLY_CHINESE = 10

# One label per translate.registry.TYPES value (tests/test_digest_build.py checks none is missing).
TYPE_LABELS = {
    "national_team": "National Team",
    "soe_subsidiary": "SOE subsidiary",
    "institute_spinoff": "Institute spin-off",
    "private": "Private start-up",
    "listed": "Listed company",
}


@dataclass(frozen=True)
class CompanyRef:
    id: str
    name_en: str
    name_zh: str | None
    type: str | None

    @property
    def type_label(self) -> str:
        if not self.type:
            return ""
        return TYPE_LABELS.get(self.type.lower(), self.type.replace("_", " ").capitalize())

    @property
    def display(self) -> str:
        return f"{self.name_en} ({self.name_zh})" if self.name_zh and self.name_zh != self.name_en else self.name_en


@dataclass
class Item:
    """One article as a reader sees it."""

    id: int
    lang: str
    title_en: str
    title: str
    engine: str  # "none" for English originals, "gloss", "argos"
    model: str | None
    source: str
    date: str  # YYYY-MM-DD
    url: str
    companies: list[CompanyRef]
    ts: float = field(repr=False, default=0.0)

    @property
    def translated(self) -> bool:
        return self.engine != "none"

    @property
    def label(self) -> str:
        """Who wrote the English title: shown next to it wherever it appears."""
        return translation_label(self.lang, self.engine, self.model)


@dataclass
class Story:
    items: list[Item]  # the lead first
    companies: list[CompanyRef]
    topics: list[str]

    @property
    def lead(self) -> Item:
        return self.items[0]

    @property
    def title(self) -> str:
        return self.lead.title_en

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
        return min(i.date for i in self.items)

    @property
    def last_date(self) -> str:
        return max(i.date for i in self.items)

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

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def subject(self) -> str:
        n = len(self.stories)
        return f"Parallax weekly digest — {self.week} — {n} {'story' if n == 1 else 'stories'}"


def engine_of(article: dict) -> str:
    if article.get("lang") == "en":
        return "none"
    return article.get("engine") or "none"


def _company_refs(archive, ids: set[str]) -> dict[str, CompanyRef]:
    refs = {i: CompanyRef(i, i, None, None) for i in ids}
    for part in _chunks(sorted(ids), 500):
        q = ",".join("?" * len(part))
        for r in archive.conn.execute(f"SELECT id, name_en, name_zh, type FROM companies WHERE id IN ({q})", part):
            refs[r["id"]] = CompanyRef(r["id"], r["name_en"] or r["id"], r["name_zh"], r["type"])
    return refs


def _make_item(a: dict, companies: list[CompanyRef]) -> Item:
    when = a.get("published") or a.get("fetched") or ""
    title = a.get("title") or ""
    return Item(
        id=a["id"],
        lang=a.get("lang") or "other",
        title_en=a.get("title_en") or (title if a.get("lang") == "en" else "") or title or "(untitled)",
        title=title,
        engine=engine_of(a),
        model=a.get("model"),
        source=a["source"],
        date=when[:10],
        url=a.get("canonical_url") or a["url"],
        companies=companies,
        ts=timestamp(a),
    )


def _lead_order(item: Item) -> tuple:
    # A human English headline beats a machine one, and a model translation beats a gloss.
    return (item.lang != "en", item.engine == "gloss", item.ts, item.id)


def _distinct(items: list[Item]) -> list[Item]:
    """One item per source and title: a source that published the same piece twice (another URL, a
    re-crawl under a new address) is listed once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for i in items:
        key = (i.source, " ".join((i.title or i.title_en).split()).lower())
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _first_seen(archive, company_ids: set[str], start: str) -> set[str]:
    """Of these companies, those never mentioned in an article dated before `start`."""
    seen_before: set[str] = set()
    for part in _chunks(sorted(company_ids), 500):
        q = ",".join("?" * len(part))
        for r in archive.conn.execute(
            f"SELECT DISTINCT m.company_id FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.company_id IN ({q}) AND a.status = 'ok' AND COALESCE(a.published, a.fetched) < ?",
            (*part, start),
        ):
            seen_before.add(r[0])
    return company_ids - seen_before


def _failed_all_week(archive, start: str, end: str) -> list[dict]:
    """Sources that were tried since the week began and have not succeeded since before it."""
    out = []
    for s in archive.sources():
        tried = s.get("last_error_at") and s["last_error_at"] >= start
        no_success = not s.get("last_success") or s["last_success"] < start
        if s.get("status") == "failing" and tried and no_success:
            out.append({"name": s["name"], "last_error": s.get("last_error") or "", "last_success": s.get("last_success")})
    return out


def build_digest(archive, week: str, config=None) -> "Digest":
    """The digest for ISO week `week` ("2026-W47") from everything archived with a date in it."""
    label, start, end = parse_week(week)
    since, until = start.isoformat(), end.isoformat()
    articles = list(archive.iter_articles(since, until))
    ids = [a["id"] for a in articles]
    mentioned = archive.companies_of(ids)
    tagged = archive.topics_of(ids)
    refs = _company_refs(archive, {c for lst in mentioned.values() for c in lst})

    topic_order = {t: k for k, t in enumerate(TOPIC_IDS)}
    stories: list[Story] = []
    for group in cluster_articles(articles, mentioned, names={c: r.name_en for c, r in refs.items()}):
        items = _distinct(sorted(
            (_make_item(articles[i], [refs[c] for c in mentioned[articles[i]["id"]]]) for i in group), key=_lead_order
        ))
        counts = Counter(c for i in group for c in mentioned[articles[i]["id"]])
        companies = [refs[c] for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], refs[kv[0]].name_en))]
        topics = sorted({t for i in group for t in tagged[articles[i]["id"]]}, key=lambda t: (topic_order.get(t, 99), t))
        stories.append(Story(items, companies, topics))
    stories.sort(key=Story.rank_key)

    max_headlines = config.digest.max_headlines if config is not None else 10
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
    langs = Counter(a.get("lang") for a in articles)
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
    new_ids = _first_seen(archive, set(by_company), since)
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
        failed_sources=_failed_all_week(archive, since, until),
    )


def write_digest_files(archive, week: str, config, out_dir, basename: str = "digest") -> list[Path]:
    """Build and render the week's digest; write OUT/BASENAME.html, .txt and .eml (nothing is sent)."""
    from digest.render import render_all, save_files

    return save_files(render_all(build_digest(archive, week, config), config), out_dir, basename)
