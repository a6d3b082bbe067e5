"""Listing pages of sites without a feed: article links (plus optional title/date) by selectors.

Selectors are CSS or XPath (XPath when they start with / or ( ), written against the whole page as
in config.yaml. Titles and dates are matched to links by their nearest common ancestor (the list item
holding both), so absolute selectors such as ".news-list h3 a" pair up right. Pairing is linear in
the size of the page: each title or date is filed under its ancestors once, and each link walks up its
own ancestors to the nearest one holding any."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from parsel import Selector

from spiders.dates import DEFAULT_TZ, parse_date
from store.urls import web_url

_CSS_ATTR = re.compile(r"::attr\(\s*([\w:-]+)\s*\)\s*$")
_CSS_TEXT = re.compile(r"::text\s*$")
_XPATH_ATTR = re.compile(r"/@([\w:-]+)\s*$")
_XPATH_TEXT = re.compile(r"/text\(\)\s*$")


@dataclass
class ListingLink:
    url: str
    title: str | None
    published: str | None
    date_text: str | None = None  # the date as the page wrote it


@dataclass
class Listing:
    links: list[ListingLink]
    next_url: str | None
    skipped: list[str] = field(default_factory=list)  # one line per link that is no web address


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


class _Nearest:
    """Values of the title (or date) elements, found for a link by their nearest common ancestor and
    then by document order, as a person reading the list would pair them."""

    def __init__(self, candidates: list, order: dict):
        self.order = order
        # ancestor -> (document positions, values), ascending: an element counts as its own ancestor.
        self.under: dict = {}
        for el, value in candidates:
            if value is None:
                continue
            pos = order.get(el, 0)
            node = el
            while node is not None:
                positions, values = self.under.setdefault(node, ([], []))
                positions.append(pos)
                values.append(value)
                node = node.getparent()
        for positions, values in self.under.values():
            if any(a > b for a, b in zip(positions, positions[1:])):
                pairs = sorted(zip(positions, values), key=lambda pv: pv[0])
                positions[:], values[:] = [p for p, _ in pairs], [v for _, v in pairs]

    def value_for(self, link_el) -> str | None:
        node = link_el
        while node is not None:
            found = self.under.get(node)
            if found is not None:
                return _closest(found, self.order.get(link_el, 0))
            node = node.getparent()
        return None


def _closest(found: tuple[list[int], list[str]], pos: int) -> str:
    """The value nearest pos in document order; the earlier one on a tie."""
    positions, values = found
    i = bisect_left(positions, pos)
    if i == 0:
        return values[0]
    if i == len(positions) or pos - positions[i - 1] <= positions[i] - pos:
        return values[i - 1]
    return values[i]


def parse_listing(html: str, url: str, link: str, title: str | None = None, date: str | None = None,
                  next_sel: str | None = None, tz: str = DEFAULT_TZ) -> Listing:
    """Article links on one listing page, with title and published date when selectors are given
    (the link's own text is the title otherwise)."""
    sel = Selector(text=html, base_url=url)
    order = {el: i for i, el in enumerate(sel.root.iter())}
    titles = _Nearest(_elements(sel, title), order) if title else None
    dates = _Nearest(_elements(sel, date), order) if date else None
    attr_given = _split(link)[1] is not None
    links: list[ListingLink] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for el, value in _elements(sel, link):
        href = _href(el, value, attr_given)
        if not href or href.strip().startswith("#"):
            continue  # an anchor on the page itself, not an article
        absolute = web_url(href, url)
        if absolute is None:
            skipped.append(f"link {' '.join(href.split())[:120]!r}: not a web address")
            continue
        if absolute in seen:
            continue
        seen.add(absolute)
        if titles is not None:
            t = titles.value_for(el)
        else:
            t = " ".join("".join(el.itertext()).split()) or None
        d = dates.value_for(el) if dates is not None else None
        links.append(ListingLink(absolute, t, parse_date(d, tz) if d else None, d))
    next_url = None
    if next_sel:
        found = _elements(sel, next_sel)
        if found:
            el, value = found[0]
            nxt = _href(el, value, _split(next_sel)[1] is not None)
            if nxt:
                next_url = web_url(nxt, url)
    return Listing(links, next_url, skipped)


@dataclass
class SelectorMatch:
    name: str  # link | title | date | next
    selector: str
    matched: int  # elements it matched on the page (-1: the selector is not valid CSS or XPath)
    first: str | None  # the first value it read (an attribute, or the element's text), or the error


def selector_matches(html: str, url: str, selectors: dict[str, str | None]) -> list[SelectorMatch]:
    """What each selector matches on a listing page, read exactly as parse_listing reads it: for
    writing and fixing a `page` source's selectors."""
    sel = Selector(text=html, base_url=url)
    out = []
    for name, expr in selectors.items():
        if not expr:
            continue
        try:
            found = _elements(sel, expr)
        except Exception as e:  # noqa: BLE001 - cssselect, parsel and lxml each raise their own
            out.append(SelectorMatch(name, expr, -1, " ".join(f"{type(e).__name__}: {e}".split())[:200]))
            continue
        first = next((value for _, value in found if value), None)
        out.append(SelectorMatch(name, expr, len(found), first[:120] if first else None))
    return out
