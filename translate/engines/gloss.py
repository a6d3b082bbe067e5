"""The embedded engine: a word-by-word English gloss, used when no translation model is installed.

jieba segmentation (the registry-aware tokenizer of translate.segment), then per word: company
and product names from the registry, the domain glossary, CC-CEDICT. A word found nowhere is read
character by character; a character missing from CC-CEDICT is dropped, so no Chinese character
ever reaches the output. The result is a gloss, not a translation, and is labelled "gloss".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from store.model import CJK_RANGES
from translate.engines.base import engine_key

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "glossary.yaml"

CJK_RUN = re.compile(f"([{CJK_RANGES}]+)")
_ROUND = re.compile(r"(Pre-?)?([A-H])(\+*)\s*轮")
_SPACE_BEFORE = re.compile(r"[ \t]+([,.;:!?%)\]}])")
_DATE_YMD = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_DATE_YM = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_YEAR = re.compile(r"(\d{4})\s*年")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")
_MULTISPACE = re.compile(r"[ \t]{2,}")
# Chinese punctuation and full-width forms -> ASCII, so the output is plain English text.
_PUNCT = str.maketrans({
    "，": ", ", "。": ". ", "、": ", ", "：": ": ", "；": "; ", "！": "! ", "？": "? ", "（": "(", "）": ")",
    "“": '"', "”": '"', "‘": "'", "’": "'", "《": '"', "》": '"', "〈": '"', "〉": '"', "【": "[",
    "】": "]", "「": '"', "」": '"', "『": '"', "』": '"', "—": "-", "…": "...", "·": " ", "～": "~",
    "　": " ", "％": "%", "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6",
    "７": "7", "８": "8", "９": "9",
})
_MAX_MERGE = 4  # glossary terms jieba splits into up to this many words are glued back together


@lru_cache(maxsize=1)
def load_glossary(path: str | None = None) -> dict[str, str]:
    data = yaml.safe_load(Path(path or GLOSSARY_FILE).read_text(encoding="utf-8")) or {}
    return {str(k): ("" if v is None else str(v)) for k, v in (data.get("terms") or {}).items()}


def _round_en(m: re.Match) -> str:
    return f" Series {'Pre-' if m.group(1) else ''}{m.group(2)}{m.group(3)} "


class GlossEngine:
    name = "gloss"
    model: str | None = None

    def __init__(self, registry=None, glossary: dict[str, str] | None = None, cedict=None, tokenizer=None):
        from translate.cedict import Cedict
        from translate.normalise import to_simplified

        self.registry = registry
        self.glossary = dict(glossary if glossary is not None else load_glossary())
        self._names: dict[str, str] = {}
        if registry is not None:
            for c in registry.companies:
                for n in c.names():
                    self._names.setdefault(to_simplified(n), c.name_en)
                for p in c.products:
                    for n in p.names():
                        self._names.setdefault(to_simplified(n), p.en or c.name_en)
        self.cedict = cedict or Cedict()
        self._tokenizer = tokenizer
        self._memo: dict[str, str] = {}
        self._to_simplified = to_simplified

    @property
    def key(self) -> str:
        return engine_key(self.name, self.model)

    def _tk(self):
        if self._tokenizer is None:
            from translate.segment import tokenizer

            self._tokenizer = tokenizer(self.registry)
        return self._tokenizer

    def translate_batch(self, texts: list[str]) -> list[str]:
        return [self.gloss(t) for t in texts]

    def gloss(self, text: str) -> str:
        text = _ROUND.sub(_round_en, self._to_simplified(text))
        if "年" in text:
            text = _DATE_YMD.sub(lambda m: f" {m[1]}-{int(m[2]):02d}-{int(m[3]):02d} ", text)
            text = _DATE_YM.sub(lambda m: f" {m[1]}-{int(m[2]):02d} ", text)
            text = _YEAR.sub(r" \1 ", text)
        out: list[str] = []
        for i, part in enumerate(CJK_RUN.split(text)):
            if i % 2:
                out.append(self._gloss_run(part))
            elif part:
                out.append(part.translate(_PUNCT))
        s = " ".join(p for p in out if p)
        s = _SPACE_BEFORE.sub(r"\1", s)
        s = _SPACE_AFTER_OPEN.sub(r"\1", s)
        return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in s.split("\n"))

    def _gloss_run(self, run: str) -> str:
        words = self._tk().lcut(run, HMM=False)
        glossary, memo = self.glossary, self._memo
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            # Glue back glossary terms and names jieba cut in pieces (液氧 + 甲烷 -> methalox).
            for k in range(min(_MAX_MERGE, n - i), 1, -1):
                joined = "".join(words[i : i + k])
                g = glossary.get(joined)
                if g is None:
                    g = self._names.get(joined)
                if g is not None:
                    break
            else:
                k = 1
                w = words[i]
                g = memo.get(w)
                if g is None:
                    g = memo[w] = self._word(w)
            if g:
                out.append(g)
            i += k
        return " ".join(out)

    def _word(self, w: str) -> str:
        g = self._names.get(w)
        if g is None:
            g = self.glossary.get(w)
        if g is None:
            g = self.cedict.gloss(w)
        if g is not None:
            return g
        if len(w) == 1:
            return ""  # not in CC-CEDICT: dropped rather than left in Chinese
        return self._greedy(w)

    def _greedy(self, w: str) -> str:
        """Longest known pieces left to right; unknown characters dropped."""
        out, i = [], 0
        while i < len(w):
            for j in range(min(len(w), i + 4), i, -1):
                piece = w[i:j]
                g = self.glossary.get(piece)
                if g is None:
                    g = self.cedict.gloss(piece)
                if g is not None:
                    if g:
                        out.append(g)
                    i = j
                    break
            else:
                i += 1
        return " ".join(out)
