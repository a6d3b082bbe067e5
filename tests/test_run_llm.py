"""`parallax run` with the llm engine: titles and leads translated by the server, characters reported
per engine, nothing sent twice; a server that is down is one line, its articles glossed and pending
until a run finds it up; the API key never reaches the log."""

import json

import pytest
from click.testing import CliRunner

from cronsite import query, write_config, write_site
from llmserver import Behaviour, LlmServer
from parallax.cli import cli
from parallax.localsite import serve_directory
from translate.enrich import to_translate

pytestmark = pytest.mark.slow  # starts servers


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    write_site(root, 6)  # 3 Chinese, 3 English articles
    with serve_directory(root) as s:
        yield s


def _config(tmp_path, site, base_url, **llm):
    db = tmp_path / "p.db"
    path = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": site.url("feed.xml")}], db)
    cfg = json.loads(path.read_text(encoding="utf-8"))
    cfg["translate"] = {"engine": "gloss", "lead_chars": 60,
                        "llm": {"base_url": base_url, "model": "test-mt", "max_retries": 0, **llm}}
    path.write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
    return path, db


def _chinese(db):
    return query(db, "SELECT title, text, title_en, text_en, engine, model FROM articles WHERE lang='zh' ORDER BY id")


def test_titles_and_leads_go_to_the_server_once_and_the_run_counts_characters(site, tmp_path):
    with LlmServer() as server:
        cfg, db = _config(tmp_path, site, server.base_url)
        first = CliRunner().invoke(cli, ["--config", str(cfg), "run", "--engine", "llm", "--verbose"])
        assert first.exit_code == 0, first.output
        rows = _chinese(db)
        leads = [to_translate(text, "lead", 60) for _, text, *_ in rows]
        chars = sum(len(title) + len(lead) for (title, *_), lead in zip(rows, leads))
        assert first.stderr.splitlines()[-1] == (
            "run 1: 1 source ok, 0 failed; 6 new and 0 updated articles; 6 processed, 3 translated "
            f"(llm|test-mt|prompt-1); characters translated: llm test-mt {chars:,}")
        # exactly each title and each lead (the first paragraph: 60 characters hold no more)
        sent = sorted(p.rpartition("Text:\n")[2] for p in server.prompts)
        assert sent == sorted([title for title, *_ in rows] + leads)
        assert all(lead == text.split("\n")[0] for (_, text, *_), lead in zip(rows, leads))
        for title, text, title_en, text_en, engine, model in rows:
            assert (engine, model) == ("llm", "test-mt")
            assert title_en.startswith("LandSpace ") and "\n" not in text_en and "LandSpace" in text_en
        second = CliRunner().invoke(cli, ["--config", str(cfg), "run", "--engine", "llm", "--verbose"])
        assert second.exit_code == 0, second.output
        assert second.stderr.splitlines()[-1].endswith("0 processed, 0 translated (llm|test-mt|prompt-1)")
        assert len(server.requests) == 6  # nothing sent again


def test_a_server_that_is_down_is_one_line_and_its_articles_wait_for_it(site, tmp_path, monkeypatch):
    cfg, db = _config(tmp_path, site, "http://127.0.0.1:9/v1", api_key_env="PARALLAX_TEST_LLM_KEY")
    monkeypatch.setenv("PARALLAX_TEST_LLM_KEY", "sekrit-value-123")
    down = CliRunner().invoke(cli, ["--config", str(cfg), "run", "--engine", "llm"])
    line = ("llm server http://127.0.0.1:9/v1: cannot connect (connection refused): "
            "3 articles glossed for now, left pending for the llm engine")
    assert down.exit_code == 1
    assert down.output.splitlines() == [f"warning: {line}"]
    assert query(db, "SELECT status, errors FROM runs") == [("partial", json.dumps([line]))]
    assert [(engine, model) for *_, engine, model in _chinese(db)] == [("gloss", None)] * 3
    assert all(title_en.startswith("LandSpace ") for _, _, title_en, *_ in _chinese(db))

    with LlmServer(Behaviour(api_key="sekrit-value-123")) as server:
        cfg, db = _config(tmp_path, site, server.base_url, api_key_env="PARALLAX_TEST_LLM_KEY")
        up = CliRunner().invoke(cli, ["--config", str(cfg), "run", "--engine", "llm", "--verbose"])
    assert up.exit_code == 0, up.output
    assert "0 new and 0 updated articles; 3 processed, 3 translated (llm|test-mt|prompt-1)" in up.stderr
    assert [(engine, model) for *_, engine, model in _chinese(db)] == [("llm", "test-mt")] * 3
    assert len(server.requests) == 6
    log = (tmp_path / "p.db.log").read_text(encoding="utf-8")
    assert line in log and "sekrit-value-123" not in log


def test_an_llm_run_without_a_model_or_its_key_stops_before_crawling(site, tmp_path, monkeypatch):
    cfg, db = _config(tmp_path, site, "http://127.0.0.1:9/v1", model=None)
    r = CliRunner().invoke(cli, ["--config", str(cfg), "run", "--engine", "llm"])
    assert (r.exit_code, r.output) == (2, "Error: translate.llm.model is not set: the llm engine needs the model "
                                          "the server serves\n")
    monkeypatch.delenv("PARALLAX_TEST_LLM_KEY", raising=False)
    cfg, db = _config(tmp_path, site, "http://127.0.0.1:9/v1", api_key_env="PARALLAX_TEST_LLM_KEY")
    r = CliRunner().invoke(cli, ["--config", str(cfg), "run", "--engine", "llm"])
    assert (r.exit_code, r.output) == (2, "Error: $PARALLAX_TEST_LLM_KEY is empty or not set (the llm server's API "
                                          "key) (hint: export PARALLAX_TEST_LLM_KEY=... where Parallax runs)\n")
    assert not db.exists()  # nothing crawled, no archive made
