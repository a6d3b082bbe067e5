"""The llm engine against an OpenAI-compatible server on loopback (tests/llmserver.py): terminology
in every request, names and facts checked and repaired, retries, timeouts, a server that is down,
parallel requests, bounded pieces, and the cache."""

import time

import pytest

from llmserver import Behaviour, LlmServer
from store.archive import Archive
from translate.engines import get_engine, planned_key
from translate.engines.llm import LlmEngine, LlmOptions
from translate.registry import Company, Product, Registry
from translate.translator import Translator

pytestmark = pytest.mark.slow  # starts servers

REG = Registry([
    Company(id="landspace", name_en="LandSpace", name_zh="蓝箭航天", type="private",
            aliases=("Blue Arrow Aerospace",), products=(Product(zh="朱雀三号", en="Zhuque-3"),)),
    Company(id="ispace", name_en="iSpace", name_zh="星际荣耀", type="private"),
])
ASSEMBLY = "蓝箭航天的朱雀三号运载火箭在广州南沙完成总装，公司完成超过十亿元融资。"
TWO_LINES = "星际荣耀发射。\n\n蓝箭航天试车。"
INSTRUCTION = ("Translate the Chinese news text below into English. Reply with the English translation only, "
               "keeping its line breaks: no notes, no explanations, no Chinese.")


def engine(server, **kw) -> LlmEngine:
    opts = {"base_url": server.base_url if server else "http://127.0.0.1:9/v1", "model": "test-mt", **kw}
    return LlmEngine(LlmOptions(**opts), backoff=0.01)


def test_terminology_reaches_every_request_and_the_model_writes_the_names():
    with LlmServer() as server:
        eng = engine(server)
        out = Translator(eng, REG).translate_many([ASSEMBLY, TWO_LINES])
    assert (eng.name, eng.model, eng.key) == ("llm", "test-mt", "llm|test-mt|prompt-1")
    prompts = {p.rpartition("Text:\n")[2]: p for p in server.prompts}
    assert prompts[ASSEMBLY] == (
        f"{INSTRUCTION}\n\nWrite these names and terms exactly as given here:\n"
        "蓝箭航天 = LandSpace\n朱雀三号 = Zhuque-3\n广州南沙 = Nansha, Guangzhou\n超过十亿元 = more than 1 billion yuan"
        f"\n\nText:\n{ASSEMBLY}")
    assert prompts[TWO_LINES] == (f"{INSTRUCTION}\n\nWrite these names and terms exactly as given here:\n"
                                  f"星际荣耀 = iSpace\n蓝箭航天 = LandSpace\n\nText:\n{TWO_LINES}")
    body = server.requests[0]
    assert (body["model"], body["temperature"], body["stream"], body["messages"][0]["role"]) == (
        "test-mt", 0, False, "user")
    assert out[0].text_en == ("LandSpace Zhuque-3 launch vehicle in Nansha, Guangzhou completed final assembly, "
                              "company completed more than 1 billion yuan financing.")
    assert out[1].text_en == "iSpace launch.\n\nLandSpace test firing."
    for t in out:
        assert (t.engine, t.model, t.flags, t.facts_missing) == ("llm", "test-mt", [], [])
    assert out[0].companies == ["landspace"] and out[1].companies == ["ispace", "landspace"]


def test_names_and_facts_are_repaired_or_flagged_when_the_server_drops_them():
    with LlmServer(Behaviour(drop=("LandSpace", "Zhuque-3", "more than 1 billion yuan"))) as server:
        [t] = Translator(engine(server), REG).translate_many([ASSEMBLY])
    # The names (LandSpace, and the vehicle that holds its name) are put back; the amount is not
    # guessed into place: it is listed as missing.
    assert t.text_en == ("LandSpace launch vehicle Zhuque-3 in Nansha, Guangzhou completed final assembly, "
                         "company completed financing.")
    assert t.flags == ["names:dropped", "facts:missing"]
    assert [(f.kind, f.zh, f.en) for f in t.facts_missing] == [("money", "超过十亿元", "more than 1 billion yuan")]
    assert t.engine == "llm"


def test_a_model_that_writes_another_name_or_copies_terms_is_corrected():
    def model(text, terms):
        return "Blue Arrow Aerospace's 朱雀三号 rocket was assembled in Nansha, Guangzhou, raising more than 1 billion yuan."

    with LlmServer(Behaviour(reply=model)) as server:
        [t] = Translator(engine(server), REG).translate_many([ASSEMBLY])
    assert t.text_en == ("LandSpace's Zhuque-3 rocket was assembled in Nansha, Guangzhou, "
                         "raising more than 1 billion yuan.")
    assert t.flags == ["terms:copied", "names:renamed"] and t.facts_missing == []


