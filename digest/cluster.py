"""Group reports of the same event across sources and languages, without comparing all pairs.

Three signals, on English text (the original, or the translation of a Chinese article) and on the
event keys of digest.eventkeys (vehicles, flight numbers, amounts, counts, dates, places):
- near-duplicate bodies (reposts, syndication, the same press release): MinHash LSH over word
  3-shingles of the title and the opening of the text;
- the same event told with the same words: articles that share a company, fall within a few days of
  each other and share at least two title words carrying 40% of the lighter title's weight (words
  weighted by rarity in the week's titles);
- the same event told differently (an English write-up of a Chinese report whose titles share no
  rare word): a shared company plus evidence that adds up, each shared event key weighing by how
  much it pins an event down (an amount in yuan meets the same in dollars), and the rare words of
  both leads; two reports that disagree on the flight number, the day of the event or the kind of
  event their headlines tell are two events (two launches of one rocket in a week; a company's
  launch and its funding round).
Candidates come from inverted indexes on (company, title word), (company, event key) and (company,
rare lead word), walked in date order, so only nearby postings are paired; a report with no
company or organisation is anchored on the places it names. No signal stretches a story beyond the
window, and a recap of two events lends neither's flight or amount to the story it joins.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import zlib
from collections import defaultdict

import numpy as np
import snowballstemmer
from datasketch import MinHashLSH

from digest.concepts import ConceptIndex
from store.model import Article

NUM_PERM = 64
TEXT_WORDS = 80  # the opening carries the event; long tails only add noise and time
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an the and or of to in on at for from by with as is are was were be been its it this that
    these those has have had will would can could into over after before about than new says said
    s china chinese china's company firm first""".split()
)
# Posting lists longer than this hold words too common to say two articles tell the same story.
MAX_POSTING = 300


_POSSESSIVE = re.compile(r"['\u2019]s\b")


def words(text: str | None) -> list[str]:
    # LandSpace's -> landspace: the possessive goes before the split, in one pass
    return _WORD.findall(_POSSESSIVE.sub("", (text or "").lower()).replace("\u2019", "'"))


_STEMMER = snowballstemmer.stemmer("english")


# A translation writes the digits ("2 satellites") an English writer spells ("two SAR satellites").
_NUMERALS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()) if i >= 2}
_NUMERALS["dozen"] = "12"


def stem(word: str) -> str:
    """The Snowball (Porter 2) stem, so "launched", "launches" and "launch", "licensing" and
    "license" meet; a word with a digit (zhuque-3, y19) is kept whole; a small number spelled out
    is its digits."""
    if ":" in word or any(ch.isdigit() for ch in word):
        return word  # a concept ("c:funding") or a name with a digit
    return _NUMERALS.get(word) or _STEMMER.stemWord(word)


_stem = functools.lru_cache(maxsize=1 << 16)(stem)  # a week's vocabulary repeats: stem each word once


def title_terms(title: str, exclude: set[str] = frozenset()) -> set[str]:
    return {stem(w) for w in words(title) if w not in STOPWORDS and w not in exclude}


class _Signature:
    """What MinHashLSH reads from a MinHash; building datasketch's MinHash would redo its permutations."""

    __slots__ = ("hashvalues",)
    scheme = "affine32"

    def __init__(self, hashvalues: np.ndarray):
        self.hashvalues = hashvalues

    def __len__(self) -> int:
        return len(self.hashvalues)

    def jaccard(self, other: "_Signature") -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / len(self.hashvalues)


class _Signer:
    """MinHash signatures of word 3-shingles, vectorised with numpy.

    Each word is hashed once (crc32, cached: a week's vocabulary repeats); a shingle's hash mixes its
    three word hashes; each of the num_perm permutations is h -> a*h + b mod 2^32 with a odd (a
    bijection), and the signature keeps the minimum per permutation. Deterministic across runs."""

    def __init__(self, num_perm: int, seed: int = 1):
        rng = np.random.RandomState(seed)
        self.a = (rng.randint(0, 2**31, size=num_perm, dtype=np.uint64) * 2 + 1).astype(np.uint32)
        self.b = rng.randint(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)
        self.num_perm = num_perm
        self._vocab: dict[str, int] = {}

    def _word_hashes(self, tokens: list[str]) -> np.ndarray:
        vocab = self._vocab
        for t in set(tokens).difference(vocab):
            vocab[t] = zlib.crc32(t.encode())
        # itemgetter looks every token up in C; one token gives a bare value, not a tuple
        found = operator.itemgetter(*tokens)(vocab) if len(tokens) > 1 else [vocab[t] for t in tokens]
        return np.array(found, dtype=np.uint32)

    def sign(self, tokens: list[str]) -> _Signature:
        w = self._word_hashes(tokens)
        if len(w) >= 3:
            # order matters in a shingle: different odd multipliers per position, wrapping in uint32
            w = w[:-2] * np.uint32(0x9E3779B1) ^ w[1:-1] * np.uint32(0x85EBCA77) ^ w[2:] * np.uint32(0xC2B2AE3D)
        w = w ^ (w >> np.uint32(16))  # spread low-entropy crc bits before the affine permutations
        values = (w[:, None] * self.a[None, :] + self.b[None, :]).min(axis=0)
        return _Signature(values)


