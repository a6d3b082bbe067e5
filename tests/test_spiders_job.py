"""The crawl child's job: plain specs in step with the config models, and a child that stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import MISSING, fields
from pathlib import Path

import pytest

from parallax.config import CrawlConfig as Crawl
from parallax.config import SelectorsConfig as Selectors
from parallax.config import SourceConfig as Source
from spiders.job import CrawlSpec, SelectorSpec, SourceSpec

REPO = Path(__file__).resolve().parent.parent
# Config fields the parent uses and the child never needs.
PARENT_ONLY = {"lang", "enabled", "note", "quiet_after_days"}


def _names(cls) -> set[str]:
    return {f.name for f in fields(cls)}


def test_specs_have_every_config_field_the_child_needs_with_the_same_defaults():
    assert _names(SourceSpec) == set(Source.model_fields) - PARENT_ONLY
    assert _names(SelectorSpec) == set(Selectors.model_fields)
    assert _names(CrawlSpec) == set(Crawl.model_fields)
    for spec, model in ((SourceSpec, Source), (SelectorSpec, Selectors)):
        for f in fields(spec):
            field = model.model_fields[f.name]
            expected = MISSING if field.is_required() else field.default
            assert (spec.__name__, f.name, f.default) == (spec.__name__, f.name, expected)


def test_specs_read_back_what_the_parent_sends():
    src = Source.model_validate({
        "name": "xinhua-space", "kind": "page", "url": "https://example.cn/space/", "lang": "zh",
        "timezone": "Asia/Hong_Kong", "max_pages": 5, "fetch_articles": False, "note": "listing only",
        "selectors": {"link": ".news-list h3 a", "date": "span.time"},
    })
    spec = SourceSpec.from_json(json.loads(json.dumps(src.model_dump(mode="json"))))
    assert spec == SourceSpec(
        name="xinhua-space", kind="page", url="https://example.cn/space/", fetch_articles=False,
        timezone="Asia/Hong_Kong", max_pages=5,
        selectors=SelectorSpec(link=".news-list h3 a", title=None, date="span.time", next=None),
    )
    feed = SourceSpec.from_json(Source.model_validate(
        {"name": "spacenews", "kind": "feed", "url": "https://spacenews.com/feed/"}).model_dump(mode="json"))
    assert feed.selectors is None and feed.max_pages == 3 and feed.timezone == "Asia/Shanghai"

    crawl = CrawlSpec.from_json(Crawl(download_delay=0, retries=0).model_dump(mode="json"))
    assert (crawl.download_delay, crawl.retries, crawl.obey_robots, crawl.max_page_bytes) == (0, 0, True, 5_000_000)


@pytest.mark.slow
def test_child_never_imports_what_a_crawl_does_not_use(tmp_path):
    """Each of these costs a run with nothing new a measurable share of its time (benchmarks/run.py):
    the config layer (pydantic, yaml) is the parent's, the rest are Scrapy components we switch off."""
    job = tmp_path / "job.json"
    job.write_text(json.dumps({
        "sources": [], "crawl": Crawl().model_dump(mode="json"), "archive_path": str(tmp_path / "a.db"),
        "log_file": None, "out": str(tmp_path / "out.json"),
    }))
    from store.archive import Archive

    Archive.open(tmp_path / "a.db").close()
    probe = ("import runpy, sys; sys.argv = ['worker', sys.argv[1]]\n"
             "try:\n    runpy.run_module('spiders.worker', run_name='__main__')\n"
             "except SystemExit as e:\n    assert not e.code, e.code\n"
             "print(' '.join(sorted(m for m in ('pydantic', 'yaml', 'parallax.config', 'feedparser', 'aiohttp',"
             " 'twisted.conch', 'tldextract', 'scrapy.extensions.telnet', 'scrapy.core.downloader.handlers.http11')"
             " if m in sys.modules)))\n")
    proc = subprocess.run([sys.executable, "-c", probe, str(job)], capture_output=True, text=True, cwd=REPO,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    # http11 is the one handler a crawl needs: its presence shows the engine really started.
    assert proc.stdout.split() == ["scrapy.core.downloader.handlers.http11"]
    assert json.loads((tmp_path / "out.json").read_text()) == []
