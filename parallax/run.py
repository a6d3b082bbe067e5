"""One `parallax run`: crawl, extract, companies, translate, index — incremental and repeatable.

Safe to schedule, interrupt and repeat: one run per archive (flock), every run recorded in the
`runs` table and in `<archive>.log`, and every article's derived data committed in one transaction
with its processed_hash, so a run killed at any moment leaves work that the next run simply finishes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from parallax.config import Config
from parallax.errors import EXIT_OK, EXIT_PARTIAL, ArchiveError, ConfigError, LockedError
from parallax.lock import ArchiveLock, describe, lock_path
from parallax.logs import append_line, archive_log, logger
from parallax.reporting import plural
from store.archive import Archive
from store.db import check_archive_file
from store.errors import ArchiveDamaged, DatabaseError
from store.model import SourceOutcome

log = logger("run")


@dataclass
class RunReport:
    run_id: int
    sources_ok: list[str] = field(default_factory=list)
    sources_failed: list[tuple[str, str]] = field(default_factory=list)  # (name, one-line error)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    items_skipped: list[tuple[str, int]] = field(default_factory=list)  # (source, items it could not handle)
    blocked: list[tuple[str, int]] = field(default_factory=list)  # (source, pages that were walls: retried later)
    quiet: list[tuple[str, str]] = field(default_factory=list)  # (source, since when nothing new)
    articles_new: int = 0
    articles_updated: int = 0
    processed: int = 0
    translations: int = 0
    facts_missing: int = 0  # facts of this run's translations their English does not carry
    resumed: int = 0  # articles left pending by an earlier (interrupted or failed) run
    interrupted_runs: list[int] = field(default_factory=list)  # runs found still 'running': they died
    engine: str = ""
    chars: dict[str, int] = field(default_factory=dict)  # characters of Chinese translated, by engine label
    cached_chars: int = 0  # characters whose English came from the translation cache
    engine_failures: list[str] = field(default_factory=list)  # what went wrong with the engine, a line each
    unavailable: int = 0  # articles glossed because the engine failed them, left pending for it
    log_file: Path | None = None

    @property
    def failed(self) -> bool:
        # A blocked mirror is a failure the owner must see (and may fix: a mirror's login), and so is
        # a translation server that failed; a quiet source is a warning: nothing failed, yet.
        return bool(self.sources_failed or self.items_skipped or self.blocked or self.engine_failures)

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.status == "partial" else EXIT_OK

    @property
    def status(self) -> str:
        return "partial" if self.failed else "ok"

    @property
    def errors(self) -> list[str]:
        return ([f"{name}: {err}" for name, err in self.sources_failed]
                + [f"{name}: {plural(n, 'item')} skipped" for name, n in self.items_skipped]
                + [f"{name}: mirror blocked ({plural(n, 'page')} retried later)" for name, n in self.blocked]
                + self.engine_errors())

    def engine_errors(self) -> list[str]:
        """The engine's failures, the first saying what became of the articles."""
        if not self.engine_failures:
            return []
        engine = self.engine.partition("|")[0]
        fate = (f": {plural(self.unavailable, 'article')} glossed for now, left pending for the {engine} engine"
                if self.unavailable else "")
        return [self.engine_failures[0] + fate] + self.engine_failures[1:3]

    def chars_part(self) -> str:
        """'characters translated: llm qwen2.5:7b 12,345, gloss 230 (1,200 from the cache)'."""
        used = ", ".join(f"{label} {n:,}" for label, n in sorted(self.chars.items(), key=lambda kv: -kv[1]))
        cached = f" ({self.cached_chars:,} from the cache)" if self.cached_chars else ""
        return f"; characters translated: {used or 'none'}{cached}" if used or cached else ""

    def summary(self) -> str:
        skipped = sum(n for _, n in self.items_skipped)
        articles = "article" if self.articles_new + self.articles_updated == 1 else "articles"
        skipped_part = f", {plural(skipped, 'item')} skipped" if skipped else ""
        blocked = sum(n for _, n in self.blocked)
        skipped_part += f", {plural(blocked, 'page')} blocked" if blocked else ""
        return (
            f"run {self.run_id}: {plural(len(self.sources_ok), 'source')} ok, {len(self.sources_failed)} failed; "
            f"{self.articles_new} new and {self.articles_updated} updated {articles}{skipped_part}; "
            f"{self.processed} processed, {self.translations} translated ({self.engine})"
            + (f", {plural(self.facts_missing, 'fact')} not in the English (marked in the digest)"
               if self.facts_missing else "")
            + self.chars_part()
        )


