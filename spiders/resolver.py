"""A DNS resolver for test runs: listed host names fail at once, as an unknown host does,
without a query ever leaving the machine (tests may not touch the network beyond 127.0.0.1).

Installed only when the environment variable PARALLAX_TEST_UNRESOLVABLE names hosts (comma
separated); a normal crawl keeps Scrapy's own resolver."""

from __future__ import annotations

import os

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

ENV = "PARALLAX_TEST_UNRESOLVABLE"
SETTING = "PARALLAX_UNRESOLVABLE_HOSTS"


def unresolvable_from_env(environ=os.environ) -> list[str]:
    return [h.strip().lower().rstrip(".") for h in environ.get(ENV, "").split(",") if h.strip()]


class ListedHostsFailResolver(CachingThreadedResolver):
    unresolvable: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.unresolvable = frozenset(crawler.settings.getlist(SETTING))
        return resolver

    def getHostByName(self, name: str, timeout=()):
        if name.lower().rstrip(".") in self.unresolvable:
            return defer.fail(DNSLookupError(name))
        return super().getHostByName(name, timeout)
