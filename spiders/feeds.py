"""RSS/Atom feeds via feedparser, decoded by us first so that lying declarations cannot garble them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spiders.dates import DEFAULT_TZ, parse_date
from spiders.decode import decode_bytes
from spiders.errors import FeedError
from spiders.extract import clean_title, html_fragment_text
from store.urls import web_url

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
# Character references XML forbids (surrogates, NUL and other controls, beyond U+10FFFF): feedparser
# raises on some of them, losing the whole feed; each becomes U+FFFD instead.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
    skipped: list[str] = field(default_factory=list)  # one line per item that could not be read


def _legal_ref(m: re.Match) -> str:
    try:
        cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    except ValueError:
        return "&#xFFFD;"
    ok = cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF
    return m.group(0) if ok else "&#xFFFD;"


def xml_safe(text: str) -> str:
    """Text a feed parser can read: illegal characters and character references become U+FFFD."""
    if "&#" in text:
        text = _CHAR_REF.sub(_legal_ref, text)
    return _XML_ILLEGAL.sub("\ufffd", text)


def _one_line(msg: object) -> str:
    return " ".join(str(msg).split())[:300]


def parse_feed(body: bytes, url: str, content_type: str | None = None, tz: str = DEFAULT_TZ) -> FeedResult:
    """Entries of an RSS 2.0 / RSS 1.0 / Atom feed. A malformed feed yields the items that parse and a
    warning; a document with no items and a parse error raises FeedError."""
    import feedparser  # here: a run whose feeds all answer 304 never needs it

    text, _enc = decode_bytes(body, content_type)
    # feedparser re-detects the encoding from the declaration: hand it UTF-8 that says so.
    text = xml_safe(_XML_DECL.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1))
    parsed = feedparser.parse(
        text.encode("utf-8"),
        response_headers={"content-type": "application/xml; charset=utf-8", "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries: list[FeedEntry] = []
    skipped: list[str] = []
    for n, e in enumerate(parsed.entries, 1):
        try:
            entry = _entry(e, url, tz)
        except Exception as exc:  # one unreadable item never costs the others
            skipped.append(f"item {n} ({_one_line(e.get('link') or e.get('title') or '?')[:120]}): "
                           f"{type(exc).__name__}: {_one_line(exc)}")
            continue
        entries.append(entry)
    if not entries and (problem is not None or not parsed.get("version")):
        reason = _one_line(problem) if problem is not None else "no RSS or Atom items found"
        raise FeedError(f"not a readable feed: {reason}")
    warning = f"malformed feed, {len(entries)} items read: {_one_line(problem)}" if problem is not None else None
    return FeedResult(title=clean_title(parsed.feed.get("title")), entries=entries, warning=warning, skipped=skipped)


def _entry(e, url: str, tz: str) -> FeedEntry:
    """One feed item, its link made absolute (and left as written when it is no web address: the
    caller decides); ValueError when it carries no link at all (nothing to archive it under)."""
    link = e.get("link") or ""
    if not link:
        for candidate in e.get("links", []):
            if candidate.get("href"):
                link = candidate["href"]
                break
    if not link and str(e.get("id", "")).startswith(("http://", "https://")):
        link = e["id"]
    if not link:
        raise ValueError("no link")
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
    return FeedEntry(
        link=web_url(link, url) or link.strip(),
        title=clean_title(html_fragment_text(e.get("title"))),
        summary=html_fragment_text(e.get("summary") or e.get("description")),
        content=content,
        published=published,
        author=clean_title(e.get("author")),
    )
