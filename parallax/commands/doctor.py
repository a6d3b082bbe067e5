"""`parallax doctor`: a checklist of what an unattended installation needs, each check one line.

The checks are plain functions returning Check records (the command only prints them); none of
them writes to the archive: it is opened read-only, so doctor is safe next to a running job.
"""

from __future__ import annotations

import json
import smtplib
import socket
import ssl
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import click

from parallax.reporting import plural
from store.clean import clean_line

OK, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass
class Check:
    name: str
    status: str  # ok | warn | FAIL
    detail: str
    hint: str | None = None

    def line(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.status:<5} {self.name:<9} {self.detail}{hint}"


def check_config(app) -> tuple[Check, object | None]:
    from parallax.config import default_config_path
    from parallax.errors import ParallaxError

    path = Path(app.config_path) if app.config_path else default_config_path()
    try:
        cfg = app.config()
    except ParallaxError as e:
        return Check("config", FAIL, str(e), e.hint), None
    enabled = sum(1 for s in cfg.sources if s.enabled)
    if not cfg.sources:
        return Check("config", FAIL, f"{path}: no sources", "add sources to config.yaml (see the README)"), cfg
    return Check("config", OK, f"{path}: {plural(len(cfg.sources), 'source')}, {enabled} enabled"), cfg


def check_companies(cfg) -> Check:
    """The user's companies.extra files load and merge cleanly (only checked when there are some)."""
    from parallax.errors import ParallaxError
    from translate.errors import RegistryError
    from translate.registry import default_registry

    try:
        reg = cfg.registry()
    except (RegistryError, ParallaxError) as e:
        return Check("companies", FAIL, e.one_line(), "fix the file named, or take it out of companies.extra")
    added = len(reg) - len(default_registry())
    files = plural(len(cfg.companies.extra), "file")
    return Check("companies", OK, f"{plural(len(reg), 'organisation')} ({added} new from {files} in companies.extra)")


