"""The item pipeline: it owns the archive's write handle for the crawl, as Scrapy's docs show for a
database (open_spider / process_item / close_spider). Every Article a spider yields is upserted and
counted for its source; when the crawl ends each source's health is recorded."""

from __future__ import annotations

from store.archive import Archive
from store.model import Article

SETTING = "PARALLAX_ARCHIVE"  # the archive's path, in the crawler's settings


class ArchivePipeline:
    def __init__(self, crawler, archive_path: str):
        self.crawler = crawler
        self.archive_path = archive_path
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.get(SETTING))

    def open_spider(self, spider=None):
        self.archive = Archive.open(self.archive_path)

    def process_item(self, item: Article, spider=None):
        result = self.archive.upsert_article(item)
        health = self.crawler.spider.health[item.source]
        if result.created and item.status == "ok":
            health.items_new += 1
        elif result.changed and not result.created:
            health.items_updated += 1
        return item

    def close_spider(self, spider=None):
        spider = self.crawler.spider
        try:
            for name, health in spider.health.items():
                self.archive.record_outcome(health.outcome(name))
                etag_and_modified = health.validators_to_keep()
                if etag_and_modified is not None:
                    self.archive.set_http_cache(name, *etag_and_modified)
        finally:
            self.archive.close()
