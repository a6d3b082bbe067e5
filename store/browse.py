"""Datasette metadata for browsing the archive: descriptions, canned queries, FTS wiring.

The canned `search` query calls parallax_match() and parallax_snippet(), SQL functions that
register_functions() adds to a connection: given the query parser the index was built for (the
Datasette plugin passes translate.lookup's), they segment the query like the index and expand
company names, which Datasette's own search box (words escaped as typed) cannot do for Chinese.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from store.errors import QueryError
from store.model import FACT_KINDS, TYPES
from store.query import ParsedQuery
from store.search import BM25_WEIGHTS
from store.snippets import ORIGINAL, english_and_original, make_snippet
from store.sql import A_OK, A_WHEN

ARTICLE_COLUMNS = {
    "id": "Article id (rowid of articles_fts)",
    "url": "Normalised URL: the key articles are deduplicated by",
    "canonical_url": "URL as published (rel=canonical when the page gives one)",
    "source": "Source name from config.yaml",
    "lang": "Detected language of the original: zh, en or other",
    "title": "Title in the original language (Traditional kept as published)",
    "title_en": "English title: machine translation for Chinese articles, see engine/model",
    "text": "Main text extracted from the page (or the feed teaser when body_from = feed)",
    "text_en": "English text: machine translation for Chinese articles, see engine/model",
    "author": "Author or byline, when the page names one",
    "account": "WeChat public account, when known",
    "published": "Publication time, ISO 8601 UTC",
    "fetched": "When Parallax fetched it, ISO 8601 UTC",
    "content_hash": "Hash of title, text and status: a change means the article changed",
    "status": "ok, or unavailable (deleted or blocked; kept so it is not fetched again)",
    "body_from": "page (full article: its page, or a mirror's whole post) or feed (teaser only; the page is "
                 "retried later)",
    "engine": "Which engine made the English: argos, gloss, or none for English originals",
    "model": "Translation model name and version (argos)",
    "processed_hash": "content hash + engine key when companies, topics and translation were last computed",
    "updated": "Last time the row changed",
    "media": "voice or video: a post that is one, kept by its title (no text)",
}

TABLES = {
    "articles": {
        "description": "One row per article, Chinese or English, with its English translation. The search "
                       "box matches whole words of the segmented index: separate Chinese words with spaces, "
                       "or use the search query, which segments for you and expands company names.",
        "columns": ARTICLE_COLUMNS,
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "sort_desc": "published",
    },
    "articles_fts": {
        "description": "FTS5 index: jieba-segmented, space-joined copies of title, text, title_en, text_en "
                       "(rowid = articles.id), unicode61 tokenizer",
    },
    "companies": {
        "description": "Company registry: one row per company",
        "columns": {
            "id": "Stable company id used in mentions and exports", "name_en": "English brand name",
            "name_zh": "Chinese brand name", "type": ", ".join(TYPES),
            "parent": "Parent company id", "province": "Province of registration", "city": "City",
            "data": "Full registry record (JSON)",
        },
    },
    "aliases": {
        "description": "Every name a company is known by: legal, brand, English, pinyin, former, products, "
                       "Traditional",
        "columns": {"company_id": "companies.id", "alias": "The name", "lang": "zh, zh-Hant or en"},
    },
    "mentions": {
        "description": "Company mentions found in articles",
        "columns": {
            "article_id": "articles.id", "company_id": "companies.id", "field": "title or text",
            "start": "Character offset in the field", "end": "End offset (exclusive)",
            "surface": "The name as written",
        },
    },
    "facts": {
        "description": "Facts of each translated Chinese title and text (amounts, dates, places, vehicles ...) "
                       "and whether the English carries them",
        "columns": {
            "article_id": "articles.id", "field": "title or text", "kind": ", ".join(FACT_KINDS),
            "zh": "The fact as written", "en": "As English news writes it",
            "start": "Character offset in the field", "end": "End offset (exclusive)",
            "missing": "1: the English translation does not carry it (check the original)",
        },
    },
    "topics": {
        "description": "Themes an article is tagged with (funding, launch, contract, policy, ...)",
        "columns": {"article_id": "articles.id", "topic": "Stable topic id"},
    },
    "sources": {"description": "Configured sources and their health: status, last success and error, counts, "
                              "page_kinds (what the last crawl read, by kind)"},
    "not_articles": {
        "description": "Pages met that are not articles, never archived as such: verification walls and "
                       "rate-limit notices (retried with backoff) and account history or profile pages",
        "columns": {
            "url": "Normalised URL (the key an article would have)", "link": "The address fetched",
            "source": "Source name", "kind": "blocked (retried after retry_after) or not_article (never again)",
            "reason": "What the page said, or the address it redirected to", "title": "The feed's title for it",
            "attempts": "Times it was met", "retry_after": "blocked: not fetched again before this (UTC)",
        },
    },
    "runs": {"description": "One row per crawl run, with counts and one-line errors"},
    "digests": {"description": "Weekly digests sent: one per week and recipient list, never twice"},
    "translations": {"description": "Translation cache: engine|model|hash of the source text -> English"},
}

# Monday of the week an article belongs to (its published date, else fetched).
_WEEK = f"date({A_WHEN}, 'weekday 0', '-6 days')"

_WEIGHTS = ", ".join(str(w) for w in BM25_WEIGHTS)

QUERIES = {
    "search": {
        "title": "Search in English or Chinese",
        "hide_sql": True,  # a reader sees the results first; "show" still shows the SQL
        "description": "Words all match; \"phrases\", OR, -word, title:, text: and NEAR work. Chinese needs no "
                       "spaces; a company name in any form (LandSpace, Blue Arrow, 藍箭航天) finds all of its names, a "
                       "term of the sector (funding, launch, test firing) its Chinese and English forms (融资, "
                       "financing), an amount its other spellings (十亿元 = 1 billion yuan). The snippet is English "
                       "(a Chinese article's from its translation); snippet_original is cut from the text as published.",
        # A query the parser refuses cannot raise its own message through SQLite (a function's exception
        # reads "user-defined function raised exception"): it matches nothing, and one row says why.
        "sql": (
            "SELECT NULL AS id, NULL AS published, NULL AS source, NULL AS lang,\n"
            "  'Error: ' || parallax_error(:q) AS title, NULL AS title_en, NULL AS snippet,\n"
            "  NULL AS snippet_original, NULL AS url\n"
            "WHERE parallax_error(:q) IS NOT NULL\n"
            "UNION ALL SELECT * FROM (\n"
            "SELECT a.id, a.published, a.source, a.lang, a.title, a.title_en,\n"
            "  parallax_snippet(:q, a.title, a.text, a.title_en, a.text_en) AS snippet,\n"
            "  parallax_snippet_original(:q, a.title, a.text) AS snippet_original, a.url\n"
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid\n"
            f"WHERE articles_fts MATCH parallax_match(:q) AND {A_OK}\n"
            f"ORDER BY bm25(articles_fts, {_WEIGHTS}) LIMIT 200)"
        ),
    },
    "company_articles": {
        "title": "A company's articles",
        "description": "Articles mentioning a company, newest first; give its id or any of its names",
        "sql": (
            "SELECT a.id, a.published, a.source, a.lang, a.title, a.title_en, a.url\n"
            "FROM articles a\n"
            f"WHERE {A_OK} AND a.id IN (\n"
            "  SELECT m.article_id FROM mentions m WHERE m.company_id IN (\n"
            "    SELECT :company\n"
            "    UNION SELECT id FROM companies WHERE lower(name_en) = lower(:company) OR name_zh = :company\n"
            "    UNION SELECT company_id FROM aliases WHERE lower(alias) = lower(:company)))\n"
            f"ORDER BY {A_WHEN} DESC, a.id DESC LIMIT 1000"
        ),
    },
    "weekly_by_company": {
        "title": "Articles per week by company",
        "description": "Weeks start on Monday (by published date, else fetched)",
        "sql": (
            f"SELECT {_WEEK} AS week_of, m.company_id, c.name_en, c.name_zh,\n"
            "  count(DISTINCT a.id) AS articles\n"
            "FROM mentions m JOIN articles a ON a.id = m.article_id\n"
            "LEFT JOIN companies c ON c.id = m.company_id\n"
            f"WHERE {A_OK}\n"
            "GROUP BY week_of, m.company_id ORDER BY week_of DESC, articles DESC, m.company_id"
        ),
    },
    "weekly_by_topic": {
        "title": "Articles per week by theme",
        "description": "Weeks start on Monday (by published date, else fetched)",
        "sql": (
            f"SELECT {_WEEK} AS week_of, t.topic, count(*) AS articles\n"
            "FROM topics t JOIN articles a ON a.id = t.article_id\n"
            f"WHERE {A_OK}\n"
            "GROUP BY week_of, t.topic ORDER BY week_of DESC, articles DESC, t.topic"
        ),
    },
}


# The home page `parallax serve` shows (Datasette's index.html, with the search and the articles table
# first): Jinja2, rendered by Datasette.
HOME_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ metadata.title or "Datasette" }}{% endblock %}
{% block body_class %}index{% endblock %}
{% block content %}
<h1>{{ metadata.title or "Datasette" }}</h1>
{% for database in databases %}
<form class="parallax-search" action="{{ urls.database(database.name) }}/search" method="get">
  <label for="q-{{ loop.index }}"><strong>Search in English or Chinese</strong></label>
  <input type="search" id="q-{{ loop.index }}" name="q" size="40"
         placeholder="funding, 融资, LandSpace, title:Zhuque, &quot;1 billion yuan&quot;">
  <input type="submit" value="Search">
</form>
<p class="parallax-articles"><a href="{{ urls.table(database.name, 'articles') }}">articles</a>: every article,
Chinese and English, with its English translation, newest first</p>
{% endfor %}
{% include "_description_source_license.html" %}
{% for database in databases %}
<h2><a href="{{ urls.database(database.name) }}">{{ database.name }}</a></h2>
<p>{% for table in database.tables_and_views_truncated %}<a href="{{ urls.table(database.name, table.name) }}">{{
table.name }}</a>{% if not loop.last %}, {% endif %}{% endfor %}{% if database.tables_and_views_more
%}, <a href="{{ urls.database(database.name) }}">...</a>{% endif %}</p>
{% endfor %}
{% endblock %}
"""


