"""Name protection through engines that copy, drop, duplicate, reorder and garble tokens."""

import re

from store.archive import Archive
from translate.engines.base import engine_key
from translate.mentions import Mention
from translate.names import protect, restore, token
from translate.registry import Company, Product, Registry
from translate.translator import Translator

REG = Registry([
    Company(id="landspace", name_en="LandSpace", name_zh="蓝箭航天", type="private",
            products=(Product(zh="朱雀二号", en="Zhuque-2"),)),
    Company(id="ispace", name_en="iSpace", name_zh="星际荣耀", type="private"),
    Company(id="galactic_energy", name_en="Galactic Energy", name_zh="星河动力", type="private"),
])
TOKEN = re.compile(r"XZ[A-Z]{2}")


class FakeEngine:
    """Keeps the tokens of its input, changed by `mangle`; everything else becomes 'w'."""

    name = "argos"
    model = "fake-1.0"

    def __init__(self, mangle):
        self.mangle = mangle
        self.calls: list[list[str]] = []

    @property
    def key(self):
        return engine_key(self.name, self.model)

    def translate_batch(self, texts):
        self.calls.append(list(texts))
        return [self.mangle(TOKEN.findall(t)) for t in texts]


def run(mangle, text="蓝箭航天与星际荣耀合作，星河动力和蓝箭航天竞争。"):
    eng = FakeEngine(mangle)
    [t] = Translator(eng, REG).translate_many([text])
    return t


def test_protect_explicit_mentions():
    text = "蓝箭航天朱雀二号2024年"
    ms = [Mention("landspace", "蓝箭航天", 0, 4), Mention("landspace", "朱雀二号", 4, 8)]
    p = protect(text, ms)
    assert p.text == "XZAA XZAB 2024年"  # adjacent tokens and digits kept apart
    r = restore("XZAA and XZAB in 2024", p, lambda m: m.surface)
    assert (r.text, r.companies, r.repairs) == ("蓝箭航天 and 朱雀二号 in 2024", ["landspace", "landspace"], [])
    assert token(27) == "XZBB"


def test_copy():
    t = run(lambda toks: " w ".join(toks))
    assert t.text_en == "LandSpace w iSpace w Galactic Energy w LandSpace"
    assert t.companies == ["landspace", "ispace", "galactic_energy"]
    assert t.flags == []


def test_drop_reinserts_at_the_right_place():
    t = run(lambda toks: "a b c d e f g h " + " ".join(toks[2:]))
    # iSpace sat a quarter into the source: it goes back a quarter into the output.
    assert t.text_en == "LandSpace a b c d e iSpace f g h Galactic Energy LandSpace"
    assert t.flags == ["names:dropped"]


def test_duplicate_removed():
    t = run(lambda toks: f"{toks[0]} {toks[0]} w {toks[1]} w {toks[1]} {toks[2]} {toks[3]}")
    assert t.text_en == "LandSpace w iSpace w Galactic Energy LandSpace"
    assert t.flags == ["names:duplicated"]


def test_duplicate_stands_for_lost_twin_of_same_company():
    # The engine wrote the first LandSpace token twice and lost the second one.
    t = run(lambda toks: f"{toks[0]} w {toks[1]} w {toks[2]} w {toks[0]}")
    assert t.text_en == "LandSpace w iSpace w Galactic Energy w LandSpace"
    assert t.flags == ["names:duplicated"]


def test_reorder_keeps_each_name_with_its_token():
    t = run(lambda toks: " w ".join(reversed(toks)))
    assert t.text_en == "LandSpace w Galactic Energy w iSpace w LandSpace"
    assert t.flags == []


def test_garbled_tokens():
    # Lower case and spaced out is still readable; "XZ" + one letter fills the first lost mention.
    t = run(lambda toks: "xz aa w XZ A b w XZB w XZAD")
    assert t.text_en == "LandSpace w iSpace b w Galactic Energy w LandSpace"
    assert t.flags == ["names:garbled"]


def test_product_mentions_restore_product_names():
    eng = FakeEngine(lambda toks: " launched ".join(toks))
    [t] = Translator(eng, REG).translate_many(["藍箭航天朱雀二號"])
    assert t.text_en == "LandSpace launched Zhuque-2"
    assert t.companies == ["landspace"]


def test_english_passes_through_and_batch_order_kept():
    eng = FakeEngine(lambda toks: " ".join(toks) or "w")
    out = Translator(eng, REG).translate_many(["LandSpace and iSpace", "星河动力", "", "星河动力"])
    assert [(t.text_en, t.engine, t.companies) for t in out] == [
        ("LandSpace and iSpace", "none", ["landspace", "ispace"]),
        ("Galactic Energy", "argos", ["galactic_energy"]),
        ("", "none", []),
        ("Galactic Energy", "argos", ["galactic_energy"]),
    ]
    assert eng.calls == [["XZAA"]]  # one engine call, each distinct text once


def test_cache_translates_nothing_twice():
    archive = Archive.memory()
    eng = FakeEngine(lambda toks: "w " + " ".join(toks))
    texts = ["蓝箭航天发射", "星际荣耀融资"]
    first = Translator(eng, REG, archive).translate_many(texts)
    second = Translator(eng, REG, archive).translate_many(texts + ["星河动力"])
    assert [t.text_en for t in second] == ["w LandSpace", "w iSpace", "w Galactic Energy"]
    assert [t.text_en for t in first] == ["w LandSpace", "w iSpace"]
    assert eng.calls == [["XZAA发射", "XZAA融资"], ["XZAA"]]
    assert second[0].companies == ["landspace"] and second[0].engine == "argos"
    # A new model version is a new key: translated again.
    eng.model = "fake-2.0"
    Translator(eng, REG, archive).translate_many(texts[:1])
    assert eng.calls[-1] == ["XZAA发射"]


def test_fallback_gloss_is_labelled_and_cached_as_such():
    archive = Archive.memory()
    eng = FakeEngine(lambda toks: "")
    [t] = Translator(eng, REG, archive).translate_many(["蓝箭航天发射火箭"])
    assert (t.text_en, t.engine, t.model) == ("LandSpace launch rocket", "gloss", None)
    assert t.flags == ["degenerate:empty", "fallback:gloss"]
    [again] = Translator(eng, REG, archive).translate_many(["蓝箭航天发射火箭"])
    assert (again.text_en, again.engine, again.flags) == ("LandSpace launch rocket", "gloss", t.flags)
    assert len(eng.calls) == 1


def test_chinese_left_in_model_output_is_glossed():
    eng = FakeEngine(lambda toks: f"{toks[0]} builds 火箭")
    [t] = Translator(eng, REG).translate_many(["蓝箭航天造火箭"])
    assert t.text_en == "LandSpace builds rocket"
    assert t.flags == ["untranslated:glossed"]
