"""Opening the archive: one function for disk, memory and read-only, with the same PRAGMAs, and the
transaction every write goes through."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.errors import ArchiveDamaged, ArchiveError, is_damage
from store.schema import SCHEMA_VERSION, current_version, migrate


class ArchiveNotFound(ArchiveError):
    """A command that only reads was pointed at an archive that does not exist yet."""


SQLITE_HEADER = b"SQLite format 3\x00"


def check_archive_file(path: str | Path) -> None:
    """Refuse, before anything is created beside it (lock, log, journal), a path that is not an
    archive: a folder, a device or pipe, or a file of something else."""
    p = Path(path)
    if not p.exists():
        return
    if not p.is_file():
        raise ArchiveError(f"{p}: cannot open archive: not a file (a folder or a device)")
    try:
        with open(p, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise ArchiveError(f"{p}: cannot read: {e.strerror or e}") from None
    if head and head != SQLITE_HEADER:
        raise ArchiveError(f"{p}: cannot open archive: file is not a database")


def _text(value: bytes) -> str:
    # A damaged page may hold bytes that are not UTF-8: read them as U+FFFD rather than lose the row
    # ("Could not decode to UTF-8" would end an export or a digest).
    return value.decode("utf-8", "replace")


def _pragmas(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.row_factory = sqlite3.Row
    conn.text_factory = _text
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")


def connect(path: str | Path | None, *, create: bool = True, backup_before_migrate: bool = True,
            read_only_ok: bool = False) -> sqlite3.Connection:
    """A migrated connection in autocommit mode (writes go through `Tx`); path None: in memory.
    read_only_ok: when the archive (or its folder) cannot be written, open it read-only instead
    (for callers that only read)."""
    if path is None:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _pragmas(conn, wal=False)
        migrate(conn)
        return conn
    p = Path(path)
    if not create and not p.exists():
        raise ArchiveNotFound(f"{p}: archive not found")
    check_archive_file(p)
    try:
        return _connect_writable(p, backup_before_migrate)
    except ArchiveError:
        if not (read_only_ok and p.exists()):
            raise
        return connect_readonly(p)


def _connect_writable(p: Path, backup_before_migrate: bool) -> sqlite3.Connection:
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(p), timeout=30, isolation_level=None, check_same_thread=False)
        _pragmas(conn, wal=True)
        version = current_version(conn)
        if 0 < version < SCHEMA_VERSION and backup_before_migrate:
            backup(conn, p.with_name(p.name + f".v{version}.bak"))
        migrate(conn)
    except sqlite3.DatabaseError as e:
        raise (ArchiveDamaged if is_damage(e) else ArchiveError)(f"{p}: cannot open archive: {e}") from None
    except OSError as e:
        raise ArchiveError(f"{p}: cannot create archive: {e}") from None
    return conn


def connect_readonly(path: str | Path, timeout: float = 10, any_version: bool = False,
                     check_file: bool = True) -> sqlite3.Connection:
    """A read-only connection that never creates, migrates or writes anything (doctor, inspection,
    a read command on an archive in a folder it may not write). In WAL mode a reader needs the
    -shm file; where it cannot be made (a read-only folder or mount) nobody can write the archive
    either, and it is read as immutable."""
    p = Path(path)
    if not p.exists():
        raise ArchiveNotFound(f"{p}: archive not found")
    if check_file:
        check_archive_file(p)
    last = None
    for mode in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{p.resolve().as_uri()}?{mode}", uri=True, timeout=timeout,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.text_factory = _text
            version = current_version(conn)
        except sqlite3.DatabaseError as e:
            last = e
            continue
        if version != SCHEMA_VERSION and not any_version:
            conn.close()
            raise ArchiveError(f"{p}: archive schema {version}, this Parallax reads {SCHEMA_VERSION}",
                               hint="open it once with write access to upgrade it")
        return conn
    raise ArchiveError(f"{p}: cannot read: {last}")


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
