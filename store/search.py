"""Full-text search over the archive: FTS5 match, filters, relevance or date order, snippets."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from parallax.errors import ArchiveError, UsageError
from store.query import ParsedQuery, default_simplifier, parse_query
from store.snippets import make_snippet

ORDERS = ("relevance", "date")
LANGS = ("zh", "en")
# Title hits count more than body hits; original and English columns weigh the same.
BM25_WEIGHTS = (4.0, 1.0, 4.0, 1.0)


@dataclass
class SearchResult:
    id: int
    url: str
    source: str
    lang: str | None
    title: str | None
    title_en: str | None
    published: str | None
    companies: list[str] = field(default_factory=list)
    snippet: str = ""
    engine: str | None = None  # who wrote title_en: none (English original) | gloss | argos
    model: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Filters:
    lang: str | None = None
    source: str | None = None
    company: str | None = None  # a company id (resolve names before)
    topic: str | None = None
    since: str | None = None  # inclusive lower bound, ISO date or datetime
    until: str | None = None  # inclusive day (a date) or exclusive instant (a datetime)


def search(
    archive,
    query: str | ParsedQuery,
    *,
    filters: Filters | None = None,
    order: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    markers: tuple[str, str] = ("[", "]"),
    segment=None,
    resolve=None,
    longer_words=None,
) -> list[SearchResult]:
    """Articles matching `query` (user syntax, see store.query), best first or newest first.

    The snippet is cut from the original column holding most of the query's words, each match
    wrapped in `markers`. resolve, longer_words: see store.query.parse_query (None: no expansion).
    """
    if order not in ORDERS:
        raise UsageError(f"unknown order {order!r}", hint="use relevance or date")
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    parsed = query if isinstance(query, ParsedQuery) else parse_query(
        query, segment=segment, resolve=resolve, longer_words=longer_words)
    where, args = filter_sql(filters or Filters())
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    order_sql = (
        f"bm25(articles_fts, {weights}), a.id DESC"
        if order == "relevance"
        else "COALESCE(a.published, a.fetched) DESC, a.id DESC"
    )
    # Phase 1 ranks ids only: snippet() and the text columns cost per row, so they are computed
    # in phase 2 for the page shown, not for every match.
    if order == "relevance" and not args:
        # No filter needs the articles table: rank inside FTS5 alone, no lookup per match.
        # (Unavailable articles have no FTS row; phase 2 checks status anyway.)
        sql = (
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
            f"ORDER BY bm25(articles_fts, {weights}), rowid DESC LIMIT ? OFFSET ?"
        )
    else:
        sql = (
            f"SELECT a.id FROM articles_fts JOIN articles a{INDEXED_BY} ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? {where} ORDER BY {order_sql} LIMIT ? OFFSET ?"
        )
    try:
        ids = [r[0] for r in archive.conn.execute(sql, [parsed.fts, *args, limit, offset])]
    except sqlite3.OperationalError as e:
        if "fts5" in str(e):  # a query FTS5 still rejects: the user's to change
            raise UsageError(f"cannot search for {parsed.text!r}: {e}") from None
        raise ArchiveError(f"search failed: {e}") from None
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {
        r["id"]: r
        for r in archive.conn.execute(
            "SELECT id, url, source, lang, title, title_en, text, text_en, published, engine, model FROM articles "
            f"WHERE id IN ({marks}) AND status = 'ok'",
            ids,
        )
    }
    companies = archive.companies_of(ids)
    simplify = default_simplifier()
    out = []
    for i in ids:
        r = rows.get(i)
        if r is None:
            continue
        snip = make_snippet(dict(r), parsed.highlight_re, markers, simplify)
        out.append(SearchResult(
            id=i, url=r["url"], source=r["source"], lang=r["lang"], title=r["title"], title_en=r["title_en"],
            published=r["published"], companies=companies.get(i, []), snippet=snip,
            engine=r["engine"], model=r["model"],
        ))
    return out


# The planner prefers the rowid lookup into the wide table; the slim index (schema v2) must be named.
INDEXED_BY = " INDEXED BY articles_search"


def count(archive, parsed: ParsedQuery, *, filters: Filters | None = None) -> int:
    """How many articles match (all pages)."""
    where, args = filter_sql(filters or Filters())
    if not args:
        sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    else:
        sql = (
            f"SELECT count(*) FROM articles_fts JOIN articles a{INDEXED_BY} "
            f"ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? {where}"
        )
    return archive.conn.execute(sql, [parsed.fts, *args]).fetchone()[0]


def filter_sql(f: Filters) -> tuple[str, list]:
    """SQL conditions (each starting with AND) over alias `a` = articles, and their bound args."""
    parts: list[str] = ["AND a.status = 'ok'"]
    args: list = []
    if f.lang:
        if f.lang not in LANGS:
            raise UsageError(f"unknown language {f.lang!r}", hint="use zh or en")
        parts.append("AND a.lang = ?")
        args.append(f.lang)
    if f.source:
        parts.append("AND a.source = ?")
        args.append(f.source)
    if f.company:
        parts.append("AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.company_id = ?)")
        args.append(f.company)
    if f.topic:
        parts.append("AND EXISTS (SELECT 1 FROM topics t WHERE t.article_id = a.id AND t.topic = ?)")
        args.append(f.topic)
    if f.since:
        parts.append("AND COALESCE(a.published, a.fetched) >= ?")
        args.append(date_bound(f.since, "--since"))
    if f.until:
        parts.append("AND COALESCE(a.published, a.fetched) < ?")
        args.append(date_bound(f.until, "--until", end=True))
    return " ".join(parts), args


def date_bound(value: str, option: str, *, end: bool = False) -> str:
    """An ISO string comparable with stored UTC timestamps; a bare --until date includes that day."""
    v = value.strip()
    try:
        if len(v) == 10:
            d = date.fromisoformat(v)
            return (d + timedelta(days=1)).isoformat() if end else d.isoformat()
        if len(v) == 7:  # a month: 2026-06
            d = date.fromisoformat(v + "-01")
            if end:
                d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
            return d.isoformat()
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{option}: not a date: {value!r}", hint="use YYYY-MM-DD") from None
    if dt.tzinfo is not None:
        from datetime import timezone

        dt = dt.astimezone(timezone.utc)
    return dt.replace(tzinfo=None).isoformat()
