"""Article URLs: which ones a crawl may follow and archive (web_url), and the normalised form that
is the archive's key, so one story is fetched once (normalise_url)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote_plus, urlencode, urljoin, urlsplit, urlunsplit

WEB_SCHEMES = ("http", "https")
MAX_URL = 2048  # longer links are not article addresses (and some servers refuse them)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def web_url(url: str | None, base: str | None = None) -> str | None:
    """url (resolved against base) when it is an http(s) address a crawl can fetch and a reader can
    follow: a host, a valid port, no white space or control characters; else None. Schemes are
    compared case-insensitively (JavaScript:, MAILTO:, tel:, file:, data:, about: are refused)."""
    if not url:
        return None
    url = url.strip().replace(" ", "%20")  # feeds write spaces in paths; browsers send them encoded
    try:
        absolute = urljoin(base, url) if base else url
        parts = urlsplit(absolute)
        parts.port  # noqa: B018 - raises ValueError when out of range or not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname or len(absolute) > MAX_URL:
        return None
    if _UNSAFE.search(absolute):
        return None
    return absolute

# Parameters that track the reader, never select the content.
_TRACKING_PREFIXES = ("utm_", "spm", "mc_", "_hs")
_TRACKING = {
    "fbclid", "gclid", "yclid", "igshid", "ref", "ref_src", "from", "share",
    "isappinstalled", "scene", "srcid", "tt_from", "wxfrom", "wx_header",
}
# WeChat article identity: everything else in its query string is session noise. Mirrors and
# proxies of WeChat articles carry the same four keys, which identify the article on any host.
_WECHAT_KEYS = ("__biz", "mid", "idx", "sn")


def _tracking(key: str) -> bool:
    key = key.lower()
    return key in _TRACKING or key.startswith(_TRACKING_PREFIXES)


def _site(host: str) -> str:
    """The registrable domain of a host (news.sina.com.cn -> sina.com.cn), from the public suffix list
    tldextract ships (no download); an IP address or a single label is its own site."""
    from tldextract import TLDExtract  # only when two hosts differ: most canonicals are the page's own

    global _extract
    if _extract is None:
        _extract = TLDExtract(suffix_list_urls=(), cache_dir=None)
    parts = _extract(host)
    return parts.top_domain_under_public_suffix or host


_extract = None


def same_site(a: str, b: str) -> bool:
    """True when both URLs are on one site: the same host, or hosts under one registrable domain
    (www.jiemian.com and m.jiemian.com)."""
    try:
        ha, hb = (urlsplit(u).hostname or "" for u in (a, b))
    except ValueError:
        return False
    if not ha or not hb:
        return False
    return ha == hb or _site(ha) == _site(hb)


def normalise_url(url: str) -> str:
    """Drop fragments and tracking parameters, lower-case scheme and host, canonicalise WeChat links
    (mp.weixin.qq.com, and on any host a query with all of __biz, mid, idx and sn)."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # not a port: keep the address as written rather than fail (web_url refuses it)
        port = None
        host = parts.netloc.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    query = parse_qsl(parts.query, keep_blank_values=True)
    wanted = dict(query)
    if host == "mp.weixin.qq.com":
        scheme = "https"
        if path.startswith("/s/"):
            query = []  # short permalink: the path is the identity
        else:
            path = "/s"
            query = [(k, wanted[k]) for k in _WECHAT_KEYS if k in wanted]
    elif all(k in wanted for k in _WECHAT_KEYS):
        query = [(k, wanted[k]) for k in _WECHAT_KEYS]
    else:
        query = sorted((k, v) for k, v in query if not _tracking(k))
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


def clean_url(url: str) -> str:
    """The URL as published minus its fragment and tracking parameters. Unlike normalise_url,
    scheme, host, parameter order and the original percent-encoding stay as they were: this is
    the address shown to readers (an article's canonical_url)."""
    address, _, query = url.strip().split("#", 1)[0].partition("?")
    pairs = [p for p in query.split("&") if p]
    kept = [p for p in pairs if not _tracking(unquote_plus(p.split("=", 1)[0]))]
    return f"{address}?{'&'.join(kept)}" if kept else address
