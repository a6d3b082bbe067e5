"""The fact layer (translate.facts): every kind found in Chinese text and rendered as English news
writes it. Sentences written for these tests, in the style of trade press, releases and WeChat posts."""

from decimal import Decimal

import pytest

from translate.facts import find_facts
from translate.facts.catalog import fixed_names, gazetteer, vehicle
from translate.facts.numerals import english_number, ordinal, parse_number
from translate.facts.romanize import person_name, place_name


def facts(text: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.zh, f.en) for f in find_facts(text)]


@pytest.mark.parametrize("zh, value, english", [
    ("十亿", Decimal(10**9), "1 billion"),
    ("100亿", Decimal(10**10), "10 billion"),
    ("1.5亿", Decimal(150_000_000), "150 million"),
    ("6万", Decimal(60_000), "60,000"),
    ("2.8万", Decimal(28_000), "28,000"),
    ("3.2万亿", Decimal("3.2e12"), "3.2 trillion"),
    ("十三亿五千万", Decimal(1_350_000_000), "1.35 billion"),
    ("一百五十亿", Decimal(15_000_000_000), "15 billion"),
    ("两", Decimal(2), "2"),
    ("二〇二七", Decimal(2027), "2,027"),
    ("1,935.3", Decimal("1935.3"), "1,935.3"),
])
def test_numbers_in_every_form_with_the_right_magnitude(zh, value, english):
    assert parse_number(zh) == value
    assert english_number(value, magnitude="万" in zh or "亿" in zh or value >= 10**6) == english


def test_ordinals_and_bad_numbers():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 512)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "512th"]
    assert ordinal(3, words=True) == "third"
    assert parse_number("") is None and parse_number("火箭") is None


def test_money_currencies_qualifiers_ranges():
    assert facts("星河动力完成新一轮融资，融资金额超过十亿元人民币，投后估值约120亿元。") == [
        ("round", "新一轮", "new round"),
        ("money", "超过十亿元人民币", "more than 1 billion yuan"),
        ("money", "约120亿元", "about 12 billion yuan"),
    ]
    assert facts("获得1200万美元A+轮融资，另有3000余万欧元订单。") == [
        ("money", "1200万美元", "12 million US dollars"), ("round", "A+轮", "Series A+"),
        ("money", "3000余万欧元", "over 30 million euros"),
    ]
    assert facts("单笔投资规模在2亿至3亿元之间，部分项目达数亿元。") == [
        ("money", "2亿至3亿元之间", "200 million to 300 million yuan"),
        ("money", "达数亿元", "several hundred million yuan"),
    ]
    assert facts("募资十三亿五千万元，发行价为每股18.5港元。") == [
        ("money", "十三亿五千万元", "1.35 billion yuan"), ("money", "每股18.5港元", "18.5 Hong Kong dollars per share"),
    ]


def test_units_percentages_and_classes():
    assert facts("整箭全长48米，起飞质量约620吨，近地轨道运力不低于16吨。") == [
        ("quantity", "48米", "48 m"), ("quantity", "约620吨", "about 620 t"), ("place", "近地轨道", "low Earth orbit"),
        ("quantity", "不低于16吨", "at least 16 t"),
    ]
    assert facts("新厂房占地3.6万平方米，储罐容积120立方米，芯片采用7纳米工艺。") == [
        ("quantity", "3.6万平方米", "36,000 m²"), ("quantity", "120立方米", "120 m³"), ("quantity", "7纳米", "7 nm"),
    ]
    assert facts("百吨级液氧甲烷发动机推力达到110吨，轨道高度500公里。") == [
        ("quantity", "百吨级", "100-tonne-class"), ("quantity", "达到110吨", "110 t"), ("quantity", "500公里", "500 km"),
    ]
    assert facts("80吨级发动机；毛利率提升至百分之四十一，同比增长12.5%，提高3个百分点，六成订单") == [
        ("quantity", "80吨级", "80-tonne-class"), ("percent", "百分之四十一", "41%"), ("percent", "12.5%", "12.5%"),
        ("percent", "3个百分点", "3 percentage points"), ("percent", "六成", "60%"),
    ]


