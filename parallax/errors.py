"""The one boundary between errors and the user: every error a command can meet (ours and each
stage's) becomes one line on stderr and an exit code, worded in terms of the CLI and the config.

Stages raise their own errors (store.errors, translate.errors, spiders.errors, digest.errors), which
never name an option, a command or a config key; `describe` adds those words here.
"""

from __future__ import annotations

from digest.errors import MissingPassword, NoRecipients, SendError, WeekError
from spiders.errors import SpiderError
from store.db import ArchiveNotFound
from store.errors import ArchiveDamaged, ArchiveError, QueryError, StageError, is_damage
from translate.errors import (
    EngineError,
    LlmSetupError,
    ModelError,
    NoModelError,
    PackageIndexError,
    RegistryError,
    ServerError,
)

EXIT_OK = 0
EXIT_PARTIAL = 1  # done, but a source or a send failed
EXIT_USAGE = 2  # usage or configuration error
EXIT_LOCKED = 75  # another run holds the archive lock (EX_TEMPFAIL)

__all__ = [
    "EXIT_LOCKED", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "ArchiveError", "ConfigError", "LockedError",
    "ModelError", "OutputError", "ParallaxError", "SendError", "UsageError", "describe", "exit_code",
]


class ParallaxError(StageError):
    """Errors of the wiring layer itself; ``exit_code`` is the process's."""

    exit_code = EXIT_PARTIAL


class ConfigError(ParallaxError):
    """problems: when a config file has several mistakes, each one (str() holds them all, a line each)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None, problems: list[str] | None = None):
        super().__init__(message, hint)
        self.problems = problems or [message]


class UsageError(ParallaxError):
    exit_code = EXIT_USAGE


class LockedError(ParallaxError):
    exit_code = EXIT_LOCKED


class LockFileError(ParallaxError, ArchiveError):
    """The lock file beside the archive cannot be created (the archive's folder is not writable)."""

    exit_code = EXIT_PARTIAL


class OutputError(ParallaxError):
    """A file or folder the user named for output cannot be written."""

    exit_code = EXIT_PARTIAL


# Stage errors by class, most specific first: the first match decides.
_EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (ParallaxError, -1),  # its own exit_code
    (QueryError, EXIT_USAGE),
    (WeekError, EXIT_USAGE),
    (NoRecipients, EXIT_USAGE),
    (MissingPassword, EXIT_USAGE),
    (PackageIndexError, EXIT_PARTIAL),  # the network, not the user's command
    (ServerError, EXIT_PARTIAL),
    (EngineError, EXIT_USAGE),
    (ModelError, EXIT_USAGE),
    (RegistryError, EXIT_USAGE),
    (ArchiveError, EXIT_PARTIAL),
    (SendError, EXIT_PARTIAL),
    (SpiderError, EXIT_PARTIAL),
)

# What to do about a stage error, in the CLI's words; replaces the stage's own hint.
DAMAGED_HINT = "`parallax doctor` checks it; restore ARCHIVE.vN.bak (taken before an upgrade) or your own backup"

_HINTS: tuple[tuple[type[BaseException], str], ...] = (
    (ArchiveNotFound, "run `parallax run` first"),
    (ArchiveDamaged, DAMAGED_HINT),
    (NoModelError, "install one with `parallax models install zh-en`, or offline `parallax models install FILE.argosmodel`"),
    (PackageIndexError, "download the .argosmodel file another way and run "
                        "`parallax models install FILE.argosmodel`; ARGOS_PACKAGE_INDEX names another index"),
    (LlmSetupError, "set translate.llm.model (and base_url) in the config; see docs/OPERATIONS.md"),
    (ServerError, "is the server running? check translate.llm.base_url; `parallax doctor --llm` tests it"),
    (NoRecipients, "list at least one address under digest.recipients"),
)


def damaged(where, e: BaseException) -> ArchiveError:
    """An SQLite error met while reading or writing the archive, as one line the owner can act on."""
    msg = " ".join(str(e).split()) or type(e).__name__
    if is_damage(e):
        return ArchiveDamaged(f"{where}: archive is damaged: {msg}", hint=DAMAGED_HINT)
    return ArchiveError(f"{where}: archive error: {msg}", hint="`parallax doctor` checks the archive")


def exit_code(e: BaseException) -> int:
    for cls, code in _EXIT_CODES:
        if isinstance(e, cls):
            return e.exit_code if code < 0 else code
    return EXIT_PARTIAL


def describe_lines(e: StageError) -> list[str]:
    """What the user sees, a line per problem (without "Error: "): one line, but for a config file
    with several mistakes."""
    if isinstance(e, ConfigError) and len(e.problems) > 1:
        return [StageError(p).one_line() for p in e.problems]
    return [describe(e)]


def describe(e: StageError) -> str:
    """The one line the user sees (without "Error: ")."""
    if isinstance(e, NoRecipients):
        e = ConfigError("digest.recipients is empty")
    elif isinstance(e, MissingPassword):
        e = ConfigError(f"digest.smtp.username is set but ${e.env} is empty", hint=e.hint)
    elif isinstance(e, RegistryError):
        e = ConfigError(f"company registry: {e}")
    for cls, hint in _HINTS:
        if isinstance(e, cls) and not e.hint:
            return StageError(str(e), hint).one_line()
    return e.one_line()
