"""Full-text search over the archive: FTS5 match, filters, relevance or date order, snippets."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from store.clean import clean_text
from store.errors import ArchiveError, QueryError
from store.model import Article
from store.query import ParsedQuery, parse_query
from store.snippets import english_and_original
from store.sql import A_OK, A_WHEN, marks

ORDERS = ("relevance", "date")
MAX_LIMIT = 10_000  # results per call; SQLite's integers end long before a user's typo does
LANGS = ("zh", "en")
# Title hits count more than body hits; original and English columns weigh the same.
BM25_WEIGHTS = (4.0, 1.0, 4.0, 1.0)
# A query matching more than this many articles (a broad word in a large archive) shows the newest
# of them, those with a match in the title first: bm25 would read every match and, for each phrase
# of an expanded query, count its articles in the whole archive (a sixth of the archive for a
# broad word; 40 ms for one long company name in a million articles). Fewer matches are ranked by
# bm25. A narrower query, or --since, reaches further back.
RANK_WINDOW = 2_000
# How many of the newest articles are searched first to judge whether a query matches more than
# RANK_WINDOW in all: a narrow query (a company and a theme) is then ranked whole in one pass,
# not read twice (once for the window's start, once to rank).
PROBE = 100_000
TITLE_COLUMNS = "{title title_en}"


# What `search --json` prints per result, in this order (a public interface).
RESULT_FIELDS = ("id", "url", "source", "lang", "title", "title_en", "published", "companies", "snippet",
                 "snippet_original", "engine", "model")


@dataclass
class SearchResult:
    """One match: the article, the companies it names and its snippets: `snippet` in English (a
    Chinese article's from its translation), `snippet_original` from the text as published. Article
    fields read through (result.title, result.engine ...): engine/model say who wrote the English."""

    article: Article
    companies: list[str] = field(default_factory=list)
    snippet: str = ""
    snippet_original: str = ""

    def __getattr__(self, name: str):
        if name == "article":  # not set yet (copy, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.article, name)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in RESULT_FIELDS}


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
    simplify=None,
    resolve=None,
    longer_words=None,
    expand=None,
) -> list[SearchResult]:
    """Articles matching `query` (user syntax, see store.query), best first or newest first.

    Snippets are cut where most of the query's words are, each match wrapped in `markers`: the
    English one from a Chinese article's translation, the original from its text. segment,
    simplify, resolve, longer_words, expand: see store.query.parse_query; pass those the index was
    built with (translate.lookup.query_language).
    """
    if order not in ORDERS:
        raise QueryError(f"unknown order {order!r}", hint="use relevance or date")
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT:,}, not {limit}")
    parsed = query if isinstance(query, ParsedQuery) else parse_query(
        query, segment=segment, simplify=simplify, resolve=resolve, longer_words=longer_words, expand=expand)
    where, args = filter_sql(filters or Filters())
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    order_sql = (
        f"bm25(articles_fts, {weights}), a.id DESC"
        if order == "relevance"
        else f"{A_WHEN} DESC, a.id DESC"
    )
    # Phase 1 ranks ids only: snippet() and the text columns cost per row, so they are computed
    # in phase 2 for the page shown, not for every match.
    filtered = bool(args)
    try:
        start = window_start(archive, parsed.fts, where if filtered else "", args, max(RANK_WINDOW, limit + offset))
        if start is not None and order == "date":
            ids = newest_by_date(archive, parsed.fts, where, args, start, limit, offset)
        elif start is not None:
            ids = newest_titles_first(archive, parsed.fts, where if filtered else "", args, start, limit, offset)
        elif order == "relevance" and not filtered:
            # No filter needs the articles table: rank inside FTS5 alone, no lookup per match.
            # (Unavailable articles have no FTS row; phase 2 checks status anyway.)
            sql = (
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                f"ORDER BY bm25(articles_fts, {weights}), rowid DESC LIMIT ? OFFSET ?"
            )
            ids = [r[0] for r in archive.conn.execute(sql, [parsed.fts, limit, offset])]
        else:
            sql = (
                f"SELECT a.id FROM articles_fts JOIN articles a{INDEXED_BY} ON a.id = articles_fts.rowid "
                f"WHERE articles_fts MATCH ? {where} ORDER BY {order_sql} LIMIT ? OFFSET ?"
            )
            ids = [r[0] for r in archive.conn.execute(sql, [parsed.fts, *args, limit, offset])]
    except sqlite3.OperationalError as e:
        if "fts5" in str(e):  # a query FTS5 still rejects: the user's to change
            raise QueryError(f"cannot search for {parsed.text!r}: {e}") from None
        raise ArchiveError(f"search failed: {e}") from None
    if not ids:
        return []
    rows = {
        r["id"]: r
        for r in archive.conn.execute(
            "SELECT id, url, source, lang, title, title_en, text, text_en, published, engine, model FROM articles a "
            f"WHERE id IN ({marks(len(ids))}) AND {A_OK}",
            ids,
        )
    }
    companies = archive.companies_of(ids)
    out = []
    for i in ids:
        r = rows.get(i)
        if r is None:
            continue
        # Cleaned before the markers go in: the caller's markers may be terminal escapes of its own.
        english, original = english_and_original(
            {k: clean_text(v) if isinstance(v, str) else v for k, v in dict(r).items()},
            parsed.highlight_re, markers, simplify)
        out.append(SearchResult(Article.from_row(r), companies.get(i, []), english, original))
    return out


# The planner prefers the rowid lookup into the wide table; the slim index (schema v2) must be named.
INDEXED_BY = " INDEXED BY articles_search"


def window_start(archive, fts: str, where: str, args: list, size: int) -> int | None:
    """The lowest article id of the `size` most recently archived matches (where: filters, as
    filter_sql makes them, or "" for none); None when there are no more matches than that (all are
    ranked). Reading ids newest first costs no ranking."""
    join = f" JOIN articles a{INDEXED_BY} ON a.id = articles_fts.rowid" if where else ""
    newest = archive.conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
    if newest > PROBE:
        probed = archive.conn.execute(
            f"SELECT count(*) FROM articles_fts{join} WHERE articles_fts MATCH ? {where} AND articles_fts.rowid > ?",
            [fts, *args, newest - PROBE]).fetchone()[0]
        if probed * newest / PROBE <= size:
            return None  # as many in all as the newest articles suggest: few enough to rank them all
    row = archive.conn.execute(
        f"SELECT articles_fts.rowid FROM articles_fts{join} WHERE articles_fts MATCH ? {where} "
        "ORDER BY articles_fts.rowid DESC LIMIT 1 OFFSET ?", [fts, *args, size - 1]).fetchone()
    return row[0] if row else None


def newest_titles_first(archive, fts: str, where: str, args: list, start: int, limit: int, offset: int) -> list[int]:
    """A page of the matches from id `start` on: those matching in a title first, each part newest
    first. Reads ids only, no ranking function."""
    join = f" JOIN articles a{INDEXED_BY} ON a.id = articles_fts.rowid" if where else ""
    sql = (f"SELECT articles_fts.rowid FROM articles_fts{join} WHERE articles_fts MATCH ? {where} "
           "AND articles_fts.rowid >= ? ORDER BY articles_fts.rowid DESC LIMIT ?")
    in_title = f"{TITLE_COLUMNS} : ({fts})"
    need = limit + offset
    ids = [r[0] for r in archive.conn.execute(sql, [in_title, *args, start, need])]
    if len(ids) < need:
        ids += [r[0] for r in archive.conn.execute(sql, [f"({fts}) NOT {in_title}", *args, start, need - len(ids)])]
    return ids[offset:]


def newest_by_date(archive, fts: str, where: str, args: list, start: int, limit: int, offset: int) -> list[int]:
    """A page of the matches newest first by date, read from the matches from id `start` on (sorting
    every match of a broad word by date is what costs): only an older id dated later than that page's
    last entry can still belong to it, and the date indexes say which ids those are."""
    need = limit + offset
    sql = (f"SELECT a.id, {A_WHEN} FROM articles_fts JOIN articles a{INDEXED_BY} ON a.id = articles_fts.rowid "
           f"WHERE articles_fts MATCH ? {where} AND articles_fts.rowid >= ? {{older}}"
           f"ORDER BY {A_WHEN} DESC, a.id DESC LIMIT ?")
    page = archive.conn.execute(sql.format(older=""), [fts, *args, start, need]).fetchall()
    if page:
        last = page[-1][1]
        # Ties on the date go to the higher id, which every article of the page has.
        lowest = archive.conn.execute(
            "SELECT min(id) FROM (SELECT id FROM articles INDEXED BY articles_published WHERE published > ? AND id < ? "
            "UNION ALL SELECT id FROM articles INDEXED BY articles_published "
            "WHERE published IS NULL AND fetched > ? AND id < ?)", [last, start, last, start]).fetchone()[0]
        if lowest is not None:
            page += archive.conn.execute(
                sql.format(older=f"AND articles_fts.rowid < ? AND {A_WHEN} > ? "),
                [fts, *args, lowest, start, last, need]).fetchall()
            page.sort(key=lambda r: (r[1], r[0]), reverse=True)
    return [r[0] for r in page[offset:need]]


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
    parts: list[str] = [f"AND {A_OK}"]
    args: list = []
    if f.lang:
        if f.lang not in LANGS:
            raise QueryError(f"unknown language {f.lang!r}", hint="use zh or en")
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
        parts.append(f"AND {A_WHEN} >= ?")
        args.append(date_bound(f.since, "since"))
    if f.until:
        parts.append(f"AND {A_WHEN} < ?")
        args.append(date_bound(f.until, "until", end=True))
    return " ".join(parts), args


def date_bound(value: str, option: str, *, end: bool = False) -> str:
    """An ISO string comparable with stored UTC timestamps; an end date (end=True) includes that day.
    option names the value in the error message (the caller's word for it, e.g. "--since")."""
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
        raise QueryError(f"{option}: not a date: {value!r}", hint="use YYYY-MM-DD") from None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc)
    return dt.replace(tzinfo=None).isoformat()
