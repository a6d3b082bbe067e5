"""Issue 13, one regression per hostile case, each on the smallest piece that handled it wrongly."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.build import build_digest
from digest.options import DigestOptions
from digest.render import render_html, render_text
from parallax.cli import cli
from parallax.config import load_config
from parallax.errors import ConfigError
from spiders.dates import from_epoch, parse_date
from spiders.feeds import parse_feed
from spiders.listing import parse_listing
from spiders.netguard import host_is_internal, internal_ip
from spiders.reading import shown_address
from store.archive import Archive
from store.clean import clean_line, clean_text
from store.errors import QueryError
from store.export import export
from store.model import Article, Enrichment
from store.query import parse_query
from store.urls import web_url

RSS = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{}</channel></rss>'


def item(title, link):
    return f"<item><title>{title}</title><link>{link}</link></item>"


# -- 1. one bad item never costs the others -----------------------------------------------------
def test_an_illegal_character_reference_costs_no_item():
    """Regression: one &#xD800; made feedparser raise, losing the whole feed."""
    feed = parse_feed(RSS.format(item("坏&#xD800;标题", "http://a.example/1") + item("好", "http://a.example/2")
                                 + item("NUL &#0; too", "http://a.example/3")).encode(), "http://a.example/f")
    assert [(e.title, e.link) for e in feed.entries] == [
        ("坏\ufffd标题", "http://a.example/1"), ("好", "http://a.example/2"), ("NUL \ufffd too", "http://a.example/3")]


def test_an_item_without_a_link_is_skipped_by_name_not_silently():
    feed = parse_feed(RSS.format("<item><title>孤儿</title></item>" + item("好", "http://a.example/2")).encode(),
                      "http://a.example/f")
    assert [e.link for e in feed.entries] == ["http://a.example/2"]
    assert feed.skipped == ["item 1 (孤儿): ValueError: no link"]


@pytest.mark.parametrize("value", ["Fri, 31 Dec 9999 23:59:59 -1400", "9999-12-31T23:59:59-14:00",
                                   "0001-01-01T00:00:00+14:00", "2031-01-01"])
def test_impossible_dates_read_as_no_date(value):
    """Regression: OverflowError from astimezone ended the feed's parse loop."""
    assert parse_date(value) is None


def test_a_seventeen_digit_epoch_is_no_date():
    assert from_epoch("12345678901234567") is None and from_epoch(1700000000) == "2023-11-14T22:13:20+00:00"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "MAILTO:a@b.org", "mailto:a@b.org",
                                 "tel:+861012345678", "http://127.0.0.1:99999/x", "http://[::1/x", "file:///etc/passwd",
                                 "data:text/html,x", "about:blank", "http://exa mple.org\x01/x"])
def test_only_web_addresses_are_followed(url):
    assert web_url(url) is None


def test_web_addresses_are_resolved_and_spaces_encoded():
    assert web_url("/a b?x=1", "https://example.org/feed") == "https://example.org/a%20b?x=1"
    assert web_url("HTTPS://Example.org/x") == "HTTPS://Example.org/x"


def test_listing_skips_links_that_are_no_web_address_in_any_case_and_keeps_the_rest():
    html = ('<ul class="n"><li><a href="JavaScript:void(0)">a</a></li><li><a href="/ok/1">好</a></li>'
            '<li><a href="MAILTO:x@y.org">b</a></li><li><a href="tel:1">c</a></li>'
            '<li><a href="http://127.0.0.1:99999/x">d</a></li><li><a href="#top">e</a></li><li><a href="/ok/2">也好</a></li></ul>')
    listing = parse_listing(html, "http://s.example/list", ".n a")
    assert [(l.url, l.title) for l in listing.links] == [("http://s.example/ok/1", "好"), ("http://s.example/ok/2", "也好")]
    assert listing.skipped == ["link 'JavaScript:void(0)': not a web address", "link 'MAILTO:x@y.org': not a web address",
                               "link 'tel:1': not a web address", "link 'http://127.0.0.1:99999/x': not a web address"]


