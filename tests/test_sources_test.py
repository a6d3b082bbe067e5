"""`parallax sources test`: one source read now, nothing archived, what a run would do shown. The probe
runs on stored feeds and pages through a stand-in fetcher; the CLI against the demo site on loopback."""

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from conftest import REPO
from parallax.cli import cli
from parallax.config import CrawlConfig
from parallax.demo import DEMO_SOURCES, demo_site_root
from parallax.localsite import serve_directory
from spiders.fetch import Fetched, Fetcher, FetchError
from spiders.job import CrawlSpec, SelectorSpec, SourceSpec
from spiders.probe import probe

DATA = Path(__file__).parent / "data"
BASE = "http://127.0.0.1:8000"
CRAWL = CrawlSpec.from_json(CrawlConfig(download_delay=0).model_dump(mode="json"))
P1_LINES = [
    "近日，天兵科技宣布完成D轮融资，本轮融资金额超过15亿元，由国有资本投资平台领投，多家产业资本跟投。",
    "本轮融资将主要用于天龙三号大型液体运载火箭的研制和批产能力建设。天龙三号近地轨道运载能力达17吨，可满足卫星互联网星座组网发射需求。",
    "公司创始人表示：",
    "“我们将坚持自主研发，力争明年实现首飞。”",
]


class StoredSite(Fetcher):
    """Answers from files: a URL's path (whatever its host) -> a file under tests/data (__BASE__ replaced)."""

    def __init__(self, files: dict[str, str], redirects: dict[str, list[str]] | None = None):
        super().__init__("test", 5, 5_000_000, obey_robots=False)
        self.files, self.redirects, self.asked = files, redirects or {}, []

    def get(self, url: str, trusted: bool = False) -> Fetched:
        self.asked.append(url)
        path = urlsplit(url).path
        if path not in self.files:
            raise FetchError(f"connection refused: {url}")
        body = (DATA / self.files[path]).read_bytes().replace(b"__BASE__", BASE.encode())
        return Fetched(url, 200, {}, body, self.redirects.get(path, []))


def spec(kind: str, path: str, **kw) -> SourceSpec:
    return SourceSpec(name="wx", kind=kind, url=BASE + path, **kw)


def test_a_mirror_with_full_text_is_shown_without_fetching_a_page():
    site = StoredSite({"/feed.json": "mirrors/feeds/rsshub-wechat.json"})
    report = probe(spec("wechat", "/feed.json"), CRAWL, site)
    assert (report.error, report.status, report.format, report.items_found) == (None, 200, "JSON Feed 1.1", 2)
    assert [(i.title, i.date, i.published, i.zone, i.lang, i.action) for i in report.items] == [
        ("天兵科技完成D轮融资 天龙三号将于明年首飞", "2023-12-05T01:00:00.000Z", "2023-12-05T01:00:00+00:00", "given (Z)",
         "zh", "archive the mirror's full text (no page fetched)"),
        ("天龙三号一子级试车视频", "2023-12-03T09:00:00.000Z", "2023-12-03T09:00:00+00:00", "given (Z)", "zh",
         "archive by its title (a voice or video post)"),
    ]
    first = report.first
    assert (first.kind, first.text_from, first.lang, first.chars, first.lines) == (
        "article", "feed", "zh", sum(map(len, P1_LINES)) + 6, P1_LINES)
    assert (report.warnings, site.asked) == ([], [f"{BASE}/feed.json"])


def test_a_wall_in_the_feed_and_on_the_page_are_both_warned():
    site = StoredSite({"/feed.atom": "mirrors/feeds/wewe-rss.atom"})
    report = probe(spec("wechat", "/feed.atom"), CRAWL, site)
    assert [i.action for i in report.items] == [
        "archive the mirror's full text (no page fetched)", "archive by its title (a voice or video post)",
        "the mirror stored a verification notice: fetch the page"]
    assert report.warnings == [
        "mirror blocked: 1 item(s) hold a verification notice in place of the post (first: "
        "https://mp.weixin.qq.com/s/Qz2mVb8Nc5XaL7wRty3Ukp: 当前环境异常，完成验证后即可继续访问); their pages are read instead"]

    # A teaser feed whose first post answers with WeChat's verification page
    site = StoredSite({"/feed.xml": "mirrors/feeds/wewe-rss.rss", "/s/Xk3pQm7Lr2VbN8sTfa1Yzw": "mirrors/pages/wall.html"})
    report = probe(spec("wechat", "/feed.xml"), CRAWL, site)
    assert site.asked == [f"{BASE}/feed.xml", "https://mp.weixin.qq.com/s/Xk3pQm7Lr2VbN8sTfa1Yzw"]
    assert (report.first.kind, report.first.reason, report.first.lines) == (
        "blocked", "当前环境异常，完成验证后即可继续访问", [])
    assert report.warnings == [
        "mirror blocked: the first item's page is a verification or rate-limit notice (当前环境异常，完成验证后即可继续"
        "访问): a run would not archive it and would try it again on a later run"]