def _human(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def check_archive(path: Path, lock_held: bool = False, quiet_limits: dict[str, int] | None = None) -> list[Check]:
    """Schema version, integrity and size; then source health and the last run from the same file."""
    from store.errors import ArchiveError
    from store.health import inspect

    if not path.exists():
        return [Check("archive", WARN, f"{path}: not created yet", "`parallax run` creates it")]
    try:
        found = inspect(path)
    except ArchiveError as e:
        return [Check("archive", FAIL, str(e), "is it a Parallax archive?")]
    version, integrity, articles = found.version, found.integrity, found.articles
    sources, last, current = found.sources, found.last_run, found.current
    out = []
    size = _human(found.size_bytes)
    if integrity != ["ok"]:
        out.append(Check("archive", FAIL, f"{path}: integrity check failed: {'; '.join(integrity)[:300]}",
                         "restore the newest .bak copy, or rebuild with `parallax run`"))
    elif version > current:
        out.append(Check("archive", FAIL, f"{path}: schema {version} is newer than this Parallax ({current})",
                         "upgrade Parallax"))
    elif version < current:
        out.append(Check("archive", WARN, f"{path}: schema {version} of {current}, integrity ok, {size}",
                         f"the next run migrates it after saving {path.name}.v{version}.bak"))
    else:
        out.append(Check("archive", OK, f"{path}: schema {version}, integrity ok, {size}, {plural(articles, 'article')}"))
    out.append(_sources_check(sources, found.freshness, quiet_limits or {}))
    out.append(_last_run_check(last, lock_held))
    return out


def _names(rows: list[dict]) -> str:
    return f"{', '.join(s['name'] for s in rows[:5])}{' ...' if len(rows) > 5 else ''}"


# Sources that answer yet bring nothing (or not everything) in, worst first, as doctor words them.
_TROUBLE = (
    ("blocked", "mirror blocked (verification or rate-limit pages)", "see `parallax sources`; check the mirror's login"),
    ("unreadable", "no article text found on their pages", "try `parallax sources test NAME`"),
    ("quiet", "quiet (nothing new for much longer than usual)", "try `parallax sources test NAME`"),
    ("warning", "skipped items", "see `parallax sources`"),
)


def _sources_check(sources: list[dict], freshness: dict | None = None, limits: dict[str, int] | None = None) -> Check:
    """The archive's sources: FAIL when every one that was tried is failing (nothing comes in), warn
    when some fail, are blocked, unreadable or quiet, or skipped items."""
    from store.freshness import DEFAULT_QUIET_AFTER_DAYS, shown_status

    freshness, limits = freshness or {}, limits or {}
    tried = [{**s, "status": shown_status(s.get("status"), freshness.get(s["name"]), None,
                                          limits.get(s["name"], DEFAULT_QUIET_AFTER_DAYS))}
             for s in sources if s.get("status") not in (None, "never")]
    if not tried:
        return Check("sources", WARN, "no source crawled yet")
    failing = [s for s in tried if s.get("status") == "failing"]
    if not failing:
        parts, hints = [], []
        for status, words, hint in _TROUBLE:
            found = [s for s in tried if s["status"] == status]
            if found:
                parts.append(f"{len(found)} of {len(tried)} {words}: {_names(found)}")
                hints.append(hint)
        if parts:
            return Check("sources", WARN, "; ".join(parts), hints[0])
        return Check("sources", OK, f"{plural(len(tried), 'source')}, none failing")
    worst = max(failing, key=lambda s: s.get("consecutive_failures") or 0)
    status = FAIL if len(failing) == len(tried) else WARN
    return Check(
        "sources", status,
        f"{len(failing)} of {len(tried)} failing: {', '.join(s['name'] for s in failing[:5])}"
        f"{' ...' if len(failing) > 5 else ''}; {worst['name']}: {clean_line(worst.get('last_error')) or '?'}",
        "see `parallax sources`",
    )


def _last_run_check(last: dict | None, lock_held: bool = False) -> Check:
    if last is None:
        return Check("last run", WARN, "none yet", "schedule `parallax run` (see docs/OPERATIONS.md)")
    what = (f"run {last['id']} {last['status']}, started {last['started']}, finished {last.get('finished') or '-'}; "
            f"{last.get('sources_ok') or 0} sources ok, {last.get('sources_failed') or 0} failed, "
            f"{last.get('articles_new') or 0} new articles")
    if last["status"] == "ok" or (last["status"] == "running" and lock_held):
        return Check("last run", OK, what)
    if last["status"] == "running":  # marked running, yet nobody holds the lock: it was killed
        return Check("last run", WARN, what + "; it did not finish (killed?)", "the next run finishes its work")
    errors = json.loads(last.get("errors") or "[]")
    hint = "the next run finishes its work" if last["status"] == "interrupted" else None
    return Check("last run", WARN, what + (f"; {errors[0]}" if errors else ""), hint)


def check_lock(path: Path, held: bool | None = None) -> Check:
    """held: the caller's own probe of the lock, so one report never reads it twice (and never
    says a run is and is not in progress); None probes it here."""
    from parallax.lock import ArchiveLock

    lock = ArchiveLock(path)
    if lock.is_held() if held is None else held:
        return Check("lock", OK, f"a run is in progress ({lock.describe_holder()})")
    left = lock.holder()
    if left:
        return Check("lock", OK, f"free (a killed run left pid {left.get('pid', '?')}'s record; the next run takes over)")
    return Check("lock", OK, "free")


def check_model(cfg) -> Check:
    from parallax.config import models_dir
    from translate.argos_packages import find_model

    folder = models_dir(cfg)
    model = find_model(folder)
    engine = cfg.translate.engine if cfg is not None else "auto"
    if model is not None:
        if engine == "gloss":
            return Check("model", OK, f"{model.label} installed, but translate.engine is gloss")
        return Check("model", OK, f"{model.label} in {folder}")
    if engine == "argos":
        return Check("model", FAIL, f"translate.engine is argos but no zh→en model in {folder}", INSTALL_HINT)
    if engine == "llm":
        return Check("model", OK, f"no zh→en model in {folder} (not needed: translate.engine is llm)")
    return Check("model", WARN, f"no zh→en model in {folder}: translations are word-by-word glosses",
                 INSTALL_HINT)


INSTALL_HINT = "parallax models install zh-en"
LIVE_SENTENCE = "蓝箭航天的朱雀三号运载火箭在广州南沙完成总装。"


def check_engine(cfg) -> Check:
    """Which engine translates, and when none does (only the gloss), the command that fixes it."""
    from parallax.config import models_dir
    from translate.argos_packages import find_model

    engine = cfg.translate.engine if cfg is not None else "auto"
    if engine == "llm":
        return check_llm_server(cfg)
    if engine == "gloss":
        return Check("engine", OK, "gloss: word-by-word dictionary gloss (translate.engine is gloss)")
    model = find_model(models_dir(cfg))
    if model is not None:
        return Check("engine", OK, f"argos {model.label} (translate.engine is {engine})")
    if engine == "argos":
        return Check("engine", FAIL, "none: translate.engine is argos and no Argos zh→en model is installed",
                     INSTALL_HINT)
    return Check("engine", WARN, "gloss only: no translation engine (no Argos zh→en model, no llm server set)",
                 f"{INSTALL_HINT}, or an llm server: translate.engine: llm (docs/OPERATIONS.md)")


def check_llm_server(cfg) -> Check:
    """GET /models on the llm server: does it answer, take the key, list the model."""
    from translate.engines.llm import probe
    from translate.errors import LlmSetupError, ServerError

    opts = cfg.llm_options()
    if not opts.model:
        return Check("engine", FAIL, "llm: translate.llm.model is not set", "name the model the server serves")
    what = f"llm {opts.model} at {opts.base_url}"
    try:
        found = probe(opts)
    except LlmSetupError as e:
        return Check("engine", FAIL, f"{what}: {e}", e.hint)
    except ServerError as e:
        return Check("engine", FAIL, f"{what}: {str(e).split(': ', 1)[-1]}",
                     "start the server or fix translate.llm.base_url; runs meanwhile gloss and keep articles pending")
    ms = f"{found.seconds * 1000:.0f} ms"
    if opts.model not in found.models:
        listed = ", ".join(found.models[:5]) + (" ..." if len(found.models) > 5 else "") or "none"
        return Check("engine", WARN, f"{what}: server answered in {ms} but does not list {opts.model} "
                     f"(it lists {listed})", "pull the model on the server, or set translate.llm.model")
    return Check("engine", OK, f"{what}: server answered in {ms}, model listed")


def check_llm_live(cfg) -> Check:
    """One sentence through the llm engine and the Translator (terminology, guard, repairs)."""
    import time

    from parallax.errors import ParallaxError
    from parallax.run import make_translator
    from store.errors import StageError

    if not cfg.translate.llm.model:
        return Check("llm", FAIL, "translate.llm.model is not set", "name the model the server serves")
    try:
        translator = make_translator(cfg, None, "llm")
    except (StageError, ParallaxError) as e:
        return Check("llm", FAIL, str(e), e.hint)
    try:
        translator.warm_up()  # the registry and the fact layer load on first use: not the server's latency
        start = time.perf_counter()
        [r] = translator.translate_many([LIVE_SENTENCE])
        seconds = time.perf_counter() - start
    finally:
        translator.engine.close()
    failures = translator.failures()
    if failures:
        return Check("llm", FAIL, failures[0], "check translate.llm; runs meanwhile gloss and keep articles pending")
    repaired = [f for f in r.flags if f.startswith(("names:", "reply:", "terms:", "untranslated:", "degenerate:"))]
    detail = f"{LIVE_SENTENCE} -> {r.text_en!r} in {seconds:.2f} s"
    if repaired or r.facts_missing or r.engine != "llm":
        lost = f"; facts missing: {', '.join(f.en for f in r.facts_missing)}" if r.facts_missing else ""
        return Check("llm", WARN, f"{detail} (repaired: {', '.join(repaired) or 'none'}{lost})",
                     "the model does not follow the terminology well; try another model")
    return Check("llm", OK, detail)


def check_smtp(cfg, live: bool = False) -> Check:
    smtp, digest = cfg.digest.smtp, cfg.digest
    where = f"{smtp.host}:{smtp.port}" + (" (SSL)" if smtp.ssl else " (STARTTLS)" if smtp.starttls else "")
    if not digest.recipients:
        return Check("smtp", WARN, f"{where}: digest.recipients is empty", "list addresses under digest.recipients")
    from digest.errors import MissingPassword
    from digest.send import smtp_password

    try:
        smtp_password(cfg.digest_options().smtp)
    except MissingPassword:
        return Check("smtp", FAIL, f"{where}: username {smtp.username} set but ${smtp.password_env} is empty",
                     f"export {smtp.password_env}=... where cron runs")
    detail = f"{where}, from {digest.sender} to {plural(len(digest.recipients), 'recipient')}"
    if not live:
        return Check("smtp", OK, detail + " (not contacted; --smtp checks it live)")
    try:
        smtp_probe(cfg.digest_options().smtp)
    except (smtplib.SMTPException, ssl.SSLError, OSError) as e:
        reason = _smtp_reason(e)
        return Check("smtp", FAIL, f"{where}: {reason}", "check digest.smtp in the config")
    return Check("smtp", OK, detail + ("; login ok" if smtp.username else "; server answered"))


def smtp_probe(smtp) -> None:
    """Connect, greet, STARTTLS and log in exactly as a send does (the same function), then quit:
    no message is sent."""
    from digest.send import connect

    with connect(smtp) as client:
        client.noop()


def _smtp_reason(e: BaseException) -> str:
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return f"login refused ({e.smtp_code})"
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return f"not supported by the server: {e}"
    if isinstance(e, smtplib.SMTPResponseException):
        return f"server answered {e.smtp_code}"
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, socket.timeout):
        return "timed out"
    if isinstance(e, socket.gaierror):
        return "host not found"
    return " ".join(f"{type(e).__name__}: {e}".split())[:200]