def test_dates_and_times():
    assert facts("北京时间2027年3月15日上午10时30分，火箭在海上点火。") == [
        ("time", "北京时间", "Beijing time"), ("date", "2027年3月15日", "March 15, 2027"),
        ("time", "上午10时30分", "10:30"),
    ]
    assert facts("发射定于9月24日凌晨1时40分，总装将于10月底完成。") == [
        ("date", "9月24日", "September 24"), ("time", "凌晨1时40分", "01:40"), ("date", "10月底", "late October"),
    ]
    assert facts("公司成立于2019年8月份，二〇二七年前完成首飞，下午3时30分直播。") == [
        ("date", "2019年8月份", "August 2019"), ("date", "二〇二七年前", "before 2027"),
        ("ordinal", "首飞", "maiden flight"), ("time", "下午3时30分", "15:30"),
    ]
    assert facts("12月中旬，今年以来，明年上半年") == [
        ("date", "12月中旬", "mid-December"), ("date", "今年以来", "so far this year"),
        ("date", "明年上半年", "first half of next year"),
    ]


def test_ordinals_counts_and_measure_words():
    assert facts("这是该型火箭第九次发射，也是第四批次任务。") == [
        ("ordinal", "第九次", "9th"), ("ordinal", "第四批", "fourth batch")]
    assert facts("第三批卫星，第十三届航展，一箭九星，18颗卫星，6名航天员，两家企业") == [
        ("ordinal", "第三批", "third batch"), ("ordinal", "第十三届", "13th"), ("count", "一箭九星", "nine satellites"),
        ("count", "18颗卫星", "18 satellites"), ("count", "6名航天员", "6 astronauts"), ("count", "两家企业", "2 companies"),
    ]
    assert facts("十几颗卫星，三十多家企业，上百家供应商") == [
        ("count", "十几颗卫星", "over 10 satellites"), ("count", "三十多家企业", "over 30 companies"),
        ("count", "上百家", "over 100 companies"),
    ]


def test_designations_vehicles_and_programmes():
    assert facts("快舟一号甲遥二十三运载火箭、长征三号乙遥九十、神舟二十号、天舟八号、长征六号改") == [
        ("vehicle", "快舟一号甲", "Kuaizhou-1A"), ("designation", "遥二十三", "Y23"),
        ("vehicle", "长征三号乙", "Long March 3B"), ("designation", "遥九十", "Y90"),
        ("vehicle", "神舟二十号", "Shenzhou-20"), ("vehicle", "天舟八号", "Tianzhou-8"),
        ("vehicle", "长征六号改", "Long March 6A"),
    ]
    assert facts("天宫一号、长五B、长征二号F、嫦娥七号、天问二号") == [
        ("vehicle", "天宫一号", "Tiangong-1"), ("vehicle", "长五B", "Long March 5B"),
        ("vehicle", "长征二号F", "Long March 2F"), ("vehicle", "嫦娥七号", "Chang'e-7"),
        ("vehicle", "天问二号", "Tianwen-2"),
    ]


def test_headline_short_forms_only_where_they_stand_for_the_vehicle():
    assert facts("长七发射成功") == [("vehicle", "长七", "Long March 7")]
    # 增长五倍 (grew fivefold), 全长七十米: the characters of 长五/长七 inside ordinary words
    assert ("vehicle", "长五", "Long March 5") not in facts("营收增长五倍")
    assert not [f for f in facts("箭体全长七十米") if f[0] == "vehicle"]


def test_vehicles_know_their_owner():
    assert vehicle("长征五号B").en == "Long March 5B" and vehicle("长征五号B").owner == "calt"
    assert vehicle("长七").owner == "calt"
    assert vehicle("朱雀三号").owner == "landspace"
    assert vehicle("天宫空间站") is None or vehicle("天宫空间站").kind == "vehicle"
    assert vehicle("蓝箭航天") is None