class _UnionFind:
    """Union-find that also keeps each cluster's time span, so title matches cannot chain a week."""

    def __init__(self, times: list[float], exclusive: list[set[str]] | None = None):
        self.parent = list(range(len(times)))
        self.lo = list(times)
        self.hi = list(times)
        # each cluster's flight numbers and amounts: a report joins only a cluster it agrees with
        self.keys = exclusive or [set() for _ in times]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def span_if_joined(self, a: int, b: int) -> float:
        ra, rb = self.find(a), self.find(b)
        return max(self.hi[ra], self.hi[rb]) - min(self.lo[ra], self.lo[rb])

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the earlier index stays the root: cluster order is stable
            root, child = min(ra, rb), max(ra, rb)
            self.parent[child] = root
            self.lo[root] = min(self.lo[root], self.lo[child])
            self.hi[root] = max(self.hi[root], self.hi[child])
            self.keys[root] = self.keys[root] | self.keys[child]

    def agree(self, a: int, b: int) -> bool:
        """Whether the clusters of a and b could be one event (no flight or amount against)."""
        return not _conflict(self.keys[self.find(a)], self.keys[self.find(b)])


# How much a shared event key says two reports tell one event (by the key's prefix). Sharing a kind
# of event says nothing (a company's every launch is one): it only tells events apart.
KEY_WEIGHTS = {"flight": 2.0, "m": 2.0, "v": 1.0, "d": 1.0, "n": 1.0, "e": 0.5, "o": 1.0, "kind": 0.0}
# Keys two reports of one event cannot disagree on: a flight number, an amount in one currency, the
# kind of event the headline tells (a launch, a funding round).
_EXCLUSIVE = ("flight:", "m:cny:", "m:usd:", "kind:")


def _own_keys(keys: set[str]) -> set[str]:
    """The exclusive keys a report lends its cluster: one value per prefix. A recap of two events
    (two amounts, two flights) agrees with both and must not let them agree with each other."""
    out: set[str] = set()
    if not keys:
        return out
    for prefix in _EXCLUSIVE:
        found = [k for k in keys if k.startswith(prefix)]
        if len(found) == 1:
            out.add(found[0])
    return out


EVENT_THRESHOLD = 2.0
LEAD_WORDS = 60  # the words of a lead compared between two reports
LEAD_CHARS_ZH = 120  # about as much Chinese as LEAD_WORDS of its translation
RARE_SHARE = 0.01  # a lead word in more than this share of the week's articles does not pair them
RARE_MIN = 10
SUBJECT_WEIGHT = 1.0  # each further company or organisation both reports are about


# Yuan per dollar, and how far a converted amount may stray: an English report converts at the
# day's rate and rounds ("about $42 million" for 300 million yuan).
CNY_PER_USD = 7.1
CONVERTED_SLACK = 0.12


def _evidence(ki: set[str], kj: set[str], same_language: bool) -> tuple[float, bool]:
    """(weight of the shared keys, whether the two disagree on the flight, the amount, the vehicle
    or the day). An amount one report gives in yuan and the other only in dollars counts as shared."""
    shared = ki & kj
    score = sum(KEY_WEIGHTS.get(k.split(":", 1)[0], 0.5) for k in shared)
    if not any(k.startswith("m:") for k in shared) and _converted_match(ki, kj):
        score += KEY_WEIGHTS["m"]
    return score, _conflict(ki, kj, ("v:", "d:"), date_slack=0 if same_language else 1)


def _amounts(keys: set[str], currency: str) -> list[float]:
    return [float(k[6:]) for k in keys if k.startswith(f"m:{currency}:")]


