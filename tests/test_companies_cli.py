"""`parallax companies list|show|resolve|find`, driven through click against a real archive file."""

import json

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from store.archive import Archive
from store.companies import article_counts, articles_of, sync_registry
from store.model import Article, Enrichment
from translate.enrich import mentions_for_storage
from translate.mentions import find_mentions
from translate.registry import default_registry
from translate.segment import segment_for_index


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def jsonl(output):
    return [json.loads(line) for line in output.splitlines() if line.strip()]


ARTICLES = [
    ("https://example.cn/a1", "jiemian", "zh", "藍箭航天朱雀二號發射成功", "蓝箭航天的朱雀二号遥二运载火箭发射成功。",
     "2026-03-02T08:00:00Z"),
    ("https://example.cn/a2", "36kr", "zh", "星河动力完成融资", "星河动力宣布完成新一轮融资，蓝箭航天也在募资。",
     "2026-03-04T08:00:00Z"),
    ("https://example.com/b1", "spacenews", "en", "LandSpace readies Zhuque-3", "LandSpace plans to fly Zhuque-3.",
     "2026-03-03T08:00:00Z"),
    ("https://example.com/b2", "spacenews", "en", "Orbital debris", "Nothing about companies here.",
     "2026-03-05T08:00:00Z"),
]


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "archive.db"
    with Archive.open(path) as a:
        assert sync_registry(a, default_registry()) == len(default_registry())
        for url, source, lang, title, text, published in ARTICLES:
            res = a.upsert_article(Article(url=url, source=source, title=title, text=text, lang=lang,
                                            published=published))
            ms = mentions_for_storage(find_mentions(title), find_mentions(text))
            a.save_enrichment(res.id, Enrichment(
                lang=lang, title_en=None if lang == "en" else f"EN {title}", text_en=None,
                engine="none" if lang == "en" else "gloss", model=None,
                mentions=ms, topics=[], index={"title": segment_for_index(title), "text": segment_for_index(text)},
                key="k"))
    return path


def test_resolve_json_in_order_and_exit_1_on_unknown():
    r = run("companies", "resolve", "藍箭航天", "Blue Arrow Aerospace", "SpaceX", "北京星河动力空间科技有限公司", "--json")
    assert r.exit_code == 1
    land = {"id": "landspace", "name_en": "LandSpace", "name_zh": "蓝箭航天", "type": "private"}
    assert jsonl(r.output) == [
        {"query": "藍箭航天", **land, "how": "exact", "score": 1.0},
        {"query": "Blue Arrow Aerospace", **land, "how": "exact", "score": 1.0},
        {"query": "SpaceX", "id": None, "candidates": [
            {"id": "ispace", "name_en": "iSpace", "name_zh": "星际荣耀", "score": 0.83},
            {"id": "azspace", "name_en": "AZSPACE", "name_zh": "紫微宇通", "score": 0.77},
            {"id": "spacety", "name_en": "Spacety", "name_zh": "天仪研究院", "score": 0.77}]},
        {"query": "北京星河动力空间科技有限公司", "id": "galactic_energy", "name_en": "Galactic Energy",
         "name_zh": "星河动力", "type": "private", "how": "normalised", "score": 1.0},
    ]


def test_resolve_all_known_exits_0_text_output():
    r = run("companies", "resolve", "CASIC", "ExPace", "CASIC ExPace", "Galactic")
    assert r.exit_code == 0
    assert r.output.splitlines() == [
        "CASIC\tcasic\tChina Aerospace Science and Industry Corporation 中国航天科工集团",
        "ExPace\texpace\tExPace 航天科工火箭",
        "CASIC ExPace\texpace\tExPace 航天科工火箭\t(normalised 1.00)",
        "Galactic\tgalactic_energy\tGalactic Energy 星河动力\t(normalised 0.90)",
    ]


def test_resolve_vehicle_examples_of_the_help():
    # the help once gave 朱雀三号 and "Long March 5B", which are registry products: they match exact
    r = run("companies", "resolve", "神舟", "Chang'e 6", "朱雀三号", "--json")
    assert r.exit_code == 0
    cast = {"id": "cast", "name_en": "China Academy of Space Technology", "name_zh": "中国空间技术研究院",
            "type": "national_team"}
    assert jsonl(r.output) == [
        {"query": "神舟", **cast, "how": "vehicle", "score": 1.0},
        {"query": "Chang'e 6", **cast, "how": "vehicle", "score": 1.0},
        {"query": "朱雀三号", "id": "landspace", "name_en": "LandSpace", "name_zh": "蓝箭航天", "type": "private",
         "how": "exact", "score": 1.0},
    ]
    assert '神舟 or "Chang\'e 6"' in " ".join(cli.commands["companies"].commands["resolve"].help.split())


def test_resolve_unknown_text_names_the_closest():
    r = run("companies", "resolve", "Landspase Technology")
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        "Landspase Technology\t-\t(unknown; closest: LandSpace [landspace] 0.89, ADA Space [ada_space] 0.71, "
        "LinkSpace [linkspace] 0.67)"]


