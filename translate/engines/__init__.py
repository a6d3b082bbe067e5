"""Translation engines: `get_engine(kind, models_dir, llm)` gives argos (a zh->en model installed in
models_dir), llm (a chat-completions server, translate.engines.llm) or the embedded gloss; auto is
argos when a model is installed, else the gloss."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from translate.engines.base import Engine, TermEngine, engine_key
from translate.errors import EngineError, NoModelError

if TYPE_CHECKING:
    from translate.argos_packages import InstalledModel
    from translate.engines.llm import LlmOptions

ENGINES = ("auto", "argos", "llm", "gloss")

__all__ = ["ENGINES", "Engine", "TermEngine", "engine_key", "get_engine", "gloss_engine", "planned_key"]

_gloss = None


def gloss_engine():
    """The process-wide gloss engine (CC-CEDICT and the registry are loaded once)."""
    global _gloss
    if _gloss is None:
        from translate.engines.gloss import GlossEngine
        from translate.registry import default_registry

        try:
            registry = default_registry()
        except (OSError, ValueError):  # no registry data: names still come through name protection
            registry = None
        _gloss = GlossEngine(registry)
    return _gloss


def _select(kind: str, models_dir: Path) -> InstalledModel | None:
    """The zh->en argos model `kind` selects in models_dir (an InstalledModel), or None for the gloss:
    kind gloss, or auto with no model installed. get_engine and planned_key share this one rule."""
    if kind == "gloss":
        return None
    if kind not in ENGINES:
        raise EngineError(f"unknown translation engine {kind!r}", hint="use " + ", ".join(ENGINES))
    from translate.argos_packages import find_model

    installed = find_model(Path(models_dir))
    if installed is None and kind == "argos":
        raise NoModelError(f"no zh->en translation model installed in {models_dir}")
    return installed


def get_engine(kind: str, models_dir: Path, llm: LlmOptions | None = None) -> Engine:
    """kind: auto (argos when a zh->en model is installed, else gloss) | argos | llm | gloss.
    llm: the server and model for kind llm (nothing is contacted until the first translation)."""
    if kind == "llm":
        from translate.engines.llm import LlmEngine, LlmOptions

        return LlmEngine(llm or LlmOptions())
    installed = _select(kind, models_dir)
    if installed is None:
        return gloss_engine()
    from translate.engines.argos import load_argos

    return load_argos(installed, Path(models_dir))


def planned_key(kind: str, models_dir: Path, llm: LlmOptions | None = None) -> str:
    """The key get_engine(kind, models_dir, llm) would have, without loading or contacting anything:
    a run with nothing pending under it never pays for CC-CEDICT, a model or a server."""
    if kind == "llm":
        from translate.engines.llm import LlmOptions

        return (llm or LlmOptions()).key()
    try:
        installed = _select(kind, models_dir)
    except NoModelError:  # argos asked for, none installed: the run fails when (if) it needs the engine
        return engine_key("argos", None)
    return engine_key("argos", installed.label) if installed else engine_key("gloss", None)
