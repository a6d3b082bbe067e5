"""Pages that are not articles, told apart before extraction: verification walls and rate-limit notices,
account pages, voice and video posts; and what spiders.reading makes of each stored page."""

from pathlib import Path

import pytest

from spiders.feeds import FeedEntry
from spiders.pagekind import classify, media_post, wall_reason
from spiders.reading import read_page

PAGES = Path(__file__).parent / "data" / "mirrors" / "pages"
WECHAT = Path(__file__).parent / "data" / "spiders" / "wechat"
MIRROR = "http://127.0.0.1:8000"


def page(name: str, folder: Path = PAGES) -> str:
    return (folder / name).read_text(encoding="utf-8")


def read(name: str, url: str | None = None, kind: str = "wechat", folder: Path = PAGES, **kw):
    link = f"{MIRROR}/s/{name}"
    return read_page(page(name, folder), source="wx", kind=kind, tz="Asia/Shanghai", link=link, url=url or link, **kw)


@pytest.mark.parametrize("name, url, expected", [
    ("wall.html", f"{MIRROR}/s/1", ("blocked", "当前环境异常，完成验证后即可继续访问")),
    ("rate-limit.html", f"{MIRROR}/s/2", ("blocked", "访问过于频繁")),
    ("wappoc.html", f"{MIRROR}/mp/wappoc_appmsgcaptcha?poc_token=abc&target_url=x", ("blocked", "redirected to mp/wappoc_appmsgcaptcha")),
    ("history.html", f"{MIRROR}/mp/profile_ext?action=home&__biz=MzI0NTU4ODc2MQ==", ("not_article", "account page /mp/profile_ext")),
    ("history.html", f"{MIRROR}/s/3", ("not_article", "account page (var msgList)")),
    ("album.html", f"{MIRROR}/s/4", ("not_article", "account page (album__list)")),
])
def test_pages_that_are_not_articles(name, url, expected):
    r = read(name, url)
    assert (r.kind, r.reason, r.article) == (*expected, None)


def test_a_wall_found_through_the_redirect_it_took():
    # The page served after the redirect says little; the chain of addresses says where it came from.
    kind = classify("<html><body><p>请稍候</p></body></html>", f"{MIRROR}/s/5",
                    redirects=[f"{MIRROR}/s/5?x=1", "https://mp.weixin.qq.com/mp/wappoc_appmsgcaptcha?poc_token=t"])
    assert (kind.kind, kind.reason) == ("blocked", "redirected to mp/wappoc_appmsgcaptcha")


def test_an_article_quoting_the_walls_words_stays_an_article():
    r = read("article-quoting-wall.html")
    assert (r.kind, r.article.title, r.article.account) == (
        "article", "公众号镜像频现“环境异常”，商业航天信息获取受阻", "卫星与网络")
    assert r.article.text.startswith("七月底以来，多个开源的公众号镜像服务在抓取文章时收到“环境异常”的提示")
    # On its words alone the short post would pass for a wall; its #js_content body decides.
    assert wall_reason(page("article-quoting-wall.html")) == "环境异常"
    assert wall_reason(page("article-quoting-wall.html"), has_body=True) is None


@pytest.mark.parametrize("name, media, title, published", [
    ("voice.html", "voice", "创始人谈天龙三号：我们为什么坚持液体路线", "2023-12-07T01:00:00+00:00"),
    ("video.html", "video", "天龙三号一子级试车视频", "2023-12-03T09:00:00+00:00"),
])
def test_voice_and_video_posts_are_kept_by_their_title(name, media, title, published):
    r = read(name)
    a = r.article
    assert (r.kind, r.reason, a.media, a.title, a.text, a.published, a.account, a.body_from, a.lang) == (
        "media", f"{media} post", media, title, None, published, "天兵航天科技", "page", "zh")
    assert a.canonical_url.startswith("https://mp.weixin.qq.com/s?__biz=MzI0NTU4ODc2MQ%3D%3D&mid=")  # the post itself


def test_a_long_post_with_a_video_is_an_article():
    assert media_post('<iframe class="video_iframe"></iframe>', "正文" * 100) is None
    assert media_post('<iframe class="video_iframe"></iframe>', "点击观看") == "video"


def test_deleted_post_is_unavailable_as_before():
    entry = FeedEntry(f"{MIRROR}/s/d", "关于近期网络不实信息的声明", None, None, None, None)
    r = read("deleted.html", folder=WECHAT, entry=entry)
    assert (r.kind, r.reason, r.article.status, r.article.title) == (
        "unavailable", "该内容已被发布者删除", "unavailable", "关于近期网络不实信息的声明")


def test_account_markers_count_only_on_wechat_pages():
    # An ordinary site's script may call a variable msgList; only WeChat pages are judged by it.
    html = "<html><body><script>var msgList = []</script><p>" + "航天" * 200 + "</p></body></html>"
    assert classify(html, "https://news.example.cn/a/1").kind == "article"
    assert classify(html, "https://news.example.cn/a/1", wechat=True, body_chars=0).kind == "not_article"
    assert classify(html, "https://x.cn/s/1", wechat=True, body_chars=400).kind == "article"  # a body wins


def test_a_page_with_no_text_keeps_the_feed_teaser():
    entry = FeedEntry(f"{MIRROR}/s/t", "标题", "摘要一句。", None, "2026-11-20T00:00:00+00:00", None)
    r = read_page("<html><body></body></html>", source="wx", kind="feed", tz="Asia/Shanghai", link=entry.link,
                  url=entry.link, entry=entry)
    assert (r.kind, r.reason, r.article.body_from, r.article.text) == (
        "no_text", f"no article text found on {MIRROR}/s/t", "feed", "摘要一句。")
