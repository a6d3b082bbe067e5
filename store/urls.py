"""Normalised article URLs: the archive's key, so one story is fetched once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that track the reader, never select the content.
_TRACKING_PREFIXES = ("utm_", "spm", "mc_", "_hs")
_TRACKING = {
    "fbclid", "gclid", "yclid", "igshid", "ref", "ref_src", "from", "share",
    "isappinstalled", "scene", "srcid", "tt_from", "wxfrom", "wx_header",
}
# WeChat article identity: everything else in its query string is session noise.
_WECHAT_KEYS = ("__biz", "mid", "idx", "sn")


def normalise_url(url: str) -> str:
    """Drop fragments and tracking parameters, lower-case scheme and host, canonicalise WeChat links."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    query = parse_qsl(parts.query, keep_blank_values=True)
    if host == "mp.weixin.qq.com":
        scheme = "https"
        if path.startswith("/s/"):
            query = []  # short permalink: the path is the identity
        else:
            path = "/s"
            wanted = dict(query)
            query = [(k, wanted[k]) for k in _WECHAT_KEYS if k in wanted]
    else:
        query = sorted(
            (k, v)
            for k, v in query
            if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES)
        )
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))
