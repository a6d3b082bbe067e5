"""RSS/Atom feeds via feedparser, decoded by us first so that lying declarations cannot garble them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from spiders.decode import decode_bytes
from spiders.errors import FeedError
from spiders.dates import DEFAULT_TZ, parse_date
from spiders.extract import clean_title, html_fragment_text

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)


@dataclass
class FeedEntry:
    link: str
    title: str | None
    summary: str | None  # plain paragraphs from <description>/<summary>
    content: str | None  # plain paragraphs from content:encoded / <content>, when present
    published: str | None  # ISO 8601 UTC
    author: str | None

    @property
    def body(self) -> str | None:
        """The fullest text the feed itself carries."""
        if self.content and len(self.content) >= len(self.summary or ""):
            return self.content
        return self.summary


@dataclass
class FeedResult:
    title: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str | None = None  # one line: the feed was malformed but some items were read


def _one_line(msg: object) -> str:
    return " ".join(str(msg).split())[:300]


def parse_feed(body: bytes, url: str, content_type: str | None = None, tz: str = DEFAULT_TZ) -> FeedResult:
    """Entries of an RSS 2.0 / RSS 1.0 / Atom feed. A malformed feed yields the items that parse and a
    warning; a document with no items and a parse error raises FeedError."""
    import feedparser  # here: a run whose feeds all answer 304 never needs it

    text, _enc = decode_bytes(body, content_type)
    # feedparser re-detects the encoding from the declaration: hand it UTF-8 that says so.
    text = _XML_DECL.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    parsed = feedparser.parse(
        text.encode("utf-8"),
        response_headers={"content-type": "application/xml; charset=utf-8", "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries: list[FeedEntry] = []
    for e in parsed.entries:
        link = e.get("link") or ""
        if not link:
            for l in e.get("links", []):
                if l.get("href"):
                    link = l["href"]
                    break
        if not link and str(e.get("id", "")).startswith(("http://", "https://")):
            link = e["id"]
        if not link:
            continue
        content = None
        for c in e.get("content", []) or []:
            content = html_fragment_text(c.get("value"))
            if content:
                break
        published = None
        for key in ("published", "updated", "created", "dc_date"):
            if e.get(key):
                published = parse_date(e[key], tz)
                if published:
                    break
        entries.append(
            FeedEntry(
                link=urljoin(url, link.strip()),
                title=clean_title(html_fragment_text(e.get("title"))),
                summary=html_fragment_text(e.get("summary") or e.get("description")),
                content=content,
                published=published,
                author=clean_title(e.get("author")),
            )
        )
    if not entries and (problem is not None or not parsed.get("version")):
        reason = _one_line(problem) if problem is not None else "no RSS or Atom items found"
        raise FeedError(f"not a readable feed: {reason}")
    warning = f"malformed feed, {len(entries)} items read: {_one_line(problem)}" if problem is not None else None
    return FeedResult(title=clean_title(parsed.feed.get("title")), entries=entries, warning=warning)
