"""Listing pages of sites without a feed: article links (plus optional title/date) by selectors."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from parsel import Selector

from spiders.dates import DEFAULT_TZ, parse_date


@dataclass
class ListingLink:
    url: str
    title: str | None
    published: str | None


@dataclass
class Listing:
    links: list[ListingLink]
    next_url: str | None


def _is_xpath(expr: str) -> bool:
    return expr.lstrip().startswith(("/", "(", "./"))


def select(sel: Selector, expr: str):
    return sel.xpath(expr) if _is_xpath(expr) else sel.css(expr)


def _value(node) -> str | None:
    """An attribute/text selection is a string already; an element gives its href or its text."""
    root = node.root
    if isinstance(root, str):
        value = root
    else:
        value = root.get("href") if hasattr(root, "get") and root.get("href") else node.xpath("string()").get()
    value = " ".join((value or "").split())
    return value or None


def _near(node, expr: str):
    """The first match of expr inside the link's nearest ancestor that has one: listing items are
    usually <li>/<div> blocks holding the link, its title and its date."""
    current = node
    for _ in range(4):
        found = select(current, expr)
        if found:
            return found[0]
        parent = current.xpath("..")
        if not parent:
            break
        current = parent[0]
    return None


def parse_listing(html: str, url: str, link: str, title: str | None = None, date: str | None = None,
                  next_sel: str | None = None, tz: str = DEFAULT_TZ) -> Listing:
    """Article links on one listing page (CSS or XPath selectors; XPath when it starts with / or ( ).
    A link selector may pick <a> elements or their @href directly."""
    sel = Selector(text=html, base_url=url)
    links: list[ListingLink] = []
    seen: set[str] = set()
    for node in select(sel, link):
        href = _value(node) if isinstance(node.root, str) else node.root.get("href")
        if not href:
            anchor = node.css("a[href]")
            href = anchor[0].root.get("href") if anchor else None
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        absolute = urljoin(url, href.strip())
        if absolute in seen:
            continue
        seen.add(absolute)
        element = node if not isinstance(node.root, str) else None
        t = d = None
        if element is not None:
            if title:
                found = _near(element, title)
                t = _value(found) if found is not None else None
            else:
                t = _value(element) if element.root.get("href") is None else " ".join(element.xpath("string()").get("").split()) or None
            if date:
                found = _near(element, date)
                d = parse_date(_value(found), tz) if found is not None else None
        links.append(ListingLink(absolute, t, d))
    next_url = None
    if next_sel:
        found = select(sel, next_sel)
        if found:
            nxt = _value(found[0])
            if nxt:
                next_url = urljoin(url, nxt)
    return Listing(links, next_url)
