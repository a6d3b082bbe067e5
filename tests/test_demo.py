"""README command 1 end to end: `parallax demo` with no network and no model."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # starts servers or processes


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    home = tmp_path_factory.mktemp("home")
    env = {**__import__("os").environ, "PARALLAX_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "parallax", "demo", "--dir", str(out / "d")],
        capture_output=True, text=True, timeout=300, env=env, cwd=out,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "d", proc, env


def on_archive(d, env, *args):
    """`parallax --db DEMO/archive.db ARGS...`, as a user runs it after the demo."""
    return subprocess.run([sys.executable, "-m", "parallax", "--db", str(d / "archive.db"), *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_demo_reports_what_it_did(demo_dir):
    d, proc, _ = demo_dir
    out = proc.stdout
    assert "Crawled 3 sources (0 failed): 6 new articles" in out
    assert "Digest for 2026-W47" in out
    assert "$ parallax --db" in out and "search funding" in out and "search LandSpace" in out
    assert "Traceback" not in proc.stderr


def test_demo_search_funding_finds_both_landspace_stories_in_english(demo_dir):
    """Issue 17: an English word finds the Chinese story, and its snippet reads in English."""
    d, _, env = demo_dir
    proc = on_archive(d, env, "search", "funding", "--json")
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert sorted((r["lang"], r["url"].rsplit("/", 1)[1]) for r in results) == [
        ("en", "landspace-raises.html"), ("zh", "landspace-funding.html")]
    zh = next(r for r in results if r["lang"] == "zh")
    assert zh["snippet"].startswith("…company LandSpace announced completed [new round] [financing]")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in zh["snippet"])
    assert "[融资]" in zh["snippet_original"]
    # 十亿元 in the Chinese story is "more than one billion yuan" in the English one.
    proc = on_archive(d, env, "search", "十亿元", "--json")
    assert sorted(r["lang"] for r in json.loads(proc.stdout)) == ["en", "zh"]


def test_demo_writes_digest_files(demo_dir):
    d, _, _ = demo_dir
    html = (d / "digest.html").read_text(encoding="utf-8")
    text = (d / "digest.txt").read_text(encoding="utf-8")
    assert "LandSpace" in text and "2026-W47" in text
    assert "<html" in html.lower() and "LandSpace" in html


def test_demo_archive_exports_both_languages(demo_dir):
    d, _, env = demo_dir
    proc = on_archive(d, env, "export", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 6
    by_lang = {}
    for r in records:
        by_lang.setdefault(r["lang"], []).append(r)
    assert len(by_lang["zh"]) == 4 and len(by_lang["en"]) == 2
    wechat = next(r for r in records if r["source"] == "demo-wechat-galactic")
    assert wechat["title"] == "谷神星一号遥十九运载火箭发射成功"
    assert wechat["published"].startswith("2026-11-19T03:20:00")
    assert wechat["companies"] == ["galactic_energy", "jslc"]  # the launch site has a record since issue 19
    for r in by_lang["zh"]:
        assert r["title_en"] and not any("\u4e00" <= ch <= "\u9fff" for ch in r["title_en"]), r["title_en"]
        assert r["engine"] == "gloss"
    landspace = next(r for r in by_lang["zh"] if "蓝箭航天" in r["title"])
    assert "LandSpace" in landspace["title_en"]
    assert "funding" in landspace["topics"]


def test_second_demo_run_adds_nothing(demo_dir):
    d, _, env = demo_dir
    proc = subprocess.run(
        [sys.executable, "-m", "parallax", "demo", "--dir", str(d)],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "0 new articles" in proc.stdout


def test_relative_dir_holds_the_archive_and_a_busy_port_is_one_line(tmp_path, demo_dir):
    """Regression: a relative --dir put the archive in DIR/DIR/archive.db."""
    import socket

    _, _, env = demo_dir
    run = lambda: subprocess.run([sys.executable, "-m", "parallax", "demo", "--dir", "rel"],
                                 capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    proc = run()
    assert proc.returncode == 0, proc.stderr
    assert "Archive: rel/archive.db" in proc.stdout or f"Archive: {tmp_path / 'rel' / 'archive.db'}" in proc.stdout
    assert (tmp_path / "rel" / "archive.db").exists() and not (tmp_path / "rel" / "rel").exists()
    port = int(proc.stdout.split("http://127.0.0.1:")[1].split()[0])
    # The port this archive's URLs were built on is taken: refuse rather than archive everything twice.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen()
        proc = run()
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        proc.stderr.strip()] and f"built on 127.0.0.1:{port}, which is in use" in proc.stderr


def test_demo_digest_json_leads_facts_and_salience(demo_dir):
    """Issue 16's promise on the demo: every story with a Chinese report has an English lead and key
    facts; LandSpace's funding story is about LandSpace, its rivals are only mentioned."""
    d, _, env = demo_dir
    proc = on_archive(d, env, "digest", "--week", "2026-W47", "--json")
    assert proc.returncode == 0, proc.stderr
    digest = json.loads(proc.stdout)
    chinese = [s for s in digest["stories"] if s["coverage"] in ("zh-only", "both")]
    assert len(chinese) == 4
    for s in chinese:
        assert s["lead_en"] and s["lead_engine"] in ("none", "gloss") and s["facts"], s
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in s["lead_en"]), s["lead_en"]
    funding = [s for s in digest["stories"] if "funding" in s["themes"]]
    assert len(funding) == 1
    assert funding[0]["companies_about"] == ["landspace"]
    assert sorted(funding[0]["companies_mentioned"]) == ["galactic_energy", "space_pioneer"]
    assert {a["lang"] for a in funding[0]["articles"]} == {"zh", "en"}
    assert {"kind": "money", "en": "more than 1 billion yuan", "zh": "超过十亿元人民币"} in funding[0]["facts"]
    text = (d / "digest.txt").read_text(encoding="utf-8")
    assert "Lead [gloss]: " in text and "Key facts: " in text
    assert "Galactic Energy (星河动力) · Private start-up · about 1 story" in text