def test_a_listing_page_shows_what_each_selector_matched():
    site = StoredSite({"/listing/news_p1.html": "spiders/listing/news_p1.html",
                       "/pages/36kr_article.html": "spiders/pages/36kr_article.html"})
    selectors = SelectorSpec(link=".news-header h3 a", title="//h3/a/text()", date=".news-footer .date",
                             next=".load-more a::attr(href)")
    report = probe(spec("page", "/listing/news_p1.html", selectors=selectors), CRAWL, site)
    assert [(m.name, m.matched, m.first) for m in report.selectors] == [
        ("link", 2, "蓝箭航天完成新一轮融资"), ("title", 2, "蓝箭航天完成新一轮融资"), ("date", 2, "2020-11-03 22:29"),
        ("next", 1, "/listing/news_p2.html")]
    assert report.next_page == f"{BASE}/listing/news_p2.html"
    assert [(i.url, i.date, i.zone) for i in report.items] == [
        (f"{BASE}/pages/36kr_article.html", "2020-11-03 22:29", "none given: read in Asia/Shanghai"),
        (f"{BASE}/pages/lying_gb2312_utf8_article.html", "2021年3月5日 08:12", "none given: read in Asia/Shanghai")]
    assert report.items[0].published == "2020-11-03T14:29:00+00:00"
    assert (report.first.kind, report.first.title, report.first.lines[0][:5]) == (
        "article", "蓝箭航天完成新一轮融资，朱雀二号改进型年内首飞", "36氪获悉")
    assert report.warnings == []


def test_selectors_that_match_nothing_or_are_not_css_are_said_so():
    site = StoredSite({"/listing/news_p1.html": "spiders/listing/news_p1.html"})
    report = probe(spec("page", "/listing/news_p1.html", selectors=SelectorSpec(link=".nope a", date=".nope")),
                   CRAWL, site)
    assert report.warnings == [f"no links matched selector '.nope a' on {BASE}/listing/news_p1.html",
                               f"selectors.date '.nope' matched nothing on {BASE}/listing/news_p1.html"]
    bad = probe(spec("page", "/listing/news_p1.html", selectors=SelectorSpec(link="div[[[")), CRAWL, site)
    assert bad.error == ("selectors.link 'div[[[' is not valid CSS or XPath: SelectorSyntaxError: Expected ident "
                         "or '*', got <DELIM '[' at 4>")


@pytest.mark.parametrize("path, file, kind", [
    ("/f.xml", "spiders/feeds/teasers_rss.xml", "feed (detected)"),
    ("/f.json", "mirrors/feeds/wechat2rss.json", "wechat (detected)"),
    ("/a.html", "spiders/pages/spacenews_article.html", "article (detected)"),
])
def test_a_url_tested_without_a_kind_is_recognised(path, file, kind):
    site = StoredSite({path: file, "/pages/36kr_article.html": "spiders/pages/36kr_article.html"})
    report = probe(spec("auto", path), CRAWL, site)
    assert report.kind == kind and report.error is None and report.first.kind == "article"


def test_a_source_that_cannot_be_read_is_an_error():
    report = probe(spec("feed", "/gone.xml"), CRAWL, StoredSite({}))
    assert (report.error, report.items, report.first) == (f"connection refused: {BASE}/gone.xml", [], None)