def test_listing_pairs_titles_and_dates_on_a_large_page():
    """Pairing was quadratic (10,000 links: 90 s); the linear pairing must give the same pairs."""
    n = 5000
    html = '<div class="list">' + "".join(
        f'<div class="row"><h3><a href="/a/{i}">x</a></h3><span class="t">标题{i}</span>'
        f'<span class="d">2026-11-{1 + i % 28:02d} 08:00</span></div>' for i in range(n)) + "</div>"
    listing = parse_listing(html, "http://s.example/", ".list h3 a", ".list .t", ".list .d")
    assert len(listing.links) == n
    assert [(l.url, l.title, l.published) for l in listing.links[4321:4323]] == [
        ("http://s.example/a/4321", "标题4321", "2026-11-10T00:00:00+00:00"),
        ("http://s.example/a/4322", "标题4322", "2026-11-11T00:00:00+00:00")]


# -- 4. internal addresses ----------------------------------------------------------------------
@pytest.mark.parametrize("ip, internal", [("127.0.0.1", True), ("10.1.2.3", True), ("192.168.1.1", True),
                                          ("172.16.0.9", True), ("169.254.169.254", True), ("100.64.0.1", True),
                                          ("::1", True), ("fd00::1", True), ("fe80::1", True), ("::ffff:10.0.0.1", True),
                                          ("0.0.0.0", True), ("224.0.0.1", True), ("8.8.8.8", False),
                                          ("2001:4860:4860::8888", False)])
def test_internal_addresses(ip, internal):
    assert internal_ip(ip) is internal


def test_names_of_internal_hosts_are_internal():
    assert host_is_internal("localhost") and host_is_internal("[::1]") and not host_is_internal("unknown.invalid")


# -- 5. outputs that execute --------------------------------------------------------------------
def test_control_and_bidi_characters_are_cleaned():
    dirty = "A\x1b[31mred\x07\x1b]8;;http://evil/\x07x\u202etxt\u2066i\r\nnext\x00"
    assert clean_text(dirty) == "A[31mred]8;;http://evil/xtxti\nnext"
    assert clean_line(" a \n b\t") == "a b"


def test_archived_text_is_cleaned_on_the_way_in():
    a = Archive.memory()
    r = a.upsert_article(Article(url="http://s.example/1", source="s", title="T\x1b[2J\u202e", text="x\x07y",
                                 author="\x1b]0;pwned\x07Me"))
    got = a.article(r.id)
    assert (got.title, got.text, got.author) == ("T[2J", "xy", "]0;pwnedMe")


