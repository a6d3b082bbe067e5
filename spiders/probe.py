"""`sources test`: read one source now and say what a run would do with it, archiving nothing.

The index (feed or listing page) and the first item are fetched (spiders.fetch) and read with the
crawl's own functions: parse_feed / parse_listing, spiders.reading for what the first item becomes,
spiders.listing.selector_matches for what each selector matched. No archive is opened, so a test
describes a first run: every item is new.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from typing import Callable
from urllib.parse import urlsplit

from spiders.dates import zone_read
from spiders.decode import decode_bytes
from spiders.errors import FeedError
from spiders.feeds import FeedEntry, FeedResult, parse_feed
from spiders.fetch import Fetched, Fetcher, FetchError
from spiders.job import CrawlSpec, SourceSpec
from spiders.lang import detect_lang
from spiders.listing import SelectorMatch, parse_listing, selector_matches
from spiders.reading import Reading, key_url, read_feed_item, read_page
from spiders.wechat import WECHAT_HOST
from store.urls import normalise_url, web_url

FIRST_LINES = 5  # paragraphs of the first item shown
LINE_CHARS = 160
SHOWN_ITEMS = 20  # items listed; the count says how many there are
ACTIONS = {
    "article": "archive the mirror's full text (no page fetched)",
    "media": "archive by its title (a voice or video post)",
    "unavailable": "record unavailable (a deleted post)",
    "blocked": "the mirror stored a verification notice: fetch the page",
}


@dataclass
class ProbeItem:
    title: str | None
    url: str
    key: str  # the address it would be archived under
    date: str | None  # as the source wrote it
    published: str | None  # ISO 8601 UTC
    zone: str | None  # how the date's zone was decided
    lang: str  # of its title and teaser
    action: str  # what a run does with it


@dataclass
class FirstItem:
    url: str
    kind: str  # store.model.PAGE_KINDS
    text_from: str  # page | feed | none
    reason: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    media: str | None = None
    chars: int = 0
    lines: list[str] = field(default_factory=list)


@dataclass
class ProbeReport:
    source: str
    kind: str
    url: str
    status: int | None = None
    format: str | None = None  # RSS 2.0, Atom 1.0, JSON Feed 1.1, listing page ...
    items_found: int = 0
    items: list[ProbeItem] = field(default_factory=list)
    selectors: list[SelectorMatch] = field(default_factory=list)
    next_page: str | None = None
    first: FirstItem | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the source could not be read: a run would mark it failing
    seconds: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


def _lines(text: str | None) -> list[str]:
    paras = [p.strip() for p in (text or "").split("\n\n") if p.strip()]
    return [p if len(p) <= LINE_CHARS else p[: LINE_CHARS - 1] + "…" for p in paras[:FIRST_LINES]]


def _first(url: str, reading: Reading, text_from: str) -> FirstItem:
    a = reading.article
    if a is None or reading.kind == "unavailable":
        return FirstItem(url, reading.kind, "none", reading.reason, a.title if a else None)
    # no_text: the feed's teaser, which a run keeps until the page can be read
    source = text_from if reading.kind != "no_text" else "feed"
    return FirstItem(url, reading.kind, source if a.text else "none", reading.reason, a.title, a.published,
                     a.lang, a.media, len(a.text or ""), _lines(a.text))


# What a run does with a first item that is no article, as a warning.
_FIRST_WARNINGS = {
    "blocked": "mirror blocked: the first item's page is a verification or rate-limit notice ({reason}): a run "
               "would not archive it and would try it again on a later run",
    "not_article": "the first item is an account's history or profile page ({reason}): a run would not archive it",
    "no_text": "{reason}: a run keeps the feed's teaser and tries the page again on later runs",
    "unavailable": "the first item was deleted or blocked by WeChat ({reason}): a run records it as unavailable",
    "failed": "the first item could not be read: {reason}",
}


def probe(spec: SourceSpec, crawl: CrawlSpec, fetcher: Fetcher | None = None,
          clock: Callable[[], float] = time.monotonic) -> ProbeReport:
    """Fetch and read spec's index and its first item as a run would, archiving nothing. spec.kind
    "auto" (a URL tested without a kind): a feed when it is one (a WeChat mirror when its items are
    WeChat posts), else one article page."""
    started = clock()
    fetcher = fetcher or Fetcher(crawl.user_agent, crawl.timeout, crawl.max_page_bytes, crawl.obey_robots,
                                 spec.url, crawl.allow_private_addresses)
    report = ProbeReport(spec.name, spec.kind, spec.url)
    try:
        index = fetcher.get(spec.url, trusted=True)
    except FetchError as e:
        report.error = str(e)
    else:
        report.status = index.status
        if index.status >= 400:
            report.error = f"HTTP {index.status} from {spec.url}"
        else:
            _read_index(report, spec, crawl, index, fetcher)
    report.seconds = round(clock() - started, 3)
    return report


def _detect(report: ProbeReport, spec: SourceSpec, index: Fetched) -> SourceSpec:
    """A URL tested without a kind: a feed (a WeChat mirror when its items are WeChat posts), else
    one article page."""
    try:
        feed = parse_feed(index.body, index.url, index.content_type, spec.timezone)
    except FeedError:
        kind = "article"
    else:
        posts = [e for e in feed.entries if _on_wechat(e.original or e.link)]
        kind = "wechat" if posts else "feed"
    report.kind = f"{kind} (detected)"
    return replace(spec, kind=kind)


def _on_wechat(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() == WECHAT_HOST


def _read_index(report: ProbeReport, spec: SourceSpec, crawl: CrawlSpec, index: Fetched, fetcher: Fetcher) -> None:
    if spec.kind == "auto":
        spec = _detect(report, spec, index)
    if spec.kind == "article":
        report.format = "article page"
        entry = FeedEntry(spec.url, None, None, None, None, None)
        report.first = _read_first(spec, entry, fetcher, index)
        _warn_first(report)
        return
    if spec.kind == "page":
        entries = _listing(report, spec, index)
    else:
        entries = _feed(report, spec, index)
    if entries is None:
        return
    if not entries:
        if spec.kind != "page":  # a listing page has said which selector matched nothing
            report.warnings.append(f"no items found on {spec.url}")
        return
    fresh = len(entries)
    if fresh > crawl.max_items_per_source:
        report.warnings.append(f"{fresh - crawl.max_items_per_source} new items left for the next run "
                               "(crawl.max_items_per_source), newest first")
    readings = [(e, read_feed_item(spec.name, e.link, e) if spec.kind == "wechat" else None) for e in entries]
    blocked = [e for e, r in readings if r is not None and r.kind == "blocked"]
    if blocked:
        report.warnings.append(f"mirror blocked: {len(blocked)} item(s) hold a verification notice in place of "
                               f"the post (first: {blocked[0].link}: {blocked[0].wall}); their pages are read instead")
    for e, r in readings[:SHOWN_ITEMS]:
        report.items.append(ProbeItem(
            e.title, e.link, normalise_url(key_url(e.link, e)), e.date_text, e.published, zone_read(e.date_text, spec.timezone),
            detect_lang(f"{e.title or ''}\n{e.body or ''}"), _action(spec, r)))
    entry, reading = readings[0]
    if reading is not None and reading.article is not None:
        report.first = _first(entry.link, reading, "feed")
    else:
        report.first = _read_first(spec, entry, fetcher)
    _warn_first(report)


def _warn_first(report: ProbeReport) -> None:
    first = report.first
    if first is not None and first.kind in _FIRST_WARNINGS:
        report.warnings.append(_FIRST_WARNINGS[first.kind].format(reason=first.reason))


def _action(spec: SourceSpec, reading: Reading | None) -> str:
    if reading is not None and reading.kind == "blocked" and not spec.fetch_articles:
        return "skip: the mirror stored a verification notice (read again next run)"
    if reading is not None:
        return ACTIONS[reading.kind]
    if spec.kind != "page" and not spec.fetch_articles:
        return "keep the feed's text (fetch_articles: false)"
    return "fetch the page"


def _feed(report: ProbeReport, spec: SourceSpec, index: Fetched) -> list[FeedEntry] | None:
    try:
        feed: FeedResult = parse_feed(index.body, index.url, index.content_type, spec.timezone)
    except FeedError as e:
        report.error = f"{e} ({index.url})"
        return None
    report.format = feed.format
    if feed.warning:
        report.warnings.append(feed.warning)
    report.warnings += [f"item skipped: {line}" for line in feed.skipped]
    report.items_found = len(feed.entries) + len(feed.skipped)
    return _web_entries(report, feed.entries)


def _web_entries(report: ProbeReport, entries: list[FeedEntry]) -> list[FeedEntry]:
    out = []
    for e in entries:
        link = web_url(e.link)
        if link is None:
            report.warnings.append(f"item skipped: {e.title!r}: {e.link!r} is not a web address")
        else:
            e.link = link
            out.append(e)
    return out


def _listing(report: ProbeReport, spec: SourceSpec, index: Fetched) -> list[FeedEntry] | None:
    sel = spec.selectors
    html, _ = decode_bytes(index.body, index.content_type)
    report.format = "listing page"
    report.selectors = selector_matches(html, index.url, {"link": sel.link, "title": sel.title, "date": sel.date,
                                                          "next": sel.next})
    bad = [m for m in report.selectors if m.matched < 0]
    if bad:
        report.error = f"selectors.{bad[0].name} {bad[0].selector!r} is not valid CSS or XPath: {bad[0].first}"
        return None
    listing = parse_listing(html, index.url, sel.link, sel.title, sel.date, sel.next, spec.timezone)
    if not listing.links and not listing.skipped:
        report.warnings.append(f"no links matched selector {sel.link!r} on {index.url}")
    for m in report.selectors:
        if m.matched == 0 and m.name != "link":
            report.warnings.append(f"selectors.{m.name} {m.selector!r} matched nothing on {index.url}")
    report.warnings += [f"item skipped: {line}" for line in listing.skipped]
    report.items_found = len(listing.links) + len(listing.skipped)
    report.next_page = listing.next_url
    dates = {link.url: link.date_text for link in listing.links}
    return [FeedEntry(link.url, link.title, None, None, link.published, None, date_text=dates[link.url])
            for link in listing.links]


def _read_first(spec: SourceSpec, entry: FeedEntry, fetcher: Fetcher, page: Fetched | None = None) -> FirstItem:
    try:
        page = page or fetcher.get(entry.link)
    except FetchError as e:
        return FirstItem(entry.link, "failed", "none", str(e), entry.title)
    if page.status >= 400:
        reason = f"HTTP {page.status} from {entry.link}"
        return FirstItem(entry.link, "blocked" if page.status == 429 else "failed", "none", reason, entry.title)
    html, _ = decode_bytes(page.body, page.content_type)
    reading = read_page(html, source=spec.name, kind=spec.kind, tz=spec.timezone, link=entry.link, url=page.url,
                        entry=entry if entry.title or entry.body else None, redirects=page.redirects)
    return _first(entry.link, reading, "page")
