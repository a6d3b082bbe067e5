"""One `parallax run`: crawl, extract, companies, translate, index — incremental and repeatable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from parallax.config import Config, models_dir
from parallax.errors import EXIT_OK, EXIT_PARTIAL, ConfigError
from parallax.lock import ArchiveLock
from store.archive import Archive


@dataclass
class RunReport:
    run_id: int
    sources_ok: list[str] = field(default_factory=list)
    sources_failed: list[tuple[str, str]] = field(default_factory=list)  # (name, one-line error)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    articles_new: int = 0
    articles_updated: int = 0
    processed: int = 0
    translations: int = 0
    engine: str = ""

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.sources_failed else EXIT_OK

    @property
    def errors(self) -> list[str]:
        return [f"{name}: {err}" for name, err in self.sources_failed]


def make_translator(config: Config, archive: Archive | None, engine: str | None = None):
    from translate.engines import get_engine
    from translate.pipeline import Translator
    from translate.registry import default_registry

    return Translator(get_engine(engine or config.translate.engine, models_dir(config)), default_registry(), archive)


def run(
    config: Config,
    archive_path: Path,
    source_names: list[str] | None = None,
    *,
    wait: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> RunReport:
    """Crawl the enabled sources (or the named ones), then process everything pending."""
    from parallax.pipeline import process_pending
    from spiders.crawl import crawl
    from translate.registry import default_registry

    for name in source_names or []:
        config.source(name)  # unknown names are a usage error before anything runs
    if not config.sources:
        raise ConfigError("no sources configured", hint="add sources to config.yaml (see the README)")

    lock = ArchiveLock(archive_path)
    lock.acquire(wait=wait)
    try:
        with Archive.open(archive_path) as archive:
            archive.sync_sources(config.sources)
            archive.sync_companies(default_registry().archive_rows())
            run_id = archive.start_run(os.getpid())
            started = archive.conn.execute("SELECT started FROM runs WHERE id=?", (run_id,)).fetchone()[0]
            report = RunReport(run_id)
            try:
                names = source_names or [s.name for s in config.sources if s.enabled]
                for outcome in crawl(config, archive_path, names):
                    if outcome.ok:
                        report.sources_ok.append(outcome.name)
                    else:
                        report.sources_failed.append((outcome.name, outcome.error or "failed"))
                    if outcome.warning:
                        report.warnings.append((outcome.name, outcome.warning))
                translator = make_translator(config, archive)
                report.engine = translator.key
                stats = process_pending(archive, translator, _topics(config), on_progress)
                report.processed, report.translations = stats.articles, stats.translated
                report.articles_new, report.articles_updated = _article_counts(archive, started)
            except BaseException as e:
                archive.finish_run(run_id, status="failed", errors=report.errors + [f"{type(e).__name__}: {e}"])
                raise
            archive.finish_run(
                run_id,
                status="partial" if report.sources_failed else "ok",
                errors=report.errors,
                sources_ok=len(report.sources_ok),
                sources_failed=len(report.sources_failed),
                articles_new=report.articles_new,
                articles_updated=report.articles_updated,
                translations=report.translations,
            )
            return report
    finally:
        lock.release()


def _topics(config: Config) -> dict:
    return {name: lex.model_dump() for name, lex in config.topics.items()}


def _article_counts(archive: Archive, started: str) -> tuple[int, int]:
    new = archive.conn.execute("SELECT COUNT(*) FROM articles WHERE fetched >= ?", (started,)).fetchone()[0]
    updated = archive.conn.execute(
        "SELECT COUNT(*) FROM articles WHERE fetched < ? AND updated >= ?", (started, started)
    ).fetchone()[0]
    return new, updated
