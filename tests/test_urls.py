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
