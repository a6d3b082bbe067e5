"""Whole-name resolution: which one organisation a name string means, and how sure that is.

For names standing alone (`companies resolve`, config, search filters), never for running text: the
mention finder (translate.scan) only matches names as the registry writes them. Steps, first hit wins:

  exact       the name's exact key (case, width, script, punctuation folded) is one company's name
  normalised  rules: legal forms and places dropped, abbreviations spelt out (loose keys); the name in
              parts ("Name (ACRONYM)", "Institute, CAS", a parent's name in front: "CASIC ExPace"); a
              longer name than ours ("Spacety Aerospace Co."); ours without 中国 in front; the first
              word of one company's English name alone ("Galactic")
  pinyin      the name is pinyin of one company's Chinese name, generated here with pypinyin
  fuzzy       rapidfuzz's similarity of loose keys, when the best company is clearly ahead

A step that finds two companies stops the search: the answer is "unknown" with both as candidates.
Never two companies for one string. The indexes are built on first use (pypinyin and rapidfuzz are
loaded then), so loading the registry for the mention finder costs nothing extra.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from store.model import has_cjk
from translate.normalise import (
    GENERIC,
    LEGAL_EN,
    PLACES_EN,
    PLACES_ZH,
    _clean,
    exact_key,
    loose_key,
    loose_tokens,
    to_simplified,
)

# A fuzzy match needs this similarity (0-100, rapidfuzz's normalised Indel ratio of loose keys) and
# this lead over the next company; keys shorter than FUZZY_MIN_LEN are too short for one edit to mean
# a typo rather than another name. Tuned on tests/data/names/tuning.jsonl only.
FUZZY_MIN = 90.0
FUZZY_MARGIN = 6.0
FUZZY_MIN_LEN = 10
CANDIDATES = 3
HEAD_WORD_SCORE = 0.9  # a first word alone names its company less surely than a whole name

# Words a looked-up name may carry after one of ours ("Spacety Aerospace Co.", "Tianyi Research
# Institute"): dropped from the end of the name being looked up, never from the registry's names,
# so a shorter, vaguer name ("China Electronics Corp.") never reaches a longer one of ours.
TRAILING_EN = LEGAL_EN | frozenset(
    "group holding aerospace space spaceflight satellite research institute development international "
    "information engineering network communication system industry industrial".split()
)
TRAILING_ZH = ("股份有限公司", "有限责任公司", "有限公司", "股份", "公司", "集团", "控股", "科技", "技术", "航天",
               "宇航", "卫星", "空间", "研究院", "研究所", "网络", "信息", "通信", "发展", "工程")
_NATIONAL = ("中国", "china")
_GROUP = ("group", "集团")
# First words that name no one in particular.
_COMMON_HEADS = frozenset(
    "china national state academy institute university space aerospace satellite beijing shanghai hong "
    "asia great blue deep future smart origin star aurora innovation capital international".split()
) | frozenset(PLACES_EN)
_SPLIT = re.compile(r"[()（）,，;；/]")
_PLACE_WORDS = frozenset(PLACES_EN) | frozenset(PLACES_ZH)


@dataclass(frozen=True)
class Candidate:
    company: object  # translate.registry.Company
    score: float

    def to_dict(self) -> dict:
        c = self.company
        return {"id": c.id, "name_en": c.name_en, "name_zh": c.name_zh, "score": round(self.score, 2)}


@dataclass(frozen=True)
class Match:
    """What a name resolved to: company (None when unknown), how (exact | normalised | vehicle |
    pinyin | fuzzy), score (1.0 for a rule that met a whole name, less for weaker evidence; the similarity
    for a fuzzy match), and for an unknown name the closest candidates."""

    query: str
    company: object | None
    how: str | None = None
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()


def pinyin_forms(zh: str, limit: int = 16) -> list[str]:
    """Toneless pinyin spellings of a Chinese name, run together (长光 -> changguang, zhangguang):
    every reading of a character with several, up to `limit` spellings."""
    from pypinyin import Style, pinyin

    readings = [r[:3] for r in pinyin(zh, style=Style.NORMAL, heteronym=True, errors="ignore")]
    out = []
    for combo in itertools.islice(itertools.product(*readings), limit):
        key = "".join(combo).lower()
        if key.isascii() and key.isalnum():
            out.append(key)
    return out


def _core_zh(key: str) -> list[str]:
    """A Chinese loose key and the shorter forms left when trailing industry words go
    (银河航天 -> 银河): what pinyin brands are written from."""
    out = [key]
    changed = True
    while changed:
        changed = False
        for suffix in TRAILING_ZH:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                key, changed = key[: -len(suffix)], True
                out.append(key)
    return [k for k in out if k not in GENERIC]


class NameResolver:
    """The indexes behind Registry.match (built once per registry, on first use)."""

    def __init__(self, registry, exact: dict[str, set[str]], loose: dict[str, set[str]]):
        """exact, loose: the registry's own indexes of exact and loose keys (names, lookup-only names;
        products in exact only), read here, never changed."""
        self.registry = registry
        self._by_id = {c.id: c for c in registry.companies}
        self.exact, self.loose = exact, loose
        self.national: dict[str, set[str]] = {}  # loose keys without 中国/China in front, or "group" after
        self.pinyin: dict[str, set[str]] = {}
        self.heads: dict[str, set[str]] = {}
        for c in registry.companies:
            for n in [*c.names(), *c.lookup_only]:
                k = loose_key(n)
                for prefix in _NATIONAL:
                    rest = k[len(prefix):]
                    if k.startswith(prefix) and len(rest) >= 4 and rest not in GENERIC:
                        _add(self.national, rest, c.id)
                for suffix in _GROUP:
                    rest = k[: -len(suffix)]
                    if k.endswith(suffix) and len(rest) >= 4 and rest not in GENERIC:
                        _add(self.national, rest, c.id)
                if has_cjk(n) and k:
                    for core in _core_zh(k):
                        for p in pinyin_forms(core):
                            if len(p) >= 5:
                                _add(self.pinyin, p, c.id)
                elif not has_cjk(n):
                    words = loose_tokens(n)
                    if len(words) > 1 and len(words[0]) >= 5 and words[0] not in _COMMON_HEADS:
                        _add(self.heads, words[0], c.id)
        self._fuzzy_keys: list[str] | None = None
        self._fuzzy_ids: list[str] = []

    # -- the steps ------------------------------------------------------------------------------
    def match(self, name: str) -> Match:
        name = (name or "").strip()
        if not name:
            return Match(name, None)
        if name in self._by_id:
            return self._hit(name, {name}, "exact")
        key = exact_key(name)
        for how, ids in (("exact", self.exact.get(key)),
                         ("normalised", self._rules(name)),
                         ("pinyin", self._pinyin(name))):
            if ids:
                return self._hit(name, ids, how)
        words = loose_tokens(name)
        if len(words) == 1 and words[0] in self.heads:
            return self._hit(name, self.heads[words[0]], "normalised", HEAD_WORD_SCORE)
        ids = self._by_mentions(name)
        if ids:
            return self._hit(name, ids, "normalised")
        return self._fuzzy(name)

    def _hit(self, name: str, ids: set[str], how: str, score: float = 1.0) -> Match:
        if len(ids) == 1:
            return Match(name, self._by_id[next(iter(ids))], how, score)
        cands = tuple(Candidate(self._by_id[i], score) for i in sorted(ids))
        return Match(name, None, None, 0.0, cands)

    def _rules(self, name: str, parts: bool = True) -> set[str] | None:
        """The normalised step: one set of ids (maybe two companies: then unknown), or None."""
        key = loose_key(name)
        for index in (self.loose, self.national):
            if key and index.get(key):
                return index[key]
        ids = self._shortened(name)
        if ids:
            return ids
        if parts:
            ids = self._parts(name) or self._parent_prefix(name)
            if ids:
                return ids
        return None

    def _lookup(self, key: str) -> set[str] | None:
        for index in (self.exact, self.loose, self.national):
            if key and index.get(key):
                return index[key]
        return None

    def _shortened(self, name: str) -> set[str] | None:
        """A looked-up name longer than ours by trailing words (Spacety Aerospace Co.)."""
        if has_cjk(name):
            key = loose_key(name) or exact_key(name)
            for core in _core_zh(key)[1:]:
                ids = self._lookup(core)
                if ids:
                    return ids
            return None
        words = [w for w in loose_tokens(name)]
        while len(words) > 1 and words[0] in PLACES_EN:
            words = words[1:]
        while len(words) > 1 and words[-1] in TRAILING_EN:
            words = words[:-1]
            ids = self._lookup("".join(words))
            if ids:
                return ids
        return None

    def _resolve_part(self, part: str) -> set[str] | None:
        return self.exact.get(exact_key(part)) or self._rules(part, parts=False) or self._pinyin(part)

    def _parts(self, name: str) -> set[str] | None:
        """"Name (ACRONYM)", "Institute, CAS": every part that names someone names one company or
        its parents; the answer is the one furthest down."""
        pieces = [p.strip() for p in _SPLIT.split(unicodedata.normalize("NFKC", name)) if p.strip()]
        if len(pieces) < 2:
            return None
        found: list[str] = []
        unresolved = 0
        for p in pieces:
            if p.lower() in _PLACE_WORDS or to_simplified(p) in _PLACE_WORDS or not exact_key(p):
                continue
            ids = self._resolve_part(p)
            if not ids:
                unresolved += 1
                continue
            if len(ids) > 1:
                return ids
            found.append(next(iter(ids)))
        # A part nobody knows is a qualifier only when two other parts agree on who it is: "Shanghai
        # Institute of Optics, CAS" is not CAS itself.
        if not found or (unresolved and len(found) < 2):
            return None
        return self._deepest(set(found))

    def _parent_prefix(self, name: str) -> set[str] | None:
        """"CASIC ExPace", "CASC CALT", "Geely Geespace": a parent's name in front of its child's."""
        text = _clean(name).strip()
        if has_cjk(text):
            cuts = [(text[:i], text[i:]) for i in range(2, len(text) - 1)]
        else:
            words = text.split()
            cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        for head, rest in cuts:
            parent = self.exact.get(exact_key(head))
            if not parent or len(parent) != 1:
                continue
            # "CETC 54th Research Institute" is written "54th Research Institute of CETC" too.
            child = self._resolve_part(rest) or (None if has_cjk(text) else self._lookup(loose_key(f"{rest} of {head}")))
            if child and len(child) == 1:
                found = self._deepest(parent | child)
                if found:
                    return found
        return None

    def _deepest(self, ids: set[str]) -> set[str] | None:
        """The one of these companies whose parents are all the others, or None."""
        for cid in ids:
            chain = set(self._ancestors(cid))
            if ids - {cid} <= chain:
                return {cid}
        return None

    def _ancestors(self, cid: str) -> list[str]:
        out, seen = [], {cid}
        parent = self._by_id[cid].parent
        while parent and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self._by_id[parent].parent
        return out

    def _pinyin(self, name: str) -> set[str] | None:
        if has_cjk(name):
            return None
        keys = [exact_key(name), loose_key(name)]
        words = loose_tokens(name)
        while len(words) > 1 and words[0] in PLACES_EN:
            words = words[1:]
            keys.append("".join(words))
        while len(words) > 1 and words[-1] in TRAILING_EN:
            words = words[:-1]
            keys.append("".join(words))
        for k in keys:
            if k in self.pinyin:
                return self.pinyin[k]
        return None

    def _by_mentions(self, name: str) -> set[str] | None:
        c = self.registry._resolve_by_mentions(name)
        return {c.id} if c else None

    # -- fuzzy ----------------------------------------------------------------------------------
    def _fuzzy(self, name: str) -> Match:
        from rapidfuzz import fuzz, process

        if self._fuzzy_keys is None:
            pairs = sorted({(d, cid) for c in self.registry.companies for n in [*c.names(), *c.lookup_only]
                            if (d := distinctive_key(n)) for cid in (c.id,)})
            self._fuzzy_keys = [k for k, _ in pairs]
            self._fuzzy_ids = [cid for _, cid in pairs]
        key = distinctive_key(name)
        if not key:
            return Match(name, None)
        places = _places(name)
        best: dict[str, float] = {}
        for choice, score, i in process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio, limit=40):
            cid = self._fuzzy_ids[i]
            if places and _places_of_key(choice) - places:
                continue  # Nanjing University ... is not Beijing University ...
            best[cid] = max(best.get(cid, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        if ranked:
            (top, s1), s2 = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
            if s1 >= FUZZY_MIN and s1 - s2 >= FUZZY_MARGIN and len(key) >= FUZZY_MIN_LEN:
                return Match(name, self._by_id[top], "fuzzy", round(s1 / 100, 2))
        cands = tuple(Candidate(self._by_id[cid], s / 100) for cid, s in ranked[:CANDIDATES] if s >= 50)
        return Match(name, None, None, 0.0, cands)


def distinctive_key(name: str) -> str:
    """What tells a name from others in its trade: its loose words without the industry's words
    (space, aerospace, technology, 航天, 科技 ...), so that two names are not "similar" for sharing
    them ("Axiom Space" and "XIOPM Space")."""
    if has_cjk(name):
        key = loose_key(name)
        return _core_zh(key)[-1] if key and _core_zh(key) else key
    return "".join(w for w in loose_tokens(name) if w not in TRAILING_EN and w not in GENERIC)


def _places(name: str) -> set[str]:
    return {w for w in loose_tokens(name) if w in PLACES_EN} | {p for p in PLACES_ZH if p in name}


def _places_of_key(key: str) -> set[str]:
    if has_cjk(key):
        return {p for p in PLACES_ZH if key.startswith(p)}
    return {p for p in PLACES_EN if key.startswith(p)}


def _add(index: dict[str, set[str]], key: str, cid: str) -> None:
    if key:
        index.setdefault(key, set()).add(cid)

