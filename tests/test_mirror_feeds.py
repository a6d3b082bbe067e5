"""Every WeChat mirror's feed format read from stored bytes: RSS 2.0, Atom and JSON (JSON Feed 1.0 and
1.1, we-mp-rss's own JSON); whole posts, walls, deleted and video posts in the feed; one post through
several mirrors is one archive key."""

from pathlib import Path

import pytest

from spiders.errors import FeedError
from spiders.feeds import parse_feed
from spiders.reading import key_url, read_feed_item
from store.urls import normalise_url

FEEDS = Path(__file__).parent / "data" / "mirrors" / "feeds"
P1_TITLE = "天兵科技完成D轮融资 天龙三号将于明年首飞"
P1_KEY = "https://mp.weixin.qq.com/s?__biz=MzI0NTU4ODc2MQ%3D%3D&mid=2247489012&idx=1&sn=a1b2c3d4e5f60718293a4b5c6d7e8f90"
P1_TEXT = [
    "近日，天兵科技宣布完成D轮融资，本轮融资金额超过15亿元，由国有资本投资平台领投，多家产业资本跟投。",
    "本轮融资将主要用于天龙三号大型液体运载火箭的研制和批产能力建设。天龙三号近地轨道运载能力达17吨，可满足卫星互联网星座组网发射需求。",
    "公司创始人表示：",
    "“我们将坚持自主研发，力争明年实现首飞。”",
]


def feed(name: str):
    return parse_feed((FEEDS / name).read_bytes(), f"http://mirror.example/{name}")


def readings(name: str) -> list[tuple]:
    """(title, what the item becomes, its archive key) per item."""
    out = []
    for e in feed(name).entries:
        r = read_feed_item("wx", e.link, e)
        out.append((e.title, r.kind if r else "fetch page", normalise_url(key_url(e.link, e))))
    return out


@pytest.mark.parametrize("name, fmt", [
    ("wewe-rss.atom", "Atom 1.0"), ("wewe-rss.rss", "RSS 2.0"), ("wewe-rss.json", "JSON Feed 1"),
    ("we-mp-rss.xml", "RSS 2.0"), ("we-mp-rss.json", "JSON (we-mp-rss)"), ("we-mp-rss.atom", "Atom 1.0"),
    ("rsshub-wechat.xml", "RSS 2.0"), ("rsshub-wechat.json", "JSON Feed 1.1"), ("rsshub-wechat.atom", "Atom 1.0"),
    ("wechat2rss.xml", "RSS 2.0"), ("wechat2rss.json", "JSON Feed 1.1"),
])
def test_every_mirror_format_is_read(name, fmt):
    result = feed(name)
    assert (result.format, result.warning, result.skipped) == (fmt, None, [])
    first = result.entries[0]
    assert (first.title, first.published, first.author in (None, "天兵航天科技")) == (
        P1_TITLE, "2023-12-05T01:00:00+00:00", True)


@pytest.mark.parametrize("name", ["rsshub-wechat.xml", "rsshub-wechat.json", "rsshub-wechat.atom", "we-mp-rss.xml",
                                  "we-mp-rss.json", "wechat2rss.xml", "wechat2rss.json", "wewe-rss.atom",
                                  "we-mp-rss.atom"])
def test_a_mirrors_full_text_is_the_article_without_its_follow_us_line(name):
    e = feed(name).entries[0]
    r = read_feed_item("wx", e.link, e)
    assert (r.kind, r.article.body_from, r.article.lang, r.article.status) == ("article", "page", "zh", "ok")
    assert r.article.text.split("\n\n") == P1_TEXT  # "点击蓝字 关注我们" gone, as on the post's page


