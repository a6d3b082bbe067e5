"""The labelled search corpus: 416 articles, two in three Chinese, written from templates that imitate
36Kr, Jiemian and WeChat posts and SpaceNews-style English briefs, each with what it is about
(event, company, vehicle, launch site, round, amount, place). The queries in
tests/data/search/queries.yaml judge relevance by that, never by what a search returns.

Chinese articles go through the real enrichment path (the gloss engine, mentions, topics, index), so
their English is exactly what `parallax run` would store. Articles also carry background sentences on
other themes (a launch story recalling earlier funding), as real ones do: those must not outrank
the stories that are about the theme.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# (registry id, Chinese name, English name, [(vehicle zh, vehicle en)], engine (zh, en))
ROCKET_COMPANIES = [
    ("landspace", "蓝箭航天", "LandSpace", [("朱雀二号", "Zhuque-2"), ("朱雀三号", "Zhuque-3")], ("天鹊", "Tianque")),
    ("space_pioneer", "天兵科技", "Space Pioneer", [("天龙三号", "Tianlong-3")], ("天火十二", "Tianhuo-12")),
    ("galactic_energy", "星河动力", "Galactic Energy", [("谷神星一号", "Ceres-1"), ("智神星一号", "Pallas-1")],
     ("苍穹", "Cangqiong")),
    ("ispace", "星际荣耀", "iSpace", [("双曲线一号", "Hyperbola-1"), ("双曲线三号", "Hyperbola-3")], ("焦点一号", "JD-1")),
    ("cas_space", "中科宇航", "CAS Space", [("力箭一号", "Kinetica-1"), ("力箭二号", "Kinetica-2")], ("力擎", "Liqing")),
    ("orienspace", "东方空间", "Orienspace", [("引力一号", "Gravity-1"), ("引力二号", "Gravity-2")], ("原力", "Yuanli")),
    ("deep_blue", "深蓝航天", "Deep Blue Aerospace", [("星云一号", "Nebula-1")], ("雷霆-R1", "Thunder-R1")),
]
SATELLITE_COMPANIES = [
    ("chang_guang", "长光卫星", "Chang Guang Satellite", "吉林一号", "Jilin-1"),
    ("galaxy_space", "银河航天", "GalaxySpace", "银河航天卫星", "GalaxySpace satellites"),
    ("spacesail", "垣信卫星", "Spacesail", "千帆星座", "Qianfan"),
    ("geespace", "时空道宇", "Geespace", "吉利未来出行星座", "Geely Future Mobility Constellation"),
    ("spacety", "天仪研究院", "Spacety", "海丝一号", "Hisea-1"),
]
# (Chinese, English, site key)
SITES = [
    ("酒泉卫星发射中心", "Jiuquan Satellite Launch Center", "jiuquan"),
    ("太原卫星发射中心", "Taiyuan Satellite Launch Center", "taiyuan"),
    ("西昌卫星发射中心", "Xichang Satellite Launch Center", "xichang"),
    ("海南商业航天发射场", "the Hainan commercial launch site in Wenchang", "wenchang"),
    ("山东海阳东方航天港", "the Oriental Spaceport in Haiyang, Shandong", "haiyang"),
]
# (key, Chinese forms, English forms)
AMOUNTS = [
    ("1 billion yuan", ["十亿元", "10亿元"], ["1 billion yuan", "RMB 1 billion", "one billion yuan"]),
    ("500 million yuan", ["5亿元", "五亿元"], ["500 million yuan", "RMB 500 million"]),
    ("200 million yuan", ["2亿元", "两亿元"], ["200 million yuan", "RMB 200 million"]),
    ("100 million US dollars", ["1亿美元"], ["$100 million", "100 million US dollars"]),
    ("3 billion yuan", ["30亿元"], ["3 billion yuan", "RMB 3 billion"]),
]
# (Chinese, English, key)
ROUNDS = [("A轮", "Series A", "A"), ("B轮", "Series B", "B"), ("C轮", "Series C", "C"), ("D轮", "Series D", "D"),
          ("Pre-A轮", "pre-Series A", "A"), ("B+轮", "Series B+", "B"), ("天使轮", "angel", "angel")]
PLACES = [("北京", "Beijing"), ("上海", "Shanghai"), ("浙江湖州", "Huzhou, Zhejiang"), ("陕西西安", "Xi'an, Shaanxi"),
          ("山东烟台", "Yantai, Shandong"), ("广东广州", "Guangzhou"), ("江苏苏州", "Suzhou, Jiangsu")]
INVESTORS = [("国家制造业转型升级基金", "the national manufacturing upgrade fund"), ("中金资本", "CICC Capital"),
             ("北京市政府投资引导基金", "a Beijing government guidance fund"), ("红杉中国", "HongShan"),
             ("国投创合", "SDIC Venture Capital")]
PEOPLE = [("张明", "Zhang Ming"), ("李华", "Li Hua"), ("王强", "Wang Qiang"), ("刘洋", "Liu Yang"), ("陈静", "Chen Jing")]
CUSTOMERS = [("中国卫星网络集团", "China Satellite Network Group"), ("长光卫星", "Chang Guang Satellite"),
             ("银河航天", "GalaxySpace"), ("时空道宇", "Geespace")]
COUNTRIES = [("沙特阿拉伯", "Saudi Arabia"), ("阿联酋", "the United Arab Emirates"), ("巴基斯坦", "Pakistan"),
             ("印度尼西亚", "Indonesia"), ("埃及", "Egypt")]

EVENTS = ["funding", "launch", "maiden_flight", "launch_failure", "test_firing", "contract", "policy",
          "satellite_internet", "remote_sensing", "ipo", "factory", "appointment", "recovery", "export",
          # round two: appended, so the stories before them (and their background sentences) are unchanged
          "ground_station", "space_tourism"]
PER_EVENT = 26
# Which stories each event's rocket or satellite companies tell.
SATELLITE_EVENTS = {"satellite_internet", "remote_sensing", "ground_station"}


@dataclass
class Story:
    key: str
    lang: str
    event: str
    title: str
    text: str
    source: str
    published: str
    company: str | None = None
    vehicle: str | None = None
    site: str | None = None
    round: str | None = None
    amount: str | None = None
    place: str | None = None
    facts: dict = field(default_factory=dict)

    def about(self) -> dict:
        return {"event": self.event, "company": self.company, "vehicle": self.vehicle, "site": self.site,
                "round": self.round, "amount": self.amount, "place": self.place}


# -- background sentences (one in three stories carries one on another theme) -----------------------
NOISE_ZH = {
    "funding": "公司此前已完成多轮融资，投资方包括多家产业基金。",
    "launch": "此前，该公司已多次成功发射火箭。",
    "policy": "近年来，多地出台政策支持商业航天发展。",
    "test_firing": "据悉，该型发动机去年已完成多次试车。",
    "contract": "公司手握多份发射服务合同。",
}
NOISE_EN = {
    "funding": "The company has raised several funding rounds since it was founded.",
    "launch": "The firm has launched rockets several times before.",
    "policy": "Several provinces have issued policies to support the commercial space industry.",
    "test_firing": "The engine went through several hot-fire tests last year.",
    "contract": "The company holds several launch contracts.",
}


def _zh(event: str, k: int, m: dict) -> tuple[str, str]:
    co, veh, site, eng = m.get("co_zh"), m.get("veh_zh"), m.get("site_zh"), m.get("eng_zh")
    v = k % 3
    if event == "funding":
        r, amt, inv = m["round_zh"], m["amount_zh"], m["inv_zh"]
        if v == 0:
            return (f"{co}完成{amt}{r}融资",
                    f"{m['date_zh']}，民营火箭企业{co}宣布完成{r}融资，融资金额{amt}，本轮由{inv}领投，老股东跟投。"
                    f"本轮资金将主要用于{veh}运载火箭的研制和批量生产。")
        if v == 1:
            return (f"{co}获{amt}新一轮投资",
                    f"记者获悉，{co}近日完成{amt}{r}融资，投资方包括{inv}等机构。{co}创始人表示，募集资金将用于"
                    f"发动机研发和团队扩充。")
        return (f"{co}宣布完成{r}融资 募资{amt}",
                f"{co}今日宣布完成{r}融资，募资{amt}。{inv}领投。这是该公司今年第二次获得融资。")
    if event in ("launch", "maiden_flight"):
        first = event == "maiden_flight"
        n = m["n_sats"]
        if v == 0:
            return (f"{veh}运载火箭{'首飞' if first else '发射'}成功",
                    f"{m['date_zh']}，{co}研制的{veh}运载火箭在{site}点火升空，将{n}颗卫星顺利送入预定轨道，"
                    f"{'首飞' if first else '飞行'}试验任务获得圆满成功。")
        if v == 1:
            return (f"{co}{veh}{'首次飞行' if first else '再次发射'}取得成功",
                    f"{co}{veh}火箭今天在{site}成功发射，{'这是该型火箭的首次飞行，' if first else ''}搭载的{n}颗卫星"
                    "均进入预定轨道。")
        return (f"{'首飞告捷' if first else '发射成功'}！{veh}一箭{n}星",
                f"{m['date_zh']}，{veh}运载火箭在{site}{'完成首飞' if first else '发射升空'}，以一箭{n}星方式将卫星送入"
                "太阳同步轨道。")
    if event == "launch_failure":
        if v == 0:
            return (f"{veh}运载火箭发射失利",
                    f"{m['date_zh']}，{co}{veh}运载火箭在{site}发射，火箭飞行异常，发射任务失利。具体原因正在调查。")
        if v == 1:
            return (f"{co}{veh}火箭飞行异常 发射失利",
                    f"{co}发布公告称，{veh}火箭二级工作异常，卫星未能进入预定轨道，发射失利。")
        return (f"{veh}发射失败，{co}：将尽快查明原因",
                f"{veh}运载火箭今天在{site}发射失败。{co}表示将尽快查明原因。")
    if event == "test_firing":
        sec = m["seconds"]
        if v == 0:
            return (f"{co}{eng}发动机完成{sec}秒热试车",
                    f"{m['date_zh']}，{co}自主研发的{eng}液氧甲烷发动机完成{sec}秒长程热试车，发动机各项参数正常。")
        if v == 1:
            return (f"{veh}一子级动力系统试车成功",
                    f"{co}{veh}一子级动力系统在试车台完成全系统试车，试车时长{sec}秒，为首飞奠定基础。")
        return (f"{co}完成{eng}发动机点火试验",
                f"{co}今日完成{eng}发动机静态点火试验，试验持续{sec}秒，验证了发动机的可靠性。")
    if event == "contract":
        cu = m["cust_zh"]
        if v == 0:
            return (f"{co}与{cu}签署发射服务合同",
                    f"{m['date_zh']}，{co}与{cu}签署发射服务合同，将使用{veh}运载火箭为其发射卫星。")
        if v == 1:
            return (f"{co}斩获{cu}批量发射订单",
                    f"{co}获得{cu}的批量发射订单，合同涉及多次{veh}发射任务。")
        return (f"{co}中标{cu}卫星发射服务采购项目",
                f"{co}近日中标{cu}卫星发射服务采购项目，双方签约。")
    if event == "policy":
        pl = m["place_zh"]
        if v == 0:
            return (f"{pl}出台支持商业航天发展若干措施",
                    f"{m['date_zh']}，{pl}印发《关于支持商业航天高质量发展的若干措施》，对企业给予最高5000万元补贴。")
        if v == 1:
            return (f"{pl}发布商业航天产业行动计划",
                    f"{pl}发布商业航天产业发展行动计划，提出加大政策支持，对重点项目给予奖励。")
        return (f"政策加码！{pl}扶持商业航天",
                f"{pl}近日出台扶持政策，从资金补贴、人才引进等方面支持商业航天企业落户。")
    if event == "satellite_internet":
        sat = m["sat_zh"]
        if v == 0:
            return (f"{sat}卫星互联网组网加速",
                    f"{m['date_zh']}，{co}表示，{sat}低轨卫星互联网星座将于年内完成首期组网。")
        if v == 1:
            return (f"{co}：卫星互联网星座建设提速",
                    f"{co}负责人介绍，公司正在建设的卫星互联网星座已有一批卫星在轨运行。")
        return (f"低轨宽带星座{sat}再添新星",
                f"{co}的{sat}星座再有卫星入轨，卫星互联网服务即将开通。")
    if event == "remote_sensing":
        sat = m["sat_zh"]
        if v == 0:
            return (f"{sat}遥感卫星成功入轨",
                    f"{m['date_zh']}，{co}研制的{sat}遥感卫星成功入轨，将为国土普查提供对地观测数据。")
        if v == 1:
            return (f"{co}发布高分辨率遥感影像",
                    f"{co}发布新一代光学遥感卫星拍摄的亚米级影像，用于城市规划和防灾减灾。")
        return (f"{co}商业遥感数据服务上线",
                f"{co}宣布其商业遥感数据服务正式上线，用户可获取对地观测数据。")
    if event == "ipo":
        if v == 0:
            return (f"{co}启动科创板上市辅导",
                    f"{m['date_zh']}，{co}在证监局完成上市辅导备案，拟在科创板上市。")
        if v == 1:
            return (f"{co}冲刺IPO，招股书获受理",
                    f"{co}科创板招股书已获受理，公司计划首次公开发行股票。")
        return (f"{co}递表港交所",
                f"{co}向港交所递表，寻求港股上市。")
    if event == "factory":
        pl = m["place_zh"]
        if v == 0:
            return (f"{co}{pl}火箭总装厂投产",
                    f"{m['date_zh']}，{co}位于{pl}的火箭总装厂正式投产，年产能可达30发。")
        if v == 1:
            return (f"{co}{pl}智能制造基地开工",
                    f"{co}在{pl}建设的智能制造基地开工，建成后将实现发动机批量生产。")
        return (f"{co}发动机生产线落户{pl}",
                f"{co}发动机生产线落户{pl}，将实现量产。")
    if event == "appointment":
        p = m["person_zh"]
        if v == 0:
            return (f"{p}出任{co}首席执行官",
                    f"{m['date_zh']}，{co}宣布任命{p}为首席执行官，全面负责公司运营。")
        if v == 1:
            return (f"{co}迎来新总裁：{p}加盟",
                    f"前航天科技集团研究员{p}加盟{co}，担任总裁。")
        return (f"{co}高管变动，{p}接任总经理",
                f"{co}原总经理卸任，由{p}接任。")
    if event == "recovery":
        if v == 0:
            return (f"{co}完成垂直起降回收试验",
                    f"{m['date_zh']}，{co}可重复使用火箭试验箭完成垂直起降回收试验，飞行高度达到1公里。")
        if v == 1:
            return (f"{veh}一子级回收试验成功",
                    f"{co}{veh}一子级完成垂直回收试验，平稳着陆，为可重复使用奠定基础。")
        return (f"{co}可复用火箭完成跳跃试验",
                f"{co}可复用火箭完成百米级跳跃试验，火箭平稳着陆。")
    if event == "export":
        cn = m["country_zh"]
        if v == 0:
            return (f"{co}与{cn}客户签署出口协议",
                    f"{m['date_zh']}，{co}与{cn}客户签署协议，将向其出口卫星及发射服务，开拓海外市场。")
        if v == 1:
            return (f"{co}开拓国际市场，获{cn}订单",
                    f"{co}获得来自{cn}的国际客户订单，这是公司出海的重要一步。")
        return (f"{co}产品出口{cn}",
                f"{co}宣布其产品首次出口{cn}，海外业务取得突破。")
    if event == "ground_station":
        sat = m["sat_zh"]
        if v == 0:
            return (f"{co}新建卫星地面站投入使用",
                    f"{m['date_zh']}，{co}新建的卫星地面站正式投入使用，将为{sat}卫星提供测控和数据接收服务。")
        if v == 1:
            return (f"{co}测控站网再扩容",
                    f"{co}新建的地面测控站完成验收，卫星数据接收能力进一步提升。")
        return (f"{co}地面站网络覆盖全国",
                f"{co}宣布其地面站网络已覆盖全国，可同时支持多颗{sat}卫星的测控。")
    if event == "space_tourism":
        if v == 0:
            return (f"{co}启动亚轨道太空旅游船票预售",
                    f"{m['date_zh']}，{co}宣布启动亚轨道太空旅游船票预售，游客将乘坐载人飞船体验失重。")
        if v == 1:
            return (f"{co}公布太空旅游首批游客",
                    f"{co}公布太空旅游项目首批游客名单，计划明年开展载人亚轨道飞行。")
        return (f"太空旅游船票开售！{co}每张报价百万元",
                f"{co}太空旅游船票正式开售，每张票价约100万元。")
    raise ValueError(event)


def _en(event: str, k: int, m: dict) -> tuple[str, str]:
    co, veh, site, eng = m.get("co_en"), m.get("veh_en"), m.get("site_en"), m.get("eng_en")
    v = k % 2
    if event == "funding":
        r, amt, inv = m["round_en"], m["amount_en"], m["inv_en"]
        if v == 0:
            return (f"{co} raises {amt} in {r} round",
                    f"Chinese launch startup {co} has raised {amt} in a {r} round led by {inv}. The money will fund "
                    f"development of the {veh} rocket.")
        return (f"{co} closes {r} funding",
                f"{co} said it closed a {r} financing worth {amt}, with {inv} among the investors.")
    if event in ("launch", "maiden_flight"):
        first = event == "maiden_flight"
        n = m["n_sats"]
        if v == 0:
            return (f"{co} {'debuts' if first else 'launches'} {veh}",
                    f"{co} launched {'the first' if first else 'a'} {veh} rocket from {site} on {m['date_en']}, placing "
                    f"{n} satellites into orbit{' on its maiden flight' if first else ''}.")
        return (f"{veh} {'maiden flight succeeds' if first else 'lifts off'} with {n} satellites",
                f"A {veh} rocket lifted off from {site}, carrying {n} satellites for {co}"
                f"{' on the vehicle’s first flight' if first else ''}.")
    if event == "launch_failure":
        if v == 0:
            return (f"{veh} launch fails",
                    f"{co}'s {veh} rocket failed to reach orbit after lifting off from {site} on {m['date_en']}. "
                    "The company is investigating the anomaly.")
        return (f"{co} suffers {veh} launch failure",
                f"A {veh} launch by {co} ended in failure when the second stage malfunctioned.")
    if event == "test_firing":
        sec = m["seconds"]
        if v == 0:
            return (f"{co} completes {sec}-second hot-fire test of {eng}",
                    f"{co} test-fired its {eng} methane engine for {sec} seconds at its test stand.")
        return (f"{co} test fires {veh} first stage",
                f"{co} conducted a static fire of the {veh} first stage lasting {sec} seconds.")
    if event == "contract":
        cu = m["cust_en"]
        if v == 0:
            return (f"{co} signs launch contract with {cu}",
                    f"{co} has signed a launch services agreement with {cu} to fly satellites on {veh}.")
        return (f"{cu} orders {veh} launches from {co}",
                f"{cu} has ordered multiple {veh} launches from {co}, the company said.")
    if event == "policy":
        pl = m["place_en"]
        if v == 0:
            return (f"{pl} unveils measures to support commercial space",
                    f"{pl} has issued measures to support commercial space companies, including subsidies of up to "
                    "50 million yuan.")
        return (f"{pl} issues commercial space action plan",
                f"The government of {pl} released an action plan offering rewards and policy support to space firms.")
    if event == "satellite_internet":
        sat = m["sat_en"]
        if v == 0:
            return (f"{co} speeds up {sat} satellite internet constellation",
                    f"{co} said the {sat} satellite internet constellation will finish its first phase this year.")
        return (f"More satellites join {sat} broadband constellation",
                f"{co} added satellites to its {sat} broadband megaconstellation.")
    if event == "remote_sensing":
        sat = m["sat_en"]
        if v == 0:
            return (f"{co} launches new {sat} remote sensing satellite",
                    f"A new {sat} remote sensing satellite built by {co} reached orbit to supply Earth observation data.")
        return (f"{co} opens commercial Earth observation service",
                f"{co} opened its commercial remote-sensing data service to customers.")
    if event == "ipo":
        if v == 0:
            return (f"{co} prepares STAR Market IPO",
                    f"{co} has filed for listing tutoring ahead of a planned IPO on Shanghai's STAR Market.")
        return (f"{co} files IPO prospectus", f"{co} filed a prospectus for an initial public offering.")
    if event == "factory":
        pl = m["place_en"]
        if v == 0:
            return (f"{co} opens rocket factory in {pl}",
                    f"{co} opened a rocket final assembly factory in {pl} able to build 30 rockets a year.")
        return (f"{co} breaks ground on {pl} manufacturing base",
                f"{co} started building a manufacturing base in {pl} for mass production of engines.")
    if event == "appointment":
        p = m["person_en"]
        if v == 0:
            return (f"{co} appoints {p} as CEO", f"{co} has appointed {p} as chief executive officer.")
        return (f"{p} joins {co} as president", f"{p}, formerly of CASC, has joined {co} as president.")
    if event == "recovery":
        if v == 0:
            return (f"{co} completes VTVL hop test",
                    f"{co} flew a reusable rocket test vehicle to 1 km and landed it vertically.")
        return (f"{co} recovers {veh} first stage",
                f"{co} recovered the first stage of a {veh} rocket after a vertical landing, a step toward reusability.")
    if event == "export":
        cn = m["country_en"]
        if v == 0:
            return (f"{co} signs export deal with customer in {cn}",
                    f"{co} signed an agreement to export satellites and launch services to a customer in {cn}.")
        return (f"{co} wins overseas order from {cn}",
                f"{co} won an order from an international customer in {cn}, its first step into overseas markets.")
    if event == "ground_station":
        sat = m["sat_en"]
        if v == 0:
            return (f"{co} opens new satellite ground station",
                    f"{co} has opened a new ground station to track and receive data from its {sat} satellites.")
        return (f"{co} expands ground network",
                f"{co} added TT&C antennas to its ground network, boosting its satellite data downlink capacity.")
    if event == "space_tourism":
        if v == 0:
            return (f"{co} opens ticket sales for suborbital tourism",
                    f"{co} has started selling tickets for suborbital space tourism trips in a crewed capsule.")
        return (f"{co} names its first space tourists",
                f"{co} announced the first passengers of its crewed suborbital tourism service, planned for next year.")
    raise ValueError(event)


SOURCES_ZH = ["36kr", "jiemian", "wx-kuaixun", "sina"]
SOURCES_EN = ["spacenews", "spacewire"]
DAYS = 330


def stories(seed: int = 17) -> list[Story]:
    """PER_EVENT stories per event, deterministic; each rocket company and site comes up in turn, so
    every pairing the queries ask about exists."""
    rnd = random.Random(seed)
    out: list[Story] = []
    n = 0
    for e_i, event in enumerate(EVENTS):
        for k in range(PER_EVENT):
            lang = "en" if k % 3 == 2 else "zh"
            day = (n * 7 + e_i) % DAYS
            month, dom = 1 + day // 28, 1 + day % 28
            m: dict = {"date_zh": f"{month}月{dom}日", "date_en": f"{_MONTHS[month - 1]} {dom}",
                       "n_sats": 2 + k % 6, "seconds": (60, 100, 200, 500)[k % 4]}
            s = Story(key=f"{event}-{k}", lang=lang, event=event, title="", text="",
                      source=(SOURCES_EN if lang == "en" else SOURCES_ZH)[k % 2 if lang == "en" else k % 4],
                      published=f"2026-{month:02d}-{dom:02d}T0{k % 9}:00:00+00:00")
            if event in SATELLITE_EVENTS:
                cid, czh, cen, szh, sen = SATELLITE_COMPANIES[k % len(SATELLITE_COMPANIES)]
                m.update(co_zh=czh, co_en=cen, sat_zh=szh, sat_en=sen)
                s.company = cid
            elif event != "policy":
                cid, czh, cen, vehicles, (ezh, een) = ROCKET_COMPANIES[k % len(ROCKET_COMPANIES)]
                vzh, ven = vehicles[(k // len(ROCKET_COMPANIES)) % len(vehicles)]
                m.update(co_zh=czh, co_en=cen, veh_zh=vzh, veh_en=ven, eng_zh=ezh, eng_en=een)
                s.company, s.vehicle = cid, ven
            if event in ("launch", "maiden_flight", "launch_failure"):
                szh, sen, skey = SITES[k % len(SITES)]
                m.update(site_zh=szh, site_en=sen)
                s.site = skey
            if event == "funding":
                rzh, ren, rkey = ROUNDS[k % len(ROUNDS)]
                akey, azh, aen = AMOUNTS[k % len(AMOUNTS)]
                izh, ien = INVESTORS[k % len(INVESTORS)]
                m.update(round_zh=rzh, round_en=ren, amount_zh=azh[k % len(azh)], amount_en=aen[k % len(aen)],
                         inv_zh=izh, inv_en=ien)
                s.round, s.amount = rkey, akey
            if event in ("policy", "factory"):
                pzh, pen = PLACES[k % len(PLACES)]
                m.update(place_zh=pzh, place_en=pen)
                s.place = pen
            if event == "contract":
                m.update(cust_zh=CUSTOMERS[k % len(CUSTOMERS)][0], cust_en=CUSTOMERS[k % len(CUSTOMERS)][1])
            if event == "appointment":
                m.update(person_zh=PEOPLE[k % len(PEOPLE)][0], person_en=PEOPLE[k % len(PEOPLE)][1])
            if event == "export":
                m.update(country_zh=COUNTRIES[k % len(COUNTRIES)][0], country_en=COUNTRIES[k % len(COUNTRIES)][1])
            title, text = (_zh if lang == "zh" else _en)(event, k, m)
            if s.site and m["site_zh" if lang == "zh" else "site_en"] not in title + text:
                s.site = None  # a story is about what it says: this variant names no launch site
            if rnd.random() < 0.35:  # a background sentence on another theme
                other = rnd.choice([t for t in NOISE_ZH if t != event])
                text += (" " + NOISE_EN[other]) if lang == "en" else NOISE_ZH[other]
            s.title, s.text = title, text
            out.append(s)
            n += 1
    return out


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def build_corpus(path, seed: int = 17):
    """The corpus as an archive, enriched as `parallax run` enriches (gloss engine): returns the
    archive and {article id: Story}."""
    from store.archive import Archive
    from store.model import Article
    from translate.engines.gloss import GlossEngine
    from translate.enrich import enrich_pending
    from translate.registry import default_registry
    from translate.translator import Translator

    archive = Archive.open(path)
    by_id = {}
    for s in stories(seed):
        r = archive.upsert_article(Article(url=f"https://example.org/{s.source}/{s.key}", source=s.source,
                                           title=s.title, text=s.text, lang=s.lang, published=s.published))
        by_id[r.id] = s
    registry = default_registry()
    archive.sync_companies(registry.archive_rows())
    enrich_pending(archive, Translator(GlossEngine(registry), registry, archive))
    return archive, by_id


def relevant(query: dict, by_id: dict[int, Story]) -> set[int]:
    """Ids of the stories a labelled query asks for: every key of its `about` must hold (a list:
    any of its values)."""
    about = query["about"]
    out = set()
    for i, s in by_id.items():
        facts = s.about()
        if all(facts.get(k) in (v if isinstance(v, list) else [v]) for k, v in about.items()):
            out.add(i)
    return out


QUERIES_FILE = __import__("pathlib").Path(__file__).parent / "data" / "search" / "queries.yaml"
K = 20


def load_queries() -> list[dict]:
    import yaml

    return yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))


@dataclass
class Scored:
    query: dict
    retrieved: list[int]
    relevant: set[int]

    @property
    def hits(self) -> int:
        return len(self.relevant.intersection(self.retrieved))

    @property
    def recall(self) -> float:
        """Of the relevant stories a first page can hold (at most K), the share on it."""
        return self.hits / min(len(self.relevant), K)

    @property
    def precision(self) -> float:
        """Of the page shown, the share relevant; an empty page scores 0."""
        return self.hits / len(self.retrieved) if self.retrieved else 0.0


def score(archive, by_id: dict[int, Story], queries: list[dict], words: dict) -> list[Scored]:
    """Each labelled query searched as `parallax search` does (relevance order, K results)."""
    from store.search import search

    out = []
    for q in queries:
        rel = relevant(q, by_id)
        if not rel:
            raise ValueError(f"query {q['q']!r}: no story in the corpus is about {q['about']}")
        out.append(Scored(q, [r.id for r in search(archive, q["q"], limit=K, **words)], rel))
    return out


def summary(scored: list[Scored]) -> dict:
    n = len(scored)
    return {"queries": n, "recall": sum(s.recall for s in scored) / n,
            "precision": sum(s.precision for s in scored) / n,
            "empty": sum(1 for s in scored if not s.retrieved)}
