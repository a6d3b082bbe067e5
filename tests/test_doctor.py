"""`parallax doctor`: one line per check, exit 1 only when something FAILs, archive never written."""

import json
import socket

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from parallax.lock import ArchiveLock
from store.archive import Archive
from store.model import Article
from store.schema import SCHEMA_VERSION


def _config(tmp_path, db, port=1, recipients=("a@example.org",), username=None):
    cfg = {"archive": {"path": str(db)},
           "sources": [{"name": "wire", "kind": "feed", "url": "http://127.0.0.1:1/feed.xml"}],
           "digest": {"recipients": list(recipients), "sender": "p@example.org",
                      "smtp": {"host": "127.0.0.1", "port": port, "starttls": False, "username": username,
                               "timeout": 5}}}
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps(cfg))
    return path


def _archive(db):
    with Archive.open(db) as a:
        a.sync_sources([type("S", (), {"name": "wire", "kind": "feed", "url": "http://x/f", "lang": "en"})()])
        a.upsert_article(Article(url="http://x/1", source="wire", title="t", text="x", lang="en"))
        a.record_source_result("wire", ok=False, error="HTTP 404 from http://x/f")
        run = a.start_run(4242)
        a.finish_run(run, status="partial", errors=["wire: HTTP 404 from http://x/f"], sources_failed=1)
        a.start_run(4243)  # never finished: a killed run


def _lines(result):
    return {ln.split()[1] if not ln.startswith(("ok    last", "warn  last", "FAIL  last")) else "last run": ln
            for ln in result.output.splitlines()}


def test_checklist_of_a_used_archive(tmp_path):
    db = tmp_path / "p.db"
    _archive(db)
    size_before = db.stat().st_size
    result = CliRunner().invoke(cli, ["--config", str(_config(tmp_path, db)), "doctor"])
    # Every source failing means nothing comes in: a FAIL line and exit 1 (it was a warning, exit 0).
    assert result.exit_code == 1, result.output
    lines = _lines(result)
    assert lines["config"] == f"ok    config    {tmp_path / 'c.yaml'}: 1 source, 1 enabled"
    assert lines["archive"].startswith(f"ok    archive   {db}: schema {SCHEMA_VERSION}, integrity ok, ")
    assert lines["archive"].endswith(", 1 article")
    assert lines["sources"] == ("FAIL  sources   1 of 1 failing: wire; wire: HTTP 404 from http://x/f "
                                "(hint: see `parallax sources`)")
    assert lines["last run"].startswith("warn  last run  run 2 running, started ")
    assert lines["last run"].endswith("; it did not finish (killed?) (hint: the next run finishes its work)")
    assert lines["lock"] == "ok    lock      free"
    assert lines["model"].startswith("warn  model     no zh→en model in ")
    assert lines["engine"].startswith("warn  engine    gloss only: no translation engine")
    assert lines["smtp"] == ("ok    smtp      127.0.0.1:1, from p@example.org to 1 recipient "
                             "(not contacted; --smtp checks it live)")
    assert db.stat().st_size == size_before


def test_lock_held_and_missing_password_and_bad_config(tmp_path, monkeypatch):
    db = tmp_path / "p.db"
    _archive(db)
    monkeypatch.delenv("PARALLAX_SMTP_PASSWORD", raising=False)
    cfg = _config(tmp_path, db, username="me")
    lock = ArchiveLock(db)
    lock.acquire()
    try:
        result = CliRunner().invoke(cli, ["--config", str(cfg), "doctor", "--json"])
    finally:
        lock.release()
    assert result.exit_code == 1
    checks = {c["name"]: c for c in map(json.loads, result.output.splitlines())}
    assert checks["lock"]["detail"].startswith("a run is in progress (pid ")
    assert checks["smtp"] == {"name": "smtp", "status": "FAIL",
                              "detail": "127.0.0.1:1: username me set but $PARALLAX_SMTP_PASSWORD is empty",
                              "hint": "export PARALLAX_SMTP_PASSWORD=... where cron runs"}
    (tmp_path / "bad.yaml").write_text("bogus: 1\n")
    bad = CliRunner().invoke(cli, ["--config", str(tmp_path / "bad.yaml"), "--db", str(db), "doctor"])
    assert bad.exit_code == 1
    assert bad.output.splitlines()[0] == f"FAIL  config    {tmp_path / 'bad.yaml'}: unknown key bogus"
    assert "ok    archive" in bad.output  # --db still lets the archive be checked
    assert [line[:16] for line in bad.output.splitlines()].count("warn  model     ") == 1  # needs no config