@pytest.mark.parametrize("said, flags", [
    ("I'm sorry, but I can't help with translating this content.", ["reply:refused", "fallback:gloss"]),
    (TWO_LINES, ["reply:copied", "fallback:gloss"]),
])
def test_a_reply_that_is_no_translation_is_replaced_by_the_gloss(said, flags):
    with LlmServer(Behaviour(reply=lambda text, terms: said)) as server:
        [t] = Translator(engine(server), REG).translate_many([TWO_LINES])
    assert (t.text_en, t.engine, t.model, t.flags) == ("iSpace launch.\n\nLandSpace test firing.", "gloss", None, flags)


def test_chatter_is_cut_and_flagged():
    with LlmServer(Behaviour(reply=lambda text, terms: "Here is the translation:\n\niSpace launched.\n\nNote: none.")) as server:
        [t] = Translator(engine(server), REG).translate_many(["星际荣耀发射。"])
    assert (t.text_en, t.engine, t.flags) == ("iSpace launched.", "llm", ["reply:chatter"])


def test_429_waits_as_long_as_retry_after_says():
    with LlmServer(Behaviour(faults=["429:1"])) as server:
        eng = engine(server)
        start = time.perf_counter()
        [t] = Translator(eng, REG).translate_many(["星际荣耀发射。"])
        took = time.perf_counter() - start
    assert (t.text_en, t.engine) == ("iSpace launch.", "llm")
    assert took >= 1.0 and eng.requests == 2 and len(server.requests) == 2 and eng.failures() == []


def test_server_errors_and_malformed_replies_are_retried():
    with LlmServer(Behaviour(faults=["500", "malformed", "nocontent"])) as server:
        eng = engine(server, max_retries=3)
        [t] = Translator(eng, REG).translate_many(["星际荣耀发射。"])
    assert (t.text_en, t.engine, eng.requests, server.served) == ("iSpace launch.", "llm", 4, 1)


def test_when_retries_run_out_the_text_is_glossed_and_flagged():
    with LlmServer(Behaviour(faults=["503", "503", "503"])) as server:
        eng = engine(server, max_retries=2)
        [t] = Translator(eng, REG).translate_many(["星际荣耀发射。"])
    assert (t.text_en, t.engine, t.flags) == ("iSpace launch.", "gloss", ["engine:unavailable", "fallback:gloss"])
    assert eng.failures() == [f"llm server {server.base_url}: 503 The server had an error while processing your request."]
    assert eng.requests == 3 and eng.down is None  # one failed text does not mark the server down


def test_a_slow_reply_times_out_and_is_retried():
    with LlmServer(Behaviour(faults=["slow:2"])) as server:
        eng = engine(server, timeout=0.3, max_retries=1)
        start = time.perf_counter()
        [t] = Translator(eng, REG).translate_many(["星际荣耀发射。"])
        took = time.perf_counter() - start
    assert (t.text_en, t.engine, eng.requests) == ("iSpace launch.", "llm", 2)
    assert took < 1.5
    with LlmServer(Behaviour(faults=["slow:2", "slow:2"])) as server:
        eng = engine(server, timeout=0.3, max_retries=1)
        [t] = Translator(eng, REG).translate_many(["星际荣耀发射。"])
    assert t.flags == ["engine:unavailable", "fallback:gloss"]
    assert eng.failures() == [f"llm server {server.base_url}: no reply within 0.3 s"]


def test_an_unreachable_server_is_marked_down_and_every_text_glossed():
    eng = engine(None, max_retries=1, concurrency=2)
    texts = [f"星际荣耀第{i}次发射。" for i in range(10)]
    out = Translator(eng, REG).translate_many(texts)
    assert [t.engine for t in out] == ["gloss"] * 10
    assert all(t.flags == ["engine:unavailable", "fallback:gloss"] for t in out)
    assert out[0].text_en.startswith("iSpace ")
    assert eng.failures() == ["llm server http://127.0.0.1:9/v1: cannot connect (connection refused)"]
    assert eng.down == eng.failures()[0]
    assert eng.requests <= 2 * 2  # the requests already in flight; the rest never leave


def test_a_refused_key_or_an_unknown_model_stops_at_once(monkeypatch):
    monkeypatch.setenv("PARALLAX_TEST_LLM_KEY", "not-the-key")
    with LlmServer(Behaviour(api_key="s3cret")) as server:
        eng = engine(server, api_key_env="PARALLAX_TEST_LLM_KEY", concurrency=1)
        out = Translator(eng, REG).translate_many(["星际荣耀发射。", "蓝箭航天试车。"])
    assert [t.engine for t in out] == ["gloss", "gloss"] and eng.requests == 1
    assert eng.failures() == [f"llm server {server.base_url}: 401 Incorrect API key provided."]
    assert "not-the-key" not in repr(eng.failures())
    monkeypatch.setenv("PARALLAX_TEST_LLM_KEY", "s3cret")
    with LlmServer(Behaviour(api_key="s3cret")) as server:
        eng = engine(server, api_key_env="PARALLAX_TEST_LLM_KEY")
        [t] = Translator(eng, REG).translate_many(["星际荣耀发射。"])
        assert t.engine == "llm"
        eng = engine(server, model="no-such-model", api_key_env="PARALLAX_TEST_LLM_KEY")
        [t] = Translator(eng, REG).translate_many(["星际荣耀发射。"])
    assert eng.failures() == [f"llm server {server.base_url}: 404 The model `no-such-model` does not exist."]


