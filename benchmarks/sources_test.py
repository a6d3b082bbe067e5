"""`parallax sources test` on each demo source: wall time of the whole command, as a user waits for it.

    .venv/bin/python benchmarks/sources_test.py [--repeat 3]

The bundled demo site (parallax/demo_site) is served on 127.0.0.1; each demo source is tested by name
in a fresh `python -m parallax` process (start-up, config, fetches, extraction, output), --repeat
times. Printed per source: the fastest and the slowest wall time, the probe's own time (fetching and
reading, from --json), items found and the first item's characters. Target: under 3 s per source.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from parallax.demo import DEMO_SOURCES, demo_site_root
    from parallax.localsite import serve_directory

    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as tmp, serve_directory(demo_site_root()) as site:
        archive = Path(tmp) / "archive.db"
        cfg = Path(tmp) / "config.yaml"
        sources = [{"name": n, "kind": k, "url": f"{site.base}/{p}", "lang": lang} for n, k, p, lang in DEMO_SOURCES]
        cfg.write_text(json.dumps({"archive": {"path": str(archive)}, "sources": sources}), encoding="utf-8")
        print(f"parallax sources test NAME on the demo site ({site.base}), {args.repeat} runs each")
        worst = 0.0
        for s in sources:
            walls, report = [], None
            for _ in range(args.repeat):
                started = time.perf_counter()
                out = subprocess.run([sys.executable, "-m", "parallax", "--config", str(cfg), "sources", "test",
                                      s["name"], "--json"], capture_output=True, text=True, cwd=ROOT)
                walls.append(time.perf_counter() - started)
                if out.returncode != 0:
                    raise SystemExit(f"{s['name']}: exit {out.returncode}: {out.stderr.strip()}")
                report = json.loads(out.stdout)
            worst = max(worst, max(walls))
            print(f"  {s['name']:22s} {min(walls):5.2f} s best  {max(walls):5.2f} s worst  "
                  f"(probe {report['seconds']:.2f} s; {report['items_found']} items; "
                  f"first item {report['first']['chars']} characters, {report['first']['kind']})")
        if archive.exists():
            raise SystemExit("an archive was created: sources test must not touch it")
    print(f"  slowest: {worst:.2f} s (target < 3 s); no archive created")


if __name__ == "__main__":
    main()