def _converted_match(ki: set[str], kj: set[str]) -> bool:
    for a, b in ((ki, kj), (kj, ki)):
        for cny in _amounts(a, "cny"):
            for usd in _amounts(b, "usd"):
                if abs(cny / (usd * CNY_PER_USD) - 1) <= CONVERTED_SLACK:
                    return True
    return False


_BUCKET = math.log(1.3)


def amount_buckets(keys: set[str]) -> set[str]:
    """Posting words for the amounts in yuan (dollars converted): two neighbouring buckets of 30%
    each, so two amounts within the slack above always share one and so become a candidate pair."""
    out = set()
    for k in keys:
        if k.startswith(("m:cny:", "m:usd:")):
            value = float(k[6:]) * (CNY_PER_USD if k[2] == "u" else 1)
            b = math.floor(math.log(value) / _BUCKET)
            out.update((f"mx:{b}", f"mx:{b + 1}"))
    return out


def _conflict(ki: set[str], kj: set[str], also: tuple[str, ...] = (), date_slack: int = 1) -> bool:
    """Whether two sets of keys tell different events: both give a flight number (or an amount in
    one currency; with `also`, a vehicle or a day) and none is shared. date_slack: days two dates
    may differ by (an English report dated in UTC, a Chinese one in Beijing time)."""
    for prefix in (*_EXCLUSIVE, *also):
        a = {k for k in ki if k.startswith(prefix)}
        b = {k for k in kj if k.startswith(prefix)}
        if a and b and not (a & b):
            if prefix == "d:" and _days_apart(a, b) <= date_slack:
                continue
            return True
    return False


def _days_apart(a: set[str], b: set[str]) -> int:
    def ordinal(k: str) -> int:
        month, day = k[2:].split("-")
        return int(month) * 31 + int(day)

    return min(abs(ordinal(x) - ordinal(y)) for x in a for y in b)


def _anchors(companies, keys) -> set[str]:
    """Who a report is about: its companies and the organisations the fact layer named (a ministry's
    rule has no company); failing both, the places it names (a province's plan)."""
    found = {*companies, *(k for k in keys if k.startswith("o:"))}
    return found or {k for k in keys if k.startswith("e:")}


