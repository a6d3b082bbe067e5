"""The domain types every stage shares: an article from fetch to digest, its mentions, companies,
sources and runs, and what makes a text Chinese. Imports nothing of ours: every stage may import it.

One Article travels the whole pipeline: a spider fills the fetched fields, the archive adds id and
hashes, the enrichment stage (translate/) adds the English and the engine that wrote it, and the
digest, search and export read it back. Derived rows (mentions, topics, index text) travel beside
it in an Enrichment.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone

# -- what makes a text Chinese --------------------------------------------------------------
# CJK Unified Ideographs (+ Extension A, the compatibility block, and the supplementary ideographic
# plane: Extensions B-F and compatibility supplement, rare characters of names and places). The one
# definition of these ranges: build other patterns from CJK_RANGES, inside [...].
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RE = re.compile(f"[{CJK_RANGES}]")

LANGS = ("zh", "en", "other")  # an article's detected language
STATUSES = ("ok", "unavailable")  # unavailable: deleted or blocked, kept so it is never fetched again
# page: the whole article (its page, or a mirror's full-text item); feed: the teaser only, the page
# is retried by later runs
BODY_FROM = ("page", "feed")
MEDIA = ("voice", "video")  # a post that is a voice message or a video: kept by its title, no text


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


def utcnow() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def content_hash(*parts: str | None) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update((p or "").encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def translation_label(lang: str | None, engine: str | None, model: str | None) -> str:
    """Who wrote an article's English, as a reader sees it next to the text: "original English",
    "gloss" (a word-by-word dictionary gloss), "argos MODEL", "llm MODEL", or "not translated"."""
    if lang == "en":
        return "original English"
    if not engine or engine == "none":
        return "not translated"
    if engine in ("argos", "llm") and model:
        return f"{engine} {model}"
    return engine


def timestamp(value: str | None) -> float:
    """Seconds since the epoch of an ISO 8601 time (naive read as UTC); 0 when absent or unreadable."""
    if not value:
        return 0.0
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return 0.0
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


# -- articles -------------------------------------------------------------------------------
@dataclass
class Article:
    """One article. A spider sets the fetched fields (url .. fetched); the archive adds id and
    content_hash; enrichment adds title_en, text_en (the English of the title and, by
    translate.body, of the lead, the full text or nothing), engine (argos | llm | gloss | none for
    English originals) and model."""

    url: str
    source: str
    title: str | None = None
    text: str | None = None
    lang: str | None = None
    author: str | None = None
    account: str | None = None  # WeChat public account, when known
    published: str | None = None  # ISO 8601 UTC
    canonical_url: str | None = None  # the address shown to readers
    status: str = "ok"
    body_from: str = "page"
    fetched: str = field(default_factory=utcnow)
    media: str | None = None  # voice | video: the post is that, kept by its title only
    id: int | None = None
    title_en: str | None = None
    text_en: str | None = None
    engine: str | None = None
    model: str | None = None
    content_hash: str | None = None
    processed_hash: str | None = None
    updated: str | None = None

    @classmethod
    def from_row(cls, row) -> "Article":
        """From a database row or dict holding any subset of the columns."""
        keys = row.keys()
        return cls(**{f: row[f] for f in _ARTICLE_FIELDS if f in keys})

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def when(self) -> str | None:
        """The date an article is filed under: published, else when it was fetched."""
        return self.published or self.fetched

    @property
    def ts(self) -> float:
        return timestamp(self.when)

    @property
    def day(self) -> str:
        return (self.when or "")[:10]

    @property
    def link(self) -> str:
        """The address a reader follows: as published (canonical), else the archive's key."""
        return self.canonical_url or self.url

    @property
    def label(self) -> str:
        """Who wrote the English: shown wherever a translation is."""
        return translation_label(self.lang, self.engine, self.model)

    @property
    def headline(self) -> str:
        """The title an English reader sees: the translation, the English original, else as published."""
        title = self.title or ""
        return self.title_en or (title if self.lang == "en" else "") or title or "(untitled)"

    def english(self) -> tuple[str, str]:
        """(title, text) in English: the translation, or the original of an English article."""
        own = self.lang == "en"
        return (self.title_en or (self.title if own else "") or "", self.text_en or (self.text if own else "") or "")


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


