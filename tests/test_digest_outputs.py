"""The week-47 digest as HTML (normalised) and JSON against golden files, and `digest --json`."""

import json
import os

from click.testing import CliRunner

from digest.build import build_digest
from digest.jsonout import render_json
from digest.options import DigestOptions
from digest.render import render_html
from digestdata import DATA, load_fixture, week_names
from parallax.cli import cli
from parallax.outputs import digest_concepts
from store.archive import Archive


def normalise_html(html: str) -> str:
    """One tag run per line with indentation and blank lines gone: template layout is not content."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip()) + "\n"


def check_golden(name: str, got: str) -> None:
    golden = DATA / name
    if os.environ.get("PARALLAX_REGEN_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_golden_html(week47_archive):
    check_golden("week47.html", normalise_html(render_html(build_digest(
        week47_archive, "2026-W47", DigestOptions(), names_seen=week_names, concepts=digest_concepts()))))


def test_golden_json(week47_archive):
    check_golden("week47.digest.json", render_json(build_digest(
        week47_archive, "2026-W47", DigestOptions(), names_seen=week_names, concepts=digest_concepts())))


def test_json_lists_every_story_with_its_fields(week47_archive):
    d = json.loads(render_json(build_digest(week47_archive, "2026-W47", DigestOptions(max_headlines=3))))
    assert (d["week"], d["start"], d["end"]) == ("2026-W47", "2026-11-16", "2026-11-22")
    assert d["counts"]["stories"] == 7 and d["counts"]["stories_zh_only"] == 3
    assert [s["number"] for s in d["stories"]] == [1, 2, 3, 4, 5, 6, 7]  # every story, not only those printed
    assert [s["printed"] for s in d["stories"]] == [True, True, True, False, False, False, False]
    s = d["stories"][1]
    assert (s["title_en"], s["coverage"], s["companies_about"], s["companies_mentioned"], s["themes"]) == (
        "Galactic Energy raises Series B to fund Pallas-1 liquid rocket", "both", ["galactic-energy"],
        ["landspace", "space-pioneer"], ["funding"])
    assert (s["lead_engine"], s["lead_label"]) == ("none", "original English")
    assert s["facts"] == [{"kind": "money", "en": "more than 10 billion yuan", "zh": "超百亿元"},
                          {"kind": "round", "en": "Series B", "zh": "B轮"},
                          {"kind": "vehicle", "en": "Pallas-1", "zh": "智神星一号"}]
    assert [(a["source"], a["lang"], a["engine"], a["published"]) for a in s["articles"]] == [
        ("spacenews", "en", "none", "2026-11-18T16:00:00+00:00"), ("jiemian", "zh", "gloss", "2026-11-18T02:30:00+00:00")]
    assert s["articles"][1]["title"] == "星河动力完成B轮融资，估值超百亿元"
    wechat = d["stories"][5]["articles"][0]
    assert (wechat["url"], wechat["mirror"]) == ("https://mp.weixin.qq.com/s/q3Xh8dYk2LmN0pRsTuVw1A",
                                                 "https://wewe-rss.example.org/articles/2650001300-1.html")
    assert d["stories"][4]["lead_facts_missing"] == [
        {"kind": "place", "zh": "山东海阳东方航天港", "en": "Oriental Spaceport, Shandong"}]


def test_digest_json_cli(tmp_path):
    db = tmp_path / "archive.db"
    with Archive.open(db) as a:
        load_fixture(a)
    res = CliRunner().invoke(cli, ["--db", str(db), "digest", "--week", "2026-W47", "--json"])
    assert res.exit_code == 0, res.output
    assert res.output == (DATA / "week47.digest.json").read_text(encoding="utf-8")
    res = CliRunner().invoke(cli, ["--db", str(db), "digest", "--week", "2026-W47", "--json", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "digest-2026-W47.eml", "digest-2026-W47.html", "digest-2026-W47.json", "digest-2026-W47.txt"]
    assert json.loads((tmp_path / "o" / "digest-2026-W47.json").read_text(encoding="utf-8"))["week"] == "2026-W47"
