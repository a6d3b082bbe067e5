"""The spider's parse methods on stored responses, without the Scrapy engine."""

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse

from spiders.spider import SourcesSpider
from store.archive import Archive
from store.model import Article

DATA = Path(__file__).parent / "data" / "spiders"
BASE = "http://127.0.0.1:8000"


def response(path: str, cls=HtmlResponse, url: str | None = None, cb_kwargs: dict | None = None, **headers):
    body = (DATA / path).read_bytes().replace(b"__BASE__", BASE.encode())
    url = url or f"{BASE}/{path}"
    req = Request(url, cb_kwargs=cb_kwargs or {})
    return cls(url=url, body=body, headers=headers, request=req)


@pytest.fixture
def spider(tmp_path):
    sources = [
        {"name": "kr", "kind": "feed", "url": f"{BASE}/feeds/teasers_rss.xml"},
        {"name": "blog", "kind": "feed", "url": f"{BASE}/feeds/atom_full.xml", "fetch_articles": False,
         "timezone": "Europe/Paris"},
        {"name": "wx", "kind": "wechat", "url": f"{BASE}/feeds/wechat_mirror.xml"},
        {"name": "jm", "kind": "page", "url": f"{BASE}/listing/news_p1.html", "max_pages": 2,
         "selectors": {"link": ".news-header h3 a", "date": ".news-footer .date", "next": ".load-more a::attr(href)"}},
    ]
    db = tmp_path / "a.db"
    with Archive.open(db) as a:
        a.upsert_article(Article(url=f"{BASE}/pages/sina_gb2312_article.html", source="kr", title="t", text="x"))
    s = SourcesSpider(sources=sources, archive_path=str(db))
    s.load_state()
    yield s


def test_feed_index_requests_unsettled_pages_with_entry_as_fallback(spider):
    out = list(spider.parse_index(response("feeds/teasers_rss.xml", TextResponse), source="kr", page=1))
    assert [r.url for r in out] == [
        f"{BASE}/pages/36kr_article.html?utm_source=rss&utm_medium=feed",  # fetched as linked
        f"{BASE}/pages/gone.html",
    ]  # the Sina page is archived already
    assert out[0].cb_kwargs["entry"]["title"] == "蓝箭航天完成新一轮融资，朱雀二号改进型年内首飞"
    assert spider.health["kr"].items_seen == 3


def test_feed_without_page_fetching_yields_items(spider):
    items = list(spider.parse_index(response("feeds/atom_full.xml", TextResponse), source="blog", page=1))
    assert [(i.url, i.body_from, i.lang, i.published) for i in items] == [
        ("https://china-aerospace.blog/2024/03/02/kinetica-1-returns/#more-123", "feed", "en", "2024-03-02T10:30:00+00:00"),
        ("https://china-aerospace.blog/2024/01/11/gravity-1/", "feed", "en", "2024-01-11T05:30:00+00:00"),
    ]


def test_listing_index_follows_next_page_within_max_pages(spider):
    out = list(spider.parse_index(response("listing/news_p1.html"), source="jm", page=1))
    assert [r.url for r in out] == [
        f"{BASE}/pages/36kr_article.html", f"{BASE}/pages/lying_gb2312_utf8_article.html", f"{BASE}/listing/news_p2.html",
    ]
    assert out[0].cb_kwargs["entry"]["published"] == "2020-11-03T14:29:00+00:00"
    assert out[2].cb_kwargs == {"source": "jm", "page": 2}
    last = list(spider.parse_index(response("listing/news_p2.html"), source="jm", page=2))
    assert [r.url for r in last] == [f"{BASE}/pages/spacenews_article.html"]  # no page 3


def test_article_page_item_uses_feed_entry_for_missing_fields(spider):
    entry = {"link": "x", "title": "feed title", "summary": None, "content": None,
             "published": "2020-01-01T00:00:00+00:00", "author": "feed author"}
    [item] = spider.parse_article(
        response("pages/lying_gb2312_utf8_article.html", **{"Content-Type": "text/html; charset=gb2312"}),
        source="kr", link=f"{BASE}/a?utm_source=x", entry=entry,
    )
    assert (item.title, item.author, item.published, item.lang, item.body_from) == (
        "航天动力拟定增募资用于火箭发动机产线", "feed author", "2021-03-05T00:12:00+00:00", "zh", "page")
    assert item.url == f"{BASE}/a?utm_source=x"


def test_wechat_deleted_page_becomes_an_unavailable_item(spider):
    [item] = spider.parse_article(response("wechat/deleted.html"), source="wx", link=f"{BASE}/w1", entry=None)
    assert (item.status, item.text, item.body_from) == ("unavailable", None, "page")
    [ok] = spider.parse_article(response("wechat/article.html"), source="wx", link=f"{BASE}/w2", entry=None)
    assert (ok.status, ok.account, ok.published) == ("ok", "天兵航天科技", "2023-12-05T01:00:00+00:00")


def test_not_modified_index_counts_nothing(spider):
    resp = TextResponse(url=f"{BASE}/feeds/teasers_rss.xml", status=304, body=b"", request=Request(f"{BASE}/x"))
    assert list(spider.parse_index(resp, source="kr", page=1)) == []
    assert spider.health["kr"].not_modified and spider.health["kr"].items_seen == 0


def test_wechat_source_page_without_js_content_is_read_as_an_ordinary_article(spider):
    [item] = spider.parse_article(response("pages/36kr_article.html"), source="wx", link=f"{BASE}/w3", entry=None)
    assert (item.status, item.title) == ("ok", "蓝箭航天完成新一轮融资，朱雀二号改进型年内首飞")
    assert item.text.startswith("36氪获悉")