def test_places_from_the_gazetteer_with_context():
    assert facts("天兵科技在江苏张家港完成总装。") == [("place", "江苏张家港", "Zhangjiagang, Jiangsu")]
    got = facts("东方空间在广州南沙建设火箭产业基地。")
    assert got == [("place", "广州南沙", "Nansha, Guangzhou")]
    assert "Islands" not in got[0][2]  # the district, never the Spratlys
    assert facts("在文昌发射") == [("place", "文昌", "Wenchang")]
    assert facts("西安和太原") == [("place", "西安", "Xi'an"), ("place", "太原", "Taiyuan")]
    # district names alone are words: 南部 (southern part), 平原 (plain)
    assert facts("着陆区位于平原南部") == []
    assert facts("陕西西安") == [("place", "陕西西安", "Xi'an, Shaanxi")]
    assert facts("山西太原") == [("place", "山西太原", "Taiyuan, Shanxi")]


def test_gazetteer_readings_and_autonomous_areas():
    assert place_name("长治") == "Changzhi" and place_name("花都") == "Huadu" and place_name("闵行") == "Minhang"
    assert place_name("乐清") == "Yueqing" and place_name("西安") == "Xi'an"
    g = gazetteer()
    assert g["海南"].level == "province"  # not 海南区 of Wuhai
    assert g["黔东南苗族侗族自治州"].en == "Qiandongnan Miao Dong Autonomous Prefecture"
    assert fixed_names()["上海临港"].en == "Lingang, Shanghai"


def test_people_and_organisations():
    assert facts("航天员汤洪波、唐胜杰、江新林顺利出舱。") == [
        ("person", "汤洪波", "Tang Hongbo"), ("person", "唐胜杰", "Tang Shengjie"), ("person", "江新林", "Jiang Xinlin"),
    ]
    assert person_name("欧阳", "晓峰") == "Ouyang Xiaofeng" and person_name("单", "宏") == "Shan Hong"
    assert facts("高通与国家开发银行签约，国开行提供授信。") == [
        ("org", "高通", "Qualcomm"), ("org", "国家开发银行", "China Development Bank"),
        ("org", "国开行", "China Development Bank"),
    ]
    # 中国银行业 is the banking industry, not the Bank of China
    assert not [f for f in facts("中国银行业协会") if f[2] == "Bank of China"]


def test_offsets_point_at_the_fact_as_written():
    text = "据悉，该公司将于11月底前交付第三批共12颗卫星。"
    for f in find_facts(text):
        assert text[f.start:f.end] == f.zh
    assert find_facts("") == [] and find_facts("Plain English only.") == []


def test_second_round_forms():
    assert facts("合同金额约2.6亿澳元，另有800万元至1200万元的配套订单。") == [
        ("money", "约2.6亿澳元", "about 260 million Australian dollars"),
        ("money", "800万元至1200万元", "8 million to 12 million yuan"),
    ]
    assert facts("单套设备价格已降至500万元以内，早期动辄上亿元。") == [
        ("money", "500万元以内", "within 5 million yuan"), ("money", "上亿元", "more than 100 million yuan"),
    ]
    assert facts("发射窗口为9时到11时，火箭将于当晚9时许点火。") == [
        ("time", "9时到11时", "09:00 to 11:00"), ("time", "9时许", "around 21:00"),
    ]
    assert facts("持续工作12小时") == [("quantity", "12小时", "12 hours")]  # 小时 is a duration, never a clock time
    assert facts("较去年同期增长两成，近日完成交付，今年前五个月累计签约，预计10月投产") == [
        ("date", "去年同期", "same period last year"), ("percent", "两成", "20%"), ("date", "近日", "recently"),
        ("date", "今年前五个月", "first five months of this year"), ("date", "10月", "October"),
    ]
    assert facts("芯片寿命可达500万年？项目用地约八十亩，计划两年内建成") == [
        ("quantity", "达500万年", "5 million years"), ("quantity", "约八十亩", "about 80 mu"),
        ("quantity", "两年内", "within 2 years"),
    ]


