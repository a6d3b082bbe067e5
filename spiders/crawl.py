"""`crawl()`: fetch sources into the archive, one Scrapy run in a child process."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from spiders.job import CrawlSpec, SourceSpec
from store.archive import Archive
from store.model import SourceOutcome

__all__ = ["crawl", "SourceOutcome", "crawl_log_path"]

_REPO_ROOT = Path(__file__).resolve().parent.parent


def crawl_log_path(archive_path: Path) -> Path:
    """Scrapy's warnings and errors of the last crawl, next to the archive."""
    return archive_path.with_name(archive_path.name + ".crawl.log")


def _last_line(*texts: str) -> str:
    for text in texts:
        lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
        if lines:
            return lines[-1][:300]
    return "no output"


# Time the child gets beyond crawl.max_run_minutes to close cleanly before it is killed.
GRACE_SECONDS = 120


def _job_prefix(archive_path: Path) -> str:
    key = hashlib.sha256(str(archive_path.resolve()).encode()).hexdigest()[:12]
    return f"parallax-crawl-{key}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_job_folders(archive_path: Path, holding_lock: bool) -> int:
    """Job folders a killed crawl of this archive left in the temp dir: all of them when the caller
    holds the archive's lock (no other crawl of it can run), else those whose process is gone."""
    prefix, removed = _job_prefix(archive_path), 0
    for folder in Path(tempfile.gettempdir()).glob(prefix + "*"):
        pid = folder.name[len(prefix):].split("-", 1)[0]
        if holding_lock or (pid.isdigit() and not _alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def crawl(
    sources: list[SourceSpec],
    settings: CrawlSpec,
    archive_path: Path,
    timeout: float | None = None,
    lock_file: Path | None = None,
) -> list[SourceOutcome]:
    """Crawl these sources into the archive at archive_path (whose sources table lists them).

    Items go through Archive.upsert_article; per-source health and HTTP validators are recorded in the
    archive by the child. A crash of the child fails every source with its last error line.
    lock_file: the archive's lock the caller holds; the child writes only while it does, and dies with
    the caller. timeout: seconds before the child is killed (default: crawl.max_run_minutes + grace)."""
    archive_path = Path(archive_path)
    if not sources:
        return []
    remove_stale_job_folders(archive_path, holding_lock=lock_file is not None)
    if timeout is None:
        timeout = settings.max_run_minutes * 60 + GRACE_SECONDS
    log_file = crawl_log_path(archive_path)
    with tempfile.TemporaryDirectory(prefix=f"{_job_prefix(archive_path)}{os.getpid()}-") as tmp:
        job_file, out_file = Path(tmp) / "job.json", Path(tmp) / "outcomes.json"
        job = {
            "sources": [asdict(s) for s in sources],
            "crawl": asdict(settings),
            "archive_path": str(archive_path.resolve()),
            "log_file": str(log_file),
            "out": str(out_file),
            "parent_pid": os.getpid(),
            "lock_file": str(lock_file) if lock_file else None,
        }
        job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_REPO_ROOT), env.get("PYTHONPATH")) if p)
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "spiders.worker", str(job_file)],
                capture_output=True, text=True, env=env, timeout=timeout,
            )
            failed = proc.returncode != 0 or not out_file.exists()
            reason = f"crawler exited with code {proc.returncode}: {_last_line(proc.stderr, proc.stdout)}"
        except subprocess.TimeoutExpired:
            failed, reason = True, f"crawl timed out after {timeout:g} s"
        if not failed:
            return [SourceOutcome(**o) for o in json.loads(out_file.read_text(encoding="utf-8"))]
    outcomes = [SourceOutcome(s.name, False, reason) for s in sources]
    with Archive.open(archive_path) as archive:
        for o in outcomes:
            archive.record_outcome(o)
    return outcomes
