"""A source's health as `sources`, `doctor` and the digest show it: quiet (driven by stored dates),
mirror blocked, unreadable, with the date of its last new item."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from digest.build import build_digest
from digest.options import DigestOptions
from digest.render import render_text
from parallax.cli import cli
from parallax.config import load_config
from store.archive import Archive
from store.model import Article, SourceOutcome

TODAY = datetime.now(timezone.utc).date()
CONFIG = """
archive: {path: archive.db}
sources:
  - {name: wx-old, kind: wechat, url: "https://mirror.example/feeds/old.atom"}
  - {name: wx-blocked, kind: wechat, url: "https://mirror.example/feeds/blocked.atom"}
  - {name: daily, kind: feed, url: "https://news.example/feed"}
  - {name: monthly, kind: feed, url: "https://monthly.example/feed", quiet_after_days: 0}
"""


def _articles(a: Archive, source: str, days: list[date]) -> None:
    for d in days:
        a.upsert_article(Article(url=f"https://{source}.example/{d}", source=source, title=str(d), text="x",
                                 published=f"{d}T02:00:00+00:00"))


def every(last: date, step: int, n: int) -> list[date]:
    return [last - timedelta(days=step * k) for k in range(n)]


@pytest.fixture
def project(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    with Archive.open(tmp_path / "archive.db") as a:
        a.sync_sources(load_config(cfg).source_refs())
        _articles(a, "wx-old", every(TODAY - timedelta(days=40), 2, 10))  # every 2 days, silent for 40 days
        _articles(a, "wx-blocked", every(TODAY - timedelta(days=1), 1, 5))
        _articles(a, "daily", every(TODAY, 1, 10))
        _articles(a, "monthly", every(TODAY - timedelta(days=40), 30, 4))  # 40 days is its rhythm
        a.record_outcome(SourceOutcome("wx-old", True, items_seen=10, kinds={"article": 0}))
        a.record_outcome(SourceOutcome("wx-blocked", True, "", "mirror blocked: 2 pages were ...", 5, 0,
                                       kinds={"blocked": 2, "article": 1}))
        a.record_outcome(SourceOutcome("daily", True, items_seen=10, items_new=1, kinds={"article": 1}))
        a.record_outcome(SourceOutcome("monthly", True, items_seen=4))
    return cfg


def test_sources_shows_quiet_and_blocked(project):
    result = CliRunner().invoke(cli, ["--config", str(project), "sources", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert {n: r["status"] for n, r in rows.items()} == {
        "wx-old": "quiet", "wx-blocked": "blocked", "daily": "ok", "monthly": "ok"}
    old = rows["wx-old"]
    last = TODAY - timedelta(days=40)
    assert (old["last_item"], old["cadence_days"]) == (f"{last}T02:00:00+00:00", 2.0)
    assert old["quiet"].startswith(f"nothing new since {last} (") and old["quiet"].endswith("; usually every 2 days)")
    assert rows["wx-blocked"]["page_kinds"] == {"article": 1, "blocked": 2}
    assert rows["monthly"]["quiet"] is None  # quiet_after_days: 0 leaves it to its 30-day rhythm

    table = CliRunner().invoke(cli, ["--config", str(project), "sources"]).stdout.splitlines()
    assert [line.split()[:3] for line in table[1:5]] == [
        ["wx-old", "wechat", "quiet"], ["wx-blocked", "wechat", "blocked"], ["daily", "feed", "ok"],
        ["monthly", "feed", "ok"]]
    assert f"quiet wx-old: {old['quiet']}" in table
    assert "warning wx-blocked: mirror blocked: 2 pages were ..." in table


def test_doctor_warns_of_blocked_and_quiet_sources(project):
    result = CliRunner().invoke(cli, ["--config", str(project), "doctor", "--json"])
    checks = {c["name"]: c for c in map(json.loads, result.output.splitlines())}
    assert checks["sources"] == {
        "name": "sources", "status": "warn",
        "detail": "1 of 4 mirror blocked (verification or rate-limit pages): wx-blocked; "
                  "1 of 4 quiet (nothing new for much longer than usual): wx-old",
        "hint": "see `parallax sources`; check the mirror's login"}


def test_digest_lists_the_quiet_source_with_its_last_item(tmp_path):
    a = Archive.memory()
    a.sync_sources(load_config(_config(tmp_path)).source_refs())
    _articles(a, "wx-old", every(date(2026, 10, 2), 3, 10))
    _articles(a, "daily", every(date(2026, 11, 22), 1, 10))
    for name, kinds in (("wx-old", {}), ("daily", {"article": 1}), ("wx-blocked", {"blocked": 3})):
        a.record_outcome(SourceOutcome(name, True, kinds=kinds), when="2026-11-20T06:00:00+00:00")
    d = build_digest(a, "2026-W47", DigestOptions(quiet_after_days={"wx-old": 30}))
    assert d.quiet_sources == [
        {"name": "wx-blocked", "status": "blocked", "label": "mirror blocked", "last_item": None,
         "detail": "last new item none yet"},
        {"name": "wx-old", "status": "quiet", "label": "quiet", "last_item": "2026-10-02T02:00:00+00:00",
         "detail": "nothing new since 2026-10-02 (52 days; usually every 3 days)"},
    ]
    text = render_text(d)
    block = text[text.index("SOURCE HEALTH"):text.index("\n--\n")]
    assert block.splitlines() == [
        "SOURCE HEALTH",
        "- wx-blocked: mirror blocked: last new item none yet",
        "- wx-old: quiet: nothing new since 2026-10-02 (52 days; usually every 3 days)",
    ]
    # The week before, wx-old was still publishing: as that week stood, it was not quiet.
    assert build_digest(a, "2026-W40", DigestOptions()).quiet_sources == []


def _config(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path
