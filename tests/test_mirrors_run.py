"""Issue 18 end to end: a run over a loopback site mixing every WeChat mirror case archives exactly the
real articles, warns of the blocked mirror and the quiet source; the walls wait for their retry time,
and the run after it retries the blocked URLs and nothing else."""

import json
import sqlite3

import pytest
from mirrorsite import BLOCKED, FULL_TITLES, QUIET_ITEMS, QUIET_LAST, TEASER_ITEMS, mirror_site

from cronsite import archive_invariants, parallax, query, write_config

pytestmark = pytest.mark.slow  # starts servers and processes

# No test may reach the network: the mirrors' mp.weixin.qq.com links fail at once if anything asks.
OFFLINE = {"PARALLAX_TEST_UNRESOLVABLE": "mp.weixin.qq.com"}


def by_status(db) -> dict:
    rows = query(db, "SELECT source, status, media, body_from, text IS NOT NULL, title FROM articles")
    out: dict = {}
    for source, status, media, body_from, has_text, title in rows:
        kind = media or ("article" if status == "ok" and has_text else status)
        out.setdefault(kind, set()).add((source, title))
    return out


def test_a_run_over_every_mirror_case_archives_only_articles_and_retries_only_the_walls(tmp_path):
    with mirror_site(tmp_path) as site:
        db = tmp_path / "m.db"
        cfg = write_config(tmp_path / "c.yaml", site.sources, db, blocked_retry_hours=6)

        first = parallax("--config", str(cfg), "run", env=OFFLINE)
        assert first.returncode == 1, first.stderr  # done, but a mirror was blocked
        lines = first.stderr.splitlines()
        blocked_line = next(ln for ln in lines if ln.startswith("warning: source wx-teaser: "))
        assert blocked_line.startswith("warning: source wx-teaser: mirror blocked: 3 verification or rate-limit "
                                       "pages instead of posts, retried by a later run (first: ")
        assert blocked_line.endswith(f"; 1 account page (history or profile), not archived (first: {site.base}/s/history"
                                     ": account page (var msgList))")
        quiet_line = f"warning: source quiet-wire: quiet: nothing new since {QUIET_LAST} (60 days; usually every 1 day)"
        assert quiet_line in lines
        assert "Traceback" not in first.stderr

        kinds = by_status(db)
        assert kinds["article"] == {
            *{("wx-full", t) for t in FULL_TITLES},  # whole posts from the mirror's feed
            ("wx-teaser", TEASER_ITEMS["/s/post"]),
            *{("quiet-wire", f"旧闻 {k}") for k in range(QUIET_ITEMS)},
            ("news", "Galactic Energy launches Ceres-1"),
        }
        assert kinds["video"] == {("wx-full", "天龙三号一子级试车视频")}
        assert kinds["voice"] == {("wx-teaser", "创始人谈天龙三号：我们为什么坚持液体路线")}
        assert kinds["unavailable"] == {("wx-full", "已删除的文章"), ("wx-teaser", "关于近期网络不实信息的声明")}
        assert set(kinds) == {"article", "video", "voice", "unavailable"}
        assert not query(db, "SELECT url FROM articles WHERE url LIKE '%/s/wall' OR url LIKE '%/s/captcha' "
                             "OR url LIKE '%/s/limited' OR url LIKE '%/s/history'")

        held = {u.removeprefix(site.base): (k, r, a) for u, k, r, a in query(
            db, "SELECT url, kind, reason, attempts FROM not_articles ORDER BY url")}
        assert held == {
            "/s/captcha": ("blocked", "redirected to mp/wappoc_appmsgcaptcha", 1),
            "/s/history": ("not_article", "account page (var msgList)", 1),
            "/s/limited": ("blocked", "HTTP 429", 1),
            "/s/wall": ("blocked", "当前环境异常，完成验证后即可继续访问", 1),
        }
        [(seen, retry)] = query(db, "SELECT DISTINCT last_seen, retry_after FROM not_articles "
                                    "WHERE url LIKE '%/s/wall'")
        assert retry > seen  # six hours on

        health = {r[0]: r[1:] for r in query(db, "SELECT name, status, page_kinds FROM sources")}
        assert health["wx-teaser"] == ("blocked", json.dumps(
            {"article": 1, "blocked": 3, "media": 1, "not_article": 1, "unavailable": 1}))
        assert health["wx-full"] == ("ok", json.dumps({"article": 2, "media": 1, "unavailable": 1}))
        shown = json.loads(parallax("--config", str(cfg), "sources", "--json").stdout)
        assert {r["name"]: r["status"] for r in shown} == {
            "wx-full": "ok", "wx-teaser": "blocked", "quiet-wire": "quiet", "news": "ok"}
        assert archive_invariants(db)["processed"] == 16  # 14 articles and 2 media posts

        # Before the walls' retry time, a run fetches no page at all (the feeds only).
        site.log.clear()
        site.lift_walls()
        waiting = parallax("--config", str(cfg), "run", env=OFFLINE)
        assert waiting.returncode == 0, waiting.stderr  # nothing failed in this run...
        assert site.pages_fetched() == []
        assert ("warning: source wx-teaser: mirror blocked: 3 verification or rate-limit pages met before, not "
                "retried yet (waiting for the retry time)") in waiting.stderr.splitlines()
        assert query(db, "SELECT status FROM sources WHERE name='wx-teaser'") == [("blocked",)]  # ...but it waits

        # Six hours later: the next run retries the blocked URLs, and nothing else.
        conn = sqlite3.connect(db)
        with conn:
            conn.execute("UPDATE not_articles SET retry_after = '2000-01-01T00:00:00+00:00'")
        conn.close()
        site.log.clear()
        second = parallax("--config", str(cfg), "run", env=OFFLINE)
        assert second.returncode == 0, second.stderr
        assert site.pages_fetched() == ["/s/captcha", "/s/limited", "/s/wall"]
        assert by_status(db)["article"] >= {("wx-teaser", t) for t in BLOCKED.values()}
        assert query(db, "SELECT url, kind FROM not_articles") == [(f"{site.base}/s/history", "not_article")]
        assert query(db, "SELECT status FROM sources WHERE name='wx-teaser'") == [("ok",)]
        assert archive_invariants(db)["processed"] == 19
