"""Browsing: Datasette metadata, canned queries and `parallax serve` (the optional extra)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from searchdata import build_archive
from store.archive import Archive
from store.browse import ARTICLE_COLUMNS, QUERIES, TABLES, datasette_metadata, register_functions
from translate.lookup import query_language

pytestmark = pytest.mark.slow  # starts servers or processes


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "archive.db"
    build_archive(path).close()
    return path


@pytest.fixture(scope="module")
def conn(db):
    a = Archive.open(db)
    words = query_language()
    register_functions(a.conn, words.parse, words.simplify)
    yield a.conn
    a.close()


def canned(conn, name, **params):
    return [tuple(r) for r in conn.execute(QUERIES[name]["sql"], params)]


def test_every_article_column_and_table_is_described(conn):
    assert [r[1] for r in conn.execute("PRAGMA table_info(articles)")] == list(ARTICLE_COLUMNS)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}
    assert set(TABLES) <= tables
    for name, t in TABLES.items():
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        assert set(t.get("columns", {})) <= set(cols), name


def test_metadata_names_the_database_by_file_stem():
    meta = datasette_metadata("parallax")
    db = meta["databases"]["parallax"]
    assert db["tables"]["articles"]["fts_table"] == "articles_fts"
    assert db["tables"]["articles"]["fts_pk"] == "id"
    assert sorted(db["queries"]) == ["company_articles", "search", "weekly_by_company", "weekly_by_topic"]
    # the registry's own type values, not a hand-typed list that drifts from them
    assert db["tables"]["companies"]["columns"]["type"] == "national_team, soe_subsidiary, institute_spinoff, private, listed, investor"


def test_canned_search_segments_and_expands_names(conn):
    rows = canned(conn, "search", q="藍箭航天")
    assert sorted(r[0] for r in rows) == [1, 2]
    rows = canned(conn, "search", q="商业航天政策")
    # The snippet is English, the original beside it: the title has both words.
    assert [(r[0], r[6], r[7]) for r in rows] == [
        (5, "[Commercial space] development receives [policy] support", "[商业航天]发展迎来[政策]支持")]
    assert canned(conn, "search", q="") == []
    # A refused query matches nothing and one row carries the CLI's one-line message (a function's
    # own exception would reach Datasette only as "user-defined function raised exception").
    assert canned(conn, "search", q='"open') == [
        (None, None, None, None, 'Error: unbalanced quote in query: "open (hint: close the phrase: "...")',
         None, None, None, None)]
    assert canned(conn, "search", q="text_en:launch") == [
        (None, None, None, None, "Error: unknown field text_en: in query: text_en:launch (hint: supported fields: "
         "title: and text: (each searches the original and its English); e.g. title:LandSpace)", None, None, None,
         None)]


def test_canned_search_crosses_languages(conn):
    rows = canned(conn, "search", q="funding")
    assert sorted(r[0] for r in rows) == [1, 6]  # the Chinese story says 融资, the English one funding
    chinese = next(r for r in rows if r[0] == 1)
    assert chinese[6] == "LandSpace completes a new [funding] round"  # the English holds funding in its title
    assert chinese[7] == "3日，蓝箭航天宣布完成D轮[融资]，本轮由国家制造业转型升级基金领投，资金将用于朱雀三号可重复使用运载火箭的研制。"


def test_canned_company_articles_by_any_name(conn):
    conn.execute("DELETE FROM aliases")
    conn.execute("INSERT OR REPLACE INTO companies(id, name_en, name_zh) VALUES ('landspace', 'LandSpace', '蓝箭航天')")
    conn.execute("INSERT INTO aliases(company_id, alias, lang) VALUES ('landspace', 'Blue Arrow', 'en')")
    for name in ("landspace", "LandSpace", "蓝箭航天", "blue arrow"):
        assert [r[0] for r in canned(conn, "company_articles", company=name)] == [1, 2], name
    assert canned(conn, "company_articles", company="nobody") == []


def test_canned_weekly_counts(conn):
    assert canned(conn, "weekly_by_company") == [
        ("2026-06-15", "galactic_energy", None, None, 1),
        ("2026-06-08", "space_pioneer", None, None, 1),
        ("2026-06-01", "landspace", "LandSpace", "蓝箭航天", 1),
        ("2026-06-01", "space_pioneer", None, None, 1),
        ("2026-05-18", "landspace", "LandSpace", "蓝箭航天", 1),
    ]
    assert canned(conn, "weekly_by_topic") == [
        ("2026-06-15", "funding", 1),
        ("2026-06-08", "launch", 1),
        ("2026-06-01", "funding", 1),
        ("2026-06-01", "launch", 1),
        ("2026-05-18", "launch", 1),
        ("2026-04-13", "policy", 1),
    ]


def test_serve_without_datasette_is_one_line(db, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette", None)  # makes `import datasette` fail
    res = CliRunner().invoke(cli, ["--db", str(db), "serve"])
    assert (res.exit_code, res.output.strip()) == (
        2, "Error: datasette is not installed (hint: pip install 'parallax-space[serve]')")


def test_print_metadata_and_help(db):
    res = CliRunner().invoke(cli, ["--db", str(db), "serve", "--print-metadata"])
    assert res.exit_code == 0
    assert json.loads(res.output) == json.loads(json.dumps(datasette_metadata("archive"), ensure_ascii=False))
    res = CliRunner().invoke(cli, ["serve", "--help"])
    assert "Example:" in res.output and "parallax serve" in res.output


def test_datasette_in_process(db, tmp_path):
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    from parallax.commands.serve import write_serve_files

    meta, plugins, templates = write_serve_files(db, tmp_path)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    ds = Datasette([str(db)], metadata=json.loads(meta.read_text()), plugins_dir=str(plugins),
                   template_dir=str(templates))

    async def get(path):
        r = await ds.client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        return r.json()

    async def main():
        home = (await ds.client.get("/")).text
        # The bilingual search and the articles table come first, before the list of every table.
        assert '<form class="parallax-search" action="/archive/search" method="get">' in home
        assert home.index('action="/archive/search"') < home.index('href="/archive/articles"') < home.index(
            'href="/archive/companies"')
        page = (await ds.client.get("/archive/search?q=text_en%3Alaunch")).text
        assert "Error: unknown field text_en: in query: text_en:launch" in page
        rows = await get("/archive/search.json?q=Blue+Arrow&_shape=array")
        assert sorted(r["id"] for r in rows) == [1, 2]
        rows = await get("/archive/articles.json?_search=%E8%9E%8D%E8%B5%84&_shape=array")  # 融资
        assert [r["id"] for r in rows] == [1]
        rows = await get("/archive/weekly_by_topic.json?_shape=array")
        assert rows[0] == {"week_of": "2026-06-15", "topic": "funding", "articles": 1}
        data = await get("/-/metadata.json")
        assert data["databases"]["archive"]["tables"]["articles"]["columns"]["title_en"].startswith("English title")

    asyncio.run(main())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_parallax_serve_on_loopback(db):
    pytest.importorskip("datasette")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "parallax", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/archive/search.json?q=%E5%A4%A9%E5%85%B5%E7%A7%91%E6%8A%80&_shape=array"
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as r:
                    rows = json.loads(r.read())
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert sorted(r["id"] for r in rows) == [3, 4]  # 天兵科技 -> Space Pioneer in English too
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # the group we started: parallax and its datasette child
        proc.wait(timeout=10)


def test_stopping_serve_by_its_pid_stops_datasette_and_removes_its_files(db, tmp_path):
    """Regression: SIGTERM to `parallax serve` left the Datasette child running and its temp folder."""
    pytest.importorskip("datasette")
    port, tmp = _free_port(), tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "parallax", "--db", str(db), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(tmp)})
    try:
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=5).read()
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert list(tmp.glob("parallax-serve-*"))
        proc.send_signal(signal.SIGTERM)  # the parallax process alone, as `kill PID` does
        assert proc.wait(timeout=10) == 0
        deadline = time.time() + 5
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1).read()
            except OSError:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("datasette still answers after parallax serve was stopped")
        assert list(tmp.glob("parallax-serve-*")) == []
    finally:
        if proc.poll() is None:
            proc.kill()
