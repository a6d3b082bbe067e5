"""The crawl child writes only on behalf of a live run that holds the archive's lock.

A `parallax run` killed with -9 takes its lock with it (the kernel drops the flock), and a later run
may take the archive over. The child must then stop at once, whatever the reactor is busy with: the
kernel kills it when its parent dies (PR_SET_PDEATHSIG with SIGKILL, Linux), a watchdog the reactor
runs every second checks the same, and the item pipeline checks the lock before every write.
"""

from __future__ import annotations

import os

from store.lock import held_by

EXIT_ORPHANED = 3  # the child's exit status when its run is gone


class RunGuard:
    def __init__(self, parent_pid: int | None, lock_file: str | None = None):
        self.parent_pid = parent_pid
        self.lock_file = lock_file

    def ok(self) -> bool:
        if self.parent_pid is None:
            return True
        if os.getppid() != self.parent_pid:
            return False
        return self.lock_file is None or held_by(self.lock_file, self.parent_pid)

    def check(self) -> None:
        """Exit now when the run is gone: nothing half-written (each write is one transaction),
        nothing written for a run that no longer holds the archive."""
        if not self.ok():
            os._exit(EXIT_ORPHANED)


def die_with_parent(parent_pid: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere the watchdog and
    the lock checks remain)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: SIGKILL cannot wait for a busy reactor
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(EXIT_ORPHANED)
