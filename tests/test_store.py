import sqlite3

import pytest

from parallax.errors import ArchiveError
from store.archive import Archive
from store.model import Article, Enrichment, Mention
from store.schema import SCHEMA_VERSION
from store.urls import normalise_url


def test_archive_created_in_wal_mode_with_schema_version(tmp_path):
    with Archive.open(tmp_path / "a" / "archive.db") as a:
        assert a.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = set(a.db.table_names())
        assert {"sources", "articles", "translations", "companies", "aliases", "mentions", "topics",
                "runs", "digests", "articles_fts"} <= tables


def test_newer_schema_is_refused(tmp_path):
    p = tmp_path / "a.db"
    conn = sqlite3.connect(p)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(ArchiveError, match="newer than this Parallax"):
        Archive.open(p)


def test_not_a_database_is_a_clear_error(tmp_path):
    p = tmp_path / "a.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError, match=f"{p}: cannot open archive"):
        Archive.open(p)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("HTTPS://Example.COM:443/a/b?utm_source=x&id=3#frag", "https://example.com/a/b?id=3"),
        ("http://example.com/x?b=2&a=1&spm=abc", "http://example.com/x?a=1&b=2"),
        ("http://mp.weixin.qq.com/s?__biz=MzA=&mid=1&idx=1&sn=ab&chksm=xx&scene=21#wechat_redirect",
         "https://mp.weixin.qq.com/s?__biz=MzA%3D&mid=1&idx=1&sn=ab"),
        ("https://mp.weixin.qq.com/s/AbCdEf?scene=1", "https://mp.weixin.qq.com/s/AbCdEf"),
    ],
)
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


def test_upsert_is_idempotent_and_keyed_by_normalised_url():
    a = Archive.memory()
    d = Article(url="https://x.cn/a?utm_medium=rss#top", source="s", title="标题", text="正文", lang="zh")
    first = a.upsert_article(d)
    again = a.upsert_article(Article(url="https://x.cn/a", source="s", title="标题", text="正文", lang="zh"))
    assert first.created and not again.created and not again.changed and first.id == again.id
    changed = a.upsert_article(Article(url="https://x.cn/a", source="s", title="标题", text="新正文", lang="zh"))
    assert changed.changed and not changed.created
    assert a.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert a.article(first.id).text == "新正文"


def test_feed_teaser_never_overwrites_full_page_and_page_replaces_teaser():
    a = Archive.memory()
    teaser = Article(url="https://x.cn/a", source="s", title="T", text="teaser", body_from="feed")
    r = a.upsert_article(teaser)
    assert a.settled_urls() == set()  # a teaser's page is retried later
    a.upsert_article(Article(url="https://x.cn/a", source="s", title="T", text="full body", body_from="page"))
    assert a.settled_urls() == {"https://x.cn/a"}
    a.upsert_article(teaser)
    assert a.article(r.id).text == "full body"


def test_processing_is_pending_until_saved_and_again_when_engine_changes():
    a = Archive.memory()
    r = a.upsert_article(Article(url="https://x.cn/a", source="s", title="T", text="x", lang="zh"))
    assert [p.id for p in a.pending_articles("gloss|1")] == [r.id]
    row = a.article(r.id)
    a.save_enrichment(r.id, Enrichment(lang="zh", title_en="T", text_en="x", engine="gloss", model=None,
                                     mentions=[Mention("landspace", "x", 0, 1, "text")],
                                     topics=["funding"], index={"title": "t", "text": "x"},
                                     key=f"{row.content_hash}|gloss|1"))
    assert a.pending_articles("gloss|1") == []
    assert [p.id for p in a.pending_articles("argos|zh_en-1.9")] == [r.id]
    # Re-saving replaces derived rows instead of duplicating them.
    a.save_enrichment(r.id, Enrichment(lang="zh", title_en="T", text_en="x", engine="gloss", model=None,
                                     mentions=[], topics=["funding"], index={"title": "t"}, key="k"))
    assert a.conn.execute("SELECT COUNT(*) FROM topics").fetchone()[0] == 1
    assert a.conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 0
    assert a.conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == 1


def test_source_health_counts_consecutive_failures():
    from parallax.config import SourceConfig as Source

    a = Archive.memory()
    a.sync_sources([Source(name="s", kind="feed", url="https://x/")])
    a.record_source_result("s", ok=False, error="timeout\nafter 30 s")
    a.record_source_result("s", ok=False, error="HTTP 503")
    row = a.source_row("s")
    assert (row["status"], row["consecutive_failures"], row["last_error"]) == ("failing", 2, "HTTP 503")
    a.record_source_result("s", ok=True, items_seen=5, items_new=2)
    row = a.source_row("s")
    assert (row["status"], row["consecutive_failures"], row["items_new"]) == ("ok", 0, 2)
    assert row["last_error"] == "HTTP 503"  # kept for the record


