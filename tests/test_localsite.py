"""parallax.localsite: the one loopback server of the demo, the benchmarks and the tests."""

import http.client
import socket
from urllib.parse import urlsplit

import pytest

from parallax.localsite import Route, serve_directory

pytestmark = pytest.mark.slow  # starts servers or processes


def get(base: str, path: str, method: str = "GET", headers: dict | None = None):
    conn = http.client.HTTPConnection(urlsplit(base).hostname, urlsplit(base).port, timeout=5)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


@pytest.fixture
def root(tmp_path):
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "a.html").write_text('<a href="__BASE__/zh/b">航天</a>', encoding="utf-8")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "index.html").write_text("feeds", encoding="utf-8")
    (tmp_path / "feed.xml").write_text("<rss><link>__BASE__/zh/a.html</link></rss>", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path.parent / "secret.txt").write_text("outside", encoding="utf-8")
    return tmp_path


def test_files_carry_the_base_url_and_a_declared_charset(root):
    with serve_directory(root) as site:
        status, headers, body = get(site.base, "/zh/a")  # x.html served for x
        assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
        assert body.decode("utf-8") == f'<a href="{site.base}/zh/b">航天</a>'
        status, headers, body = get(site.base, "/feed.xml")
        assert (headers["Content-Type"], body) == ("application/rss+xml; charset=utf-8",
                                                    f"<rss><link>{site.url('zh/a.html')}</link></rss>".encode())
        assert get(site.base, "/feeds/")[2] == b"feeds"
        assert get(site.base, "/logo.png")[1]["Content-Type"] == "image/png"
        assert get(site.base, "/../secret.txt")[0] == 404
        status, headers, body = get(site.base, "/nothing")
        assert (status, headers["Content-Type"], body) == (404, "text/plain", b"not found")
        assert site.hits == ["/zh/a", "/feed.xml", "/feeds/", "/logo.png", "/../secret.txt", "/nothing"]
    with serve_directory(root, charset=None) as site:  # undeclared: the client must detect it
        assert get(site.base, "/zh/a.html")[1]["Content-Type"] == "text/html"


def test_files_answer_conditional_requests_with_304(root):
    with serve_directory(root) as site:
        _, headers, _ = get(site.base, "/feed.xml")
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert get(site.base, "/feed.xml", headers={"If-None-Match": etag})[::2] == (304, b"")
        assert get(site.base, "/feed.xml", headers={"If-Modified-Since": modified})[0] == 304
        assert get(site.base, "/feed.xml", headers={"If-None-Match": '"other"', "If-Modified-Since": modified})[0] == 200
        (root / "feed.xml").write_text("<rss>changed</rss>", encoding="utf-8")
        assert get(site.base, "/feed.xml", headers={"If-None-Match": etag})[::2] == (200, b"<rss>changed</rss>")


def test_dict_routes_win_over_files_and_may_be_added_while_serving(root):
    routes = {}
    log = []
    with serve_directory(root, routes, log=log) as site:
        assert get(site.base, "/feed.xml")[0] == 200
        routes["/feed.xml"] = Route(503, "busy", {"Retry-After": "60"})
        routes["/q?page=2"] = Route(200, b"page two")
        routes["/who"] = lambda h: Route(200, f"{h.base} {h.headers['X-Test']}")
        routes["/zh/a.html"] = lambda h: None  # falls through to the file
        status, headers, body = get(site.base, "/feed.xml")
        assert (status, headers["Retry-After"], body) == (503, "60", b"busy")
        assert get(site.base, "/q?page=2")[2] == b"page two"
        assert get(site.base, "/who", headers={"X-Test": "ok"})[2] == f"{site.base} ok".encode()
        assert get(site.base, "/zh/a.html")[0] == 200
        status, headers, body = get(site.base, "/feed.xml", method="HEAD")
        assert (status, headers["Content-Length"], body) == (503, "4", b"")
    assert log == ["GET /feed.xml", "GET /feed.xml", "GET /q?page=2", "GET /who",
                   "GET /zh/a.html", "HEAD /feed.xml"]


def test_list_routes_are_tried_in_order_and_may_answer_with_a_tuple(root):
    def teapot(h):
        return (418, {"Content-Type": "text/plain"}, b"tea") if h.path.startswith("/tea") else None

    with serve_directory(root, routes=[teapot, lambda h: Route(200, "second") if "tea" in h.path else None]) as site:
        assert get(site.base, "/teapot")[::2] == (418, b"tea")
        assert get(site.base, "/mytea")[::2] == (200, b"second")
        assert get(site.base, "/zh/a.html")[0] == 200
    with serve_directory(None, routes=[teapot]) as site:  # routes only
        assert get(site.base, "/zh/a.html")[0] == 404


def test_a_taken_port_falls_back_to_a_free_one_unless_told_not_to(root):
    with serve_directory(root) as first:
        port = urlsplit(first.base).port
        with serve_directory(root, port=port) as second:
            assert second.base != first.base and get(second.base, "/zh/a.html")[0] == 200
        with pytest.raises(OSError):
            with serve_directory(root, port=port, fallback=False):
                pass
    with socket.socket() as s:  # a port known to be free right now is used as asked
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    with serve_directory(root, port=free, fallback=False) as site:
        assert site.base == f"http://127.0.0.1:{free}"


def test_a_burst_of_connections_is_queued_not_dropped(root):
    """Regression: with socketserver's backlog of 5, connections opened faster than the server
    accepted them had their SYN dropped, and the kernel retried each one a whole second later:
    crawls at a concurrency above 5 stalled now and then for exactly one second."""
    with serve_directory(root) as site:
        addr = (urlsplit(site.base).hostname, urlsplit(site.base).port)
        socks = []
        try:
            for _ in range(64):
                s = socket.socket()
                s.settimeout(0.9)  # under a SYN retry: a dropped connection times out here
                s.connect(addr)
                socks.append(s)
        finally:
            for s in socks:
                s.close()
        assert len(socks) == 64
