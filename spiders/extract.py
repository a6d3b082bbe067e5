"""Main text and metadata from an article page; pure functions over the decoded HTML."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html

from spiders.dates import DEFAULT_TZ, find_date, parse_date

_DATE_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "pubdate", "publishdate",
    "publish_date", "publish-date", "datepublished", "dc.date", "dc.date.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "weibo: article:create_at", "bytedance:published_time", "date",
)
_DATE_CLASS = re.compile(r"(date|time|pub|info|meta|source|byline)", re.I)
_TITLE_SUFFIX = re.compile(r"\s*[-_|–—]\s*[^-_|–—]{1,30}$")
_BLOCKS = frozenset(
    "p div section article h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr td th br hr figure "
    "figcaption header footer dd dt".split()
)
_MONTH_OR_DIGIT = re.compile(
    r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|年|月|日", re.I
)
_BY = re.compile(r"^\s*(by|作者|记者|文|撰文)\s*[:：|/]?\s*", re.I)


@functools.lru_cache(maxsize=1)
def _trafilatura():
    """trafilatura and our config for it, imported on the first article page: a crawl whose feeds
    all answer 304 never pays the import."""
    import trafilatura
    from trafilatura.settings import use_config

    # Short news items (a launch flash of 200 characters) fall under trafilatura's default minimum
    # sizes, and its fallback joins every paragraph into one line: lower the floors.
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "25")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "10")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return trafilatura, config

_SKIP = frozenset(("script", "style", "noscript", "template", "iframe", "svg"))


@dataclass
class Extracted:
    title: str | None
    text: str | None
    author: str | None
    published: str | None  # ISO 8601 UTC
    canonical_url: str | None


def paragraphs(text: str | None) -> str | None:
    """One paragraph per non-empty line, separated by blank lines; whitespace collapsed."""
    if not text:
        return None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = "\n\n".join(line for line in lines if line)
    return out or None


def element_text(el) -> str | None:
    """Visible text of an element with block boundaries as paragraph breaks (for HTML bodies that
    trafilatura should not judge: WeChat's #js_content, feed content)."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP:
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in _BLOCKS
        if block:
            parts.append("\n")
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    tail, el.tail = el.tail, None
    try:
        walk(el)
    finally:
        el.tail = tail
    return paragraphs("".join(parts).replace("\xa0", " "))


def html_fragment_text(html: str | None) -> str | None:
    """Plain paragraphs from a feed's summary or content:encoded HTML."""
    if not html or not html.strip():
        return None
    if "<" not in html:
        return paragraphs(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return paragraphs(re.sub(r"<[^>]+>", " ", html))
    return element_text(root)


def parse_html(html: str):
    """lxml tree of a decoded page (bytes declarations stripped: the text is already decoded)."""
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    return lxml.html.document_fromstring(html or "<html></html>")


def meta(tree, *names: str) -> str | None:
    """First non-empty <meta> content whose name/property/itemprop is one of names (case-insensitive)."""
    wanted = {n.lower() for n in names}
    found: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = (m.get("content") or "").strip()
        if key in wanted and content and key not in found:
            found[key] = content
    for n in names:
        if n.lower() in found:
            return found[n.lower()]
    return None


def canonical_url(tree, base_url: str) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(base_url, link.get("href").strip())
    og = meta(tree, "og:url")
    return urljoin(base_url, og) if og else None


def page_date(tree, tz: str = DEFAULT_TZ) -> str | None:
    """Publication time from meta tags, <time datetime>, then byline-like elements."""
    for name in _DATE_META:
        value = meta(tree, name)
        if value:
            parsed = parse_date(value, tz)
            if parsed:
                return parsed
    for t in tree.iter("time"):
        parsed = parse_date(t.get("datetime") or t.text_content(), tz)
        if parsed:
            return parsed
    for el in tree.iter("span", "div", "p", "em", "i", "small", "td", "li"):
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _DATE_CLASS.search(ident):
            text = el.text_content()
            if len(text) < 200:
                parsed = find_date(text, tz)
                if parsed:
                    return parsed
    return None


def clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    return title or None


def clean_author(author: str | None) -> str | None:
    """Names only: bylines come with dates and 'By' attached ("By Jane Doe, November 19, 2026")."""
    if not author or author.startswith(("http://", "https://")):
        return None
    parts = [_BY.sub("", p).strip() for p in re.split(r"[;；,，、|]", author)]
    names = [p for p in parts if p and not _MONTH_OR_DIGIT.search(p)]
    return "; ".join(dict.fromkeys(names)) or None


def _drop_header_lines(text: str | None, title: str | None, tz: str) -> str | None:
    """trafilatura keeps the <h1> and short dateline paragraphs above the body: they have their own
    fields, and in the text they would be translated and indexed as prose."""
    if not text:
        return text
    paras = text.split("\n\n")
    while len(paras) > 1 and (
        (title and paras[0].strip() == title) or (len(paras[0]) < 60 and find_date(paras[0], tz))
    ):
        paras.pop(0)
    return "\n\n".join(paras)


def extract_article(html: str, url: str, tz: str = DEFAULT_TZ) -> Extracted:
    """Title, main text (paragraphs separated by blank lines), author, published (UTC) and canonical
    URL of an ordinary article page. Navigation, ads and footers are trafilatura's job."""
    tree = parse_html(html)
    trafilatura, config = _trafilatura()
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True,
        config=config,
    )
    text = paragraphs(doc.text) if doc is not None else None
    title = clean_title(meta(tree, "og:title", "twitter:title"))
    if not title and doc is not None:
        title = clean_title(doc.title)
    if not title:
        h1 = next(tree.iter("h1"), None)
        title = clean_title(h1.text_content() if h1 is not None else None)
    if not title:
        t = tree.find(".//title")
        raw = clean_title(t.text_content() if t is not None else None)
        title = _TITLE_SUFFIX.sub("", raw) if raw else None
    text = _drop_header_lines(text, title, tz)
    author = meta(tree, "author", "article:author", "byl", "dc.creator", "parsely-author")
    if not author and doc is not None and doc.author:
        author = doc.author
    author = clean_author(author)
    published = page_date(tree, tz)
    if not published and doc is not None and doc.date:
        published = parse_date(doc.date, tz)
    return Extracted(
        title=title,
        text=text,
        author=clean_title(author),
        published=published,
        canonical_url=canonical_url(tree, url),
    )
