"""Translation engines: `get_engine(kind, models_dir)` picks argos (a zh->en model is installed)
or the embedded gloss."""

from __future__ import annotations

from pathlib import Path

from parallax.errors import ModelError, UsageError
from translate.engines.base import Engine, engine_key, has_cjk

__all__ = ["Engine", "engine_key", "get_engine", "gloss_engine", "has_cjk", "planned_key"]

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


def get_engine(kind: str, models_dir: Path) -> Engine:
    """kind: auto (argos when a zh->en model is installed, else gloss) | argos | gloss."""
    from translate.models import find_model

    if kind == "gloss":
        return gloss_engine()
    if kind not in ("auto", "argos"):
        raise UsageError(f"unknown translation engine {kind!r}", hint="use auto, argos or gloss")
    installed = find_model(Path(models_dir))
    if installed is None:
        if kind == "auto":
            return gloss_engine()
        raise ModelError(
            f"no zh->en translation model installed in {models_dir}",
            hint="install one with `parallax models install FILE.argosmodel`",
        )
    from translate.engines.argos import load_argos

    return load_argos(installed, Path(models_dir))


def planned_key(kind: str, models_dir: Path) -> str:
    """The key get_engine(kind, models_dir) would have, without loading anything: a run with
    nothing pending under it never pays for CC-CEDICT or a model."""
    from translate.models import find_model

    if kind == "gloss":
        return engine_key("gloss", None)
    installed = find_model(Path(models_dir)) if kind in ("auto", "argos") else None
    if installed is None:
        return engine_key("gloss", None) if kind == "auto" else engine_key(kind, None)
    return engine_key("argos", installed.label)
