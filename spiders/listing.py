"""Listing pages of sites without a feed: article links (plus optional title/date) by selectors.

Selectors are CSS or XPath (XPath when they start with / or ( ), written against the whole page as
in config.yaml. Titles and dates are matched to links by their nearest common ancestor (the list item
holding both), so absolute selectors such as ".news-list h3 a" pair up right."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from parsel import Selector

from spiders.dates import DEFAULT_TZ, parse_date

_CSS_ATTR = re.compile(r"::attr\(\s*([\w:-]+)\s*\)\s*$")
_CSS_TEXT = re.compile(r"::text\s*$")
_XPATH_ATTR = re.compile(r"/@([\w:-]+)\s*$")
_XPATH_TEXT = re.compile(r"/text\(\)\s*$")


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


def _split(expr: str) -> tuple[str, str | None]:
    """('element selector', attribute name | None for text): values need their element as an anchor."""
    if _is_xpath(expr):
        m = _XPATH_ATTR.search(expr)
        if m:
            return expr[: m.start()], m.group(1)
        m = _XPATH_TEXT.search(expr)
        return (expr[: m.start()], None) if m else (expr, None)
    m = _CSS_ATTR.search(expr)
    if m:
        return expr[: m.start()], m.group(1)
    m = _CSS_TEXT.search(expr)
    return (expr[: m.start()], None) if m else (expr, None)


def _elements(sel: Selector, expr: str) -> list:
    element_expr, attr = _split(expr)
    found = sel.xpath(element_expr) if _is_xpath(element_expr) else sel.css(element_expr)
    out = []
    for node in found:
        el = node.root
        if not hasattr(el, "iterancestors"):
            continue
        if attr:
            value = el.get(attr)
        else:
            value = " ".join("".join(el.itertext()).split())
        out.append((el, (value or "").strip() or None))
    return out


def _href(el, value: str | None, attr_given: bool) -> str | None:
    if attr_given:
        return value
    if el.get("href"):
        return el.get("href")
    for a in el.iter("a"):
        if a.get("href"):
            return a.get("href")
    return None


def _chain(el) -> list:
    return [el, *el.iterancestors()][::-1]


def _pair(link_el, candidates: list, order: dict) -> str | None:
    """The candidate sharing the deepest ancestor with the link; document order breaks ties."""
    chain = _chain(link_el)
    best, best_key = None, None
    for el, value in candidates:
        if value is None:
            continue
        other = _chain(el)
        depth = 0
        for a, b in zip(chain, other):
            if a is not b:
                break
            depth += 1
        key = (depth, -abs(order.get(el, 0) - order.get(link_el, 0)))
        if best_key is None or key > best_key:
            best, best_key = value, key
    return best


def parse_listing(html: str, url: str, link: str, title: str | None = None, date: str | None = None,
                  next_sel: str | None = None, tz: str = DEFAULT_TZ) -> Listing:
    """Article links on one listing page, with title and published date when selectors are given
    (the link's own text is the title otherwise)."""
    sel = Selector(text=html, base_url=url)
    order = {el: i for i, el in enumerate(sel.root.iter())}
    titles = _elements(sel, title) if title else []
    dates = _elements(sel, date) if date else []
    attr_given = _split(link)[1] is not None
    links: list[ListingLink] = []
    seen: set[str] = set()
    for el, value in _elements(sel, link):
        href = _href(el, value, attr_given)
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        absolute = urljoin(url, href.strip())
        if absolute in seen:
            continue
        seen.add(absolute)
        if titles:
            t = _pair(el, titles, order)
        else:
            t = " ".join("".join(el.itertext()).split()) or None
        d = _pair(el, dates, order) if dates else None
        links.append(ListingLink(absolute, t, parse_date(d, tz) if d else None))
    next_url = None
    if next_sel:
        found = _elements(sel, next_sel)
        if found:
            el, value = found[0]
            nxt = _href(el, value, _split(next_sel)[1] is not None)
            if nxt:
                next_url = urljoin(url, nxt)
    return Listing(links, next_url)