def make_translator(config: Config, archive: Archive | None, engine: str | None = None):
    from translate.engines import get_engine
    from translate.translator import Translator

    kind = engine or config.translate.engine
    return Translator(get_engine(kind, config.models_dir(), config.llm_options()), config.registry(), archive)


def planned_engine(config: Config, engine: str | None = None) -> str:
    """The key of the engine a run would use, without loading or contacting it."""
    from translate.engines import planned_key

    return planned_key(engine or config.translate.engine, config.models_dir(), config.llm_options())


def crawl_sources(
    config: Config, archive_path: Path, source_names: list[str] | None = None, timeout: float | None = None,
    lock_file: Path | None = None,
) -> list[SourceOutcome]:
    """The configured sources (or the named ones, enabled or not) crawled into the archive; the
    archive's sources table is first made to list every configured source. lock_file: the archive's
    lock, held by the caller (the crawl writes only while it is)."""
    from spiders.crawl import crawl

    specs = config.source_specs(source_names)  # an unknown name is a ConfigError before anything runs
    with Archive.open(archive_path) as archive:
        archive.sync_sources(config.source_refs())
    return crawl(specs, config.crawl_spec(), Path(archive_path), timeout=timeout, lock_file=lock_file)


def run(
    config: Config,
    archive_path: Path,
    source_names: list[str] | None = None,
    *,
    wait: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    retranslate: bool = False,
    engine: str | None = None,
) -> RunReport:
    """Crawl the enabled sources (or the named ones), then process everything pending
    (with retranslate: every article, ignoring cached translations of the current engine).
    engine: overrides translate.engine (auto | argos | llm | gloss).

    Raises LockedError (exit 75) if another run holds the archive, ArchiveError (exit 1) if the
    archive cannot be written (read-only, disk full), ConfigError (exit 2) for a bad selection."""
    archive_path = Path(archive_path)
    for name in source_names or []:
        config.source(name)  # unknown names are a usage error before anything runs
    if not config.sources:
        raise ConfigError("no sources configured", hint="add sources to config.yaml (see the README)")
    if (engine or config.translate.engine) == "llm":  # before anything is crawled, not after
        if not config.translate.llm.model:
            raise ConfigError("translate.llm.model is not set: the llm engine needs the model the server serves")
        config.llm_options().api_key()
    check_archive_file(archive_path)  # before the lock and the log are created beside it

    lock = ArchiveLock(archive_path)
    try:
        lock.acquire(wait=wait, on_wait=log.info)
    except LockedError as e:
        append_line(archive_path, "WARNING", f"refused: {e}")
        raise
    try:
        with archive_log(archive_path) as log_file:
            if lock.took_over:
                log.warning("took over the archive lock left by a killed run (%s)", describe(lock.took_over))
            try:
                report = _run_locked(config, archive_path, source_names, on_progress, retranslate, engine)
            except (ArchiveError, DatabaseError, OSError) as e:
                err = e if isinstance(e, ArchiveError) else archive_failure(archive_path, e)
                log.error("run failed: %s", err.one_line(), extra={"console": False})
                raise err from None
            except BaseException as e:
                log.error("run failed: %s: %s", type(e).__name__, e, extra={"console": False})
                raise
            report.log_file = log_file
            return report
    finally:
        lock.release()


