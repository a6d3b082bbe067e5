"""YAML read with libyaml when PyYAML has it (safe, as yaml.safe_load). The registry, the glossary and
the fact layer's catalogues are read by every run, translate and search: PyYAML's pure-Python loader
took 0.38 s of that, libyaml 0.05 s, for the same data."""

from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    return yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader, C or Python
