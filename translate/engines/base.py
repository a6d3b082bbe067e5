"""The engine interface every translator implements.

Two kinds of engine: one that is handed Chinese with its company names and facts replaced by
tokens (argos, gloss: translate.names restores them), and a TermEngine (llm) that is handed the
Chinese as written plus, per text, the English the registry and the fact layer fix for its terms,
and writes those itself (translate.terms checks and repairs its output).
"""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol, runtime_checkable


def engine_key(name: str, model: str | None) -> str:
    """'engine|model-version': a change of either means articles must be translated again."""
    return f"{name}|{model or '-'}"


def key_model(key: str) -> str | None:
    """What an engine key holds after its name ('translate-zh_en-1.9', 'qwen2.5:7b|prompt-1'):
    the model column of the translation cache, so a cache row and the key it was written under agree."""
    model = key.partition("|")[2]
    return None if model in ("", "-") else model


@runtime_checkable
class Engine(Protocol):
    name: str  # "argos" | "gloss" | "llm"
    model: str | None  # what readers see: argos package name + version, llm model name; None for gloss

    @property
    def key(self) -> str: ...

    def translate_batch(self, texts: list[str]) -> list[str]: ...


@runtime_checkable
class TermEngine(Engine, Protocol):
    """An engine that writes names and facts itself from a terminology list."""

    max_chars: int  # characters of Chinese per request: the Translator cuts texts at sentences to fit
    concurrency: int  # requests in flight at once

    def translate_terms(self, requests: Iterable[tuple[str, list[tuple[str, str]]]]) -> Iterator[str | None]:
        """requests: (text, its (Chinese, English) terms), read as they come; the replies in order.
        None where no translation came back (the server was unreachable or kept failing): the
        caller falls back and keeps the text pending."""
        ...

    def failures(self) -> list[str]:
        """One line per distinct failure so far (for the run's report); never holds the API key."""
        ...