def test_find_text_json_one_line_per_input_line():
    r = run("companies", "find", "--text", "藍箭航天的朱雀二號\n天兵天将\nCAST and CASC", "--json")
    assert r.exit_code == 0
    assert jsonl(r.output) == [
        {"text": "藍箭航天的朱雀二號", "companies": [
            {"id": "landspace", "surface": "藍箭航天", "start": 0, "end": 4},
            {"id": "landspace", "surface": "朱雀二號", "start": 5, "end": 9}]},
        {"text": "天兵天将", "companies": []},
        {"text": "CAST and CASC", "companies": [
            {"id": "cast", "surface": "CAST", "start": 0, "end": 4},
            {"id": "casc", "surface": "CASC", "start": 9, "end": 13}]},
    ]


def test_find_stdin_and_file(tmp_path):
    r = run("companies", "find", "-", "--json", input="星河动力\nSpace Pioneer\n")
    assert [[c["id"] for c in rec["companies"]] for rec in jsonl(r.output)] == [["galactic_energy"], ["space_pioneer"]]
    f = tmp_path / "in.txt"
    f.write_text("GalaxySpace\n银河系\n", encoding="utf-8")
    r = run("companies", "find", str(f))
    assert r.exit_code == 0
    assert r.output.splitlines() == ["GalaxySpace", "  -> galaxy_space[0:11] GalaxySpace", "银河系", "  -> -"]


def test_find_usage_errors(tmp_path):
    r = run("companies", "find")
    assert r.exit_code == 2 and "nothing to read" in r.output
    r = run("companies", "find", str(tmp_path / "missing.txt"))
    assert r.exit_code == 2 and "cannot read" in r.output
    assert "Traceback" not in r.output


def test_list_without_archive(tmp_path):
    r = run("--db", str(tmp_path / "none.db"), "companies", "list", "--json")
    assert r.exit_code == 0
    rows = jsonl(r.output)
    assert len(rows) == len(default_registry())
    assert rows[0]["id"] == "casc" and all(x["articles"] == 0 for x in rows)
    assert not (tmp_path / "none.db").exists()  # listing never creates an archive
    r = run("--db", str(tmp_path / "none.db"), "companies", "list", "--type", "listed", "--json")
    assert {x["type"] for x in jsonl(r.output)} == {"listed"}
    r = run("companies", "list", "--type", "startup")
    assert r.exit_code == 2 and "unknown type" in r.output


def test_list_counts_articles(db):
    rows = {x["id"]: x for x in jsonl(run("--db", str(db), "companies", "list", "--json").output)}
    assert rows["landspace"]["articles"] == 3
    assert rows["galactic_energy"]["articles"] == 1
    assert rows["casc"]["articles"] == 0


def test_show_names_and_articles_in_both_languages(db):
    r = run("--db", str(db), "companies", "show", "藍箭航天")
    assert r.exit_code == 0, r.output
    out = r.output
    assert out.splitlines()[0] == "LandSpace  蓝箭航天  [landspace]"
    assert "legal (zh): 北京蓝箭空间科技有限公司; 蓝箭航天空间科技股份有限公司" in out
    assert "traditional: 藍箭航天;" in out
    assert "朱雀二号 / Zhuque-2" in out
    assert "subsidiaries: Hongqing Technology [hongqing]" in out
    assert "Chinese articles (2):" in out and "English articles (1):" in out
    assert "2026-03-04  36kr  星河动力完成融资 | EN 星河动力完成融资 [gloss]" in out
    assert "2026-03-03  spacenews  LandSpace readies Zhuque-3" in out
    # newest first
    assert out.index("2026-03-04") < out.index("2026-03-02")

    rec = json.loads(run("--db", str(db), "companies", "show", "landspace", "--json").output)
    assert rec["id"] == "landspace" and rec["parent"] is None
    assert [a["url"] for a in rec["articles"]["zh"]] == ["https://example.cn/a2", "https://example.cn/a1"]
    assert rec["articles"]["zh"][1]["surfaces"] == ["朱雀二号", "朱雀二號", "蓝箭航天", "藍箭航天"]
    assert rec["articles"]["zh"][1]["mentions"] == 4
    assert {"alias": "藍箭航天", "lang": "zh-Hant"} in rec["aliases_all"]


def test_show_unknown_company_is_one_line_exit_1(tmp_path):
    r = run("--db", str(tmp_path / "x.db"), "companies", "show", "SpaceX")
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [
        "Error: unknown company: SpaceX (hint: try `parallax companies resolve NAME` or `companies list`)"]


def test_store_queries(db):
    with Archive.open(db, create=False) as a:
        assert article_counts(a)["landspace"] == 3
        assert [x["source"] for x in articles_of(a, "landspace")] == ["36kr", "spacenews", "jiemian"]
        assert articles_of(a, "landspace", lang="en", limit=5)[0]["surfaces"] == ["LandSpace", "Zhuque-3"]
        assert articles_of(a, "casc") == []


def test_explicit_bad_config_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("archive: {path: x.db}\nfrobnicate: 1\n", encoding="utf-8")
    r = run("--config", str(bad), "companies", "list")
    assert r.exit_code == 2
    assert r.output.startswith("Error: ") and len(r.output.strip().splitlines()) == 1
