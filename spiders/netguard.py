"""No fetching where a hostile feed points: article pages and redirects on internal addresses
(loopback, private networks, link-local such as 169.254.169.254, carrier-grade NAT, multicast,
unspecified, reserved, and IPv6's equivalents) are refused, unless the source itself is on such an
address (a mirror on the LAN, the tests' and demo's loopback sites: then that same origin, host and
port, is allowed) or crawl.allow_private_addresses is set.

A host name is resolved (in a worker thread, cached) and refused when any address it has is
internal; Scrapy then resolves it again to connect, so a name that changes its answer between the
two looks (DNS rebinding) is not caught here.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

ALLOW_SETTING = "PARALLAX_ALLOW_PRIVATE_ADDRESSES"


class InternalAddress(IgnoreRequest):
    """A request to an internal address, refused."""


def internal_ip(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


@functools.lru_cache(maxsize=4096)
def host_is_internal(host: str) -> bool:
    """True when host is an internal address, or a name any of whose addresses is; a name that does
    not resolve is not internal (the fetch fails on its own)."""
    host = host.strip("[]").lower()
    if not host:
        return False
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return internal_ip(host)
    except ValueError:
        pass
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return any(internal_ip(info[4][0]) for info in infos)


def origin(url: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit(url)
        return (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None


class InternalAddressMiddleware:
    """Downloader middleware: every request but a source's own configured URL is checked, redirects
    included (a redirected request passes through the downloader middlewares again). The origins
    (host and port) of the sources that are themselves internal stay allowed: their pages, their
    robots.txt, a mirror's own links."""

    def __init__(self, crawler, allow_all: bool):
        self.crawler = crawler
        self.allow_all = allow_all
        self._allowed: set[tuple[str, int | None]] | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getbool(ALLOW_SETTING))

    def _sources_origins(self) -> set[tuple[str, int | None]]:
        if self._allowed is None:
            specs = getattr(self.crawler.spider, "sources", {}).values()
            origins = {origin(spec.url) for spec in specs}
            self._allowed = {o for o in origins if o is not None and host_is_internal(o[0])}
        return self._allowed

    async def process_request(self, request):
        if self.allow_all or request.meta.get("parallax_trusted") == request.url:
            return None
        target = origin(request.url)
        if target is None or not target[0]:
            return None
        if not await asyncio.to_thread(host_is_internal, target[0]):
            return None
        if target in await asyncio.to_thread(self._sources_origins):
            return None
        raise InternalAddress(f"refused: {request.url} is on an internal address "
                              "(crawl.allow_private_addresses allows it)")
