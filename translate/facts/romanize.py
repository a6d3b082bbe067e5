"""Hanyu pinyin for names and places as English news writes them: syllables joined, the first letter
capital, an apostrophe where a syllable starting with a, o or e would blur the boundary (Xi'an),
ü kept (Lü). pypinyin reads the characters; surnames with a reading of their own (单 Shan, 曾 Zeng,
解 Xie) are read as surnames.
"""

from __future__ import annotations

from functools import lru_cache

# Surnames whose reading as a surname differs from the character's common reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao", "盖": "ge",
    "乐": "yue", "覃": "qin", "翟": "zhai", "缪": "miao", "召": "shao", "纪": "ji", "员": "yun", "种": "chong",
    "繁": "po", "那": "na", "燕": "yan", "華": "hua", "华": "hua", "任": "ren", "宁": "ning", "贲": "ben",
    "隗": "wei", "黑": "he", "句": "gou", "过": "guo", "重": "chong", "长孙": "zhangsun", "尉迟": "yuchi",
    "万俟": "moqi", "令狐": "linghu", "澹台": "tantai", "吕": "lü", "女": "nü", "闾丘": "lüqiu", "褚": "chu",
    "蔚": "yu", "郇": "xun", "薄": "bo", "卜": "bu", "乜": "nie", "宓": "mi", "亢": "kang", "郗": "xi", "阚": "kan", "洗": "xian", "冼": "xian", "秘": "bi", "折": "she", "上官": "shangguan",
    "欧阳": "ouyang", "司马": "sima", "诸葛": "zhuge", "夏侯": "xiahou", "皇甫": "huangfu", "东方": "dongfang",
    "公孙": "gongsun", "慕容": "murong", "宇文": "yuwen", "司徒": "situ", "端木": "duanmu", "呼延": "huyan",
}


@lru_cache(maxsize=1)
def _pypinyin():
    import pypinyin  # here: 110 ms of import a text without a name or place never pays

    return pypinyin


def syllables(zh: str) -> list[str]:
    pypinyin = _pypinyin()
    out = pypinyin.lazy_pinyin(zh, style=pypinyin.Style.NORMAL, errors="ignore", v_to_u=True)
    return [s for s in out if s]


def join(parts: list[str]) -> str:
    """['xi', 'an'] -> "Xi'an"; ['zhang', 'jia', 'gang'] -> "Zhangjiagang"."""
    out = ""
    for i, s in enumerate(parts):
        if i and s[:1] in "aoe":
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


# Place names read some characters otherwise than words do (长治 Changzhi, not "Zhangzhi"; 花都
# Huadu; 民乐 Minle; 漯河 Luohe), and a few whole names have a reading of their own.
PLACE_CHARS = {"长": "chang", "都": "du", "乐": "le", "漯": "luo", "朝": "chao", "蔚": "yu"}
PLACE_READINGS = {
    "乐清": "yue qing", "乐亭": "lao ting", "闵行": "min hang", "单县": "shan xian", "涡阳": "guo yang",
    "洪洞": "hong tong", "朝歌": "zhao ge", "长子": "zhang zi", "番禺": "pan yu", "六安": "lu an",
    "六合": "lu he", "蚌埠": "beng bu", "铅山": "yan shan", "黄陂": "huang pi", "东阿": "dong e",
}


@lru_cache(maxsize=4096)
def place_name(zh: str) -> str:
    reading = PLACE_READINGS.get(zh)
    if reading:
        return join(reading.split())
    parts = [PLACE_CHARS.get(ch) for ch in zh]
    if not any(parts):
        return join(syllables(zh))
    out = []
    for ch, fixed in zip(zh, parts):
        out += [fixed] if fixed else syllables(ch)
    return join(out)


def person_name(surname: str, given: str) -> str:
    """景海鹏 -> Jing Haipeng; 欧阳晋 -> Ouyang Jin; 单立军 -> Shan Lijun."""
    family = SURNAME_READINGS.get(surname) or "".join(syllables(surname))
    return f"{join([family])} {join(syllables(given))}".strip()