def test_three_level_places_and_counted_nouns():
    assert facts("项目落户四川绵阳游仙，另在广东深圳南山设研发中心。") == [
        ("place", "四川绵阳游仙", "Youxian, Mianyang, Sichuan"), ("place", "广东深圳南山", "Nanshan, Shenzhen, Guangdong"),
    ]
    # 条 counts lines: the satellites named first in 卫星总装生产线 are not what is counted
    assert facts("新建2条卫星总装生产线和6台国际载荷") == [
        ("count", "2条卫星总装生产线", "2 satellite assembly lines"), ("count", "6台国际载荷", "6 international payloads"),
    ]
    assert facts("用户规模突破800万，千万不要错过") == [("number", "突破800万", "more than 8 million")]


def test_the_registry_answers_for_vehicles_as_for_products():
    from translate.registry import default_registry

    reg = default_registry()
    m = reg.match("长征五号B")
    assert (m.company.id, m.how) == ("calt", "exact")  # a registry product alias
    assert [(n, reg.match(n).company.id, reg.match(n).how) for n in ("天舟八号", "Tianzhou-8", "長征十二號", "Zhuque-3")] == [
        ("天舟八号", "cast", "vehicle"), ("Tianzhou-8", "cast", "vehicle"), ("長征十二號", "sast", "exact"),
        ("Zhuque-3", "landspace", "exact")]
    assert reg.vehicle_owner("Falcon 9") is None  # a vehicle, but its maker is not in the registry
    assert ("朱雀二号改进型", "Zhuque-2E", "rocket") in reg.vehicles_of("landspace")


def test_zones_in_one_place_take_it_as_a_possessive():
    # the city stays beside its province ("Hubei's Xiangyang"); deeper chains list the places after it
    assert facts("湖北鄂州高新区与一家卫星企业签约。") == [("place", "湖北鄂州高新区", "Hubei's Ezhou High-tech Zone")]
    assert facts("项目落户江苏常州经开区。") == [("place", "江苏常州经开区", "Jiangsu's Changzhou Economic Development Zone")]
    assert facts("吉林长春净月高新区") == [("place", "吉林长春净月高新区", "Jingyue High-tech Zone, Changchun, Jilin")]
    assert facts("福建厦门台商投资区新建工厂") == [("place", "福建厦门台商投资区", "Fujian's Xiamen Taiwanese Investment Zone")]


def test_places_abroad_with_their_state_or_country():
    assert facts("火箭从美国佛罗里达州卡纳维拉尔角升空。") == [
        ("place", "美国佛罗里达州卡纳维拉尔角", "Cape Canaveral, Florida, United States")]
    assert facts("在哈萨克斯坦拜科努尔航天发射场升空，另在墨西哥蒙特雷建厂") == [
        ("place", "哈萨克斯坦拜科努尔航天发射场", "Baikonur Cosmodrome, Kazakhstan"),
        ("place", "墨西哥蒙特雷", "Monterrey, Mexico")]
    assert facts("全罗南道高兴郡罗老宇航中心") == [
        ("place", "全罗南道高兴郡罗老宇航中心", "Naro Space Center, Goheung, South Jeolla")]
    assert facts("黄河流域和川滇地区，月球危海，日心轨道") == [
        ("place", "黄河流域", "Yellow River basin"), ("place", "川滇地区", "Sichuan and Yunnan"),
        ("place", "月球", "Moon"), ("place", "危海", "Mare Crisium"), ("place", "日心轨道", "heliocentric orbit")]


