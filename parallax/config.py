"""Load and validate config.yaml once (unknown keys are errors), and turn it into the plain option
objects each stage takes: spiders.job specs, digest.options, the translate engine and its folder."""

from __future__ import annotations

import difflib
import os
import re
from email.utils import parseaddr
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from digest.options import DigestOptions, SmtpOptions
from parallax.errors import ConfigError
from spiders.job import CrawlSpec, SourceSpec
from store.freshness import DEFAULT_QUIET_AFTER_DAYS
from store.model import SourceRef

DEFAULT_CONFIG = "config.yaml"
DEFAULT_USER_AGENT = "Parallax/0.1 (+https://github.com/parallax-space/parallax; offline research crawler)"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SelectorsConfig(_Strict):
    link: str
    title: str | None = None
    date: str | None = None
    next: str | None = None


class SourceConfig(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    kind: Literal["feed", "page", "wechat"]
    url: str
    lang: Literal["zh", "en", "auto"] = "auto"
    fetch_articles: bool = True
    timezone: str = "Asia/Shanghai"
    enabled: bool = True
    selectors: SelectorsConfig | None = None
    max_pages: int = Field(default=3, ge=1, le=100)
    # Quiet: nothing new for this many days, whatever the source's usual rhythm (0: only the rhythm).
    quiet_after_days: int = Field(default=DEFAULT_QUIET_AFTER_DAYS, ge=0, le=3650)
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(v)
        except Exception:
            raise ValueError(f"unknown time zone {v!r}") from None
        return v

    @model_validator(mode="after")
    def _page_needs_selectors(self) -> "SourceConfig":
        if self.kind == "page" and self.selectors is None:
            raise ValueError("a 'page' source needs selectors: {link: CSS-or-XPath}")
        return self


class ArchiveConfig(_Strict):
    path: str = "parallax.db"
    # run checks the archive's integrity (PRAGMA quick_check: it reads every page, ~1 s per 300 MB)
    # when the last check is older than this; 0 checks on every run.
    check_every_hours: float = Field(default=20, ge=0)


class CrawlConfig(_Strict):
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True
    download_delay: float = Field(default=1.0, ge=0)
    concurrency_per_domain: int = Field(default=2, ge=1, le=32)
    timeout: float = Field(default=30, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    max_page_bytes: int = Field(default=5_000_000, ge=10_000)
    autothrottle: bool = True
    # A run's bounds: what is left is picked up by the next run, newest first, and reported.
    max_items_per_source: int = Field(default=300, ge=1, le=100_000)
    max_run_minutes: float = Field(default=60, gt=0, le=24 * 60)
    # Article pages and redirects on internal addresses (loopback, private, link-local) are refused
    # unless a source is itself on one (then that host is allowed) or this is true.
    allow_private_addresses: bool = False
    # A page that was a verification wall or a rate-limit notice is fetched again no sooner than this,
    # the wait doubling with each refusal (at most a week); 0: on the next run.
    blocked_retry_hours: float = Field(default=6.0, ge=0, le=24 * 7)


class LlmConfig(_Strict):
    """An OpenAI-compatible chat-completions server (Ollama, llama.cpp's server, vLLM, LM Studio)."""

    base_url: str = "http://127.0.0.1:11434/v1"
    model: str | None = None
    api_key_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    concurrency: int = Field(default=4, ge=1, le=64)
    timeout: float = Field(default=60, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    max_chars: int = Field(default=600, ge=50, le=20_000)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https:// (e.g. http://127.0.0.1:11434/v1)")
        return v.rstrip("/")


class TranslateConfig(_Strict):
    engine: Literal["auto", "argos", "llm", "gloss"] = "auto"
    models_dir: str | None = None
    body: Literal["lead", "full", "none"] = "lead"
    lead_chars: int = Field(default=300, ge=20, le=1_000_000)
    llm: LlmConfig = Field(default_factory=LlmConfig)

    @model_validator(mode="after")
    def _llm_needs_a_model(self) -> "TranslateConfig":
        if self.engine == "llm" and not self.llm.model:
            raise ValueError("translate.llm.model is required when translate.engine is llm")
        return self


class SmtpConfig(_Strict):
    host: str = "localhost"
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False
    username: str | None = None
    password_env: str = "PARALLAX_SMTP_PASSWORD"
    timeout: float = Field(default=30, gt=0)


def _address(value: str) -> str:
    """One mail address ("a@b.org" or "Name <a@b.org>"), never a header break (CR/LF)."""
    if any(c in value for c in "\r\n\x00"):
        raise ValueError(f"{value!r} holds a line break: one address per entry")
    name, addr = parseaddr(value)
    if not addr or "@" not in addr or any(c.isspace() for c in addr) or "," in value:
        raise ValueError(f"{value!r} is not one mail address (write name@example.org)")
    return value


class DigestConfig(_Strict):
    recipients: list[str] = Field(default_factory=list)
    sender: str = "parallax@localhost"
    smtp: SmtpConfig = Field(default_factory=SmtpConfig)
    max_headlines: int = Field(default=10, ge=1, le=100)

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, v: list[str]) -> list[str]:
        return [_address(a) for a in v]

    @field_validator("sender")
    @classmethod
    def _sender(cls, v: str) -> str:
        return _address(v)


class TopicLexicon(_Strict):
    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    @field_validator("zh", "en")
    @classmethod
    def _words(cls, v: list[str]) -> list[str]:
        for k in v:
            if not k.strip().rstrip("!").strip().rstrip("*").strip():
                # "" or a bare "*" would match at every word: every article would get the topic
                raise ValueError(f"{k!r} is not a keyword: give a word or phrase (optionally ending in * or !)")
        return v


class CompaniesConfig(_Strict):
    # The user's YAML files of organisations and extra names, merged over the packaged registry in
    # this order (translate.extra); relative paths resolve against the config file's folder.
    extra: list[str] = Field(default_factory=list)

    @field_validator("extra")
    @classmethod
    def _files(cls, v: list[str]) -> list[str]:
        for f in v:
            if not f.strip():
                raise ValueError("an empty file name: list YAML files, e.g. [my-companies.yaml]")
        return v


class Config(_Strict):
    archive: ArchiveConfig = Field(default_factory=ArchiveConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    translate: TranslateConfig = Field(default_factory=TranslateConfig)
    digest: DigestConfig = Field(default_factory=DigestConfig)
    topics: dict[str, TopicLexicon] = Field(default_factory=dict)
    companies: CompaniesConfig = Field(default_factory=CompaniesConfig)

    # Where the file was read from: relative paths in it resolve against its folder.
    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)

    @model_validator(mode="after")
    def _unique_names(self) -> "Config":
        seen: set[str] = set()
        for s in self.sources:
            if s.name in seen:
                raise ValueError(f"source name {s.name!r} is used twice")
            seen.add(s.name)
        return self

    def archive_path(self, override: str | os.PathLike | None = None) -> Path:
        if override is not None:
            return Path(override)
        p = expand_path(self.archive.path, "archive.path")
        return p if p.is_absolute() else self.base_dir / p

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(f"no source named {name!r} in the config", hint="see `parallax sources`")

    # -- the stages' option objects ---------------------------------------------------------
    def selected(self, names: list[str] | None = None) -> list[SourceConfig]:
        """The named sources (enabled or not; an unknown name is a ConfigError), else the enabled ones."""
        if names:
            return [self.source(n) for n in dict.fromkeys(names)]
        return [s for s in self.sources if s.enabled]

    def source_specs(self, names: list[str] | None = None) -> list[SourceSpec]:
        return [SourceSpec.from_json(s.model_dump(mode="json")) for s in self.selected(names)]

    def source_refs(self) -> list[SourceRef]:
        """Every configured source as the archive records it (disabled ones too)."""
        return [SourceRef(s.name, s.kind, s.url, s.lang) for s in self.sources]

    def crawl_spec(self) -> CrawlSpec:
        return CrawlSpec.from_json(self.crawl.model_dump(mode="json"))

    def digest_options(self) -> DigestOptions:
        d = self.digest
        return DigestOptions(recipients=tuple(d.recipients), sender=d.sender, max_headlines=d.max_headlines,
                             smtp=SmtpOptions(**d.smtp.model_dump()), quiet_after_days=self.quiet_limits())

    def quiet_limits(self) -> dict[str, int]:
        """Per configured source, the days without an item after which it is quiet (0: its rhythm only)."""
        return {s.name: s.quiet_after_days for s in self.sources}

    def topics_extra(self) -> dict:
        """config.topics as plain {topic: {zh: [...], en: [...]}} for translate.topics."""
        return {name: lex.model_dump() for name, lex in self.topics.items()}

    def models_dir(self) -> Path:
        return models_dir(self)

    def llm_options(self):
        """translate.llm as the llm engine's options (translate.engines.llm.LlmOptions)."""
        from translate.engines.llm import LlmOptions

        return LlmOptions(**self.translate.llm.model_dump())

    def company_files(self) -> list[Path]:
        """companies.extra as paths (~ and $VARS expanded, relative to the config's folder)."""
        out = []
        for i, f in enumerate(self.companies.extra):
            p = expand_path(f, f"companies.extra.{i}")
            out.append(p if p.is_absolute() else self.base_dir / p)
        return out

    def registry(self):
        """The company registry this config reads: ours with companies.extra merged over it."""
        from translate.extra import registry_with

        return registry_with(self.company_files())


_VAR = re.compile(r"\$(\w+|\{[^}]*\})")


def expand_path(value: str, key: str) -> Path:
    """~ and $VARIABLES expanded; a variable that is not set is a ConfigError naming the key."""
    expanded = os.path.expandvars(os.path.expanduser(value))
    missing = _VAR.search(expanded)
    if missing:
        raise ConfigError(f"{key}: {missing.group(0)} is not set in the environment ({value!r})")
    return Path(expanded)


def _loc(err: dict) -> str:
    return ".".join(str(p) for p in err["loc"] if p != "__root__") or "(top level)"


def _model_at(loc: list) -> type[BaseModel] | None:
    """The config model that holds the key at loc[-1] (for "did you mean")."""
    model: object = Config
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation):
    """SourceConfig of list[SourceConfig], SelectorsConfig | None, dict[str, TopicLexicon] ..."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _describe_one(err: dict, data: dict) -> str:
    loc = list(err["loc"])
    where = _loc(err)
    # Name the source too, so "sources.3.url" becomes readable.
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        try:
            name = data["sources"][loc[1]].get("name")
            if name:
                where = f"{where} (source {name!r})"
        except Exception:  # noqa: BLE001 - only a nicer label for an error being reported
            pass
    if err["type"] == "extra_forbidden":
        model = _model_at(loc)
        close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1) if model else []
        return f"unknown key {where}" + (f" (did you mean {close[0]!r}?)" if close else "")
    return f"{where}: {err['msg']}"


def _describe(exc: ValidationError, data: dict) -> list[str]:
    """Every problem pydantic found, one line each."""
    return [_describe_one(err, data) for err in exc.errors()]


def load_config(path: str | os.PathLike) -> Config:
    """Read and validate one config file; every problem is a ConfigError naming file and key."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found", hint="pass --config PATH or set PARALLAX_CONFIG") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: cannot read config file: {e}") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or "invalid YAML"
        raise ConfigError(f"{p}:{where}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: top level must be a mapping of keys (archive, sources, ...)")
    try:
        cfg = Config.model_validate(data)
    except ValidationError as e:
        problems = [f"{p}: {line}" for line in _describe(e, data)]
        raise ConfigError("\n".join(problems), problems=problems) from None
    cfg.base_dir = p.resolve().parent
    try:
        cfg.archive_path()  # an unset $VARIABLE in the archive's path is a config error now, not later
    except ConfigError as e:
        raise ConfigError(f"{p}: {e}") from None
    return cfg


def default_config_path() -> Path:
    return Path(os.environ.get("PARALLAX_CONFIG") or DEFAULT_CONFIG)


def parallax_home() -> Path:
    """Parallax's own data folder (models, argos caches); $PARALLAX_HOME overrides."""
    env = os.environ.get("PARALLAX_HOME")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(xdg) / "parallax"


def models_dir(cfg: "Config | None") -> Path:
    if cfg is not None and cfg.translate.models_dir:
        p = expand_path(cfg.translate.models_dir, "translate.models_dir")
        return p if p.is_absolute() else cfg.base_dir / p
    return parallax_home() / "models"
