"""Output files written whole or not at all: a failed write leaves no partial file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from parallax.errors import OutputError


def cannot_write(path, e: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {e.strerror or e}", hint="check the path and its permissions")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path, encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write to a temporary file beside PATH and rename it over PATH only when the block succeeds;
    encoding=None opens it in binary. OSErrors become one-line OutputErrors."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise cannot_write(path, e) from None
    try:
        # mkstemp makes the file 0600; give it the mode a plain open() would have.
        os.chmod(tmp, 0o666 & ~_umask())
        with open(fd, "w" if encoding else "wb", encoding=encoding, newline="" if encoding else None) as f:
            yield f
        os.replace(tmp, path)
    except OSError as e:
        _discard(tmp)
        raise cannot_write(path, e) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
