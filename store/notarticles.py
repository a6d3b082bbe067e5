"""The not_articles table: pages a crawl met that are not articles, kept out of the articles table.

A verification wall or rate-limit page ("blocked") is fetched again by a later run, no sooner than
its retry_after, which doubles with each refusal; an account's history or profile page
("not_article") is never fetched again. Archiving the URL as an article (or as unavailable) takes it
off the list, in the same transaction (store.articles.upsert_article).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from store.model import NotArticle, utcnow
from store.sources import one_line
from store.urls import normalise_url

MAX_BACKOFF_HOURS = 7 * 24  # a URL blocked again and again is still tried once a week


@dataclass
class NotArticleState:
    """What a crawl of one source needs to know: account pages (never fetched), walls whose retry is
    not due (not fetched in this run), and the walls whose retry is due: (link, title)."""

    accounts: set[str] = field(default_factory=set)
    waiting: set[str] = field(default_factory=set)
    due: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def skip(self) -> set[str]:
        """The URLs this run leaves alone."""
        return self.accounts | self.waiting


def retry_time(when: str, attempts: int, backoff_hours: float) -> str:
    """when + backoff_hours, doubled for every earlier refusal, at most MAX_BACKOFF_HOURS."""
    hours = min(MAX_BACKOFF_HOURS, backoff_hours * 2 ** max(0, attempts - 1))
    start = datetime.fromisoformat(when)
    if start.tzinfo is None:
        start = start.replace(tzinfo=timezone.utc)
    return (start + timedelta(hours=hours)).astimezone(timezone.utc).replace(microsecond=0).isoformat()


class NotArticles:
    """Mixed into store.archive.Archive: needs self.conn and self.transaction()."""

    def record_not_article(self, page: NotArticle, when: str | None = None, backoff_hours: float = 6.0) -> int:
        """Note a page that is not an article; returns how many times this URL has been met."""
        when = when or utcnow()
        url = normalise_url(page.url)
        with self.transaction():
            row = self.conn.execute("SELECT attempts FROM not_articles WHERE url=?", (url,)).fetchone()
            attempts = (row["attempts"] + 1) if row else 1
            retry = retry_time(when, attempts, backoff_hours) if page.kind == "blocked" else None
            self.conn.execute(
                "INSERT INTO not_articles(url, link, source, kind, reason, title, attempts, first_seen, last_seen, "
                "retry_after) VALUES (?,?,?,?,?,?,1,?,?,?) ON CONFLICT(url) DO UPDATE SET link=excluded.link, "
                "source=excluded.source, kind=excluded.kind, reason=excluded.reason, "
                "title=COALESCE(excluded.title, title), attempts=attempts+1, last_seen=excluded.last_seen, "
                "retry_after=excluded.retry_after",
                (url, page.link, page.source, page.kind, one_line(page.reason, 300), page.title, when, when, retry),
            )
        return attempts

    def not_article_state(self, source: str, now: str | None = None) -> NotArticleState:
        now = now or utcnow()
        state = NotArticleState()
        rows = self.conn.execute(
            "SELECT url, link, title, kind, retry_after FROM not_articles WHERE source=? ORDER BY first_seen, url",
            (source,))
        for r in rows:
            if r["kind"] != "blocked":
                state.accounts.add(r["url"])
            elif (r["retry_after"] or "") <= now:
                state.due.append((r["link"], r["title"]))
            else:
                state.waiting.add(r["url"])
        return state

    def not_articles(self, source: str | None = None) -> list[dict]:
        """The rows, oldest first (every source's, or one's)."""
        sql, args = "SELECT * FROM not_articles", ()
        if source:
            sql, args = sql + " WHERE source=?", (source,)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY first_seen, url", args)]

    def _forget_not_article(self, url: str) -> None:
        self.conn.execute("DELETE FROM not_articles WHERE url=?", (url,))
