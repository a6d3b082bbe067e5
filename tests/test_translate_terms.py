"""The llm path without a server: replies that are not translations, sentence pieces and leads,
and the name guarantee on English a model wrote itself."""

import pytest

from store.model import Fact, Mention
from translate.reply import check_reply
from translate.sentences import joiner, lead_end, pieces
from translate.terms import Termed, english_terms, repair, terms_for

SOURCE = "蓝箭航天完成融资。"


@pytest.mark.parametrize("reply", [
    "Here is the translation:\nLandSpace completed financing.",
    "Sure! Here is the English translation of the text:\n\nLandSpace completed financing.\n\nNote: 蓝箭航天 is LandSpace.",
    "<think>The user wants an English version.</think>\nLandSpace completed financing.",
    "```\nLandSpace completed financing.\n```",
    "Translation: LandSpace completed financing.",
    "**English translation:**\nLandSpace completed financing.",
    '"LandSpace completed financing."',
    "LandSpace completed financing.\n\nI hope this helps! Let me know if you need anything else.",
])
def test_chatter_around_a_translation_is_cut(reply):
    v = check_reply(SOURCE, reply)
    assert (v.text, v.flags, v.fallback) == ("LandSpace completed financing.", ["reply:chatter"], False)


def test_a_plain_translation_passes_untouched():
    v = check_reply(SOURCE, "LandSpace completed financing.")
    assert (v.text, v.flags, v.fallback) == ("LandSpace completed financing.", [], False)


@pytest.mark.parametrize("reply, flag", [
    ("I'm sorry, but I can't help with translating this content.", "reply:refused"),
    ("As an AI language model, I cannot provide a translation of this text.", "reply:refused"),
    ("蓝箭航天完成融资。", "reply:copied"),
    ("LandSpace 完成融资。", "reply:copied"),
    ("<think>Let me think about how to translate 蓝箭航天", "degenerate:empty"),  # cut off while thinking
])
def test_no_translation_means_the_gloss(reply, flag):
    v = check_reply(SOURCE, reply)
    assert v.fallback and flag in v.flags


def test_runaway_repetition_is_cut():
    v = check_reply(SOURCE, "LandSpace completed financing " + "financing " * 12)
    assert (v.text, v.flags, v.fallback) == ("LandSpace completed financing", ["degenerate:loop"], False)


# -- pieces and leads ------------------------------------------------------------------------
TEXT = "第一句。第二句！“第三句？”\n\n第四句，很长很长很长的句子没有句号"


def test_pieces_cut_at_sentences_lines_clauses_then_the_limit():
    assert [TEXT[s:e] for s, e in pieces(TEXT, 8)] == [
        "第一句。第二句！", "“第三句？”", "第四句，", "很长很长很长的句", "子没有句号"]
    assert [TEXT[s:e] for s, e in pieces(TEXT, 100)] == [TEXT]
    bounds = pieces(TEXT, 8)
    assert [joiner(TEXT[a[1]:b[0]]) for a, b in zip(bounds, bounds[1:])] == [" ", "\n\n", " ", " "]


def test_a_hard_cut_never_splits_a_name():
    text = "很长很长很长的蓝箭航天句子没有句号"
    name = (7, 11)
    assert [text[s:e] for s, e in pieces(text, 9, [name])] == ["很长很长很长的蓝箭航天", "句子没有句号"]


def test_lead_is_whole_sentences_up_to_the_limit():
    assert TEXT[:lead_end(TEXT, 10)] == "第一句。第二句！"
    assert TEXT[:lead_end(TEXT, 14)] == "第一句。第二句！“第三句？”"
    assert TEXT[:lead_end(TEXT, 3)] == "第一句"  # a first sentence longer than the limit is cut
    assert TEXT[:lead_end(TEXT, 1000)] == TEXT
    long_first = "蓝箭航天今天宣布，公司完成新一轮融资，金额超过十亿元。第二句。"
    assert long_first[:lead_end(long_first, 20)] == "蓝箭航天今天宣布，公司完成新一轮融资，"


