"""Scrapy settings built from config.crawl: polite by default, quiet on stderr."""

from __future__ import annotations

from scrapy.settings import default_settings

from spiders.job import CrawlSpec
from spiders.netguard import ALLOW_SETTING
from spiders.resolver import SETTING as UNRESOLVABLE_SETTING
from spiders.resolver import unresolvable_from_env
from spiders.spider import MAX_ITEMS_SETTING, RUN_SECONDS_SETTING
from spiders.storage import BACKOFF_SETTING, LOCK_SETTING, PARENT_SETTING
from spiders.storage import SETTING as ARCHIVE_SETTING

# Scrapy 2.13 renamed DNS_RESOLVER (the old name now warns); either selects the resolver class.
_RESOLVER_SETTING = "TWISTED_DNS_RESOLVER" if hasattr(default_settings, "TWISTED_DNS_RESOLVER") else "DNS_RESOLVER"

_UNUSED_EXTENSIONS = ("remote_control.RemoteControl", "telnet.TelnetConsole", "memdebug.MemoryDebugger",
                      "feedexport.FeedExporter", "spiderstate.SpiderState", "logstats.LogStats")
# RetryMiddleware is replaced by spiders.middlewares.BackoffRetryMiddleware (a subclass).
_UNUSED_MIDDLEWARES = ("retry.RetryMiddleware", "cookies.CookiesMiddleware", "httpcache.HttpCacheMiddleware")
_UNUSED_SCHEMES = ("s3", "ftp", "file", "data")


def _without(base: dict, unused: tuple[str, ...]) -> dict:
    return {k: v for k, v in base.items() if not k.endswith(unused)}


def scrapy_settings(crawl: CrawlSpec, log_file: str | None, archive_path: str | None = None,
                    parent_pid: int | None = None, lock_file: str | None = None) -> dict:
    delay = crawl.download_delay
    settings = {
        PARENT_SETTING: parent_pid,
        LOCK_SETTING: lock_file,
        ARCHIVE_SETTING: archive_path,
        MAX_ITEMS_SETTING: crawl.max_items_per_source,
        RUN_SECONDS_SETTING: crawl.max_run_minutes * 60,
        ALLOW_SETTING: crawl.allow_private_addresses,
        BACKOFF_SETTING: crawl.blocked_retry_hours,
        "BOT_NAME": "parallax",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        # Scrapy starts this many asyncio tasks for every callback's output; the archive pipeline is
        # synchronous, so the default 100 only burns CPU (about a third of the engine's time).
        "CONCURRENT_ITEMS": 4,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_BACKOFF_BASE": max(0.5, delay),
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        # AutoThrottle's own 5 s start delay would ignore a configured delay of 0 (tests, demo).
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": delay,
        "AUTOTHROTTLE_MAX_DELAY": max(10.0, delay * 10),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_domain),
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "LOG_ENABLED": log_file is not None,
        "LOG_FILE": log_file,
        "LOG_FILE_APPEND": False,
        "LOG_LEVEL": "WARNING",
        # Every request passes the internal-address guard, a redirected one again as a new request.
        "DOWNLOADER_MIDDLEWARES": {"spiders.middlewares.BackoffRetryMiddleware": 550,
                                   "spiders.netguard.InternalAddressMiddleware": 650},
        "ITEM_PIPELINES": {"spiders.storage.ArchivePipeline": 300},
        # Components a news crawl never uses are left out of the *_BASE dicts: Scrapy imports every
        # key it is given, even one set to None, and these cost a quarter of a second in every child
        # (RemoteControl pulls in aiohttp, TelnetConsole Twisted's conch, cookies tldextract).
        "EXTENSIONS_BASE": _without(default_settings.EXTENSIONS_BASE, _UNUSED_EXTENSIONS),
        "DOWNLOADER_MIDDLEWARES_BASE": _without(default_settings.DOWNLOADER_MIDDLEWARES_BASE, _UNUSED_MIDDLEWARES),
        "DOWNLOAD_HANDLERS_BASE": _without(default_settings.DOWNLOAD_HANDLERS_BASE, _UNUSED_SCHEMES),
    }
    unresolvable = unresolvable_from_env()
    if unresolvable:  # tests' "host not found" fault, answered without a DNS query
        settings[_RESOLVER_SETTING] = "spiders.resolver.ListedHostsFailResolver"
        settings[UNRESOLVABLE_SETTING] = unresolvable
    return settings
