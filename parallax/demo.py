"""The offline demo: the bundled sample site on loopback, through exactly `parallax run`'s code path."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Callable

from parallax.config import Config, CrawlConfig, SourceConfig
from parallax.errors import UsageError
from parallax.localsite import serve_directory
from parallax.run import RunReport, run

# (name, kind, feed path, declared language): what a user's config.yaml would hold.
DEMO_SOURCES = [
    ("demo-kuaixun", "feed", "feeds/kuaixun.xml", "zh"),
    ("demo-spacewire", "feed", "feeds/spacewire.xml", "en"),
    ("demo-wechat-galactic", "wechat", "feeds/wechat-mirror.xml", "zh"),
]
# An English word that finds the Chinese story too, an amount in Chinese, a company by any name.
DEMO_SEARCHES = ["funding", "十亿元", "LandSpace"]
# A fixed port keeps the sample URLs (the archive's keys) stable, so re-running the demo adds nothing.
DEMO_PORT = 47147


@dataclass
class DemoResult:
    report: RunReport
    archive: Path
    week: str
    digest_files: list[Path]
    articles: dict[str, int]  # by language
    searches: list[tuple[str, list[dict]]] = field(default_factory=list)


def demo_site_root() -> Path:
    return Path(str(resources.files("parallax") / "demo_site"))


def demo_config(base_url: str, out_dir: Path) -> Config:
    sources = [
        SourceConfig(name=name, kind=kind, url=f"{base_url}/{path}", lang=lang) for name, kind, path, lang in DEMO_SOURCES
    ]
    # Polite settings stay on (robots.txt is served); only the delay goes, the server is ours.
    cfg = Config(sources=sources, crawl=CrawlConfig(download_delay=0, timeout=10, retries=1))
    cfg.archive.path = "archive.db"
    cfg.base_dir = Path(out_dir).resolve()
    return cfg


def _previous_port(archive_path: Path) -> int | None:
    """The port an earlier demo in this folder served on: its URLs (the archive's keys) contain it."""
    from urllib.parse import urlsplit

    from store.health import source_url

    url = source_url(archive_path, DEMO_SOURCES[0][0])
    return urlsplit(url).port if url else None


@contextlib.contextmanager
def _serve_demo_site(archive_path: Path):
    previous = _previous_port(archive_path)
    # A re-run must serve on the same port, or every URL would be new and the archive doubled.
    server = serve_directory(demo_site_root(), port=previous or DEMO_PORT, fallback=previous is None)
    try:
        site = server.__enter__()
    except OSError as e:
        raise UsageError(
            f"{archive_path}: this demo archive was built on 127.0.0.1:{previous}, which is in use now "
            f"({e.strerror or e})",
            hint="stop whatever holds that port (another `parallax demo`?), or use a new --dir",
        ) from None
    try:
        yield site
    finally:
        server.__exit__(None, None, None)


def run_demo(out_dir: Path, echo: Callable[[str], None] = print) -> DemoResult:
    from parallax.outputs import write_digest_files
    from store.search import search
    from translate.lookup import query_language

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _serve_demo_site(out_dir.resolve() / "archive.db") as site:
        echo(f"Serving the bundled sample site at {site.base} (no network needed)")
        config = demo_config(site.base, out_dir)
        archive_path = config.archive_path()
        report = run(config, archive_path)

    from store.archive import Archive

    with Archive.open(archive_path) as archive:
        langs = archive.article_counts_by_lang()
        week = _week_of_latest(archive)
        files = write_digest_files(archive, week, config, out_dir, basename="digest")
        words = query_language().kwargs()  # as `parallax search` reads a query
        searches = [(q, search(archive, q, limit=3, **words)) for q in DEMO_SEARCHES]
    return DemoResult(report, archive_path, week, files, langs, searches)


def _week_of_latest(archive) -> str:
    from digest.week import week_of

    latest = archive.latest_date()
    return week_of(datetime.fromisoformat(latest).date() if latest else date.today())
