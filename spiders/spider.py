"""The one Scrapy spider: feeds, listing pages and WeChat mirrors of every configured source.

Parse logic lives in the pure helpers (feeds, listing, extract, wechat); the methods here only
route responses to them and turn the results into items: store.model.Article objects, which the
item pipeline (spiders.storage) writes to the archive.

Nothing is lost quietly: an item that cannot be handled (no web address, a link to an internal
address) is skipped with a counted one-line warning naming it, and every other item goes on; an
unexpected exception in a callback fails its source (the run exits 1) instead of ending as a log line.
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import asdict

import scrapy
from scrapy.utils.asyncio import call_later, create_looping_call

from spiders.decode import decode_bytes
from spiders.errors import FeedError
from spiders.extract import extract_article
from spiders.failures import describe_failure
from spiders.feeds import FeedEntry, parse_feed
from spiders.guard import RunGuard
from spiders.job import SourceSpec
from spiders.lang import detect_lang
from spiders.listing import parse_listing
from spiders.netguard import InternalAddress
from spiders.outcome import SourceHealth
from spiders.storage import LOCK_SETTING, PARENT_SETTING
from spiders.wechat import WECHAT_HOST, is_wechat_page, parse_wechat
from store.archive import Archive
from store.model import Article
from store.urls import clean_url, normalise_url, same_site, web_url

MAX_ITEMS_SETTING = "PARALLAX_MAX_ITEMS_PER_SOURCE"
RUN_SECONDS_SETTING = "PARALLAX_RUN_SECONDS"
WATCHDOG_SECONDS = 1.0


def _header(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _gone(failure) -> bool:
    response = getattr(failure.value, "response", None)
    return response is not None and response.status == 410


def _refused(failure) -> bool:
    return isinstance(failure.value, InternalAddress)


def _shown(text: str | None, limit: int = 120) -> str:
    return repr(" ".join((text or "").split())[:limit])


def teaser_item(source: str, link: str, entry: FeedEntry) -> Article:
    """An article built from the feed alone (page not fetched or not fetchable)."""
    title, text = entry.title, entry.body
    return Article(
        url=link, source=source, title=title, text=text, author=entry.author, published=entry.published,
        lang=detect_lang(f"{title or ''}\n{text or ''}"), status="ok", body_from="feed", canonical_url=clean_url(link),
    )


def unavailable_item(source: str, link: str, entry: FeedEntry | None, page_url: str) -> Article:
    """A page gone for good (a deleted WeChat post, HTTP 410): recorded so it is never retried."""
    return Article(url=link, source=source, status="unavailable", body_from="page",
                   title=entry.title if entry else None, canonical_url=clean_url(page_url))


def shown_address(canonical: str | None, fetched: str, wechat: bool = False) -> str:
    """The address readers follow: the page's canonical when it is on the site that served the page
    (or, for a WeChat post read through a mirror, the post on mp.weixin.qq.com), else the fetched URL:
    a page cannot send readers to another site by declaring it canonical."""
    canonical = web_url(canonical)
    if canonical and (same_site(canonical, fetched) or (wechat and same_site(canonical, f"https://{WECHAT_HOST}/"))):
        return clean_url(canonical)
    return clean_url(fetched)


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
                self.teasers[name] = archive.teaser_urls(name)
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
        again, fresh = [], []
        for entry in entries:
            link = web_url(entry.link)
            if link is None:
                health.skip(f"item {_shown(entry.title)}: {_shown(entry.link)} is not a web address")
                continue
            key = normalise_url(link)
            if key in settled:
                continue
            entry = FeedEntry(link, entry.title, entry.summary, entry.content, entry.published, entry.author)
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
        src = self.sources[source]
        self.health[source].pages_done += 1
        feed_entry = FeedEntry(**entry) if entry else None
        html, _ = decode_bytes(response.body, _header(response, "Content-Type"))
        art = None
        wechat = src.kind == "wechat" or is_wechat_page(html, response.url)
        if wechat:
            art = parse_wechat(html, response.url, src.timezone)
            if art.status == "unavailable":
                yield unavailable_item(source, link, feed_entry, response.url)
                return
        if art is not None and art.status == "ok":
            title, text, author, published, canonical = art.title, art.text, art.author, art.published, art.canonical_url
            account = art.account
        else:  # not a WeChat page after all (a mirror serving its own HTML): read it as any article
            wechat = False
            ex = extract_article(html, response.url, src.timezone)
            title, text, author, published, canonical = ex.title, ex.text, ex.author, ex.published, ex.canonical_url
            account = None
        if feed_entry is not None:
            title = title or feed_entry.title
            published = published or feed_entry.published
            author = author or feed_entry.author
        if not text:
            self.health[source].pages_failed += 1
            self.health[source].warnings.append(f"no article text found on {response.url}")
            if feed_entry is not None and (feed_entry.title or feed_entry.body):
                yield teaser_item(source, link, feed_entry)
            return
        yield Article(
            url=link, source=source, title=title, text=text, author=author, account=account, published=published,
            canonical_url=shown_address(canonical, response.url, wechat), lang=detect_lang(f"{title or ''}\n{text}"),
            status="ok", body_from="page",
        )

    def article_failed(self, failure):
        kw = failure.request.cb_kwargs
        health = self.health[kw["source"]]
        health.pages_done += 1
        entry = FeedEntry(**kw["entry"]) if kw["entry"] else None
        if _refused(failure):
            # Never fetched, and not kept as a teaser either: readers would be sent there.
            health.skip(f"item {_shown(entry.title if entry else None)}: {failure.value}")
            return
        health.pages_failed += 1
        if health.pages_failed <= 3:
            health.warnings.append(describe_failure(failure, self.max_bytes))
        if _gone(failure):
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