# -- the name guarantee on a model's own English ----------------------------------------------
LANDSPACE = Mention("landspace", "蓝箭航天", 0, 4)
ZHUQUE3 = Fact("vehicle", "朱雀三号", 5, 9, "Zhuque-3", "landspace")
NANSHA = Fact("place", "广州南沙", 14, 18, "Nansha, Guangzhou")
PIECE = Termed("蓝箭航天的朱雀三号运载火箭在广州南沙完成总装。", [LANDSPACE, ZHUQUE3, NANSHA])
NAMES = {"蓝箭航天": "LandSpace", "Blue Arrow Aerospace": "LandSpace", "Landspace": "LandSpace"}


def name_of(span):
    return span.en if isinstance(span, Fact) else NAMES[span.surface]


def find(text):
    """The registry's finder, for the two other names of LandSpace these tests use."""
    out = []
    for surface in ("Blue Arrow Aerospace", "Landspace"):
        at = text.find(surface)
        if at >= 0:
            out.append(Mention("landspace", surface, at, at + len(surface)))
    return out


def test_terms_are_every_name_and_fact_once_in_order():
    assert terms_for(PIECE, name_of) == [("蓝箭航天", "LandSpace"), ("朱雀三号", "Zhuque-3"),
                                         ("广州南沙", "Nansha, Guangzhou")]


def test_a_reply_that_follows_the_terms_is_kept():
    r = repair("LandSpace's Zhuque-3 rocket completed final assembly in Nansha, Guangzhou.", PIECE, name_of, find)
    assert (r.text, r.repairs) == ("LandSpace's Zhuque-3 rocket completed final assembly in Nansha, Guangzhou.", [])


def test_another_name_of_the_company_is_renamed():
    r = repair("Blue Arrow Aerospace's Zhuque-3 rocket was assembled.", PIECE, name_of, find)
    assert (r.text, r.repairs) == ("LandSpace's Zhuque-3 rocket was assembled.", ["names:renamed"])
    r = repair("Landspace's Zhuque-3 rocket was assembled.", PIECE, name_of, find)  # case is part of the name
    assert (r.text, r.repairs) == ("LandSpace's Zhuque-3 rocket was assembled.", ["names:renamed"])


def test_dropped_names_go_back_where_they_stood():
    r = repair("The rocket completed final assembly in Nansha, Guangzhou.", PIECE, name_of, find)
    assert r.repairs == ["names:dropped"]
    # proportionally: 朱雀三号 starts a fifth of the way into the Chinese, so a fifth into the English,
    # at the end of the word it lands in
    assert r.text == "LandSpace The rocket completed Zhuque-3 final assembly in Nansha, Guangzhou."


def test_a_dropped_fact_without_a_name_is_not_guessed_into_place():
    r = repair("LandSpace's Zhuque-3 rocket completed final assembly.", PIECE, name_of, find)
    assert (r.text, r.repairs) == ("LandSpace's Zhuque-3 rocket completed final assembly.", [])


def test_terms_copied_in_chinese_become_english():
    text, copied = english_terms("蓝箭航天's 朱雀三号 was assembled in 广州南沙.", terms_for(PIECE, name_of))
    assert copied and text == " LandSpace 's  Zhuque-3  was assembled in  Nansha, Guangzhou ."


def test_the_llm_engine_needs_a_model_and_its_key_is_per_model_and_prompt(monkeypatch):
    from click.testing import CliRunner

    import translate.engines.llm as llm
    from parallax.cli import cli

    r = CliRunner().invoke(cli, ["translate", "--engine", "llm", "--text", "蓝箭航天"])
    assert (r.exit_code, r.output) == (2, "Error: no model named for the llm engine (hint: set translate.llm.model "
                                          "(and base_url) in the config; see docs/OPERATIONS.md)\n")
    assert llm.LlmOptions(model="a").key() == "llm|a|prompt-1" != llm.LlmOptions(model="b").key()
    monkeypatch.setattr(llm, "PROMPT_VERSION", 2)
    assert llm.LlmOptions(model="a").key() == "llm|a|prompt-2"


def test_an_llm_key_reads_as_its_model():
    from parallax.reporting import engine_label
    from store.model import translation_label

    assert engine_label("llm|qwen2.5:7b|prompt-1") == "the llm model qwen2.5:7b"
    assert translation_label("zh", "llm", "qwen2.5:7b") == "llm qwen2.5:7b"
