"""WeChat article pages parsed from stored bytes: body from #js_content, title, account, ct time."""

from pathlib import Path

import pytest

from spiders.wechat import parse_wechat, strip_boilerplate

WECHAT = Path(__file__).parent / "data" / "spiders" / "wechat"


def test_wechat_article_fields():
    html = (WECHAT / "article.html").read_text(encoding="utf-8")
    a = parse_wechat(html, "https://mp.weixin.qq.com/s?__biz=MzI0NTU4ODc2MQ==&mid=2247489012&idx=1&sn=x")
    assert a.status == "ok"
    assert a.title == "天兵科技完成D轮融资 天龙三号将于明年首飞"
    assert a.account == "天兵航天科技"
    assert a.author == "天兵科技"
    assert a.published == "2023-12-05T01:00:00+00:00"  # ct 1701738000
    assert a.canonical_url == (
        "https://mp.weixin.qq.com/s?__biz=MzI0NTU4ODc2MQ%3D%3D&mid=2247489012&idx=1&sn=a1b2c3d4e5f60718293a4b5c6d7e8f90"
    )
    assert a.text.split("\n\n") == [
        "近日，天兵科技宣布完成D轮融资，本轮融资金额超过15亿元，由国有资本投资平台领投，多家产业资本跟投。",
        "本轮融资将主要用于天龙三号大型液体运载火箭的研制和批产能力建设。天龙三号近地轨道运载能力达17吨，可满足卫星互联网星座组网发射需求。",
        "公司创始人表示：",
        "“我们将坚持自主研发，力争明年实现首飞。”",
    ]


def test_wechat_title_and_time_without_meta_or_ct():
    html = (WECHAT / "article.html").read_text(encoding="utf-8")
    html = html.replace('<meta property="og:title"', '<meta property="x"').replace('var ct = "1701738000";', "")
    html = html.replace('<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>',
                        '<em id="publish_time">2023年12月5日 09:00</em>')
    a = parse_wechat(html, "https://mp.weixin.qq.com/s/abc")
    assert a.title == "天兵科技完成D轮融资 天龙三号将于明年首飞"  # from msg_title
    assert a.published == "2023-12-05T01:00:00+00:00"


@pytest.mark.parametrize(
    "name, reason",
    [("deleted.html", "该内容已被发布者删除"), ("violation.html", "此内容因违规无法查看"), ("expired.html", "链接已过期")],
)
def test_unavailable_pages(name, reason):
    a = parse_wechat((WECHAT / name).read_text(encoding="utf-8"), "https://mp.weixin.qq.com/s/abc")
    assert (a.status, a.reason, a.title, a.text) == ("unavailable", reason, None, None)


def test_boilerplate_only_at_the_edges():
    text = "点击蓝字 关注我们\n\n正文第一段。\n\n请点击蓝字关注我们的活动详情见正文。\n\n往期推荐"
    assert strip_boilerplate(text) == "正文第一段。\n\n请点击蓝字关注我们的活动详情见正文。"


def test_ordinary_page_linking_to_wechat_is_not_a_wechat_page():
    from spiders.wechat import is_wechat_page

    html = '<html><body><p>关注我们的公众号 <a href="https://mp.weixin.qq.com/s/abc">链接</a></p></body></html>'
    assert not is_wechat_page(html, "https://36kr.com/p/1")
    assert is_wechat_page(html, "https://mp.weixin.qq.com/s/abc")
    a = parse_wechat(html, "https://36kr.com/p/1")
    assert (a.status, a.reason) == ("empty", None)