def test_organisations_indices_and_foreign_people_from_the_data():
    assert facts("五源资本领投，东方证券认为，恒生科技指数走高") == [
        ("org", "五源资本", "5Y Capital"), ("org", "东方证券", "Orient Securities"),
        ("org", "恒生科技指数", "Hang Seng Tech Index")]
    assert facts("拟在香港联交所上市，获卡塔尔投资局注资") == [
        ("org", "香港联交所", "Hong Kong Stock Exchange"), ("org", "卡塔尔投资局", "Qatar Investment Authority")]
    assert facts("首席执行官托里·布鲁诺表示，贝索斯与埃隆·马斯克") == [
        ("person", "托里·布鲁诺", "Tory Bruno"), ("person", "贝索斯", "Jeff Bezos"), ("person", "埃隆·马斯克", "Elon Musk")]
    # 高通量卫星 is a high-throughput satellite, not Qualcomm's
    assert not [f for f in facts("首颗高通量卫星") if f[0] == "org"]


def test_foreign_vehicles_and_descriptive_satellite_names():
    assert facts("火神半人马座火箭与安加拉-A5、努里号") == [
        ("vehicle", "火神半人马座火箭", "Vulcan Centaur"), ("vehicle", "安加拉-A5", "Angara-A5"), ("vehicle", "努里号", "Nuri")]
    assert facts("陆地生态系统碳监测卫星“句芒号”") == [
        ("vehicle", "陆地生态系统碳监测卫星", "Terrestrial Ecosystem Carbon Inventory Satellite"),
        ("vehicle", "句芒号", "Goumang")]
    assert facts("风云气象卫星数据") == [("vehicle", "风云气象卫星", "Fengyun meteorological satellites")]


def test_rare_surnames_after_titles():
    assert facts("副总裁隗志平均表示") == [("person", "隗志平", "Wei Zhiping")]
    assert facts("市委书记薄海东和市长昝立共同揭牌") == [
        ("person", "薄海东", "Bo Haidong"), ("person", "昝立", "Zan Li")]
    assert facts("首席科学家卜建华到场，教授乜明远认为") == [
        ("person", "卜建华", "Bu Jianhua"), ("person", "乜明远", "Nie Mingyuan")]
    assert facts("由厍晓东、璩明、宓海燕组成") == [
        ("person", "厍晓东", "She Xiaodong"), ("person", "璩明", "Qu Ming"), ("person", "宓海燕", "Mi Haiyan")]
    # 员 closes the title 航天员: it is not the surname of 员佳宁
    assert facts("航天员王亚、刘洋出舱") == [("person", "王亚", "Wang Ya"), ("person", "刘洋", "Liu Yang")]
    assert facts("董事会秘书员立新介绍") == [("person", "员立新", "Yun Lixin")]


def test_fifth_round_numbers_units_dates_and_ordinals():
    assert facts("减重约一成五，可在40%～105%推力范围内调节") == [
        ("percent", "约一成五", "about 15%"), ("percent", "40%～105%", "40% to 105%")]
    assert facts("推力为50毫牛，精度达15纳秒，速率每秒40吉比特，超百Gbps") == [
        ("quantity", "50毫牛", "50 mN"), ("quantity", "达15纳秒", "15 ns"), ("quantity", "每秒40吉比特", "40 Gbps"),
        ("quantity", "超百Gbps", "more than 100 Gbps")]
    assert facts("定于周六晚8时发射，当晚9时许点火") == [
        ("date", "周六", "Saturday"), ("time", "晚8时", "20:00"), ("time", "9时许", "around 21:00")]
    assert facts("合同期限三年，较去年同期增长") == [
        ("quantity", "三年", "3 years"), ("date", "去年同期", "same period last year")]
    assert facts("今日霜降｜9月第三周，年中盘点") == [
        ("date", "今日", "today"), ("date", "霜降", "Frost's Descent"), ("date", "9月第三周", "third week of September"),
        ("date", "年中", "mid-year")]
    assert facts("下起大雪") == []  # 大雪 is heavy snow unless it names the day
    assert facts("第二轨道面，连续第5年，二级发动机") == [
        ("ordinal", "第二轨道面", "second orbital plane"), ("ordinal", "连续第5年", "5th consecutive year"),
        ("ordinal", "二级", "second stage")]
    assert facts("春节前后") == [("date", "春节前后", "around the Spring Festival")]


