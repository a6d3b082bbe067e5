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
    "国际载荷": "international payloads", "科学载荷": "science payloads", "有效载荷": "payloads",
    "产业园": "industrial parks", "商业航天产业园": "commercial space industrial parks", "园区": "parks",
    "推进器": "thrusters", "卫星推进器": "satellite thrusters", "民营火箭企业": "private rocket companies",
    "民营火箭公司": "private rocket companies", "火箭企业": "rocket companies", "商业火箭企业": "commercial rocket companies",
    "商业航天企业": "commercial space companies", "卫星企业": "satellite companies", "上市公司": "listed companies",
    "算法工程师": "algorithm engineers", "技术人员": "technicians", "研发人员": "R&D staff", "基金": "funds",
    "国资基金": "state-owned funds", "产业基金": "industrial funds", "媒体": "media outlets", "热试车": "hot-fire tests",
    "试车": "test firings", "点火试验": "ignition tests", "起动": "restarts", "测控站": "TT&C stations",
    "地面测控站": "ground TT&C stations", "总装生产线": "assembly lines", "卫星总装生产线": "satellite assembly lines",
    "发射场": "launch sites", "数据中心": "data centres", "研发中心": "R&D centres", "省份": "provinces",
    "省": "provinces", "国家和地区的": "countries and regions", "颗卫星": "satellites", "研究所": "institutes",
    "子公司": "subsidiaries", "分公司": "branches", "办事处": "offices", "门店": "stores", "航班": "flights",
    "次发射": "launches", "卫星天线": "satellite antennas", "天线": "antennas", "相机": "cameras", "望远镜": "telescopes",
    "地方政府": "local governments", "银行": "banks", "融资": "financing deals", "太阳翼": "solar arrays",
    "载人飞行任务": "crewed missions", "货运飞船补给任务": "cargo missions", "补给任务": "supply missions",
    "景": "scenes", "景影像": "images", "SAR卫星": "SAR satellites",
    "雷达卫星": "radar satellites", "机": "engines", "科研团队": "research teams", "团队": "teams",
    "融资事件": "financing deals", "固体火箭": "solid-fuel rockets", "液体火箭": "liquid-fuel rockets",
    "商业火箭": "commercial rockets", "立方星": "CubeSats", "微小卫星": "small satellites", "微纳卫星": "micro-nano satellites", "出舱活动": "spacewalks", "出舱": "spacewalks", "太空行走": "spacewalks", "试飞": "test flights", "飞行试验": "flight tests", "无人机": "drones", "海上发射": "sea launches", "地基增强站": "ground-based augmentation stations",
    "增强站": "augmentation stations", "基准站": "reference stations", "路演": "roadshows", "发布会": "launch events",
    "示范项目": "demonstration projects", "试点项目": "pilot projects", "重点项目": "key projects",
}
# A noun counted with a measure word it never takes (3条卫星总装生产线: 条 counts lines, not the
# satellites its first word names) is not the counted noun.
NOUN_MEASURES = {
    "satellites": "颗个枚", "astronauts": "名位个人", "companies": "家个", "engines": "台个", "rockets": "枚发个", "users": "户人名个家", "orders": "个笔份单", "deals": "笔起个次",
}
_NOUNS_BY_LENGTH = sorted(COUNT_NOUNS, key=len, reverse=True)

# What a measure word counts when no known noun follows it (None: say the number alone, no fact).
MEASURE_DEFAULTS = {
    "颗": "satellites", "家": "companies", "名": "people", "人": "people", "位": "people", "人次": "views",
    "股": "shares", "艘": "ships", "架": "aircraft", "枚": "rockets", "次": "times", "项": "items", "台": "units",
    "套": "sets", "座": "sites", "条": "lines", "款": "models", "所": "institutions", "起": "cases", "发": "launches",
    "件": "items", "批": "batches", "轮": "rounds", "副": "sets", "支": "teams", "处": "sites", "景": "scenes",
    "片": "units", "户": "households",
}


def count_noun(text: str, at: int, measure: str = "") -> tuple[str | None, str | None]:
    """(the noun as written, its plural English) starting at text[at], or (None, None)."""
    for zh in _NOUNS_BY_LENGTH:
        if text.startswith(zh, at):
            en = COUNT_NOUNS[zh]
            allowed = NOUN_MEASURES.get(en.split()[-1])
            if measure and allowed and measure not in allowed:
                return None, None
            return zh, en
    return None, None


def measure_default(measure: str, value: Decimal) -> str | None:
    return MEASURE_DEFAULTS.get(measure)
