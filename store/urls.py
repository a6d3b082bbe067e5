"""Normalised article URLs: the archive's key, so one story is fetched once."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

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


def normalise_url(url: str) -> str:
    """Drop fragments and tracking parameters, lower-case scheme and host, canonicalise WeChat links
    (mp.weixin.qq.com, and on any host a query with all of __biz, mid, idx and sn)."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    port = parts.port
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
