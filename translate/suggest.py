"""Names the archive teaches: new names of known organisations, and organisations the registry lacks.

Two kinds of evidence in archived text:
  pairs       a name written with its other-language form in brackets (蓝箭航天（LandSpace）,
              "LandSpace (蓝箭航天)") or introduced as a short form (……有限公司（以下简称“某某”）):
              when one side is a known organisation and the other is not one of its names, the other
              is a new alias for it; when neither is known, both name one new organisation
  names       words shaped like an organisation's name that no registry name matches: Chinese ending
              in 航天, 科技, 宇航, 卫星, 有限公司 ...; English capitalised words ending in Aerospace,
              Space, Satellite, Space Technology Co. ...
The archive is read a batch of articles at a time (store: texts_since), each article once; counts are
kept per name, with at most two example sentences, so memory grows with the number of distinct names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.model import NameSeen, has_cjk
from translate.normalise import GENERIC, exact_key, loose_key

# The Chinese run before an organisation's last word: the words (as jieba cuts them, so 华为 keeps its
# 为) up to the last one that starts a clause are cut off the front (据悉蓝箭航天 -> 蓝箭航天,
# 由某省级产业基金领投星梭航天 -> 星梭航天).
_LEAD_WORDS = frozenset(
    "据悉 获悉 消息 宣布 表示 今天 日前 近日 此前 旗下 其中 包括 联合 携手 以及 随后 并且 记者 投资方 领投 跟投 "
    "参投 由 与 和 及 的 在 为 是 将 向 对 被 把 从 等 了 并 而 也 还 已 于 据 称 即 该 这家 一家 多家 两家 各家 我国 "
    "国内 民营 商业 国家级 省级 市级 首家 知名 头部 相关 龙头 所属 下属 同时 目前 已经 正在 计划 推出 成立 注册 "
    "签约 签署 合作 完成 获得 发布 举行 开展 出任 新任 担任 回望 感谢 获 某 位".split()
)
_PREPOSITIONS = frozenset("由与和向对被把从在将为")
_GENERIC_TAILS = ("中国航天", "我国航天", "商业航天", "民营航天", "国际航天", "中国宇航", "中国科技")
# Not 卫星: 六颗卫星, 遥感卫星 and 科研卫星 are satellites, and the companies so named are known already.
_ORG_SUFFIX = "股份有限公司|有限责任公司|有限公司|集团|航天局|航天|宇航|科技|研究院|研究所"
# 航天 and 科技 are adjectives far more often than last words of a name (航天强国, 科技创新): a name
# must end where the clause goes on, before punctuation, Latin, or a word that follows a subject.
_AFTER_NAME = (r"(?=$|[^\u4e00-\u9fff]|的|与|和|及|宣布|表示|完成|发布|获|称|在|将|已|正|于|等|签|成功|研制|提供|"
               r"旗下|创始|董事|也|还|并|是|为|对|向|联合|携手|合作|参与|跟投|领投|计划|推出|近日|日前|今日|此前|目前)")
_ORG_ZH = re.compile(rf"[\u4e00-\u9fff]{{1,24}}(?:{_ORG_SUFFIX}){_AFTER_NAME}")
# What is left before the last word must be a name, not a count, an order or an adjective (六颗卫星,
# 首枚火箭, 前沿科技, 硬科技, 国际航天).
_NOT_A_NAME = re.compile(r"[颗枚次个项批型号届]|^[一二三四五六七八九十百千万两几多数首第各每]")
_GENERIC_HEADS = frozenset(
    "国际 全球 世界 国外 海外 军事 载人 深空 低轨 高轨 前沿 核心 关键 先进 尖端 未来 新兴 传统 民用 军用 "
    "航空 空天 宇宙 太空 数字 信息 智能 高新 年度 高 硬 黑 新".split()
)
_INDUSTRY_EN = r"(?:Aerospace|Space|Spaceflight|Satellites?|Rockets?|Launch|Astronautics)"
_LEGAL_EN = r"(?:\s+(?:Technology|Technologies|Tech))?(?:\s+(?:Co\.,?\s*Ltd\.?|Co\.|Corporation|Corp\.|Inc\.|Group))?"
# ... and an English one where no capitalised word carries it on ("European Space Agency").
_ORG_EN = re.compile(rf"\b((?:[A-Z][A-Za-z0-9'&-]+\s+){{1,4}}{_INDUSTRY_EN}{_LEGAL_EN})(?![A-Za-z])(?!\s+[A-Z])")
_EN_STOP = frozenset(
    "the a an in on at of for and but with from by as its his her their our china china's chinese beijing's "
    "commercial private state national international global new first this that these when while after "
    "before during about january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday orbital suborbital reusable lunar heavy "
    "small large deep low high".split()
)
_ZH_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff（）()]{1,39}"
_LATIN_NAME = r"[A-Za-z][A-Za-z0-9&.,' -]{1,60}?"
_PAIR_ZH_EN = re.compile(rf"([\u4e00-\u9fff]{{2,24}})\s*[（(]\s*({_LATIN_NAME})\s*[）)]")
_PAIR_EN_ZH = re.compile(r"((?:[A-Z][A-Za-z0-9&.'-]*\s+){0,5}[A-Z][A-Za-z0-9&.'-]*)\s*[（(]\s*([\u4e00-\u9fff]{2,20})\s*[）)]")
_SHORT_FORM = re.compile(
    rf"({_ZH_NAME}?)[（(]\s*(?:以下简称|以下称|下称|简称)\s*[：:]?\s*[“\"「『]?([^”\"」』)）]{{2,20}}?)[”\"」』]?\s*[）)]"
)
MAX_NAMES = 20_000  # distinct names kept while reading; past it, names seen once are let go
EXAMPLES = 2


@dataclass
class _Tally:
    name: str
    company_id: str | None
    others: list[str] = field(default_factory=list)  # other forms written beside it, first seen first
    count: int = 0
    articles: int = 0
    last_article: int | None = None
    examples: list[str] = field(default_factory=list)


class NameMiner:
    """Reads articles one at a time (feed()) and keeps what they teach; results() ranks it."""

    def __init__(self, registry):
        self.registry = registry
        self.tallies: dict[tuple[str | None, str], _Tally] = {}
        self._matches: dict[str, object] = {}  # names recur: each is looked up once

    # -- reading --------------------------------------------------------------------------------
    def feed(self, article_id: int, text: str) -> None:
        if not text:
            return
        for sentence in _sentences(text):
            for name, cid, other in self._found(sentence):
                self._count(article_id, name, cid, other, sentence)

    def _found(self, sentence: str):
        taken: list[tuple[int, int]] = []  # spans already explained by a pair
        for zh, latin, span in _pairs(sentence):
            taken.append(span)
            yield from self._pair(zh, latin)
        # Known names are blanked out (same length): 中国航天科技集团 must not yield 中国航天 or 科技集团.
        masked = list(sentence)
        for m in self.registry.finder.find(sentence):
            masked[m.start:m.end] = "|" * (m.end - m.start)
        sentence = "".join(masked)
        for m in _ORG_ZH.finditer(sentence):
            # the tail of a known name written longer (北斗星通|导航技术股份有限公司) is no name
            if not _inside(m.span(), taken) and not sentence[max(0, m.start() - 1):m.start()] == "|":
                name = _trim_zh(m.group())
                if name and self._unknown(name):
                    yield name, None, None
        for m in _ORG_EN.finditer(sentence):
            if not _inside(m.span(1), taken) and not sentence[max(0, m.start(1) - 2):m.start(1)].strip() == "|":
                name = _trim_en(m.group(1))
                if name and self._unknown(name):
                    yield name, None, None

    def _pair(self, zh: str, latin: str):
        zh_id, latin_id = self._known(zh), self._known(latin)
        if zh_id and latin_id:
            return
        if latin_id and self._new_name(zh):
            yield zh, latin_id, latin
        elif zh_id and self._new_name(latin):
            yield latin, zh_id, zh
        elif not zh_id and not latin_id and _org_like(zh, latin):
            yield zh, None, latin

    def _match(self, name: str):
        m = self._matches.get(name)
        if m is None:
            if len(self._matches) >= MAX_NAMES:
                self._matches.clear()
            m = self._matches[name] = self.registry.match(name)
        return m

    def _known(self, name: str) -> str | None:
        """A registry company that this whole name certainly means (no fuzzy guesses)."""
        m = self._match(name)
        return m.company.id if m.company is not None and m.how != "fuzzy" else None

    def _unknown(self, name: str) -> bool:
        return self._new_name(name) and self._match(name).company is None

    def _new_name(self, name: str) -> bool:
        key = loose_key(name) or exact_key(name)
        return len(key) >= 2 and key not in GENERIC and not self.registry.ids_with_exact_key(exact_key(name))

    def _count(self, article_id: int, name: str, cid: str | None, other: str | None, sentence: str) -> None:
        key = (cid, loose_key(name) or exact_key(name))
        t = self.tallies.get(key)
        if t is None:
            if len(self.tallies) >= MAX_NAMES:
                self._prune()
            t = self.tallies[key] = _Tally(name, cid)
        t.count += 1
        if other and other not in t.others and len(t.others) < 4:
            t.others.append(other)
        if t.last_article != article_id:
            t.articles += 1
            t.last_article = article_id
        example = " ".join(sentence.split())[:200]
        if len(t.examples) < EXAMPLES and example not in t.examples:
            t.examples.append(example)

    def _prune(self) -> None:
        for key in [k for k, t in self.tallies.items() if t.count == 1]:
            del self.tallies[key]

    # -- results --------------------------------------------------------------------------------
    def results(self, min_articles: int = 2) -> tuple[list[NameSeen], list[NameSeen]]:
        """(new names of known organisations, organisations the registry lacks), strongest first."""
        rows = [NameSeen(t.name, t.count, t.articles, list(t.examples), _other(t), t.company_id, list(t.others))
                for t in self.tallies.values() if t.articles >= min_articles]
        rows.sort(key=lambda r: (-r.articles, -r.count, r.name))
        return [r for r in rows if r.company_id], [r for r in rows if not r.company_id]


def mine(archive, registry, since: str | None = None, until: str | None = None, min_articles: int = 2,
         batch: int = 500) -> tuple[list[NameSeen], list[NameSeen]]:
    """What the archive's articles dated since <= date < until teach (NameMiner.results)."""
    miner = NameMiner(registry)
    for a in archive.texts_since(since, until, batch=batch):
        miner.feed(a.id, a.title or "")
        miner.feed(a.id, a.text or "")
    return miner.results(min_articles)


