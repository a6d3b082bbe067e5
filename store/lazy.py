"""Public names of a package imported on first use (PEP 562), so importing a stage costs nothing
until one of its functions is called: cron start-up stays fast."""

from __future__ import annotations

import importlib
from typing import Callable


def lazy_exports(package: str, public: dict[str, str]) -> tuple[Callable[[str], object], list[str]]:
    """(__getattr__, __all__) for `package`, whose name -> defining module is `public`."""

    def __getattr__(name: str):
        if name not in public:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(public[name]), name)

    return __getattr__, sorted(public)
