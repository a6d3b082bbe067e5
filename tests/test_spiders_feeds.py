"""Feed and listing parsing on stored files: encodings, dates, malformed XML, selectors, paging."""

from pathlib import Path

import pytest

from spiders.feeds import FeedError, parse_feed
from spiders.listing import parse_listing

DATA = Path(__file__).parent / "data" / "spiders"


def feed(name: str, content_type: str | None = None):
    return parse_feed((DATA / "feeds" / name).read_bytes(), "http://127.0.0.1:8000/feeds/" + name, content_type)


def test_gb2312_feed_with_zoneless_chinese_dates():
    f = feed("sina_gb2312.xml")
    assert f.title == "新浪科技-航天" and f.warning is None
    assert [(e.title, e.published) for e in f.entries] == [
        ("零壹空间完成OS-X1火箭飞行试验", "2018-09-18T06:38:10+00:00"),
        ("银河航天首颗低轨宽带通信卫星进入预定轨道", "2020-01-16T03:02:00+00:00"),
    ]
    assert f.entries[1].link == "http://tech.sina.com.cn/d/s/2020-01-16/doc-iihnzahk4277003.shtml"


def test_big5_feed_keeps_traditional():
    f = feed("hkcd_big5.xml")
    assert f.entries[0].title == "藍箭航天朱雀二號成功入軌"
    assert f.entries[0].summary.startswith("藍箭航天研製的朱雀二號遙二運載火箭")


def test_lying_declaration_in_feed_and_header():
    f = feed("cnstock_lying_gb2312.xml", "application/rss+xml; charset=gb2312")
    assert f.entries[0].title == "航天动力拟定增募资用于火箭发动机产线"
    assert f.entries[0].published == "2021-03-05T00:12:00+00:00"


def test_malformed_feed_keeps_readable_items_and_warns():
    f = feed("malformed_rss.xml")
    assert [e.title for e in f.entries] == ["银河航天完成卫星互联网技术试验卫星研制 & 测试", "九天微星完成B轮融资"]
    assert f.entries[1].summary == "九天微星宣布完成B轮融资\n\n由多家机构联合投资"
    assert f.warning.startswith("malformed feed, 2 items read: ")


def test_not_a_feed_raises():
    with pytest.raises(FeedError, match="not a readable feed"):
        parse_feed(b"<html><body><p>502 Bad Gateway</p></body></html>", "http://x/feed")


def test_atom_full_content_and_author():
    f = feed("atom_full.xml")
    e = f.entries[0]
    assert e.link == "https://china-aerospace.blog/2024/03/02/kinetica-1-returns/#more-123"
    assert e.author == "Jean Deville"
    assert e.published == "2024-03-02T10:30:00+00:00"
    assert e.body.split("\n\n") == [
        "CAS Space (中科宇航) flew its Kinetica-1 solid rocket again on Saturday, months after the failure of its previous mission.",
        "The rocket lifted off from the Dongfeng commercial space innovation test zone and placed five satellites into orbit.",
    ]
    assert f.entries[1].body.startswith("Orienspace launched Gravity-1")


def test_teaser_feed_links_and_authors():
    f = feed("teasers_rss.xml")
    assert len(f.entries) == 3
    assert f.entries[0].link == "http://127.0.0.1:8000/feeds/__BASE__/pages/36kr_article.html?utm_source=rss&utm_medium=feed"
    assert f.entries[0].author == "王晓"
    assert f.entries[0].summary == "民营运载火箭企业蓝箭航天近日完成新一轮融资……"


def test_listing_with_page_wide_selectors_pairs_titles_and_dates():
    html = (DATA / "listing" / "news_p1.html").read_text(encoding="utf-8")
    lst = parse_listing(html, "http://127.0.0.1:8000/listing/news_p1.html", ".news-list .news-img a::attr(href)",
                        ".news-list h3 a", ".news-footer .date", ".load-more a::attr(href)")
    assert [(l.url, l.title, l.published) for l in lst.links] == [
        ("http://127.0.0.1:8000/pages/36kr_article.html", "蓝箭航天完成新一轮融资", "2020-11-03T14:29:00+00:00"),
        ("http://127.0.0.1:8000/pages/lying_gb2312_utf8_article.html", "航天动力拟定增募资", "2021-03-05T00:12:00+00:00"),
    ]
    assert lst.next_url == "http://127.0.0.1:8000/listing/news_p2.html"


def test_listing_xpath_selectors_and_link_text_as_title():
    html = (DATA / "listing" / "news_p1.html").read_text(encoding="utf-8")
    lst = parse_listing(html, "http://h/listing/news_p1.html", "//div[@class='news-header']/h3/a",
                        next_sel="//div[@class='load-more']/a/@href")
    assert [(l.url, l.title, l.published) for l in lst.links] == [
        ("http://h/pages/36kr_article.html", "蓝箭航天完成新一轮融资", None),
        ("http://h/pages/lying_gb2312_utf8_article.html", "航天动力拟定增募资", None),
    ]
    assert lst.next_url == "http://h/listing/news_p2.html"
    last = parse_listing((DATA / "listing" / "news_p3.html").read_text(encoding="utf-8"), "http://h/listing/news_p3.html",
                         "h3 a", next_sel=".load-more a::attr(href)")
    assert last.next_url is None and len(last.links) == 1
