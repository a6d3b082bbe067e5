"""spiders: bytes to Articles. Pure parsers (feeds, listing, extract, wechat, dates, decode, lang) and
the Scrapy parts (spider, item pipeline, settings, the crawl child); crawl() runs one crawl.

Public names are imported on first use, so `import spiders` costs nothing at cron start-up.
"""

from store.lazy import lazy_exports

_PUBLIC = {
    "crawl": "spiders.crawl", "SourceSpec": "spiders.job", "CrawlSpec": "spiders.job",
    "parse_feed": "spiders.feeds", "parse_listing": "spiders.listing", "extract_article": "spiders.extract",
    "parse_wechat": "spiders.wechat", "parse_date": "spiders.dates", "detect_lang": "spiders.lang",
}
__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
