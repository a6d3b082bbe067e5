"""Archive schema, created and migrated by code; the version lives in PRAGMA user_version."""

from __future__ import annotations

import sqlite3

from store.errors import ArchiveError

# Each entry migrates from version i to i+1. Never edit a shipped entry: append a new one.
MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE sources (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        url TEXT NOT NULL,
        lang TEXT,
        status TEXT NOT NULL DEFAULT 'never',      -- never | ok | warning (v3) | failing
        last_attempt TEXT,
        last_success TEXT,
        last_error TEXT,
        last_error_at TEXT,
        last_warning TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        items_seen INTEGER NOT NULL DEFAULT 0,
        items_new INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,               -- normalised: the key
        canonical_url TEXT,
        source TEXT NOT NULL,
        lang TEXT,                              -- detected: zh | en | other
        title TEXT,
        title_en TEXT,
        text TEXT,
        text_en TEXT,
        author TEXT,
        account TEXT,                           -- WeChat public account, when known
        published TEXT,                         -- ISO 8601 UTC
        fetched TEXT NOT NULL,
        content_hash TEXT,
        status TEXT NOT NULL DEFAULT 'ok',      -- ok | unavailable
        body_from TEXT NOT NULL DEFAULT 'page', -- page | feed (teaser kept; page retried later)
        engine TEXT,                            -- argos | gloss | none (English original)
        model TEXT,
        processed_hash TEXT,                    -- content_hash + engine key when last processed
        updated TEXT
    );
    CREATE INDEX articles_source ON articles(source);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_fetched ON articles(fetched);
    CREATE TABLE translations (
        key TEXT PRIMARY KEY,                   -- engine | model | sha256(source text)
        engine TEXT NOT NULL,
        model TEXT,
        source_hash TEXT NOT NULL,
        text_en TEXT NOT NULL,
        flags TEXT,                             -- e.g. 'degenerate:loop' when repaired
        created TEXT NOT NULL
    );
    CREATE TABLE companies (
        id TEXT PRIMARY KEY,
        name_en TEXT NOT NULL,
        name_zh TEXT,
        type TEXT,
        parent TEXT,
        province TEXT,
        city TEXT,
        data TEXT                               -- JSON: full registry record
    );
    CREATE TABLE aliases (
        company_id TEXT NOT NULL REFERENCES companies(id),
        alias TEXT NOT NULL,
        lang TEXT,
        PRIMARY KEY (company_id, alias)
    );
    CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        company_id TEXT NOT NULL,
        field TEXT NOT NULL,                    -- title | text
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        surface TEXT NOT NULL,
        PRIMARY KEY (article_id, field, start)
    );
    CREATE INDEX mentions_company ON mentions(company_id, article_id);
    CREATE TABLE topics (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        topic TEXT NOT NULL,
        PRIMARY KEY (article_id, topic)
    );
    CREATE INDEX topics_topic ON topics(topic, article_id);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        status TEXT NOT NULL DEFAULT 'running', -- running | ok | partial | failed | interrupted
        pid INTEGER,
        sources_ok INTEGER DEFAULT 0,
        sources_failed INTEGER DEFAULT 0,
        articles_new INTEGER DEFAULT 0,
        articles_updated INTEGER DEFAULT 0,
        translations INTEGER DEFAULT 0,
        errors TEXT                             -- JSON list of one-line messages
    );
    CREATE TABLE digests (
        week TEXT NOT NULL,
        recipients TEXT NOT NULL,               -- sorted, comma-joined
        sent_at TEXT NOT NULL,
        subject TEXT,
        message_id TEXT,
        stories INTEGER,
        PRIMARY KEY (week, recipients)
    );
    -- Chinese is indexed as jieba-segmented, space-joined tokens: unicode61 then sees words.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, title_en, text_en,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: small facts about the archive itself (e.g. which company registry it was synced with);
    # a slim index holding everything search filters and date order read, so a filtered search
    # never reads past title and text (often overflow pages) for every match.
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT
    );
    CREATE INDEX articles_search ON articles(id, status, lang, source, COALESCE(published, fetched));
    """,
    # 3: items a crawl could not handle (a source with any is "warning"), and items left for later runs
    """
    ALTER TABLE sources ADD COLUMN items_skipped INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sources ADD COLUMN items_left INTEGER NOT NULL DEFAULT 0;
    """,
    # 4: the facts of each translated text (translate.facts) and whether its English carries them.
    # Translations made before the fact layer changed amounts, dates and places: every Chinese
    # article is translated again by the next run, and the cache of those translations is dropped.
    """
    CREATE TABLE facts (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        field TEXT NOT NULL,                    -- title | text
        kind TEXT NOT NULL,                     -- store.model.FACT_KINDS
        zh TEXT NOT NULL,                       -- as written
        en TEXT NOT NULL,                       -- as English news writes it
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        missing INTEGER NOT NULL DEFAULT 0      -- 1: the English translation does not carry it
    );
    CREATE INDEX facts_article ON facts(article_id);
    DELETE FROM translations;
    UPDATE articles SET processed_hash = NULL WHERE lang = 'zh';
    """,
    # 5: pages that are not articles: verification walls and rate-limit pages wait here for a later
    # run (the retry schedule, with backoff), account history and profile pages so they are never
    # fetched again; what each source's last crawl met, by kind; voice and video posts marked
    """
    CREATE TABLE not_articles (
        url TEXT PRIMARY KEY,                   -- normalised, as articles.url
        link TEXT NOT NULL,                     -- the address fetched (a mirror's own link)
        source TEXT NOT NULL,
        kind TEXT NOT NULL,                     -- blocked | not_article
        reason TEXT,                            -- what the page said, one line
        title TEXT,                             -- the feed's title for it, when known
        attempts INTEGER NOT NULL DEFAULT 1,    -- times it was met (blocked: fetched and refused)
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        retry_after TEXT                        -- blocked: not fetched again before this (UTC); else NULL
    );
    CREATE INDEX not_articles_source ON not_articles(source, kind);
    ALTER TABLE sources ADD COLUMN page_kinds TEXT;  -- JSON: pages the last crawl read, by kind
    ALTER TABLE articles ADD COLUMN media TEXT;      -- voice | video: a post kept by its title only
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the archive up to SCHEMA_VERSION; returns the version it started from."""
    start = current_version(conn)
    if start > SCHEMA_VERSION:
        raise ArchiveError(
            f"archive schema version {start} is newer than this Parallax ({SCHEMA_VERSION})",
            hint="upgrade Parallax",
        )
    for version in range(start, SCHEMA_VERSION):
        # executescript commits first; wrap each step so a crash leaves the old version intact.
        conn.executescript("BEGIN;\n" + MIGRATIONS[version] + f"\nPRAGMA user_version = {version + 1};\nCOMMIT;")
    return start
