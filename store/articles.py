"""The articles table and what hangs off an article: mentions, topics and its full-text index row."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Iterator

from store.clean import clean_line, clean_text
from store.model import Article, Enrichment, Fact, Mention, UpsertResult, content_hash
from store.sql import A_OK, A_WHEN, OK, WHEN, chunks, marks
from store.urls import normalise_url

# Pending: archived, and either never enriched or enriched from other content or by another engine.
_PENDING = f"{OK} AND (processed_hash IS NULL OR processed_hash != content_hash || '|' || ?)"


class Articles:
    """Mixed into store.archive.Archive: needs self.conn and self.transaction()."""

    # -- written by spiders ------------------------------------------------------------------
    def upsert_article(self, doc: Article) -> UpsertResult:
        """Insert or update by normalised URL; a feed teaser never overwrites a full page. Text from
        outside is cleaned on the way in (store.clean: control and bidi-override characters). A page
        waiting in not_articles (a wall met before) leaves the retry schedule once it is archived."""
        doc = replace(doc, title=clean_line(doc.title), text=clean_text(doc.text), author=clean_line(doc.author),
                      account=clean_line(doc.account))
        url = normalise_url(doc.url)
        h = content_hash(doc.title, doc.text, doc.status)
        with self.transaction():
            row = self.conn.execute(
                "SELECT id, content_hash, body_from, status FROM articles WHERE url=?", (url,)
            ).fetchone()
            if row is None:
                cur = self.conn.execute(
                    "INSERT INTO articles(url, canonical_url, source, lang, title, text, author, account, "
                    "published, fetched, content_hash, status, body_from, updated, media) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (url, doc.canonical_url or doc.url, doc.source, doc.lang, doc.title, doc.text, doc.author,
                     doc.account, doc.published, doc.fetched, h, doc.status, doc.body_from, doc.fetched, doc.media),
                )
                self._forget_not_article(url)
                return UpsertResult(cur.lastrowid, True, True)
            if row["content_hash"] == h and row["body_from"] == doc.body_from:
                return UpsertResult(row["id"], False, False)
            if doc.body_from == "feed" and row["body_from"] == "page" and row["status"] == "ok":
                return UpsertResult(row["id"], False, False)
            self.conn.execute(
                "UPDATE articles SET canonical_url=COALESCE(?, canonical_url), lang=?, title=?, text=?, "
                "author=COALESCE(?, author), account=COALESCE(?, account), published=COALESCE(?, published), "
                "content_hash=?, status=?, body_from=?, updated=?, media=? WHERE id=?",
                (doc.canonical_url, doc.lang, doc.title, doc.text, doc.author, doc.account, doc.published, h,
                 doc.status, doc.body_from, doc.fetched, doc.media, row["id"]),
            )
            self._forget_not_article(url)
            if doc.status != "ok":
                self._clear_derived(row["id"])
            return UpsertResult(row["id"], False, True)

    def settled_urls(self, source: str | None = None) -> set[str]:
        """URLs never to fetch again: full pages archived, or marked unavailable."""
        sql = "SELECT url FROM articles WHERE (body_from='page' OR status='unavailable')"
        args: tuple = ()
        if source:
            sql += " AND source=?"
            args = (source,)
        return {r[0] for r in self.conn.execute(sql, args)}

    def source_urls(self, source: str) -> set[str]:
        """Every URL archived for a source (teasers and unavailable pages too)."""
        return {r[0] for r in self.conn.execute("SELECT url FROM articles WHERE source=?", (source,))}

    def teaser_urls(self, source: str) -> list[str]:
        """Articles of a source kept from its feed alone (their page failed): retried each run."""
        rows = self.conn.execute(f"SELECT url FROM articles WHERE source=? AND body_from='feed' AND {OK}", (source,))
        return [r[0] for r in rows]

    # -- read back ---------------------------------------------------------------------------
    def article(self, article_id: int) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return Article.from_row(row) if row else None

    def article_by_url(self, url: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE url=?", (normalise_url(url),)).fetchone()
        return Article.from_row(row) if row else None

    def iter_articles(self, since: str | None = None, until: str | None = None) -> Iterator[Article]:
        """Archived articles (status ok) ordered by the date they are filed under, since <= date < until."""
        where, args = _dated(since, until)
        for r in self.conn.execute(f"SELECT * FROM articles WHERE {OK}{where} ORDER BY {WHEN}, id", args):
            yield Article.from_row(r)

    def texts_since(self, since: str | None = None, until: str | None = None, batch: int = 500) -> Iterator[Article]:
        """id, lang, title and text of archived articles dated since <= date < until, read `batch`
        at a time in id order (each query starts after the last id seen: one pass over the archive)."""
        where, args = _dated(since, until)
        sql = f"SELECT id, url, source, lang, title, text FROM articles WHERE id > ? AND {OK}{where} ORDER BY id LIMIT ?"
        last = 0
        while True:
            rows = self.conn.execute(sql, [last, *args, batch]).fetchall()
            for r in rows:
                yield Article.from_row(r)
            if len(rows) < batch:
                return
            last = rows[-1]["id"]

    def article_counts_by_lang(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute(f"SELECT lang, COUNT(*) FROM articles WHERE {OK} GROUP BY lang")}

    def latest_date(self) -> str | None:
        """The newest date an archived article is filed under."""
        row = self.conn.execute(f"SELECT MAX({WHEN}) FROM articles WHERE {OK}").fetchone()
        return row[0] if row else None

    def companies_of(self, article_ids: list[int]) -> dict[int, list[str]]:
        """Company ids per article, title mentions first, then in order of first mention."""
        out: dict[int, list[str]] = {i: [] for i in article_ids}
        for chunk in chunks(article_ids):
            for r in self.conn.execute(
                f"SELECT article_id, company_id FROM mentions WHERE article_id IN ({marks(len(chunk))}) "
                "ORDER BY article_id, field DESC, start", chunk,
            ):
                lst = out[r[0]]
                if r[1] not in lst:
                    lst.append(r[1])
        return out

    def week_fingerprint(self, since: str, until: str) -> str:
        """What the archive holds for [since, until): which articles, and how each was last enriched.
        Equal fingerprints mean a result computed from those articles still holds."""
        row = self.conn.execute(
            f"SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(group_concat(id || ':' || COALESCE(processed_hash, ''), ','), '') "
            f"FROM (SELECT id, processed_hash FROM articles WHERE {OK} AND {WHEN} >= ? AND {WHEN} < ? ORDER BY id)",
            (since, until)).fetchone()
        return f"{row[0]}:{row[1]}:{content_hash(row[2])[:16]}"

    def mentions_of(self, article_ids: list[int]) -> dict[int, list[Mention]]:
        """Each article's company mentions with field and offsets: title first, then text, in order."""
        out: dict[int, list[Mention]] = {i: [] for i in article_ids}
        for chunk in chunks(list(out)):
            for r in self.conn.execute(
                f"SELECT article_id, company_id, surface, start, end, field FROM mentions "
                f"WHERE article_id IN ({marks(len(chunk))}) ORDER BY article_id, field DESC, start", chunk,
            ):
                out[r[0]].append(Mention(r[1], r[2], r[3], r[4], r[5]))
        return out

    def recent_articles(self, *, company: str | None = None, topic: str | None = None, since: str | None = None,
                        limit: int = 100) -> list[Article]:
        """Archived articles with English (an original or a translation), newest first; filtered by a
        company named, a topic tagged, a date (ISO, inclusive)."""
        sql = f"SELECT * FROM articles a WHERE {A_OK} AND (a.lang = 'en' OR COALESCE(a.title_en, '') != '')"
        args: list = []
        if company:
            sql += " AND a.id IN (SELECT article_id FROM mentions WHERE company_id = ?)"
            args.append(company)
        if topic:
            sql += " AND a.id IN (SELECT article_id FROM topics WHERE topic = ?)"
            args.append(topic)
        if since:
            sql += f" AND {A_WHEN} >= ?"
            args.append(since)
        sql += f" ORDER BY {A_WHEN} DESC, a.id DESC LIMIT ?"
        args.append(limit)
        return [Article.from_row(r) for r in self.conn.execute(sql, args)]

    def topics_of(self, article_ids: list[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {i: [] for i in article_ids}
        for chunk in chunks(article_ids):
            for r in self.conn.execute(
                f"SELECT article_id, topic FROM topics WHERE article_id IN ({marks(len(chunk))}) "
                "ORDER BY article_id, topic", chunk
            ):
                out[r[0]].append(r[1])
        return out

    def has_topic(self, topic: str) -> bool:
        return self.conn.execute("SELECT 1 FROM topics WHERE topic=? LIMIT 1", (topic,)).fetchone() is not None

    def topics_in_use(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT topic FROM topics ORDER BY topic")]

    # -- enrichment ---------------------------------------------------------------------------
    def pending_articles(self, engine_key: str, after_id: int = 0, limit: int = -1) -> list[Article]:
        """Articles whose content or translation engine changed since they were last enriched,
        by id (page with after_id and limit)."""
        rows = self.conn.execute(
            f"SELECT * FROM articles WHERE id > ? AND {_PENDING} ORDER BY id LIMIT ?",
            (after_id, engine_key, limit),
        )
        return [Article.from_row(r) for r in rows]

    def count_pending(self, engine_key: str) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM articles WHERE {_PENDING}", (engine_key,)).fetchone()[0]

    def reset_processing(self, engine_key: str) -> int:
        """Make every article pending again and forget the cached translations of this engine
        (after a glossary, registry or engine fix); returns how many articles will be redone."""
        engine, _, model = engine_key.partition("|")
        with self.transaction():
            self.conn.execute(
                "DELETE FROM translations WHERE engine=? AND COALESCE(model, '-')=?", (engine, model or "-")
            )
            return self.conn.execute(
                f"UPDATE articles SET processed_hash=NULL WHERE {OK} AND processed_hash IS NOT NULL"
            ).rowcount

    def save_enrichment(self, article_id: int, e: Enrichment) -> None:
        """Store one article's derived data and its full-text row in one transaction."""
        with self.transaction():
            self._clear_derived(article_id)
            self.conn.execute(
                "UPDATE articles SET lang=?, title_en=?, text_en=?, engine=?, model=?, processed_hash=? WHERE id=?",
                (e.lang, e.title_en, e.text_en, e.engine, e.model, e.key, article_id),
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO mentions(article_id, company_id, field, start, end, surface) "
                "VALUES (?,?,?,?,?,?)",
                [(article_id, m.company_id, m.field, m.start, m.end, m.surface) for m in e.mentions],
            )
            self._insert_topics({article_id: e.topics})
            self.conn.executemany(
                "INSERT INTO facts(article_id, field, kind, zh, en, start, end, missing) VALUES (?,?,?,?,?,?,?,?)",
                [(article_id, f.field, f.kind, f.zh, f.en, f.start, f.end, int(f.missing)) for f in e.facts],
            )
            self.conn.execute(
                "INSERT INTO articles_fts(rowid, title, text, title_en, text_en) VALUES (?,?,?,?,?)",
                (article_id, e.index.get("title"), e.index.get("text"), e.index.get("title_en"),
                 e.index.get("text_en")),
            )

    def enriched_articles(self, after_id: int = 0, limit: int = 500) -> list[Article]:
        """id, lang, title and text of enriched articles, by id (page with after_id)."""
        rows = self.conn.execute(
            f"SELECT id, url, source, lang, title, text FROM articles WHERE id > ? AND {OK} "
            "AND processed_hash IS NOT NULL ORDER BY id LIMIT ?", (after_id, limit))
        return [Article.from_row(r) for r in rows]

    def replace_topics(self, topics: dict[int, list[str]]) -> None:
        """Set the topics of these articles, all in one transaction."""
        with self.transaction():
            self.conn.executemany("DELETE FROM topics WHERE article_id=?", [(i,) for i in topics])
            self._insert_topics(topics)

    def replace_mentions(self, mentions: dict[int, list]) -> None:
        """Set the company mentions (store.model.Mention, with field) of these articles, in one transaction."""
        with self.transaction():
            self.conn.executemany("DELETE FROM mentions WHERE article_id=?", [(i,) for i in mentions])
            self.conn.executemany(
                "INSERT OR IGNORE INTO mentions(article_id, company_id, field, start, end, surface) "
                "VALUES (?,?,?,?,?,?)",
                [(i, m.company_id, m.field, m.start, m.end, m.surface) for i, ms in mentions.items() for m in ms],
            )

    def _insert_topics(self, topics: dict[int, Iterable[str]]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO topics(article_id, topic) VALUES (?,?)",
                              [(i, t) for i, ts in topics.items() for t in ts])

    def facts_of(self, article_ids: Iterable[int]) -> dict[int, list[Fact]]:
        """Each article's stored facts (title first, then text, in order), with field and missing."""
        out: dict[int, list[Fact]] = {i: [] for i in article_ids}
        for chunk in chunks(list(out)):
            for r in self.conn.execute(
                f"SELECT article_id, field, kind, zh, en, start, end, missing FROM facts "
                f"WHERE article_id IN ({marks(len(chunk))}) ORDER BY article_id, field = 'text', start", chunk
            ):
                out[r[0]].append(Fact(r[2], r[3], r[5], r[6], r[4], field=r[1], missing=bool(r[7])))
        return out

    def _clear_derived(self, article_id: int) -> None:
        self.conn.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM facts WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM topics WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM articles_fts WHERE rowid=?", (article_id,))


def _dated(since: str | None, until: str | None) -> tuple[str, list]:
    """The WHERE clause's tail and its arguments for since <= date filed under < until."""
    where, args = "", []
    if since:
        where += f" AND {WHEN} >= ?"
        args.append(since)
    if until:
        where += f" AND {WHEN} < ?"
        args.append(until)
    return where, args
