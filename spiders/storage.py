"""The item pipeline: it owns the archive's write handle for the crawl, as Scrapy's docs show for a
database (open_spider / process_item / close_spider). Every Article a spider yields is upserted and
counted for its source, every NotArticle (a verification wall, an account page) noted with its retry
time; when the crawl ends each source's health is recorded."""

from __future__ import annotations

from spiders.guard import RunGuard
from store.archive import Archive
from store.model import Article, NotArticle

SETTING = "PARALLAX_ARCHIVE"  # the archive's path, in the crawler's settings
PARENT_SETTING = "PARALLAX_PARENT_PID"  # the run this crawl writes for
LOCK_SETTING = "PARALLAX_LOCK_FILE"  # the archive's lock that run holds
BACKOFF_SETTING = "PARALLAX_BLOCKED_RETRY_HOURS"  # a wall's first wait before a retry, doubled each time


class ArchivePipeline:
    def __init__(self, crawler, archive_path: str, guard: RunGuard, backoff_hours: float = 6.0):
        self.crawler = crawler
        self.archive_path = archive_path
        self.guard = guard
        self.backoff_hours = backoff_hours
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        parent = s.getint(PARENT_SETTING) or None
        return cls(crawler, s.get(SETTING), RunGuard(parent, s.get(LOCK_SETTING) or None),
                   s.getfloat(BACKOFF_SETTING, 6.0))

    def open_spider(self, spider=None):
        self.archive = Archive.open(self.archive_path)

    def process_item(self, item: Article | NotArticle, spider=None):
        self.guard.check()
        if isinstance(item, NotArticle):
            self.archive.record_not_article(item, backoff_hours=self.backoff_hours)
            return item
        result = self.archive.upsert_article(item)
        health = self.crawler.spider.health[item.source]
        if result.created and item.status == "ok":
            health.items_new += 1
        elif result.changed and not result.created:
            health.items_updated += 1
        return item

    def close_spider(self, spider=None):
        spider = self.crawler.spider
        self.guard.check()
        try:
            for name, health in spider.health.items():
                self.archive.record_outcome(health.outcome(name))
                etag_and_modified = health.validators_to_keep()
                if etag_and_modified is not None:
                    self.archive.set_http_cache(name, *etag_and_modified)
        finally:
            self.archive.close()
