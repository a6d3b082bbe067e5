"""The lines a command reads: from FILE, from stdin (FILE is -), or from --text."""

from __future__ import annotations

from pathlib import Path

import click

from parallax.errors import UsageError


def input_lines(file: str | None, text: str | None, nothing: str = "nothing to read") -> list[str]:
    """The input as lines; every way it can be wrong (both or neither given, unreadable, not UTF-8)
    is a one-line UsageError naming the file, or stdin."""
    if text is not None and file is not None:
        raise UsageError("give FILE or --text, not both")
    if text is not None:
        return text.splitlines() or [text]
    if file is None:
        raise UsageError(nothing, hint="give FILE, - for stdin, or --text T")
    name = "stdin" if file == "-" else file
    try:
        data = click.get_binary_stream("stdin").read() if file == "-" else Path(file).read_bytes()
    except OSError as e:
        raise UsageError(f"{name}: cannot read: {e.strerror or e}") from None
    return decode_utf8(data, name).splitlines()


def decode_utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise UsageError(f"{name}: not UTF-8: undecodable byte 0x{data[e.start]:02x} at byte offset {e.start} "
                         f"(line {line})", hint="convert it first, e.g. iconv -f GB18030 -t UTF-8") from None
