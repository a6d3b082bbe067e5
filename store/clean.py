"""One sanitising step for text that comes from outside (feeds, pages, mirrors): applied where an
article enters the archive, and again where archived text leaves for a terminal or a digest, so an
archive written by an older version is safe to show too.

What goes: C0 and C1 control characters but tab and newline (ESC starts terminal escape sequences:
colours, cursor moves, OSC hyperlinks and title changes; BEL rings), DEL, the bidirectional
embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069: a title can be made to read
backwards), lone surrogates and the non-characters U+FFFE/U+FFFF. Carriage returns become newlines.
"""

from __future__ import annotations

import re

_DROP = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0),
                           *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFFFE, 0xFFFF)}
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def clean_text(text: str | None) -> str | None:
    """The text without control and bidi-override characters; \\r\\n and \\r read as \\n."""
    if not text:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_DROP)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def clean_line(text: str | None) -> str | None:
    """clean_text on one line: every run of white space (newlines too) becomes one space."""
    if not text:
        return text
    return _SPACES.sub(" ", clean_text(text)).strip()
