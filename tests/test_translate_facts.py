"""The fact guard of the Translator: facts are protected through any engine, restored in English
news style, and a fact the English does not carry is listed in facts_missing (and flagged), from
a fresh translation or from the cache. Engines here are small fakes that drop, garble or keep the
protection tokens the way real models do."""

import json
import re

from click.testing import CliRunner

from parallax.cli import cli
from store.archive import Archive
from translate.engines import gloss_engine
from translate.names import MAX_TOKENS
from translate.registry import default_registry
from translate.translator import Translator

TOKEN = re.compile(r"XZ[A-Z]{2}")
TEXT = "北京时间2027年3月15日10时30分，蓝箭航天的朱雀三号遥二在东风商业航天创新试验区发射，将18颗卫星送入500公里轨道。"


class FakeEngine:
    """Keeps tokens, or drops those of the given indexes, or garbles one (XZAB -> "xz a")."""

    name = "fake"

    def __init__(self, drop=(), garble=None, model="f1"):
        self.drop, self.garble, self.model, self.calls = set(drop), garble, model, 0

    @property
    def key(self):
        return f"{self.name}|{self.model}"

    def translate_batch(self, texts):
        self.calls += 1
        return ["\n".join(self._line(line) for line in t.split("\n")) for t in texts]

    def _line(self, line):
        words = []
        for tok in TOKEN.findall(line):
            i = (ord(tok[2]) - 65) * 26 + ord(tok[3]) - 65
            if i not in self.drop:
                words.append("xz a" if i == self.garble else tok)
        return "translated " + " and ".join(words) + " done"


def test_gloss_carries_every_fact_in_news_style():
    t = Translator(gloss_engine(), default_registry()).translate_many([TEXT])[0]
    assert [(f.kind, f.en) for f in t.facts] == [
        ("time", "Beijing time"), ("date", "March 15, 2027"), ("time", "10:30"), ("vehicle", "Zhuque-3"),
        ("designation", "Y2"), ("place", "Dongfeng Commercial Aerospace Innovation Test Zone"),
        ("count", "18 satellites"), ("quantity", "500 km"),
    ]
    assert t.facts_missing == [] and "facts:missing" not in t.flags
    for f in t.facts:
        assert f.en in t.text_en and TEXT[f.start:f.end] == f.zh
    assert t.companies == ["landspace"]
    assert t.text_en.startswith("Beijing time March 15, 2027 10:30, LandSpace Zhuque-3 Y2 in Dongfeng")


def test_a_fact_the_engine_drops_is_listed_never_guessed():
    reg = default_registry()
    engine = FakeEngine(drop={1, 7})  # tokens in order: time, date, time, company, vehicle, Y2, place, count, km
    t = Translator(engine, reg).translate_many([TEXT])[0]
    assert [f.zh for f in t.facts_missing] == ["2027年3月15日", "18颗卫星"]
    assert "March 15, 2027" not in t.text_en and "18 satellites" not in t.text_en
    assert "facts:missing" in t.flags
    at = TEXT.index("18颗卫星")
    assert t.to_dict()["facts_missing"] == [
        {"kind": "date", "zh": "2027年3月15日", "en": "March 15, 2027", "start": 4, "end": 14},
        {"kind": "count", "zh": "18颗卫星", "en": "18 satellites", "start": at, "end": at + 5},
    ]


def test_a_dropped_company_name_and_a_product_fact_come_back():
    reg = default_registry()
    t = Translator(FakeEngine(drop={3, 4}), reg).translate_many([TEXT])[0]
    # LandSpace (a name) and Zhuque-3 (a fact that holds a company product) are put back
    assert "LandSpace" in t.text_en and "Zhuque-3" in t.text_en
    assert t.facts_missing == [] and "names:dropped" in t.flags


def test_a_garbled_token_repairs_the_fact_it_stood_for():
    t = Translator(FakeEngine(garble=2), default_registry()).translate_many([TEXT])[0]
    assert "10:30" in t.text_en and t.facts_missing == [] and "names:garbled" in t.flags


def test_the_guard_runs_on_cached_translations_too():
    archive = Archive.memory()
    engine = FakeEngine(drop={6})
    first = Translator(engine, default_registry(), archive).translate_many([TEXT])[0]
    again = Translator(engine, default_registry(), archive).translate_many([TEXT])[0]
    assert engine.calls == 1  # the second came from the cache
    assert [f.en for f in first.facts_missing] == [f.en for f in again.facts_missing] == [
        "Dongfeng Commercial Aerospace Innovation Test Zone"]
    assert again.flags.count("facts:missing") == 1


def test_a_long_text_is_protected_in_pieces_of_whole_lines():
    line = "第{}批：长征二号丁发射12颗卫星，投资约3亿元，在甘肃酒泉。"
    text = "\n".join(line.format(i) for i in range(1, 200))  # ~1,000 facts: more than one piece
    t = Translator(FakeEngine(), default_registry()).translate_many([text])[0]
    assert len(t.facts) > MAX_TOKENS
    assert t.facts_missing == [] and len(t.text_en.split("\n")) == 199
    assert t.text_en.split("\n")[150].count("about 300 million yuan") == 1


def test_english_lines_pass_through_without_facts():
    t = Translator(gloss_engine(), default_registry()).translate_many(["LandSpace raised 1 billion yuan."])[0]
    assert t.engine == "none" and t.facts == [] and t.facts_missing == []


def test_cli_json_gains_facts_and_names_missing_facts_on_stderr(monkeypatch):
    r = CliRunner().invoke(cli, ["translate", "--json", "--engine", "gloss", "--text", "蓝箭航天完成新一轮融资，融资金额超过十亿元人民币"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout)
    assert row["facts"] == [
        {"kind": "round", "zh": "新一轮", "en": "new round", "start": 6, "end": 9},
        {"kind": "money", "zh": "超过十亿元人民币", "en": "more than 1 billion yuan", "start": 16, "end": 24},
    ]
    assert row["facts_missing"] == []
    assert row["text_en"] == "LandSpace completed new round financing, financing amount more than 1 billion yuan"

    import parallax.run

    monkeypatch.setattr(parallax.run, "make_translator",
                        lambda cfg, archive, engine=None: Translator(FakeEngine(drop={2}), default_registry()))
    r = CliRunner().invoke(cli, ["translate", "--text", "蓝箭航天完成新一轮融资，融资金额超过十亿元人民币"])
    assert r.exit_code == 0
    assert r.stderr == ("parallax: translated by fake|f1\n"
                        "parallax: line 1: the English lacks 1 fact: more than 1 billion yuan (超过十亿元人民币)\n")
    assert "billion" not in r.stdout