def new_names(archive, registry, since: str | None, until: str | None, min_articles: int = 2) -> list[NameSeen]:
    """The organisations the registry lacks that at least min_articles articles dated
    since <= date < until wrote, strongest first (the digest's "new names seen")."""
    return mine(archive, registry, since, until, min_articles=min_articles)[1]


def _other(t: _Tally) -> str | None:
    """The form written beside it in the other script, else any other form."""
    cjk = has_cjk(t.name)
    return next((o for o in t.others if has_cjk(o) != cjk), t.others[0] if t.others else None)


# -- text helpers -------------------------------------------------------------------------------
def _sentences(text: str) -> list[str]:
    # An English full stop ends a sentence after a lower-case word, not after "Co." or "U.S.".
    return [s for s in re.split(r"(?<=[。！？!?；;\n])|(?<=[a-z0-9]{2}\.)\s+(?=[A-Z])", text) if s.strip()]


def _pairs(sentence: str):
    """(zh, latin, span) for every name written with its other-language form or a short form."""
    for m in _SHORT_FORM.finditer(sentence):
        long, short = _trim_zh(m.group(1)), m.group(2).strip()
        if long and short:
            yield long, short, m.span()
    for m in _PAIR_ZH_EN.finditer(sentence):
        zh, latin = _trim_zh(m.group(1)), m.group(2).strip(" .,")
        if zh and _latin_name_like(latin):
            yield zh, latin, m.span()
    for m in _PAIR_EN_ZH.finditer(sentence):
        latin, zh = _trim_en(m.group(1)), m.group(2)
        if latin and _latin_name_like(latin):
            yield zh, latin, m.span()


