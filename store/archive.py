"""The SQLite archive: one connection, WAL mode, idempotent upserts keyed by normalised URL."""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from parallax.errors import ArchiveError
from store.schema import SCHEMA_VERSION, current_version, migrate
from store.urls import normalise_url


def utcnow() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def content_hash(*parts: str | None) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update((p or "").encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass
class Document:
    """What a spider hands to the archive: one fetched (or feed-only) article."""

    url: str
    source: str
    title: str | None = None
    text: str | None = None
    lang: str | None = None
    author: str | None = None
    account: str | None = None
    published: str | None = None  # ISO 8601 UTC
    canonical_url: str | None = None
    status: str = "ok"  # ok | unavailable
    body_from: str = "page"  # page | feed
    fetched: str = field(default_factory=utcnow)


@dataclass
class UpsertResult:
    id: int
    created: bool
    changed: bool


@dataclass
class Processed:
    """The outcome of processing one article (companies, topics, translation)."""

    lang: str
    title_en: str | None
    text_en: str | None
    engine: str
    model: str | None
    mentions: list[dict]  # {company_id, field, start, end, surface}
    topics: list[str]
    index: dict  # segmented copies for FTS: title, text, title_en, text_en
    key: str  # processed_hash to record


class Archive:
    """Thin layer over sqlite-utils; every write method is one transaction."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None):
        self.conn = conn
        self.path = path

    @functools.cached_property
    def db(self):
        """sqlite-utils' view of the archive, built on first use (its import costs every crawl child)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, backup_before_migrate: bool = True) -> "Archive":
        p = Path(path)
        if not create and not p.exists():
            raise ArchiveError(f"{p}: archive not found", hint="run `parallax run` first")
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(p), timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            version = current_version(conn)
            if 0 < version < SCHEMA_VERSION and backup_before_migrate:
                _backup(conn, p.with_name(p.name + f".v{version}.bak"))
            migrate(conn)
        except sqlite3.DatabaseError as e:
            raise ArchiveError(f"{p}: cannot open archive: {e}") from None
        except OSError as e:
            raise ArchiveError(f"{p}: cannot create archive: {e}") from None
        return cls(conn, p)

    @classmethod
    def memory(cls) -> "Archive":
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        migrate(conn)
        return cls(conn, None)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        return _Tx(self.conn)

    # -- sources -------------------------------------------------------------------------
    def sync_sources(self, sources: Iterable) -> None:
        """Make the sources table match config (name, kind, url, lang); health is kept."""
        with self.transaction():
            for s in sources:
                self.conn.execute(
                    "INSERT INTO sources(name, kind, url, lang) VALUES (?,?,?,?) "
                    "ON CONFLICT(name) DO UPDATE SET kind=excluded.kind, url=excluded.url, lang=excluded.lang",
                    (s.name, s.kind, s.url, s.lang),
                )

    def source_row(self, name: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM sources WHERE name=?", (name,)).fetchone()
        return dict(row) if row else None

    def sources(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM sources ORDER BY name")]

    def set_http_cache(self, name: str, etag: str | None, last_modified: str | None) -> None:
        with self.transaction():
            self.conn.execute("UPDATE sources SET etag=?, last_modified=? WHERE name=?", (etag, last_modified, name))

    def record_source_result(
        self,
        name: str,
        *,
        ok: bool,
        error: str | None = None,
        warning: str | None = None,
        items_seen: int = 0,
        items_new: int = 0,
        when: str | None = None,
    ) -> None:
        when = when or utcnow()
        with self.transaction():
            if ok:
                self.conn.execute(
                    "UPDATE sources SET status='ok', last_attempt=?, last_success=?, consecutive_failures=0, "
                    "items_seen=?, items_new=?, last_warning=? WHERE name=?",
                    (when, when, items_seen, items_new, warning, name),
                )
            else:
                self.conn.execute(
                    "UPDATE sources SET status='failing', last_attempt=?, last_error=?, last_error_at=?, "
                    "consecutive_failures=consecutive_failures+1, items_seen=?, items_new=?, last_warning=? "
                    "WHERE name=?",
                    (when, _one_line(error), when, items_seen, items_new, warning, name),
                )

    # -- articles ------------------------------------------------------------------------
    def settled_urls(self, source: str | None = None) -> set[str]:
        """URLs never to fetch again: full pages archived, or marked unavailable."""
        sql = "SELECT url FROM articles WHERE (body_from='page' OR status='unavailable')"
        args: tuple = ()
        if source:
            sql += " AND source=?"
            args = (source,)
        return {r[0] for r in self.conn.execute(sql, args)}

    def upsert_article(self, doc: Document) -> UpsertResult:
        url = normalise_url(doc.url)
        h = content_hash(doc.title, doc.text, doc.status)
        with self.transaction():
            row = self.conn.execute(
                "SELECT id, content_hash, body_from, status FROM articles WHERE url=?", (url,)
            ).fetchone()
            if row is None:
                cur = self.conn.execute(
                    "INSERT INTO articles(url, canonical_url, source, lang, title, text, author, account, "
                    "published, fetched, content_hash, status, body_from, updated) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (url, doc.canonical_url or doc.url, doc.source, doc.lang, doc.title, doc.text, doc.author,
                     doc.account, doc.published, doc.fetched, h, doc.status, doc.body_from, doc.fetched),
                )
                return UpsertResult(cur.lastrowid, True, True)
            if row["content_hash"] == h and row["body_from"] == doc.body_from:
                return UpsertResult(row["id"], False, False)
            # A feed teaser never overwrites a full page already archived.
            if doc.body_from == "feed" and row["body_from"] == "page" and row["status"] == "ok":
                return UpsertResult(row["id"], False, False)
            self.conn.execute(
                "UPDATE articles SET canonical_url=COALESCE(?, canonical_url), lang=?, title=?, text=?, "
                "author=COALESCE(?, author), account=COALESCE(?, account), published=COALESCE(?, published), "
                "content_hash=?, status=?, body_from=?, updated=? WHERE id=?",
                (doc.canonical_url, doc.lang, doc.title, doc.text, doc.author, doc.account, doc.published, h,
                 doc.status, doc.body_from, doc.fetched, row["id"]),
            )
            if doc.status != "ok":
                self._clear_derived(row["id"])
            return UpsertResult(row["id"], False, True)

    def article(self, article_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return dict(row) if row else None

    def article_by_url(self, url: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM articles WHERE url=?", (normalise_url(url),)).fetchone()
        return dict(row) if row else None

    _PENDING = "status='ok' AND (processed_hash IS NULL OR processed_hash != content_hash || '|' || ?)"

    def pending_articles(self, engine_key: str, after_id: int = 0, limit: int = -1) -> list[dict]:
        """Articles whose content or translation engine changed since they were last processed,
        by id (page with after_id and limit)."""
        rows = self.conn.execute(
            f"SELECT * FROM articles WHERE id > ? AND {self._PENDING} ORDER BY id LIMIT ?",
            (after_id, engine_key, limit),
        )
        return [dict(r) for r in rows]

    def count_pending(self, engine_key: str) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM articles WHERE {self._PENDING}", (engine_key,)).fetchone()[0]

    def reset_processing(self, engine_key: str) -> int:
        """Make every article pending again and forget the cached translations of this engine
        (after a glossary, registry or engine fix); returns how many articles will be redone."""
        engine, _, model = engine_key.partition("|")
        with self.transaction():
            self.conn.execute(
                "DELETE FROM translations WHERE engine=? AND COALESCE(model, '-')=?", (engine, model or "-")
            )
            return self.conn.execute(
                "UPDATE articles SET processed_hash=NULL WHERE status='ok' AND processed_hash IS NOT NULL"
            ).rowcount

    def save_processed(self, article_id: int, p: Processed) -> None:
        """Store one article's derived data and its FTS row in one transaction."""
        with self.transaction():
            self._clear_derived(article_id)
            self.conn.execute(
                "UPDATE articles SET lang=?, title_en=?, text_en=?, engine=?, model=?, processed_hash=? WHERE id=?",
                (p.lang, p.title_en, p.text_en, p.engine, p.model, p.key, article_id),
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO mentions(article_id, company_id, field, start, end, surface) "
                "VALUES (?,?,?,?,?,?)",
                [(article_id, m["company_id"], m["field"], m["start"], m["end"], m["surface"]) for m in p.mentions],
            )
            self._insert_topics({article_id: p.topics})
            self.conn.execute(
                "INSERT INTO articles_fts(rowid, title, text, title_en, text_en) VALUES (?,?,?,?,?)",
                (article_id, p.index.get("title"), p.index.get("text"), p.index.get("title_en"), p.index.get("text_en")),
            )

    def processed_texts(self, after_id: int = 0, limit: int = 500) -> list[dict]:
        """id, lang, title and text of processed articles, by id (page with after_id)."""
        rows = self.conn.execute(
            "SELECT id, lang, title, text FROM articles WHERE id > ? AND status='ok' AND processed_hash IS NOT NULL "
            "ORDER BY id LIMIT ?", (after_id, limit))
        return [dict(r) for r in rows]

    def replace_topics(self, topics: dict[int, list[str]]) -> None:
        """Set the topics of these articles, all in one transaction."""
        with self.transaction():
            self.conn.executemany("DELETE FROM topics WHERE article_id=?", [(i,) for i in topics])
            self._insert_topics(topics)

    def _insert_topics(self, topics: dict[int, list[str]]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO topics(article_id, topic) VALUES (?,?)",
                              [(i, t) for i, ts in topics.items() for t in ts])

    def _clear_derived(self, article_id: int) -> None:
        self.conn.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM topics WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM articles_fts WHERE rowid=?", (article_id,))

    def iter_articles(self, since: str | None = None, until: str | None = None) -> Iterator[dict]:
        """Archived articles (status ok) ordered by date; dates compare on COALESCE(published, fetched)."""
        sql = "SELECT * FROM articles WHERE status='ok'"
        args: list = []
        if since:
            sql += " AND COALESCE(published, fetched) >= ?"
            args.append(since)
        if until:
            sql += " AND COALESCE(published, fetched) < ?"
            args.append(until)
        sql += " ORDER BY COALESCE(published, fetched), id"
        for r in self.conn.execute(sql, args):
            yield dict(r)

    def companies_of(self, article_ids: list[int]) -> dict[int, list[str]]:
        """Company ids per article, in order of first mention; one query per 500 ids."""
        out: dict[int, list[str]] = {i: [] for i in article_ids}
        for chunk in _chunks(article_ids, 500):
            q = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT article_id, company_id FROM mentions WHERE article_id IN ({q}) "
                "ORDER BY article_id, field DESC, start", chunk,
            ):
                lst = out[r[0]]
                if r[1] not in lst:
                    lst.append(r[1])
        return out

    def topics_of(self, article_ids: list[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {i: [] for i in article_ids}
        for chunk in _chunks(article_ids, 500):
            q = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT article_id, topic FROM topics WHERE article_id IN ({q}) ORDER BY article_id, topic", chunk
            ):
                out[r[0]].append(r[1])
        return out

    # -- translation cache ----------------------------------------------------------------
    @staticmethod
    def translation_key(engine: str, model: str | None, text: str) -> str:
        return f"{engine}|{model or '-'}|{hashlib.sha256(text.encode('utf-8')).hexdigest()}"

    def cached_translations(self, keys: list[str]) -> dict[str, tuple[str, list[str]]]:
        """key -> (text_en, flags); flags tell e.g. a gloss fallback apart from a model translation."""
        out: dict[str, tuple[str, list[str]]] = {}
        for chunk in _chunks(keys, 500):
            q = ",".join("?" * len(chunk))
            for key, text_en, raw in self.conn.execute(
                f"SELECT key, text_en, flags FROM translations WHERE key IN ({q})", chunk
            ):
                try:
                    flags = list(json.loads(raw)) if raw else []
                except ValueError:
                    flags = []
                out[key] = (text_en, flags)
        return out

    def cache_translations(self, rows: list[dict]) -> None:
        """rows: {key, engine, model, source_hash, text_en, flags}"""
        now = utcnow()
        with self.transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO translations(key, engine, model, source_hash, text_en, flags, created) "
                "VALUES (?,?,?,?,?,?,?)",
                [(r["key"], r["engine"], r.get("model"), r["source_hash"], r["text_en"], r.get("flags"), now)
                 for r in rows],
            )

    # -- companies ------------------------------------------------------------------------
    def sync_companies(self, companies: Iterable[dict]) -> None:
        """companies: {id, name_en, name_zh, type, parent, province, city, aliases: [(alias, lang)], data}"""
        with self.transaction():
            self.conn.execute("DELETE FROM aliases")
            for c in companies:
                self.conn.execute(
                    "INSERT INTO companies(id, name_en, name_zh, type, parent, province, city, data) "
                    "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name_en=excluded.name_en, "
                    "name_zh=excluded.name_zh, type=excluded.type, parent=excluded.parent, "
                    "province=excluded.province, city=excluded.city, data=excluded.data",
                    (c["id"], c["name_en"], c.get("name_zh"), c.get("type"), c.get("parent"), c.get("province"),
                     c.get("city"), json.dumps(c.get("data") or {}, ensure_ascii=False)),
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO aliases(company_id, alias, lang) VALUES (?,?,?)",
                    [(c["id"], a, lang) for a, lang in c.get("aliases", [])],
                )

    # -- meta -----------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)", (key, value))

    # -- runs -----------------------------------------------------------------------------
    def start_run(self, pid: int) -> int:
        with self.transaction():
            return self.conn.execute("INSERT INTO runs(started, pid) VALUES (?,?)", (utcnow(), pid)).lastrowid

    def finish_run(self, run_id: int, *, status: str, errors: list[str], **counts: int) -> None:
        cols = ", ".join(f"{k}=?" for k in counts)
        with self.transaction():
            self.conn.execute(
                f"UPDATE runs SET finished=?, status=?, errors=?{', ' + cols if cols else ''} WHERE id=?",
                (utcnow(), status, json.dumps(errors, ensure_ascii=False), *counts.values(), run_id),
            )

    def last_run(self) -> dict | None:
        row = self.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return dict(row) if row else None

    # -- digests --------------------------------------------------------------------------
    def digest_sent(self, week: str, recipients: list[str]) -> dict | None:
        row = self.conn.execute(
            "SELECT * FROM digests WHERE week=? AND recipients=?", (week, _recipients_key(recipients))
        ).fetchone()
        return dict(row) if row else None

    def record_digest(self, week: str, recipients: list[str], *, subject: str, message_id: str, stories: int) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO digests(week, recipients, sent_at, subject, message_id, stories) "
                "VALUES (?,?,?,?,?,?)",
                (week, _recipients_key(recipients), utcnow(), subject, message_id, stories),
            )


def _recipients_key(recipients: list[str]) -> str:
    return ",".join(sorted(r.strip().lower() for r in recipients))


def _one_line(msg: str | None) -> str | None:
    if msg is None:
        return None
    return " ".join(str(msg).split())[:500]


def _chunks(seq: list, n: int):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _backup(conn: sqlite3.Connection, dest: Path) -> None:
    target = sqlite3.connect(str(dest))
    try:
        conn.backup(target)
    finally:
        target.close()


class _Tx:
    """BEGIN IMMEDIATE ... COMMIT, nesting-safe (inner blocks join the outer transaction)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.outer = False

    def __enter__(self):
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.outer = True
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if not self.outer:
            return False
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            # SQLite has already rolled back after e.g. SQLITE_FULL; a second ROLLBACK would raise
            # "no transaction is active" and hide the real error.
            self.conn.execute("ROLLBACK")
        return False
