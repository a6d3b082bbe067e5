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
from typing import ContextManager

from digest.errors import MissingPassword, NoRecipients, SendError
from digest.options import DigestOptions, SmtpOptions


@dataclass
class SendResult:
    sent: bool
    week: str
    recipients: list[str]
    previous: dict | None = None  # the earlier send, when this one was skipped or forced


def smtp_password(smtp: SmtpOptions) -> str | None:
    """The password from the environment variable the config names; None when no login is configured."""
    if not smtp.username:
        return None
    value = os.environ.get(smtp.password_env)
    if not value:
        raise MissingPassword(
            f"an SMTP username is set but ${smtp.password_env} is empty", smtp.password_env,
            hint=f"export {smtp.password_env}=... (the password is read from the environment only)",
        )
    return value


def connect(smtp: SmtpOptions) -> smtplib.SMTP:
    """A client connected, greeted, switched to TLS and logged in as the options say: the one way
    both a send and a live check of the settings reach the server. Use it in a `with` block (it
    quits); smtplib/ssl/OS errors propagate, a missing password is MissingPassword."""
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


def deliver(msg: EmailMessage, smtp: SmtpOptions, sender: str, recipients: list[str]) -> None:
    """Hand the message to the SMTP server; any failure is a SendError that never contains the password."""
    where = f"{smtp.host}:{smtp.port}"
    try:
        with connect(smtp) as client:
            refused = client.send_message(msg, from_addr=parseaddr(sender)[1] or sender, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError as e:
        raise SendError(f"SMTP login to {where} as {smtp.username} failed: {e.smtp_code}",
                        hint=f"check the SMTP username and ${smtp.password_env}") from None
    except smtplib.SMTPNotSupportedError as e:
        raise SendError(f"SMTP server {where} does not support it: {e}",
                        hint="turn STARTTLS off, or SSL on, to match the server") from None
    except smtplib.SMTPRecipientsRefused as e:
        raise SendError(f"SMTP server {where} refused all recipients: {', '.join(sorted(e.recipients))}") from None
    except smtplib.SMTPResponseException as e:
        msg_text = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        raise SendError(f"SMTP server {where} answered {e.smtp_code}: {msg_text}") from None
    except (smtplib.SMTPException, ssl.SSLError, socket.timeout, OSError) as e:
        raise SendError(f"cannot send the digest through {where}: {e}",
                        hint="check the SMTP host, port and TLS settings") from None
    if refused:
        raise SendError(f"SMTP server {where} refused {', '.join(sorted(refused))}; the digest is not recorded as sent")


def send_once(
    archive,
    msg: EmailMessage,
    *,
    week: str,
    stories: int,
    options: DigestOptions,
    force: bool = False,
    exclusive: ContextManager | None = None,
) -> SendResult:
    """Send unless this week already went to these recipients (or force); record a successful send.

    exclusive: held around check, send and record, so two senders started together send once (the
    caller passes the archive's digest lock; an in-memory archive has no other writer)."""
    recipients = list(options.recipients)
    if not recipients:
        raise NoRecipients("no recipients for the digest")
    with exclusive if exclusive is not None else contextlib.nullcontext():
        previous = archive.digest_sent(week, recipients)
        if previous and not force:
            return SendResult(False, week, recipients, previous)
        deliver(msg, options.smtp, options.sender, recipients)
        archive.record_digest(week, recipients, subject=str(msg["Subject"]), message_id=str(msg["Message-ID"]),
                              stories=stories)
    return SendResult(True, week, recipients, previous)
