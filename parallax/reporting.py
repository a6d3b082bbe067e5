"""Console helpers shared by commands: progress on a terminal, silence elsewhere."""

from __future__ import annotations

import sys
from typing import Callable

import click


def progress_callback(label: str) -> Callable[[int, int], None] | None:
    """A (done, total) callback drawing a bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None
    state: dict = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return update


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 article', '2 articles', '1 story', '3 stories' (many: the plural when not noun + s)."""
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def engine_label(key: str) -> str:
    """A translator key ("gloss|-", "argos|translate-zh_en-1.9", "llm|qwen2.5:7b|prompt-1") as a reader
    should see it."""
    engine, _, model = key.partition("|")
    if engine == "gloss":
        return "the dictionary gloss (no Argos model installed)"
    if engine == "argos":
        return f"Argos model {model}"
    if engine == "llm":
        return f"the llm model {model.rpartition('|prompt-')[0] or model}"
    return key or "no engine"
