"""Topic tags from keyword lexicons in both languages, applied to the original text.

Chinese keywords are plain substrings (the caller passes Simplified Chinese); English keywords are
whole words or phrases, case-insensitive, with a regular plural allowed, and a trailing ``*`` makes a
keyword a prefix (``launch*`` matches launched, launcher). Config can add topics or extend ours.

One passing mention is not a theme: a topic needs two keyword occurrences, and the first line (the
title, as the pipeline passes "title\ntext") counts twice, so a keyword in the headline is enough.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Mapping

# Stable ids: stored in the archive, used by `search --topic` and the digest's sections.
TOPIC_IDS = ("funding", "launches", "contracts", "policy", "people", "international", "facilities")

TOPIC_LABELS = {
    "funding": "Funding and investors",
    "launches": "Launches and tests",
    "contracts": "Contracts and customers",
    "policy": "Policy and regulation",
    "people": "People and talent",
    "international": "International markets and Belt and Road",
    "facilities": "Facilities and local government",
}

LEXICONS: dict[str, dict[str, tuple[str, ...]]] = {
    "funding": {
        "zh": ("融资", "天使轮", "种子轮", "Pre-A", "A轮", "B轮", "C轮", "D轮", "E轮", "战略投资", "领投",
               "跟投", "投资方", "投资机构", "估值", "募资", "募集资金", "产业基金", "引导基金", "创投",
               "风投", "增资", "注资", "IPO", "科创板", "上市辅导", "首次公开发行", "挂牌上市"),
        "en": ("funding", "fundraising", "fund-raising", "financing", "raised", "raises", "investor*",
               "investment fund", "venture capital", "valuation", "series a", "series a+", "series b",
               "series b+", "series c", "series d", "series e", "pre-a", "angel round", "seed round",
               "funding round", "ipo", "pre-ipo", "initial public offering", "star market",
               "guidance fund", "capital injection", "led the round"),
    },
    "launches": {
        "zh": ("发射", "首飞", "入轨", "升空", "试车", "静态点火", "点火试验", "飞行试验", "垂直起降",
               "回收试验", "跳跃试验", "悬停", "复飞", "发射失利", "飞行失利", "成功将"),
        "en": ("launch*", "liftoff", "lift-off", "lifted off", "maiden flight", "first flight",
               "test flight", "flight test", "into orbit", "reached orbit", "orbital flight",
               "static fire", "hot fire", "hot-fire", "engine test", "hop test", "vtvl",
               "landing test", "recovery test"),
    },
    "contracts": {
        "zh": ("合同", "签约", "签署", "订单", "中标", "采购", "招标", "客户", "框架协议", "合作协议",
               "战略合作", "发射服务协议", "交付"),
        "en": ("contract*", "signed", "signs", "agreement", "customer*", "client*", "deal", "procurement",
               "tender", "awarded", "purchase order", "launch order", "backlog", "deliver*",
               "memorandum of understanding", "mou", "framework agreement"),
    },
    "policy": {
        "zh": ("政策", "法规", "条例", "监管", "许可证", "审批", "准入", "国务院", "发改委", "国家发展改革委",
               "国防科工局", "工信部", "工业和信息化部", "60号文", "军民融合", "新基建", "卫星互联网",
               "十四五", "十五五", "指导意见", "管理办法", "航天法", "实施方案", "行动计划"),
        "en": ("policy", "policies", "regulation*", "regulator*", "regulatory", "license", "licence",
               "licensing", "state council", "ndrc", "national development and reform commission",
               "sastind", "miit", "document 60", "document no. 60", "military-civil fusion",
               "civil-military", "new infrastructure", "satellite internet", "five-year plan",
               "guideline*", "legislation", "space law", "action plan"),
    },
    "people": {
        "zh": ("创始人", "联合创始人", "董事长", "总经理", "首席执行官", "CEO", "总裁", "总设计师",
               "总工程师", "总指挥", "任命", "出任", "加盟", "离职", "辞职", "卸任", "人才", "招聘",
               "院士", "高管", "核心团队", "履新"),
        "en": ("founder*", "co-founder*", "ceo", "chief executive", "chairman", "chairwoman",
               "chief engineer", "chief designer", "appointed", "appoints", "appointment", "hire*",
               "hiring", "resign*", "stepped down", "steps down", "talent*", "executive*", "recruit*",
               "academician", "joined", "joins"),
    },
    "international": {
        "zh": ("一带一路", "海外", "国际", "出口", "境外", "国外", "外国", "出海", "沙特", "巴基斯坦",
               "阿联酋", "阿曼", "中东", "东南亚", "拉美", "非洲", "埃及", "印尼", "泰国", "俄罗斯",
               "欧洲", "巴西", "哈萨克斯坦", "美国"),
        "en": ("belt and road", "bri", "export*", "overseas", "international*", "abroad", "foreign",
               "saudi", "pakistan*", "uae", "emirates", "oman", "middle east", "southeast asia",
               "latin america", "africa*", "egypt*", "indonesia*", "thailand", "russia*", "europe*",
               "brazil*", "kazakhstan"),
    },
    "facilities": {
        "zh": ("产业园", "园区", "基地", "工厂", "厂房", "生产线", "总装", "研发中心", "总部", "落户",
               "开工", "投产", "竣工", "奠基", "地方政府", "省政府", "市政府", "区政府", "管委会", "招商",
               "产业集群", "发射场", "发射工位"),
        "en": ("industrial park", "industry park", "production base", "manufacturing base",
               "r&d base", "r&d center", "r&d centre", "factory", "factories", "plant", "production line",
               "assembly line", "headquarters", "campus", "local government", "provincial government",
               "municipal government", "city government", "launch site", "launch pad", "launchpad",
               "spaceport", "groundbreaking", "broke ground", "industrial cluster"),
    },
}


def _en_pattern(keywords: Iterable[str]) -> re.Pattern | None:
    parts = []
    for kw in sorted({k.strip().lower() for k in keywords if k and k.strip()}, key=len, reverse=True):
        prefix = kw.endswith("*")
        words = kw.rstrip("*").split()
        body = r"[\s\-]+".join(re.escape(w) for w in words)
        parts.append(body + (r"\w*" if prefix else r"(?:s|es)?(?!\w)"))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _zh_terms(keywords: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({k.strip().lower() for k in keywords if k and k.strip()}))


@lru_cache(maxsize=64)
def _compiled(extra_key: tuple) -> tuple[tuple[str, tuple[str, ...], re.Pattern | None], ...]:
    """Per topic: (id, zh substrings, en regex), ours first in TOPIC_IDS order, then config-only topics."""
    merged: dict[str, dict[str, list[str]]] = {t: {"zh": list(v["zh"]), "en": list(v["en"])} for t, v in LEXICONS.items()}
    for topic, zh, en in extra_key:
        slot = merged.setdefault(topic, {"zh": [], "en": []})
        slot["zh"].extend(zh)
        slot["en"].extend(en)
    order = list(TOPIC_IDS) + sorted(t for t in merged if t not in TOPIC_IDS)
    return tuple((t, _zh_terms(merged[t]["zh"]), _en_pattern(merged[t]["en"])) for t in order)


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


def _score(text: str, lowered: str, zh_terms: tuple[str, ...], en_re: re.Pattern | None, use_zh: bool,
           use_en: bool) -> int:
    score = 0
    if use_zh:
        score += sum(lowered.count(term) for term in zh_terms)
    if use_en and en_re is not None and score < MIN_SCORE:
        for _ in en_re.finditer(text):
            score += 1
            if score >= MIN_SCORE:
                break
    return score


def tag_topics(text: str, lang: str, extra: Mapping | None = None) -> list[str]:
    """Topic ids whose lexicon matches `text` (zh lexicon for "zh", en for "en", both otherwise)."""
    if not text:
        return []
    lowered = text.lower()
    head = text.split("\n", 1)[0][:120]  # a title; a body without line breaks is not one
    head_lowered = head.lower()
    use_zh = lang != "en"
    use_en = lang != "zh"
    found = []
    for topic, zh_terms, en_re in _compiled(_extra_key(extra)):
        score = _score(head, head_lowered, zh_terms, en_re, use_zh, use_en)
        if score < MIN_SCORE:
            score += _score(text, lowered, zh_terms, en_re, use_zh, use_en)
        if score >= MIN_SCORE:
            found.append(topic)
    return found


def topic_label(topic: str) -> str:
    return TOPIC_LABELS.get(topic) or topic.replace("_", " ").replace("-", " ").capitalize()
