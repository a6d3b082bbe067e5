"""`parallax companies suggest`: names the archive teaches (bilingual pairs, short forms, unknown
organisations), counted over the archive a batch at a time, printed as a companies.extra file."""

import json

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from store.archive import Archive
from store.model import Article
from translate.extra import registry_with, suggestions_yaml
from translate.registry import default_registry
from translate.suggest import NameMiner, mine

TEXTS = [
    # (date, text)
    ("2026-03-01", "据悉，蓝箭航天（LSPC）今日宣布完成新一轮融资。"),
    ("2026-03-02", "蓝箭航天（LSPC）的朱雀三号进入总装。星河动力（Galactic Energy）表示祝贺。"),
    ("2026-03-03", "北京星梭航天科技有限公司（以下简称“星梭航天”）完成天使轮融资。"),
    ("2026-03-04", "星梭航天（Xingsuo Aerospace）宣布首台发动机试车成功，由鲲鹏航天提供阀门。"),
    ("2026-03-05", "Beijing Kunpeng Space Technology Co. showed a valve. Kunpeng Space plans more."),
    ("2026-03-06", "Kunpeng Space Technology Co. hired engineers from China Rocket."),
    ("2026-03-07", "中国航天科技集团表示支持，商业航天发展迅速，我国航天事业不断进步。The commercial space sector grows."),
    ("2026-03-08", "鲲鹏航天与天仪研究院签约。"),
]


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "a.db"
    with Archive.open(path) as a:
        for i, (day, text) in enumerate(TEXTS):
            lang = "en" if text.isascii() else "zh"
            a.upsert_article(Article(url=f"https://example.cn/{i}", source="s", title=f"第{i}篇", text=text,
                                     lang=lang, published=f"{day}T08:00:00Z"))
    return path


def found(rows):
    return [(r.name, r.other, r.company_id, r.count, r.articles) for r in rows]


def test_mine_pairs_short_forms_and_unknown_organisations(db):
    with Archive.open(db, create=False) as a:
        aliases, organisations = mine(a, default_registry(), min_articles=2)
    assert found(aliases) == [("LSPC", "蓝箭航天", "landspace", 2, 2)]
    assert found(organisations) == [
        ("Beijing Kunpeng Space Technology Co.", None, None, 3, 2),
        ("北京星梭航天科技有限公司", "Xingsuo Aerospace", None, 2, 2),
        ("鲲鹏航天", None, None, 2, 2),
    ]
    assert organisations[1].also == ["星梭航天", "Xingsuo Aerospace"]
    assert organisations[2].examples == ["星梭航天（Xingsuo Aerospace）宣布首台发动机试车成功，由鲲鹏航天提供阀门。",
                                         "鲲鹏航天与天仪研究院签约。"]


def test_since_and_min(db):
    with Archive.open(db, create=False) as a:
        aliases, organisations = mine(a, default_registry(), since="2026-03-05", min_articles=1)
        assert aliases == [] and [r.name for r in organisations] == ["Beijing Kunpeng Space Technology Co.", "鲲鹏航天"]
        _, everything = mine(a, default_registry(), min_articles=1)
    # known names, industry words and clause openers never come back as organisations
    assert not {r.name for r in everything} & {"中国航天", "科技集团", "商业航天", "航天", "China Rocket",
                                                 "The commercial space", "commercial space"}


def test_the_archive_is_read_a_batch_at_a_time(db):
    with Archive.open(db, create=False) as a:
        batches = []
        real = a.conn

        class Spy:
            def execute(self, sql, args=()):
                if "FROM articles WHERE id > ?" in sql:
                    batches.append(args[0])
                return real.execute(sql, args)

        a.conn = Spy()
        rows = list(a.texts_since(batch=3))
        a.conn = real
    assert [r.id for r in rows] == list(range(1, 9))
    assert batches == [0, 3, 6]  # each query starts after the last id seen


