"""`parallax run` over the fault-injection site of tests/hostilesite.py: every hostile case of issue 13
beside good items, a 10,000-link listing page and a 20,000-item feed. Prints wall time, peak RSS of
the run and its crawl child, exit code, and what was archived, skipped and left for later.

    .venv/bin/python benchmarks/hostile.py [--items 20000] [--links 10000] [--per-source 300]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from hostilesite import hostile_site  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--links", type=int, default=10_000)
    ap.add_argument("--per-source", type=int, default=300, help="crawl.max_items_per_source")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, hostile_site(Path(tmp), args.items, args.links) as site:
        db = Path(tmp) / "h.db"
        cfg = Path(tmp) / "c.yaml"
        cfg.write_text(json.dumps({
            "archive": {"path": str(db)}, "sources": site.sources, "translate": {"engine": "gloss"},
            "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 10,
                      "concurrency_per_domain": 8, "max_items_per_source": args.per_source}}))
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "parallax", "--config", str(cfg), "run"], cwd=REPO,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        wall = time.perf_counter() - t
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        conn = sqlite3.connect(db)
        archived = conn.execute("SELECT COUNT(*) FROM articles WHERE status='ok'").fetchone()[0]
        health = conn.execute("SELECT name, status, items_seen, items_new, items_skipped, items_left FROM sources "
                              "ORDER BY name").fetchall()
        conn.close()
    print(f"hostile site: {args.items:,}-item feed, {args.links:,}-link listing, max_items_per_source {args.per_source}")
    print(f"run: {wall:.1f} s wall, peak RSS {rss:.0f} MB (largest of the run and its crawl child), exit {proc.returncode}")
    print(f"archived {archived} articles; internal service requests: {len(site.secret_hits)}")
    for name, status, seen, new, skipped, left in health:
        print(f"  {name:<16} {status:<8} seen {seen:>6,}  new {new:>4}  skipped {skipped:>3}  left {left:>6,}")
    print(f"stderr lines: {len(proc.stderr.splitlines())}")


if __name__ == "__main__":
    main()
