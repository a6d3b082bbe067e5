"""kill -9 at any moment, then a re-run: integrity ok, no duplicates, nothing lost, work finished.

The site is served by tests/httpserver.py, which answers ETag/If-None-Match with 304 like a real
server: a killed run that had already stored the feed's validators must not make the re-run skip
the articles it never fetched.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from cronsite import archive_invariants, query, write_config, write_site
from httpserver import Route, serve_directory
from parallax.cli import cli

pytestmark = pytest.mark.slow  # starts servers or processes


def _start_run(cfg: Path) -> subprocess.Popen:
    # Its own session, so the whole job (the CLI and its crawl child) can be killed like cron's.
    return subprocess.Popen([sys.executable, "-m", "parallax", "--config", str(cfg), "run"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _wait_for(db: Path, sql: str, proc: subprocess.Popen, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run finished before it could be killed"
        try:
            if db.exists() and query(db, sql)[0][0] >= at_least:
                return
        except sqlite3.OperationalError:
            pass  # schema not created yet, or briefly locked
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {sql} >= {at_least}")


def _rerun(cfg: Path, db: Path, killed_pid: int, total: int) -> str:
    result = CliRunner().invoke(cli, ["--config", str(cfg), "run"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: took over the archive lock left by a killed run (pid {killed_pid} on ")
    assert "warning: runs 1 did not finish (killed?); their unfinished work is done now" in result.stderr
    assert archive_invariants(db) == {"articles": total, "processed": total}
    # Every article has its derived data: companies found in each, one FTS row each.
    assert query(db, "SELECT COUNT(DISTINCT article_id) FROM mentions") == [(total,)]
    assert query(db, "SELECT id, status FROM runs ORDER BY id") == [(1, "interrupted"), (2, "ok")]
    return Path(f"{db}.log").read_text(encoding="utf-8")


def test_kill_9_during_the_crawl(tmp_path):
    total = 24
    root = tmp_path / "site"
    paths = write_site(root, total)  # article pages hold no links: their bodies are final already
    # Slow article pages keep the crawl going long enough to be cut in the middle.
    slow = {f"/{p}": Route(200, (root / p).read_bytes(), {"Content-Type": "text/html; charset=utf-8"}, 0.15)
            for p in paths}
    with serve_directory(root, routes=slow) as base:
        write_site(root, total, base=base)
        db = tmp_path / "p.db"
        cfg = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": f"{base}/feed.xml"}],
                           db, concurrency_per_domain=1)
        proc = _start_run(cfg)
        _wait_for(db, "SELECT COUNT(*) FROM articles", proc, 3)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        killed = archive_invariants(db)
        assert 3 <= killed["articles"] < total and killed["processed"] == 0
        assert query(db, "SELECT status, finished FROM runs") == [("running", None)]
        log = _rerun(cfg, db, proc.pid, total)
    assert "INFO parallax.run: run 2 started" in log


def test_kill_9_during_processing_then_the_rest_is_processed(tmp_path):
    total = 80  # enough processing time that a poller on a loaded machine still sees it midway
    root = tmp_path / "site"
    with serve_directory(root) as base:
        write_site(root, total, base=base)
        db = tmp_path / "p.db"
        cfg = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": f"{base}/feed.xml"}], db,
                           concurrency_per_domain=8)
        proc = _start_run(cfg)
        _wait_for(db, "SELECT COUNT(*) FROM articles WHERE processed_hash IS NOT NULL", proc, 1)
        os.kill(proc.pid, signal.SIGKILL)  # the CLI alone: the crawl child has finished by now
        proc.wait(10)
        killed = archive_invariants(db)
        assert killed["articles"] == total and 1 <= killed["processed"] < total
        log = _rerun(cfg, db, proc.pid, total)
    assert f"INFO parallax.run: {total - killed['processed']} articles left pending by an earlier run are processed now" in log
    assert "run 2: 1 source ok, 0 failed; 0 new and 0 updated articles; " \
           f"{total - killed['processed']} processed" in log
