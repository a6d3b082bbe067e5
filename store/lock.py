"""The archive's run lock, as a file protocol: `ARCHIVE.lock` holds an flock while a run writes, and
a JSON record {pid, host, started} of the holder. Whoever writes to the archive on a run's behalf
(the crawl child) checks with `held_by` that the run still holds it; the CLI's side (acquire, wait,
take over) is parallax.lock.

flock, not a pid file: a run killed with -9 leaves the file but not the lock, so the next run takes
over without guessing whether an old pid is still alive (or was reused by another program).
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path


def lock_path(archive_path: str | os.PathLike, name: str | None = None) -> Path:
    return Path(str(archive_path) + (f".{name}" if name else "") + ".lock")


def read_holder(path: str | os.PathLike) -> dict | None:
    """The record the holder wrote (the last holder's, if it died without releasing)."""
    try:
        value = json.loads(Path(path).read_text() or "null")
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def is_held(path: str | os.PathLike) -> bool:
    """True while some process holds the lock (a momentary shared probe that never blocks)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's shared lock
    return False


def held_by(path: str | os.PathLike, pid: int) -> bool:
    """True when the lock is held and its record names pid (not a later run that took over)."""
    holder = read_holder(path)
    return bool(holder) and holder.get("pid") == pid and is_held(path)
