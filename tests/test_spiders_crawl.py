"""End to end: crawl() in its child process against recorded pages and feeds on 127.0.0.1."""

import shutil
import threading
from pathlib import Path

import pytest

from httpserver import Route, serve_directory
from parallax.config import Config
from parallax.errors import ConfigError
from parallax.run import crawl_sources as crawl
from spiders.crawl import SourceOutcome
from store.archive import Archive

pytestmark = pytest.mark.slow  # starts servers or processes

DATA = Path(__file__).parent / "data" / "spiders"
UA = "ParallaxTest/1.0 (+loopback)"


def make_site(tmp_path: Path, base: str) -> Path:
    """tests/data/spiders with __BASE__ replaced: the server reads files at request time."""
    site = tmp_path / "site"
    for src in DATA.rglob("*"):
        if src.is_file() and src.name != "README.md":
            dest = site / src.relative_to(DATA)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(src.read_bytes().replace(b"__BASE__", base.encode()))
    return site


@pytest.fixture
def served(tmp_path):
    """(base_url, site folder, request log, routes dict) — routes may be added by a test."""
    site = tmp_path / "site"
    site.mkdir()
    log: list[str] = []
    routes: dict = {}
    with serve_directory(site, routes=routes, log=log) as base:
        make_site(tmp_path, base)
        yield base, site, log, routes


def config(sources: list[dict], **crawl) -> Config:
    settings = {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5, "user_agent": UA}
    settings.update(crawl)
    return Config.model_validate({"sources": sources, "crawl": settings})


def articles(db: Path) -> dict[str, dict]:
    with Archive.open(db) as a:
        return {r["url"]: dict(r) for r in a.conn.execute("SELECT * FROM articles")}


def pages_fetched(log: list[str]) -> list[str]:
    return sorted(line.split(" ", 1)[1] for line in log if "/pages/" in line or "/wechat/" in line)


def test_feed_source_fetches_pages_once_keeps_teasers_and_retries_them(served, tmp_path):
    base, site, log, _ = served
    db = tmp_path / "a.db"
    cfg = config([{"name": "kr", "kind": "feed", "url": f"{base}/feeds/teasers_rss.xml"}])

    [out] = crawl(cfg, db)
    assert out == SourceOutcome("kr", True, None, f"HTTP 404 from {base}/pages/gone.html", 3, 3)
    arts = articles(db)
    kr = arts[f"{base}/pages/36kr_article.html"]  # utm_* dropped from the key
    assert (kr["title"], kr["lang"], kr["body_from"], kr["author"], kr["published"]) == (
        "蓝箭航天完成新一轮融资，朱雀二号改进型年内首飞", "zh", "page", "王晓", "2020-11-03T14:29:00+00:00")
    assert len(kr["text"].split("\n\n")) == 3
    # The page names https://36kr.com/... canonical, but it was served by another site (this one): a page
    # cannot send readers elsewhere, so the address shown is the one fetched (tracking parameters off).
    assert kr["canonical_url"] == f"{base}/pages/36kr_article.html"
    gbk = arts[f"{base}/pages/sina_gb2312_article.html"]
    assert gbk["title"] == "零壹空间完成OS-X1火箭飞行试验" and gbk["published"] == "2018-09-18T06:38:00+00:00"
    gone = arts[f"{base}/pages/gone.html"]
    assert (gone["body_from"], gone["status"], gone["text"]) == (
        "feed", "ok", "星际荣耀今日完成双曲线二号可复用验证火箭的垂直起降飞行试验，飞行高度达到百米量级。")
    assert any(line.startswith("GET /robots.txt") for line in log)
    with Archive.open(db) as a:
        row = a.source_row("kr")
    assert (row["status"], row["items_seen"], row["items_new"], row["consecutive_failures"]) == ("ok", 3, 3, 0)
    assert row["etag"] is None  # a page failed: next run must read the whole feed again

    # Run 2: archived pages are not fetched again; the failed one is retried (still missing).
    log.clear()
    [out] = crawl(cfg, db)
    assert (out.ok, out.items_seen, out.items_new) == (True, 3, 0)
    assert pages_fetched(log) == ["/pages/gone.html"]

    # Run 3: the page is back: the teaser becomes the full article; the feed's validators are kept.
    shutil.copy(site / "pages" / "36kr_article.html", site / "pages" / "gone.html")
    log.clear()
    [out] = crawl(cfg, db)
    assert out == SourceOutcome("kr", True, None, None, 3, 0, 1)  # the teaser, updated to the page
    assert pages_fetched(log) == ["/pages/gone.html"]
    assert articles(db)[f"{base}/pages/gone.html"]["body_from"] == "page"
    with Archive.open(db) as a:
        assert a.source_row("kr")["etag"] is not None

    # Run 4: nothing changed: the feed answers 304 and no article page is downloaded.
    log.clear()
    [out] = crawl(cfg, db)
    assert out == SourceOutcome("kr", True, None, None, 0, 0)
    assert [line for line in log if not line.endswith("/robots.txt")] == ["GET /feeds/teasers_rss.xml"]
    assert len(articles(db)) == 3


