"""An English Atom feed of the archive (`parallax feed`): one entry per article that has English,
newest first, with its English title, its English lead, its companies and topics as categories,
the link to the original, and which engine wrote the English. feedgen writes the Atom."""

from __future__ import annotations

from datetime import datetime, timezone

from feedgen.feed import FeedGenerator

from digest.leads import lead_of
from store.clean import clean_line
from store.model import topic_label
from store.urls import web_url

FEED_ID = "urn:parallax:feed"
MAX_ENTRIES = 200
COMPANY_SCHEME = "urn:parallax:company"
TOPIC_SCHEME = "urn:parallax:topic"
ENGINE_SCHEME = "urn:parallax:engine"


def _when(value: str | None) -> datetime:
    try:
        dt = datetime.fromisoformat(value) if value else None
    except ValueError:
        dt = None
    if dt is None:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def feed_title(company=None, topic: str | None = None) -> str:
    parts = [p for p in (company.name_en if company else None, topic_label(topic) if topic else None) if p]
    return "Parallax — China's commercial space sector in English" + (f": {', '.join(parts)}" if parts else "")


def atom_feed(archive, *, company: str | None = None, topic: str | None = None, since: str | None = None,
              limit: int = MAX_ENTRIES, now: datetime | None = None) -> bytes:
    """The feed as UTF-8 Atom XML. company: a company id; topic: a topic id; since: ISO date."""
    articles = archive.recent_articles(company=company, topic=topic, since=since, limit=limit)
    ids = [a.id for a in articles]
    companies = archive.companies_of(ids)
    topics = archive.topics_of(ids)
    facts = archive.facts_of(ids)
    refs = archive.company_refs([c for cs in companies.values() for c in cs] + ([company] if company else []))

    fg = FeedGenerator()
    query = "&".join(f"{k}={v}" for k, v in (("company", company), ("topic", topic), ("since", since)) if v)
    fg.id(FEED_ID + (f"?{query}" if query else ""))
    fg.title(feed_title(refs.get(company) if company else None, topic))
    fg.subtitle("English titles and leads of Chinese and English reports; machine translations say which engine "
                "wrote them.")
    fg.author({"name": "Parallax"})
    fg.generator("Parallax")
    fg.language("en")
    updated = max((_when(a.updated or a.fetched) for a in articles), default=None)
    fg.updated(updated or now or datetime.now(timezone.utc))
    # feedgen prepends entries: add the oldest first so the feed reads newest first
    for a in reversed(articles):
        e = fg.add_entry()
        e.id(f"urn:parallax:article:{a.id}")
        label = a.label
        title = clean_line(a.headline) or a.url
        e.title(title if a.lang == "en" else f"{title} [{label}]")
        link = web_url(a.link)
        if link:
            e.link(href=link, rel="alternate", hreflang=a.lang or None)
        e.published(_when(a.when))
        e.updated(_when(a.updated or a.fetched or a.when))
        e.author({"name": a.source})
        lead = lead_of(a, facts.get(a.id))
        summary = lead.text if lead else ""
        if a.lang != "en":
            original = clean_line(a.title) or ""
            note = f"English by {label}" if label != "not translated" else "Not translated"
            summary = f"{summary} ({note}; original title: {original})".strip()
        e.summary(summary or title)
        for c in companies.get(a.id, []):
            e.category(term=c, scheme=COMPANY_SCHEME, label=refs[c].name_en)
        for t in topics.get(a.id, []):
            e.category(term=t, scheme=TOPIC_SCHEME, label=topic_label(t))
        e.category(term=a.engine if a.lang != "en" else "none", scheme=ENGINE_SCHEME, label=label)
    return fg.atom_str(pretty=True)
