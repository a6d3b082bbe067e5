"""What one fetched page, or one mirror item that carries the whole post, becomes: an Article to
archive, or a page that is not an article, named by its kind (store.model.PAGE_KINDS).

The spider and `sources test` (spiders.probe) both read through here, so what a test shows is what
a run does. Pure functions over decoded text: no Scrapy, no archive.
"""

from __future__ import annotations

from dataclasses import dataclass

from spiders.extract import extract_article
from spiders.feeds import FeedEntry
from spiders.lang import detect_lang
from spiders.pagekind import classify, media_of, media_post
from spiders.wechat import WECHAT_HOST, is_wechat_page, parse_wechat, strip_boilerplate
from store.model import Article, NotArticle
from store.urls import clean_url, same_site, web_url


@dataclass
class Reading:
    kind: str  # article | unavailable | media | blocked | not_article | no_text
    article: Article | None = None  # what to archive (for no_text: the feed's teaser, when it has one)
    reason: str | None = None  # why it is not an article, in the page's own words

    def not_article(self, source: str, link: str, entry: FeedEntry | None) -> NotArticle:
        """The page as the archive notes it (kinds blocked and not_article)."""
        return NotArticle(key_url(link, entry), link, source, self.kind, self.reason, entry.title if entry else None)


def key_url(link: str, entry: FeedEntry | None) -> str:
    """The address an item is archived under: the WeChat post a mirror names, else the link."""
    return (entry.original if entry is not None and entry.original else None) or link


def teaser_item(source: str, link: str, entry: FeedEntry) -> Article:
    """An article built from the feed alone (page not fetched or not fetchable)."""
    title, text = entry.title, entry.body
    return Article(
        url=key_url(link, entry), source=source, title=title, text=text, author=entry.author,
        published=entry.published, lang=detect_lang(f"{title or ''}\n{text or ''}"), status="ok",
        body_from="feed", canonical_url=clean_url(entry.original or link),
    )


def unavailable_item(source: str, link: str, entry: FeedEntry | None, page_url: str) -> Article:
    """A page gone for good (a deleted WeChat post, HTTP 410): recorded so it is never retried."""
    return Article(url=key_url(link, entry), source=source, status="unavailable", body_from="page",
                   title=entry.title if entry else None, canonical_url=clean_url(page_url))


def shown_address(canonical: str | None, fetched: str, wechat: bool = False) -> str:
    """The address readers follow: the page's canonical when it is on the site that served the page
    (or, for a WeChat post read through a mirror, the post on mp.weixin.qq.com), else the fetched URL:
    a page cannot send readers to another site by declaring it canonical."""
    canonical = web_url(canonical)
    if canonical and (same_site(canonical, fetched) or (wechat and same_site(canonical, f"https://{WECHAT_HOST}/"))):
        return clean_url(canonical)
    return clean_url(fetched)


def read_feed_item(source: str, link: str, entry: FeedEntry) -> Reading | None:
    """A WeChat mirror's item: the article itself when the mirror carries the whole post (no page to
    fetch), a voice or video post by its title, an unavailable post when the mirror stored WeChat's
    deletion notice; Reading("blocked") when it stored a verification notice in the post's place (the
    caller fetches the page instead); None: a teaser, fetch the page."""
    if entry.wall:
        return Reading("blocked", reason=entry.wall)
    if entry.gone:
        return Reading("unavailable", unavailable_item(source, link, entry, entry.original or link), entry.gone)
    if entry.media:
        return Reading("media", _media_item(source, link, entry, entry.title, entry.published, entry.media))
    if not entry.whole:
        return None
    article = teaser_item(source, link, entry)
    # The whole post: nothing left to fetch, and the account's follow-us lines go as on its page.
    article.body_from, article.text = "page", strip_boilerplate(article.text)
    return Reading("article", article)


def _media_item(source: str, link: str, entry: FeedEntry | None, title: str | None, published: str | None,
                media: str, canonical: str | None = None, account: str | None = None) -> Article:
    title = title or (entry.title if entry else None)
    return Article(url=key_url(link, entry), source=source, title=title, text=None, published=published,
                   account=account, lang=detect_lang(title), status="ok", body_from="page", media=media,
                   canonical_url=canonical or clean_url((entry.original if entry else None) or link))


def read_page(html: str, *, source: str, kind: str, tz: str, link: str, url: str, entry: FeedEntry | None = None,
              redirects: tuple[str, ...] | list[str] = ()) -> Reading:
    """One fetched page. link: the address asked for; url: where it was answered (after redirects);
    kind: the source's kind (a wechat source's pages are read as WeChat pages when they are)."""
    wechat = kind == "wechat" or is_wechat_page(html, url)
    post = parse_wechat(html, url, tz) if wechat else None
    if post is not None and post.status == "unavailable":
        return Reading("unavailable", unavailable_item(source, link, entry, url), post.reason)
    body_chars = len(post.text) if post is not None and post.text else (0 if wechat else None)
    page = classify(html, url, redirects, body_chars=body_chars, wechat=wechat)
    if page.kind != "article":
        return Reading(page.kind, reason=page.reason)
    if post is not None and (post.text or media_of(html)):  # a post, or a voice or video post's player
        title, text, author, published, canonical = post.title, post.text, post.author, post.published, post.canonical_url
        account = post.account
    else:  # not a WeChat page after all (a mirror serving its own HTML): read it as any article
        wechat = False
        ex = extract_article(html, url, tz)
        title, text, author, published, canonical = ex.title, ex.text, ex.author, ex.published, ex.canonical_url
        account = None
    if entry is not None:
        title = title or entry.title
        published = published or entry.published
        author = author or entry.author
    shown = shown_address(canonical, url, wechat)
    media = media_post(html, text)
    if media:
        item = _media_item(source, link, entry, title, published, media, shown, account)
        return Reading("media", item, f"{media} post")
    if not text:
        teaser = teaser_item(source, link, entry) if entry is not None and (entry.title or entry.body) else None
        return Reading("no_text", teaser, f"no article text found on {url}")
    return Reading("article", Article(
        url=key_url(link, entry), source=source, title=title, text=text, author=author, account=account,
        published=published, canonical_url=shown, lang=detect_lang(f"{title or ''}\n{text}"), status="ok",
        body_from="page",
    ))
