"""The gloss engine and CC-CEDICT loading: English words only, domain terms, homographs."""

import pytest

from store.model import has_cjk
from translate.cedict import Cedict, Entry, best_gloss
from translate.engines.gloss import GlossEngine
from translate.registry import Company, Product, Registry

REG = Registry([
    Company(id="landspace", name_en="LandSpace", name_zh="蓝箭航天", type="private",
            products=(Product(zh="朱雀二号", en="Zhuque-2"),)),
    Company(id="ispace", name_en="iSpace", name_zh="星际荣耀", type="private"),
])


@pytest.fixture(scope="module")
def gloss():
    return GlossEngine(REG)


def test_homographs_kept_common_reading_preferred():
    c = Cedict()
    readings = {e.pinyin for e in c.entries["张"]}
    assert {"Zhang1", "zhang1"} <= readings  # both the surname and the common word survive
    assert c.gloss("张") == "open up"  # not "surname Zhang"
    assert c.gloss("北京") == "Beijing"  # a word with only a proper-name reading keeps it
    assert c.gloss("酒泉") == "Jiuquan"
    assert c.gloss("了") == ""  # grammatical notes only: nothing to say in a gloss
    assert c.gloss("發射") == c.gloss("发射") == "shoot"  # Traditional headwords too
    assert c.gloss("䶵") is None


def test_best_gloss_skips_variants_and_cross_references():
    entries = [
        Entry("乾", "干", "Gan1", ("surname Gan",)),
        Entry("乾", "干", "gan1", ("variant of 乾[gan1]", "dry; clean", "CL:個|个[ge4]")),
    ]
    assert best_gloss(entries) == "dry"


def test_best_gloss_never_says_a_number_the_word_does_not_write():
    # a measure reading first in the file ("100 ml") loses to a reading without a figure
    assert best_gloss([Entry("合", "合", "ge3", ("100 ml",)), Entry("合", "合", "he2", ("to join", "to close"))]) == "join"
    assert best_gloss([Entry("纳秒", "纳秒", "na4 miao3", ("nanosecond, ns, 10^-9 s",))]) == "nanosecond, ns"
    # a word that is a number keeps it, and so does a word written with digits
    assert best_gloss([Entry("亿", "亿", "yi4", ("100 million",))]) == "100 million"
    assert best_gloss([Entry("3D", "3D", "san1 D", ("3D",))]) == "3D"


def test_domain_terms_names_and_dates(gloss):
    out = gloss.translate_batch([
        "蓝箭航天的朱雀二号液氧甲烷运载火箭于2023年7月12日成功入轨。",
        "星际荣耀完成B+轮融资，由国家队领投。",
        "民营商业航天推动军民融合。",
    ])
    assert out == [
        "LandSpace Zhuque-2 methalox launch vehicle at July 12, 2023 successfully reached orbit.",
        "iSpace completed Series B+ financing, by National Team led the round.",
        "private commercial space promote military-civil fusion.",
    ]


def test_every_parameter_as_expected_not_the_back_of_the_neck(gloss):
    # 项 alone is CC-CEDICT's "back of neck"; 各项 and 符合预期 are the test reports' own phrases
    assert gloss.translate_batch(["各项参数符合预期", "各项指标达到预期"]) == [
        "all parameters as expected", "all target as expected"]


def test_a_licence_is_not_a_verb(gloss):
    # 许可 alone was CC-CEDICT's "allow": a licensing rule met no English report of it
    assert gloss.translate_batch(["商业航天发射许可管理办法"]) == ["commercial space launch licensing measures"]


def test_traditional_lines_and_latin_kept(gloss):
    assert gloss.translate_batch(["藍箭航天與星際榮耀\nLandSpace 2024"]) == ["LandSpace and iSpace\nLandSpace 2024"]


def test_unknown_characters_dropped_never_left_in_chinese(gloss):
    # 䶵 is in no dictionary: dropped. A word jieba does not know is read piece by piece.
    out = gloss.translate_batch(["䶵火箭", "火箭䶵发射"])
    assert out == ["rocket", "rocket launch"]
    assert not any(has_cjk(o) for o in out)
    # nor are rare characters of the supplementary plane (Extension B), which has_cjk counts as Chinese
    ext_b = gloss.translate_batch(["𪛖火箭", "火箭𠀋发射"])
    assert ext_b == ["rocket", "rocket launch"]
    assert has_cjk("𠀋") and not any(has_cjk(o) for o in ext_b)


def test_protected_tokens_pass_through(gloss):
    assert gloss.translate_batch(["XZAA发射火箭"]) == ["XZAA launch rocket"]
    assert gloss.key == "gloss|-" and gloss.model is None