def test_transaction_rolls_back_on_error():
    a = Archive.memory()
    with pytest.raises(RuntimeError):
        with a.transaction():
            a.conn.execute("INSERT INTO runs(started) VALUES ('x')")
            raise RuntimeError("boom")
    assert a.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0


def test_transaction_keeps_the_real_error_when_sqlite_already_rolled_back(tmp_path):
    a = Archive.open(tmp_path / "full.db")
    page_count = a.conn.execute("PRAGMA page_count").fetchone()[0]
    a.conn.execute(f"PRAGMA max_page_count = {page_count + 1}")
    big = "x" * 200_000
    with pytest.raises(sqlite3.OperationalError, match="full"):
        with a.transaction():
            a.conn.execute("INSERT INTO runs(started, errors) VALUES ('x', ?)", (big,))
    assert not a.conn.in_transaction
    assert a.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0


def test_old_archive_is_backed_up_then_migrated_with_its_data(tmp_path):
    from store.schema import MIGRATIONS

    p = tmp_path / "old.db"
    conn = sqlite3.connect(p)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute("INSERT INTO articles(url, source, fetched) VALUES ('https://x.cn/a', 's', '2026-01-01')")
    conn.commit()
    conn.close()
    with Archive.open(p) as a:
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert a.article_by_url("https://x.cn/a").source == "s"
        a.set_meta("registry", "abc")
        assert a.meta("registry") == "abc" and a.meta("missing") is None
    backup = sqlite3.connect(tmp_path / "old.db.v1.bak")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def test_the_facts_migration_redoes_translations_made_before_the_fact_layer(tmp_path):
    """Version 3 archives hold translations that may have changed amounts and places: after the
    upgrade every Chinese article is pending and the translation cache is empty; English ones stay."""
    from store.schema import MIGRATIONS

    p = tmp_path / "v3.db"
    conn = sqlite3.connect(p)
    conn.executescript("\n".join(MIGRATIONS[:3]) + "\nPRAGMA user_version = 3;")
    conn.execute("INSERT INTO articles(url, source, fetched, lang, processed_hash) VALUES ('https://x.cn/a', 's', '2026-01-01', 'zh', 'h|gloss|-')")
    conn.execute("INSERT INTO articles(url, source, fetched, lang, processed_hash) VALUES ('https://x.com/b', 's', '2026-01-01', 'en', 'h|gloss|-')")
    conn.execute("INSERT INTO translations(key, engine, model, source_hash, text_en, created) "
                 "VALUES ('k', 'gloss', NULL, 'h', 'ten hundred million', '2026-01-01')")
    conn.commit()
    conn.close()
    with Archive.open(p) as a:
        rows = dict(a.conn.execute("SELECT lang, processed_hash FROM articles").fetchall())
        assert rows == {"zh": None, "en": "h|gloss|-"}
        assert a.conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 0
        assert a.facts_of([1, 2]) == {1: [], 2: []}


def test_facts_are_stored_with_the_article_and_cleared_with_it():
    from store.model import Enrichment, Fact

    a = Archive.memory()
    aid = a.upsert_article(Article(url="https://x.cn/f", source="s", title="融资十亿元", text="6月24日发射",
                                   lang="zh", fetched="2026-06-01")).id
    facts = [Fact("money", "十亿元", 2, 5, "1 billion yuan", field="title"),
             Fact("date", "6月24日", 0, 5, "June 24", field="text", missing=True)]
    a.save_enrichment(aid, Enrichment("zh", "financing 1 billion yuan", "launch", "argos", "m", [], [], {}, "k", facts))
    assert a.facts_of([aid]) == {aid: facts}
    assert [f.to_dict() for f in a.facts_of([aid])[aid]][1] == {
        "kind": "date", "zh": "6月24日", "en": "June 24", "start": 0, "end": 5, "field": "text", "missing": True}
    again = [Fact("money", "二十亿元", 2, 6, "2 billion yuan", field="title")]
    a.save_enrichment(aid, Enrichment("zh", "financing 2 billion yuan", "", "argos", "m", [], [], {}, "k2", again))
    assert a.facts_of([aid]) == {aid: again}  # enriched again: the old facts are gone
    a.upsert_article(Article(url="https://x.cn/f", source="s", title="", text="", status="unavailable",
                             lang="zh", fetched="2026-06-02"))
    assert a.facts_of([aid]) == {aid: []}