def _run_locked(config, archive_path, source_names, on_progress, retranslate=False, engine=None) -> RunReport:
    with Archive.open(archive_path) as archive:
        _check_integrity(archive, config.archive.check_every_hours)
        # We hold the lock, so a run still marked 'running' died without finishing (kill -9, power cut).
        interrupted = archive.close_interrupted_runs()
        _sync_registry(archive, config)
        _sync_topics(archive, config)
        run_id = archive.start_run(os.getpid())
        report = RunReport(run_id, interrupted_runs=interrupted)
        names = source_names or [s.name for s in config.sources if s.enabled]
        log.info("run %d started (pid %d): %d sources", run_id, os.getpid(), len(names))
        if interrupted:
            log.warning("runs %s did not finish (killed?); their unfinished work is done now",
                        ", ".join(map(str, interrupted)))
        try:
            report.engine = planned_engine(config, engine)
            if retranslate:
                redo = archive.reset_processing(report.engine)
                log.info("--retranslate: %d articles will be processed and translated again", redo)
            else:
                # Counted before the crawl adds anything: work an earlier run left undone (or a new engine).
                report.resumed = archive.count_pending(report.engine)
            if report.resumed:
                log.info("%d articles left pending by an earlier run are processed now", report.resumed)
            for outcome in crawl_sources(config, archive_path, names, lock_file=lock_path(archive_path)):
                report.articles_new += outcome.items_new
                report.articles_updated += outcome.items_updated
                if outcome.ok:
                    report.sources_ok.append(outcome.name)
                    log.info("source %s: ok, %d items seen, %d new", outcome.name, outcome.items_seen,
                             outcome.items_new)
                else:
                    report.sources_failed.append((outcome.name, outcome.error or "failed"))
                    log.warning("source %s: %s", outcome.name, outcome.error or "failed")
                if outcome.warning:
                    report.warnings.append((outcome.name, outcome.warning))
                    log.warning("source %s: %s", outcome.name, outcome.warning)
                if outcome.items_skipped:
                    report.items_skipped.append((outcome.name, outcome.items_skipped))
                    for line in outcome.skipped:  # each item, named, in the run log
                        log.warning("source %s: skipped %s", outcome.name, line, extra={"console": False})
                if outcome.kinds.get("blocked"):
                    report.blocked.append((outcome.name, outcome.kinds["blocked"]))
            _warn_quiet(archive, config, report)
            if archive.count_pending(report.engine):
                from translate.enrich import enrich_pending

                translator = make_translator(config, archive, engine)
                report.engine = translator.key
                try:
                    stats = enrich_pending(archive, translator, config.topics_extra(), on_progress,
                                           body=config.translate.body, lead_chars=config.translate.lead_chars)
                finally:
                    getattr(translator.engine, "close", lambda: None)()
                report.processed, report.translations = stats.articles, stats.translated
                report.facts_missing = stats.facts_missing
                report.chars, report.cached_chars = dict(stats.chars), stats.cached_chars
                report.engine_failures, report.unavailable = stats.failures, stats.unavailable
                for line in report.engine_errors():
                    log.warning("%s", line)
        except BaseException as e:
            _finish_failed(archive, run_id, report, e)
            raise
        archive.finish_run(
            run_id,
            status=report.status,
            errors=report.errors,
            sources_ok=len(report.sources_ok),
            sources_failed=len(report.sources_failed),
            articles_new=report.articles_new,
            articles_updated=report.articles_updated,
            translations=report.translations,
        )
        log.info("%s", report.summary())
        return report


def _warn_quiet(archive: Archive, config: Config, report: RunReport) -> None:
    """Sources that answered in this run but whose items stopped coming, much longer than usual."""
    fresh = archive.freshness()
    limits = config.quiet_limits()
    for name in report.sources_ok:
        f = fresh.get(name)
        if f is not None and f.is_quiet(None, limits.get(name)):
            report.quiet.append((name, f.describe()))
            log.warning("source %s: quiet: %s", name, f.describe())


