"""Feeds: RSS and Atom via feedparser, decoded by us first so that lying declarations cannot garble
them, and JSON feeds (spiders.jsonfeed); every format's items end as the same FeedEntry.

For WeChat mirrors an entry also says whether it carries the whole post (`whole`: the mirror's
full text can stand as the article), what a mirror stored instead of the post (`wall`: a
verification notice; `gone`: WeChat's notice of a deleted post), a voice or video post (`media`),
and the post's own mp.weixin.qq.com address when the mirror exposes it
(`original`: in a proxy link's parameter, the guid or id, a JSON external_url, an Atom related link).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from spiders.dates import DEFAULT_TZ, parse_date
from spiders.decode import decode_bytes
from spiders.errors import FeedError
from spiders.extract import clean_title, html_fragment_text
from spiders.jsonfeed import looks_like_json, parse_json_items
from spiders.pagekind import MAX_WALL_CHARS, media_post, visible_text, wall_reason
from spiders.wechat import unavailable_reason
from store.urls import web_url

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
# Character references XML forbids (surrogates, NUL and other controls, beyond U+10FFFF): feedparser
# raises on some of them, losing the whole feed; each becomes U+FFFD instead.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

WECHAT_HOST = "mp.weixin.qq.com"
# A body this long is the post, not a teaser: WeChat caps an account's own summary at 120 characters.
WHOLE_CHARS = 200
# ...and so is any body holding WeChat's article container, however short the post.
_WECHAT_BODY = ("js_content", "rich_media_content")
# Query parameters in which mirrors and proxies pass the address they stand for.
_PROXY_PARAMS = ("u", "url", "target_url", "src", "link", "original")
_FORMATS = {"rss20": "RSS 2.0", "rss10": "RSS 1.0", "atom10": "Atom 1.0", "atom03": "Atom 0.3"}


@dataclass
class FeedEntry:
    link: str
    title: str | None
    summary: str | None  # plain paragraphs from <description>/<summary>
    content: str | None  # plain paragraphs from content:encoded / <content>, when present
    published: str | None  # ISO 8601 UTC
    author: str | None
    date_text: str | None = None  # the date as the feed wrote it
    original: str | None = None  # the WeChat post's own address, when the mirror links elsewhere
    whole: bool = False  # the body is the whole post (a mirror's full text), not a teaser
    wall: str | None = None  # a verification or rate-limit notice stored in place of the post
    gone: str | None = None  # WeChat's notice that the post was deleted or blocked, stored in its place
    media: str | None = None  # voice | video: the post is one, with no text beyond a caption

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
    format: str | None = None  # RSS 2.0, Atom 1.0, JSON Feed 1.1 ...


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
    """Entries of an RSS 2.0 / RSS 1.0 / Atom / JSON feed. A malformed XML feed yields the items that
    parse and a warning; a document with no items and a parse error raises FeedError."""
    text, _enc = decode_bytes(body, content_type)
    if looks_like_json(text, content_type):
        fmt, title, raw = parse_json_items(text)
        entries, skipped = _entries(raw, url, tz)
        return FeedResult(title=clean_title(title), entries=entries, skipped=skipped, format=fmt)

    import feedparser  # here: a run whose feeds all answer 304 never needs it

    # feedparser re-detects the encoding from the declaration: hand it UTF-8 that says so.
    text = xml_safe(_XML_DECL.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1))
    parsed = feedparser.parse(
        text.encode("utf-8"),
        response_headers={"content-type": "application/xml; charset=utf-8", "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries, skipped = _entries(parsed.entries, url, tz)
    if not entries and (problem is not None or not parsed.get("version")):
        reason = _one_line(problem) if problem is not None else "no RSS or Atom items found"
        raise FeedError(f"not a readable feed: {reason}")
    warning = f"malformed feed, {len(entries)} items read: {_one_line(problem)}" if problem is not None else None
    version = parsed.get("version") or ""
    return FeedResult(title=clean_title(parsed.feed.get("title")), entries=entries, warning=warning, skipped=skipped,
                      format=_FORMATS.get(version, version or None))


def _entries(raw: list, url: str, tz: str) -> tuple[list[FeedEntry], list[str]]:
    entries: list[FeedEntry] = []
    skipped: list[str] = []
    for n, e in enumerate(raw, 1):
        try:
            entry = _entry(e, url, tz)
        except Exception as exc:  # one unreadable item never costs the others
            skipped.append(f"item {n} ({_one_line(e.get('link') or e.get('title') or '?')[:120]}): "
                           f"{type(exc).__name__}: {_one_line(exc)}")
            continue
        entries.append(entry)
    return entries, skipped


def _wechat_post(url: str | None) -> str | None:
    """url when it is a post on WeChat itself (mp.weixin.qq.com/s...)."""
    url = web_url(url)
    if url is None:
        return None
    parts = urlsplit(url)
    return url if (parts.hostname or "").lower() == WECHAT_HOST and parts.path.startswith("/s") else None


def original_link(link: str, e) -> str | None:
    """The WeChat post a mirror's item stands for, when the mirror links to its own page or a proxy
    and names the post elsewhere in the item; None when the link is the post itself or none is named."""
    if _wechat_post(link) or not link:
        return None
    candidates = [v for k, v in parse_qsl(urlsplit(link).query) if k.lower() in _PROXY_PARAMS]
    candidates.append(e.get("id"))
    candidates += e.get("related") or []
    candidates += [x.get("href") for x in e.get("links") or [] if x.get("rel") != "alternate"]
    return next((found for found in map(_wechat_post, candidates) if found), None)


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
    content_html = content = None  # the first content with text (else the first at all: a video's player)
    for c in e.get("content", []) or []:
        value = c.get("value")
        text = html_fragment_text(value) if value else None
        if value and (content_html is None or text):
            content_html, content = value, text
        if text:
            break
    summary_html = e.get("summary") or e.get("description")
    summary = html_fragment_text(summary_html)
    published = date_text = None
    for key in ("published", "updated", "created", "dc_date"):
        if e.get(key):
            published = parse_date(e[key], tz)
            if published:
                date_text = " ".join(str(e[key]).split())
                break
    absolute = web_url(link, url) or link.strip()
    entry = FeedEntry(
        link=absolute,
        title=clean_title(html_fragment_text(e.get("title"))),
        summary=summary,
        content=content,
        published=published,
        author=clean_title(e.get("author")),
        date_text=date_text,
        original=original_link(absolute, e),
    )
    if entry.body:
        body_html = (content_html if entry.body is content else summary_html) or ""
    else:
        body_html = content_html or summary_html or ""
    entry.wall = wall_reason(body_html) if body_html else None
    if body_html and len(visible_text(body_html)) <= MAX_WALL_CHARS:
        entry.gone = unavailable_reason(body_html)
    entry.media = media_post(body_html, entry.body) if body_html else None
    entry.whole = bool(entry.body) and not (entry.wall or entry.gone) and (
        len(entry.body) >= WHOLE_CHARS or any(m in body_html for m in _WECHAT_BODY))
    return entry
