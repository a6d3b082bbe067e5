"""A small generated bilingual site, its config and the archive checks every run-test shares
(test_run_cron, test_run_kill, test_run_topics, test_faults_http, test_faults_disk)."""

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from conftest import REPO

ZH_PARAS = [
    "{d}日，民营火箭企业蓝箭航天宣布完成第{i}轮融资，本轮融资由国家级产业基金领投，多家地方政府引导基金跟投。",
    "蓝箭航天表示，资金将用于朱雀三号可重复使用运载火箭的研制和发动机批量生产，编号{i}。",
    "业内人士认为，可重复使用技术将大幅降低发射成本，是我国商业航天参与国际竞争的关键。",
]
EN_PARAS = [
    "Galactic Energy said on November {d} that its Ceres-1 rocket flight number {i} placed satellites in orbit.",
    "The Beijing-based private launch company has now flown Ceres-1 many times from Jiuquan and from sea.",
    "Analysts say frequent launches give Chinese private firms a track record that investors reward.",
]


# Article i is dated i days before today (modulo four weeks): the site is a source publishing daily,
# never one gone quiet, whenever the tests run.
TODAY = datetime.now(timezone.utc).date()
BEIJING = timezone(timedelta(hours=8))


def published(i: int) -> date:
    return TODAY - timedelta(days=i % 28)


def article_html(i: int, lang: str) -> str:
    day = published(i)
    paras = ZH_PARAS if lang == "zh" else EN_PARAS
    title = f"蓝箭航天完成第{i}轮融资" if lang == "zh" else f"Galactic Energy launches Ceres-1 flight {i}"
    body = "\n".join(f"<p>{p.format(i=i, d=day.day)}</p>" for p in paras)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{day}T10:00:00+08:00"></head>'
        f'<body><div class="nav">home | news</div><article><h1>{title}</h1>\n{body}\n</article>'
        f'<div class="footer">copyright</div></body></html>'
    )


def write_site(root: Path, n: int, feed: str = "feed.xml", start: int = 0, base: str = "__BASE__") -> list[str]:
    """n articles (alternating zh, en) and one RSS feed listing them; returns the article paths.
    Links use parallax.localsite's __BASE__ placeholder unless a base URL is given."""
    (root / "a").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    paths, items = [], []
    for i in range(start, start + n):
        lang = "zh" if i % 2 == 0 else "en"
        path = f"a/{i}.html"
        (root / path).write_text(article_html(i, lang), encoding="utf-8")
        paths.append(path)
        title = f"蓝箭航天完成第{i}轮融资" if lang == "zh" else f"Galactic Energy launches Ceres-1 flight {i}"
        day = published(i)
        items.append(
            f"<item><title>{title}</title><link>{base}/{path}</link>"
            f"<pubDate>{format_datetime(datetime(day.year, day.month, day.day, 10, tzinfo=BEIJING))}</pubDate>"
            f"<description>{title}</description></item>"
        )
    (root / feed).write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test wire</title>'
        f"<link>{base}/</link><description>t</description>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    return paths


def write_config(path: Path, sources: list[dict], archive: Path, **crawl) -> Path:
    settings = {"download_delay": 0, "timeout": 5, "retries": 0, "autothrottle": False, **crawl}
    cfg = {"archive": {"path": str(archive)}, "sources": sources, "crawl": settings,
           "translate": {"engine": "gloss"}}
    path.write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return path


def parallax(*args, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parallax", *args], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=120, **kw)


def query(db: Path, sql: str, *args):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def archive_invariants(db: Path) -> dict:
    """What a sound archive looks like after any run, finished or killed."""
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    total, distinct = query(db, "SELECT COUNT(*), COUNT(DISTINCT url) FROM articles")[0]
    assert total == distinct
    # Derived rows exist only for processed articles (one transaction each): none half-written.
    assert query(db, "SELECT COUNT(*) FROM topics t JOIN articles a ON a.id=t.article_id "
                     "WHERE a.processed_hash IS NULL") == [(0,)]
    fts, processed = query(db, "SELECT (SELECT COUNT(*) FROM articles_fts), "
                               "(SELECT COUNT(*) FROM articles WHERE processed_hash IS NOT NULL)")[0]
    assert fts == processed
    return {"articles": total, "processed": processed}
