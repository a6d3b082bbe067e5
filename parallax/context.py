"""What every command shares: the config (loaded once, lazily) and the archive path."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from parallax.config import Config, default_config_path, load_config


@dataclass
class AppContext:
    config_path: str | None = None
    db_path: str | None = None
    _config: Config | None = field(default=None, repr=False)

    @property
    def explicit_config(self) -> bool:
        """A config file was named (--config or $PARALLAX_CONFIG), not merely found as ./config.yaml."""
        return self.config_path is not None or bool(os.environ.get("PARALLAX_CONFIG"))

    def config_label(self) -> str:
        return str(Path(self.config_path) if self.config_path else default_config_path())

    def config(self, required: bool = True) -> Config:
        """The validated config. With required=False a missing *default* file gives defaults;
        a file named by --config or $PARALLAX_CONFIG must always exist."""
        if self._config is None:
            path = Path(self.config_path) if self.config_path else default_config_path()
            if not path.exists() and not required and not self.explicit_config:
                self._config = Config()
            else:
                self._config = load_config(path)
        return self._config

    def registry(self):
        """The company registry with the config's companies.extra files (without a config file: ours)."""
        return self.config(required=False).registry()

    def archive_path(self, required_config: bool = True) -> Path:
        if self.db_path:
            return Path(self.db_path)
        return self.config(required=required_config).archive_path()

    def archive_label(self) -> str:
        """The archive's path for a message, or "the archive" when the config cannot say."""
        try:
            return str(self.archive_path(required_config=False))
        except Exception:  # noqa: BLE001 - only a label for an error already being reported
            return "the archive"

    def open_archive(self, create: bool = False, required_config: bool = True, read_only: bool = False):
        """read_only: the command only reads, so an archive it may not write is opened read-only."""
        from store.archive import Archive

        return Archive.open(self.archive_path(required_config), create=create, read_only_ok=read_only)

