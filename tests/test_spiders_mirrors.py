"""The spider's parse methods on stored mirror feeds and pages, without the Scrapy engine: whole posts
archived from the feed, walls and account pages noted (never archived), retries that wait."""

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from spiders.feeds import FeedEntry
from spiders.spider import SourcesSpider
from store.archive import Archive
from store.model import Article, NotArticle

MIRRORS = Path(__file__).parent / "data" / "mirrors"
BASE = "http://127.0.0.1:8000"
WALL_LINK = f"{BASE}/s/wall"


def response(path: str, url: str, cls=HtmlResponse, status: int = 200, meta: dict | None = None):
    return cls(url=url, body=(MIRRORS / path).read_bytes(), status=status, request=Request(url, meta=meta or {}))


def make_spider(db, *held: NotArticle, **source) -> SourcesSpider:
    with Archive.open(db) as a:
        for page in held:
            a.record_not_article(page, backoff_hours=6)
    s = SourcesSpider(sources=[{"name": "wx", "kind": "wechat", "url": f"{BASE}/feed.atom", **source}],
                      archive_path=str(db))
    s.load_state()
    return s


@pytest.fixture
def spider(tmp_path):
    yield make_spider(tmp_path / "a.db")


def kinds(items) -> list[str]:
    return [type(i).__name__ if not isinstance(i, Article) else f"Article:{i.status}:{i.media or i.body_from}"
            for i in items]


def test_whole_posts_are_archived_from_the_feed_and_nothing_is_fetched(spider):
    out = list(spider.parse_index(response("feeds/rsshub-wechat.xml", f"{BASE}/feed.xml", TextResponse),
                                  source="wx", page=1))
    assert kinds(out) == ["Article:ok:page", "Article:unavailable:page"]
    assert out[0].url.startswith("https://mp.weixin.qq.com/s?__biz=MzI0NTU4ODc2MQ==&mid=2247489012")
    assert dict(spider.health["wx"].kinds) == {"article": 1, "unavailable": 1}


def test_a_wall_in_the_feed_is_counted_and_the_page_is_read_instead(spider):
    out = list(spider.parse_index(response("feeds/wewe-rss.atom", f"{BASE}/feed.atom", TextResponse),
                                  source="wx", page=1))
    assert kinds(out) == ["Article:ok:page", "Article:ok:video", "Request"]
    assert out[2].url == "https://mp.weixin.qq.com/s/Qz2mVb8Nc5XaL7wRty3Ukp"
    health = spider.health["wx"]
    assert dict(health.kinds) == {"article": 1, "media": 1, "blocked": 1}
    assert health.first["blocked"] == ("https://mp.weixin.qq.com/s/Qz2mVb8Nc5XaL7wRty3Ukp: "
                                       "当前环境异常，完成验证后即可继续访问")


def test_a_wall_in_the_feed_is_never_kept_as_a_teaser(tmp_path):
    # fetch_articles: false keeps the feed's text; a verification notice there is no text to keep.
    s = make_spider(tmp_path / "a.db", fetch_articles=False)
    out = list(s.parse_index(response("feeds/wewe-rss.atom", f"{BASE}/feed.atom", TextResponse), source="wx", page=1))
    assert kinds(out) == ["Article:ok:page", "Article:ok:video"]
    assert dict(s.health["wx"].kinds) == {"article": 1, "media": 1, "blocked": 1}


