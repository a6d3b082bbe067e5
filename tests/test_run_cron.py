"""`parallax run` as cron runs it: quiet on success, logged, recorded, repeatable, one at a time.

The sources are a small generated bilingual site (tests/cronsite.py) served on 127.0.0.1.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from cronsite import archive_invariants, parallax, query, write_config, write_site
from parallax.cli import cli
from parallax.localsite import serve_directory
from translate.enrich import to_translate

pytestmark = pytest.mark.slow  # starts servers or processes


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
        "run 2: 1 source ok, 0 failed; 0 new and 0 updated articles; 0 processed, 0 translated (gloss|-)")
    assert archive_invariants(db) == {"articles": 8, "processed": 8}
    assert query(db, "SELECT id, status, articles_new FROM runs ORDER BY id") == [(1, "ok", 8), (2, "ok", 0)]

    log = (db.parent / "p.db.log").read_text(encoding="utf-8").splitlines()
    assert sum("INFO parallax.run: run 1 started" in ln for ln in log) == 1
    assert any(ln.endswith("parallax.run: source wire: ok, 8 items seen, 8 new") for ln in log)
    # the gloss translated each Chinese title and lead: the summary counts their characters
    chars = sum(len(t) + len(to_translate(x)) for t, x in query(db, "SELECT title, text FROM articles WHERE lang='zh'"))
    assert any(ln.endswith("run 1: 1 source ok, 0 failed; 8 new and 0 updated articles; 8 processed, "
                           f"4 translated (gloss|-); characters translated: gloss {chars:,}") for ln in log)
    assert any(ln.endswith("run 2: 1 source ok, 0 failed; 0 new and 0 updated articles; 0 processed, "
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