def test_counts_with_qualifiers_after_regions_shares_and_named_models():
    assert facts("计划交付300套以上，年出货量2000台左右，累计载人飞行8次以上") == [
        ("count", "300套以上", "more than 300 sets"), ("count", "2000台左右", "about 2,000 units"),
        ("count", "载人飞行8次以上", "more than 8 crewed flights")]
    assert facts("覆盖海湾4国和中亚五国，每10股派息") == [
        ("count", "海湾4国", "4 Gulf countries"), ("count", "中亚五国", "5 Central Asian countries"),
        ("count", "每10股", "per 10 shares")]
    assert facts("一子级配备7台天鹊-12A发动机，二子级采用2台天火十二发动机") == [
        ("ordinal", "一子级", "first stage"), ("count", "7台天鹊-12A发动机", "7 Tianque-12A engines"),
        ("ordinal", "二子级", "second stage"), ("count", "2台天火十二发动机", "2 TH-12 engines")]
    assert facts("全年超过60发！七机并联试车，300架无人机，两次海上发射") == [
        ("count", "超过60发", "more than 60 launches"), ("count", "七机", "7 engines"),
        ("count", "300架无人机", "300 drones"), ("count", "两次海上发射", "2 sea launches")]
    assert facts("年接待游客30万人次，直播观看5万人次") == [
        ("count", "30万人次", "300,000 visits"), ("count", "5万人次", "50,000 views")]
    # 订单 are not counted in 台: the units are what the order holds
    assert facts("首批订单约2万台") == [("ordinal", "首批", "first batch"), ("count", "约2万台", "about 20,000 units")]
    # B2轮 is a round, 两轮融资 two of them; 三地形成 three places
    assert facts("完成B2轮融资，先后完成两轮融资，在三地形成集群") == [
        ("round", "B2轮", "Series B2"), ("count", "两轮", "2 rounds"), ("count", "三地", "3 places")]
    assert facts("日均处理影像近千景，出货突破1亿片") == [
        ("count", "近千景", "nearly 1,000 scenes"), ("count", "突破1亿片", "more than 100 million units")]


def test_powers_chapters_and_designated_foreign_vehicles():
    assert facts("误码率低于十的负九次方，依据第18A章") == [
        ("number", "十的负九次方", "10^-9"), ("number", "第18A章", "Chapter 18A")]
    assert facts("进步MS-29货运飞船与哨兵-2C卫星，联盟国家") == [
        ("vehicle", "进步MS-29", "Progress MS-29"), ("vehicle", "哨兵-2C", "Sentinel-2C")]


def test_pairs_with_china_hong_kong_listings_nested_zones_and_launch_sites():
    # 巴 is Pakistan beside 巴基斯坦 and Brazil beside 巴西; unsettled, it is left alone
    assert facts("巴基斯坦卫星发射成功，中巴两国再添成果") == [
        ("place", "巴基斯坦", "Pakistan"), ("place", "中巴两国", "China and Pakistan")]
    assert facts("巴西遥感卫星，中巴双方") == [("place", "巴西", "Brazil"), ("place", "中巴双方", "China and Brazil")]
    assert not [f for f in facts("中巴两国") if f[0] == "place"] and facts("其中以色列") == [("place", "以色列", "Israel")]
    assert facts("中法两国") == [("place", "中法两国", "China and France")]
    assert facts("公司计划赴港上市") == [("place", "港", "Hong Kong")]
    assert facts("陕西西咸新区沣东新城") == [("place", "陕西西咸新区沣东新城", "Fengdong New City, Shaanxi's Xixian New Area")]
    assert facts("在2号发射场执行任务，依托兴城建设基地") == [
        ("place", "2号发射场", "Launch Site 2"), ("place", "兴城", "Xingcheng")]


