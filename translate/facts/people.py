"""People's names in Chinese news, found by what surrounds them: a title before (航天员, 创始人,
首席执行官 ...), a verb of saying after (表示, 透露 ...), or a list of names (叶光富、李聪、李广苏).
A name found once is a name wherever else it occurs in the text. Romanised surname first.
"""

from __future__ import annotations

import re
from typing import Iterator

from translate.facts.patterns import Candidate
from translate.facts.romanize import SURNAME_READINGS, person_name

# The commonest Chinese surnames (and compound ones): a name must start with one.
SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛"
    "邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝"
    "路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝区乐盖阚燕冼郇蔚"
    "朴逄亓芮禤佴靖郜雍郦郗糜冀尚隆铁钮闻勾訾阎瞿滑粟占战揭庹晁昌危荆鄢凤卿郁钭"
    "隗薄璩昝宓厍亢乜员种繁召竺禹蓟邰赖蔺屠胥莘贡扶宰郏濮扈茹宦庾暨匡阙夔鞠巢蒯逯"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "夏侯", "皇甫", "东方", "公孙", "慕容", "宇文", "司徒", "端木",
                     "长孙", "尉迟", "令狐", "呼延", "澹台", "万俟", "闾丘")
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + f"|[{SINGLE_SURNAMES}])"
_GIVEN = r"[\u4e00-\u9fff]{1,2}"

TITLES = (
    "航天员", "指令长", "创始人", "联合创始人", "首席执行官", "首席技术官", "首席科学家", "首席运营官", "首席财务官",
    "董事长", "副董事长", "总裁", "副总裁", "总经理", "副总经理", "总设计师", "副总设计师", "总指挥", "副总指挥",
    "院士", "教授", "研究员", "主任", "副主任", "部长", "副部长", "局长", "副局长", "书记", "市长", "省长",
    "发言人", "新闻发言人", "负责人", "合伙人", "执行董事", "董秘", "总工程师", "CEO", "CTO", "COO", "CFO",
    "工程师", "专家", "博士", "校长", "所长", "院长", "秘书长", "理事长", "会长", "主席", "厂长", "队长",
    "总监", "销售总监", "技术总监", "市场总监", "副总监", "总工", "首席架构师", "首席信息官", "记者", "分析师",
    "董事", "监事", "经理", "项目经理", "副省长", "副市长", "省委书记", "市委书记", "区长", "县长", "主任委员", "高级工程师", "研究员", "处长", "司长", "副司长", "主任设计师", "总师",
    "主持人", "航天英雄", "飞行员", "科学家", "战略官", "兼CEO", "兼总经理", "兼总裁",
    "董事会秘书", "组长", "副组长", "首席经济学家", "总经理助理", "董事长助理", "党委书记", "党委副书记", "副总师",
    "总经济师", "总会计师", "副总工程师", "创始合伙人", "管理合伙人", "执行总裁", "轮值总裁", "董事总经理", "副院长",
    "副所长", "副校长", "副研究员", "指挥长", "副指挥长", "站长", "型号总指挥", "型号总师",
)
VERBS = ("表示", "透露", "介绍", "指出", "认为", "坦言", "强调", "宣布", "说", "称", "回忆", "告诉", "提到",
         "此前", "曾任", "曾", "担任", "出任", "兼任", "带领", "率领", "等人", "等", "先生", "女士", "一行",
         "毕业", "接受", "出席", "致辞", "发表", "亲自", "解释", "预计", "希望", "相信", "坦承", "直言",
         "告诉记者", "对记者", "评价", "感慨", "分享")
# After a title the name is expected: these may follow it too (副总裁覃思远在发布会上), though after
# an untitled word they would read too much into 张江在 (a place) or 王府井也.
AFTER_TITLE_NEXT = ("在", "于", "向", "对", "现场", "也", "还", "则", "就", "的", "带队", "主持", "到场", "调研", "视察",
                    "作", "为", "任", "随同", "由此", "主讲", "领衔", "牵头", "到", "均", "共同", "分别", "一同")
_TITLE = "|".join(sorted(map(re.escape, TITLES), key=len, reverse=True))
_VERB = "|".join(sorted(map(re.escape, VERBS), key=len, reverse=True))

