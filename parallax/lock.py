"""One run at a time per archive: acquiring the archive's lock (the file protocol is store.lock),
waiting for it, taking it over from a killed run, and the digest's own lock beside it."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from datetime import datetime, timezone
from typing import Callable, Iterator

from parallax.errors import LockedError, LockFileError
from store.lock import is_held, lock_path, read_holder

__all__ = ["ArchiveLock", "describe", "digest_lock", "lock_path"]


def describe(holder: dict) -> str:
    """A lock record ({pid, host, started}) as one readable phrase."""
    return f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}, started {holder.get('started', '?')}"


class ArchiveLock:
    """name: None for the run lock; another name (e.g. "digest") is an independent lock beside it."""

    def __init__(self, archive_path: str | os.PathLike, name: str | None = None):
        self.path = lock_path(archive_path, name)
        self._fd: int | None = None
        self.took_over: dict | None = None  # the record a killed holder left behind, if any

    def holder(self) -> dict | None:
        """Who holds (or last held, if it died) the lock, as written by that run."""
        return read_holder(self.path)

    def is_held(self) -> bool:
        """True while a process (this one included) holds the lock."""
        return self._fd is not None or is_held(self.path)

    def describe_holder(self) -> str:
        return describe(self.holder() or {})

    def acquire(
        self,
        wait: bool = False,
        poll: float = 1.0,
        timeout: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise LockFileError(
                f"{self.path}: cannot create the archive lock: {e.strerror or e}",
                hint="the archive's folder must be writable",
            ) from None
        deadline = None if timeout is None else time.monotonic() + timeout
        announced = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or (deadline is not None and time.monotonic() >= deadline):
                    os.close(fd)
                    raise LockedError(
                        f"{self.path}: another run holds the archive lock ({self.describe_holder()})",
                        hint="wait for it, or use `parallax run --wait`",
                    ) from None
                if on_wait and not announced:
                    on_wait(f"waiting for the archive lock held by {self.describe_holder()}")
                    announced = True
                time.sleep(poll)
        # A record still in the file means its writer never released: it died (kill -9, power loss).
        self.took_over = self.holder()
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode(), 0)
        except OSError:
            pass  # the lock itself holds; only the holder's description is missing (full disk)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
            except OSError:
                pass
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "ArchiveLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


@contextlib.contextmanager
def digest_lock(archive_path: str | os.PathLike | None, timeout: float = 600) -> Iterator[None]:
    """Held around a digest's check, send and record, so two `digest --send` started together send
    once; waits for the other. An in-memory archive (no path) has no other writer."""
    if archive_path is None:
        yield
        return
    lock = ArchiveLock(archive_path, name="digest")
    lock.acquire(wait=True, poll=0.2, timeout=timeout)
    try:
        yield
    finally:
        lock.release()
