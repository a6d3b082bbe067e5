"""Translator: Chinese text to English with company names protected, output guarded, cache used.

translate_many(texts) keeps order and length. Per text: English (no CJK) passes through with engine
"none"; Chinese is read as Simplified, mentions become tokens, the engine translates every uncached
text of the batch in one call, degenerate output is cut or replaced by the gloss, names are
restored. With an archive, results are cached by (engine, model, source text) and never recomputed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable

from store.model import has_cjk
from translate.engines.gloss import CJK_RUN
from translate.guard import check
from translate.mentions import company_ids, find_mentions
from translate.names import Protected, protect, restore
from translate.normalise import to_simplified
from translate.registry import default_registry

CHUNK = 64  # texts per engine call: progress is reported, the model still gets full batches


@dataclass
class Translation:
    source: str
    text_en: str
    engine: str  # argos | gloss | none
    model: str | None
    companies: list[str] = field(default_factory=list)  # ids in order of first mention, once each
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"source": self.source, "text_en": self.text_en, "engine": self.engine, "model": self.model,
                "companies": self.companies}


class Translator:
    def __init__(self, engine, registry=None, archive=None):
        self.engine = engine
        self._registry = registry
        self.archive = archive
        self._product_en: dict[tuple[str, str], str] | None = None

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
        jobs: dict[str, list[int]] = {}  # distinct Chinese text -> positions
        for i, t in enumerate(texts):
            if has_cjk(t):
                jobs.setdefault(t, []).append(i)
            else:
                out[i] = Translation(t, t, "none", None, company_ids(found(i, t)) if t.strip() else [])
        if not jobs:
            return out  # type: ignore[return-value]

        sources = list(jobs)
        protected = {t: protect(to_simplified(t), found(jobs[t][0], t)) for t in sources}
        keys = {t: self._cache_key(t) for t in sources} if self.archive is not None else {}
        cached = self._cache_get(list(keys.values())) if keys else {}
        todo = [t for t in sources if keys.get(t) not in cached]

        done: dict[str, Translation] = {}
        for t in sources:
            if keys.get(t) in cached:
                text_en, flags = cached[keys[t]]
                done[t] = self._result(t, protected[t], text_en, flags, from_cache=True)
        done_count = 0
        rows = []
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            for t, tr in zip(chunk, self._translate(chunk, protected)):
                done[t] = tr
                if self.archive is not None:
                    rows.append({"key": keys[t], "engine": self.engine.name, "model": self.engine.model,
                                 "source_hash": hashlib.sha256(t.encode("utf-8")).hexdigest(),
                                 "text_en": tr.text_en, "flags": json.dumps(tr.flags)})
            done_count += len(chunk)
            if on_progress is not None:
                on_progress(done_count, len(todo))
        if rows:
            self.archive.cache_translations(rows)
        for t, positions in jobs.items():
            for i in positions:
                tr = done[t]
                out[i] = Translation(tr.source, tr.text_en, tr.engine, tr.model, list(tr.companies), list(tr.flags))
        return out  # type: ignore[return-value]

    def _translate(self, chunk: list[str], protected: dict[str, Protected]) -> list[Translation]:
        from translate.engines import gloss_engine

        inputs = [protected[t].text for t in chunk]
        outputs = self.engine.translate_batch(inputs)
        verdicts = [check(src, o) for src, o in zip(inputs, outputs)]
        fallback = [k for k, v in enumerate(verdicts) if v.fallback]
        glosses = {}
        if fallback and self.engine.name != "gloss":
            glossed = gloss_engine().translate_batch([inputs[k] for k in fallback])
            glosses = dict(zip(fallback, glossed))
        results = []
        for k, t in enumerate(chunk):
            v = verdicts[k]
            flags = list(v.flags)
            text = v.text
            if k in glosses:
                text = glosses[k]
                flags.append("fallback:gloss")
            elif self.engine.name != "gloss" and has_cjk(text):
                # A model that copies Chinese through: gloss those runs so readers get English only.
                text = CJK_RUN.sub(lambda m: f" {gloss_engine().gloss(m.group(0))} ", text)
                flags.append("untranslated:glossed")
            results.append(self._result(t, protected[t], text, flags))
        return results

    def _result(self, source: str, prot: Protected, text_en: str, flags: list[str], from_cache=False) -> Translation:
        if from_cache:
            restored_text, companies = text_en, company_ids(prot.mentions)
        else:
            r = restore(text_en, prot, self.name_en)
            restored_text, companies = r.text, list(dict.fromkeys(r.companies))
            flags = flags + r.repairs
        engine, model = self.engine.name, self.engine.model
        if "fallback:gloss" in flags:
            engine, model = "gloss", None
        return Translation(source, restored_text, engine, model, companies, flags)

    # -- cache -----------------------------------------------------------------------------
    def _cache_key(self, text: str) -> str:
        return self.archive.translation_key(self.engine.name, self.engine.model, text)

    def _cache_get(self, keys: list[str]) -> dict[str, tuple[str, list[str]]]:
        return self.archive.cached_translations(keys)