_NEXT = "|".join(sorted(map(re.escape, VERBS + AFTER_TITLE_NEXT), key=len, reverse=True))
AFTER_TITLE = re.compile(rf"(?:{_TITLE})(?P<name>{_SURNAME}{_GIVEN}?)(?=[、，,和与及]|{_NEXT}|$|[。；\s])")
BEFORE_VERB = re.compile(rf"(?:^|(?<=[，。；：！？、\s“”\"]))(?P<name>{_SURNAME}{_GIVEN})(?={_VERB}|、|任指令长|由此|随同|于\d)")
# 聘任尉迟海涛为总经理, 任命…为, 成员包括亓峰、芮晓光: a name after a verb of appointing or a list's opening
APPOINTED = re.compile(rf"(?:聘任|任命|聘请|推选|选举|增补|包括)(?P<name>{_SURNAME}{_GIVEN})(?=为|担任|、|和|及|等|$|[，。；])")
LISTED = re.compile(rf"(?P<name>{_SURNAME}{_GIVEN})(?=、{_SURNAME})")
# The last name of a list runs to two given characters unless the second one starts what follows.
_NOT_GIVEN = set("顺在于将已也均等和与及表称说的是为乘进出执共分成搭任曾此担率带一二三四五六七八九十名位人")
LIST_TAIL = re.compile(rf"(?<=[、和及])(?P<s>{_SURNAME})(?P<g>[\u4e00-\u9fff]{{1,2}})")
# Words that start with a surname character but are not names in this sector's news.
NOT_NAMES = frozenset("""
高通 高分 高校 高层 高管 高速 高度 高效 高端 马上 马斯克 万元 万亿 万名 方面 方式 方案 方向 成功 成为 成本 成立 成员 白皮书
金额 金融 石油 常规 时间 时代 明年 明天 明确 文昌 江苏 海南 安全 安排 和平 华为 华东 华北 华南 华中 华西 武汉 长沙 长春
长征 长期 黄河 黄海 林业 林区 龙头 龙江 曾经 曾任 单位 单次 单星 单颗 全球 全国 全面 全部 全年 全新 全程 应用 应该 宁夏 宁波
关键 关于 管理 于是 于此 周期 周年 程序 苏州 包括 何时 向日 任务 任何 任职 党委 宫殿 商业 车辆 司机 东方 谷神 天兵 星河
连续 项目 简称 边境 段时 季度 景区 甘肃 吉林 柯尔 米兰 鲁班 雷达 毛利 孔径 欧洲 欧盟 欧空 易于 齐全 席卷 申请 齐鲁 牛顿
""".split())


# Titles by their last character: a name can't start with the character that ends a title before it
# (航天员张陆: 员 closes 航天员, it is not the surname 员 of 员佳宁).
_TITLE_ENDS: dict[str, tuple[str, ...]] = {}
for _t in TITLES:
    _TITLE_ENDS[_t[-1]] = (*_TITLE_ENDS.get(_t[-1], ()), _t)


def _inside_title(text: str, start: int) -> bool:
    return any(text.endswith(t, 0, start + 1) for t in _TITLE_ENDS.get(text[start], ()) if len(t) > 1)


_STARTS_WITH_TITLE = re.compile(f"(?:{_TITLE})")


def _ok(name: str) -> bool:
    # 区长禤建军: 区 could be the surname Ou, but 区长 is a title, and the name comes after it
    return (len(name) >= 2 and name not in NOT_NAMES and name[:2] not in NOT_NAMES
            and not _STARTS_WITH_TITLE.match(name))


def _split(name: str) -> tuple[str, str]:
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound, name[len(compound):]
    return name[0], name[1:]


def people(text: str) -> Iterator[Candidate]:
    found: dict[str, None] = {}
    for rx in (AFTER_TITLE, BEFORE_VERB, LISTED, APPOINTED):
        for m in rx.finditer(text):
            name = m["name"]
            if _inside_title(text, m.start("name")):
                continue
            titled = rx in (AFTER_TITLE, APPOINTED) and name[:2] in COMPOUND_SURNAMES and len(name) >= 3
            if name and (_ok(name) or titled):
                found.setdefault(name, None)
    listed = set(found)
    for m in LIST_TAIL.finditer(text):
        previous = text[:m.start() - 1]
        if not any(previous.endswith(n) for n in listed):
            continue
        given = m["g"]
        if len(given) == 2 and given[1] in _NOT_GIVEN:
            given = given[0]
        name = m["s"] + given
        if _ok(name):
            found.setdefault(name, None)
            listed.add(name)
    for name in found:
        surname, given = _split(name)
        if not given:
            continue
        en = person_name(surname, given)
        for m in re.finditer(re.escape(name), text):
            yield Candidate(m.start(), m.end(), "person", en, 2)


__all__ = ["SURNAME_READINGS", "people"]
