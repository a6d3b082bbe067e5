"""Errors of the store stage, and the base every stage's errors share.

A stage error is one line a user can act on (``str(err)``) plus an optional hint. It never speaks of
command-line options or commands: the CLI maps each class to an exit code and adds those words.
"""

from __future__ import annotations

import sqlite3

# What any archive operation raises when the file or the disk lets it down (corrupt, read-only,
# full); callers name it through the store and never import sqlite3 themselves.
DatabaseError = sqlite3.DatabaseError


class StageError(Exception):
    """Base of every stage's errors: a one-line message and an optional hint."""

    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        msg = " ".join(str(self).split())
        return f"{msg} (hint: {self.hint})" if self.hint else msg


class StoreError(StageError):
    """Base of the store's errors."""


class ArchiveError(StoreError):
    """The archive cannot be opened, read or written (missing, corrupt, read-only, disk full)."""


class ArchiveDamaged(ArchiveError):
    """SQLite finds the archive file damaged (malformed pages, not a database at all)."""


def is_damage(e: BaseException) -> bool:
    text = str(e).lower()
    return "malformed" in text or "not a database" in text


class QueryError(StoreError):
    """A search query, filter or bound the user gave cannot be used as it is."""