def datasette_metadata(database: str) -> dict:
    """metadata.json for `datasette serve`; database is the name Datasette gives the file (its stem)."""
    return {
        "title": "Parallax archive",
        "description": "Chinese and English news on China's commercial space sector, translated offline",
        "databases": {database: {"tables": TABLES, "queries": QUERIES}},
    }


def register_functions(conn, parse: Callable[[str], ParsedQuery], simplify: Callable[[str], str] | None = None) -> None:
    """Add parallax_match(q), parallax_error(q), parallax_snippet(q, title, text, title_en, text_en)
    (English) and parallax_snippet_original(q, title, text) to a sqlite3 connection. parse: a user
    query -> ParsedQuery (store.query.parse_query with the index's segmenter, name lookups and
    expander); simplify: the index's Traditional -> Simplified folding."""
    parsed = lru_cache(maxsize=256)(parse)

    def match_expression(q: str) -> str:
        """The FTS5 expression; one that matches nothing for an empty or refused query."""
        if not q or not q.strip():
            return '""'  # the form before anything is typed: match nothing, quietly
        try:
            return parsed(q).fts
        except QueryError:
            return '""'

    def query_error(q: str) -> str | None:
        """The one line `parallax search` prints for a refused query; NULL for a good or empty one."""
        if not q or not q.strip():
            return None
        try:
            parsed(q)
        except QueryError as e:
            return e.one_line()
        return None

    def highlight(q):
        try:
            return parsed(q).highlight_re
        except QueryError:
            return None

    def snippet_for(q, title, text, title_en, text_en) -> str:
        columns = {"title": title, "text": text, "title_en": title_en, "text_en": text_en}
        return english_and_original(columns, highlight(q), ("[", "]"), simplify)[0]

    def original_snippet_for(q, title, text) -> str:
        return make_snippet({"title": title, "text": text}, highlight(q), ("[", "]"), simplify, ORIGINAL)

    conn.create_function("parallax_match", 1, match_expression, deterministic=True)
    conn.create_function("parallax_error", 1, query_error, deterministic=True)
    conn.create_function("parallax_snippet", 5, snippet_for, deterministic=True)
    conn.create_function("parallax_snippet_original", 3, original_snippet_for, deterministic=True)
