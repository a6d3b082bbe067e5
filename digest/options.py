"""What the digest stage is told: plain option objects (the caller validates its configuration)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SmtpOptions:
    host: str = "localhost"
    port: int = 587
    starttls: bool = True
    ssl: bool = False
    username: str | None = None
    password_env: str = "PARALLAX_SMTP_PASSWORD"  # the password is read from this variable, never stored
    timeout: float = 30


@dataclass(frozen=True)
class DigestOptions:
    recipients: tuple[str, ...] = ()
    sender: str = "parallax@localhost"
    smtp: SmtpOptions = field(default_factory=SmtpOptions)
    max_headlines: int = 10
    # Per source: days without an item after which it is quiet; sources not named get the default.
    quiet_after_days: dict[str, int] = field(default_factory=dict)