def test_requests_run_in_parallel_up_to_concurrency():
    texts = [f"星际荣耀第{i}次发射。" for i in range(12)]
    with LlmServer(Behaviour(delay=0.2, slots=8)) as server:
        eng = engine(server, concurrency=4)
        start = time.perf_counter()
        out = Translator(eng, REG).translate_many(texts)
        took = time.perf_counter() - start
    assert server.busy_max == 4 and server.served == 12
    assert [t.engine for t in out] == ["llm"] * 12
    assert 0.6 <= took < 2.4  # three rounds of four, not twelve one after another


def test_a_long_text_goes_in_requests_of_bounded_size_cut_at_sentences():
    para = "星际荣耀完成发射。蓝箭航天完成试车。东方空间发布新火箭。"  # 28 characters
    text = f"{para}{para}\n{para}"
    with LlmServer() as server:
        [t] = Translator(engine(server, max_chars=40), REG).translate_many([text])
    sent = sorted(p.rpartition("Text:\n")[2] for p in server.prompts)  # sent in parallel: any order
    # whole sentences (9 or 10 characters each) while they fit in 40, across the line break
    assert sent == sorted([para + "星际荣耀完成发射。", "蓝箭航天完成试车。东方空间发布新火箭。\n星际荣耀完成发射。蓝箭航天完成试车。",
                           "东方空间发布新火箭。"])
    assert t.text_en.count("\n") == 1 and t.text_en.count("iSpace") == 3 and t.text_en.count("LandSpace") == 3
    assert t.engine == "llm"


def test_the_cache_stops_a_second_run_from_sending_anything():
    archive = Archive.memory()
    with LlmServer() as server:
        first = Translator(engine(server), REG, archive).translate_many([ASSEMBLY, TWO_LINES])
        sent = len(server.requests)
        second = Translator(engine(server), REG, archive).translate_many([ASSEMBLY, TWO_LINES])
        assert len(server.requests) == sent == 2
    assert [t.text_en for t in second] == [t.text_en for t in first]
    assert [(t.engine, t.model) for t in second] == [("llm", "test-mt")] * 2
    keys = [r[0] for r in archive.conn.execute("SELECT key FROM translations ORDER BY key")]
    assert len(keys) == 2 and all(k.startswith("llm|test-mt|prompt-1|") for k in keys)
    # a different model is a different translation: nothing is taken from the other's cache
    with LlmServer(Behaviour(models=("other-mt",))) as server:
        Translator(engine(server, model="other-mt"), REG, archive).translate_many([ASSEMBLY])
        assert len(server.requests) == 1


def test_a_failed_text_is_never_cached():
    archive = Archive.memory()
    Translator(engine(None, max_retries=0), REG, archive).translate_many(["星际荣耀发射。"])
    assert archive.conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 0


def test_get_engine_and_planned_key_agree(tmp_path):
    opts = LlmOptions(model="qwen2.5:7b")
    eng = get_engine("llm", tmp_path, opts)
    assert eng.key == planned_key("llm", tmp_path, opts) == "llm|qwen2.5:7b|prompt-1"
    assert planned_key("llm", tmp_path, LlmOptions(model="qwen2.5:14b")) == "llm|qwen2.5:14b|prompt-1"


def test_translations_are_cached_as_they_come_so_an_interrupted_run_keeps_them():
    archive = Archive.memory()
    texts = [f"星际荣耀第{i}次发射。" for i in range(70)]

    def stop(done, total):
        raise KeyboardInterrupt  # the run is killed after the first 64 came back

    with LlmServer() as server:
        with pytest.raises(KeyboardInterrupt):
            Translator(engine(server), REG, archive).translate_many(texts, on_progress=stop)
        assert archive.conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 64
        sent = len(server.requests)
        out = Translator(engine(server), REG, archive).translate_many(texts)
        # Only the 6 texts the cache lacks are asked for again (a request the killed run left in a
        # slot may make one of them wait and retry: distinct texts, not requests, are counted).
        asked = {r["messages"][-1]["content"].rsplit("Text:\n", 1)[-1] for r in server.requests[sent:]}
        assert len(asked) == 6 and [t.engine for t in out] == ["llm"] * 70