def test_one_post_through_four_mirrors_is_one_key():
    keys = {normalise_url(key_url(e.link, e)) for name in ("rsshub-wechat.xml", "rsshub-wechat.json",
                                                            "rsshub-wechat.atom", "we-mp-rss.xml", "we-mp-rss.json",
                                                            "wechat2rss.xml", "wechat2rss.json")
            for e in feed(name).entries if e.title == P1_TITLE}
    assert keys == {P1_KEY}
    # Wechat2RSS links to its proxy, which names the post in its u= parameter (the JSON's id names it too)
    e = feed("wechat2rss.json").entries[0]
    assert e.link.startswith("https://wechat2rss.example.org/link-proxy?u=")
    assert e.original == "https://mp.weixin.qq.com/s?__biz=MzI0NTU4ODc2MQ==&mid=2247489012&idx=1&sn=a1b2c3d4e5f60718293a4b5c6d7e8f90"


def test_what_each_mirror_item_becomes():
    assert readings("wewe-rss.atom") == [
        (P1_TITLE, "article", "https://mp.weixin.qq.com/s/Xk3pQm7Lr2VbN8sTfa1Yzw"),  # the short link stays its own key
        ("天龙三号一子级试车视频", "media", "https://mp.weixin.qq.com/s/Hb9wQa4Zr6TcM1pLde5Kxg"),
        ("天兵科技入选北京市专精特新企业名单", "blocked", "https://mp.weixin.qq.com/s/Qz2mVb8Nc5XaL7wRty3Ukp"),
    ]
    assert [r[1] for r in readings("wewe-rss.rss")] == ["fetch page", "fetch page"]  # teasers only
    assert [r[1] for r in readings("we-mp-rss.json")] == ["article", "fetch page"]  # the second has no content
    assert [r[1] for r in readings("rsshub-wechat.xml")] == ["article", "unavailable"]
    assert readings("we-mp-rss.atom")[0][2] == "http://werss.example.org:8001//views/article/3941445321-2247489012_1"


def test_video_post_in_a_feed_is_kept_by_its_title():
    e = feed("rsshub-wechat.json").entries[1]
    r = read_feed_item("wx", e.link, e)
    a = r.article
    assert (a.title, a.text, a.media, a.body_from, a.lang, a.published) == (
        "天龙三号一子级试车视频", None, "video", "page", "zh", "2023-12-03T09:00:00+00:00")


def test_a_wall_stored_by_the_mirror_says_so_and_the_deleted_post_is_unavailable():
    wall = feed("wewe-rss.atom").entries[2]
    assert (wall.wall, wall.whole) == ("当前环境异常，完成验证后即可继续访问", False)
    gone = feed("rsshub-wechat.xml").entries[1]
    r = read_feed_item("wx", gone.link, gone)
    assert (r.reason, r.article.status, r.article.text, r.article.title) == (
        "该内容已被发布者删除", "unavailable", None, "关于近期网络不实信息的声明")


def test_dates_are_kept_as_written():
    assert [e.date_text for e in feed("we-mp-rss.xml").entries] == [
        "Tue, 05 Dec 2023 09:00:00 +0800", "Mon, 04 Dec 2023 17:00:00 +0800"]
    assert feed("we-mp-rss.json").entries[0].date_text == "2023-12-05T09:00:00+08:00"


@pytest.mark.parametrize("body, message", [
    (b'{"items": 3}', "not a readable feed: JSON without an items list"),
    (b'{"version": "x", "items": [{"id": "1"}]}', "not a readable feed: JSON that is neither JSON Feed nor we-mp-rss"),
    (b'{"items": [', "not a readable feed: invalid JSON (Expecting value: line 1 column 12 (char 11))"),
])
def test_json_that_is_no_feed_is_a_feed_error(body, message):
    with pytest.raises(FeedError) as err:
        parse_feed(body, "http://mirror.example/f.json", "application/json")
    assert str(err.value) == message


def test_a_json_item_without_an_address_is_skipped_by_name():
    body = ('{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": ['
            '{"id": "no-url", "title": "无链接", "content_text": "x"},'
            '{"id": "2", "url": "https://mp.weixin.qq.com/s/ok", "title": "有链接", "content_text": "正文"}]}')
    result = parse_feed(body.encode(), "http://mirror.example/f.json")
    assert [e.link for e in result.entries] == ["https://mp.weixin.qq.com/s/ok"]
    assert result.skipped == ["item 1 (无链接): ValueError: no link"]
