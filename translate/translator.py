"""Translator: Chinese text to English with company names and facts protected, output guarded,
cache used.

translate_many(texts) keeps order and length. Per text: English (no CJK) passes through with engine
"none"; Chinese is read as Simplified and its company mentions and facts (translate.facts: amounts,
dates, places, vehicles ...) are found. Then, by the kind of engine:
- argos and gloss get those spans as tokens; the engine translates every uncached text of the batch
  in one call, degenerate output is cut or replaced by the gloss, tokens are restored to their
  English (translate.names);
- a TermEngine (llm) gets the Chinese as written, cut at sentences into pieces of its size, each
  with its terminology (the English of its names and facts); what is not a translation is caught
  (translate.reply), names are checked and repaired (translate.terms). A piece that gets no reply
  (the server is down) is glossed and flagged engine:unavailable, and is never cached.
The fact guard then checks every fact of the source against the English: one that is not there is
listed in Translation.facts_missing, whatever the engine. With an archive, results are cached by
(engine key, source text) and never recomputed; the guard runs on cached results too.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from store.model import Fact, has_cjk, translation_label
from translate.engines.base import TermEngine, key_model
from translate.facts import find_facts
from translate.guard import Verdict, check
from translate.mentions import company_ids, find_mentions
from translate.names import MAX_TOKENS, Protected, protect, restore
from translate.normalise import to_simplified
from translate.registry import default_registry
from translate.reply import check_reply
from translate.sentences import joiner
from translate.sentences import pieces as sentence_pieces
from translate.terms import Termed, english_terms, repair, terms_for

UNAVAILABLE = "engine:unavailable"  # the engine gave no translation: glossed for now, never cached

CHUNK = 64  # texts per engine call: progress is reported, the model still gets full batches


@dataclass
class Translation:
    source: str
    text_en: str
    engine: str  # argos | llm | gloss | none
    model: str | None
    companies: list[str] = field(default_factory=list)  # ids in order of first mention, once each
    flags: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)  # every fact of the source, with its English
    facts_missing: list[Fact] = field(default_factory=list)  # those the English does not carry

    def to_dict(self) -> dict:
        return {"source": self.source, "text_en": self.text_en, "engine": self.engine, "model": self.model,
                "companies": self.companies, "facts": [f.to_dict() for f in self.facts],
                "facts_missing": [f.to_dict() for f in self.facts_missing]}


@dataclass
class _Job:
    """One distinct Chinese text: its facts, and its pieces: protected (a group of lines, so a long
    text never runs out of tokens) or, for a TermEngine, termed (sentences up to its size)."""

    source: str
    mentions: list
    facts: list[Fact]
    pieces: list[tuple[int, Protected | Termed]]  # (offset of the piece in the source, the piece)
    joins: list[str] = field(default_factory=list)  # the English between piece i and i+1

    def join(self, texts: list[str]) -> str:
        out = texts[0] if texts else ""
        for sep, t in zip(self.joins or ["\n"] * len(texts), texts[1:]):
            out += sep + t
        return out


class Translator:
    def __init__(self, engine, registry=None, archive=None):
        self.engine = engine
        self._registry = registry
        self.archive = archive
        self._product_en: dict[tuple[str, str], str] | None = None
        self.chars: Counter[str] = Counter()  # characters of Chinese translated, by who translated them
        self.cached_chars = 0  # characters whose translation came from the cache

    @property
    def terms(self) -> bool:
        """True when the engine writes names itself from terminology (llm) instead of getting tokens."""
        return isinstance(self.engine, TermEngine)

    def warm_up(self) -> None:
        """Load what loads on first use (registry, mention finder, fact layer), e.g. before timing."""
        text = "蓝箭航天于2025年在酒泉发射。"
        self._job(text, self._mentions(text))

    def failures(self) -> list[str]:
        """What went wrong with the engine so far, one line each (a TermEngine's server)."""
        return self.engine.failures() if self.terms else []

    @property
    def key(self) -> str:
        return self.engine.key

    @property
    def registry(self):
        if self._registry is None:
            self._registry = default_registry()
        return self._registry

    # -- names -----------------------------------------------------------------------------
    def name_en(self, mention) -> str:
        """Canonical English name; a product mention (朱雀二号) gives the product's English name."""
        if self._product_en is None:
            self._product_en = {
                (c.id, to_simplified(n)): p.en
                for c in self.registry.companies for p in c.products if p.en for n in p.names()
            }
        en = self._product_en.get((mention.company_id, to_simplified(mention.surface)))
        return en or self.registry.get(mention.company_id).name_en

    def _mentions(self, text: str) -> list:
        return find_mentions(text, self.registry)

    def name_of(self, span) -> str:
        """The English a protected span is restored to: a fact's own, a mention's canonical name."""
        return span.en if isinstance(span, Fact) else self.name_en(span)

    def _job(self, source: str, mentions: list) -> _Job:
        simplified = to_simplified(source)
        facts, covered = [], set()
        for f in find_facts(simplified):
            inside = [m for m in mentions if f.start <= m.start and m.end <= f.end]
            if any(m.start < f.end and f.start < m.end for m in mentions if m not in inside):
                continue  # inside or across a company name: the name guarantee covers it
            # A fact that holds a name (长征五号B, where the registry knows 长征五号 and lists the B as
            # an alias) is the more exact English; the company still counts as mentioned.
            covered.update(id(m) for m in inside)
            owner = inside[0].company_id if inside else None
            facts.append(Fact(f.kind, source[f.start:f.end], f.start, f.end, f.en, owner))
        spans = [m for m in mentions if id(m) not in covered] + facts
        if self.terms:
            return _term_job(source, simplified, mentions, facts, spans, self.engine.max_chars)
        return _Job(source, mentions, facts, _protect_pieces(simplified, spans))

    # -- translation -----------------------------------------------------------------------
    def translate_many(
        self,
        texts: list[str],
        on_progress: Callable[[int, int], None] | None = None,
        mentions: list[list] | None = None,
    ) -> list[Translation]:
        """mentions: the caller's find_mentions result for each text, when it has them already
        (offsets hold for the Simplified copy too: the conversion keeps the length)."""
        found = (lambda i, t: mentions[i]) if mentions is not None else (lambda i, t: self._mentions(t))
        out: list[Translation | None] = [None] * len(texts)
        positions: dict[str, list[int]] = {}  # distinct Chinese text -> positions
        for i, t in enumerate(texts):
            if has_cjk(t):
                positions.setdefault(t, []).append(i)
            else:
                out[i] = Translation(t, t, "none", None, company_ids(found(i, t)) if t.strip() else [])
        if not positions:
            return out  # type: ignore[return-value]

        def job(t: str) -> _Job:
            return self._job(t, list(found(positions[t][0], t)))

        keys = {t: self._cache_key(t) for t in positions} if self.archive is not None else {}
        cached = self._cache_get(list(keys.values())) if keys else {}
        todo = [t for t in positions if keys.get(t) not in cached]

        done: dict[str, Translation] = {}
        for t in positions:
            if keys.get(t) in cached:
                text_en, flags = cached[keys[t]]
                done[t] = self._result(job(t), text_en, flags, [])
                self.cached_chars += len(t)
        if self.terms:  # every request in flight at once; each text checked as its replies come in
            results = self._stream_terms(todo, job)
        else:  # a chunk at a time: the model gets full batches, progress is reported between them
            results = (pair for start in range(0, len(todo), CHUNK)
                       for pair in zip(todo[start:start + CHUNK],
                                       self._translate([job(t) for t in todo[start:start + CHUNK]])))
        rows = []
        for n, (t, tr) in enumerate(results, 1):
            done[t] = tr
            self.chars[translation_label("zh", tr.engine, tr.model)] += len(t)
            if self.archive is not None and UNAVAILABLE not in tr.flags:
                rows.append({"key": keys[t], "engine": self.engine.name, "model": key_model(self.engine.key),
                             "source_hash": hashlib.sha256(t.encode("utf-8")).hexdigest(),
                             "text_en": tr.text_en, "flags": json.dumps(tr.flags)})
            if n % CHUNK == 0 or n == len(todo):
                if rows:  # cached as we go: an interrupted run keeps what it was sent back
                    self.archive.cache_translations(rows)
                    rows = []
                if on_progress is not None:
                    on_progress(n, len(todo))
        for t, where in positions.items():
            tr = done[t]
            for i in where:
                out[i] = Translation(tr.source, tr.text_en, tr.engine, tr.model, list(tr.companies), list(tr.flags),
                                     list(tr.facts), list(tr.facts_missing))
        return out  # type: ignore[return-value]

    def _translate(self, chunk: list[_Job]) -> list[Translation]:
        from translate.engines import gloss_engine

        inputs = [p.text for job in chunk for _, p in job.pieces]
        outputs = self.engine.translate_batch(inputs)
        if self.engine.name == "gloss":  # word by word: it cannot loop or run long, nothing to guard
            verdicts = [Verdict(o) for o in outputs]
        else:
            verdicts = [check(src, o) for src, o in zip(inputs, outputs)]
        fallback = [k for k, v in enumerate(verdicts) if v.fallback]
        glosses = {}
        if fallback and self.engine.name != "gloss":
            glossed = gloss_engine().translate_batch([inputs[k] for k in fallback])
            glosses = dict(zip(fallback, glossed))
        results, k = [], 0
        for job in chunk:
            texts, flags, lost = [], [], []
            for offset, piece in job.pieces:
                v = verdicts[k]
                flags += v.flags
                text = v.text
                if k in glosses:
                    text = glosses[k]
                    flags.append("fallback:gloss")
                elif self.engine.name != "gloss" and has_cjk(text):
                    # A model that copies Chinese through: gloss those runs so readers get English only.
                    text = gloss_engine().leftovers(text)
                    flags.append("untranslated:glossed")
                r = restore(text, piece, self.name_of)
                texts.append(r.text)
                flags += r.repairs
                lost += [(x.zh, x.start + offset) for x in r.lost]
                k += 1
            results.append(self._result(job, job.join(texts), list(dict.fromkeys(flags)), lost))
        return results

    def _stream_terms(self, todo: list[str], job: Callable[[str], _Job]) -> Iterator[tuple[str, Translation]]:
        """A TermEngine: each text's pieces go out as the text is prepared, replies come back in order,
        and a text is checked and repaired as soon as its last piece is in, while later requests are
        still in flight."""
        jobs: list[_Job] = []
        pieces: list[tuple[int, Termed, list]] = []  # (job index, piece, terms) in request order

        def requests():
            for t in todo:
                jobs.append(job(t))
                for _, piece in jobs[-1].pieces:
                    pieces.append((len(jobs) - 1, piece, terms_for(piece, self.name_of)))
                    yield piece.text, pieces[-1][2]

        texts: list[str] = []
        flags: list[str] = []
        for k, reply in enumerate(self.engine.translate_terms(requests())):
            j, piece, terms = pieces[k]
            text, f = self._checked(piece, terms, reply)
            texts.append(text)
            flags += f
            if len(texts) == len(jobs[j].pieces):
                yield jobs[j].source, self._result(jobs[j], jobs[j].join(texts), list(dict.fromkeys(flags)), [])
                texts, flags = [], []

    def _checked(self, piece: Termed, terms: list, reply: str | None) -> tuple[str, list[str]]:
        """A TermEngine's reply to one piece, guarded and repaired; the gloss when there is none."""
        from translate.engines import gloss_engine

        if reply is not None:
            # Terms copied through in Chinese first, so a reply that only kept the names is not "copied".
            fixed, copied = english_terms(reply, terms)
            v = check_reply(piece.text, fixed, terms)
            if not v.fallback:
                r = repair(v.text, piece, self.name_of, self._mentions)
                text, flags = r.text, v.flags + (["terms:copied"] if copied else []) + r.repairs
                if has_cjk(text):  # Chinese the terminology did not cover: glossed, so readers get English only
                    text = gloss_engine().leftovers(text)
                    flags.append("untranslated:glossed")
                return text, flags
            failed = v.flags
        else:
            failed = [UNAVAILABLE]
        # The gloss of the piece with its names and facts protected, exactly as the gloss engine's own path.
        protected = protect(piece.text, piece.spans)
        r = restore(gloss_engine().gloss(protected.text), protected, self.name_of)
        return r.text, failed + ["fallback:gloss"] + r.repairs

    def _result(self, job: _Job, text_en: str, flags: list[str], lost: list[tuple[str, int]]) -> Translation:
        """The fact guard: a fact whose token was lost, or whose English is not in the output, is missing."""
        engine, model = self.engine.name, self.engine.model
        if "fallback:gloss" in flags:
            engine, model = "gloss", None
        folded = text_en.casefold()
        lost_at = set(lost)
        missing = [f for f in job.facts if (f.zh, f.start) in lost_at or f.en.casefold() not in folded]
        flags = [f for f in flags if f != "facts:missing"] + (["facts:missing"] if missing else [])
        return Translation(job.source, text_en, engine, model, company_ids(job.mentions), flags, job.facts, missing)

    # -- cache -----------------------------------------------------------------------------
    def _cache_key(self, text: str) -> str:
        # The whole engine key: an llm's holds its prompt version as well as the model.
        return self.archive.translation_key(self.engine.name, key_model(self.engine.key), text)

    def _cache_get(self, keys: list[str]) -> dict[str, tuple[str, list[str]]]:
        return self.archive.cached_translations(keys)


def _protect_pieces(text: str, spans: list) -> list[tuple[int, Protected]]:
    """protect() over groups of whole lines, each with at most MAX_TOKENS spans; spans are offsets
    into text, so each group gets its spans shifted to its own start."""
    if len(spans) <= MAX_TOKENS:
        return [(0, protect(text, spans))]
    spans = sorted(spans, key=lambda s: s.start)
    pieces, start, j = [], 0, 0
    lines = text.split("\n")
    group: list[str] = []
    group_start = 0
    count = 0
    for line in lines:
        end = start + len(line)
        n = 0
        while j + n < len(spans) and spans[j + n].start < end + 1:
            n += 1
        if group and count + n > MAX_TOKENS:
            pieces.append(_piece(text, group_start, start - 1, spans[j - count : j]))
            group, group_start, count = [], start, 0
        group.append(line)
        count += n
        j += n
        start = end + 1
    pieces.append(_piece(text, group_start, len(text), spans[j - count : j]))
    return pieces


def _term_job(source: str, simplified: str, mentions: list, facts: list[Fact], spans: list, size: int) -> _Job:
    """Pieces of whole sentences up to size characters, each with the spans inside it (shifted)."""
    bounds = sentence_pieces(simplified, size, [(s.start, s.end) for s in spans]) or [(0, len(simplified))]
    out = []
    for start, end in bounds:
        inside = [replace(s, start=s.start - start, end=s.end - start)
                  for s in spans if start <= s.start and s.end <= end]
        out.append((start, Termed(simplified[start:end], inside)))
    joins = [joiner(simplified[a[1]:b[0]]) for a, b in zip(bounds, bounds[1:])]
    return _Job(source, mentions, facts, out, joins)


def _piece(text: str, start: int, end: int, spans: list) -> tuple[int, Protected]:
    shifted = [replace(s, start=s.start - start, end=s.end - start) for s in spans if s.end <= end]
    return start, protect(text[start:end], shifted)
