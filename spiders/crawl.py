"""`crawl()`: fetch sources into the archive, one Scrapy run in a child process."""

from __future__ import annotations

import json
import os
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


def crawl(
    sources: list[SourceSpec],
    settings: CrawlSpec,
    archive_path: Path,
    timeout: float | None = None,
) -> list[SourceOutcome]:
    """Crawl these sources into the archive at archive_path (whose sources table lists them).

    Items go through Archive.upsert_article; per-source health and HTTP validators are recorded in the
    archive by the child. A crash of the child fails every source with its last error line."""
    archive_path = Path(archive_path)
    if not sources:
        return []
    log_file = crawl_log_path(archive_path)
    with tempfile.TemporaryDirectory(prefix="parallax-crawl-") as tmp:
        job_file, out_file = Path(tmp) / "job.json", Path(tmp) / "outcomes.json"
        job = {
            "sources": [asdict(s) for s in sources],
            "crawl": asdict(settings),
            "archive_path": str(archive_path.resolve()),
            "log_file": str(log_file),
            "out": str(out_file),
            "parent_pid": os.getpid(),
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
