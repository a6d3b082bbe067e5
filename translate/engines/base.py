"""The engine interface every translator implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


def engine_key(name: str, model: str | None) -> str:
    """'engine|model-version': a change of either means articles must be translated again."""
    return f"{name}|{model or '-'}"


@runtime_checkable
class Engine(Protocol):
    name: str  # "argos" | "gloss"
    model: str | None  # argos package name + version; None for gloss

    @property
    def key(self) -> str: ...

    def translate_batch(self, texts: list[str]) -> list[str]: ...