def test_count_ranges_doing_verbs_up_to_and_parents_by_another_name():
    assert facts("年发射量在800颗至1200颗卫星之间，计划发射6至8次") == [
        ("count", "800颗至1200颗卫星", "800 to 1,200 satellites"), ("count", "发射6至8次", "6 to 8 launches")]
    assert facts("今年将至少执行18次试飞") == [("date", "今年", "this year"), ("count", "至少执行18次试飞", "at least 18 test flights")]
    assert facts("单次工作最长达900秒") == [("quantity", "最长达900秒", "up to 900 seconds")]
    # 沙特 is 沙特阿拉伯, the country Riyadh lies in
    assert facts("在沙特利雅得设立总部，拟在新交所上市") == [
        ("place", "沙特利雅得", "Riyadh, Saudi Arabia"), ("org", "新交所", "Singapore Exchange")]


def test_quantity_ranges_more_titles_cities_abroad_and_basins():
    assert facts("研制周期12至18个月，厂房2-3万平方米，计划3—5年内量产") == [
        ("quantity", "12至18个月", "12 to 18 months"), ("quantity", "2-3万平方米", "20,000 to 30,000 m²"),
        ("quantity", "3—5年内", "within 3 to 5 years")]
    assert facts("总经理助理芮敏出席，党委书记冼国栋致辞") == [
        ("person", "芮敏", "Rui Min"), ("person", "冼国栋", "Xian Guodong")]
    assert facts("在德国慕尼黑和越南胡志明市设厂，罗马尼亚") == [
        ("place", "德国慕尼黑", "Munich, Germany"), ("place", "越南胡志明市", "Ho Chi Minh City, Vietnam"),
        ("place", "罗马尼亚", "Romania")]
    assert facts("新疆巴音郭楞蒙古自治州，塔里木河流域") == [
        ("place", "新疆巴音郭楞蒙古自治州", "Bayingolin Mongol Autonomous Prefecture, Xinjiang"),
        ("place", "塔里木河流域", "Tarim River basin")]
    assert facts("营收环比增长近一倍，开展3次出舱活动") == [
        ("number", "近一倍", "nearly doubled"), ("count", "3次出舱活动", "3 spacewalks")]


def test_a_zone_suffix_never_renames_a_place_of_its_own_nor_swallows_a_joiner():
    # 东方航天港 is Oriental Spaceport (in Haiyang), not "Dongfanghangtian Port"
    assert facts("山东烟台海阳市东方航天港已累计保障海上发射20次。") == [
        ("place", "山东烟台海阳市东方航天港", "Oriental Spaceport, Haiyang, Yantai, Shandong"),
        ("count", "发射20次", "20 launches")]
    assert facts("陕西西安高新区与西咸新区沣西新城") == [
        ("place", "陕西西安高新区", "Shaanxi's Xi'an High-tech Zone"),
        ("place", "西咸新区沣西新城", "Xixian New Area's Fengxi New City")]


def test_groups_of_a_launch_cubesats_and_tiantong():
    assert facts("完成第十五组、第三组发射，约12颗立方星，支持天通卫星通话") == [
        ("ordinal", "第十五组", "15th group"), ("ordinal", "第三组", "third group"),
        ("count", "约12颗立方星", "about 12 CubeSats"), ("vehicle", "天通卫星", "Tiantong satellites")]


def test_households_and_users_counted_in_hu():
    assert facts("用户规模将达到3000万户，覆盖农村2万户家庭") == [
        ("count", "用户规模将达到3000万户", "30 million users"), ("count", "2万户", "20,000 households")]


def test_a_title_in_a_list_of_names_is_not_a_surname():
    # 区 is also the surname Ou, yet 区长 is the title before 禤建军
    assert facts("副市长阚立新、区长禤建军一同考察") == [
        ("person", "阚立新", "Kan Lixin"), ("person", "禤建军", "Xuan Jianjun")]


