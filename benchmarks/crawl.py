"""Crawl benchmark: N generated article pages on loopback, the full spider path against bare Scrapy.

    .venv/bin/python benchmarks/crawl.py [--pages 400] [--concurrency 8] [--repeat 1]

Both runs start a fresh child process (as `parallax run` does) and fetch the same RSS feed and the
same N pages from one loopback server, with robots.txt obeyed, no delay and the same per-domain
concurrency. "full" is spiders.crawl.crawl(): decoding, trafilatura main text, metadata, dates,
language, URL normalisation and one archive upsert per page. "bare" is a minimal Scrapy spider that
only downloads the pages, once with Scrapy's defaults and once with CONCURRENT_ITEMS=4 as the full
path uses (Scrapy starts CONCURRENT_ITEMS asyncio tasks per callback). Figures printed: wall time and pages/s including process start, and the
pages/s of the crawl itself (process start-up measured with an empty feed and subtracted).
Target: full >= half of bare.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("蓝箭航天 朱雀二号 运载火箭 商业航天 卫星互联网 融资 发动机 液氧甲烷 酒泉卫星发射中心 试车 "
         "国家队 民营企业 星座 组网 发射 成功 入轨 地方政府 引导基金 领投 跟投 估值 研制 批产 可复用 "
         "回收 垂直起降 一子级 二子级 遥感卫星 通信卫星 订单 合同 客户 海外市场 一带一路 产业园").split()


def article_html(i: int, rng: random.Random) -> str:
    paras = []
    for _ in range(rng.randint(5, 9)):
        sentence = "，".join("".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))) for _ in range(4))
        paras.append(f"<p>{sentence}。</p>")
    title = "".join(rng.choice(WORDS) for _ in range(4))
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}_航天快讯</title><meta property="og:title" content="{title}">
<meta name="author" content="记者{i}"></head><body>
<div class="header"><a href="/">首页</a> | <a href="/news/">快讯</a> | <a href="/login">登录</a></div>
<div class="main"><article><h1>{title}</h1><div class="meta">航天快讯 2026-11-{1 + i % 28:02d} 12:{i % 60:02d}:00</div>
{''.join(paras)}</article>
<aside class="hot"><h3>热门</h3><ul>{''.join(f'<li><a href="/x/{j}">{rng.choice(WORDS)}</a></li>' for j in range(8))}</ul></aside></div>
<div class="footer">© 2026 航天快讯 版权所有 | 京ICP备00000000号 | 联系我们</div></body></html>"""


def build_site(root: Path, n: int) -> None:
    rng = random.Random(7)
    (root / "a").mkdir(parents=True)
    items = []
    for i in range(n):
        (root / "a" / f"{i}.html").write_text(article_html(i, rng), encoding="utf-8")
        items.append(f"<item><title>第{i}篇</title><link>__BASE__/a/{i}.html?utm_source=rss</link>"
                     f"<description>摘要{i}</description><pubDate>Mon, 16 Nov 2026 10:00:00 +0800</pubDate></item>")
    rss = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>{}</channel></rss>'
    (root / "feed.xml").write_text(rss.format("".join(items)), encoding="utf-8")
    (root / "empty.xml").write_text(rss.format(""), encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")


BARE_CHILD = r'''
import re, sys, scrapy
from scrapy.crawler import CrawlerProcess
feed_url, concurrency, items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
class Bare(scrapy.Spider):
    name = "bare"
    count = 0
    async def start(self):
        yield scrapy.Request(feed_url)
    def parse(self, response):
        for link in re.findall(rb"<link>([^<]+)</link>", response.body):
            yield scrapy.Request(link.decode().replace("&amp;", "&"), callback=self.page)
    def page(self, response):
        Bare.count += 1
p = CrawlerProcess({"LOG_ENABLED": False, "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "TELNETCONSOLE_ENABLED": False,
                    "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency, "COOKIES_ENABLED": False,
                    "CONCURRENT_ITEMS": items})
p.crawl(Bare); p.start()
print(Bare.count)
'''


def run_bare(feed_url: str, concurrency: int, items: int = 100) -> tuple[float, int]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", BARE_CHILD, feed_url, str(concurrency), str(items)],
                         capture_output=True, text=True, check=True)
    return time.perf_counter() - t, int(out.stdout.strip().splitlines()[-1])


def run_full(feed_url: str, concurrency: int, db: Path) -> tuple[float, int]:
    from parallax.config import Config
    from parallax.run import crawl_sources as crawl

    cfg = Config.model_validate({
        "sources": [{"name": "bench", "kind": "feed", "url": feed_url}],
        "crawl": {"download_delay": 0, "autothrottle": False, "concurrency_per_domain": concurrency, "retries": 0,
                  "max_items_per_source": 100_000},
    })
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    [out] = crawl(cfg, db)
    elapsed = time.perf_counter() - t
    if not out.ok:
        raise SystemExit(f"full crawl failed: {out.error}")
    return elapsed, out.items_new


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()

    from parallax.localsite import serve_directory

    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as tmp:
        root = Path(tmp) / "site"
        build_site(root, args.pages)
        with serve_directory(root) as site:
            feed, empty = site.url("feed.xml"), site.url("empty.xml")
            start_bare, _ = run_bare(empty, args.concurrency)
            start_full, _ = run_full(empty, args.concurrency, Path(tmp) / "e.db")
            bare = min(run_bare(feed, args.concurrency) for _ in range(args.repeat))
            tuned = min(run_bare(feed, args.concurrency, 4) for _ in range(args.repeat))
            full = min(run_full(feed, args.concurrency, Path(tmp) / "b.db") for _ in range(args.repeat))
    n = args.pages
    print(f"{n} pages on 127.0.0.1, concurrency per domain {args.concurrency}")
    print(f"  process start-up (empty feed):  bare {start_bare:.2f} s   full {start_full:.2f} s")
    runs = (("bare Scrapy", bare, start_bare), ("bare, items=4", tuned, start_bare), ("full spider", full, start_full))
    for label, (secs, got), start in runs:
        crawl_only = max(secs - start, 1e-6)
        print(f"  {label:14s} {got:5d} pages  {secs:6.2f} s  {got / secs:7.1f} pages/s incl. start-up  "
              f"{got / crawl_only:7.1f} pages/s crawling")
    ratio = (full[1] / full[0]) / (bare[1] / bare[0])
    ratio_crawl = (full[1] / max(full[0] - start_full, 1e-6)) / (bare[1] / max(bare[0] - start_bare, 1e-6))
    print(f"  full / bare throughput: {ratio:.2f} incl. start-up, {ratio_crawl:.2f} crawling (target >= 0.5)")
    ratio_tuned = (full[1] / full[0]) / (tuned[1] / tuned[0])
    print(f"  full / bare with the same CONCURRENT_ITEMS=4: {ratio_tuned:.2f} incl. start-up")


if __name__ == "__main__":
    main()
