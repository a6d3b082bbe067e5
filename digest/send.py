"""Send a composed digest over SMTP, once per week and recipient list.

The archive's digests table is the record: a week already sent to the same recipients is not sent
again unless forced, and nothing is recorded unless the server accepted the message for everyone.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr

from parallax.errors import ConfigError, SendError


@dataclass
class SendResult:
    sent: bool
    week: str
    recipients: list[str]
    previous: dict | None = None  # the earlier send, when this one was skipped or forced


def smtp_password(smtp) -> str | None:
    """The password from the environment variable the config names; None when no login is configured."""
    if not smtp.username:
        return None
    value = os.environ.get(smtp.password_env)
    if not value:
        raise ConfigError(
            f"digest.smtp.username is set but ${smtp.password_env} is empty",
            hint=f"export {smtp.password_env}=... (the password is read from the environment only)",
        )
    return value


def connect(smtp) -> smtplib.SMTP:
    """A client connected, greeted, switched to TLS and logged in as digest.smtp says: the one way
    both a send and `parallax doctor --smtp` reach the server. Use it in a `with` block (it quits);
    smtplib/ssl/OS errors propagate, a missing password is a ConfigError."""
    password = smtp_password(smtp)
    if smtp.ssl:
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    try:
        client.ehlo()
        if smtp.starttls and not smtp.ssl:
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if smtp.username:
            client.login(smtp.username, password)
    except BaseException:
        client.close()
        raise
    return client


def deliver(msg: EmailMessage, smtp, sender: str, recipients: list[str]) -> None:
    """Hand the message to the SMTP server; any failure is a SendError that never contains the password."""
    where = f"{smtp.host}:{smtp.port}"
    try:
        with connect(smtp) as client:
            refused = client.send_message(msg, from_addr=parseaddr(sender)[1] or sender, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError as e:
        raise SendError(f"SMTP login to {where} as {smtp.username} failed: {e.smtp_code}",
                        hint=f"check digest.smtp.username and ${smtp.password_env}") from None
    except smtplib.SMTPNotSupportedError as e:
        raise SendError(f"SMTP server {where} does not support it: {e}",
                        hint="set digest.smtp.starttls: false or ssl: true to match the server") from None
    except smtplib.SMTPRecipientsRefused as e:
        raise SendError(f"SMTP server {where} refused all recipients: {', '.join(sorted(e.recipients))}") from None
    except smtplib.SMTPResponseException as e:
        msg_text = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        raise SendError(f"SMTP server {where} answered {e.smtp_code}: {msg_text}") from None
    except (smtplib.SMTPException, ssl.SSLError, socket.timeout, OSError) as e:
        raise SendError(f"cannot send the digest through {where}: {e}",
                        hint="check digest.smtp in the config, or run `parallax doctor`") from None
    if refused:
        raise SendError(f"SMTP server {where} refused {', '.join(sorted(refused))}; the digest is not recorded as sent")


def send_once(archive, msg: EmailMessage, *, week: str, stories: int, config, force: bool = False) -> SendResult:
    """Send unless this week already went to these recipients (or force); record a successful send."""
    recipients = list(config.digest.recipients)
    if not recipients:
        raise ConfigError("digest.recipients is empty", hint="list at least one address under digest.recipients")
    # Check, send and record under one lock: two `digest --send` started together send once.
    with _send_lock(archive):
        previous = archive.digest_sent(week, recipients)
        if previous and not force:
            return SendResult(False, week, recipients, previous)
        deliver(msg, config.digest.smtp, config.digest.sender, recipients)
        archive.record_digest(week, recipients, subject=str(msg["Subject"]), message_id=str(msg["Message-ID"]),
                              stories=stories)
    return SendResult(True, week, recipients, previous)


@contextlib.contextmanager
def _send_lock(archive, timeout: float = 600):
    if archive.path is None:  # an in-memory archive has no other writer
        yield
        return
    from parallax.lock import ArchiveLock

    lock = ArchiveLock(archive.path, name="digest")
    lock.acquire(wait=True, poll=0.2, timeout=timeout)
    try:
        yield
    finally:
        lock.release()
