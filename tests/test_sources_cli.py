"""`parallax sources [--json]`: per-source health read from the archive."""

import json

from click.testing import CliRunner

from parallax.cli import cli
from parallax.config import load_config
from store.archive import Archive

CONFIG = """
archive: {path: archive.db}
sources:
  - {name: spacenews, kind: feed, url: "https://spacenews.com/feed/", lang: en}
  - {name: kr36, kind: feed, url: "https://36kr.com/feed"}
  - {name: wx-landspace, kind: wechat, url: "https://wechat-mirror.invalid/feeds/landspace.xml", enabled: false}
  - {name: newcomer, kind: feed, url: "https://example.org/feed"}
"""


def setup(tmp_path):
    cfg_path = tmp_path / "config.yaml"
    cfg_path.write_text(CONFIG, encoding="utf-8")
    with Archive.open(tmp_path / "archive.db") as a:
        a.sync_sources(load_config(cfg_path).sources)
        a.record_source_result("spacenews", ok=True, items_seen=20, items_new=4, when="2026-11-20T06:00:00+00:00")
        a.record_source_result("kr36", ok=True, items_seen=30, items_new=30, when="2026-11-19T06:00:00+00:00")
        for when in ("2026-11-20T06:00:00+00:00", "2026-11-21T06:00:00+00:00"):
            a.record_source_result("kr36", ok=False, error="HTTP 503 from https://36kr.com/feed", when=when)
        a.record_source_result("spacenews", ok=True, warning="malformed feed, 19 items read: x", items_seen=19,
                               items_new=0, when="2026-11-21T06:00:00+00:00")
    return cfg_path


def test_sources_json(tmp_path):
    cfg = setup(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(cfg), "sources", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["name"], r["kind"], r["status"]) for r in rows] == [
        ("spacenews", "feed", "ok"), ("kr36", "feed", "failing"), ("wx-landspace", "wechat", "disabled"),
        ("newcomer", "feed", "never"),
    ]
    kr = rows[1]
    assert {k: kr[k] for k in ("last_success", "last_error", "consecutive_failures", "items_seen", "items_new")} == {
        "last_success": "2026-11-19T06:00:00+00:00", "last_error": "HTTP 503 from https://36kr.com/feed",
        "consecutive_failures": 2, "items_seen": 0, "items_new": 0,
    }
    assert (rows[0]["items_seen"], rows[0]["items_new"], rows[0]["last_warning"]) == (
        19, 0, "malformed feed, 19 items read: x")


def test_sources_table(tmp_path):
    cfg = setup(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(cfg), "sources"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert result.stderr == f"sources of {cfg}, health from {tmp_path / 'archive.db'}\n"
    assert lines[0].split() == ["NAME", "KIND", "STATUS", "LAST", "SUCCESS", "FAILS", "SEEN", "NEW", "LAST", "ERROR"]
    assert lines[2].split() == ["kr36", "feed", "failing", "2026-11-19T06:00:00+00:00", "2", "0", "0", "HTTP", "503",
                                "from", "https://36kr.com/feed"]
    assert lines[4].split() == ["newcomer", "feed", "never", "-", "0", "0", "0"]
    assert lines[-1] == "warning spacenews: malformed feed, 19 items read: x"


def test_sources_before_any_run_and_without_sources(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "sources", "--json"])
    assert result.exit_code == 0
    assert [r["status"] for r in json.loads(result.stdout)] == ["never", "never", "disabled", "never"]
    assert not (tmp_path / "archive.db").exists()  # looking never creates an archive
    empty = tmp_path / "empty.yaml"
    empty.write_text("sources: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(empty), "sources"])
    assert result.stdout.startswith("no sources configured")


def test_sources_bad_config_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - {name: x, kind: blog, url: 'https://x'}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(bad), "sources"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1


def test_sources_with_db_and_no_config_lists_what_the_archive_knows(tmp_path, monkeypatch):
    setup(tmp_path)
    (tmp_path / "config.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "archive.db"), "sources", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert sorted(rows) == ["kr36", "newcomer", "spacenews", "wx-landspace"]
    assert (rows["kr36"]["status"], rows["kr36"]["consecutive_failures"]) == ("failing", 2)


def test_sources_with_db_alone_never_mixes_in_the_config_of_the_current_folder(tmp_path, monkeypatch):
    """Regression: ./config.yaml's sources were listed with the health of another archive."""
    setup(tmp_path)
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "config.yaml").write_text("sources:\n  - {name: unrelated, kind: feed, url: 'https://u.example/f'}\n")
    monkeypatch.chdir(other)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "archive.db"), "sources", "--json"])
    assert result.exit_code == 0, result.output
    assert sorted(r["name"] for r in json.loads(result.stdout)) == ["kr36", "newcomer", "spacenews", "wx-landspace"]
    assert result.stderr == f"sources and health from {tmp_path / 'archive.db'}\n"
