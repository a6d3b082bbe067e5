import pytest

from store.urls import clean_url, normalise_url


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://36Kr.com/p/Landspace-Funding.html?utm_source=rss&utm_medium=feed",
         "https://36Kr.com/p/Landspace-Funding.html"),
        # Order, case and the publisher's own encoding of the parameters that select content stay.
        ("HTTP://x.cn/a?z=1&UTM_Campaign=q&a=%E8%88%AA%E5%A4%A9&spm=a.b&b=c+d#frag", "HTTP://x.cn/a?z=1&a=%E8%88%AA%E5%A4%A9&b=c+d"),
        ("http://x.cn:8080/a?fbclid=1&gclid=2#x", "http://x.cn:8080/a"),
        ("https://x.cn/a?id=3&&ref=home", "https://x.cn/a?id=3"),
        ("https://x.cn/plain", "https://x.cn/plain"),
    ],
)
def test_clean_url_drops_tracking_and_fragment_only(url, expected):
    assert clean_url(url) == expected


def test_clean_and_normalised_url_agree_on_identity():
    url = "https://X.cn/a?b=2&utm_source=rss&a=1#top"
    assert normalise_url(clean_url(url)) == normalise_url(url) == "https://x.cn/a?a=1&b=2"


@pytest.mark.parametrize(
    "url, expected",
    [
        # A WeChat mirror: the four identity keys in fixed order, the session noise dropped, host kept.
        ("https://WX.Mirror.example/s?sn=ab&chksm=xx&idx=1&mid=2247489012&__biz=MzI0NTU4ODc2MQ==&scene=21#rd",
         "https://wx.mirror.example/s?__biz=MzI0NTU4ODc2MQ%3D%3D&mid=2247489012&idx=1&sn=ab"),
        ("http://127.0.0.1:8000/wechat/article.html?__biz=MzA=&mid=1&idx=2&sn=cd&key=session&pass_ticket=t",
         "http://127.0.0.1:8000/wechat/article.html?__biz=MzA%3D&mid=1&idx=2&sn=cd"),
        # Three of the four keys do not make a WeChat article: ordinary rules (sorted, tracking dropped).
        ("https://x.cn/s?sn=ab&mid=1&__biz=MzA=&page=2&utm_source=x", "https://x.cn/s?__biz=MzA%3D&mid=1&page=2&sn=ab"),
    ],
)
def test_wechat_identity_on_any_host(url, expected):
    assert normalise_url(url) == expected


def test_same_wechat_article_from_two_mirror_visits_is_one_key():
    a = "https://wx.mirror.example/s?__biz=MzA=&mid=1&idx=1&sn=ab&chksm=11&key=aaa"
    b = "https://wx.mirror.example/s?chksm=22&sn=ab&idx=1&mid=1&__biz=MzA=&key=bbb&exportkey=zz"
    assert normalise_url(a) == normalise_url(b)
