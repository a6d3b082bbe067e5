"""The embedded engine: a word-by-word English gloss, used when no translation model is installed.

The facts of the text (translate.facts: amounts, dates, places, vehicles ...) come out as English
news writes them; the rest goes through jieba segmentation (the registry-aware tokenizer of
translate.segment), then per word: company and product names from the registry, the domain
glossary (modern news senses first: 后 "after", not "empress"), CC-CEDICT. A word found nowhere is
read character by character; a character missing from CC-CEDICT is dropped, so no Chinese
character ever reaches the output. The result is a gloss, not a translation, and is labelled "gloss".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from store.model import CJK_RANGES
from translate.engines.base import engine_key
from translate.yamlfile import load_yaml

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "glossary.yaml"

CJK_RUN = re.compile(f"([{CJK_RANGES}]+)")
_SPACE_BEFORE = re.compile(r"[ \t]+([,.;:!?%)\]}])")
# The Translator hands over text whose facts and names are tokens already (translate.names).
_PROTECTED = re.compile(r"XZ[A-Z]{2}")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")
_MULTISPACE = re.compile(r"[ \t]{2,}")
# Chinese punctuation and full-width forms -> ASCII, so the output is plain English text.
_PUNCT = str.maketrans({
    "，": ", ", "。": ". ", "、": ", ", "：": ": ", "；": "; ", "！": "! ", "？": "? ", "（": "(", "）": ")",
    "“": '"', "”": '"', "‘": "'", "’": "'", "《": '"', "》": '"', "〈": '"', "〉": '"', "【": "[",
    "】": "]", "「": '"', "」": '"', "『": '"', "』": '"', "—": "-", "…": "...", "·": " ", "～": "~",
    "　": " ", "％": "%", "｜": " | ", "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6",
    "７": "7", "８": "8", "９": "9",
})
_MAX_MERGE = 4  # glossary terms jieba splits into up to this many words are glued back together


@lru_cache(maxsize=1)
def load_glossary(path: str | None = None) -> dict[str, str]:
    data = load_yaml(Path(path or GLOSSARY_FILE).read_text(encoding="utf-8")) or {}
    return {str(k): ("" if v is None else str(v)) for k, v in (data.get("terms") or {}).items()}


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
        text = self._to_simplified(text)
        out: list[str] = []
        for piece, english in self._facts(text):
            if english is not None:
                out.append(english)
                continue
            for i, part in enumerate(CJK_RUN.split(piece)):
                if i % 2:
                    out.append(self._gloss_run(part))
                elif part:
                    out.append(part.translate(_PUNCT))
        s = " ".join(p for p in out if p)
        s = _SPACE_BEFORE.sub(r"\1", s)
        s = _SPACE_AFTER_OPEN.sub(r"\1", s)
        return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in s.split("\n"))

    def leftovers(self, text: str) -> str:
        """English text with some Chinese left in it (a model copied it through): each Chinese run
        glossed, Chinese punctuation made ASCII, spaces tidied."""
        s = CJK_RUN.sub(lambda m: f" {self.gloss(m.group(0))} ", text).translate(_PUNCT)
        s = _SPACE_BEFORE.sub(r"\1", s)
        return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in s.split("\n"))

    def _facts(self, text: str) -> list[tuple[str, str | None]]:
        """The text cut at its facts: (fact as written, its English) and (other text, None). A fact
        inside a company name (北京 in 北京蓝箭空间科技有限公司) is left to the name."""
        if _PROTECTED.search(text) or not CJK_RUN.search(text):
            return [(text, None)]
        from translate.facts import find_facts

        names = self.registry.finder.find(text) if self.registry is not None else []
        out, pos = [], 0
        for f in find_facts(text):
            if any(m.start < f.end and f.start < m.end and not (f.start <= m.start and m.end <= f.end) for m in names):
                continue
            out += [(text[pos:f.start], None), (f.zh, f.en)]
            pos = f.end
        out.append((text[pos:], None))
        return out

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
