"""One multipart/alternative message: the plain text first, then the HTML."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid


def compose(subject: str, text: str, html: str, *, sender: str, recipients: list[str], week: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    if recipients:
        msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=False)
    domain = sender.rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(idstring=f"digest.{week}", domain=domain)
    msg["X-Parallax-Week"] = week
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg
