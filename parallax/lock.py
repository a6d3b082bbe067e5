"""One run at a time per archive: an flock'd file beside it, released by the kernel if the holder dies."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

from parallax.errors import LockedError


class ArchiveLock:
    def __init__(self, archive_path: Path):
        self.path = Path(str(archive_path) + ".lock")
        self._fd: int | None = None

    def holder(self) -> dict | None:
        """Who holds (or last held) the lock, as written by that run."""
        try:
            return json.loads(self.path.read_text() or "null")
        except (OSError, ValueError):
            return None

    def acquire(self, wait: bool = False, poll: float = 1.0, timeout: float | None = None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or (deadline is not None and time.monotonic() >= deadline):
                    os.close(fd)
                    h = self.holder() or {}
                    raise LockedError(
                        f"{self.path}: another run holds the archive lock "
                        f"(pid {h.get('pid', '?')} on {h.get('host', '?')}, started {h.get('started', '?')})",
                        hint="wait for it, or use `parallax run --wait`",
                    ) from None
                time.sleep(poll)
        # A lock left by a killed run is no obstacle: flock died with it; we overwrite its record.
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "ArchiveLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
