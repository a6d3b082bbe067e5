"""`parallax doctor` with the llm engine: the server asked for its models, `--llm` translates one
sentence through it and shows the latency."""

import json
import re

import pytest
from click.testing import CliRunner

from llmserver import Behaviour, LlmServer
from parallax.cli import cli

pytestmark = pytest.mark.slow  # starts servers


def _doctor(tmp_path, base_url, *args, model="test-mt", **llm):
    cfg = {"archive": {"path": str(tmp_path / "p.db")},
           "sources": [{"name": "wire", "kind": "feed", "url": "http://127.0.0.1:1/feed.xml"}],
           "translate": {"engine": "llm", "llm": {"base_url": base_url, "model": model, "timeout": 5, **llm}}}
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    r = CliRunner().invoke(cli, ["--config", str(path), "doctor", "--json", *args])
    return r.exit_code, {c["name"]: c for c in map(json.loads, r.output.splitlines())}


def test_the_engine_line_asks_the_server_for_its_models(tmp_path):
    with LlmServer(Behaviour(models=("test-mt", "other-mt"))) as server:
        code, checks = _doctor(tmp_path, server.base_url)
        assert re.fullmatch(rf"llm test-mt at {server.base_url}: server answered in \d+ ms, model listed",
                            checks["engine"]["detail"])
        assert checks["engine"]["status"] == "ok" and "llm" not in checks  # no live translation unless asked
        assert checks["model"]["detail"].endswith("(not needed: translate.engine is llm)")
        code, checks = _doctor(tmp_path, server.base_url, model="qwen2.5:7b")
    assert checks["engine"]["status"] == "warn"
    assert checks["engine"]["detail"].endswith("but does not list qwen2.5:7b (it lists test-mt, other-mt)")
    assert checks["engine"]["hint"] == "pull the model on the server, or set translate.llm.model"


def test_a_server_that_is_not_there_fails(tmp_path):
    code, checks = _doctor(tmp_path, "http://127.0.0.1:9/v1")
    assert code == 1
    assert checks["engine"] == {
        "name": "engine", "status": "FAIL",
        "detail": "llm test-mt at http://127.0.0.1:9/v1: cannot connect (connection refused)",
        "hint": "start the server or fix translate.llm.base_url; runs meanwhile gloss and keep articles pending"}


def test_a_key_variable_that_is_not_set_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("PARALLAX_TEST_LLM_KEY", raising=False)
    with LlmServer(Behaviour(api_key="k")) as server:
        code, checks = _doctor(tmp_path, server.base_url, api_key_env="PARALLAX_TEST_LLM_KEY")
    assert checks["engine"]["status"] == "FAIL"
    assert checks["engine"]["detail"].endswith(": $PARALLAX_TEST_LLM_KEY is empty or not set (the llm server's API key)")
    assert checks["engine"]["hint"] == "export PARALLAX_TEST_LLM_KEY=... where Parallax runs"


def test_llm_translates_one_sentence_and_shows_the_latency(tmp_path):
    with LlmServer() as server:
        code, checks = _doctor(tmp_path, server.base_url, "--llm")
    live = checks["llm"]
    assert live["status"] == "ok", live
    assert re.fullmatch(r"蓝箭航天的朱雀三号运载火箭在广州南沙完成总装。 -> 'LandSpace Zhuque-3 launch vehicle in "
                        r"Nansha, Guangzhou completed final assembly\.' in \d+\.\d\d s", live["detail"])
    with LlmServer(Behaviour(ignore_terms=True)) as server:
        code, checks = _doctor(tmp_path, server.base_url, "--llm")
    assert checks["llm"]["status"] == "warn"
    assert checks["llm"]["detail"].endswith(" s (repaired: names:dropped)")
    assert checks["llm"]["hint"] == "the model does not follow the terminology well; try another model"