def _trim_zh(run: str) -> str:
    """The organisation's name at the end of a Chinese run: clause openers cut off the front."""
    from translate.segment import segment

    words = segment(run)  # Simplified, same length: offsets hold for `run` as written
    start = offset = 0
    for w in words:
        offset += len(w)
        if w in _LEAD_WORDS:
            start = offset
        # jieba sometimes glues a preposition to an unknown name (整流罩 / 由星 / 梭 / 航天): a word
        # starting with one cuts after it too, when four characters or more are left.
        elif w[:1] in _PREPOSITIONS and len(run) - (offset - len(w) + 1) >= 4:
            start = offset - len(w) + 1
    name = run[start:]
    if len(name) < 2 or _NOT_A_NAME.search(name) or name.endswith(_GENERIC_TAILS):
        return ""
    head = re.sub(f"(?:{_ORG_SUFFIX})+$", "", name)
    return name if len(head) >= 2 and head not in _GENERIC_HEADS else ""


def _trim_en(words: str) -> str:
    parts = words.split()
    while parts and parts[0].lower() in _EN_STOP:
        parts = parts[1:]
    name = " ".join(parts)
    core = [w for w in re.findall(r"[A-Za-z]+", name.lower()) if w not in _EN_STOP]
    distinctive = [w for w in core if w not in GENERIC and w not in _INDUSTRY_WORDS]
    return name if distinctive else ""


_INDUSTRY_WORDS = frozenset("aerospace space spaceflight satellite satellites rocket rockets launch astronautics "
                            "technology technologies tech co ltd corporation corp inc group".split())


def _latin_name_like(s: str) -> bool:
    """A brand or a name, not a unit, a figure or a sentence ("2.5 t", "in orbit", "LEO")."""
    words = s.split()
    return (1 <= len(words) <= 6 and s[0].isupper() and len(s) >= 3 and not s.isupper() or s.isupper() and 3 <= len(s) <= 8
            ) and not any(w.lower() in ("and", "or", "to", "of", "in") for w in words[:1])


def _org_like(zh: str, latin: str) -> bool:
    return bool(re.search(r"(?:航天|宇航|科技|卫星|空间|火箭|公司|集团|研究院|研究所)$", zh)) and len(latin.split()) <= 6


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)