def test_yaml_output_loads_as_an_extra_file_and_teaches_the_names(db, tmp_path):
    with Archive.open(db, create=False) as a:
        aliases, organisations = mine(a, default_registry())
    text = suggestions_yaml(aliases, organisations, default_registry(), "heading line")
    assert text.splitlines()[:3] == ["# heading line",
                                     "# Check every entry before use: names were read from text by patterns, not by a person.",
                                     "companies:"]
    assert "- id: landspace  # LandSpace" in text and '  aliases: ["LSPC"]' in text
    f = tmp_path / "mine.yaml"
    f.write_text(text, encoding="utf-8")
    reg = registry_with([f])
    assert reg.resolve("LSPC").id == "landspace"
    assert [reg.resolve(n).id for n in ("鲲鹏航天", "星梭航天", "Xingsuo Aerospace", "北京星梭航天科技有限公司",
                                        "Kunpeng Space Technology Co., Ltd.")] == [
        "kunpeng_hangtian", "xingsuo_aerospace", "xingsuo_aerospace", "xingsuo_aerospace",
        "beijing_kunpeng_space_technology_co"]
    kp = reg.get("kunpeng_hangtian")
    assert (kp.name_en, kp.name_zh, kp.type) == ("Kunpeng Hangtian", "鲲鹏航天", "private")
    assert kp.note == "Suggested from 2 archived articles; type and name_en (pinyin) guessed, check."
    xs = reg.get("xingsuo_aerospace")
    assert (xs.name_en, xs.name_zh, xs.legal_zh) == ("Xingsuo Aerospace", "星梭航天", ("北京星梭航天科技有限公司",))


def test_nothing_to_suggest_is_still_a_valid_file(tmp_path):
    text = suggestions_yaml([], [], default_registry(), "nothing")
    assert text.splitlines()[-1] == "companies: []"
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    assert len(registry_with([f])) == len(default_registry())


def test_cli_yaml_and_json(db):
    r = CliRunner().invoke(cli, ["--db", str(db), "companies", "suggest"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == ("# parallax companies suggest: 1 new name of known organisations, "
                                        "3 organisations not in the registry (each written in at least 2 articles).")
    r = CliRunner().invoke(cli, ["--db", str(db), "companies", "suggest", "--json", "--since", "2026-03-08", "--min", "1"])
    assert [json.loads(line) for line in r.output.splitlines()] == [
        {"kind": "organisation", "name": "鲲鹏航天", "other": None, "also": [], "company_id": None, "count": 1,
         "articles": 1, "examples": ["鲲鹏航天与天仪研究院签约。"]}]
    r = CliRunner().invoke(cli, ["--db", str(db), "companies", "suggest", "--since", "March"])
    assert r.exit_code == 2 and "--since: not a date: 'March'" in r.output


def test_pairs_need_one_side_known_or_both_organisation_like():
    m = NameMiner(default_registry())
    for i, t in enumerate(["发射时间为北京时间（UTC+8）上午。", "单位为吨（t），轨道为（LEO）。",
                           "蓝箭航天（LandSpace）发布。", "天兵科技（Space Pioneer Tech Inc.）完成测试。"]):
        m.feed(i, t)
    assert m.results(min_articles=1) == ([], [])


@pytest.mark.parametrize("text", [
    "中科宇航力箭一号发射成功 六颗卫星顺利入轨。",  # regression: counts of satellites were "organisations"
    "顺利将四颗卫星送入预定轨道，包括多颗高校科研卫星。",
    "中国航天科技集团发布年度宇航发射计划。",
    "“十五五”规划建议提出加快建设航天强国，推动商业航天发展。",
    "感谢每一位航天人！回望中国航天的起点。",
    "硬科技企业聚集，前沿科技不断涌现。",
    "The European Space Agency and the Korea Aerospace Research Institute signed.",
    "北斗星通导航技术股份有限公司发布年报。",  # a known name written longer: its tail is no name
])
def test_industry_words_counts_and_known_names_are_not_organisations(text):
    m = NameMiner(default_registry())
    m.feed(1, text)
    assert m.results(min_articles=1) == ([], [])


def test_names_keep_their_own_characters():
    """Regression: clause openers were cut by character, so 华为 lost its 为 and 由星梭航天 kept its 由."""
    m = NameMiner(default_registry())
    m.feed(1, "华为技术有限公司发布卫星通信手机。该箭的整流罩由星梭航天研制。")
    assert [r.name for r in m.results(min_articles=1)[1]] == ["华为技术有限公司", "星梭航天"]
