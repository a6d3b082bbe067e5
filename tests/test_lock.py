"""The archive lock: one holder, a one-line refusal naming it, --wait, and takeover after kill -9."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from parallax.errors import EXIT_LOCKED, ArchiveError, LockedError
from parallax.lock import ArchiveLock, lock_path

HOLDER = """
import sys, time
from parallax.lock import ArchiveLock
lock = ArchiveLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


def _hold(archive, seconds):
    """A real other process holding the lock; returns once it has it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(archive), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.slow
def test_second_holder_is_refused_with_the_first_ones_pid(tmp_path):
    archive = tmp_path / "a.db"
    first = ArchiveLock(archive)
    first.acquire()
    try:
        with pytest.raises(LockedError) as e:
            ArchiveLock(archive).acquire()
        msg = e.value.one_line()
        assert f"pid {os.getpid()} on {socket.gethostname()}" in msg
        assert msg.startswith(f"{archive}.lock: another run holds the archive lock")
        assert "parallax run --wait" in msg and "\n" not in msg
        assert e.value.exit_code == EXIT_LOCKED == 75
        assert ArchiveLock(archive).is_held()
    finally:
        first.release()
    assert not ArchiveLock(archive).is_held()
    assert lock_path(archive).read_text() == ""  # a clean release leaves no holder record


@pytest.mark.slow
def test_wait_gets_the_lock_when_the_holder_finishes(tmp_path):
    archive = tmp_path / "a.db"
    holder = _hold(archive, 0.6)
    waits = []
    lock = ArchiveLock(archive)
    t0 = time.monotonic()
    lock.acquire(wait=True, poll=0.05, on_wait=waits.append)
    waited = time.monotonic() - t0
    lock.release()
    holder.wait(5)
    assert 0.2 < waited < 5
    assert len(waits) == 1 and f"pid {holder.pid} on" in waits[0]
    assert lock.took_over is None


@pytest.mark.slow
def test_wait_with_timeout_gives_up(tmp_path):
    archive = tmp_path / "a.db"
    holder = _hold(archive, 5)
    try:
        t0 = time.monotonic()
        with pytest.raises(LockedError, match=f"pid {holder.pid} on"):
            ArchiveLock(archive).acquire(wait=True, poll=0.05, timeout=0.3)
        assert time.monotonic() - t0 < 2
    finally:
        holder.kill()
        holder.wait(5)


@pytest.mark.slow
def test_lock_of_a_killed_holder_is_taken_over(tmp_path):
    archive = tmp_path / "a.db"
    holder = _hold(archive, 60)
    assert ArchiveLock(archive).is_held()
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(5)
    # The dead holder's record is still in the file, but the kernel dropped its flock.
    assert json.loads(lock_path(archive).read_text())["pid"] == holder.pid
    assert not ArchiveLock(archive).is_held()
    lock = ArchiveLock(archive)
    lock.acquire()
    try:
        assert lock.took_over["pid"] == holder.pid
        assert json.loads(lock_path(archive).read_text())["pid"] == os.getpid()
    finally:
        lock.release()


def test_unwritable_place_for_the_lock_is_an_archive_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(ArchiveError, match="cannot create the archive lock") as e:
        ArchiveLock(blocker / "a.db").acquire()
    assert e.value.exit_code == 1
