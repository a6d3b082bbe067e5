"""The translation cache: a text is never translated twice by the same engine and model."""

from __future__ import annotations

import hashlib
import json

from store.model import utcnow
from store.sql import chunks, marks


def translation_key(engine: str, model: str | None, text: str) -> str:
    return f"{engine}|{model or '-'}|{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


class Translations:
    """Mixed into store.archive.Archive: needs self.conn and self.db (sqlite-utils)."""

    translation_key = staticmethod(translation_key)

    def cached_translations(self, keys: list[str]) -> dict[str, tuple[str, list[str]]]:
        """key -> (text_en, flags); flags tell e.g. a gloss fallback apart from a model translation."""
        out: dict[str, tuple[str, list[str]]] = {}
        for chunk in chunks(keys):
            for key, text_en, raw in self.conn.execute(
                f"SELECT key, text_en, flags FROM translations WHERE key IN ({marks(len(chunk))})", chunk
            ):
                try:
                    flags = list(json.loads(raw)) if raw else []
                except ValueError:
                    flags = []
                out[key] = (text_en, flags)
        return out

    def cache_translations(self, rows: list[dict]) -> None:
        """rows: {key, engine, model, source_hash, text_en, flags (JSON text)}; a key seen before is replaced."""
        now = utcnow()
        with self.transaction():
            self.db["translations"].insert_all(
                ({"key": r["key"], "engine": r["engine"], "model": r.get("model"), "source_hash": r["source_hash"],
                  "text_en": r["text_en"], "flags": r.get("flags"), "created": now} for r in rows),
                replace=True,
            )
