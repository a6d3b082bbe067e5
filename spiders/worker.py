"""Child-process entry point: `python -m spiders.worker JOB.json` runs one Scrapy crawl.

Twisted's reactor cannot be restarted, so every crawl gets a fresh process. The job file names the
sources, crawl settings, archive and where to write the outcomes (JSON list of SourceOutcome)."""

from __future__ import annotations

import gc
import json
import logging
import sys
import warnings

from spiders.guard import die_with_parent


def run_job(job: dict) -> list[dict]:
    from scrapy.crawler import CrawlerProcess

    from spiders.job import CrawlSpec
    from spiders.settings import scrapy_settings
    from spiders.spider import SourcesSpider

    settings = scrapy_settings(CrawlSpec.from_json(job["crawl"]), job.get("log_file"), job["archive_path"],
                               parent_pid=job.get("parent_pid"), lock_file=job.get("lock_file"))
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(SourcesSpider)
    process.crawl(crawler, sources=job["sources"], archive_path=job["archive_path"])
    process.start()
    spider = crawler.spider
    outcomes = getattr(spider, "outcomes", None)
    if outcomes is None:
        raise RuntimeError("the crawl ended before the spider closed")
    return [o.to_json() for o in outcomes]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m spiders.worker JOB.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        job = json.load(f)
    if job.get("parent_pid"):
        die_with_parent(job["parent_pid"])
    logging.captureWarnings(True)
    warnings.simplefilter("ignore", DeprecationWarning)
    outcomes = run_job(job)
    with open(job["out"], "w", encoding="utf-8") as f:
        json.dump(outcomes, f, ensure_ascii=False)
    # The process ends now: without this, the interpreter's last garbage collection walks every
    # object Scrapy and Twisted created, a tenth of a second of a run that finds nothing new.
    gc.freeze()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