def _sync_registry(archive: Archive, config: Config) -> None:
    """Copy the company registry (ours and the config's companies.extra files) into the archive and
    find every article's mentions again when it changed since the last sync, once. Loading it costs
    more than a whole run with nothing new, so an unchanged registry is not loaded at all."""
    import hashlib
    from importlib.resources import files

    from parallax import __version__

    # The files are read as bytes: importing translate.registry would load OpenCC for nothing.
    digest = hashlib.sha256((files("translate") / "companies.yaml").read_bytes() + __version__.encode())
    for path in config.company_files():
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ConfigError(f"companies.extra: {path}: {e.strerror or e}",
                              hint="list existing YAML files under companies.extra") from None
        digest.update(b"\0" + str(path).encode() + b"\0" + data)
    stamp = digest.hexdigest()
    if archive.meta("registry") != stamp:
        from store.companies import sync_registry
        from translate.enrich import retag_mentions

        registry = config.registry()
        sync_registry(archive, registry)
        n = retag_mentions(archive, registry)
        if n:
            log.info("company names changed: mentions found again in %d articles", n)
        archive.set_meta("registry", stamp)


def _sync_topics(archive: Archive, config: Config) -> None:
    """Tag the whole archive again when the topic lexicons (ours after an upgrade, or config.topics)
    changed since it was last tagged, so `search --topic` and the digest read one set of rules."""
    from translate.topics import tagger_stamp

    extra = config.topics_extra()
    stamp = tagger_stamp(extra)
    if archive.meta("topics") != stamp:
        from translate.enrich import retag_topics

        n = retag_topics(archive, extra)
        if n:
            log.info("topic keywords changed: %d articles tagged again", n)
        archive.set_meta("topics", stamp)


def _check_integrity(archive: Archive, every_hours: float) -> None:
    """Refuse to crawl into a damaged archive; the check reads every page, so it runs at most once
    in archive.check_every_hours (a daily cron run checks every time)."""
    from datetime import datetime, timedelta, timezone

    last = archive.meta("integrity_checked")
    now = datetime.now(timezone.utc)
    if last and every_hours > 0:
        try:
            if now - datetime.fromisoformat(last) < timedelta(hours=every_hours):
                return
        except ValueError:
            pass
    damage = archive.quick_check()
    if damage != ["ok"]:
        raise damaged_archive(archive, damage)
    archive.set_meta("integrity_checked", now.replace(microsecond=0).isoformat())


def damaged_archive(archive: Archive, damage: list[str]) -> ArchiveError:
    """The integrity check failed: nothing is crawled into a damaged file."""
    backups = archive.backups()
    where = (f"restore {backups[0].name} (the copy taken before the last upgrade) or your own backup"
             if backups else "restore your own backup, or start a new archive with --db")
    return ArchiveDamaged(f"{archive.path}: archive is damaged, nothing was crawled: {'; '.join(damage)[:300]}",
                          hint=f"{where}; `parallax doctor` shows the check")


def archive_failure(archive_path: Path, e: BaseException) -> ArchiveError:
    """One line the owner can act on, for the ways a disk lets a run down."""
    # SQLite rolls a transaction back itself on SQLITE_FULL; the ROLLBACK that follows then fails
    # with "no transaction is active" and hides the cause, which stays in __context__.
    for cause in _chain(e):
        msg = (cause.strerror + (f": {cause.filename}" if cause.filename else "")
               if isinstance(cause, OSError) and cause.strerror else str(cause).strip() or type(cause).__name__)
        low = msg.lower()
        if "readonly" in low or "read-only" in low or "permission denied" in low or "unable to open" in low:
            return ArchiveError(f"{archive_path}: archive is not writable ({msg})",
                                hint="check permissions of the archive and its folder; nothing was half-written")
        if "full" in low or "no space" in low:
            return ArchiveError(f"{archive_path}: disk full ({msg})",
                                hint="free space and run again; every article written so far is complete")
    return ArchiveError(f"{archive_path}: archive error ({str(e).strip() or type(e).__name__})")


def _chain(e: BaseException | None):
    seen = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        yield e
        e = e.__cause__ or e.__context__


def _finish_failed(archive: Archive, run_id: int, report: RunReport, e: BaseException) -> None:
    # Best effort: on a full or read-only disk this write fails too; the run then stays 'running'
    # and the next run marks it 'interrupted'.
    try:
        archive.finish_run(run_id, status="failed", errors=report.errors + [f"{type(e).__name__}: {e}"])
    except DatabaseError:
        pass
