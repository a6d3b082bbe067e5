"""What is counted: the noun after a number and its measure word (6颗卫星 -> 6 satellites), and what a
measure word counts when no noun follows (300家 -> 300 companies, 117颗 -> 117 satellites).

The nouns are the sector's countable things, in the plural English news uses; a noun not listed
leaves the count to its measure word (or to no noun at all).
"""

from __future__ import annotations

from decimal import Decimal

# Longest first when matched; plural English.
COUNT_NOUNS = {
    "卫星": "satellites", "计算卫星": "computing satellites", "遥感卫星": "remote sensing satellites",
    "通信卫星": "communications satellites", "导航卫星": "navigation satellites", "低轨卫星": "low-orbit satellites",
    "试验卫星": "test satellites", "商业卫星": "commercial satellites", "小卫星": "small satellites",
    "航天员": "astronauts", "预备航天员": "reserve astronauts", "载荷专家": "payload specialists",
    "工程师": "engineers", "科学家": "scientists", "员工": "employees", "人员": "staff", "业内人士": "industry insiders",
    "专家": "experts", "代表": "representatives", "嘉宾": "guests", "学生": "students", "院士": "academicians",
    "企业": "companies", "公司": "companies", "机构": "institutions", "投资机构": "investors", "单位": "organisations",
    "高校": "universities", "客户": "customers", "用户": "users", "国家": "countries", "城市": "cities",
    "发射任务": "launch missions", "飞行任务": "missions", "任务": "missions", "发射": "launches",
    "入轨发射": "orbital launches", "航天发射": "space launches", "发射工位": "launch pads", "工位": "pads",
    "发射台": "launch pads", "科学实验": "scientific experiments", "实验": "experiments", "试验": "tests",
    "火箭": "rockets", "运载火箭": "launch vehicles", "发动机": "engines", "火箭发动机": "rocket engines",
    "飞船": "spacecraft", "探测器": "probes", "地面站": "ground stations", "星座": "constellations",
    "项目": "projects", "产品": "products", "专利": "patents", "订单": "orders", "合同": "contracts",
    "生产线": "production lines", "产线": "production lines", "基地": "bases", "工厂": "factories",
    "样品": "samples", "样本": "samples", "载荷": "payloads", "终端": "terminals", "芯片": "chips",
    "座位": "seats", "席位": "seats", "国家和地区": "countries and regions",
}
_NOUNS_BY_LENGTH = sorted(COUNT_NOUNS, key=len, reverse=True)

# What a measure word counts when no known noun follows it (None: say the number alone, no fact).
MEASURE_DEFAULTS = {
    "颗": "satellites", "家": "companies", "名": "people", "人": "people", "位": "people", "人次": "views",
    "股": "shares", "艘": "ships", "架": "aircraft", "枚": "rockets", "次": "times", "项": "items", "台": "units",
    "套": "sets", "座": "sites", "条": "lines", "款": "models", "所": "institutions",
}


def count_noun(text: str, at: int) -> tuple[str | None, str | None]:
    """(the noun as written, its plural English) starting at text[at], or (None, None)."""
    for zh in _NOUNS_BY_LENGTH:
        if text.startswith(zh, at):
            return zh, COUNT_NOUNS[zh]
    return None, None


def measure_default(measure: str, value: Decimal) -> str | None:
    return MEASURE_DEFAULTS.get(measure)
