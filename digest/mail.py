"""One multipart/alternative message: the plain text first, then the HTML."""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import formatdate, parseaddr


def compose(subject: str, text: str, html: str, *, sender: str, recipients: list[str], week: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    if recipients:
        msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    # short enough never to be folded, so it reads back exactly as recorded in the archive
    msg["Message-ID"] = f"<parallax.{week}.{uuid.uuid4().hex[:16]}@{domain}>"
    msg["X-Parallax-Week"] = week
    # quoted-printable keeps the message 7-bit clean for servers without 8BITMIME
    msg.set_content(text, cte="quoted-printable")
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    return msg