def check_log(path: Path) -> Check:
    from parallax.logs import log_path

    log = log_path(path)
    if not log.exists():
        return Check("log", OK, f"{log} (not written yet)")
    return Check("log", OK, f"{log} ({_human(log.stat().st_size)})")


def run_checks(app, smtp_live: bool = False, llm_live: bool = False) -> list[Check]:
    config_check, cfg = check_config(app)
    checks = [config_check]
    try:
        archive = app.archive_path(required_config=False) if cfg is None else app.archive_path()
    except Exception:  # the config is broken; only --db can still tell us where the archive is
        archive = Path(app.db_path) if app.db_path else None
    if archive is not None:
        from parallax.lock import ArchiveLock

        held = ArchiveLock(archive).is_held()
        checks += check_archive(archive, lock_held=held, quiet_limits=cfg.quiet_limits() if cfg is not None else None)
        checks += [check_lock(archive, held), check_log(archive)]
    # The model check needs no config (the default models folder), so a broken config never hides it.
    checks.append(check_model(cfg))
    checks.append(check_engine(cfg))
    if cfg is not None and llm_live:
        checks.append(check_llm_live(cfg))
    if cfg is not None and cfg.companies.extra:
        checks.append(check_companies(cfg))
    if cfg is not None:
        checks.append(check_smtp(cfg, live=smtp_live))
    return checks


