"""The archive's note of pages that are not articles: walls retried with backoff, account pages never."""

import sqlite3

from store.archive import Archive
from store.model import Article, NotArticle, SourceOutcome
from store.schema import MIGRATIONS

WALL = NotArticle("https://mp.weixin.qq.com/s?__biz=MzA=&mid=1&idx=1&sn=ab&chksm=9", "http://mirror/s/1", "wx",
                  "blocked", "当前环境异常，完成验证后即可继续访问", "天兵科技完成新一轮融资")
HISTORY = NotArticle("http://mirror/mp/profile_ext?action=home&__biz=MzA=", "http://mirror/mp/profile_ext?action=home&__biz=MzA=",
                     "wx", "not_article", "account page /mp/profile_ext")


def test_a_wall_waits_twice_as_long_after_each_refusal_up_to_a_week():
    a = Archive.memory()
    times = ["2026-11-20T00:00:00+00:00", "2026-11-20T06:00:00+00:00", "2026-11-20T18:00:00+00:00"]
    assert [a.record_not_article(WALL, when=t, backoff_hours=6) for t in times] == [1, 2, 3]
    [row] = a.not_articles("wx")
    assert (row["url"], row["link"], row["attempts"], row["first_seen"], row["retry_after"], row["title"]) == (
        "https://mp.weixin.qq.com/s?__biz=MzA%3D&mid=1&idx=1&sn=ab", "http://mirror/s/1", 3,
        "2026-11-20T00:00:00+00:00", "2026-11-21T18:00:00+00:00", "天兵科技完成新一轮融资")  # 6 h, 12 h, then 24 h
    for when in ("2026-11-22T00:00:00+00:00",) * 5:
        a.record_not_article(WALL, when=when, backoff_hours=6)
    assert a.not_articles("wx")[0]["retry_after"] == "2026-11-29T00:00:00+00:00"  # 6 h x 2^7 capped at 7 days


def test_state_skips_what_waits_and_hands_back_what_is_due():
    a = Archive.memory()
    a.record_not_article(WALL, when="2026-11-20T00:00:00+00:00", backoff_hours=6)
    a.record_not_article(HISTORY, when="2026-11-20T00:00:00+00:00", backoff_hours=6)
    before = a.not_article_state("wx", now="2026-11-20T05:59:59+00:00")
    assert (before.accounts, before.waiting, before.due) == (
        {"http://mirror/mp/profile_ext?__biz=MzA%3D&action=home"},
        {"https://mp.weixin.qq.com/s?__biz=MzA%3D&mid=1&idx=1&sn=ab"}, [])
    assert before.skip == before.accounts | before.waiting
    after = a.not_article_state("wx", now="2026-11-20T06:00:00+00:00")
    assert after.skip == {"http://mirror/mp/profile_ext?__biz=MzA%3D&action=home"}  # account pages: never again
    assert after.due == [("http://mirror/s/1", "天兵科技完成新一轮融资")]
    assert a.not_article_state("other").due == []


def test_archiving_the_url_takes_it_off_the_schedule():
    a = Archive.memory()
    a.record_not_article(WALL, backoff_hours=0)
    a.upsert_article(Article(url="https://mp.weixin.qq.com/s?__biz=MzA=&mid=1&idx=1&sn=ab&scene=21", source="wx",
                             title="天兵科技完成新一轮融资", text="正文"))
    assert a.not_articles() == []


def test_a_blocked_outcome_is_the_sources_status_with_its_counts():
    a = Archive.memory()
    a.sync_sources([type("S", (), {"name": "wx", "kind": "wechat", "url": "http://mirror/f", "lang": "zh"})()])
    a.record_outcome(SourceOutcome("wx", True, warning="mirror blocked: ...", items_seen=4, items_new=1,
                                   kinds={"article": 1, "blocked": 2, "not_article": 1, "no_text": 0}))
    row = a.source_row("wx")
    assert (row["status"], row["page_kinds"]) == ("blocked", '{"article": 1, "blocked": 2, "not_article": 1}')
    a.record_outcome(SourceOutcome("wx", True, items_seen=4, kinds={"no_text": 3}))
    assert a.source_row("wx")["status"] == "unreadable"
    a.record_outcome(SourceOutcome("wx", True, items_seen=4, kinds={"no_text": 1, "media": 1}))
    assert a.source_row("wx")["status"] == "ok"


def test_an_archive_of_schema_3_gains_the_tables_and_keeps_its_rows(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript("".join(MIGRATIONS[:3]) + "\nPRAGMA user_version = 3;")
    conn.execute("INSERT INTO articles(url, source, title, fetched) VALUES ('https://x.cn/a', 's', 't', '2026-01-01')")
    conn.commit()
    conn.close()
    with Archive.open(db) as a:
        [old] = list(a.iter_articles())
        assert (old.title, old.media) == ("t", None)
        assert a.not_articles() == [] and (tmp_path / "old.db.v3.bak").exists()
