"""The one Scrapy spider: feeds, listing pages and WeChat mirrors of every configured source.

Parse logic lives in the pure helpers (feeds, listing, extract, wechat); the methods here only
route responses to them and turn the results into items: store.model.Article objects, which the
item pipeline (spiders.storage) writes to the archive."""

from __future__ import annotations

from dataclasses import asdict

import scrapy

from spiders.decode import decode_bytes
from spiders.extract import extract_article
from spiders.failures import describe_failure
from spiders.feeds import FeedEntry, FeedError, parse_feed
from spiders.job import SourceSpec
from spiders.lang import detect_lang
from spiders.listing import parse_listing
from spiders.outcome import SourceHealth
from spiders.wechat import is_wechat_page, parse_wechat
from store.archive import Archive
from store.model import Article
from store.urls import clean_url, normalise_url


def _header(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _gone(failure) -> bool:
    response = getattr(failure.value, "response", None)
    return response is not None and response.status == 410


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


class SourcesSpider(scrapy.Spider):
    name = "parallax"

    def __init__(self, sources: list[dict], archive_path: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {s["name"]: SourceSpec.from_json(s) for s in sources}
        self.archive_path = archive_path
        self.health = {name: SourceHealth() for name in self.sources}
        self.settled: dict[str, set[str]] = {}  # per source: URLs never to fetch again
        self.validators: dict[str, dict] = {}  # per source: conditional-GET headers for its index
        self.teasers: dict[str, list[str]] = {}  # per source: pages kept from the feed alone, retried
        self.requested: set[str] = set()  # normalised article URLs asked for in this run
        self.max_bytes: int | None = None

    def load_state(self) -> None:
        """What this crawl needs to know from the archive, read once before the first request
        (the item pipeline owns the archive for writing)."""
        with Archive.open(self.archive_path) as archive:
            for name in self.sources:
                self.settled[name] = archive.settled_urls(name)
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
        self.load_state()
        for name, src in self.sources.items():
            yield scrapy.Request(
                src.url, callback=self.parse_index, errback=self.index_failed, headers=self.validators[name],
                dont_filter=True, meta={"handle_httpstatus_list": [304]},
                cb_kwargs={"source": name, "page": 1},
            )
            if src.kind == "page" or src.fetch_articles:
                # Pages that failed last time were kept from the feed alone: try them again.
                for url in self.teasers[name]:
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
        return scrapy.Request(
            link, callback=self.parse_article, errback=self.article_failed, dont_filter=True,
            cb_kwargs={"source": source, "link": link, "entry": asdict(entry) if entry else None},
        )

    # -- index: feed or listing page -------------------------------------------------------
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
        health.items_seen += len(feed.entries)
        for entry in feed.entries:
            if normalise_url(entry.link) in self.settled[src.name]:
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
        if page == 1 and not listing.links:
            health.warnings.append(f"no links matched selector {sel.link!r} on {response.url}")
        health.items_seen += len(listing.links)
        for link in listing.links:
            if normalise_url(link.url) in self.settled[src.name]:
                continue
            entry = FeedEntry(link.url, link.title, None, None, link.published, None)
            request = self.article_request(src.name, link.url, entry)
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
    def parse_article(self, response, source: str, link: str, entry: dict | None):
        src = self.sources[source]
        feed_entry = FeedEntry(**entry) if entry else None
        html, _ = decode_bytes(response.body, _header(response, "Content-Type"))
        art = None
        if src.kind == "wechat" or is_wechat_page(html, response.url):
            art = parse_wechat(html, response.url, src.timezone)
            if art.status == "unavailable":
                yield unavailable_item(source, link, feed_entry, response.url)
                return
        if art is not None and art.status == "ok":
            title, text, author, published, canonical = art.title, art.text, art.author, art.published, art.canonical_url
            account = art.account
        else:  # not a WeChat page after all (a mirror serving its own HTML): read it as any article
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
            canonical_url=clean_url(canonical or response.url), lang=detect_lang(f"{title or ''}\n{text}"),
            status="ok", body_from="page",
        )

    def article_failed(self, failure):
        kw = failure.request.cb_kwargs
        health = self.health[kw["source"]]
        health.pages_failed += 1
        if health.pages_failed <= 3:
            health.warnings.append(describe_failure(failure, self.max_bytes))
        entry = FeedEntry(**kw["entry"]) if kw["entry"] else None
        if _gone(failure):
            # 410: removed for good. Recorded as unavailable (never retried, never an article),
            # as a deleted WeChat post is; a 404 may be a page not yet published, so it is retried.
            yield unavailable_item(kw["source"], kw["link"], entry, kw["link"])
        elif entry is not None and (entry.title or entry.body):
            yield teaser_item(kw["source"], kw["link"], entry)

    # -- end -------------------------------------------------------------------------------
    def closed(self, reason: str):
        # The item pipeline has recorded each source's health by now (close_spider runs first).
        self.outcomes = [h.outcome(n) for n, h in self.health.items()]
