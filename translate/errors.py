"""Errors of the enrichment stage (registry, engines, models)."""

from __future__ import annotations

from store.errors import StageError


class TranslateError(StageError):
    """Base of the translate stage's errors."""


class RegistryError(TranslateError, ValueError):
    """A company registry file is malformed (ours: a reviewer's mistake the tests catch; a user's
    extra file: named with the key at fault)."""


class EngineError(TranslateError):
    """An unknown translation engine was asked for."""


class ModelError(TranslateError):
    """A model package cannot be installed or used."""


class NoModelError(ModelError):
    """An engine that needs a model was asked for and none is installed."""
