"""Mailing the digest to a real SMTP server (aiosmtpd) on loopback, through the library and the CLI."""

import datetime
import email
import socket
import ssl
from email import policy
from pathlib import Path

import pytest
import yaml

# every test here talks to a real SMTP server on loopback
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")]
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from digest.build import build_digest
from digest.errors import MissingPassword, SendError
from digest.render import render_all
from digest.send import send_once
from digestdata import load_fixture, week_names
from parallax.cli import cli
from parallax.config import Config
from parallax.lock import digest_lock
from store.archive import Archive

RECIPIENTS = ["analyst@example.org", "desk@example.com"]
SUBJECT = "Parallax weekly digest — 2026-W47 — 7 stories"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every accepted message; `reject` makes DATA fail."""

    def __init__(self):
        self.messages = []
        self.reject = None

    async def handle_DATA(self, server, session, envelope):
        if self.reject:
            return self.reject
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


def make_config(port: int, **smtp) -> Config:
    return Config.model_validate({"digest": {
        "recipients": RECIPIENTS, "sender": "parallax@example.net",
        "smtp": {"host": "127.0.0.1", "port": port, "starttls": False, "timeout": 5, **smtp}}})


def send(archive, config, force=False):
    options = config.digest_options()
    r = render_all(build_digest(archive, "2026-W47", options, names_seen=week_names), options)
    return send_once(archive, r.message, week=r.week, stories=r.stories, options=options, force=force)


def test_received_once_with_parts_headers_and_recipients(week47_archive, smtp):
    config = make_config(smtp.port)
    first = send(week47_archive, config)
    assert first.sent and first.previous is None
    again = send(week47_archive, config)
    assert not again.sent and again.previous["stories"] == 7
    assert len(smtp.messages) == 1
    mail_from, rcpt, raw = smtp.messages[0]
    assert mail_from == "parallax@example.net"
    assert rcpt == RECIPIENTS
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["Subject"] == SUBJECT
    assert msg["From"] == "parallax@example.net"
    assert msg["To"] == "analyst@example.org, desk@example.com"
    assert msg["X-Parallax-Week"] == "2026-W47"
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    text = parts[0].get_content().replace("\r\n", "\n")  # SMTP carries CRLF line ends
    assert text == (Path(__file__).parent / "data/digest/week47.txt").read_text(encoding="utf-8")
    html = parts[1].get_content()
    assert "Space Pioneer &lt;script&gt;" in html and "<script>" not in html
    assert "蓝箭航天朱雀三号首飞成功入轨" in html
    row = week47_archive.digest_sent("2026-W47", list(reversed(RECIPIENTS)))
    assert row["subject"] == SUBJECT and row["message_id"] == msg["Message-ID"] and row["stories"] == 7


def test_force_resends_and_other_recipients_get_their_own(week47_archive, smtp):
    config = make_config(smtp.port)
    assert send(week47_archive, config).sent
    assert send(week47_archive, config, force=True).sent
    other = Config.model_validate({**config.model_dump(exclude={"base_dir"}),
                                   "digest": {**config.digest.model_dump(), "recipients": ["ceo@example.org"]}})
    assert send(week47_archive, other).sent
    assert [m[1] for m in smtp.messages] == [RECIPIENTS, RECIPIENTS, ["ceo@example.org"]]


def test_failure_records_nothing_and_a_later_run_sends(week47_archive, smtp):
    config = make_config(smtp.port)
    smtp.reject = "554 5.7.1 Message rejected as spam"
    with pytest.raises(SendError, match="answered 554"):
        send(week47_archive, config)
    assert week47_archive.digest_sent("2026-W47", RECIPIENTS) is None
    smtp.reject = None
    assert send(week47_archive, config).sent
    assert len(smtp.messages) == 1


def test_unreachable_server(week47_archive):
    with pytest.raises(SendError, match=r"cannot send the digest through 127\.0\.0\.1:\d+"):
        send(week47_archive, make_config(free_port()))
    assert week47_archive.digest_sent("2026-W47", RECIPIENTS) is None


def test_starttls_required_but_not_offered(week47_archive, smtp):
    with pytest.raises(SendError, match="does not support"):
        send(week47_archive, make_config(smtp.port, starttls=True))
    assert smtp.messages == []


def _auth_server(inbox, port, password):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"digest" and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    return Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticator,
                      auth_required=True, auth_require_tls=False)


def test_login_with_password_from_env(week47_archive, monkeypatch):
    inbox, port = Inbox(), free_port()
    controller = _auth_server(inbox, port, "s3cret-pass")
    controller.start()
    try:
        config = make_config(port, username="digest", password_env="TEST_DIGEST_PW")
        monkeypatch.delenv("TEST_DIGEST_PW", raising=False)
        with pytest.raises(MissingPassword, match=r"\$TEST_DIGEST_PW is empty"):
            send(week47_archive, config)
        monkeypatch.setenv("TEST_DIGEST_PW", "wrong-pass")
        with pytest.raises(SendError, match="login .* as digest failed") as err:
            send(week47_archive, config)
        assert "wrong-pass" not in err.value.one_line()
        monkeypatch.setenv("TEST_DIGEST_PW", "s3cret-pass")
        assert send(week47_archive, config).sent
        assert len(inbox.messages) == 1
    finally:
        controller.stop()


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_starttls_then_login(week47_archive, tmp_path, monkeypatch):
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=auth_data.password == b"tls-pass", handled=False)

    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True)
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts our test CA, and only it
        monkeypatch.setenv("TEST_DIGEST_PW", "tls-pass")
        config = make_config(port, starttls=True, username="digest", password_env="TEST_DIGEST_PW")
        assert send(week47_archive, config).sent
        assert len(inbox.messages) == 1
    finally:
        controller.stop()


# -- the CLI --------------------------------------------------------------------------------------

@pytest.fixture
def setup(tmp_path, smtp):
    db = tmp_path / "archive.db"
    a = Archive.open(db)
    load_fixture(a)
    a.close()
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump({"archive": {"path": str(db)}, "digest": {
        "recipients": RECIPIENTS, "sender": "parallax@example.net",
        "smtp": {"host": "127.0.0.1", "port": smtp.port, "starttls": False, "timeout": 5}}}), encoding="utf-8")
    return cfg, db


def run(cfg, *args):
    return CliRunner().invoke(cli, ["--config", str(cfg), "digest", *args])


def test_cli_send_once_then_noop_then_force(setup, smtp):
    cfg, db = setup
    r = run(cfg, "--week", "2026-W47", "--send")
    assert r.exit_code == 0, r.output
    assert r.output == "sent digest 2026-W47 (7 stories) to 2 recipients\n"
    r = run(cfg, "--week", "2026-W47", "--send")
    assert r.exit_code == 0
    assert r.output.startswith("digest 2026-W47 was already sent to these 2 recipients at ")
    assert "use --force to resend" in r.output
    r = run(cfg, "--week", "2026-W47", "--send", "--force")
    assert r.output == "sent digest 2026-W47 (7 stories) to 2 recipients again\n"
    assert len(smtp.messages) == 2


def test_cli_smtp_failure_exits_1_and_later_run_sends(setup, smtp):
    cfg, db = setup
    smtp.reject = "451 4.3.0 Try again later"
    r = run(cfg, "--week", "2026-W47", "--send")
    assert r.exit_code == 1
    assert r.output.strip().startswith("Error: SMTP server 127.0.0.1:") and "451" in r.output
    assert "Traceback" not in r.output
    smtp.reject = None
    assert run(cfg, "--week", "2026-W47", "--send").exit_code == 0
    assert len(smtp.messages) == 1


def test_cli_out_writes_files_without_sending(setup, smtp, tmp_path):
    cfg, db = setup
    r = run(cfg, "--week", "2026-W47", "--out", str(tmp_path / "d"))
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "d").iterdir())
    assert names == ["digest-2026-W47.eml", "digest-2026-W47.html", "digest-2026-W47.txt"]
    eml = email.message_from_bytes((tmp_path / "d/digest-2026-W47.eml").read_bytes(), policy=policy.default)
    assert eml["Subject"] == SUBJECT
    assert smtp.messages == []
    assert Archive.open(db).digest_sent("2026-W47", RECIPIENTS) is None


def test_cli_prints_text_and_checks_usage(setup):
    cfg, db = setup
    r = run(cfg, "--week", "2026-W47")
    assert r.exit_code == 0
    assert r.output == (Path(__file__).parent / "data/digest/week47.txt").read_text(encoding="utf-8")
    r = run(cfg, "--week", "2026-47")
    assert r.exit_code == 2 and "write it like 2026-W47" in r.output
    r = run(cfg, "--force")
    assert r.exit_code == 2 and "--force only applies to --send" in r.output
    assert "Example:" in run(cfg, "--help").output


def test_cli_default_week_is_last_full_week(setup):
    from digest.week import last_full_week

    assert last_full_week(datetime.date(2026, 11, 25)) == "2026-W47"
    assert last_full_week(datetime.date(2026, 11, 23)) == "2026-W47"  # a Monday: W48 has just begun
    assert last_full_week(datetime.date(2027, 1, 3)) == "2026-W52"
    cfg, db = setup
    r = run(cfg)
    assert r.exit_code == 0
    assert r.output.startswith(f"Parallax weekly digest — {last_full_week()} — ")


def test_implicit_tls(week47_archive, tmp_path, monkeypatch):
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=context)
    controller.start()
    try:
        config = make_config(port, ssl=True)
        # without trusting the test CA the certificate is refused and nothing is recorded
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
        with pytest.raises(SendError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
            send(week47_archive, config)
        assert week47_archive.digest_sent("2026-W47", RECIPIENTS) is None
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        assert send(week47_archive, config).sent
        assert len(inbox.messages) == 1
    finally:
        controller.stop()


def test_two_sends_started_together_deliver_once(tmp_path, smtp):
    """Regression: both saw 'not sent yet' before either recorded it, and both mailed."""
    import threading

    config = make_config(smtp.port)
    db = tmp_path / "a.db"
    with Archive.open(db) as a:
        load_fixture(a)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def one():
        try:
            with Archive.open(db) as a:
                options = config.digest_options()
                r = render_all(build_digest(a, "2026-W47", options), options)
                barrier.wait()
                results.append(send_once(a, r.message, week=r.week, stories=r.stories, options=options,
                                         exclusive=digest_lock(db)))
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sorted(r.sent for r in results) == [False, True]
    assert len(smtp.messages) == 1
