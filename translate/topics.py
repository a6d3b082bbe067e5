"""Topic tags from keyword lexicons in both languages, applied to the original text when an
article is enriched (the ids and labels are store.model.TOPICS: stored, filtered on, shown).

Chinese keywords are plain substrings (the caller passes Simplified Chinese); English keywords are
whole words or phrases, case-insensitive, with a regular plural allowed, and a trailing ``*`` makes a
keyword a prefix (``contract*`` matches contracted, contractor). Config can add topics or extend ours.

One passing mention is not a theme: a topic needs a score of two, and the first line (the title, as
the pipeline passes "title\ntext") counts twice, so a keyword in the headline is enough. A keyword
ending in ``!`` is strong and scores two at once (``B轮!``, ``lifted off!``): it says the theme
outright, wherever it is. Phrases in NOT hide the keywords inside them from one topic (a launch
contract is a contract, not a launch).

Measured on two sets of articles written blind to these lists (tests/data/themes; the second never
used for tuning): benchmarks/themes.py prints precision and recall per topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from store.model import TOPIC_IDS, topic_label

__all__ = ["LEXICONS", "NOT", "TOPIC_IDS", "tag_topics", "tagger_stamp", "topic_label"]


LEXICONS: dict[str, dict[str, tuple[str, ...]]] = {
    "funding": {
        "zh": ("融资", "轮融资!", "天使轮!", "种子轮!", "Pre-A", "A轮!", "B轮!", "C轮!", "D轮!", "E轮!", "战略投资!", "领投!",
               "跟投", "投资方", "投资机构", "估值", "募资", "募集资金", "产业基金", "引导基金", "投资基金",
               "创投", "风投", "增资", "注资", "入股", "股权投资", "天使基金", "天使投资", "IPO!", "科创板", "上市辅导!", "上市申请",
               "招股书!", "首次公开发行!", "挂牌上市", "港股上市"),
        "en": ("funding", "fundraising", "fund-raising", "financing", "raised", "raises", "investor*",
               "investment fund", "strategic investment!", "venture capital", "valuation", "series a!",
               "series a+!", "series b!", "series b+!", "series c!", "series c+!", "series d!", "series e!", "pre-a!",
               "angel round!", "seed round!", "funding round!", "ipo!", "pre-ipo!", "initial public offering!",
               "star market", "listing", "guidance fund", "capital injection", "led the round!", "stake",
               "equity"),
    },
    "launches": {
        "zh": ("发射", "首飞", "首飞成功!", "首飞告捷!", "完成首飞!", "入轨!", "升空!", "试车!", "静态点火", "点火试验", "飞行试验!", "垂直起降",
               "回收试验", "跳跃试验", "悬停", "复飞", "发射失利!", "飞行失利!", "成功将", "送入预定轨道!",
               "成功发射!", "发射成功!", "圆满成功"),
        "en": ("launched", "launches", "launching", "launched from!", "launch failure!", "launch attempt", "liftoff!", "lift-off!", "lifted off!",
               "maiden flight!", "first flight", "test flight", "flight test", "into orbit!", "reached orbit!",
               "reaches orbit!", "orbital flight", "static fire!", "hot fire!", "hot-fire!", "engine test",
               "hop test!", "vtvl", "landing test", "recovery test", "deployed", "deploying", "debut*", "scrubbed",
               "wet dress rehearsal"),
    },
    "contracts": {
        "zh": ("合同", "签约", "签署", "订单", "中标!", "采购", "招标", "客户", "框架协议", "合作协议",
               "战略合作", "发射服务协议!", "交付", "大单", "斩获", "签下", "分销协议", "达成合作", "首单", "履约"),
        "en": ("contract*", "signed", "signs", "agreement", "customer*", "client*", "deal", "procurement",
               "tender", "awarded", "purchase order", "launch order", "order backlog", "ordered", "orders",
               "deliver*", "memorandum of understanding", "mou", "framework agreement", "won a bid!",
               "wins a bid!", "won a bid worth!", "winning bid", "inked", "inks", "booked", "order book!", "an order",
               "order for", "won an order!", "bidding", "bid"),
    },
    "policy": {
        "zh": ("政策", "法规", "条例", "监管", "许可证", "审批", "准入", "国务院", "发改委", "国家发展改革委",
               "国防科工局", "工信部", "工业和信息化部", "60号文", "军民融合", "新基建", "卫星互联网",
               "十四五", "十五五", "指导意见", "管理办法", "航天法", "实施方案", "行动计划", "实体清单!",
               "出口管制!", "扶持办法", "支持办法", "扶持政策", "补贴", "补助", "措施", "政府工作报告!", "许可",
               "监管机构"),
        "en": ("policy", "policies", "regulation*", "regulator*", "regulatory", "license", "licence",
               "licensing", "state council", "ndrc", "national development and reform commission",
               "sastind", "miit", "document 60", "document no. 60", "military-civil fusion",
               "civil-military", "new infrastructure", "satellite internet", "five-year plan",
               "guideline*", "legislation", "space law", "action plan", "export control*!", "entity list!",
               "sanction*", "draft rules", "commerce department", "department of commerce", "lawmaker*",
               "subsid*", "fcc", "faa", "executive order!", "white house", "three-year plan", "year plan"),
    },
    "people": {
        "zh": ("任命!", "出任!", "加盟!", "离职!", "辞职!", "卸任!", "履新!", "接任!", "挂帅!", "离任!", "聘任!",
               "受聘!", "聘为!", "任免!", "新任", "不再担任", "人才", "招聘", "引进人才", "核心团队"),
        "en": ("appointed!", "appoints!", "appointment", "names", "named", "hire*", "hiring", "resign*!",
               "stepped down!", "steps down!", "step down", "took the helm!", "takes the helm!", "departed",
               "departure", "talent*", "recruit*", "academician", "joined", "joins", "general manager",
               "president", "as ceo!", "as chief executive!", "as chief designer!", "as chief engineer!",
               "as president!", "as chairman!", "as chairwoman!", "as cto!", "as general manager!",
               "left the company!", "departs"),
    },
    "international": {
        "zh": ("一带一路!", "海外!", "国际市场", "国际客户", "国际业务", "国际合作", "国际用户", "出口", "境外",
               "国外", "外国", "出海", "沙特!", "巴基斯坦!", "阿联酋!", "阿布扎比!", "阿曼!", "卡塔尔!", "中东", "东南亚",
               "中亚", "拉美", "非洲", "埃及!", "印尼!", "泰国!", "马来西亚!", "越南!", "老挝!", "柬埔寨!", "孟加拉!",
               "尼日利亚!", "肯尼亚!", "阿根廷!", "智利!", "墨西哥!", "土耳其!", "伊朗!", "俄罗斯!", "欧洲", "欧空局!",
               "巴西!", "哈萨克!", "乌兹别克!", "蒙古!", "美国!", "日本!", "韩国!", "印度!", "英国!", "法国!", "德国!",
               "SpaceX!", "星链!", "马斯克!", "阿里安!", "俄方", "阿方", "外方", "国际电联", "国际电信联盟"),
        "en": ("belt and road!", "bri", "export*", "overseas!", "international*", "abroad", "foreign",
               "saudi!", "pakistan*!", "uae!", "emirates!", "abu dhabi!", "oman*!", "qatar*!", "middle east",
               "southeast asia", "central asia", "latin america", "africa*", "egypt*!", "indonesia*!", "thai*!",
               "malaysia*!", "vietnam*!", "laos!", "cambodia*!", "bangladesh*!", "nigeria*!", "kenya*!", "nairobi!",
               "argentin*!", "chile*!", "mexic*!", "turkey!", "turkish!", "iran*!", "russia*!", "roscosmos!",
               "europe*", "esa", "ariane*", "brazil*!", "kazakh*!", "uzbek*!", "mongolia*!", "u.s.",
               "united states", "american", "nasa", "spacex!", "starlink!", "western", "japan*!", "korea*!",
               "india", "indian", "riyadh!", "cairo!", "gulf"),
    },
    "facilities": {
        "zh": ("产业园!", "园区", "基地", "工厂", "厂房", "生产线", "总装", "研发中心", "总部", "落户", "入驻",
               "开工", "投产", "竣工", "奠基", "地方政府", "省政府", "市政府", "区政府", "管委会", "招商",
               "产业集群", "集聚区", "产业化基地!", "制造基地!", "生产基地!", "总装基地!", "发射场", "发射工位!", "工位", "试车台", "试验场", "揭牌", "迁至", "选址"),
        "en": ("industrial park!", "industry park!", "space park!", "aerospace park!", "production base",
               "manufacturing base", "r&d base", "r&d center", "r&d centre", "factory", "factories", "plant",
               "production line", "assembly line", "headquarters", "headquartered", "campus", "local government",
               "provincial government", "municipal government", "city government", "launch site",
               "launch pad", "launchpad", "launch complex!", "spaceport", "groundbreaking!", "broke ground!",
               "breaks ground!", "industrial cluster", "landing zone", "test stand*", "test site",
               "construction", "facility", "facilities", "pad", "topped out"),
    },
}

# Phrases whose keywords mean something else: masked before that topic is scored (a launch contract is
# a contract, not a launch; a farm's 示范基地 is not a production site).
NOT: dict[str, dict[str, tuple[str, ...]]] = {
    "launches": {
        "zh": ("发射服务", "发射合同", "发射场", "发射工位", "发射台", "发射中心", "发射功率", "发射许可",
               "发射市场", "发射成本", "发射价格", "发射订单", "发射需求", "发射能力"),
        "en": ("launch service*", "launch deal*", "launch contract*", "launch agreement*", "launch licen*",
               "launch provider*", "launch site*", "launch pad*", "launch complex*", "launch market*",
               "launch price*", "launch cost*", "launch order*", "launch vehicle*", "launch capacity",
               "launch demand", "launch slot*", "launches a", "launched a", "launches an", "launched an", "launches its",
               "launched its", "launches commercial", "launched commercial", "to launch",
               "launch failure rate*"),
    },
    "contracts": {
        "zh": ("签约入驻", "投资协议", "签署倡议书", "联名签署"),
        "en": ("signed up", "signs up", "investment agreement*", "signed a letter", "signed an open letter",
               "delivered a keynote", "delivers a keynote", "delivered a speech", "delivers a speech",
               "delivered remarks", "delivers keynote", "delivered keynote", "in order to"),
    },
    "people": {
        "en": ("joined a panel", "joins a panel", "joined the panel", "talent for", "named after"),
    },
    "international": {
        "en": ("international astronautical congress", "international astronautical federation"),
    },
    "facilities": {
        "zh": ("示范基地", "农业基地", "育种基地", "培训基地", "教育基地", "科普基地", "用户基地", "客户基地"),
        "en": ("power plant*", "plant variet*", "plant breeding"),
    },
}


def _parse(keywords: Iterable[str]) -> tuple[list[str], list[str]]:
    """(normal, strong) keywords, lower-cased; a trailing ``!`` marks a strong one."""
    normal, strong = [], []
    for k in keywords:
        k = (k or "").strip().lower()
        (strong if k.endswith("!") else normal).append(k.rstrip("!").strip())
    return [k for k in normal if k], [k for k in strong if k]


def _zh_alternatives(keywords: Iterable[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(set(keywords), key=len, reverse=True))


def _en_alternatives(keywords: Iterable[str]) -> str:
    parts = []
    for kw in sorted(set(keywords), key=len, reverse=True):
        prefix = kw.endswith("*")
        body = r"[\s\-]+".join(re.escape(w) for w in kw.rstrip("*").split())
        parts.append(body + (r"\w*" if prefix else r"(?:s|es)?(?!\w)"))
    return "|".join(parts)


def _pattern(normal: list[str], strong: list[str], unrelated: Iterable[str], alternatives,
             start: str = "") -> re.Pattern | None:
    """One regex per topic and language, over lower-cased text. At each position the phrases of NOT
    are tried first (a match there scores nothing and hides the keyword inside it), then strong
    keywords, then the others."""
    groups = [f"(?P<{name}>{alt})" for name, alt in (("x", alternatives(unrelated)), ("s", alternatives(strong)),
                                                       ("n", alternatives(normal))) if alt]
    if not normal and not strong:
        return None
    return re.compile(start + "(?:" + "|".join(groups) + ")")


@dataclass(frozen=True)
class _Topic:
    id: str
    zh: re.Pattern | None
    en: re.Pattern | None


def _topic(topic: str, zh: list[str], en: list[str]) -> _Topic:
    unrelated = NOT.get(topic, {})
    return _Topic(topic,
                  _pattern(*_parse(zh), [k.lower() for k in unrelated.get("zh", ())], _zh_alternatives),
                  _pattern(*_parse(en), [k.lower() for k in unrelated.get("en", ())], _en_alternatives,
                           start=r"(?<!\w)"))


@lru_cache(maxsize=64)
def _compiled(extra_key: tuple) -> tuple[_Topic, ...]:
    """Every topic compiled, ours first in TOPIC_IDS order, then config-only topics."""
    merged: dict[str, dict[str, list[str]]] = {t: {"zh": list(v["zh"]), "en": list(v["en"])} for t, v in LEXICONS.items()}
    for topic, zh, en in extra_key:
        slot = merged.setdefault(topic, {"zh": [], "en": []})
        slot["zh"].extend(zh)
        slot["en"].extend(en)
    order = list(TOPIC_IDS) + sorted(t for t in merged if t not in TOPIC_IDS)
    return tuple(_topic(t, merged[t]["zh"], merged[t]["en"]) for t in order)


def _extra_key(extra: Mapping | None) -> tuple:
    """A hashable form of config.topics (TopicLexicon models or plain {zh: [...], en: [...]} dicts)."""
    if not extra:
        return ()
    out = []
    for topic, lex in sorted(extra.items()):
        get = lex.get if isinstance(lex, Mapping) else lambda k, _l=lex: getattr(_l, k, None)
        out.append((str(topic), tuple(get("zh") or ()), tuple(get("en") or ())))
    return tuple(out)


MIN_SCORE = 2
_WEIGHT = {"x": 0, "s": 2, "n": 1}


def _score(text: str, patterns: tuple[re.Pattern, ...], score: int = 0) -> int:
    """score plus the keyword occurrences in text, a strong one counting twice; stops at MIN_SCORE."""
    for pattern in patterns:
        for m in pattern.finditer(text):
            score += _WEIGHT[m.lastgroup]
            if score >= MIN_SCORE:
                return score
    return score


def tagger_stamp(extra: Mapping | None = None) -> str:
    """Changes whenever tag_topics would tag some text differently (our lists, config.topics)."""
    import hashlib
    import json

    rules = [MIN_SCORE, LEXICONS, NOT, _extra_key(extra)]
    return hashlib.sha256(json.dumps(rules, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def tag_topics(text: str, lang: str, extra: Mapping | None = None) -> list[str]:
    """Topic ids whose lexicon matches `text` (zh lexicon for "zh", en for "en", both otherwise)."""
    if not text:
        return []
    text = text.lower()
    head = text.split("\n", 1)[0][:120]  # a title; a body without line breaks is not one
    found = []
    for t in _compiled(_extra_key(extra)):
        patterns = tuple(p for p in ((t.zh if lang != "en" else None), (t.en if lang != "zh" else None)) if p)
        if patterns and _score(text, patterns, _score(head, patterns)) >= MIN_SCORE:
            found.append(t.id)
    return found
