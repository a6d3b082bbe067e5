"""A full or read-only disk under the archive: one clear line, exit 1, nothing half-written, and a
re-run once the disk is fine again completes the work.

Full disk is SQLite's own SQLITE_FULL, produced by a `PRAGMA max_page_count` that a sitecustomize
module applies to every connection of the run and of its crawl child. Read-only is a real
file system refusing writes: chmod, or (as root, whom permissions do not stop) a read-only tmpfs.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from cronsite import archive_invariants, parallax, query, write_config, write_site
from httpserver import serve_directory

pytestmark = pytest.mark.slow  # starts servers or processes

FULL_DISK = """
import os, sqlite3
_pages = int(os.environ["PARALLAX_TEST_MAX_PAGES"])
_connect = sqlite3.connect
def _limited(*args, **kwargs):
    conn = _connect(*args, **kwargs)
    conn.execute(f"PRAGMA max_page_count = {_pages}")
    return conn
sqlite3.connect = _limited
"""


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    with serve_directory(root) as base:
        yield root, base


def test_full_disk_stops_the_run_cleanly_and_a_rerun_finishes(site, tmp_path):
    root, base = site
    write_site(root, 4, base=base)
    db = tmp_path / "p.db"
    cfg = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": f"{base}/feed.xml"}], db)
    assert parallax("--config", str(cfg), "run").returncode == 0
    pages = query(db, "PRAGMA page_count")[0][0]
    write_site(root, 40, base=base)  # 36 more articles than the disk has room for

    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(FULL_DISK)
    full = parallax("--config", str(cfg), "run", env={
        "PYTHONPATH": os.pathsep.join([str(hook), str(REPO)]), "PARALLAX_TEST_MAX_PAGES": str(pages + 6)})
    assert full.returncode == 1, full.stderr
    last = full.stderr.splitlines()[-1]
    assert last.startswith(f"Error: {db}: disk full (database or disk is full) (hint: free space and run again")
    assert "Traceback" not in full.stderr
    at_full = archive_invariants(db)
    assert 4 <= at_full["processed"] < at_full["articles"] <= 40
    assert f"ERROR parallax.run: run failed: {db}: disk full" in Path(f"{db}.log").read_text(encoding="utf-8")

    again = parallax("--config", str(cfg), "run")
    assert (again.returncode, again.stderr) == (0, "")
    assert archive_invariants(db) == {"articles": 40, "processed": 40}
    statuses = [s for (s,) in query(db, "SELECT status FROM runs ORDER BY id")]
    assert statuses[0] == "ok" and statuses[-1] == "ok" and statuses[1] in ("failed", "interrupted")


@pytest.fixture
def read_only_folder(tmp_path):
    """(folder, make_read_only, make_writable). Root ignores permissions, so as root the folder is a
    small tmpfs remounted read-only (skipped where mounting is not allowed); otherwise chmod."""
    folder = tmp_path / "arch"
    folder.mkdir()
    if os.geteuid() != 0:
        def ro():
            for p in folder.iterdir():
                p.chmod(0o444)
            folder.chmod(0o555)

        def rw():
            folder.chmod(0o755)
            for p in folder.iterdir():
                p.chmod(0o644)
        yield folder, ro, rw
        rw()
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("running as root without permission to mount a read-only tmpfs")
    remount = lambda mode: subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)  # noqa: E731
    try:
        yield folder, lambda: remount("ro"), lambda: remount("rw")
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_read_only_archive_is_one_line_exit_1_and_untouched(site, tmp_path, read_only_folder):
    root, base = site
    folder, make_read_only, make_writable = read_only_folder
    write_site(root, 4, base=base)
    db = folder / "p.db"
    cfg = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": f"{base}/feed.xml"}], db)
    assert parallax("--config", str(cfg), "run").returncode == 0
    write_site(root, 8, base=base)
    before = query(db, "SELECT COUNT(*), MAX(id), (SELECT COUNT(*) FROM runs) FROM articles")
    make_read_only()
    refused = parallax("--config", str(cfg), "run")
    assert refused.returncode == 1, refused.stderr
    assert "Traceback" not in refused.stderr
    [line] = refused.stderr.splitlines()
    assert line.startswith(f"Error: {db}"), line
    assert "not writable" in line or "Read-only file system" in line or "Permission denied" in line, line
    assert "hint: " in line
    make_writable()
    assert query(db, "SELECT COUNT(*), MAX(id), (SELECT COUNT(*) FROM runs) FROM articles") == before
    assert archive_invariants(db) == {"articles": 4, "processed": 4}
    again = parallax("--config", str(cfg), "run")
    assert again.returncode == 0, again.stderr
    assert archive_invariants(db) == {"articles": 8, "processed": 8}


def test_read_commands_work_on_an_archive_in_a_read_only_folder(site, tmp_path, read_only_folder):
    """Regression: search, export and sources failed with "unable to open database file" when the
    archive's folder could not be written (WAL wants its -shm file there); they only read."""
    root, base = site
    folder, make_read_only, make_writable = read_only_folder
    write_site(root, 4, base=base)
    db = folder / "p.db"
    cfg = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": f"{base}/feed.xml"}], db)
    assert parallax("--config", str(cfg), "run").returncode == 0
    make_read_only()
    try:
        search = parallax("--db", str(db), "search", "Galactic", "--json")
        assert search.returncode == 0, search.stderr
        assert len(json.loads(search.stdout)) == 2
        export = parallax("--db", str(db), "export", "--format", "jsonl")
        assert (export.returncode, len(export.stdout.splitlines())) == (0, 4), export.stderr
        sources = parallax("--db", str(db), "sources", "--json")
        assert sources.returncode == 0 and json.loads(sources.stdout)[0]["name"] == "wire", sources.stderr
    finally:
        make_writable()
