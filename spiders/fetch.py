"""A few HTTP GETs outside the Scrapy engine, for `sources test`: the crawl's user agent, timeout and
size limit, robots.txt obeyed when the crawl obeys it, redirects followed and recorded with each hop
checked against internal addresses as spiders.netguard checks the crawl's. Failures are worded as
the crawl words them (spiders.failures), so a test shows the lines a run would log.
"""

from __future__ import annotations

import gzip
import socket
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from spiders.errors import SpiderError
from spiders.netguard import host_is_internal, origin

MAX_REDIRECTS = 10


class FetchError(SpiderError):
    """The page could not be fetched (one line, worded as a run's warning)."""


@dataclass
class Fetched:
    url: str  # where the answer came from, after redirects
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes
    redirects: list[str] = field(default_factory=list)  # the addresses passed through before url

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, fetcher: "Fetcher"):
        self.fetcher = fetcher
        self.chain: list[str] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        newurl = urljoin(req.full_url, newurl)
        self.chain.append(req.full_url)
        self.fetcher.check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    def __init__(self, user_agent: str, timeout: float, max_bytes: int, obey_robots: bool = True,
                 source_url: str | None = None, allow_private: bool = False):
        self.user_agent = user_agent
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.obey_robots = obey_robots
        self.allow_private = allow_private
        # As in the crawl: a source on an internal address may use its own host and port.
        own = origin(source_url) if source_url else None
        self.allowed = {own} if own and host_is_internal(own[0]) else set()
        self._robots: dict[tuple, urllib.robotparser.RobotFileParser | None] = {}

    def check_address(self, url: str) -> None:
        target = origin(url)
        if self.allow_private or target is None or not target[0] or target in self.allowed:
            return
        if host_is_internal(target[0]):
            raise FetchError(f"refused: {url} is on an internal address (crawl.allow_private_addresses allows it)")

    def get(self, url: str, trusted: bool = False) -> Fetched:
        """GET url; trusted: the source's own address (never refused as internal, as in the crawl)."""
        if not trusted:
            self.check_address(url)
        if self.obey_robots and not self.robots_allow(url):
            raise FetchError(f"forbidden by robots.txt: {url}")
        return self._get(url)

    def robots_allow(self, url: str) -> bool:
        key = origin(url)
        if key not in self._robots:
            robots_url = urljoin(url, "/robots.txt")
            parser = None
            try:
                answer = self._get(robots_url)
            except FetchError:
                answer = None
            if answer is not None and answer.status == 200:
                parser = urllib.robotparser.RobotFileParser(robots_url)
                parser.parse(answer.body.decode("utf-8", "replace").splitlines())
            self._robots[key] = parser  # no robots.txt, or an error: everything is allowed
        parser = self._robots[key]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def _get(self, url: str) -> Fetched:
        redirects = _Redirects(self)
        opener = urllib.request.build_opener(redirects)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                       "Accept-Encoding": "gzip, deflate"})
        try:
            with opener.open(request, timeout=self.timeout) as answer:
                return self._read(answer, answer.status, redirects.chain)
        except urllib.error.HTTPError as e:
            with e:
                return self._read(e, e.code, redirects.chain)
        except urllib.error.URLError as e:
            raise FetchError(_reason(e.reason, url)) from None
        except (socket.timeout, TimeoutError):
            raise FetchError(f"timed out: {url}") from None
        except (ConnectionError, OSError, ValueError) as e:
            raise FetchError(_reason(e, url)) from None

    def _read(self, answer, status: int, chain: list[str]) -> Fetched:
        final = answer.geturl()
        body = answer.read(self.max_bytes + 1)
        headers = {k.lower(): v for k, v in answer.headers.items()}
        encoding = headers.get("content-encoding", "").lower()
        if encoding in ("gzip", "deflate"):
            try:
                body = gzip.decompress(body) if encoding == "gzip" else zlib.decompress(body)
            except (OSError, zlib.error, EOFError):
                raise FetchError(f"connection closed before the page was complete: {final}") from None
        if len(body) > self.max_bytes:
            raise FetchError(f"page larger than crawl.max_page_bytes ({self.max_bytes} bytes): {final}")
        return Fetched(final, status, headers, body, list(chain))


def _reason(reason, url: str) -> str:
    if isinstance(reason, FetchError):
        return str(reason)
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return f"timed out: {url}"
    if isinstance(reason, socket.gaierror):
        return f"host not found: {url}"
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused: {url}"
    text = " ".join(str(reason).split()) or type(reason).__name__
    return f"{type(reason).__name__}: {text} ({url})"[:300]
