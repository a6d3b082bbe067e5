"""`parallax run` as cron runs it: quiet on success, logged, recorded, repeatable, one at a time.

The sources are a small generated bilingual site served on 127.0.0.1; the other run-tests import
`write_site` and `write_config` from here.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from parallax.cli import cli
from parallax.localsite import serve_directory

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


def article_html(i: int, lang: str) -> str:
    d = 1 + i % 28
    paras = ZH_PARAS if lang == "zh" else EN_PARAS
    title = f"蓝箭航天完成第{i}轮融资" if lang == "zh" else f"Galactic Energy launches Ceres-1 flight {i}"
    body = "\n".join(f"<p>{p.format(i=i, d=d)}</p>" for p in paras)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="2026-11-{d:02d}T10:00:00+08:00"></head>'
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
        d = 1 + i % 28
        title = f"蓝箭航天完成第{i}轮融资" if lang == "zh" else f"Galactic Energy launches Ceres-1 flight {i}"
        items.append(
            f"<item><title>{title}</title><link>{base}/{path}</link>"
            f"<pubDate>{['Sun','Mon','Tue','Wed','Thu','Fri','Sat'][d % 7]}, {d:02d} Nov 2026 10:00:00 +0800</pubDate>"
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


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    write_site(root, 8)

    slow_hits = []

    def slow_feed(handler):
        # Holds the first run inside its crawl long enough for another run to collide with it.
        if handler.path.startswith("/slow.xml"):
            slow_hits.append(handler.path)
            if len(slow_hits) == 1:
                time.sleep(2.5)
            return 200, {"Content-Type": "application/rss+xml"}, (root / "feed.xml").read_bytes().replace(
                b"__BASE__", handler.base.encode())
        return None

    with serve_directory(root, routes=[slow_feed]) as s:
        yield s


def test_cron_run_is_silent_logged_recorded_and_repeatable(site, tmp_path):
    db = tmp_path / "arch" / "p.db"
    cfg = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": site.url("feed.xml")}], db)
    first = parallax("--config", str(cfg), "run")  # a real process without a terminal, as under cron
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    assert archive_invariants(db) == {"articles": 8, "processed": 8}
    run = query(db, "SELECT id, status, sources_ok, sources_failed, articles_new, articles_updated, translations, "
                    "errors, finished IS NOT NULL FROM runs")
    assert run == [(1, "ok", 1, 0, 8, 0, 4, "[]", 1)]

    second = CliRunner().invoke(cli, ["--config", str(cfg), "run", "--verbose"])
    assert second.exit_code == 0 and second.stdout == ""
    assert second.stderr.splitlines()[-1] == (
        "run 2: 1 sources ok, 0 failed; 0 new and 0 updated articles; 0 processed, 0 translated (gloss|-)")
    assert archive_invariants(db) == {"articles": 8, "processed": 8}
    assert query(db, "SELECT id, status, articles_new FROM runs ORDER BY id") == [(1, "ok", 8), (2, "ok", 0)]

    log = (db.parent / "p.db.log").read_text(encoding="utf-8").splitlines()
    assert sum("INFO parallax.run: run 1 started" in ln for ln in log) == 1
    assert any(ln.endswith("parallax.run: source wire: ok, 8 items seen, 8 new") for ln in log)
    assert any(ln.endswith("run 1: 1 sources ok, 0 failed; 8 new and 0 updated articles; 8 processed, "
                           "4 translated (gloss|-)") for ln in log)
    assert any(ln.endswith("run 2: 1 sources ok, 0 failed; 0 new and 0 updated articles; 0 processed, "
                           "0 translated (gloss|-)") for ln in log)


def test_failed_source_is_one_line_on_stderr_exit_1_and_recorded(site, tmp_path):
    db = tmp_path / "p.db"
    cfg = write_config(tmp_path / "c.yaml", [
        {"name": "wire", "kind": "feed", "url": site.url("feed.xml")},
        {"name": "gone", "kind": "feed", "url": site.url("missing.xml")},
    ], db)
    result = CliRunner().invoke(cli, ["--config", str(cfg), "run"])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [f"warning: source gone: HTTP 404 from {site.url('missing.xml')}"]
    assert query(db, "SELECT status, sources_ok, sources_failed, articles_new, errors FROM runs") == [
        ("partial", 1, 1, 8, json.dumps([f"gone: HTTP 404 from {site.url('missing.xml')}"]))]
    assert archive_invariants(db)["processed"] == 8


def test_overlapping_run_exits_75_naming_the_holder_and_wait_runs_after(site, tmp_path):
    db = tmp_path / "p.db"
    cfg = write_config(tmp_path / "c.yaml", [{"name": "slow", "kind": "feed", "url": site.url("slow.xml")}], db)
    first = subprocess.Popen([sys.executable, "-m", "parallax", "--config", str(cfg), "run"], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the holder record appears once the run has the lock
            lock = Path(f"{db}.lock")
            if lock.exists() and lock.read_text().startswith("{"):
                break
            time.sleep(0.05)
        refused = CliRunner().invoke(cli, ["--config", str(cfg), "run"])
        assert refused.exit_code == 75
        line = refused.output.strip()
        assert "\n" not in line and line.startswith(f"Error: {db}.lock: another run holds the archive lock (pid {first.pid} on ")
        waited = CliRunner().invoke(cli, ["--config", str(cfg), "run", "--wait"])
        assert waited.exit_code == 0, waited.output
        assert first.wait(30) == 0
    finally:
        first.kill()
        first.wait()
    assert query(db, "SELECT id, status, articles_new FROM runs ORDER BY id") == [(1, "ok", 8), (2, "ok", 0)]
    log = Path(f"{db}.log").read_text(encoding="utf-8")
    assert f"WARNING parallax.run: refused: {db}.lock: another run holds the archive lock (pid {first.pid} on" in log
    assert archive_invariants(db)["articles"] == 8
