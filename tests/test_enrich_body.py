"""What gets translated: the title and the lead by default, the full text with body full, only the
title with body none; characters counted per engine; an engine that fails leaves its articles
glossed and pending."""

import pytest

from store.archive import Archive
from store.model import Article
from translate.engines import get_engine
from translate.engines.llm import LlmEngine, LlmOptions
from translate.enrich import enrich_pending, to_translate
from translate.translator import Translator

TITLE = "蓝箭航天完成融资"
TEXT = ("蓝箭航天宣布完成新一轮融资，金额超过十亿元。资金将用于朱雀三号的研制。\n"
        "公司成立于2015年，总部位于北京。")


def _archive():
    a = Archive.memory()
    a.upsert_article(Article(url="http://x/zh/1", source="kx", title=TITLE, text=TEXT, lang="zh"))
    a.upsert_article(Article(url="http://x/en/1", source="wire", title="LandSpace raises", text="LandSpace raised money.",
                             lang="en"))
    return a


def test_the_lead_is_whole_sentences_from_the_start():
    assert to_translate(TEXT, "lead", 30) == "蓝箭航天宣布完成新一轮融资，金额超过十亿元。"
    assert to_translate(TEXT, "lead", 40) == "蓝箭航天宣布完成新一轮融资，金额超过十亿元。资金将用于朱雀三号的研制。"
    assert to_translate(TEXT, "full", 30) == TEXT
    assert to_translate(TEXT, "none", 30) == ""


@pytest.mark.parametrize("body, text_en", [
    ("lead", "LandSpace announced completed new round financing, amount more than 1 billion yuan."),
    ("full", "LandSpace announced completed new round financing, amount more than 1 billion yuan. "
             "funds will used for Zhuque-3 developed.\n"
             "company establish at 2015, headquarters located in Beijing."),
    ("none", None),
])
def test_what_is_stored_is_the_english_of_what_was_translated(body, text_en):
    a = _archive()
    translator = Translator(get_engine("gloss", "."), archive=a)
    stats = enrich_pending(a, translator, body=body, lead_chars=30)
    zh = a.article_by_url("http://x/zh/1")
    assert (zh.title_en, zh.text_en, zh.engine) == ("LandSpace closed financing", text_en, "gloss")
    translated = len(TITLE) + len(to_translate(TEXT, body, 30))
    assert (stats.articles, stats.translated, dict(stats.chars), stats.cached_chars) == (2, 1, {"gloss": translated}, 0)
    # companies and topics come from the whole text whatever is translated
    assert a.companies_of([zh.id])[zh.id] == ["landspace"]
    en = a.article_by_url("http://x/en/1")
    assert (en.title_en, en.text_en, en.engine) == ("LandSpace raises", "LandSpace raised money.", "none")
    a.conn.execute("UPDATE articles SET processed_hash=NULL")  # pending again, the cache kept
    again = enrich_pending(a, translator, body=body, lead_chars=30)
    assert (dict(again.chars), again.cached_chars) == ({}, translated)  # all from the cache


def test_an_engine_that_fails_leaves_its_articles_glossed_and_pending():
    a = _archive()
    eng = LlmEngine(LlmOptions(base_url="http://127.0.0.1:9/v1", model="test-mt", max_retries=0))
    stats = enrich_pending(a, Translator(eng, archive=a), lead_chars=30)
    zh = a.article_by_url("http://x/zh/1")
    assert (zh.title_en, zh.engine, zh.model) == ("LandSpace closed financing", "gloss", None)
    assert zh.text_en == "LandSpace announced completed new round financing, amount more than 1 billion yuan."
    assert (stats.articles, stats.unavailable, dict(stats.chars)) == (2, 1, {"gloss": len(TITLE) + 22})
    assert stats.failures == ["llm server http://127.0.0.1:9/v1: cannot connect (connection refused)"]
    # pending for the llm engine (the next run translates it), not for the gloss it was stored with
    assert [x.url for x in a.pending_articles(eng.key)] == ["http://x/zh/1"]
    assert "http://x/zh/1" not in [x.url for x in a.pending_articles("gloss|-")]
    assert a.conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 0
