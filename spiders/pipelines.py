"""Item pipeline: every scraped article goes through Archive.upsert_article, counted per source."""

from __future__ import annotations

from store.archive import Document

DOCUMENT_FIELDS = (
    "url", "source", "title", "text", "lang", "author", "account", "published", "canonical_url",
    "status", "body_from",
)


class ArchivePipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        spider = self.crawler.spider
        doc = Document(**{k: item.get(k) for k in DOCUMENT_FIELDS if item.get(k) is not None})
        result = spider.archive.upsert_article(doc)
        health = spider.health[doc.source]
        if result.created and doc.status == "ok":
            health.items_new += 1
        elif result.changed and not result.created:
            health.items_updated += 1
        return item
