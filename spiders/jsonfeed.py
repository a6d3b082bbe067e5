"""JSON feeds: JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), as wewe-rss (`.json`),
Wechat2RSS (`/feed/ID.json`) and RSSHub (`?format=json`) serve them, and we-mp-rss's own JSON
(`/rss/ID?ext=json`, `/feed/ID.json`: name, link, items with link, content and updated).

feedparser 6 reads no JSON, so this reads the published spec with `json`: an item's address is
`url`, else `external_url`, else an `id` that is a web address; its body `content_html`, else
`content_text`; `summary` is a teaser; dates are RFC 3339 `date_published`, else `date_modified`;
authors are `authors` (1.1) or `author` (1.0). Each item becomes the same raw mapping the XML path
gets from feedparser (link, id, title, summary, content, published, author), read by feeds._entry.
"""

from __future__ import annotations

import json

from spiders.errors import FeedError

JSON_FEED_PREFIX = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")


def looks_like_json(text: str, content_type: str | None = None) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("{") or "json" in (content_type or "").lower()


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _author(item: dict) -> str | None:
    authors = item.get("authors")
    if isinstance(authors, list):
        names = [a.get("name") for a in authors if isinstance(a, dict) and _text(a.get("name"))]
        if names:
            return ", ".join(names)
    author = item.get("author")
    if isinstance(author, dict):
        return _text(author.get("name"))
    return _text(author) or _text(item.get("channel_name"))


def _json_feed_item(item: dict) -> dict:
    body = _text(item.get("content_html")) or _text(item.get("content_text"))
    content = [{"value": body}] if body else []
    return {
        "link": _text(item.get("url")) or _text(item.get("external_url")) or "",
        "id": _text(item.get("id")) or "",
        "related": [u for u in (_text(item.get("external_url")), _text(item.get("id"))) if u],
        "title": _text(item.get("title")),
        "summary": _text(item.get("summary")),
        "content": content,
        "published": _text(item.get("date_published")) or _text(item.get("date_modified")),
        "author": _author(item),
    }


def _we_mp_rss_item(item: dict) -> dict:
    body = _text(item.get("content"))
    return {
        "link": _text(item.get("link")) or "",
        "id": str(item.get("id") or ""),
        "related": [],
        "title": _text(item.get("title")),
        "summary": _text(item.get("description")),
        "content": [{"value": body}] if body else [],
        "published": _text(item.get("updated")),
        "author": _author(item),
    }


def parse_json_items(text: str) -> tuple[str, str | None, list[dict]]:
    """(format name, feed title, raw items); FeedError when the text is no JSON feed."""
    try:
        doc = json.loads(text.lstrip("\ufeff"))
    except ValueError as e:
        raise FeedError(f"not a readable feed: invalid JSON ({e})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedError("not a readable feed: JSON without an items list")
    version = doc.get("version")
    items = [i for i in doc["items"] if isinstance(i, dict)]
    if isinstance(version, str) and version.startswith(JSON_FEED_PREFIX):
        number = version.rstrip("/").rsplit("/", 1)[-1]
        return f"JSON Feed {number}", _text(doc.get("title")), [_json_feed_item(i) for i in items]
    if "name" in doc or any("link" in i for i in items):
        return "JSON (we-mp-rss)", _text(doc.get("name")), [_we_mp_rss_item(i) for i in items]
    raise FeedError("not a readable feed: JSON that is neither JSON Feed nor we-mp-rss")