def test_no_config_still_checks_the_model(tmp_path, monkeypatch, _isolated_home):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["doctor", "--json"])
    assert result.exit_code == 1
    checks = {c["name"]: c for c in map(json.loads, result.output.splitlines())}
    assert checks["config"]["status"] == "FAIL"
    assert checks["model"] == {"name": "model", "status": "warn",
                               "detail": f"no zh→en model in {_isolated_home / 'models'}: translations are word-by-word glosses",
                               "hint": "parallax models install zh-en"}
    # which engine translates, and the exact command that gives a real one
    assert checks["engine"] == {"name": "engine", "status": "warn",
                                "detail": "gloss only: no translation engine (no Argos zh→en model, no llm server set)",
                                "hint": "parallax models install zh-en, or an llm server: translate.engine: llm "
                                        "(docs/OPERATIONS.md)"}
    assert "smtp" not in checks


def test_help_says_a_broken_config_is_a_fail_line():
    text = " ".join(CliRunner().invoke(cli, ["doctor", "--help"]).output.split())
    assert "A missing or broken config is a FAIL line like any other (exit 1, not the usual exit 2" in text


def test_corrupt_archive_fails(tmp_path):
    db = tmp_path / "p.db"
    db.write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(cli, ["--config", str(_config(tmp_path, db)), "doctor"])
    assert result.exit_code == 1
    assert f"FAIL  archive   {db}: cannot read: file is not a database" in result.output


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_smtp_live_check_against_a_real_local_server(tmp_path):
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            raise AssertionError("doctor must not send mail")

    db = tmp_path / "p.db"
    port = _free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        ok = CliRunner().invoke(cli, ["--config", str(_config(tmp_path, db, port=port)), "doctor", "--smtp"])
    finally:
        controller.stop()
    assert f"ok    smtp      127.0.0.1:{port}, from p@example.org to 1 recipient; server answered" in ok.output
    down = CliRunner().invoke(cli, ["--config", str(_config(tmp_path, db, port=port)), "doctor", "--smtp"])
    assert down.exit_code == 1
    assert f"FAIL  smtp      127.0.0.1:{port}: connection refused (hint: check digest.smtp in the config)" in down.output


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_live_check_logs_in_like_a_send(tmp_path, monkeypatch):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            raise AssertionError("doctor must not send mail")

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=auth_data.login == b"me" and auth_data.password == b"right", handled=False)

    db, port = tmp_path / "p.db", _free_port()
    cfg = _config(tmp_path, db, port=port, username="me")
    controller = Controller(Sink(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        monkeypatch.setenv("PARALLAX_SMTP_PASSWORD", "right")
        ok = CliRunner().invoke(cli, ["--config", str(cfg), "doctor", "--smtp"])
        monkeypatch.setenv("PARALLAX_SMTP_PASSWORD", "wrong")
        refused = CliRunner().invoke(cli, ["--config", str(cfg), "doctor", "--smtp"])
    finally:
        controller.stop()
    assert f"ok    smtp      127.0.0.1:{port}, from p@example.org to 1 recipient; login ok" in ok.output
    assert refused.exit_code == 1
    assert f"FAIL  smtp      127.0.0.1:{port}: login refused (535) (hint: check digest.smtp in the config)" in refused.output
