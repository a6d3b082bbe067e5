"""Script and width normalisation that keeps string offsets valid, plus lookup keys for names.

Mention offsets are computed on a normalised copy of the text and reported against the original,
so every conversion here that feeds the mention finder must map one character to one character.
"""

from __future__ import annotations

import re
import unicodedata

import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map 1:1 onto ASCII.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20


def convert_same_length(text: str, converter) -> str:
    """Run an OpenCC converter, keeping exactly the input's length.

    OpenCC converts phrases, and some phrase rules change length (Taiwan 網際網路 -> 互联网); a line
    where that happens is converted character by character instead, so offsets stay valid.
    """
    if not text or text.isascii():
        return text
    out = converter.convert(text)
    if len(out) == len(text):
        return out
    fixed = []
    for line in text.splitlines(keepends=True):
        conv = converter.convert(line)
        if len(conv) != len(line):
            conv = "".join(_one_char(converter, c) for c in line)
        fixed.append(conv)
    return "".join(fixed)


def _one_char(converter, ch: str) -> str:
    out = converter.convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese (OpenCC t2s) with exactly the same length as the input."""
    return convert_same_length(text, _T2S)


def to_traditional(text: str) -> str:
    """Simplified -> Traditional (for generating the Traditional forms of registry names)."""
    return _S2T.convert(text)


def fold_width(text: str) -> str:
    """Full-width ASCII -> ASCII, one character for one character."""
    return text.translate(_WIDTH)


def for_matching(text: str) -> str:
    """The copy of `text` the mention finder scans: Simplified, half-width, same length."""
    return fold_width(to_simplified(text))


# -- lookup keys --------------------------------------------------------------------------------

PLACES_ZH = (
    "北京 上海 天津 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
    "四川 贵州 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 台湾 深圳 广州 西安 成都 武汉 长沙 "
    "杭州 南京 苏州 合肥 济南 青岛 烟台 长春 沈阳 哈尔滨 大连 厦门 宁波 无锡 湖州 嘉兴 珠海 东莞 佛山 酒泉 "
    "太原 郑州 南昌 福州 石家庄 雄安 廊坊 海口 文昌 三亚 贵阳 昆明 兰州 银川 乌鲁木齐 德清 台州 绍兴 常州 "
    "扬州 南通 盐城 泰州 张掖 眉山 宜宾 绵阳 德阳 洛阳 襄阳 宜昌 株洲 芜湖 温州 金华 舟山 威海 潍坊 淄博"
).split()
PLACES_EN = (
    "beijing shanghai tianjin chongqing hebei shanxi liaoning jilin heilongjiang jiangsu zhejiang anhui "
    "fujian jiangxi shandong henan hubei hunan guangdong hainan sichuan guizhou yunnan shaanxi gansu "
    "qinghai guangxi ningxia xinjiang shenzhen guangzhou xian xi'an chengdu wuhan changsha hangzhou "
    "nanjing suzhou hefei jinan qingdao yantai changchun shenyang harbin dalian xiamen ningbo wuxi huzhou "
    "jiaxing zhuhai dongguan foshan jiuquan xiongan haikou wenchang sanya deqing taizhou"
).split()
_PLACE_SUFFIX = ("市", "省", "自治区")
LEGAL_ZH = ("股份有限公司", "有限责任公司", "有限公司", "公司", "科技", "技术")
LEGAL_EN = {
    "co", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "company", "llc", "plc",
    "technology", "technologies", "tech", "science", "sci", "the",
}

_PLACE_ZH_RE = re.compile("^(?:" + "|".join(sorted(PLACES_ZH, key=len, reverse=True)) + ")(?:市|省|自治区)?")
_ONLY_LEGAL_ZH = re.compile("(?:" + "|".join(LEGAL_ZH) + "|有限|股份|集团)+")
_BRACKET_RE = re.compile(r"\(([^()]*)\)")
_TOKEN_RE = re.compile(r"[a-z0-9]+|[^\W\d_a-z]+", re.UNICODE)


def _is_place(s: str) -> bool:
    s = s.strip().lower()
    for suffix in _PLACE_SUFFIX:
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
    return s in PLACES_ZH or s.replace(" ", "") in PLACES_EN


def _clean(name: str) -> str:
    """NFKC (full-width, compatibility forms), Simplified, lower case, place brackets removed."""
    s = to_simplified(unicodedata.normalize("NFKC", name)).lower()
    # （北京） / (Beijing) say where a company is registered, not who it is.
    return _BRACKET_RE.sub(lambda m: " " if _is_place(m.group(1)) else f" {m.group(1)} ", s)


def exact_key(name: str) -> str:
    """Case, width, script and punctuation folded; every word kept."""
    return "".join(_TOKEN_RE.findall(_clean(name)))


# What is left of a name once its legal words are gone may be the industry itself (航天科技 ->
# 航天): such a key names no one, or 航天 alone would resolve to CASC.
GENERIC = frozenset(
    "航天 航空 宇航 航空航天 航天航空 卫星 火箭 运载火箭 空间 太空 星际 导航 遥感 通信 测控 动力 "
    "商业航天 卫星互联网 科学 研究 中国 space aerospace satellite rocket launch".split()
)


# Spellings of one word in company names: abbreviations, British and American, plural and singular.
# Folded in loose keys on both sides (a registry name and a name being looked up), never in exact keys.
WORD_FORMS = {
    "tech": "technology", "techn": "technology", "technologies": "technology", "sci": "science",
    "sciences": "science", "dev": "development", "devel": "development", "eng": "engineering",
    "engg": "engineering", "aero": "aerospace", "intl": "international", "corp": "corporation",
    "grp": "group", "info": "information", "inst": "institute", "univ": "university", "acad": "academy",
    "natl": "national", "comm": "communication", "comms": "communication", "communications": "communication",
    "telecom": "telecommunication", "telecommunications": "telecommunication", "centre": "center",
    "defence": "defense", "chinese": "china", "satellites": "satellite", "systems": "system",
    "holdings": "holding", "labs": "laboratory", "lab": "laboratory", "mgmt": "management",
    "networks": "network",
}
# Words that join, never distinguish: "Science & Technology" = "Science and Technology".
_JOINERS = frozenset({"and", "of", "the", "for"})
# What a place-named organisation keeps when its place goes (北京航空航天大学 -> 航空航天大学): words
# that every such organisation shares, so the place must stay in the key.
_GENERIC_LATIN = frozenset(
    "institute university academy college observatory center technology science engineering aerospace "
    "space aeronautics astronautics polytechnical polytechnic normal research laboratory national state "
    "industry industrial information optics mechanics physics".split()
)
_GENERIC_ZH = re.compile(
    "(?:航空航天|航空|航天|工业|理工|科技|技术|工程|研究院|研究所|研究中心|大学|学院|天文台|实验室|中心|"
    "光学|精密|机械|物理|信息|科学|空间|卫星|测控|控制|动力|集团|控股|股份|有限|公司)+"
)


def loose_tokens(name: str) -> list[str]:
    """The words of a name as loose keys read them: folded (WORD_FORMS), joiners dropped."""
    return [WORD_FORMS.get(t, t) for t in _TOKEN_RE.findall(_clean(name)) if t not in _JOINERS]


def _generic(rest: str) -> bool:
    if rest.isascii():
        return False
    return bool(_GENERIC_ZH.fullmatch(rest))


def loose_key(name: str) -> str:
    """exact_key without leading place names and trailing legal-form words (Co., Ltd., 有限公司, ...),
    abbreviations spelt out (Tech -> technology) and joiners (and, of) dropped.

    Returns "" when too little would be left to identify anyone. A place stays when what follows it
    is generic (Beijing Institute of Technology is not Harbin Institute of Technology).
    """
    tokens = loose_tokens(name)
    while tokens and tokens[-1] in LEGAL_EN:
        tokens.pop()
    while len(tokens) > 1 and tokens[0] in PLACES_EN and not set(tokens[1:]) <= _GENERIC_LATIN:
        tokens.pop(0)
    s = "".join(tokens)
    if _ONLY_LEGAL_ZH.fullmatch(s):
        return ""
    changed = True
    while changed:
        changed = False
        for suffix in LEGAL_ZH:
            if s.endswith(suffix) and len(s) - len(suffix) >= 2:
                s, changed = s[: -len(suffix)], True
        m = _PLACE_ZH_RE.match(s)
        if m and len(s) - m.end() >= 2 and not _generic(s[m.end():]):
            s, changed = s[m.end():], True
    if len(s) < 2 or (s.isascii() and len(s) < 3) or s in GENERIC:
        return ""
    return s
