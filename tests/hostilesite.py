"""A fault-injection site: every hostile case of issue 13 in one loopback site, beside good items.

    with hostile_site(tmp_path, items=20_000, links=10_000) as site:
        site.sources   # the config's sources: a feed, a listing page, a WeChat mirror, a huge feed
        site.secret    # a second server standing for an internal service: nobody may fetch from it

What it serves (the spider must archive every good item, skip and name every bad one, and go on):
- /feed.xml: 7 good items (one with terminal escapes, BEL, an OSC hyperlink and U+202E in its title
  and text; one whose page declares another host canonical; one whose page is dated 9999-12-31
  -14:00; one with pubDate 9999 -1400 in the feed; one with &#xD800; in its title; one behind a
  same-site redirect) and 15 bad ones: javascript:, JavaScript:, mailto:, MAILTO:, tel:, a port out
  of range, a broken IPv6 host, file:, data:, about:, no link at all, and four internal addresses
  (169.254.169.254, 10.0.0.1, the secret server directly and through a redirect);
- /list.html: `links` good links and four bad ones (JavaScript:, MAILTO:, tel:, a port out of range);
- /wechat.xml: one WeChat post whose `ct` epoch has 17 digits;
- /big.xml: `items` feed items (teasers only): far more than one run takes.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from httpserver import Route, serve_directory

ESCAPES = "\x1b[31m\x07\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07\u202e"
GOOD_FEED_ITEMS = 7
BAD_FEED_ITEMS = 15
BAD_LINKS = 4

ARTICLE = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
    "<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
)
ZH_BODY = "蓝箭航天今日宣布完成新一轮融资，资金将用于朱雀三号可重复使用运载火箭的研制和批量生产。"
EN_BODY = "Galactic Energy said its Ceres-1 rocket placed two satellites in orbit from Jiuquan on Tuesday."


def _page(title: str, body: str, lang: str = "zh", head: str = "") -> bytes:
    return ARTICLE.format(title=title, body=body, lang=lang, head=head).encode("utf-8")


def _rss(items: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
            f"<link>__BASE__/</link><description>d</description>{items}</channel></rss>").encode("utf-8")


def _item(title: str, link: str | None, date: str = "Mon, 23 Nov 2026 10:00:00 +0800") -> str:
    link_el = f"<link>{link}</link>" if link is not None else ""
    return f"<item><title>{title}</title>{link_el}<pubDate>{date}</pubDate><description>{title}</description></item>"


@dataclass
class HostileSite:
    base: str
    secret: str  # base URL of the internal service
    secret_hits: list[str]
    sources: list[dict] = field(default_factory=list)
    links: int = 0
    items: int = 0


def _write(root: Path, items: int, links: int, secret: str) -> None:
    (root / "a").mkdir(parents=True)
    (root / "l").mkdir()
    (root / "w").mkdir()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    pages = {
        "good1": _page("蓝箭航天完成新一轮融资", ZH_BODY),
        "good2": _page(f"Galactic Energy {ESCAPES}launches Ceres-1", f"{ESCAPES}{EN_BODY}", "en"),
        "canonical": _page("星河动力谷神星一号发射成功", ZH_BODY,
                           head='<link rel="canonical" href="https://evil.example/phish">'),
        "futuredate": _page("天兵科技天龙三号试车", ZH_BODY,
                            head='<meta property="article:published_time" content="9999-12-31T23:59:59-14:00">'),
        "good5": _page("东方空间引力一号总装", ZH_BODY),
        "good6": _page("中科宇航力箭一号发射", ZH_BODY),
        "good7": _page("银河航天卫星出厂", ZH_BODY),
    }
    for name, body in pages.items():
        (root / "a" / f"{name}.html").write_bytes(body)
    good = [
        _item("蓝箭航天完成新一轮融资", "__BASE__/a/good1.html"),
        _item("Galactic Energy launches Ceres-1", "__BASE__/a/good2.html"),
        _item("星河动力谷神星一号发射成功", "__BASE__/a/canonical.html"),
        _item("天兵科技天龙三号试车", "__BASE__/a/futuredate.html"),
        _item("东方空间引力一号总装", "__BASE__/a/good5.html", date="Fri, 31 Dec 9999 23:59:59 -1400"),
        _item("中科宇航力箭一号发射 &#xD800; 成功", "__BASE__/a/good6.html"),
        _item("银河航天卫星出厂", "__BASE__/redirect-ok"),
    ]
    bad = "".join(_item(f"bad {n}", link) for n, link in enumerate([
        "javascript:alert(1)", "JavaScript:alert(2)", "mailto:a@example.org", "MAILTO:b@example.org",
        "tel:+861012345678", "http://127.0.0.1:99999/x", "http://[::1/x", "file:///etc/passwd",
        "data:text/html,&lt;b&gt;x&lt;/b&gt;", "about:blank", None,
        "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin", f"{secret}/secret",
        "__BASE__/redirect-internal",
    ]))
    (root / "feed.xml").write_bytes(_rss("".join(good[:3]) + bad + "".join(good[3:])))

    anchors = [f'<li><a href="/l/{i}.html">商业航天快讯第{i}条</a><span class="d">2026-11-{1 + i % 28:02d}</span></li>'
               for i in range(links)]
    anchors[len(anchors) // 2: len(anchors) // 2] = [
        '<li><a href="JavaScript:void(0)">x</a></li>', '<li><a href="MAILTO:x@example.org">x</a></li>',
        '<li><a href="tel:123">x</a></li>', '<li><a href="http://127.0.0.1:99999/x">x</a></li>']
    (root / "list.html").write_text(
        f'<html><body><ul class="news">{"".join(anchors)}</ul></body></html>', encoding="utf-8")
    for i in range(links):
        (root / "l" / f"{i}.html").write_bytes(_page(f"商业航天快讯第{i}条", ZH_BODY))

    (root / "w" / "post.html").write_bytes(
        '<html><head><meta property="og:title" content="天兵科技完成新一轮融资"><script>var ct = "12345678901234567";'
        'var nickname = "天兵航天科技";</script></head><body><div id="js_content"><p>'.encode()
        + ZH_BODY.encode() + b"</p></div></body></html>")
    (root / "wechat.xml").write_bytes(_rss(_item("天兵科技完成新一轮融资", "__BASE__/w/post.html")))

    (root / "big.xml").write_bytes(_rss("".join(
        _item(f"快讯{i}", f"__BASE__/big/{i}.html", date=f"Mon, {1 + i % 28:02d} Nov 2026 {i % 24:02d}:00:00 +0800")
        for i in range(items))))


@contextlib.contextmanager
def hostile_site(tmp_path: Path, items: int = 20_000, links: int = 10_000) -> Iterator[HostileSite]:
    secret_hits: list[str] = []
    with serve_directory(None, routes=[lambda h: secret_hits.append(h.path) or Route(200, b"secret")]) as secret:
        routes = {
            "/redirect-ok": Route(302, b"", {"Location": "/a/good7.html"}),
            "/redirect-internal": Route(302, b"", {"Location": f"{secret}/secret2"}),
        }
        root = tmp_path / "hostile"
        _write(root, items, links, secret)
        with serve_directory(root, routes=routes) as base:
            yield HostileSite(base, secret, secret_hits, [
                {"name": "hostile-feed", "kind": "feed", "url": f"{base}/feed.xml"},
                {"name": "hostile-list", "kind": "page", "url": f"{base}/list.html", "max_pages": 1,
                 "selectors": {"link": ".news a", "date": ".news .d"}},
                {"name": "hostile-wechat", "kind": "wechat", "url": f"{base}/wechat.xml"},
                {"name": "hostile-big", "kind": "feed", "url": f"{base}/big.xml", "fetch_articles": False},
            ], links, items)
