"""Topic lexicons: both languages, original text, stable ids, extendable from config."""

import json
from pathlib import Path

import pytest

from parallax.config import TopicLexicon
from translate.topics import TOPIC_IDS, tag_topics

THEMES = Path(__file__).parent / "data" / "themes"


def test_chinese_funding_and_facilities():
    text = "蓝箭航天完成B轮融资，由国家产业基金领投，新的生产线将在嘉兴落户。"
    assert tag_topics(text, "zh") == ["funding", "facilities"]


def test_chinese_launch_contract_policy_people():
    assert tag_topics("朱雀二号遥二火箭在酒泉成功发射，将卫星送入预定轨道。", "zh") == ["launches"]
    assert tag_topics("中科宇航与客户签署卫星研制合同。", "zh") == ["contracts"]
    assert tag_topics("国务院发布军民融合相关政策。", "zh") == ["policy"]
    assert tag_topics("前航天科技集团总设计师加盟星河动力，出任首席技术官。", "zh") == ["people"]
    assert tag_topics("长光卫星与沙特签约，服务一带一路国家。", "zh") == ["contracts", "international"]


def test_english_words_not_substrings():
    assert tag_topics("LandSpace launched Zhuque-2 into orbit from Jiuquan.", "en") == ["launches"]
    # "order" in "in order to" and "plant" inside "implant" are not keywords
    assert tag_topics("In order to implant the idea, the team talked.", "en") == []
    assert tag_topics("Galactic Energy raises $154 million in a Series C+ round led by investors.", "en") == ["funding"]
    # a launch contract is a contract, not a launch
    assert tag_topics("The company signed launch contracts with two customers in Pakistan.", "en") == [
        "contracts", "international"]
    assert tag_topics("NDRC adds satellite internet to new infrastructure", "en") == ["policy"]
    assert tag_topics("Former CASC chief designer joins iSpace as CTO", "en") == ["people"]
    assert tag_topics("A new rocket factory opens in the Haiyang industrial park", "en") == ["facilities"]


def test_language_selects_lexicon():
    # a Chinese lexicon word in an English article does not count, and vice versa
    assert tag_topics("融资", "en") == []
    assert tag_topics("funding", "zh") == []
    assert tag_topics("融资 and launched", "other") == ["funding", "launches"]
    assert tag_topics("", "zh") == []


def test_extendable_from_config():
    extra = {
        "funding": TopicLexicon(zh=["募投"], en=["war chest"]),
        "remote_sensing": TopicLexicon(zh=["遥感"], en=["earth observation"]),
    }
    assert tag_topics("公司募投项目进展顺利", "zh") == []
    assert tag_topics("公司募投项目进展顺利", "zh", extra) == ["funding"]
    assert tag_topics("Its war chest for Earth observation grows", "en", extra) == ["funding", "remote_sensing"]
    assert tag_topics("遥感卫星", "zh", {"remote_sensing": {"zh": ["遥感"], "en": []}}) == ["remote_sensing"]


def test_stable_ids():
    assert TOPIC_IDS == ("funding", "launches", "contracts", "policy", "people", "international", "facilities")


def test_a_passing_mention_in_the_body_is_not_a_theme():
    title = "LandSpace closes new funding round"
    body = ("The round was led by provincial guidance funds. The company plans more launches next year and "
            "mentioned satellite internet once.")
    assert tag_topics(f"{title}\n{body}", "en") == ["funding"]
    assert tag_topics(f"{title}\n{body} It flew two launches this year.", "en") == ["funding", "launches"]
    # launches: two occurrences in the body; policy: one only
    assert tag_topics("标题\n公司计划明年首飞，并提到卫星互联网。", "zh") == []
    assert tag_topics("标题\n公司计划明年首飞，随后发射第二枚火箭。", "zh") == ["launches"]
    assert tag_topics("卫星互联网建设提速\n正文", "zh") == ["policy"]


def test_a_strong_keyword_is_enough_once_and_config_can_mark_one():
    # "轮融资" and "into orbit" say the theme outright; "融资" alone in passing does not
    assert tag_topics("标题\n公司宣布完成新一轮融资。", "zh") == ["funding"]
    assert tag_topics("标题\n当地发布十条措施，涵盖用地、融资和人才。", "zh") == []
    assert tag_topics("Title\nA Ceres-1 placed three satellites into orbit.", "en") == ["launches"]
    extra = {"remote_sensing": {"zh": ["遥感!"], "en": ["earth observation"]}}
    assert tag_topics("标题\n一颗遥感卫星。", "zh", extra) == ["remote_sensing"]
    assert tag_topics("Title\nAn Earth observation satellite.", "en", extra) == []


def test_phrases_that_mean_something_else_are_not_counted():
    assert tag_topics("中科宇航签下力箭二号发射服务合同", "zh") == ["contracts"]
    assert tag_topics("Chang Guang launched a web portal for Jilin-1 imagery", "en") == []
    assert tag_topics("CASC chief delivers keynote on reusability", "en") == []
    assert tag_topics("国际宇航大会日程公布", "zh") == []
    assert tag_topics("某县建设现代农业示范基地", "zh") == []
    assert tag_topics("A lunar nuclear power plant is planned", "en") == []


def _micro(name: str) -> tuple[float, float, int]:
    """Micro precision and recall of the tags on a labelled set of tests/data/themes (see its README)."""
    tp = fp = fn = 0
    items = [json.loads(line) for line in (THEMES / name).read_text(encoding="utf-8").splitlines()]
    for it in items:
        got, gold = set(tag_topics(f"{it['title']}\n{it['text']}", it["lang"])), set(it["topics"])
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
    return tp / (tp + fp), tp / (tp + fn), len(items)


@pytest.mark.parametrize("name, floor", [("labelled.jsonl", 0.89), ("test.jsonl", 0.84)])
def test_precision_and_recall_on_the_labelled_sets(name, floor):
    # labelled.jsonl was used to tune the lexicons, test.jsonl never was (benchmarks/themes.py: per topic)
    p, r, n = _micro(name)
    assert n >= 120
    assert p >= floor and r >= floor, (p, r)