def test_cli_refuses_what_is_neither_a_source_nor_a_url(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("sources: [{name: a, kind: feed, url: 'https://a.example/f'}]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "sources", "test", "nope"])
    assert (result.exit_code, result.stderr) == (
        2, "Error: 'nope' is neither a configured source nor an http(s) URL (hint: `parallax sources` lists the "
           "configured sources)\n")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "sources", "test", "https://x.example/", "--kind", "page"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: a page source needs selectors")


@pytest.mark.slow
def test_each_demo_source_prints_its_items_and_text_and_archives_nothing(tmp_path):
    with serve_directory(demo_site_root()) as site:
        sources = [{"name": n, "kind": k, "url": f"{site.base}/{p}", "lang": lang} for n, k, p, lang in DEMO_SOURCES]
        cfg = tmp_path / "c.yaml"
        cfg.write_text(json.dumps({"archive": {"path": str(tmp_path / "a.db")}, "sources": sources}), encoding="utf-8")
        runs = {s["name"]: subprocess.run([sys.executable, "-m", "parallax", "--config", str(cfg), "sources", "test",
                                           s["name"]], capture_output=True, text=True, cwd=REPO, timeout=60)
                for s in sources}
        as_json = subprocess.run([sys.executable, "-m", "parallax", "--config", str(cfg), "sources", "test",
                                  "demo-wechat-galactic", "--json"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert {n: (p.returncode, p.stderr) for n, p in runs.items()} == {n: (0, "") for n in runs}
    kuaixun = runs["demo-kuaixun"].stdout.splitlines()
    assert kuaixun[0] == f"demo-kuaixun: feed {site.base}/feeds/kuaixun.xml"
    assert kuaixun[1].startswith("read: HTTP 200, RSS 2.0, 3 items in ")
    assert "  1. 蓝箭航天完成新一轮融资，加速朱雀三号复用火箭研制" in kuaixun
    assert "     date 'Mon, 16 Nov 2026 10:30:00 +0800' -> 2026-11-16T02:30:00+00:00 (given (+0800))" in kuaixun
    assert "     lang zh · fetch the page" in kuaixun
    assert "  | 11月16日，民营火箭企业蓝箭航天宣布完成新一轮融资，本轮融资由国家级产业基金领投，多家地方政府引导基金和市场化" \
           "投资机构跟投，融资金额超过十亿元人民币。" in kuaixun
    assert kuaixun[-1] == "no warnings"
    spacewire = runs["demo-spacewire"].stdout
    assert "  article, text from the page, 657 characters, lang en, published 2026-11-17T14:00:00+00:00" in spacewire
    report = json.loads(as_json.stdout)
    assert (report["kind"], report["format"], report["first"]["kind"], report["first"]["title"]) == (
        "wechat", "RSS 2.0", "article", "谷神星一号遥十九运载火箭发射成功")
    assert report["first"]["lines"][0].startswith("2026年11月19日11时20分，星河动力航天谷神星一号遥十九运载火箭")
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize("written, tz, zone", [
    ("Thu, 19 Nov 2026 11:20:00 +0800", "Asia/Shanghai", "given (+0800)"),
    ("2026-11-19 11:20", "Europe/Paris", "none given: read in Europe/Paris"),
    ("Tue, 05 Dec 2023 09:00:00 CST", "Asia/Shanghai", "given (CST, read as China Standard Time, +08:00)"),
    ("1701738000", "Asia/Shanghai", "epoch seconds (UTC)"),
    ("3小时前", "Asia/Shanghai", "relative to the time read"),
    ("no date here", "Asia/Shanghai", None),
])
def test_the_zone_a_date_was_read_in(written, tz, zone):
    from spiders.dates import zone_read

    assert zone_read(written, tz) == zone


@pytest.mark.slow
def test_the_fetcher_obeys_robots_refuses_inward_and_records_redirects():
    from httpserver import Route
    from httpserver import serve_directory as serve

    routes = {"/robots.txt": Route(200, "User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}),
              "/old": Route(301, b"", {"Location": "/new"}), "/new": Route(200, "<p>here</p>", {"Content-Type": "text/html"}),
              "/inward": Route(302, b"", {"Location": "http://10.0.0.1/admin"}),
              "/busy": Route(429, "Too Many Requests", {"Retry-After": "3600"})}
    with serve(None, routes=routes) as base:
        fetcher = Fetcher("ParallaxTest/1.0", 5, 10_000, obey_robots=True, source_url=f"{base}/feed.xml")
        moved = fetcher.get(f"{base}/old")
        assert (moved.url, moved.status, moved.body, moved.redirects) == (f"{base}/new", 200, b"<p>here</p>", [f"{base}/old"])
        assert fetcher.get(f"{base}/busy").status == 429
        with pytest.raises(FetchError, match=f"^forbidden by robots.txt: {base}/private/a.html$"):
            fetcher.get(f"{base}/private/a.html")
        with pytest.raises(FetchError, match=r"^refused: http://10.0.0.1/admin is on an internal address"):
            fetcher.get(f"{base}/inward")
        with pytest.raises(FetchError, match="^refused: http://192.168.1.1/x is on an internal address"):
            fetcher.get("http://192.168.1.1/x")  # refused before any connection
