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


class LlmSetupError(EngineError):
    """The llm engine cannot start: no model named, or the API key variable it names is empty."""


class ServerError(TranslateError):
    """A translation server (llm) cannot be reached or refuses what we ask."""


class PackageIndexError(TranslateError):
    """The Argos package index, or a package it lists, cannot be fetched (no network, server down)."""
