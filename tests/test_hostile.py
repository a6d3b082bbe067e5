"""Issue 13 end to end: a run over the hostile site archives every good item, skips and names every
bad one, never fetches an internal address, stays within its allowances, and exits 1; a killed run
leaves no process behind and its job folder is removed by the next run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostilesite import BAD_FEED_ITEMS, BAD_LINKS, ESCAPES, GOOD_FEED_ITEMS, hostile_site

from conftest import REPO
from cronsite import archive_invariants, parallax, query, write_config
from httpserver import Route, serve_directory

pytestmark = pytest.mark.slow  # starts servers and processes

PER_SOURCE = 50
PAGES = 40


def test_a_run_over_the_hostile_site_keeps_every_good_item_and_names_every_bad_one(tmp_path):
    with hostile_site(tmp_path, items=20_000, links=10_000) as site:
        db = tmp_path / "h.db"
        cfg = write_config(tmp_path / "c.yaml", site.sources, db, max_items_per_source=PER_SOURCE)
        started = time.monotonic()
        first = parallax("--config", str(cfg), "run")
        elapsed = time.monotonic() - started
        assert first.returncode == 1, first.stderr
        assert "Traceback" not in first.stderr
        assert elapsed < 120  # a 10,000-link listing and a 20,000-item feed stay bounded

        by_source = dict(query(db, "SELECT source, COUNT(*) FROM articles WHERE status='ok' GROUP BY source"))
        assert by_source == {"hostile-feed": GOOD_FEED_ITEMS, "hostile-list": PER_SOURCE, "hostile-wechat": 1,
                             "hostile-big": PER_SOURCE}
        health = {r[0]: r[1:] for r in query(db, "SELECT name, status, items_skipped, items_left FROM sources")}
        assert health == {
            "hostile-feed": ("warning", BAD_FEED_ITEMS, 0),
            "hostile-list": ("warning", BAD_LINKS, site.links - PER_SOURCE),
            "hostile-wechat": ("ok", 0, 0),
            "hostile-big": ("ok", 0, site.items - PER_SOURCE),
        }
        assert site.secret_hits == []  # neither directly nor through a redirect

        # stderr: one line per source with trouble, naming the first bad item; the log names every one
        lines = first.stderr.splitlines()
        assert all(ln.startswith("warning: source hostile-") for ln in lines), lines
        assert "warning: source hostile-feed: 15 items skipped (first: item 10 (bad 6): ValueError: no link)" in lines
        log = Path(f"{db}.log").read_text(encoding="utf-8")
        # feedparser itself drops the link http://[::1/x (bad 6); the item without one is bad 10
        for bad in ("'JavaScript:alert(2)'", "'MAILTO:b@example.org'", "'tel:+861012345678'",
                    "'http://127.0.0.1:99999/x'", "(bad 6): ValueError: no link", "'file://etc/passwd'",
                    "'data:text/html,<b>x</b>'", "'about:blank'", "(bad 10): ValueError: no link", "http://169.254.169.254/latest/meta-data/ is on an internal address",
                    "http://10.0.0.1/admin is on an internal address", f"{site.secret}/secret is on an internal",
                    f"{site.secret}/secret2 is on an internal address", "link 'MAILTO:x@example.org': not a web"):
            assert "skipped" in log and bad in log, bad

        rows = {u.removeprefix(site.base): (t, x, c, p) for u, t, x, c, p in query(
            db, "SELECT url, title, text, canonical_url, published FROM articles WHERE source='hostile-feed'")}
        title, text, _, _ = rows["/a/good2.html"]
        assert not any(ch in title + text for ch in ESCAPES if not ch.isalnum() and ch not in "[];:/.=")
        assert title == "Galactic Energy [31m]8;;http://evil.example/click]8;;launches Ceres-1"
        assert rows["/a/canonical.html"][2] == f"{site.base}/a/canonical.html"  # not https://evil.example/phish
        assert rows["/a/futuredate.html"][3] == "2026-11-23T02:00:00+00:00"  # the feed's date, not 9999
        assert rows["/a/good5.html"][3] is None  # the feed's 9999 -1400 is no date; the item is kept
        assert "/a/good6.html" in rows and "/redirect-ok" in rows
        wechat = query(db, "SELECT title, published FROM articles WHERE source='hostile-wechat'")
        assert wechat == [("天兵科技完成新一轮融资", "2026-11-23T02:00:00+00:00")]  # a 17-digit `ct`: the feed's date
        assert archive_invariants(db)["processed"] == sum(by_source.values())

        # The next run takes the next allowance, newest first; nothing skipped is fetched again.
        second = parallax("--config", str(cfg), "run")
        assert second.returncode == 1
        by_source = dict(query(db, "SELECT source, COUNT(*) FROM articles WHERE status='ok' GROUP BY source"))
        assert (by_source["hostile-list"], by_source["hostile-big"]) == (2 * PER_SOURCE, 2 * PER_SOURCE)
        newest = query(db, "SELECT MAX(published) FROM articles WHERE source='hostile-big'")[0][0]
        assert newest.startswith("2026-11-28")
        assert site.secret_hits == []


def _run_processes(marker: str) -> list[int]:
    """pids of processes whose command line holds marker (this run's config file)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if marker in cmd:
                found.append(int(entry.name))
    return found


def test_kill_9_mid_crawl_leaves_no_process_and_the_next_run_cleans_up(tmp_path):
    """Regression: the Scrapy child outlived a killed run, writing without the lock, for minutes."""
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    items = "".join(f"<item><title>t{i}</title><link>__BASE__/slow/{i}</link></item>" for i in range(20))
    (root / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
                                   "</channel></rss>")
    slow = [lambda h: Route(200, b"<html><body><article><p>" + "长文。".encode() * 50 + b"</p></article></body>"
                            b"</html>", {"Content-Type": "text/html; charset=utf-8"}, delay=0.3)
            if h.path.startswith("/slow/") else None]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with serve_directory(root, routes=slow) as base:
        db = tmp_path / "k.db"
        cfg = write_config(tmp_path / "kill.yaml", [{"name": "slow", "kind": "feed", "url": f"{base}/feed.xml"}], db,
                           concurrency_per_domain=1, download_delay=0.05)
        env = {**os.environ, "TMPDIR": str(tmp)}
        run = subprocess.Popen([sys.executable, "-m", "parallax", "--config", str(cfg), "run"], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120  # a loaded machine may take long to start the child; normally ~2 s
        while not any(p != run.pid for p in _run_processes("spiders.worker")) and time.monotonic() < deadline:
            time.sleep(0.1)
        children = [p for p in _run_processes("spiders.worker") if p != run.pid]
        assert children, "the crawl child never started"
        time.sleep(1.5)  # mid-crawl: some pages archived, most not
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        gone_by = time.monotonic() + 5
        while any(Path(f"/proc/{p}").exists() and _state(p) != "Z" for p in children) and time.monotonic() < gone_by:
            time.sleep(0.05)
        assert [p for p in children if Path(f"/proc/{p}").exists() and _state(p) != "Z"] == []
        assert list(tmp.glob("parallax-crawl-*")), "the killed run's job folder should be left behind"

        again = parallax("--config", str(cfg), "run", env={"TMPDIR": str(tmp)})
        assert again.returncode == 0, again.stderr
        assert list(tmp.glob("parallax-crawl-*")) == []
        assert archive_invariants(db)["articles"] == 20


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return "Z"


def test_run_time_limit_leaves_the_rest_for_the_next_run(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    # More pages than Scrapy keeps in flight (16): those it has started it finishes after the deadline.
    items = "".join(f"<item><title>t{i}</title><link>__BASE__/slow/{i}</link></item>" for i in range(PAGES))
    (root / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
                                   "</channel></rss>")
    slow = [lambda h: Route(200, b"<html><body><article><p>" + "内容。".encode() * 40 + b"</p></article></body>"
                            b"</html>", {"Content-Type": "text/html; charset=utf-8"}, delay=0.3)
            if h.path.startswith("/slow/") else None]
    with serve_directory(root, routes=slow) as base:
        db = tmp_path / "t.db"
        # A delay keeps Scrapy to one page at a time (with none it sends a burst whatever the concurrency).
        cfg = write_config(tmp_path / "c.yaml", [{"name": "slow", "kind": "feed", "url": f"{base}/feed.xml"}], db,
                           concurrency_per_domain=1, download_delay=0.05, max_run_minutes=0.05)
        first = parallax("--config", str(cfg), "run")
        assert first.returncode == 0, first.stderr
        got = query(db, "SELECT COUNT(*) FROM articles")[0][0]
        assert 1 <= got < PAGES
        [(warning, left)] = query(db, "SELECT last_warning, items_left FROM sources")
        assert f"run time limit reached: {PAGES - got} pages left for the next run" in warning
        assert left == PAGES - got
        runs = 1
        while query(db, "SELECT COUNT(*) FROM articles")[0][0] < PAGES and runs < 10:
            assert parallax("--config", str(cfg), "run").returncode == 0
            runs += 1
        assert query(db, "SELECT COUNT(*) FROM articles")[0][0] == PAGES
