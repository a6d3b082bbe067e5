"""Company mention finding: the labelled set's precision and recall, traps, offsets, scripts."""

import dataclasses

import pytest

from mentionsdata import load_labelled
from translate.mentions import Mention, company_ids, find_mentions, latin_variants
from translate.registry import Registry, _company


def score(pairs, lenient=False):
    tp = fp = fn = 0
    for text, gold in pairs:
        got = {(m.company_id, m.start, m.end) for m in find_mentions(text)}
        if lenient:  # same company, overlapping span
            hit = {g for g in got if any(g[0] == e[0] and g[1] < e[2] and e[1] < g[2] for e in gold)}
            found = {e for e in gold if any(g[0] == e[0] and g[1] < e[2] and e[1] < g[2] for g in got)}
            tp += len(found)
            fp += len(got - hit)
            fn += len(gold - found)
        else:
            tp += len(got & gold)
            fp += len(got - gold)
            fn += len(gold - got)
    return tp / (tp + fp), tp / (tp + fn)


def test_labelled_set_is_big_enough_and_bilingual():
    pairs = load_labelled()
    assert len(pairs) >= 100
    zh = [t for t, _ in pairs if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
    assert len(zh) >= 50 and len(pairs) - len(zh) >= 40
    assert sum(1 for _, g in pairs if not g) >= 20  # trap sentences with no mention at all


def test_precision_and_recall_on_labelled_set():
    pairs = load_labelled()
    p, r = score(pairs)
    assert p >= 0.97 and r >= 0.97, (p, r)
    lp, lr = score(pairs, lenient=True)
    assert lp >= p and lr >= r


@pytest.mark.parametrize("text", [
    "团队像天兵天将一样奋战。",
    "银河系中有上千亿颗恒星。",
    "夜空中星河灿烂。",
    "位于东方的空间枢纽。",
    "千帆竞发，百舸争流。",
    "祝你新年吉利。",
    "The orbital debris problem keeps growing.",
    "Investors cast doubt on the deal.",
    "Japanese lunar company ispace lost its lander.",
    "Tianqi Lithium shares fell.",
    "星网锐捷发布新交换机。",
])
def test_traps_yield_nothing(text):
    assert find_mentions(text) == []


def test_offsets_and_surfaces_refer_to_the_original_text():
    text = "據報導，藍箭航天（ＬａｎｄＳｐａｃｅ）的朱雀二號與星河動力的穀神星一號先後發射。"
    ms = find_mentions(text)
    assert [(m.company_id, m.surface) for m in ms] == [
        ("landspace", "藍箭航天"), ("landspace", "ＬａｎｄＳｐａｃｅ"), ("landspace", "朱雀二號"),
        ("galactic_energy", "星河動力"), ("galactic_energy", "穀神星一號"),
    ]
    for m in ms:
        assert text[m.start:m.end] == m.surface
    assert ms[0].start == 4 and ms[0].end == 8
    assert company_ids(ms) == ["landspace", "galactic_energy"]


def test_longest_name_wins_and_latin_needs_word_boundaries():
    ms = find_mentions("北京蓝箭空间科技有限公司和上海蓝箭鸿擎科技有限公司")
    assert [(m.company_id, m.surface) for m in ms] == [
        ("landspace", "北京蓝箭空间科技有限公司"), ("hongqing", "上海蓝箭鸿擎科技有限公司")]
    assert [m.surface for m in find_mentions("Zhuque-2E and Zhuque-2 and Zhuque-25")] == ["Zhuque-2E", "Zhuque-2"]
    assert find_mentions("XCAST CASTING CASTS") == []
    assert [m.surface for m in find_mentions("(CAST)/CASC;CALT.")] == ["CAST", "CASC", "CALT"]


def test_mention_is_frozen_and_serialisable():
    m = find_mentions("LandSpace")[0]
    assert m == Mention("landspace", "LandSpace", 0, 9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 3
    assert m.to_dict() == {"id": "landspace", "surface": "LandSpace", "start": 0, "end": 9}


def test_latin_variants():
    assert latin_variants("Zhuque-2") == ["Zhuque-2", "Zhuque 2", "ZHUQUE-2", "ZHUQUE 2"]
    assert latin_variants("CAST") == ["CAST"]


def test_custom_registry():
    reg = Registry([_company({"id": "acme", "name_en": "Acme Rockets", "name_zh": "阿克米火箭", "type": "private",
                              "products": [{"zh": "飞鸟一号", "en": "Bird-1"}], "lookup_only": ["阿克米"]})])
    ms = find_mentions("阿克米火箭的飞鸟一号(Bird-1)；阿克米", reg)
    assert [(m.company_id, m.surface, m.start) for m in ms] == [
        ("acme", "阿克米火箭", 0), ("acme", "飞鸟一号", 6), ("acme", "Bird-1", 11)]
    assert find_mentions("", reg) == []


def test_every_matchable_name_is_found_in_running_text():
    from translate.normalise import for_matching
    from translate.registry import default_registry

    missed = []
    for c in default_registry().companies:
        skip = {for_matching(n) for n in c.lookup_only}
        for n in c.names() + c.product_names():
            if for_matching(n) in skip:
                continue
            text = f"Reports say {n} is growing." if n.isascii() else f"据报道，{n}。"
            ms = find_mentions(text)
            if not ms or (ms[0].company_id, ms[0].surface) != (c.id, n):
                missed.append((c.id, n))
    assert missed == []
