"""Errors of the digest stage."""

from __future__ import annotations

from store.errors import StageError


class DigestError(StageError):
    """Base of the digest stage's errors."""


class WeekError(DigestError):
    """A week that is not an ISO week, or does not exist."""


class MailConfigError(DigestError):
    """The mail settings cannot work as given (no recipients, a login without its password)."""


class NoRecipients(MailConfigError):
    """The digest has nobody to go to."""


class MissingPassword(MailConfigError):
    """An SMTP login is configured but the environment variable holding its password is empty."""

    def __init__(self, message: str, env: str, hint: str | None = None):
        super().__init__(message, hint)
        self.env = env


class SendError(DigestError):
    """The SMTP server could not be reached or refused the message; nothing was recorded as sent."""
