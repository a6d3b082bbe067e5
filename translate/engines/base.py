"""The engine interface every translator implements, and helpers shared by engines."""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

# CJK Unified Ideographs (+ Extension A, the compatibility block, and the supplementary ideographic
# plane: Extensions B-F and compatibility supplement, rare characters of names and places): what makes
# a text "Chinese". The one definition of these ranges: build other patterns from CJK_RANGES, inside [...].
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RE = re.compile(f"[{CJK_RANGES}]")


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


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


def translation_label(lang: str | None, engine: str | None, model: str | None) -> str:
    """Who wrote an article's English, as a reader sees it next to the text: "original English",
    "gloss" (a word-by-word dictionary gloss), "argos MODEL", or "not translated"."""
    if lang == "en":
        return "original English"
    if not engine or engine == "none":
        return "not translated"
    if engine == "argos" and model:
        return f"argos {model}"
    return engine
