"""Group reports of the same event across sources and languages, without comparing all pairs.

Two signals, both on English text (the original, or the translation of a Chinese article):
- near-duplicate bodies (reposts, syndication, the same press release): MinHash LSH over word
  3-shingles of the title and the opening of the text;
- the same event told differently (an English write-up of a Chinese report): articles that share a
  company, fall within a few days of each other and share enough title words. Candidates come from an
  inverted index on (company, title word) walked in date order, so only nearby postings are paired.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from datetime import datetime, timezone

from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
TEXT_WORDS = 120  # the opening carries the event; long tails only add noise and time
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an the and or of to in on at for from by with as is are was were be been its it this that
    these those has have had will would can could into over after before about than new says said
    s china chinese china's company firm first""".split()
)
# Posting lists longer than this hold words too common to say two articles tell the same story.
MAX_POSTING = 300


def words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def english_of(article: dict) -> tuple[str, str]:
    """(title, text) in English: the translation, or the original for English articles."""
    title = article.get("title_en") or (article.get("title") if article.get("lang") == "en" else "") or ""
    text = article.get("text_en") or (article.get("text") if article.get("lang") == "en" else "") or ""
    return title, text


def timestamp(article: dict) -> float:
    value = article.get("published") or article.get("fetched")
    if not value:
        return 0.0
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return 0.0
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def _crc(b: bytes) -> int:
    return zlib.crc32(b)


def _shingles(tokens: list[str]) -> list[bytes]:
    if len(tokens) < 3:
        return [t.encode() for t in tokens]
    return [" ".join(tokens[i : i + 3]).encode() for i in range(len(tokens) - 2)]


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the earlier index stays the root: cluster order is stable
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_articles(
    articles: list[dict],
    companies: dict[int, list[str]],
    *,
    window_days: float = 3.0,
    text_threshold: float = 0.5,
    title_jaccard: float = 0.25,
    num_perm: int = NUM_PERM,
) -> list[list[int]]:
    """Clusters as lists of indexes into `articles` (each ascending), ordered by their first index.

    `companies` maps article id -> company ids mentioned (as from Archive.companies_of)."""
    n = len(articles)
    uf = _UnionFind(n)
    times = [timestamp(a) for a in articles]
    titles: list[set[str]] = []

    # 1. near-duplicate text
    lsh = MinHashLSH(threshold=text_threshold, num_perm=num_perm)
    perms = MinHash(num_perm=num_perm, hashfunc=_crc, scheme="affine32").permutations
    for i, a in enumerate(articles):
        title, text = english_of(a)
        title_words = words(title)
        titles.append({w for w in title_words if w not in STOPWORDS})
        tokens = title_words + words(text)[:TEXT_WORDS]
        if len(tokens) < 3:
            continue  # too little English to judge; the title signal below still applies
        m = MinHash(num_perm=num_perm, hashfunc=_crc, permutations=perms, scheme="affine32")
        m.update_batch(_shingles(tokens))
        for j in lsh.query(m):
            uf.union(i, j)
        lsh.insert(i, m, check_duplication=False)

    # 2. shared company + close in time + shared title words
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, a in enumerate(articles):
        for company in set(companies.get(a["id"], ())):
            for w in titles[i]:
                postings[(company, w)].append(i)
    window = window_days * 86400
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for plist in postings.values():
        if len(plist) < 2 or len(plist) > MAX_POSTING:
            continue
        plist.sort(key=lambda k: times[k])
        for x, i in enumerate(plist):
            for j in plist[x + 1 :]:
                if times[j] - times[i] > window:
                    break
                shared[(i, j) if i < j else (j, i)] += 1
    for (i, j), count in shared.items():
        if count < 2:  # one (company, word) key in common is not enough
            continue
        common = titles[i] & titles[j]
        if len(common) < 2:
            continue
        if len(common) / len(titles[i] | titles[j]) >= title_jaccard:
            uf.union(i, j)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])