def test_csv_cells_a_spreadsheet_would_run_are_quoted():
    import csv
    import io

    a = Archive.memory()
    for i, title in enumerate(['=HYPERLINK("http://evil","x")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1", "-2",
                               "普通标题"]):
        a.upsert_article(Article(url=f"http://s.example/{i}", source="s", title=title, text="t", lang="zh",
                                 published=f"2026-11-0{i + 1}T00:00:00+00:00"))
    out = io.StringIO()
    export(a, out, "csv")
    titles = [row["title"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert titles == ["'=HYPERLINK(\"http://evil\",\"x\")", "'=cmd|' /C calc'!A0", "'@SUM(1+1)", "'+1", "'-2", "普通标题"]


def test_a_canonical_on_another_site_is_not_shown():
    page = "http://www.jiemian.com/article/1.html"
    assert shown_address("https://evil.example/phish", page) == page
    assert shown_address("https://m.jiemian.com/article/1.html?utm_source=x", page) == "https://m.jiemian.com/article/1.html"
    assert shown_address("javascript:alert(1)", page) == page
    wx = "https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=abc"
    assert shown_address(wx, "http://mirror.lan:4000/w/1", wechat=True) == wx
    assert shown_address(wx, "http://mirror.lan:4000/w/1") == "http://mirror.lan:4000/w/1"


def _old_archive_with_dirty_rows(tmp_path) -> Path:
    """An archive written before text was cleaned on the way in: the dirty bytes go in by SQL."""
    db = tmp_path / "old.db"
    with Archive.open(db) as a:
        r = a.upsert_article(Article(url="http://s.example/1", source="s", title="t", text="x", lang="en",
                                     published="2026-11-17T00:00:00+00:00"))
        a.save_enrichment(r.id, Enrichment(lang="en", title_en=None, text_en=None, engine="none", model=None,
                                           mentions=[], topics=[], index={"title": "rocket news"}, key="k"))
        a.conn.execute("UPDATE articles SET title=?, canonical_url=? WHERE id=?",
                       ("Rocket\u202e\x1b[31m news", "javascript:alert(1)", r.id))
    return db


def test_the_digest_cleans_old_rows_again_and_prints_no_link_that_is_not_web(tmp_path):
    with Archive.open(_old_archive_with_dirty_rows(tmp_path)) as a:
        d = build_digest(a, "2026-W47", DigestOptions())
    text, html = render_text(d), render_html(d)
    assert "\u202e" not in text + html and "\x1b" not in text + html
    assert "Rocket[31m news" in text and "javascript:" not in text and "(no web link)" in text
    assert 'href="#"' in html and "javascript:" not in html


def test_search_output_to_a_terminal_has_no_escapes_from_old_rows(tmp_path):
    db = _old_archive_with_dirty_rows(tmp_path)
    res = CliRunner().invoke(cli, ["--db", str(db), "search", "rocket"])
    assert res.exit_code == 0 and "\x1b" not in res.output and "\u202e" not in res.output, res.output


# -- 6. one line, never a traceback -------------------------------------------------------------
def test_deeply_nested_and_overlong_queries_are_usage_errors():
    with pytest.raises(QueryError, match="more than 20 deep"):
        parse_query("(" * 400 + "a" + ")" * 400)
    with pytest.raises(QueryError, match="longer than 2000"):
        parse_query("航天 " * 1000)


def test_cli_search_limits(tmp_path):
    """Regressions: RecursionError and OverflowError tracebacks."""
    db = tmp_path / "a.db"
    Archive.open(db).close()
    res = CliRunner().invoke(cli, ["--db", str(db), "search", "(" * 400 + "a" + ")" * 400])
    assert (res.exit_code, res.output) == (2, "Error: query nests ( ) groups more than 20 deep "
                                              "(hint: simplify the query)\n")
    res = CliRunner().invoke(cli, ["--db", str(db), "search", "x", "--limit", "99999999999999999999"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert res.output.splitlines()[-1] == ("Error: Invalid value for '--limit': 99999999999999999999 is not in the "
                                           "range 1<=x<=10000.")


def test_text_that_is_not_utf8_reads_as_replacement_characters(tmp_path):
    """Regression: "Could not decode to UTF-8" ended export and digest with a traceback."""
    db = tmp_path / "a.db"
    with Archive.open(db) as a:
        a.upsert_article(Article(url="http://s.example/1", source="s", title="t", text="ok", lang="en"))
        a.conn.execute("UPDATE articles SET text = CAST(X'FFFE41' AS TEXT)")
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["text"] == "\ufffd\ufffdA"


def _damage(db: Path) -> None:
    size = db.stat().st_size
    with open(db, "r+b") as f:  # garbage over every page but the header's
        f.seek(4096)
        f.write(os.urandom(size - 4096))


def test_commands_on_a_damaged_archive_say_so_in_one_line(tmp_path):
    db = tmp_path / "a.db"
    with Archive.open(db) as a:
        for i in range(200):
            a.upsert_article(Article(url=f"http://s.example/{i}", source="s", title=f"title {i}", text="x" * 400,
                                     lang="en", published="2026-11-17T00:00:00+00:00"))
        a.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(db)
    for args in (["export"], ["search", "title"], ["digest", "--week", "2026-W47"]):
        res = CliRunner().invoke(cli, ["--db", str(db), *args])
        assert res.exit_code == 1, (args, res.output)
        assert "Traceback" not in res.output and res.output.startswith(f"Error: {db}"), (args, res.output)
        assert len(res.output.strip().splitlines()) == 1, (args, res.output)


def test_run_refuses_a_damaged_archive_and_points_to_the_backup(tmp_path):
    db = tmp_path / "a.db"
    with Archive.open(db) as a:
        for i in range(200):
            a.upsert_article(Article(url=f"http://s.example/{i}", source="s", title=f"title {i}", text="y" * 400))
        a.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (tmp_path / "a.db.v2.bak").write_bytes(b"")
    _damage(db)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"archive: {{path: {db}, check_every_hours: 0}}\n"
                   "sources: [{name: s, kind: feed, url: 'http://127.0.0.1:9/f'}]\n")
    res = CliRunner().invoke(cli, ["--config", str(cfg), "run"])
    assert res.exit_code == 1
    assert res.output.startswith(f"Error: {db}") and "damaged" in res.output, res.output
    assert "restore ARCHIVE.vN.bak" in res.output or "restore a.db.v2.bak" in res.output, res.output


def test_addresses_with_line_breaks_and_several_mistakes_are_each_one_line(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text('digest: {recipients: ["a@b.org\\r\\nBcc: x@evil.example"], sendr: p@b.org}\n'
                   "crawl: {timout: 3}\n")
    res = CliRunner().invoke(cli, ["--config", str(cfg), "sources"])
    assert res.exit_code == 2
    assert res.output.splitlines() == [
        f"Error: {cfg}: unknown key crawl.timout (did you mean 'timeout'?)",
        f"Error: {cfg}: digest.recipients: Value error, 'a@b.org\\r\\nBcc: x@evil.example' holds a line break: "
        "one address per entry",
        f"Error: {cfg}: unknown key digest.sendr (did you mean 'sender'?)",
    ]


# -- 7. paths -----------------------------------------------------------------------------------
def test_environment_variables_in_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PARALLAX_DATA", str(tmp_path / "data"))
    cfg = tmp_path / "c.yaml"
    cfg.write_text('archive: {path: "$HOME/x.db"}\ntranslate: {models_dir: "${PARALLAX_DATA}/models"}\n')
    loaded = load_config(cfg)
    assert loaded.archive_path() == tmp_path / "home" / "x.db"
    assert loaded.models_dir() == tmp_path / "data" / "models"
    cfg.write_text('archive: {path: "$PARALLAX_NOT_SET_ANYWHERE/x.db"}\n')
    with pytest.raises(ConfigError, match=r"archive.path: \$PARALLAX_NOT_SET_ANYWHERE is not set"):
        load_config(cfg)


@pytest.mark.parametrize("kind", ["text file", "folder"])
def test_an_archive_path_that_is_no_archive_creates_nothing_beside_it(tmp_path, kind):
    target = tmp_path / "notes.txt"
    if kind == "folder":
        target.mkdir()
    else:
        target.write_text("my notes, not a database\n" * 50)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"archive: {{path: {target}}}\nsources: [{{name: s, kind: feed, url: 'http://127.0.0.1:9/f'}}]\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    for args in (["run"], ["search", "x"], ["export"]):
        res = CliRunner().invoke(cli, ["--config", str(cfg), *args])
        assert res.exit_code == 1 and res.output.startswith(f"Error: {target}: cannot open archive"), res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# -- 8. rough edges -----------------------------------------------------------------------------
def test_models_list_json_is_an_array_even_when_empty():
    res = CliRunner().invoke(cli, ["models", "list", "--json"])
    assert (res.exit_code, json.loads(res.output)) == (0, [])


def test_one_of_everything_is_singular(tmp_path):
    db = tmp_path / "a.db"
    with Archive.open(db) as a:
        from store.companies import sync_registry
        from translate.registry import default_registry

        sync_registry(a, default_registry())
    res = CliRunner().invoke(cli, ["--db", str(db), "companies", "list"])
    assert "(0 articles)" in res.output and "(1 articles)" not in res.output


def test_the_datasette_search_says_why_a_query_is_refused(tmp_path):
    from store.browse import QUERIES, register_functions
    from translate.lookup import query_language

    with Archive.open(tmp_path / "a.db") as a:
        words = query_language()
        register_functions(a.conn, words.parse, words.simplify)
        rows = a.conn.execute(QUERIES["search"]["sql"], {"q": "(" * 30 + "x" + ")" * 30}).fetchall()
    assert [r["title"] for r in rows] == ["Error: query nests ( ) groups more than 20 deep (hint: simplify the query)"]

