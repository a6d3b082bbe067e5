"""Misbehaving servers: every fault is one line, the failing source is recorded, and the run goes on.

One `parallax run` crawls a healthy feed whose items link to broken pages, plus one feed source per
fault. Faults: 404, 410, 503, a redirect loop, non-HTML bytes, a page over crawl.max_page_bytes, a
gzip bomb, a server slower than crawl.timeout, and a host under .invalid (made to fail at once: no DNS query).
"""

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cronsite import archive_invariants, parallax, query, write_config, write_site
from httpserver import Route, serve_directory

pytestmark = pytest.mark.slow  # starts servers or processes

TIMEOUT = 2
MAX_BYTES = 20_000
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
BOMB = gzip.compress(b"\0" * 10_000_000)  # ~10 kB on the wire, 10 MB unpacked
HUGE = "<html><body><article><p>" + "很长的页面。" * 2000 + "</p></article></body></html>"
FAULTS = ["404", "410", "503", "loop", "binary", "huge", "bomb", "slow"]
NXDOMAIN = "http://feed.parallax-test.invalid/feed.xml"


def _routes() -> dict:
    r = {}
    for pre in ("/art", "/f"):
        r[f"{pre}/404"] = Route(404, b"not found", {"Content-Type": "text/html"})
        r[f"{pre}/410"] = Route(410, b"gone", {"Content-Type": "text/html"})
        r[f"{pre}/503"] = Route(503, b"busy", {"Content-Type": "text/html", "Retry-After": "3600"})
        r[f"{pre}/loop"] = Route(302, b"", {"Location": f"{pre}/loop2"})
        r[f"{pre}/loop2"] = Route(302, b"", {"Location": f"{pre}/loop"})
        r[f"{pre}/binary"] = Route(200, PNG, {"Content-Type": "image/png"})
        r[f"{pre}/huge"] = Route(200, HUGE.encode(), {"Content-Type": "text/html; charset=utf-8"})
        r[f"{pre}/bomb"] = Route(200, BOMB, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})
        r[f"{pre}/slow"] = Route(200, b"<html></html>", {"Content-Type": "text/html"}, delay=TIMEOUT + 1)
    return r


@pytest.fixture(scope="module")
def faulty_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    root = tmp / "site"
    assert len(HUGE.encode()) > MAX_BYTES and len(BOMB) < MAX_BYTES
    with serve_directory(root, routes=_routes()) as base:
        write_site(root, 2, base=base)
        teasers = "".join(
            f"<item><title>Fault {f}</title><link>{base}/art/{f}</link>"
            f"<pubDate>Mon, 02 Nov 2026 10:00:00 +0800</pubDate><description>teaser {f}</description></item>"
            for f in FAULTS
        )
        feed = root / "feed.xml"
        feed.write_text(feed.read_text(encoding="utf-8").replace("</channel>", teasers + "</channel>"), encoding="utf-8")
        sources = [{"name": "good", "kind": "feed", "url": f"{base}/feed.xml"}]
        sources += [{"name": f"feed-{f}", "kind": "feed", "url": f"{base}/f/{f}"} for f in FAULTS]
        sources += [{"name": "nxdomain", "kind": "feed", "url": NXDOMAIN}]
        db = tmp / "p.db"
        cfg = write_config(tmp / "c.yaml", sources, db, timeout=TIMEOUT, max_page_bytes=MAX_BYTES)
        # A child process: the test server's own tracebacks (clients hanging up) stay out of its stderr.
        # The unresolvable host fails inside the crawl child without a real DNS query (spiders/resolver.py).
        result = parallax("--config", str(cfg), "run", env={"PARALLAX_TEST_UNRESOLVABLE": urlsplit(NXDOMAIN).hostname})
    return result, db, base


def test_run_goes_on_exits_1_and_prints_one_line_per_problem(faulty_run):
    result, db, base = faulty_run
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    failing = [f"feed-{f}" for f in FAULTS] + ["nxdomain"]
    assert sorted(ln.split(":")[1].split()[-1] for ln in lines) == sorted(failing + ["good"])
    assert all(ln.startswith("warning: source ") for ln in lines)
    assert query(db, "SELECT status, sources_ok, sources_failed FROM runs") == [("partial", 1, 9)]
    log = Path(f"{db}.log").read_text(encoding="utf-8")
    for ln in lines:
        assert f"WARNING parallax.run: {ln.removeprefix('warning: ')}\n" in log


@pytest.mark.parametrize("fault, pattern", [
    ("404", "HTTP 404 from {url}"),
    ("410", "HTTP 410 from {url}"),
    ("503", "HTTP 503 from {url}"),
    ("loop", r"request dropped \(max redirections reached\): {url}"),
    ("binary", r"not a readable feed: .* \({url}\)"),
    ("huge", r"page larger than crawl\.max_page_bytes \(20000 bytes\): {url}"),
    ("bomb", r"page larger than crawl\.max_page_bytes \(20000 bytes\) once decompressed: {url}"),
    ("slow", "timed out: {url}"),
])
def test_each_failing_feed_is_recorded_with_a_one_line_error(faulty_run, fault, pattern):
    _, db, base = faulty_run
    url = f"{base}/f/{fault}"
    [(status, error, failures, seen)] = query(
        db, "SELECT status, last_error, consecutive_failures, items_seen FROM sources WHERE name=?", f"feed-{fault}")
    assert (status, failures, seen) == ("failing", 1, 0)
    assert "\n" not in error and re.fullmatch(pattern.format(url=re.escape(url)), error), error


def test_unresolvable_host_fails_its_source_only(faulty_run):
    _, db, _ = faulty_run
    [(status, error)] = query(db, "SELECT status, last_error FROM sources WHERE name='nxdomain'")
    assert status == "failing"
    assert error == f"host not found: {NXDOMAIN}"


def test_healthy_pages_archived_broken_ones_kept_as_feed_teasers(faulty_run):
    _, db, base = faulty_run
    assert query(db, "SELECT status FROM sources WHERE name='good'") == [("ok",)]
    rows = dict((url.removeprefix(base), (body_from, status)) for url, body_from, status in
                query(db, "SELECT url, body_from, status FROM articles"))
    assert rows.pop("/a/0.html") == ("page", "ok") and rows.pop("/a/1.html") == ("page", "ok")
    # Nothing is lost: a page that failed keeps its feed teaser, which the next run tries again;
    # only a 410 (gone for good) is recorded as unavailable and left alone.
    assert set(rows) == {f"/art/{f}" for f in FAULTS}
    assert rows.pop("/art/410") == ("page", "unavailable")
    assert all(v == ("feed", "ok") for v in rows.values()), rows
    assert archive_invariants(db) == {"articles": 10, "processed": 9}  # the unavailable one has no text to process
