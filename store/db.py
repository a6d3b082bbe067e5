"""Opening the archive: one function for disk, memory and read-only, with the same PRAGMAs, and the
transaction every write goes through."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.errors import ArchiveError
from store.schema import SCHEMA_VERSION, current_version, migrate


class ArchiveNotFound(ArchiveError):
    """A command that only reads was pointed at an archive that does not exist yet."""


def _pragmas(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.row_factory = sqlite3.Row
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")


def connect(path: str | Path | None, *, create: bool = True, backup_before_migrate: bool = True) -> sqlite3.Connection:
    """A migrated connection in autocommit mode (writes go through `Tx`); path None: in memory."""
    if path is None:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _pragmas(conn, wal=False)
        migrate(conn)
        return conn
    p = Path(path)
    if not create and not p.exists():
        raise ArchiveNotFound(f"{p}: archive not found")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(p), timeout=30, isolation_level=None, check_same_thread=False)
        _pragmas(conn, wal=True)
        version = current_version(conn)
        if 0 < version < SCHEMA_VERSION and backup_before_migrate:
            backup(conn, p.with_name(p.name + f".v{version}.bak"))
        migrate(conn)
    except sqlite3.DatabaseError as e:
        raise ArchiveError(f"{p}: cannot open archive: {e}") from None
    except OSError as e:
        raise ArchiveError(f"{p}: cannot create archive: {e}") from None
    return conn


def connect_readonly(path: str | Path, timeout: float = 10) -> sqlite3.Connection:
    """A read-only connection that never creates, migrates or writes anything (doctor, inspection)."""
    p = Path(path)
    if not p.exists():
        raise ArchiveNotFound(f"{p}: archive not found")
    conn = sqlite3.connect(f"file:{p}?mode=ro", uri=True, timeout=timeout, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def backup(conn: sqlite3.Connection, dest: Path) -> None:
    target = sqlite3.connect(str(dest))
    try:
        conn.backup(target)
    finally:
        target.close()


class Tx:
    """BEGIN IMMEDIATE ... COMMIT, nesting-safe (inner blocks join the outer transaction)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.outer = False

    def __enter__(self):
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.outer = True
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if not self.outer:
            return False
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            # SQLite has already rolled back after e.g. SQLITE_FULL; a second ROLLBACK would raise
            # "no transaction is active" and hide the real error.
            self.conn.execute("ROLLBACK")
        return False
