"""A story's English lead: the first two or three sentences of the best English body it has, and
the facts of the Chinese lead that this English does not carry.

The body is the English original of an English article or articles.text_en of a translated one
(the whole text, or only its lead when translate.body is "lead": the first sentences are the same
either way). Which engine wrote it is said next to it, as for titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.model import Article, Fact

MAX_SENTENCES = 3
ENOUGH_CHARS = 220  # two sentences this long already tell the event; a third would make it a paragraph
MAX_CHARS = 480  # a run-on machine sentence is cut here, at a word

# Words whose period does not end a sentence in English news ("Nov. 17", "Co., Ltd.", "U.S.").
_ABBREVIATIONS = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    co ltd inc corp no nos mr mrs ms dr st vs approx est gov govt dept jr sr prof gen lt col capt rev
    fig al etc e.g i.e u.s u.k u.n""".split()
)
_EN_END = re.compile(r"""([.!?]+)["'”’)\]]*(\s+)""")
_ZH_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def english_sentences(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of an English text (the first `limit` only); a paragraph break
    always ends one."""
    spans: list[tuple[int, int]] = []
    for para_start, para in _paragraphs(text):
        if limit is not None and len(spans) >= limit:
            break
        start = 0
        for m in _EN_END.finditer(para):
            at = m.start(1)
            before = _WORD_BEFORE.search(para[max(0, at - 24):at])
            word = before.group(1).lower() if before else ""
            if m.group(1) == "." and (word in _ABBREVIATIONS or len(word.rstrip(".")) == 1 or
                                      word.rstrip(".") in _ABBREVIATIONS):
                continue  # "Nov. 17", "Co. Ltd", "J. Smith", "U.S."
            end = m.end(0) - len(m.group(2))
            if para[start:end].strip():
                spans.append((para_start + start, para_start + end))
                if limit is not None and len(spans) >= limit:
                    return spans
            start = m.end(0)
        if para[start:].strip():
            spans.append((para_start + start, para_start + len(para.rstrip())))
    return spans


def _paragraphs(text: str):
    pos = 0
    for part in re.split(r"(\n\s*)", text):
        if part and not part.isspace() and "\n" not in part:
            lead = len(part) - len(part.lstrip())
            yield pos + lead, part.strip()
        pos += len(part)


def chinese_sentence_ends(text: str) -> list[int]:
    """The offset just past each sentence of a Chinese text (。！？ or a line break ends one)."""
    ends = [m.end() for m in _ZH_END.finditer(text)]
    if text.strip() and (not ends or text[ends[-1]:].strip()):
        ends.append(len(text))
    return ends


@dataclass
class Lead:
    text: str  # English, two or three sentences
    article: Article  # whose body it is
    sentences: int  # how many whole sentences of that body it holds
    cut: bool = False  # a sentence was cut at MAX_CHARS
    missing: list[Fact] = field(default_factory=list)  # facts of the Chinese lead the English lacks

    @property
    def label(self) -> str:
        return self.article.label

    @property
    def engine(self) -> str:
        return "none" if self.article.lang == "en" else (self.article.engine or "none")


def lead_of(article: Article, facts: list[Fact] | None = None) -> Lead | None:
    """The English lead of one article, or None when it has no English body. facts: the article's
    stored facts; those of its text marked missing that fall in the Chinese sentences the lead
    covers are listed (the reader must check the original for them)."""
    _, body = article.english()
    body = body.strip()
    if not body:
        return None
    spans = english_sentences(body, MAX_SENTENCES)
    picked: list[tuple[int, int]] = []
    for s, e in spans:
        if len(picked) >= MAX_SENTENCES or (len(picked) >= 2 and e - picked[0][0] > ENOUGH_CHARS):
            break
        picked.append((s, e))
    text = " ".join(" ".join(body[s:e].split()) for s, e in picked)
    cut = False
    if len(text) > MAX_CHARS:
        # keep whole sentences when two still fit, else cut the first at a word
        while len(picked) > 1 and len(text) > MAX_CHARS:
            picked.pop()
            text = " ".join(" ".join(body[s:e].split()) for s, e in picked)
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
            cut = True
    lead = Lead(text, article, len(picked) - cut, cut)
    if article.lang == "zh" and facts:
        ends = chinese_sentence_ends(article.text or "")
        # The engines keep sentence order: the lead's sentences are the Chinese text's first ones.
        covered = ends[min(len(picked), len(ends)) - 1] if ends else 0
        lead.missing = [f for f in facts if f.field == "text" and f.missing and f.start < covered]
    return lead


# Who wrote an English body, best first: a reporter, a language model, the Argos model, the gloss.
ENGINE_RANK = {"none": 0, "llm": 1, "argos": 2, "gloss": 3}


def lead_rank(a: Article) -> tuple:
    own = a.lang == "en"
    return (0 if own else 1 + ENGINE_RANK.get(a.engine or "", 3), not (a.text_en or (a.text if own else "")))


def story_lead(items: list[Article], facts: dict[int, list[Fact]]) -> Lead | None:
    """The lead of a story: from its best-written English body (an English original before any
    translation, a model's before the gloss), else None."""
    for a in sorted(items, key=lambda a: (*lead_rank(a), a.ts, a.id or 0)):
        lead = lead_of(a, facts.get(a.id))
        if lead is not None:
            return lead
    return None
