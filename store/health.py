"""Read-only looks at an archive file: what `doctor` reports and what the demo needs to know
before it writes. Nothing here creates, migrates or writes, so it is safe beside a running job."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from store.db import connect_readonly
from store.errors import ArchiveError
from store.freshness import SourceFreshness, source_freshness
from store.schema import SCHEMA_VERSION


@dataclass
class Inspection:
    path: Path
    version: int  # PRAGMA user_version: 0 for a file never migrated
    integrity: list[str]  # ["ok"] when PRAGMA integrity_check finds nothing
    articles: int = 0
    sources: list[dict] = field(default_factory=list)
    last_run: dict | None = None
    current: int = SCHEMA_VERSION  # the version this code writes
    freshness: dict[str, SourceFreshness] = field(default_factory=dict)  # per source: its rhythm, last item

    @property
    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())


def inspect(path: str | Path, max_errors: int = 5) -> Inspection:
    """Schema version, integrity, article count, source health (with each source's rhythm) and the
    last run, read-only.
    Raises ArchiveNotFound when there is no file, ArchiveError when it cannot be read."""
    p = Path(path)
    try:
        conn = connect_readonly(p, any_version=True, check_file=False)  # SQLite says what is wrong
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            integrity = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(max_errors)})")]
            if not version:
                return Inspection(p, version, integrity)
            articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            sources = [dict(r) for r in conn.execute("SELECT * FROM sources ORDER BY name")]
            last = conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
            fresh = source_freshness(conn) if version >= 2 else {}
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise ArchiveError(f"{p}: cannot read: {e}") from None
    return Inspection(p, version, integrity, articles, sources, dict(last) if last else None, freshness=fresh)


def source_url(path: str | Path, name: str) -> str | None:
    """The URL a source had when the archive at path last synced its sources; None when there is no
    such archive, source or readable file."""
    p = Path(path)
    if not p.exists():
        return None
    try:
        conn = connect_readonly(p, any_version=True)
        try:
            row = conn.execute("SELECT url FROM sources WHERE name=?", (name,)).fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, ArchiveError):
        return None
    return row[0] if row else None