def test_wechat_mirror_archives_articles_and_marks_deleted_posts_unavailable(served, tmp_path):
    base, _, log, _ = served
    db = tmp_path / "a.db"
    cfg = config([{"name": "wx", "kind": "wechat", "url": f"{base}/feeds/wechat_mirror.xml"}])
    [out] = crawl(cfg, db)
    assert out == SourceOutcome("wx", True, None, None, 3, 1)
    arts = {url.split("/wechat/")[1].split(".")[0]: a for url, a in articles(db).items()}
    a = arts["article"]
    assert (a["title"], a["account"], a["published"], a["lang"], a["status"]) == (
        "天兵科技完成D轮融资 天龙三号将于明年首飞", "天兵航天科技", "2023-12-05T01:00:00+00:00", "zh", "ok")
    assert a["canonical_url"].startswith("https://mp.weixin.qq.com/s?__biz=MzI0NTU4ODc2MQ%3D%3D&mid=2247489012")
    assert "scene=" not in a["url"] and "#rd" not in a["url"]  # tracking and fragment dropped
    assert (arts["deleted"]["status"], arts["deleted"]["text"]) == ("unavailable", None)
    assert arts["violation"]["status"] == "unavailable"
    with Archive.open(db) as arch:
        assert [r.title for r in arch.iter_articles()] == ["天兵科技完成D轮融资 天龙三号将于明年首飞"]
    log.clear()
    [out] = crawl(cfg, db)  # deleted posts are settled too: nothing fetched again
    assert (out.items_new, pages_fetched(log)) == (0, [])