def cluster_articles(
    articles: list[Article],
    companies: dict[int, list[str]],
    *,
    names: dict[str, str] | None = None,
    keys: dict[int, set[str]] | None = None,
    window_days: float = 3.0,
    text_threshold: float = 0.5,
    title_overlap: float = 0.4,
    event_threshold: float = EVENT_THRESHOLD,
    num_perm: int = NUM_PERM,
    concepts: ConceptIndex | None = None,
) -> list[list[int]]:
    """Clusters as lists of indexes into `articles` (each ascending), ordered by their first index.

    `companies` maps article id -> company ids mentioned (as from Archive.companies_of); `names`
    maps company id -> English name, whose words do not count as shared title words (the shared
    company is required anyway, so its name would count twice); `keys` maps article id -> its event
    keys (digest.eventkeys.week_keys); `concepts` the glossary's concepts leads are compared on."""
    n = len(articles)
    times = [a.ts for a in articles]
    keys = keys or {}
    uf = _UnionFind(times, [_own_keys(keys.get(a.id, set())) for a in articles])
    titles: list[set[str]] = []
    leads: list[set[str]] = []
    # An article's own companies' names do not count as shared words: the shared company is
    # required anyway, so its name would count twice. Other names ("Commercial", "Launch" in a
    # launch site operator's name) are words like any other.
    name_words = {c: set(words(name)) for c, name in (names or {}).items()}
    anchors = [_anchors(companies.get(a.id, ()), keys.get(a.id, ())) for a in articles]

    # 1. near-duplicate text
    lsh = MinHashLSH(threshold=text_threshold, num_perm=num_perm)
    signer = _Signer(num_perm)
    signatures: dict[int, _Signature] = {}
    for i, a in enumerate(articles):
        title, text = a.english()
        own = set().union(*(name_words.get(c, ()) for c in companies.get(a.id, ())))
        title_words = words(title)
        # ~12 characters a word in English: enough text for TEXT_WORDS without tokenising long bodies
        text_words = words(text[: TEXT_WORDS * 12])[:TEXT_WORDS]
        titles.append({_stem(w) for w in title_words if w not in STOPWORDS and w not in own})
        # in a lead the sector's concepts stand for their words, so a translation's choice of words
        # and an English writer's meet (financing and raises, 许可 and licensing); a headline is
        # too short to lose its words to them
        lead_words = text_words[:LEAD_WORDS]
        if concepts:
            lead_words = concepts.with_concepts(lead_words)
        lead_set = {_stem(w) for w in lead_words if w not in STOPWORDS and w not in own}
        if concepts and a.lang == "zh":
            lead_set |= concepts.chinese_concepts(f"{a.title}\n{(a.text or '')[:LEAD_CHARS_ZH]}")
        leads.append(lead_set)
        tokens = title_words + text_words
        if len(tokens) < 3:
            continue  # too little English to judge; the title signal below still applies
        m = signatures[i] = signer.sign(tokens)
        for j in lsh.query(m):
            # LSH buckets only suggest; the estimated Jaccard decides
            if m.jaccard(signatures[j]) >= text_threshold and uf.agree(i, j):
                uf.union(i, j)
        lsh.insert(i, m, check_duplication=False)

    # 2 and 3. a shared company, close in time, and shared title words or event evidence
    lead_df: dict[str, int] = defaultdict(int)
    for t in leads:
        for w in t:
            lead_df[w] += 1
    rare = max(RARE_MIN, int(RARE_SHARE * n))
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    # in time order, so every posting list is too
    for i in sorted(range(n), key=times.__getitem__):
        a = articles[i]
        own_keys = keys.get(a.id, set())
        evidence = [*titles[i], *(f"k:{k}" for k in own_keys if not k.startswith("kind:")),
                    *(f"k:{b}" for b in amount_buckets(own_keys)),
                    *(f"l:{w}" for w in leads[i] if lead_df[w] <= rare)]
        for anchor in anchors[i]:
            for w in evidence:
                postings[(anchor, w)].append(i)
    window = window_days * 86400
    # per pair: shared postings of any kind (low 16 bits) and shared title words (above them)
    shared: dict[tuple[int, int], int] = {}
    get = shared.get
    for (_, w), plist in postings.items():
        if len(plist) < 2 or len(plist) > MAX_POSTING:
            continue
        step = 0x10001 if not w.startswith(("k:", "l:")) else 1
        for x, i in enumerate(plist):
            ti = times[i] + window
            for j in plist[x + 1 :]:
                if times[j] > ti:
                    break
                pair = (i, j) if i < j else (j, i)
                shared[pair] = get(pair, 0) + step
    # Words common in the week's titles ("launch", "rocket") weigh little, rare ones ("zhuque-3") a lot.
    df: dict[str, int] = defaultdict(int)
    for t in titles:
        for w in t:
            df[w] += 1
    # A floor on the corpus size keeps small weeks from punishing the very words two titles share.
    corpus = max(n, 1000)
    idf = {w: math.log(1 + corpus / c) for w, c in df.items()}
    weight = [sum(idf[w] for w in t) for t in titles]
    # plain idf over the week itself: a word in every lead ("said", "company") weighs nothing
    lead_idf = {w: math.log(max(n, 1) / c) for w, c in lead_df.items()}
    lead_weight = [sum(lead_idf[w] for w in t) for t in leads]
    # one word or key in common, whatever it weighs, is a coincidence: two at least
    for (i, j), both in sorted(p for p in shared.items() if p[1] & 0xFFFF >= 2):
        count = both >> 16
        ki, kj = keys.get(articles[i].id, set()), keys.get(articles[j].id, set())
        score, conflict = _evidence(ki, kj, articles[i].lang == articles[j].lang)
        # a place anchor is an event key too, already weighed
        score += SUBJECT_WEIGHT * max(0, sum(not x.startswith("e:") for x in anchors[i] & anchors[j]) - 1)
        if conflict:
            continue
        common = titles[i] & titles[j]
        title_share = sum(idf[w] for w in common) / max(min(weight[i], weight[j]), 1e-9)
        same_title = count >= 2 and len(common) >= 2 and title_share >= title_overlap
        if not same_title:
            lead_common = leads[i] & leads[j]
            lead_share = sum(lead_idf[w] for w in lead_common) / max(min(lead_weight[i], lead_weight[j]), 1e-9)
            if score + 2 * min(title_share, 1.0) + 2 * lead_share < event_threshold:
                continue
        if uf.span_if_joined(i, j) <= window and uf.agree(i, j):
            uf.union(i, j)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])
