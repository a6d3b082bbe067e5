"""Run logging: a rotating file next to the archive (always) and stderr (the CLI decides how loud).

The file is the owner's long memory of unattended runs; stderr is what cron mails, so off a
terminal it carries only warnings and errors: a successful cron run prints nothing at all.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from datetime import datetime, timezone
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO, Iterator

LOGGER = "parallax"
MAX_BYTES = 1_000_000
BACKUPS = 5
FILE_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def log_path(archive_path: str | os.PathLike) -> Path:
    """`<archive>.log`, beside `<archive>.lock`: derived the same way so one glob finds them all."""
    return Path(str(archive_path) + ".log")


def logger(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER}.{name}" if name else LOGGER)


class _UtcFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        return datetime.fromtimestamp(record.created, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _ConsoleOnlyFilter(logging.Filter):
    """Records marked ``extra={"console": False}`` go to the file only (the CLI prints them itself)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "console", True)


@contextlib.contextmanager
def archive_log(
    archive_path: str | os.PathLike, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS
) -> Iterator[Path | None]:
    """Attach the rotating `<archive>.log` to the parallax logger for the duration of a run.

    Call it only while holding the archive lock: rotation renames files, which two writers would race.
    Yields the log path, or None when it cannot be written (read-only folder): a run that cannot
    log must still report through stderr and its exit code.
    """
    path = log_path(archive_path)
    root = logger()
    try:
        handler: logging.Handler | None = RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=False
        )
    except OSError as e:
        handler = None
        root.warning("cannot write the run log %s: %s", path, e.strerror or e)
    if handler is not None:
        handler.setFormatter(_UtcFormatter(FILE_FORMAT))
        handler.setLevel(logging.INFO)
        root.addHandler(handler)
    old_level = root.level
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    try:
        yield path if handler is not None else None
    finally:
        root.setLevel(old_level)
        if handler is not None:
            root.removeHandler(handler)
            handler.close()


def append_line(archive_path: str | os.PathLike, level: str, message: str) -> None:
    """One line into the log without rotating, for processes that do not hold the lock
    (an overlapping run refused with exit 75). O_APPEND keeps a short line whole."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = f"{stamp} {os.getpid()} {level} {LOGGER}.run: {' '.join(message.split())}\n"
    try:
        fd = os.open(log_path(archive_path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError:
        return
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


@contextlib.contextmanager
def console(verbose: bool = False, stream: IO[str] | None = None) -> Iterator[logging.Handler]:
    """Log to stderr: everything from INFO on a terminal or with --verbose, else warnings and up."""
    stream = stream or sys.stderr
    loud = verbose or _isatty(stream)
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.INFO if loud else logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname_lower)s%(message)s"))
    handler.addFilter(_ConsoleOnlyFilter())
    handler.addFilter(_prefix)
    root = logger()
    root.addHandler(handler)
    old_level = root.level
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        root.setLevel(old_level)
        root.removeHandler(handler)


def _prefix(record: logging.LogRecord) -> bool:
    # Info lines read as plain progress; problems carry their level so cron mail is scannable.
    record.levelname_lower = "" if record.levelno <= logging.INFO else f"{record.levelname.lower()}: "
    return True


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
