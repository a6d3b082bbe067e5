"""A loopback site with every case of issue 18 in it: WeChat mirrors as they are in 2026.

    with mirror_site(tmp_path) as site:
        site.sources       # the config's sources (below)
        site.lift_walls()  # from now on the blocked posts answer with the post
        site.log           # "GET /path" per request

- wx-full (wechat): a JSON Feed 1.1 mirror with full text (RSSHub ?format=json style): two posts whose
  whole text is in content_html, a video post (player only), a post WeChat deleted. Links point to
  mp.weixin.qq.com and are never fetched.
- wx-teaser (wechat): an Atom mirror with teasers only (wewe-rss without full text), linking to pages
  here: a post; WeChat's verification wall served with 200; a post that redirects to the
  wappoc_appmsgcaptcha page; a post answered 429 with Retry-After an hour; the account's history
  page; a voice post; a deleted post.
- quiet-wire (feed, fetch_articles: false): it answers, with ten daily items of two months ago.
- news (feed): one ordinary article page.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from httpserver import Route, serve_directory

DATA = Path(__file__).parent / "data"
NOW = datetime.now(timezone.utc).replace(microsecond=0)

POST = """<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:title" content="{title}"></head>
<body id="activity-detail"><h1 class="rich_media_title" id="activity-name">{title}</h1>
<a id="js_name">天兵航天科技</a><div class="rich_media_content" id="js_content">{body}</div>
<script>var nickname = htmlDecode("天兵航天科技"); var ct = "{ct}";</script></body></html>"""
PARAS = ("{title}。本轮进展由公司在官方公众号发布，涉及天龙三号大型液体运载火箭的研制与批产能力建设。",
         "天龙三号近地轨道运载能力达17吨，可满足卫星互联网星座组网发射需求，公司计划明年实现首飞。")

# wx-teaser's items: path -> title. The first three are walls until lift_walls().
BLOCKED = {"/s/wall": "天兵科技入选北京市专精特新企业名单", "/s/captcha": "天兵科技与地方政府签署产业园合作协议",
           "/s/limited": "天龙三号二子级发动机完成长程试车"}
TEASER_ITEMS = {"/s/post": "天兵科技完成D轮融资 天龙三号将于明年首飞", **BLOCKED,
                "/s/history": "天兵航天科技 全部消息", "/s/voice": "创始人谈天龙三号：我们为什么坚持液体路线",
                "/s/deleted": "关于近期网络不实信息的声明"}
FULL_TITLES = ("天兵科技发布天龙三号首飞时间表", "天兵科技在海南商业航天发射场完成合练")
QUIET_ITEMS = 10
QUIET_LAST = (NOW - timedelta(days=60)).date()


def post_html(title: str, when: datetime) -> str:
    body = "".join(f"<p>{p.format(title=title)}</p>" for p in PARAS)
    return POST.format(title=title, body=body, ct=int(when.timestamp()))


def _rfc822(dt: datetime) -> str:
    return dt.strftime("%a, %d %b %Y %H:%M:%S +0000")


def _full_feed() -> str:
    items = [{"id": f"https://mp.weixin.qq.com/s/full{n}", "url": f"https://mp.weixin.qq.com/s/full{n}", "title": t,
              "content_html": f'<div id="js_content">{"".join(f"<p>{p.format(title=t)}</p>" for p in PARAS)}</div>',
              "date_published": (NOW - timedelta(days=n + 1)).isoformat()} for n, t in enumerate(FULL_TITLES)]
    items.append({"id": "https://mp.weixin.qq.com/s/video", "url": "https://mp.weixin.qq.com/s/video",
                  "title": "天龙三号一子级试车视频", "date_published": (NOW - timedelta(days=3)).isoformat(),
                  "content_html": '<div id="js_content"><iframe class="video_iframe" data-src="https://v.qq.com/iframe/'
                                  'preview.html?vid=x0047abcd"></iframe></div>'})
    items.append({"id": "https://mp.weixin.qq.com/s/gone", "url": "https://mp.weixin.qq.com/s/gone",
                  "title": "已删除的文章", "date_published": (NOW - timedelta(days=4)).isoformat(),
                  "content_html": '<div class="weui_msg"><h2 class="weui_msg_title">该内容已被发布者删除</h2></div>'})
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "天兵航天科技", "items": items},
                      ensure_ascii=False)


def _teaser_feed() -> str:
    entries = "".join(
        f"<entry><title>{t}</title><id>__BASE__{p}</id><link href=\"__BASE__{p}\"/>"
        f"<updated>{(NOW - timedelta(hours=k + 1)).isoformat()}</updated><summary></summary></entry>"
        for k, (p, t) in enumerate(TEASER_ITEMS.items()))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>天兵航天科技</title>'
            f"<id>__BASE__/feeds/teaser.atom</id><updated>{NOW.isoformat()}</updated>{entries}</feed>")


def _quiet_feed() -> str:
    items = "".join(
        f"<item><title>旧闻 {k}</title><link>__BASE__/quiet/{k}.html</link>"
        f"<pubDate>{_rfc822(datetime.combine(QUIET_LAST - timedelta(days=k), datetime.min.time()) + timedelta(hours=2))}"
        f"</pubDate><description>这是两个月前的第{k}条快讯，此后该来源再无新内容。</description></item>"
        for k in range(QUIET_ITEMS))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>q</title>{items}</channel></rss>'


@dataclass
class MirrorSite:
    base: str
    log: list[str]
    walls: dict = field(default_factory=lambda: {"up": True})

    @property
    def sources(self) -> list[dict]:
        return [
            {"name": "wx-full", "kind": "wechat", "url": f"{self.base}/feeds/full.json"},
            {"name": "wx-teaser", "kind": "wechat", "url": f"{self.base}/feeds/teaser.atom"},
            {"name": "quiet-wire", "kind": "feed", "url": f"{self.base}/feeds/quiet.xml", "fetch_articles": False},
            {"name": "news", "kind": "feed", "url": f"{self.base}/feeds/news.xml"},
        ]

    def lift_walls(self) -> None:
        self.walls["up"] = False

    def pages_fetched(self) -> list[str]:
        return sorted(line.split(" ", 1)[1] for line in self.log if "/feeds/" not in line and "robots" not in line)


@contextlib.contextmanager
def mirror_site(tmp_path: Path) -> Iterator[MirrorSite]:
    root = tmp_path / "mirror-site"
    (root / "feeds").mkdir(parents=True)
    (root / "s").mkdir()
    (root / "feeds" / "full.json").write_text(_full_feed(), encoding="utf-8")
    (root / "feeds" / "teaser.atom").write_text(_teaser_feed(), encoding="utf-8")
    (root / "feeds" / "quiet.xml").write_text(_quiet_feed(), encoding="utf-8")
    (root / "feeds" / "news.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>n</title><item><title>Galactic Energy launches'
        f"</title><link>__BASE__/news/1.html</link><pubDate>{_rfc822(NOW - timedelta(hours=5))}</pubDate>"
        "</item></channel></rss>", encoding="utf-8")
    (root / "news").mkdir()
    (root / "news" / "1.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Galactic Energy launches Ceres-1</title>'
        "</head><body><article><h1>Galactic Energy launches Ceres-1</h1><p>Galactic Energy said its Ceres-1 rocket "
        "placed two satellites in orbit from Jiuquan on Tuesday, its fifth launch this year.</p><p>The Beijing-based "
        "company is also preparing the first flight of its reusable Pallas-1 liquid-fuelled rocket.</p></article>"
        "</body></html>", encoding="utf-8")
    (root / "s" / "post.html").write_text(post_html(TEASER_ITEMS["/s/post"], NOW - timedelta(hours=1)), encoding="utf-8")
    for name, page in (("history", "mirrors/pages/history.html"), ("voice", "mirrors/pages/voice.html"),
                       ("deleted", "spiders/wechat/deleted.html")):
        (root / "s" / f"{name}.html").write_bytes((DATA / page).read_bytes())
    log: list[str] = []
    walls = {"up": True}
    wall = (DATA / "mirrors" / "pages" / "wall.html").read_bytes()
    captcha = (DATA / "mirrors" / "pages" / "wappoc.html").read_bytes()
    html = {"Content-Type": "text/html; charset=utf-8"}

    def blocked(path: str, wall_route: Route):
        def answer(handler):
            if walls["up"]:
                return wall_route
            return Route(200, post_html(BLOCKED[path], NOW - timedelta(hours=2)), html)
        return answer

    routes = {
        "/s/wall": blocked("/s/wall", Route(200, wall, html)),
        "/s/captcha": blocked("/s/captcha", Route(302, b"", {"Location": "/mp/wappoc_appmsgcaptcha?poc_token=t1&"
                                                             "target_url=https%3A%2F%2Fmp.weixin.qq.com%2Fs%2Fx"})),
        "/mp/wappoc_appmsgcaptcha": Route(200, captcha, html),
        "/s/limited": blocked("/s/limited", Route(429, b"Too Many Requests", {"Retry-After": "3600"})),
    }
    with serve_directory(root, routes=routes, log=log) as base:
        site = MirrorSite(base, log, walls)
        for path in (root / "feeds").iterdir():
            path.write_bytes(path.read_bytes().replace(b"__BASE__", base.encode()))
        yield site