def test_fa_counts_rockets_where_they_are_made_and_tjs_satellites():
    assert facts("年产20发，全年超过100发，交付30发固体火箭") == [
        ("count", "20发", "20 rockets"), ("count", "超过100发", "more than 100 launches"),
        ("count", "30发固体火箭", "30 solid-fuel rockets")]
    assert facts("共发生79起融资事件，成功发射通信技术试验卫星二十号") == [
        ("count", "79起融资事件", "79 financing deals"), ("vehicle", "通信技术试验卫星二十号", "TJS-20")]


def test_more_foreign_spacecraft_from_the_data():
    assert facts("月球门户与帕克太阳探测器、质子号火箭、星际客机") == [
        ("vehicle", "月球门户", "Lunar Gateway"), ("vehicle", "帕克太阳探测器", "Parker Solar Probe"),
        ("vehicle", "质子号火箭", "Proton"), ("vehicle", "星际客机", "Starliner")]


def test_launch_tallies_after_their_noun_and_the_years_first_launch():
    assert facts("今年发射次数有望提升至12次左右") == [("date", "今年", "this year"), ("count", "12次左右", "about 12 launches")]
    assert facts("新年第一发！2027年首发定于3月") == [
        ("ordinal", "新年第一发", "first launch of the new year"), ("ordinal", "2027年首发", "first launch of 2027"),
        ("date", "3月", "March")]


def test_launches_in_a_row_and_top_n_lists():
    assert facts("三连发！入选企业50强和百强榜，加强合作") == [
        ("count", "三连发", "3 launches in a row"), ("number", "50强", "top 50"), ("number", "百强", "top 100")]


def test_vague_amounts_never_lose_their_vagueness():
    # 数千万美元 is tens of millions, never "10 million"; the amount after it keeps its own fact
    assert facts("融资金额在数千万美元至1亿美元之间，另有几百万元") == [
        ("money", "数千万美元", "tens of millions of US dollars"), ("money", "1亿美元之间", "100 million US dollars"),
        ("money", "几百万元", "several million yuan")]


def test_ordinal_pairs_with_units_top_ranks_prizes_and_computing_speed():
    assert facts("北斗第45颗、46颗卫星") == [("vehicle", "北斗", "BeiDou"), ("ordinal", "第45颗、46颗", "45th and 46th")]
    assert facts("进入前五，获得二等奖，算力达每秒300万亿次") == [
        ("ordinal", "前五", "top 5"), ("ordinal", "二等奖", "second prize"),
        ("quantity", "每秒300万亿次", "300 trillion operations per second")]
    # 前三季度, 提前三天, 目前三家: not ranks
    assert not [f for f in facts("前三季度提前三天完成，目前三家企业") if f[2].startswith("top")]


def test_milan_is_never_metres_and_macao_science_1():
    assert facts("澳门科学一号模型在米兰展出，长3米兰花") == [
        ("vehicle", "澳门科学一号", "Macao Science-1"), ("place", "米兰", "Milan"), ("quantity", "3米", "3 m")]


def test_fixed_names_are_found_leftmost_longest_and_never_run_into_a_latin_word():
    from translate.facts.catalog import _name_spans, fixed_names

    table = fixed_names()
    assert list(_name_spans("在广州南沙建设", table)) == [(1, 3, "广州"), (3, 5, "南沙")]
    assert list(_name_spans("朱雀二号改进型火箭", table))[0] == (0, 7, "朱雀二号改进型")
    assert list(_name_spans("天鹊-12发动机", table)) == [(0, 5, "天鹊-12")]
    # 天鹊-12A is another engine: the name 天鹊-12 does not end inside it, the brand 天鹊 still stands
    assert list(_name_spans("天鹊-12A发动机", table)) == [(0, 2, "天鹊")]
