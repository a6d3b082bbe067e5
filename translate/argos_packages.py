"""Argos packages in Parallax's own models folder: install from a file, list, and offline setup.

argostranslate reads its settings when first imported and, with ARGOS_CHUNK_TYPE=SPACY, tries to
download a spaCy sentence model unless `<cache>/argos-translate/spacy/senter/model` exists. We point
every argos folder (data, config, cache, packages) into the models dir, save a spaCy blank "zh"
pipeline as that cache (a real, loadable sentencizer base), create the senter/model folder, and
only then import argostranslate, so neither import nor translation ever touches the network.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import zipfile
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from translate.errors import ModelError

ARGOS_HOME = ".argos"  # inside the models dir; dot-folders are never packages
_lock = threading.Lock()
_argos_home: Path | None = None


@dataclass(frozen=True)
class InstalledModel:
    name: str  # argospm-style package name: translate-zh_en
    version: str
    from_code: str
    to_code: str
    path: Path

    @property
    def label(self) -> str:
        """What readers see next to a translation: package name and version."""
        return f"{self.name}-{self.version}" if self.version else self.name

    @cached_property
    def size_bytes(self) -> int:
        # Walks every file of the package: only `models list` asks, not each engine selection.
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def to_dict(self) -> dict:
        d = asdict(self)
        d["path"] = str(self.path)
        d["size_bytes"] = self.size_bytes
        d["label"] = self.label
        return d


def _read_metadata(folder: Path) -> dict | None:
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _model_of(folder: Path, meta: dict) -> InstalledModel:
    src, dst = str(meta.get("from_code") or ""), str(meta.get("to_code") or "")
    return InstalledModel(
        name=f"translate-{src}_{dst}", version=str(meta.get("package_version") or ""),
        from_code=src, to_code=dst, path=folder,
    )


def _version_tuple(v: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in v.split("."))


def list_models(models_dir: Path) -> list[InstalledModel]:
    """Installed translation packages, by language pair then newest version first."""
    d = Path(models_dir)
    if not d.is_dir():
        return []
    out = []
    for child in d.iterdir():
        if child.name.startswith(".") or not child.is_dir():
            continue
        meta = _read_metadata(child)
        if meta is not None and (child / "model").is_dir():
            out.append(_model_of(child, meta))
    return sorted(out, key=lambda m: (m.from_code, m.to_code, [-x for x in _version_tuple(m.version)], m.name))


def find_model(models_dir: Path, from_code: str = "zh", to_code: str = "en") -> InstalledModel | None:
    for m in list_models(models_dir):
        if m.from_code == from_code and m.to_code == to_code:
            return m
    return None


def install_model(file: str | os.PathLike, models_dir: Path) -> InstalledModel:
    """Unpack a .argosmodel (a zip with one top folder holding metadata.json, model/ and a
    tokenizer) into models_dir, replacing any installed version of the same language pair."""
    src = Path(file)
    if not src.is_file():
        raise ModelError(f"{src}: file not found")
    if not zipfile.is_zipfile(src):
        raise ModelError(f"{src}: not an .argosmodel package (not a zip archive)")
    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zf:
        names = [n for n in zf.namelist() if n.strip("/")]
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) != 1 or any(n.startswith("/") or ".." in n.split("/") for n in names):
            raise ModelError(f"{src}: not an .argosmodel package (expected one top-level folder)")
        top = tops.pop()
        if f"{top}/metadata.json" not in names:
            raise ModelError(f"{src}: not an .argosmodel package (no {top}/metadata.json)")
        staging = Path(tempfile.mkdtemp(prefix=".install-", dir=models_dir))
        try:
            zf.extractall(staging)
            folder = staging / top
            meta = _read_metadata(folder)
            if meta is None or not meta.get("from_code") or not meta.get("to_code"):
                raise ModelError(f"{src}: metadata.json lacks from_code/to_code")
            if not (folder / "model" / "model.bin").is_file():
                raise ModelError(f"{src}: package has no model/model.bin (CTranslate2 model)")
            if not ((folder / "sentencepiece.model").is_file() or (folder / "bpe.model").is_file()):
                raise ModelError(f"{src}: package has no sentencepiece.model or bpe.model")
            new = _model_of(folder, meta)
            for old in list_models(models_dir):
                if (old.from_code, old.to_code) == (new.from_code, new.to_code):
                    shutil.rmtree(old.path)
            dest = models_dir / top
            if dest.exists():
                shutil.rmtree(dest)
            folder.rename(dest)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return _model_of(dest, meta)


def ensure_spacy_cache(cache_root: Path) -> Path:
    """<cache_root>/argos-translate/spacy: a blank "zh" spaCy pipeline with a senter/model folder,
    which is what argos checks before downloading xx_sent_ud_sm."""
    spacy_dir = cache_root / "argos-translate" / "spacy"
    if not (spacy_dir / "config.cfg").is_file():
        import spacy

        spacy_dir.mkdir(parents=True, exist_ok=True)
        spacy.blank("zh").to_disk(spacy_dir)
    (spacy_dir / "senter" / "model").mkdir(parents=True, exist_ok=True)
    return spacy_dir


def setup_argos(models_dir: Path):
    """Configure and import argostranslate for offline use; returns the argostranslate package.

    Settings are read once at import, so the first models dir wins for argos' own folders; the
    packages we load are always opened by path from the models dir we are given.
    """
    global _argos_home
    with _lock:
        models_dir = Path(models_dir).resolve()
        if _argos_home is None:
            home = models_dir / ARGOS_HOME
            for sub in ("data", "config", "cache"):
                (home / sub).mkdir(parents=True, exist_ok=True)
            ensure_spacy_cache(home / "cache")
            env = {
                "ARGOS_PACKAGES_DIR": str(models_dir),
                "ARGOS_TRANSLATE_DATA": str(home / "data"),
                "ARGOS_CHUNK_TYPE": "SPACY",
                # Read at import; translate.argos_index sets the real one (the user's) before each use.
                "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
                "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_CACHE_HOME": str(home / "cache"),
            }
            saved = {k: os.environ.get(k) for k in env}
            os.environ.update(env)
            try:
                import argostranslate.package  # noqa: F401
                import argostranslate.sbd  # noqa: F401
                import argostranslate.settings  # noqa: F401
                import argostranslate.translate  # noqa: F401
            finally:
                # XDG_* would redirect other libraries too, and ARGOS_PACKAGE_INDEX is the user's to set;
                # argos has already read them all.
                for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ARGOS_PACKAGE_INDEX"):
                    if saved[k] is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = saved[k]
            _argos_home = home
        import argostranslate

        return argostranslate