@click.command("doctor")
@click.option("--smtp", "smtp_live", is_flag=True, help="Also connect to the SMTP server and log in (sends nothing).")
@click.option("--llm", "llm_live", is_flag=True,
              help="Also translate one sentence with the llm server (translate.llm) and show the latency.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per check.")
@click.pass_obj
def doctor(app, smtp_live: bool, llm_live: bool, as_json: bool) -> None:
    """Check config, archive (schema, integrity, size), sources (failing, blocked, unreadable,
    quiet), last run, lock, log, model, translation engine and SMTP.

    The engine line says which engine translates (argos MODEL, llm MODEL at URL: the server is
    asked for its model list, or the gloss) and, when only the gloss is there, the command
    that fixes it. Prints one line per check: ok, warn or FAIL. Exit 0 when nothing FAILs, 1 otherwise.
    A missing or broken config is a FAIL line like any other (exit 1, not the usual exit 2
    for configuration errors), and the remaining checks still run.
    Reads the archive without writing, so it is safe while a run is going.

    \b
    Example:
      parallax --config ~/parallax/config.yaml doctor
      parallax doctor --smtp
      parallax doctor --llm
    """
    checks = run_checks(app, smtp_live=smtp_live, llm_live=llm_live)
    for c in checks:
        click.echo(json.dumps(asdict(c), ensure_ascii=False) if as_json else c.line())
    if any(c.status == FAIL for c in checks):
        sys.exit(1)


COMMANDS = [doctor]
