"""The archive handle: one SQLite connection (store.db) with a method family per table (store.articles,
store.sources, store.notarticles, store.freshness, store.translations, store.companies, store.runs),
and the meta table's facts.

Plain sqlite3 carries the hot paths (the crawl child writes through it and never imports more);
sqlite-utils (`archive.db`, built on first use) does the bulk upserts of the registry copy and the
translation cache.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from store.articles import Articles
from store.companies import Companies
from store.db import Tx, connect
from store.freshness import Freshness
from store.notarticles import NotArticles
from store.runs import Digests, Runs
from store.sources import Sources
from store.translations import Translations


class Archive(Articles, Sources, NotArticles, Freshness, Translations, Companies, Runs, Digests):
    """Every write method is one transaction (nested calls join the caller's `transaction()`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None):
        self.conn = conn
        self.path = path

    @functools.cached_property
    def db(self):
        """sqlite-utils' view of the archive, built on first use (its import costs every crawl child)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, backup_before_migrate: bool = True,
             read_only_ok: bool = False) -> "Archive":
        """The archive at path, created if missing (unless create=False), migrated after a backup;
        read_only_ok: opened read-only when it cannot be written (for callers that only read)."""
        conn = connect(path, create=create, backup_before_migrate=backup_before_migrate, read_only_ok=read_only_ok)
        return cls(conn, Path(path))

    @classmethod
    def memory(cls) -> "Archive":
        """An empty archive in memory, with exactly the PRAGMAs and schema of one on disk."""
        return cls(connect(None), None)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self) -> Tx:
        return Tx(self.conn)

    def quick_check(self, max_errors: int = 5) -> list[str]:
        """PRAGMA quick_check: ["ok"], or what is damaged (it reads every page once)."""
        return [r[0] for r in self.conn.execute(f"PRAGMA quick_check({int(max_errors)})")]

    def backups(self) -> list[Path]:
        """The copies taken before schema upgrades (ARCHIVE.vN.bak), newest first."""
        if self.path is None:
            return []
        return sorted(self.path.parent.glob(self.path.name + ".v*.bak"), key=lambda p: p.stat().st_mtime, reverse=True)

    # -- facts about the archive itself (which registry and topic rules it was last synced with) --
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)", (key, value))

    def remember(self, key: str, value: str) -> bool:
        """set_meta for a value that can always be computed again: an archive opened read-only
        (or busy) keeps what it had, and False says it was not stored."""
        try:
            self.set_meta(key, value)
        except sqlite3.OperationalError:
            return False
        return True
