"""SQL fragments written once: the date an article is filed under, what counts as archived, and
the IN-list chunking that SQLite's bound-parameter limit asks for."""

from __future__ import annotations

from typing import Iterator, Sequence

# The date an article is filed under: its publication time, else when it was fetched.
WHEN = "COALESCE(published, fetched)"
A_WHEN = "COALESCE(a.published, a.fetched)"  # the same over the alias `a` = articles
# An article that is archived and readable (not a deleted or blocked page kept only as a marker).
OK = "status = 'ok'"
A_OK = "a.status = 'ok'"

# SQLite allows 999 bound parameters per statement in old builds: IN lists stay below that.
CHUNK = 500


def chunks(seq: Sequence, n: int = CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def marks(n: int) -> str:
    """"?,?,?" for an IN list of n values."""
    return ",".join("?" * n)
