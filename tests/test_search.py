"""Search: bilingual FTS5 over the segmented index, company alias expansion, filters, snippets, CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from searchdata import ARTICLES, build_archive
from store.archive import Archive
from store.search import Filters
from store.search import search as search_archive
from translate.lookup import company_resolver, names_containing, query_language
from translate.registry import default_registry

# The index's own segmentation and folding; each test passes the name lookups it wants.
WORDS = query_language(names=False, terms=False).kwargs()


def search(archive, query, **kw):
    return search_archive(archive, query, **{**WORDS, **kw})


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "archive.db"
    build_archive(path).close()
    return path


@pytest.fixture(scope="module")
def archive(db):
    a = Archive.open(db)
    yield a
    a.close()


@pytest.fixture(scope="module")
def resolve():
    return company_resolver(default_registry())


@pytest.fixture(scope="module")
def longer():
    return names_containing(default_registry())


def ids(results):
    return [r.id for r in results]


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), "search", *args])


# -- library ------------------------------------------------------------------------------
def test_two_character_chinese_words_match(archive):
    assert ids(search(archive, "融资")) == [1]
    assert ids(search(archive, "火箭")) == [2]
    assert ids(search(archive, "航天")) == [5]


def test_a_word_inside_a_company_name_finds_it(archive, longer):
    # The index keeps 蓝箭航天 whole; 航天 also asks for the registry names that contain it.
    assert sorted(ids(search(archive, "航天", longer_words=longer))) == [1, 2, 5]
    res = search(archive, "航天 融资", longer_words=longer)
    assert ids(res) == [1]
    assert res[0].snippet_original.startswith("3日，蓝箭[航天]宣布完成D轮[融资]")


def test_unsegmented_chinese_query_is_segmented_like_the_index(archive):
    assert ids(search(archive, "商业航天政策")) == [5]
    assert ids(search(archive, "酒泉卫星发射中心")) == [4]


def test_english_query_finds_the_translation_of_a_chinese_article(archive):
    res = search(archive, "manufacturing fund", filters=Filters(lang="zh"))
    assert ids(res) == [1]
    assert res[0].snippet == (
        "On the 3rd, LandSpace announced a Series D round led by the national [manufacturing] upgrading "
        "[fund]; the money goes to the reusable Zhuque-3 launch vehicle."
    )


def test_company_name_in_any_form_finds_all_aliases(archive, resolve):
    for name in ("LandSpace", "Blue Arrow", "藍箭航天", "蓝箭航天", "landspace"):
        assert sorted(ids(search(archive, name, resolve=resolve))) == [1, 2], name
    # The WeChat post only says 天兵科技, and it has no English yet.
    assert ids(search(archive, "Space Pioneer", resolve=resolve, filters=Filters(lang="zh"))) == [4]
    assert sorted(ids(search(archive, "Space Pioneer", resolve=resolve))) == [3, 4]


def test_a_product_name_expands_to_that_product_only(archive, resolve):
    # 天龙三号 finds the English Tianlong-3 story; Space Pioneer's other products are not asked for.
    assert sorted(ids(search(archive, "天龙三号", resolve=resolve))) == [3, 4]
    assert ids(search(archive, "天龙二号", resolve=resolve)) == []


def test_without_expansion_an_english_name_misses_the_chinese_post(archive):
    assert ids(search(archive, "Space Pioneer", filters=Filters(lang="zh"))) == []


def test_traditional_text_is_found_by_simplified_query(archive):
    res = search(archive, "遥测数据", filters=Filters(source="hket"))
    assert ids(res) == [2]
    assert res[0].snippet_original == "藍箭航天昨日公布朱雀二號[遙測數據]，顯示火箭二級工作正常。"


def test_chinese_snippet_is_cut_from_original_text_and_highlighted(archive):
    res = search(archive, "融资")
    assert res[0].snippet_original == "3日，蓝箭航天宣布完成D轮[融资]，本轮由国家制造业转型升级基金领投，资金将用于朱雀三号可重复使用运载火箭的研制。"
    # The snippet a reader sees is English: without expansion nothing in it is marked.
    assert res[0].snippet == ARTICLES[0]["text_en"]


def test_boolean_syntax(archive):
    assert sorted(ids(search(archive, "融资 OR 政策"))) == [1, 5]
    assert ids(search(archive, "funding -Galactic")) == [1]
    assert ids(search(archive, '"first flight" kerosene')) == [3]
    assert ids(search(archive, '"flight first"')) == []
    assert ids(search(archive, "(telemetry OR 遥测) LandSpace")) == [2]
    assert ids(search(archive, "Tianl*")) == [3]


def test_filters(archive, resolve):
    assert ids(search(archive, "funding", filters=Filters(source="spacenews"))) == [6]
    assert sorted(ids(search(archive, "launch OR 首飞 OR rocket", filters=Filters(topic="launch")))) == [3, 4]
    assert ids(search(archive, "funding", filters=Filters(company="landspace"))) == [1]
    assert ids(search(archive, "funding", filters=Filters(since="2026-06-04"))) == [6]
    assert ids(search(archive, "funding", filters=Filters(until="2026-06-03"))) == [1]
    assert ids(search(archive, "funding", filters=Filters(since="2026-06-03", until="2026-06-19"))) == [1]
    assert ids(search(archive, "funding", filters=Filters(lang="en"))) == [6]


def test_orders(archive, resolve):
    assert ids(search(archive, "LandSpace OR Galactic OR 天龙三号", order="date", resolve=resolve)) == [6, 4, 3, 1, 2]
    # Relevance: a title hit outranks a body-only hit.
    assert ids(search(archive, "telemetry OR second")) == [2]
    assert ids(search(archive, "rocket", order="relevance"))[0] == 6


def test_unavailable_articles_are_not_results(tmp_path):
    a = build_archive(tmp_path / "a.db", ARTICLES[:1])
    a.conn.execute("UPDATE articles SET status='unavailable' WHERE id=1")
    assert search(a, "融资") == []
    a.close()


def test_companies_in_results(archive):
    (r,) = search(archive, "Ceres-2")
    assert (r.id, r.companies, r.source, r.lang) == (6, ["galactic_energy"], "spacenews", "en")


# -- CLI ----------------------------------------------------------------------------------
def test_cli_json_fields(db):
    res = run(db, "Blue Arrow", "--json", "--order", "date")
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert [r["id"] for r in out] == [1, 2]
    assert out[0] == {
        "id": 1, "url": "https://36kr.com/p/2931001", "source": "36kr", "lang": "zh",
        "title": "蓝箭航天完成新一轮融资", "title_en": "LandSpace completes a new funding round",
        "published": "2026-06-03T02:00:00+00:00", "companies": ["landspace"],
        # The snippet reads in English; its product is one of the company's names too.
        "snippet": "On the 3rd, [LandSpace] announced a Series D round led by the national manufacturing upgrading "
                   "fund; the money goes to the reusable [Zhuque-3] launch vehicle.",
        "snippet_original": "3日，[蓝箭航天]宣布完成D轮融资，本轮由国家制造业转型升级基金领投，资金将用于[朱雀三号]可重复使用运载火箭的研制。",
        "engine": "gloss", "model": None,  # who wrote title_en: readers must see it is a gloss
        "expansions": out[0]["expansions"],
    }
    (names,) = out[0]["expansions"]
    assert (names["term"], names["kind"], names["label"]) == ("Blue Arrow", "company", "landspace")
    assert names["forms"][:3] == ["Blue Arrow", "LandSpace", "蓝箭航天"]


def test_cli_filters_and_company_by_name(db):
    res = run(db, "funding OR 融资", "--company", "Blue Arrow", "--since", "2026-06-01", "--json")
    assert res.exit_code == 0, res.output
    assert [r["id"] for r in json.loads(res.output)] == [1]
    res = run(db, "launch OR 首飞", "--topic", "launch", "--lang", "zh", "--source", "tianbing-wechat", "--json")
    assert [r["id"] for r in json.loads(res.output)] == [4]
    res = run(db, "funding", "--limit", "1", "--order", "date", "--json")
    assert [r["id"] for r in json.loads(res.output)] == [6]


def test_cli_text_output(db):
    res = run(db, "融资", "--exact")
    assert res.exit_code == 0
    assert res.output.splitlines() == [
        "     1  2026-06-03  36kr  zh  蓝箭航天完成新一轮融资",
        "        LandSpace completes a new funding round  [gloss]",
        "        companies: landspace",
        "        On the 3rd, LandSpace announced a Series D round led by the national manufacturing upgrading fund; the "
        "money goes to the reusable Zhuque-3 launch vehicle.",
        "        https://36kr.com/p/2931001",
    ]
    assert run(db, "nonexistentword").output == "No results.\n"
    res = run(db, "launch OR 首飞 OR rocket", "--limit", "1", "--exact")
    assert res.output.splitlines()[-1] == "(1 of 4 results; --limit shows more)"


def test_cli_text_output_says_what_a_term_also_matched(db):
    res = run(db, "融资")
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert lines[:2] == [
        "融资 also matches: 募资, 募集资金, 增资, 筹资, funding, fundraising, … (25 in all)",
        "(--exact searches only what you typed)",
    ]
    # The English story on Galactic Energy's funding is found by the Chinese word.
    assert sorted(line.split()[0] for line in lines[2:] if not line.startswith("        ")) == ["1", "6"]


@pytest.mark.parametrize("query, message", [
    ('"unclosed', 'Error: unbalanced quote in query: "unclosed (hint: close the phrase: "...")'),
    ("(航天 OR", "Error: OR needs a term on both sides: (航天 OR"),
    ("航天)", "Error: unbalanced ')' in query: 航天)"),
    ("-融资", 'Error: a query cannot only exclude terms (hint: add a term to search for: "航天 -融资")'),
    ("，。", "Error: nothing to search for in: ，。 (hint: use words, not only punctuation)"),
])
def test_cli_syntax_errors_are_one_line_exit_2(db, query, message):
    res = run(db, "--", query)
    assert res.exit_code == 2
    assert res.output.strip() == message


def test_cli_usage_errors(db):
    res = run(db, "funding", "--company", "Nonexistent Rockets")
    assert (res.exit_code, res.output.strip()) == (
        2, "Error: unknown company: Nonexistent Rockets (hint: see `parallax companies list`)")
    res = run(db, "funding", "--since", "June")
    assert (res.exit_code, res.output.strip()) == (2, "Error: --since: not a date: 'June' (hint: use YYYY-MM-DD)")


def test_cli_topic_must_be_known(db, tmp_path):
    builtin = "funding, launches, contracts, policy, people, international, facilities"
    res = run(db, "funding", "--topic", "nosuch")
    assert (res.exit_code, res.output) == (2, f"Error: unknown topic: nosuch (hint: known topics: {builtin}, launch)\n")
    # Built-in topics and those of the config are known even before any article has them.
    assert (run(db, "funding", "--topic", "people", "--exact").output) == "No results.\n"
    cfg = tmp_path / "config.yaml"
    cfg.write_text("topics:\n  debris:\n    en: [space debris]\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["--config", str(cfg), "--db", str(db), "search", "funding", "--topic", "debris",
                                   "--exact"])
    assert (res.exit_code, res.output) == (0, "No results.\n")
    res = CliRunner().invoke(cli, ["--config", str(cfg), "--db", str(db), "search", "funding", "--topic", "nosuch"])
    assert (res.exit_code, res.output) == (
        2, f"Error: unknown topic: nosuch (hint: known topics: {builtin}, debris, launch)\n")


@pytest.mark.parametrize("query", [
    "title:融资", "NEAR(蓝箭航天 融资)", "融资 AND", "'; DROP TABLE articles; --", "* OR ^", 'a"b', "{title text}: x",
])
def test_fts_and_sql_syntax_in_user_input_is_literal(db, query):
    res = run(db, query, "--json")
    assert res.exit_code in (0, 2), res.output
    assert "Traceback" not in res.output
    with Archive.open(db) as a:
        assert a.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(ARTICLES)


def test_cli_help_has_example():
    res = CliRunner().invoke(cli, ["search", "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output and "parallax search" in res.output


def test_missing_archive_is_one_line(tmp_path):
    res = run(tmp_path / "none.db", "融资")
    assert res.exit_code == 1
    assert res.output.strip() == f"Error: {tmp_path / 'none.db'}: archive not found (hint: run `parallax run` first)"


def test_filtered_search_reads_the_slim_index(tmp_path):
    a = build_archive(tmp_path / "i.db")
    plan = " ".join(r[3] for r in a.conn.execute(
        "EXPLAIN QUERY PLAN SELECT a.id FROM articles_fts JOIN articles a INDEXED BY articles_search "
        "ON a.id = articles_fts.rowid WHERE articles_fts MATCH 'x' AND a.lang = 'zh'"))
    assert "articles_search" in plan
    a.close()