def test_mixed_sources_one_bad_source_never_stops_the_run(served, tmp_path):
    base, _, log, routes = served
    seen_agents: list[str] = []
    attempts = {"n": 0}

    def flaky(handler):
        seen_agents.append(handler.headers.get("User-Agent"))
        attempts["n"] += 1
        if attempts["n"] == 1:
            return Route(503, "busy", {"Content-Type": "text/plain"})
        return Route(200, (DATA / "feeds" / "hkcd_big5.xml").read_bytes(), {"Content-Type": "application/rss+xml"})

    routes["/flaky.xml"] = flaky
    routes["/down.xml"] = Route(500, "Internal Server Error", {"Content-Type": "text/plain"})
    routes["/robots.txt"] = Route(200, "User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    routes["/html-not-feed.xml"] = Route(200, "<html><body>maintenance</body></html>", {"Content-Type": "text/html"})
    private_feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>p</title>'
        f"<item><title>Private teaser</title><link>{base}/private/a.html</link>"
        "<description>Teaser of a page robots.txt forbids.</description></item></channel></rss>"
    )
    routes["/private-feed.xml"] = Route(200, private_feed, {"Content-Type": "application/rss+xml"})
    listing = {"link": ".news-list .news-img a::attr(href)", "title": ".news-list h3 a",
               "date": ".news-footer .date", "next": ".load-more a::attr(href)"}
    cfg = config(
        [
            {"name": "jiemian", "kind": "page", "url": f"{base}/listing/news_p1.html", "selectors": listing, "max_pages": 2},
            {"name": "blog", "kind": "feed", "url": f"{base}/feeds/atom_full.xml", "fetch_articles": False},
            {"name": "broken", "kind": "feed", "url": f"{base}/feeds/malformed_rss.xml", "fetch_articles": False},
            {"name": "down", "kind": "feed", "url": f"{base}/down.xml"},
            {"name": "notfeed", "kind": "feed", "url": f"{base}/html-not-feed.xml"},
            {"name": "flaky", "kind": "feed", "url": f"{base}/flaky.xml", "fetch_articles": False},
            {"name": "private", "kind": "feed", "url": f"{base}/private-feed.xml"},
            {"name": "off", "kind": "feed", "url": f"{base}/never.xml", "enabled": False},
        ],
        retries=1,
    )
    db = tmp_path / "a.db"
    out = {o.name: o for o in crawl(cfg, db)}
    assert set(out) == {"jiemian", "blog", "broken", "down", "notfeed", "flaky", "private"}
    assert out["jiemian"] == SourceOutcome("jiemian", True, None, None, 3, 3)
    assert out["blog"] == SourceOutcome("blog", True, None, None, 2, 2)
    assert out["broken"].ok and out["broken"].warning.startswith("malformed feed, 2 items read:")
    assert out["down"] == SourceOutcome("down", False, f"HTTP 500 from {base}/down.xml", None, 0, 0)
    assert out["notfeed"].error == f"not a readable feed: no RSS or Atom items found ({base}/html-not-feed.xml)"
    assert out["flaky"] == SourceOutcome("flaky", True, None, None, 1, 1)
    assert attempts["n"] == 2 and set(seen_agents) == {UA}
    assert out["private"] == SourceOutcome("private", True, None, f"forbidden by robots.txt: {base}/private/a.html", 1, 1)
    assert not any("/private/a.html" in line for line in log)
    assert not any("news_p3" in line for line in log)  # max_pages: 2

    arts = articles(db)
    assert arts[f"{base}/pages/spacenews_article.html"]["lang"] == "en"
    assert arts[f"{base}/pages/lying_gb2312_utf8_article.html"]["title"] == "航天动力拟定增募资用于火箭发动机产线"
    blog = arts["https://china-aerospace.blog/2024/03/02/kinetica-1-returns/"]  # fragment dropped
    assert (blog["body_from"], blog["lang"], blog["author"]) == ("feed", "en", "Jean Deville")
    assert arts["https://www.hkcd.com/content/2023-07/12/content_1234567.html"]["title"] == "藍箭航天朱雀二號成功入軌"
    assert arts[f"{base}/private/a.html"]["body_from"] == "feed"

    with Archive.open(db) as a:
        down = a.source_row("down")
        assert (down["status"], down["consecutive_failures"], down["last_error"]) == (
            "failing", 1, f"HTTP 500 from {base}/down.xml")
        assert a.source_row("off")["status"] == "never"
    # Only the failing sources again: failures count up, the others are untouched.
    out2 = crawl(cfg, db, ["down", "notfeed"])
    assert [o.name for o in out2] == ["down", "notfeed"]
    with Archive.open(db) as a:
        assert a.source_row("down")["consecutive_failures"] == 2
        assert a.source_row("blog")["items_new"] == 2


def test_article_faults_keep_teasers_with_one_line_warnings(served, tmp_path):
    base, _, log, routes = served
    big = "<html><body>" + "<p>" + "航天" * 20000 + "</p></body></html>"
    routes["/pages/huge.html"] = Route(200, big, {"Content-Type": "text/html; charset=utf-8"})
    routes["/pages/loop"] = Route(302, b"", {"Location": "/pages/loop2"})
    routes["/pages/loop2"] = Route(302, b"", {"Location": "/pages/loop"})
    routes["/pages/later"] = Route(503, b"busy", {"Retry-After": "3600"})
    items = "".join(
        f"<item><title>{name}</title><link>{base}/pages/{name}</link><description>teaser {name}</description></item>"
        for name in ("huge.html", "loop", "later")
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    routes["/faults.xml"] = Route(200, feed, {"Content-Type": "application/rss+xml"})
    cfg = config([{"name": "faults", "kind": "feed", "url": f"{base}/faults.xml"}], max_page_bytes=10_000, retries=2)
    [out] = crawl(cfg, tmp_path / "a.db")
    assert (out.ok, out.items_seen, out.items_new) == (True, 3, 3)
    assert sorted(out.warning.split("; ")) == [
        f"HTTP 503 from {base}/pages/later",
        f"page larger than crawl.max_page_bytes (10000 bytes): {base}/pages/huge.html",
        f"request dropped (max redirections reached): {base}/pages/loop",
    ]
    arts = articles(tmp_path / "a.db")
    assert {u.removeprefix(base): (a["body_from"], a["text"]) for u, a in arts.items()} == {
        "/pages/huge.html": ("feed", "teaser huge.html"),
        "/pages/loop": ("feed", "teaser loop"),
        "/pages/later": ("feed", "teaser later"),
    }
    assert log.count("GET /pages/later") == 1  # Retry-After an hour: no retry within this run


def test_unknown_source_name_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="no source named 'nope'"):
        crawl(config([]), tmp_path / "a.db", ["nope"])


