"""Argos packages from the Argos package index, the way argospm does it, with argostranslate's own
index code: `package.update_package_index()` fetches `$ARGOS_PACKAGE_INDEX/index.json`,
`package.get_available_packages()` reads it, `AvailablePackage.download()` fetches a package from
its links. We then verify the download (every zip member's CRC; metadata.json names the language
pair and version the index promised) and install it with translate.argos_packages.install_model,
which checks the package's layout and replaces an older version of the same pair.

ARGOS_PACKAGE_INDEX (the environment variable argos itself reads) points the index elsewhere: a
mirror, or a loopback server in the tests. argos reads its settings once, at import, so the index
address, the local copy of the index and the downloads folder are set on its settings module before
every call.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from translate.argos_packages import InstalledModel, install_model, list_models, setup_argos
from translate.errors import ModelError, PackageIndexError

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
PAIRS = (("zh", "en"), ("en", "zh"))  # what `models available` lists
TIMEOUT = 30.0  # seconds per network read (argos' own calls have none)


@dataclass(frozen=True)
class Available:
    name: str  # argospm name: translate-zh_en
    version: str
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    links: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name}-{self.version}"

    def to_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "from_code": self.from_code, "to_code": self.to_code,
                "from_name": self.from_name, "to_name": self.to_name, "links": list(self.links)}


def index_url() -> str:
    """Where the index is read from: $ARGOS_PACKAGE_INDEX (argos' own setting), else argos' default."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith("/") else base + "/"


def _version(v: str):
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(v))
    except InvalidVersion:
        return (0, v)


class _Captured(logging.Handler):
    """argos logs a failed fetch and carries on; we keep the message to say what went wrong."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage().strip("(),'\" ")
        self.messages.append(" ".join(msg.split())[:200])


@contextlib.contextmanager
def _argos(models_dir: Path):
    """argostranslate set up for models_dir, pointed at the index of now, quiet, with a timeout."""
    argos = setup_argos(models_dir)
    from argostranslate import package, settings, utils

    home = Path(models_dir).resolve() / ".argos"
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "cache" / "downloads").mkdir(parents=True, exist_ok=True)
    settings.package_index = index_url()
    settings.remote_package_index = settings.package_index + "index.json"
    settings.local_package_index = home / "data" / "index.json"
    settings.downloads_dir = home / "cache" / "downloads"
    captured = _Captured()
    logger, propagate = utils.logger, utils.logger.propagate
    logger.addHandler(captured)
    logger.propagate = False  # argos' messages would otherwise reach stderr through the root logger
    old_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(TIMEOUT)
    try:
        yield argos, package, settings, captured
    finally:
        socket.setdefaulttimeout(old_timeout)
        logger.removeHandler(captured)
        logger.propagate = propagate


_REASONS = (
    ("refused", "connection refused"),
    ("name or service not known", "host not found: no network?"),
    ("temporary failure in name resolution", "host not found: no network?"),
    ("nodename nor servname", "host not found: no network?"),
    ("getaddrinfo failed", "host not found: no network?"),
    ("network is unreachable", "network unreachable"),
    ("timed out", f"no answer within {TIMEOUT:g} s"),
)


def _unreachable(what: str, captured: _Captured) -> PackageIndexError:
    """What argos logged, as a reason a reader understands."""
    said = captured.messages[-1] if captured.messages else "no answer"
    low = said.lower()
    reason = next((r for k, r in _REASONS if k in low), None)
    if reason is None:
        m = re.search(r"HTTP ?Error (\d+): '?([^'\">)]*)", said)
        reason = f"HTTP {m.group(1)} {m.group(2)}".strip() if m else said
    return PackageIndexError(f"cannot fetch {what}: {reason}")


def available(models_dir: Path, pairs=PAIRS) -> list[Available]:
    """The index's translation packages for these language pairs, newest version first per pair."""
    with _argos(models_dir) as (_, package, settings, captured):
        index = Path(settings.local_package_index)
        index.unlink(missing_ok=True)  # a copy from an earlier call must not pass for today's index
        package.update_package_index()
        if not index.is_file():
            raise _unreachable(f"the Argos package index {settings.remote_package_index}", captured)
        try:
            found = package.get_available_packages()
        except (ValueError, TypeError, AttributeError) as e:
            raise PackageIndexError(f"the Argos package index {settings.remote_package_index} is not a "
                                    f"package list ({e})") from None
        out = [
            Available(package.argospm_package_name(p), str(p.package_version or ""), p.from_code, p.to_code,
                      p.from_name or "", p.to_name or "", tuple(p.links or ()))
            for p in found
            if (p.type or "translate") == "translate" and (p.from_code, p.to_code) in pairs
        ]
    out.sort(key=lambda a: _version(a.version), reverse=True)
    out.sort(key=lambda a: pairs.index((a.from_code, a.to_code)))  # stable: newest first within a pair
    return out


def parse_pair(spec: str) -> tuple[str, str] | None:
    """"zh-en", "zh_en", "translate-zh_en" -> ("zh", "en"); None when spec is not a pair."""
    m = re.fullmatch(r"(?:translate-)?([a-z]{2,3})[-_]([a-z]{2,3})", spec.strip().lower())
    return (m.group(1), m.group(2)) if m else None


def install_from_index(pair: tuple[str, str], models_dir: Path) -> InstalledModel:
    """Download the newest package of the pair from the index, verify it and install it."""
    newest = available(models_dir, (pair,))
    if not newest:
        raise ModelError(f"the Argos package index {index_url()}index.json has no {pair[0]}->{pair[1]} package")
    want = newest[0]
    installed = [m for m in list_models(models_dir) if (m.from_code, m.to_code) == pair]
    if installed and installed[0].version == want.version:
        return installed[0]
    with _argos(models_dir) as (_, package, settings, captured):
        pkg = next(p for p in package.get_available_packages()
                   if package.argospm_package_name(p) == want.name and str(p.package_version) == want.version)
        target = Path(settings.downloads_dir) / (package.argospm_package_name(pkg) + ".argosmodel")
        target.unlink(missing_ok=True)  # argos reuses a file already there: never a stale or partial one
        try:
            path = Path(pkg.download())
        except Exception:  # argos raises a bare Exception("Download failed for ...")
            raise _unreachable(f"{want.label} from {', '.join(want.links) or 'the index (no links)'}",
                               captured) from None
    try:
        verify(path, want)
        return install_model(path, models_dir)
    finally:
        path.unlink(missing_ok=True)


def verify(path: Path, want: Available) -> None:
    """The download is an intact zip whose metadata.json is the package the index listed."""
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            if bad is not None:
                raise PackageIndexError(f"{want.label}: downloaded package is damaged ({bad} fails its CRC check)")
            metas = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith("/metadata.json")]
            if len(metas) != 1:
                raise PackageIndexError(f"{want.label}: downloaded file is not an .argosmodel package "
                                        "(no metadata.json)")
            meta = json.loads(zf.read(metas[0]))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as e:
        raise PackageIndexError(f"{want.label}: downloaded file is not an .argosmodel package ({e})") from None
    got = (meta.get("from_code"), meta.get("to_code"), str(meta.get("package_version") or ""))
    if got != (want.from_code, want.to_code, want.version):
        raise PackageIndexError(f"{want.label}: downloaded package is {got[0]}->{got[1]} version {got[2] or '?'}, "
                                "not what the index lists")