@dataclass
class UpsertResult:
    id: int
    created: bool
    changed: bool


@dataclass(frozen=True)
class Mention:
    """A company named in a text: offsets into that text (field: "title" or "text" once stored)."""

    company_id: str
    surface: str  # as written in the input (Traditional stays Traditional)
    start: int
    end: int
    field: str | None = None

    def to_dict(self) -> dict:
        """The public JSON form (`companies find --json`)."""
        return {"id": self.company_id, "surface": self.surface, "start": self.start, "end": self.end}


FACT_KINDS = ("number", "money", "quantity", "percent", "date", "time", "ordinal", "count", "designation",
              "vehicle", "place", "person", "org", "round")


@dataclass(frozen=True)
class Fact:
    """A fact of a Chinese text that its English must keep: what it is, where it stands, and how
    English news writes it (1 billion yuan, November 3, 2026, Nansha, Guangzhou, Long March 5B)."""

    kind: str  # one of FACT_KINDS
    zh: str  # as written
    start: int
    end: int
    en: str
    company_id: str | None = None  # the company whose name the fact holds (朱雀二号: landspace)
    field: str | None = None  # stored facts: title | text
    missing: bool = False  # stored facts: the English translation does not carry it

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "zh": self.zh, "en": self.en, "start": self.start, "end": self.end}
        if self.company_id:
            out["company"] = self.company_id
        if self.field:
            out.update(field=self.field, missing=self.missing)
        return out


@dataclass
class Enrichment:
    """What the enrichment stage derives from one article, stored in one transaction with it."""

    lang: str
    title_en: str | None
    text_en: str | None
    engine: str
    model: str | None
    mentions: list[Mention]  # each with field set
    topics: list[str]
    index: dict  # segmented copies for full-text search: title, text, title_en, text_en
    key: str  # content_hash|engine key: the article is pending again when either changes
    facts: list[Fact] = field(default_factory=list)  # each with field and missing set


# -- companies ------------------------------------------------------------------------------
@dataclass
class NameSeen:
    """A name the archive's text teaches (translate.suggest): a new name of a known organisation
    (company_id set) or an organisation the registry lacks; `other` is its other-language form when
    the text wrote both."""

    name: str
    count: int  # times written
    articles: int  # articles writing it
    examples: list[str]  # up to two sentences, as written
    other: str | None = None
    company_id: str | None = None
    also: list[str] = field(default_factory=list)  # every other form written for it (short forms, pairs)

    def to_dict(self) -> dict:
        return {"name": self.name, "other": self.other, "also": list(self.also), "company_id": self.company_id,
                "count": self.count, "articles": self.articles, "examples": list(self.examples)}


# Company types, with the label a reader sees. Stable ids: stored, filtered on, listed in --help.
COMPANY_TYPES = {
    "national_team": "National Team",
    "soe_subsidiary": "SOE subsidiary",
    "institute_spinoff": "Institute spin-off",
    "private": "Private start-up",
    "listed": "Listed company",
    "investor": "Investor",
}
TYPES = tuple(COMPANY_TYPES)


@dataclass(frozen=True)
class CompanyRef:
    """A company as the archive knows it: enough to name and group it."""

    id: str
    name_en: str
    name_zh: str | None = None
    type: str | None = None

    @property
    def type_label(self) -> str:
        if not self.type:
            return ""
        return COMPANY_TYPES.get(self.type.lower(), self.type.replace("_", " ").capitalize())

    @property
    def display(self) -> str:
        return f"{self.name_en} ({self.name_zh})" if self.name_zh and self.name_zh != self.name_en else self.name_en