def test_child_that_does_not_finish_fails_every_source(tmp_path):
    # A server that accepts and never answers, and a crawl deadline shorter than the fetch.
    hang = threading.Event()
    with serve_directory(None, routes={"/slow.xml": Route(200, "x", delay=5)}) as base:
        cfg = config([{"name": "slow", "kind": "feed", "url": f"{base}/slow.xml"}], obey_robots=False)
        [out] = crawl(cfg, tmp_path / "a.db", timeout=2)
    hang.set()
    assert out == SourceOutcome("slow", False, "crawl timed out after 2 s", None, 0, 0)
    with Archive.open(tmp_path / "a.db") as a:
        assert a.source_row("slow")["status"] == "failing"


def test_article_gone_410_is_recorded_unavailable_and_never_fetched_again(served, tmp_path):
    base, _, log, routes = served
    routes["/pages/gone.html"] = Route(410, "Gone", {"Content-Type": "text/plain"})
    db = tmp_path / "a.db"
    cfg = config([{"name": "kr", "kind": "feed", "url": f"{base}/feeds/teasers_rss.xml"}])
    [out] = crawl(cfg, db)
    assert (out.ok, out.items_seen, out.items_new, out.warning) == (True, 3, 2, f"HTTP 410 from {base}/pages/gone.html")
    gone = articles(db)[f"{base}/pages/gone.html"]
    assert (gone["status"], gone["text"], gone["body_from"]) == ("unavailable", None, "page")
    log.clear()
    [out] = crawl(cfg, db)
    assert pages_fetched(log) == []


def test_canonical_url_never_keeps_tracking_parameters_or_fragment(served, tmp_path):
    # Feeds tag their links for analytics; the address kept for readers must not carry the tags,
    # whether the page was read, kept as a feed teaser (404) or recorded unavailable (410).
    base, _, _, routes = served
    routes["/pages/removed.html"] = Route(410, "Gone", {"Content-Type": "text/plain"})
    links = {
        "read": f"{base}/pages/sina_gb2312_article.html?utm_source=rss&utm_medium=feed#top",
        "missing": f"{base}/pages/Missing.html?p=2&utm_source=rss&ID=7&fbclid=abc#comments",
        "removed": f"{base}/pages/removed.html?spm=a1.b2",
    }
    items = "".join(
        f"<item><title>{name}</title><link>{link.replace('&', '&amp;')}</link><description>teaser {name}</description></item>"
        for name, link in links.items()
    )
    routes["/tagged.xml"] = Route(200, f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
                                       f"</channel></rss>", {"Content-Type": "application/rss+xml"})
    db = tmp_path / "a.db"
    crawl(config([{"name": "tagged", "kind": "feed", "url": f"{base}/tagged.xml"}]), db)
    got = {a["title"] if a["status"] == "unavailable" else a["body_from"]: a["canonical_url"]
           for a in articles(db).values()}
    assert got == {
        "page": f"{base}/pages/sina_gb2312_article.html",
        "feed": f"{base}/pages/Missing.html?p=2&ID=7",
        "removed": f"{base}/pages/removed.html",
    }


def test_hosts_listed_unresolvable_fail_at_once_without_dns(served, tmp_path, monkeypatch):
    # "localhost" resolves from /etc/hosts, so only the test resolver can make this source fail:
    # proof that a listed name never reaches the system resolver (and so never the network).
    base, _, log, _ = served
    port = base.rsplit(":", 1)[1]
    monkeypatch.setenv("PARALLAX_TEST_UNRESOLVABLE", "nowhere.invalid, LOCALHOST")
    cfg = config([
        {"name": "listed", "kind": "feed", "url": f"http://localhost:{port}/feeds/teasers_rss.xml"},
        {"name": "loopback", "kind": "feed", "url": f"{base}/feeds/atom_full.xml", "fetch_articles": False},
    ])
    outs = {o.name: o for o in crawl(cfg, tmp_path / "a.db")}
    assert (outs["listed"].ok, outs["listed"].error) == (
        False, f"host not found: http://localhost:{port}/feeds/teasers_rss.xml")
    assert outs["loopback"].ok and outs["loopback"].items_seen > 0
    assert "GET /feeds/teasers_rss.xml" not in log
