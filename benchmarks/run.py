"""End-to-end `parallax run` on a generated 1,000-article bilingual site served on 127.0.0.1.

Prints the wall time and peak RSS of a first run (crawl, extract, companies, translate, index) and
of the runs after it that find nothing new (target: under 10% of the first). A run with nothing new
takes well under a second, so it is repeated and the median is compared.

    .venv/bin/python benchmarks/run.py [--articles 1000] [--feeds 10] [--engine gloss] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parallax.localsite import serve_directory  # noqa: E402

COMPANIES_ZH = ["蓝箭航天", "星际荣耀", "星河动力", "天兵科技", "中科宇航", "长光卫星", "银河航天", "东方空间"]
COMPANIES_EN = ["LandSpace", "iSpace", "Galactic Energy", "Space Pioneer", "CAS Space", "Chang Guang", "GalaxySpace",
                "Orienspace"]
ZH = ["{d}日，{c}宣布完成新一轮融资，本轮由地方政府引导基金和市场化投资机构共同参与，金额约{n}亿元。",
      "{c}表示，资金将用于液体运载火箭的研制、发动机批量生产以及卫星互联网星座的建设，第{i}号项目已启动。",
      "业内人士认为，商业航天正在从技术验证走向规模化应用，可重复使用技术将大幅降低发射成本。",
      "据了解，{c}此前已完成多次发射任务，并与多家卫星运营商签订了发射服务合同。",
      "当地政府表示将继续支持商业航天产业园建设，推动产业链上下游企业集聚发展。"]
EN = ["{c} said on November {d} that it had closed a new funding round of about {n} hundred million yuan.",
      "The money will go to liquid-fuel launch vehicles, engine production and a satellite constellation; "
      "project {i} has started.",
      "Analysts say China's commercial space sector is moving from technology demonstrations to scale.",
      "{c} has flown several missions and signed launch contracts with satellite operators at home and abroad.",
      "Local governments continue to fund industrial parks that bring suppliers and launch companies together."]


def write_site(root: Path, articles: int, feeds: int) -> None:
    (root / "a").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    items: list[list[str]] = [[] for _ in range(feeds)]
    for i in range(articles):
        zh = i % 2 == 0
        c = (COMPANIES_ZH if zh else COMPANIES_EN)[i % len(COMPANIES_ZH)]
        d, n = 1 + i % 28, 1 + i % 50
        title = f"{c}完成新一轮融资（{i}）" if zh else f"{c} closes funding round {i}"
        paras = "".join(f"<p>{p.format(c=c, d=d, n=n, i=i)}</p>" for p in (ZH if zh else EN))
        (root / "a" / f"{i}.html").write_text(
            f'<!DOCTYPE html><html lang="{"zh" if zh else "en"}"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="2026-11-{d:02d}T10:00:00+08:00"></head><body>'
            f'<div class="nav">home | news</div><article><h1>{title}</h1>{paras}</article>'
            f'<div class="footer">copyright</div></body></html>', encoding="utf-8")
        items[i % feeds].append(
            f"<item><title>{title}</title><link>__BASE__/a/{i}.html</link>"
            f"<pubDate>Mon, {d:02d} Nov 2026 10:00:00 +0800</pubDate><description>{title}</description></item>")
    for f, its in enumerate(items):
        (root / f"feed{f}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>'
            f"<link>__BASE__/</link><description>b</description>{''.join(its)}</channel></rss>", encoding="utf-8")


MEASURE = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")


def timed_run(cfg: Path, env: dict) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS in MB of the run and its crawl child, exit code, stderr."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "parallax", "--config", str(cfg),
                           "run"], capture_output=True, text=True, cwd=REPO, env=env)
    wall = time.perf_counter() - t0
    *rest, rss = proc.stderr.strip().splitlines()
    return wall, int(rss) // 1024, proc.returncode, "\n".join(rest)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--feeds", type=int, default=10)
    ap.add_argument("--engine", default="gloss", choices=["gloss", "argos", "auto"])
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=5, help="runs with nothing new after the first (median)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as tmp:
        tmp = Path(tmp)
        write_site(tmp / "site", args.articles, args.feeds)
        env = {**os.environ, "PARALLAX_HOME": os.environ.get("PARALLAX_HOME", str(tmp / "home"))}
        with serve_directory(tmp / "site") as site:
            db = tmp / "bench.db"
            cfg = tmp / "config.yaml"
            cfg.write_text(json.dumps({
                "archive": {"path": str(db)},
                "sources": [{"name": f"bench{f}", "kind": "feed", "url": site.url(f"feed{f}.xml")}
                            for f in range(args.feeds)],
                "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0,
                          "concurrency_per_domain": args.concurrency},
                "translate": {"engine": args.engine},
            }))
            first = timed_run(cfg, env)
            again = [timed_run(cfg, env) for _ in range(max(1, args.repeat))]
        conn = sqlite3.connect(db)
        articles, pages, processed = conn.execute(
            "SELECT COUNT(*), SUM(body_from='page'), SUM(processed_hash IS NOT NULL) FROM articles").fetchone()
        # The runs after the first must really have found nothing, or the comparison means nothing.
        redone = conn.execute("SELECT COUNT(*) FROM runs WHERE id > 1 AND (status != 'ok' OR articles_new > 0 "
                              "OR articles_updated > 0 OR translations > 0 OR sources_ok != ?)", (args.feeds,)).fetchone()[0]
        conn.close()
        size = sum(p.stat().st_size for p in tmp.glob("bench.db*"))

    print(f"articles: {articles} archived ({pages} full pages), {processed} processed; "
          f"archive {size / 1e6:.1f} MB; engine {args.engine}")
    second = sorted(again)[len(again) // 2]
    for label, (wall, rss, code, err) in (("first run", first), ("run with nothing new (median)", second)):
        print(f"{label}: {wall:.2f} s wall, peak RSS {rss} MB, exit {code}"
              + (f"\n  stderr: {err[:500]}" if err else ""))
    bad = [r for r in again if r[2] != 0]
    if bad:
        print(f"  {len(bad)} of the runs with nothing new failed: exit {bad[0][2]}: {bad[0][3][:500]}")
    if redone:
        print(f"  {redone} of the runs with nothing new did find something (see the runs table): not comparable")
    print(f"  all {len(again)}: " + ", ".join(f"{r[0]:.2f}" for r in again) + " s")
    print(f"nothing new / first: {second[0] / first[0] * 100:.1f}% (target < 10%)")
    print(f"throughput: {articles / first[0]:.0f} articles/s end to end")
    if first[2] != 0 or bad or redone:
        sys.exit("the runs did not all succeed with nothing new: the comparison above does not hold")


if __name__ == "__main__":
    main()