@dataclass
class CompanyRecord:
    """A registry company as the archive stores it (companies and aliases tables)."""

    id: str
    name_en: str
    name_zh: str | None = None
    type: str | None = None
    parent: str | None = None
    province: str | None = None
    city: str | None = None
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias, lang)
    data: dict = field(default_factory=dict)  # the full registry record


# -- topics ---------------------------------------------------------------------------------
# Stable ids (stored in the archive, used by `search --topic` and the digest's sections) with the
# label a reader sees; translate.topics holds the keyword rules that tag them.
TOPICS = {
    "funding": "Funding and investors",
    "launches": "Launches and tests",
    "contracts": "Contracts and customers",
    "policy": "Policy and regulation",
    "people": "People and talent",
    "international": "International markets and Belt and Road",
    "facilities": "Facilities and local government",
}
TOPIC_IDS = tuple(TOPICS)


def topic_label(topic: str) -> str:
    """A topic as a reader sees it; a topic from config.topics is named after its id."""
    return TOPICS.get(topic) or topic.replace("_", " ").replace("-", " ").capitalize()


# -- sources and runs -----------------------------------------------------------------------
@dataclass(frozen=True)
class SourceRef:
    """A configured source, as the archive records it."""

    name: str
    kind: str  # feed | page | wechat
    url: str
    lang: str | None = None


# What a fetched page (or a mirror's full-text item) turned out to be, counted per source and crawl:
# an article; a post deleted or blocked by WeChat (recorded unavailable); a voice or video post (kept
# by its title); a verification wall or rate-limit page (not archived, retried later: "blocked"); an
# account history or profile page (not archived, never fetched again); a page with no text found.
PAGE_KINDS = ("article", "unavailable", "media", "blocked", "not_article", "no_text")

def source_status(ok: bool, items_skipped: int = 0, kinds: dict | None = None) -> str:
    """The health a crawl's outcome earns, worst first: failing (it could not be read), blocked (a
    mirror answered with verification or rate-limit pages), unreadable (pages were read but none had
    article text), warning (items were skipped), ok. "quiet" is judged later from the archive's dates
    (store.freshness), "never" and "disabled" by the caller."""
    kinds = kinds or {}
    if not ok:
        return "failing"
    if kinds.get("blocked") or kinds.get("waiting"):  # walls met now, or still waiting for their retry
        return "blocked"
    if kinds.get("no_text") and not (kinds.get("article") or kinds.get("media")):
        return "unreadable"
    return "warning" if items_skipped else "ok"


@dataclass
class NotArticle:
    """A page that is not an article, as the crawl met it: a verification wall or rate-limit page
    (kind "blocked": retried by a later run, with backoff) or an account's history or profile page
    (kind "not_article": never fetched again). Never archived as an article."""

    url: str  # the archive's key for it (normalised on the way in)
    link: str  # the address to fetch when it is retried
    source: str
    kind: str  # blocked | not_article
    reason: str | None = None  # the page's own words (one line)
    title: str | None = None  # the feed's title for it, when known


@dataclass
class SourceOutcome:
    """One source's result in one crawl, recorded as its health."""

    name: str
    ok: bool
    error: str | None = None  # one line
    warning: str | None = None  # one line: partial trouble (malformed feed, some pages failed)
    items_seen: int = 0
    items_new: int = 0
    items_updated: int = 0  # archived before, content changed now
    items_skipped: int = 0  # items that could not be handled (each named in `skipped`)
    skipped: list[str] = field(default_factory=list)  # one line per skipped item (the first ones)
    items_left: int = 0  # items found but left for the next run (the run's allowances)
    # Pages read, by PAGE_KINDS, and "waiting": walls of earlier runs not yet due for a retry (non-zero
    # only). Left out of ==: outcomes compare by what came of the source; counts are checked where
    # they matter.
    kinds: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def status(self) -> str:
        return source_status(self.ok, self.items_skipped, self.kinds)

    def to_json(self) -> dict:
        return asdict(self)


RUN_STATUSES = ("running", "ok", "partial", "failed", "interrupted")
