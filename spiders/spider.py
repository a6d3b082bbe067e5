"""The one Scrapy spider: feeds, listing pages and WeChat mirrors of every configured source.

Parse logic lives in the pure helpers (feeds, listing, and spiders.reading for what a page or a
full-text mirror item becomes, shared with `sources test`); the methods here only route responses to
them and turn the results into items: store.model.Article objects, and NotArticle notes for
verification walls and account pages, which the item pipeline (spiders.storage) writes.

Nothing is lost quietly: an item that cannot be handled (no web address, a link to an internal
address) is skipped with a counted one-line warning naming it, and every other item goes on; an
unexpected exception in a callback fails its source (the run exits 1) instead of ending as a log line.
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import asdict, replace

import scrapy
from scrapy.utils.asyncio import call_later, create_looping_call

from spiders.decode import decode_bytes
from spiders.errors import FeedError
from spiders.failures import describe_failure
from spiders.feeds import FeedEntry, parse_feed
from spiders.guard import RunGuard
from spiders.job import SourceSpec
from spiders.listing import parse_listing
from spiders.netguard import InternalAddress
from spiders.outcome import SourceHealth
from spiders.reading import Reading, key_url, read_feed_item, read_page, teaser_item, unavailable_item
from spiders.storage import LOCK_SETTING, PARENT_SETTING
from store.archive import Archive
from store.urls import normalise_url, web_url

MAX_ITEMS_SETTING = "PARALLAX_MAX_ITEMS_PER_SOURCE"
RUN_SECONDS_SETTING = "PARALLAX_RUN_SECONDS"
WATCHDOG_SECONDS = 1.0
RATE_LIMITED = (429,)  # an article page answered "too many requests": a wall, retried by a later run


def _header(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _status(failure) -> int | None:
    response = getattr(failure.value, "response", None)
    return response.status if response is not None else None


def _refused(failure) -> bool:
    return isinstance(failure.value, InternalAddress)


def _shown(text: str | None, limit: int = 120) -> str:
    return repr(" ".join((text or "").split())[:limit])


def guarded(callback):
    """A callback whose unexpected exception fails its source (with the page named) instead of
    ending as a traceback in the crawl log; what it yielded before the exception is kept."""

    @functools.wraps(callback)
    def wrapper(self, response, **kw):
        try:
            yield from callback(self, response, **kw)
        except Exception as e:  # noqa: BLE001 - any bug here must reach the run's report
            self.callback_failed(kw.get("source"), response.url, e)

    return wrapper


class SourcesSpider(scrapy.Spider):
    name = "parallax"

    def __init__(self, sources: list[dict], archive_path: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {s["name"]: SourceSpec.from_json(s) for s in sources}
        self.archive_path = archive_path
        self.health = {name: SourceHealth() for name in self.sources}
        self.settled: dict[str, set[str]] = {}  # per source: URLs never to fetch again
        self.known: dict[str, set[str]] = {}  # per source: every URL archived (teasers too)
        self.validators: dict[str, dict] = {}  # per source: conditional-GET headers for its index
        self.teasers: dict[str, list[str]] = {}  # per source: pages kept from the feed alone, retried
        self.waiting: dict[str, set[str]] = {}  # per source: account pages, and walls not due for a retry
        self.due: dict[str, list[tuple[str, str | None]]] = {}  # per source: walls due for a retry (link, title)
        self.requested: set[str] = set()  # normalised article URLs asked for in this run
        self.max_bytes: int | None = None
        self.max_items: int | None = None  # new article pages per source and run; the rest wait

    def load_state(self) -> None:
        """What this crawl needs to know from the archive, read once before the first request
        (the item pipeline owns the archive for writing)."""
        with Archive.open(self.archive_path) as archive:
            for name in self.sources:
                self.settled[name] = archive.settled_urls(name)
                self.known[name] = archive.source_urls(name)
                held = archive.not_article_state(name)
                self.waiting[name], self.due[name] = held.skip, held.due
                self.health[name].waiting = len(held.waiting)  # walls still waiting: the mirror is blocked
                self.teasers[name] = [u for u in archive.teaser_urls(name) if u not in held.skip]
                row = archive.source_row(name) or {}
                headers = {}
                if row.get("etag"):
                    headers["If-None-Match"] = row["etag"]
                if row.get("last_modified"):
                    headers["If-Modified-Since"] = row["last_modified"]
                self.validators[name] = headers

    async def start(self):
        self.max_bytes = self.settings.getint("DOWNLOAD_MAXSIZE") or None
        self.max_items = self.settings.getint(MAX_ITEMS_SETTING) or None
        guard = RunGuard(self.settings.getint(PARENT_SETTING) or None, self.settings.get(LOCK_SETTING) or None)
        self._watchdog = create_looping_call(guard.check)
        self._watchdog.start(WATCHDOG_SECONDS, now=False)
        seconds = self.settings.getfloat(RUN_SECONDS_SETTING)
        self._deadline = call_later(seconds, self.time_up) if seconds > 0 else None
        self.load_state()
        for name, src in self.sources.items():
            yield scrapy.Request(
                src.url, callback=self.parse_index, errback=self.index_failed, headers=self.validators[name],
                dont_filter=True, meta={"handle_httpstatus_list": [304], "parallax_trusted": src.url},
                cb_kwargs={"source": name, "page": 1},
            )
            if src.kind == "page" or src.fetch_articles:
                # Pages that failed last time were kept from the feed alone: try them again (as many
                # as a run takes new pages; the rest on later runs).
                for url in self.teasers[name][: self.max_items]:
                    request = self.article_request(name, url, None)
                    if request is not None:
                        yield request
            # Verification walls met by an earlier run whose retry is due, whether or not the feed
            # still lists them.
            for link, title in self.due[name][: self.max_items]:
                request = self.article_request(name, link, FeedEntry(link, title, None, None, None, None))
                if request is not None:
                    self.health[name].retried += 1
                    yield request

    def article_request(self, source: str, link: str, entry: FeedEntry | None) -> scrapy.Request | None:
        """None when this run already asked for the page. Scrapy's duplicate filter is off for
        articles: it would also drop a redirect back to a URL seen before, silently and without
        the errback that keeps the feed teaser (a redirect loop then reaches the redirect limit)."""
        key = normalise_url(link)
        if key in self.requested:
            return None
        self.requested.add(key)
        self.health[source].pages_requested += 1
        return scrapy.Request(
            link, callback=self.parse_article, errback=self.article_failed, dont_filter=True,
            cb_kwargs={"source": source, "link": link, "entry": asdict(entry) if entry else None},
        )

    def _new_entries(self, src: SourceSpec, entries: list[FeedEntry]) -> list[FeedEntry]:
        """The entries to handle in this run, each with a web address (the others skipped, named):
        those archived as teasers (refreshed, retried) and the new ones, of which at most what is left
        of the source's allowance, newest first; the rest are counted as left for the next run."""
        health, settled, known = self.health[src.name], self.settled[src.name], self.known[src.name]
        waiting = self.waiting[src.name]
        again, fresh = [], []
        for entry in entries:
            link = web_url(entry.link)
            if link is None:
                health.skip(f"item {_shown(entry.title)}: {_shown(entry.link)} is not a web address")
                continue
            key = normalise_url(key_url(link, entry))
            if key in settled:
                continue
            if key in waiting:
                continue
            entry = replace(entry, link=link)
            (again if key in known else fresh).append(entry)
        room = None if self.max_items is None else max(0, self.max_items - health.taken)
        if room is not None and len(fresh) > room:
            fresh.sort(key=lambda e: e.published or "", reverse=True)
            health.left += len(fresh) - room
            fresh = fresh[:room]
        health.taken += len(fresh)
        return again + fresh

    # -- index: feed or listing page -------------------------------------------------------
    @guarded
    def parse_index(self, response, source: str, page: int):
        src, health = self.sources[source], self.health[source]
        if response.status == 304:
            health.not_modified = True
            return
        if page == 1:
            health.validators = (_header(response, "ETag"), _header(response, "Last-Modified"))
        if src.kind == "page":
            yield from self._listing(response, src, page)
        else:
            yield from self._feed(response, src)

    def _feed(self, response, src: SourceSpec):
        health = self.health[src.name]
        try:
            feed = parse_feed(response.body, response.url, _header(response, "Content-Type"), src.timezone)
        except FeedError as e:
            health.error = f"{e} ({response.url})"
            return
        if feed.warning:
            health.warnings.append(feed.warning)
        for line in feed.skipped:
            health.skip(line)
        health.items_seen += len(feed.entries) + len(feed.skipped)
        for entry in self._new_entries(src, feed.entries):
            reading = read_feed_item(src.name, entry.link, entry) if src.kind == "wechat" else None
            if reading is not None:
                # The mirror carried the post (or stored a wall in its place: then its page is read,
                # or, when pages are not fetched, the item waits for the mirror to have the post).
                self.health[src.name].met(reading, entry.link)
                if reading.article is not None:
                    yield reading.article
                    continue
                if not src.fetch_articles:
                    continue
            if src.fetch_articles:
                request = self.article_request(src.name, entry.link, entry)
                if request is not None:
                    yield request
            else:
                yield teaser_item(src.name, entry.link, entry)

    def _listing(self, response, src: SourceSpec, page: int):
        health = self.health[src.name]
        sel = src.selectors
        text, _ = decode_bytes(response.body, _header(response, "Content-Type"))
        listing = parse_listing(text, response.url, sel.link, sel.title, sel.date, sel.next, src.timezone)
        if page == 1 and not listing.links and not listing.skipped:
            health.warnings.append(f"no links matched selector {sel.link!r} on {response.url}")
        for line in listing.skipped:
            health.skip(line)
        health.items_seen += len(listing.links) + len(listing.skipped)
        entries = [FeedEntry(link.url, link.title, None, None, link.published, None) for link in listing.links]
        for entry in self._new_entries(src, entries):
            request = self.article_request(src.name, entry.link, entry)
            if request is not None:
                yield request
        if listing.next_url and page < src.max_pages:
            yield scrapy.Request(
                listing.next_url, callback=self.parse_index, errback=self.index_failed,
                cb_kwargs={"source": src.name, "page": page + 1},
            )

    def index_failed(self, failure):
        source, page = failure.request.cb_kwargs["source"], failure.request.cb_kwargs["page"]
        message = describe_failure(failure, self.max_bytes)
        if page == 1:
            self.health[source].error = message
        else:
            self.health[source].warnings.append(f"listing page {page}: {message}")

    # -- articles --------------------------------------------------------------------------
    @guarded
    def parse_article(self, response, source: str, link: str, entry: dict | None):
        src, health = self.sources[source], self.health[source]
        health.pages_done += 1
        feed_entry = FeedEntry(**entry) if entry else None
        html, _ = decode_bytes(response.body, _header(response, "Content-Type"))
        reading = read_page(html, source=source, kind=src.kind, tz=src.timezone, link=link, url=response.url,
                            entry=feed_entry, redirects=response.meta.get("redirect_urls") or ())
        health.met(reading, response.url)
        if reading.kind in ("blocked", "not_article"):
            yield reading.not_article(source, link, feed_entry)
            return
        if reading.kind == "no_text":
            health.pages_failed += 1
            health.warnings.append(reading.reason)
        if reading.article is not None:
            yield reading.article

    def article_failed(self, failure):
        kw = failure.request.cb_kwargs
        health = self.health[kw["source"]]
        health.pages_done += 1
        entry = FeedEntry(**kw["entry"]) if kw["entry"] else None
        if _refused(failure):
            # Never fetched, and not kept as a teaser either: readers would be sent there.
            health.skip(f"item {_shown(entry.title if entry else None)}: {failure.value}")
            return
        status = _status(failure)
        if status in RATE_LIMITED:
            # The mirror (or WeChat) asks us to slow down: a later run tries again, no teaser meanwhile.
            reading = Reading("blocked", reason=f"HTTP {status}")
            health.met(reading, kw["link"])
            yield reading.not_article(kw["source"], kw["link"], entry)
            return
        health.pages_failed += 1
        if health.pages_failed <= 3:
            health.warnings.append(describe_failure(failure, self.max_bytes))
        if status == 410:
            # 410: removed for good. Recorded as unavailable (never retried, never an article),
            # as a deleted WeChat post is; a 404 may be a page not yet published, so it is retried.
            yield unavailable_item(kw["source"], kw["link"], entry, kw["link"])
        elif entry is not None and (entry.title or entry.body):
            yield teaser_item(kw["source"], kw["link"], entry)

    def callback_failed(self, source: str | None, url: str, e: Exception) -> None:
        health = self.health.get(source) if source else None
        message = f"could not read {url}: {type(e).__name__}: {' '.join(str(e).split())[:200]}"
        self.logger.error(message, exc_info=e)
        if health is not None and health.error is None:
            health.error = message

    # -- end -------------------------------------------------------------------------------
    def time_up(self) -> None:
        """crawl.max_run_minutes is over: stop asking, count what is left, close (the pipeline then
        records health with those counts; the pages left are fetched by the next run)."""
        self._deadline = None
        for health in self.health.values():
            health.stopped_early()
        asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="time limit"))

    def closed(self, reason: str):
        for timer in (getattr(self, "_deadline", None),):
            if timer is not None:
                timer.cancel()
        watchdog = getattr(self, "_watchdog", None)
        if watchdog is not None and watchdog.running:
            watchdog.stop()
        # The item pipeline has recorded each source's health by now (close_spider runs first).
        self.outcomes = [h.outcome(n) for n, h in self.health.items()]