def test_an_item_waiting_for_its_retry_is_not_fetched(tmp_path):
    spider = make_spider(tmp_path / "a.db", NotArticle(f"{BASE}/s/waiting", f"{BASE}/s/waiting", "wx", "blocked", "环境异常"))
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f"<item><title>等待</title><link>{BASE}/s/waiting</link></item>"
            f"<item><title>新的</title><link>{BASE}/s/new</link></item></channel></rss>").encode()
    out = list(spider.parse_index(TextResponse(url=f"{BASE}/f.xml", body=feed, request=Request(f"{BASE}/f.xml")),
                                  source="wx", page=1))
    assert [r.url for r in out] == [f"{BASE}/s/new"]
    assert (spider.health["wx"].waiting, spider.health["wx"].items_seen) == (1, 2)
    outcome = spider.health["wx"].outcome("wx")  # the mirror stays blocked while a wall waits
    assert (outcome.status, outcome.kinds, outcome.warning) == (
        "blocked", {"waiting": 1}, "mirror blocked: 1 verification or rate-limit page met before, not retried yet "
                                   "(waiting for the retry time)")


def page_items(spider, name: str, url: str = WALL_LINK, meta: dict | None = None):
    entry = {"link": WALL_LINK, "title": "天兵科技入选北京市专精特新企业名单", "summary": None, "content": None,
             "published": None, "author": None}
    return list(spider.parse_article(response(f"pages/{name}", url, meta=meta), source="wx", link=WALL_LINK,
                                     entry=entry))


def test_a_wall_page_is_noted_for_a_retry_never_archived(spider):
    [note] = page_items(spider, "wall.html")
    assert note == NotArticle(WALL_LINK, WALL_LINK, "wx", "blocked", "当前环境异常，完成验证后即可继续访问",
                              "天兵科技入选北京市专精特新企业名单")
    outcome = spider.health["wx"].outcome("wx")
    assert (outcome.status, outcome.kinds) == ("blocked", {"blocked": 1})
    assert outcome.warning == ("mirror blocked: 1 verification or rate-limit page instead of posts, retried by a "
                               f"later run (first: {WALL_LINK}: 当前环境异常，完成验证后即可继续访问)")
    assert spider.health["wx"].validators_to_keep() == (None, None)  # the feed is read whole next time


def test_a_redirect_to_the_captcha_is_a_wall(spider):
    captcha = f"{BASE}/mp/wappoc_appmsgcaptcha?poc_token=abc&target_url=x"
    [note] = page_items(spider, "wappoc.html", url=captcha, meta={"redirect_urls": [WALL_LINK]})
    assert (note.kind, note.reason) == ("blocked", "redirected to mp/wappoc_appmsgcaptcha")


def test_an_account_history_page_is_noted_and_named(spider):
    [note] = page_items(spider, "history.html")
    assert (note.kind, note.reason) == ("not_article", "account page (var msgList)")
    outcome = spider.health["wx"].outcome("wx")
    assert (outcome.status, outcome.warning) == ("ok", "1 account page (history or profile), not archived "
                                                       f"(first: {WALL_LINK}: account page (var msgList))")


def test_rate_limited_article_page_waits_for_a_later_run_without_a_teaser(spider):
    request = Request(WALL_LINK, cb_kwargs={"source": "wx", "link": WALL_LINK,
                                            "entry": {"link": WALL_LINK, "title": "t", "summary": "teaser",
                                                      "content": None, "published": None, "author": None}})
    failure = Failure(HttpError(HtmlResponse(WALL_LINK, status=429, body=b"", request=request)))
    failure.request = request
    [note] = list(spider.article_failed(failure))
    assert (type(note), note.kind, note.reason) == (NotArticle, "blocked", "HTTP 429")
    assert spider.health["wx"].pages_failed == 0


def test_voice_post_page_is_kept_by_its_title(spider):
    [item] = page_items(spider, "voice.html")
    assert (item.media, item.title, item.text, item.url) == (
        "voice", "创始人谈天龙三号：我们为什么坚持液体路线", None, WALL_LINK)


def test_teaser_entry_round_trips_through_the_request(spider):
    entry = FeedEntry(WALL_LINK, "t", None, None, None, None, date_text="x", original="https://mp.weixin.qq.com/s/a")
    request = spider.article_request("wx", WALL_LINK, entry)
    assert FeedEntry(**request.cb_kwargs["entry"]) == entry
