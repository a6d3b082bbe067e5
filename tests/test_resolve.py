"""Whole-name resolution (translate.resolve): the variant list's figures, how a name matched, candidates
for unknown names, and never two companies for one string."""

import json
from pathlib import Path

import pytest

from translate.registry import Registry, _company, default_registry
from translate.resolve import distinctive_key, pinyin_forms

DATA = Path(__file__).parent / "data" / "names"


@pytest.fixture(scope="module")
def reg():
    return default_registry()


def rows(part):
    return [json.loads(line) for line in (DATA / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_variant_list_is_big_enough_and_bilingual():
    both = rows("tuning") + rows("heldout")
    known = [r for r in both if r["id"]]
    assert len(known) >= 300 and sum(1 for r in both if not r["id"]) >= 100
    assert sum(1 for r in known if any("\u4e00" <= ch <= "\u9fff" for ch in r["name"])) >= 80
    ids = {c.id for c in default_registry().companies}
    assert {r["id"] for r in known} <= ids


@pytest.mark.parametrize("part", ["tuning", "heldout"])
def test_variant_list_figures(reg, part):
    data = rows(part)
    known = [r for r in data if r["id"]]
    right = [r for r in known if (c := reg.resolve(r["name"])) is not None and c.id == r["id"]]
    wrong = [(r["name"], reg.resolve(r["name"]).id) for r in known
             if reg.resolve(r["name"]) is not None and reg.resolve(r["name"]).id != r["id"]]
    false = [(r["name"], reg.resolve(r["name"]).id) for r in data if not r["id"] and reg.resolve(r["name"])]
    assert len(right) / len(known) >= 0.98
    assert wrong == [] and false == []


@pytest.mark.parametrize("name, cid, how", [
    ("CASIC ExPace", "expace", "normalised"),
    ("Chinese Academy of Space Technology (CAST)", "cast", "normalised"),
    ("Zhuhai Orbita Control Engineering Co. Ltd.", "zhuhai_orbita", "normalised"),
    ("Shanghai Commsat Tech Dev Co Ltd.", "commsat", "normalised"),
    ("Spacety Aerospace Co.", "spacety", "normalised"),
    ("Changsha Tianyi", "spacety", "pinyin"),
    ("Tianyi Research Institute", "spacety", "pinyin"),
    ("Charming Globe", "chang_guang", "exact"),
    ("YINHE", "galaxy_space", "pinyin"),
    ("长征火箭公司", "china_rocket", "normalised"),
    ("National Space Science Center, CAS", "nssc", "normalised"),
    ("CETC 54th Research Institute", "cetc54", "normalised"),
    ("Galactic Enregy", "galactic_energy", "fuzzy"),
])
def test_issue_forms_resolve_and_say_how(reg, name, cid, how):
    m = reg.match(name)
    assert (m.company.id, m.how) == (cid, how)
    assert (m.score == 1.0) == (how != "fuzzy")


def test_a_first_word_alone_is_a_weaker_rule(reg):
    m = reg.match("Galactic")
    assert (m.company.id, m.how, m.score) == ("galactic_energy", "normalised", 0.9)
    # ... and only alone: a longer name starting with it is someone else.
    assert reg.resolve("Galactic Industries") is None
    assert reg.resolve("Interstellar Technologies Inc.") is None


def test_unknown_names_list_candidates_rather_than_guess(reg):
    m = reg.match("Landspase Technology")  # a typo in a short distinctive word: too close to call
    assert m.company is None and m.how is None and m.score == 0.0
    assert m.candidates[0].company.id == "landspace" and 0.85 <= m.candidates[0].score < 0.9
    assert m.candidates[0].to_dict() == {"id": "landspace", "name_en": "LandSpace", "name_zh": "蓝箭航天",
                                         "score": round(m.candidates[0].score, 2)}
    assert reg.match("").candidates == () and reg.match("  ").company is None


@pytest.mark.parametrize("name", ["SpaceX", "Virgin Galactic", "维珍银河", "星链", "蓝色起源", "航天", "卫星",
                                  "Beijing Institute of Technology", "南京航空航天大学", "China Electronics Corporation",
                                  "Axiom Space", "Tianqi Lithium", "Space One Co., Ltd."])
def test_look_alikes_stay_unknown(reg, name):
    assert reg.resolve(name) is None


def test_place_named_organisations_keep_their_place(reg):
    """Regression: 北京 was dropped from 北京航空航天大学, so 南京航空航天大学 resolved to Beihang."""
    assert reg.resolve("北京航空航天大学").id == "beihang"
    assert reg.resolve("Harbin Institute of Technology").id == "hit"
    assert reg.resolve("香港航天科技集团").id == "hkatg" and reg.resolve("航天科技集团").id == "casc"


def test_a_parent_name_in_parts_needs_the_child_to_agree(reg):
    # An unknown institute "of CAS" is not CAS itself.
    assert reg.resolve("Shanghai Institute of Optics and Fine Mechanics, CAS") is None
    assert reg.resolve("Xi'an Institute of Optics and Precision Mechanics, CAS").id == "xiopm"
    assert reg.resolve("SAST (CASC 8th Academy)").id == "sast"


def test_two_companies_for_one_string_is_unknown_with_both_as_candidates():
    clash = Registry([
        _company({"id": "a", "name_en": "Alpha Co.", "name_zh": "阿尔法一", "type": "private"}),
        _company({"id": "b", "name_en": "Alpha Ltd.", "name_zh": "阿尔法二", "type": "private"}),
    ])
    m = clash.match("Alpha")  # the loose key of both names
    assert m.company is None and m.how is None
    assert [(c.company.id, c.score) for c in m.candidates] == [("a", 1.0), ("b", 1.0)]
    assert clash.resolve("Alpha Co.").id == "a" and clash.resolve("ALPHA LTD").id == "b"


def test_pinyin_is_generated_with_every_reading():
    assert "changguangweixing" in pinyin_forms("长光卫星") and "zhangguangweixing" in pinyin_forms("长光卫星")
    assert pinyin_forms("银河") == ["yinhe"]
    assert distinctive_key("XIOPM Space") == "xiopm" and distinctive_key("Axiom Space") == "axiom"


def test_resolution_indexes_are_built_on_first_use_only():
    reg = Registry.load()
    assert "resolver" not in reg.__dict__
    assert reg.resolve("LandSpace").id == "landspace"  # exact names need no resolver
    assert "resolver" not in reg.__dict__
    assert reg.resolve("Spacety Aerospace Co.").id == "spacety"
    assert "resolver" in reg.__dict__
