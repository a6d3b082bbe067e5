"""Pure extraction helpers on stored pages: encodings, main text, metadata, dates, language."""

from pathlib import Path

import pytest

from spiders.dates import parse_date
from spiders.decode import declared_encodings, decode_bytes
from spiders.extract import clean_author, extract_article, html_fragment_text
from spiders.lang import detect_lang

PAGES = Path(__file__).parent / "data" / "spiders" / "pages"


def page(name: str, content_type: str | None = None):
    text, enc = decode_bytes((PAGES / name).read_bytes(), content_type)
    return text, enc, extract_article(text, "https://example.com/a?utm_source=x")


def test_36kr_main_text_drops_navigation_ads_sidebar_and_footer():
    _, enc, a = page("36kr_article.html")
    assert enc == "utf-8"
    assert a.title == "蓝箭航天完成新一轮融资，朱雀二号改进型年内首飞"
    assert a.author == "王晓"
    assert a.published == "2020-11-03T14:29:00+00:00"
    assert a.canonical_url == "https://36kr.com/p/2971234567890123"
    paras = a.text.split("\n\n")
    assert len(paras) == 3
    assert paras[0].startswith("36氪获悉，民营运载火箭企业蓝箭航天近日完成新一轮融资")
    assert paras[2].endswith("这标志着中国商业航天进入新的发展阶段。")
    for junk in ("首页", "限时优惠", "24小时热榜", "京ICP备", "某手机品牌"):
        assert junk not in a.text


@pytest.mark.parametrize("name", ["sina_gb2312_article.html", "gbk_undeclared_article.html"])
def test_gbk_pages_decode_with_or_without_declaration(name):
    text, enc, a = page(name)
    assert enc == "gb18030"
    assert a.title == "零壹空间完成OS-X1火箭飞行试验"
    assert a.published == "2018-09-18T06:38:00+00:00"  # 14:38 in Beijing
    assert a.text.startswith("新浪科技讯 9月18日下午消息，民营火箭公司零壹空间今日在西北某基地完成OS-X1火箭的飞行试验")
    assert "\ufffd" not in text


def test_big5_page_decodes_and_keeps_traditional_characters():
    _, enc, a = page("big5_article.html")
    assert enc == "cp950"
    assert a.title == "藍箭航天朱雀二號成功入軌 中國民營火箭首次"
    assert a.published == "2023-07-12T01:00:00+00:00"
    assert a.text.split("\n\n")[1] == "這是中國民營航天企業的液體火箭首次成功進入軌道。業界認為，此次成功將推動商業航天產業的發展。"


def test_lying_gb2312_declaration_over_utf8_bytes():
    raw = (PAGES / "lying_gb2312_utf8_article.html").read_bytes()
    assert declared_encodings(raw) == ["gb18030"]
    _, enc, a = page("lying_gb2312_utf8_article.html", "text/html; charset=GB2312")
    assert enc == "utf-8"
    assert a.title == "航天动力拟定增募资用于火箭发动机产线"
    assert a.published == "2021-03-05T00:12:00+00:00"


def test_http_header_naming_the_wrong_chinese_encoding_loses_to_the_bytes():
    # Big5 bytes served as "charset=gbk": both decode without error; the Big5 reading is Chinese prose.
    text, enc = decode_bytes("藍箭航天朱雀二號發射成功，這是中國商業航天的里程碑。".encode("big5"), "text/html; charset=gbk")
    assert (text, enc) == ("藍箭航天朱雀二號發射成功，這是中國商業航天的里程碑。", "cp950")
    text, enc = decode_bytes("蓝箭航天朱雀二号发射成功，这是中国商业航天的里程碑。".encode("gbk"), "text/html; charset=big5")
    assert (text, enc) == ("蓝箭航天朱雀二号发射成功，这是中国商业航天的里程碑。", "gb18030")


def test_english_article_author_from_byline_and_utc_time():
    _, _, a = page("spacenews_article.html")
    assert a.title == "Galactic Energy raises $210 million for Pallas-1 rocket"
    assert a.author == "Andrew Jones"
    assert a.published == "2023-12-05T14:30:12+00:00"
    assert len(a.text.split("\n\n")) == 3
    assert "newsletter" not in a.text and "Copyright" not in a.text


def test_clean_author_strips_dates_and_by():
    assert clean_author("By Demo Reporter, November 19, 2026") == "Demo Reporter"
    assert clean_author("Demo Reporter; November") == "Demo Reporter"
    assert clean_author("https://www.facebook.com/spacenews") is None


@pytest.mark.parametrize(
    "value, tz, expected",
    [
        ("2020年11月3日 22:29", "Asia/Shanghai", "2020-11-03T14:29:00+00:00"),
        ("2018-09-18 14:38:10", "Asia/Shanghai", "2018-09-18T06:38:10+00:00"),
        ("发布时间：2020/11/03 22:29", "Asia/Shanghai", "2020-11-03T14:29:00+00:00"),
        ("2020年11月3日", "Asia/Shanghai", "2020-11-02T16:00:00+00:00"),
        ("2020年11月3日 下午3:05", "Asia/Shanghai", "2020-11-03T07:05:00+00:00"),
        ("Tue, 03 Nov 2020 14:29:00 +0000", "Asia/Shanghai", "2020-11-03T14:29:00+00:00"),
        ("Tue, 03 Nov 2020 22:29:00 CST", "Asia/Shanghai", "2020-11-03T14:29:00+00:00"),
        ("Tue, 03 Nov 2020 22:29:00 CST", "America/Chicago", "2020-11-04T04:29:00+00:00"),
        ("2020-11-03T22:29:00+08:00", "UTC", "2020-11-03T14:29:00+00:00"),
        ("2020-11-03T14:29:00Z", "Asia/Shanghai", "2020-11-03T14:29:00+00:00"),
        ("2020-11-03 09:29", "America/New_York", "2020-11-03T14:29:00+00:00"),
        ("1604413740", "Asia/Shanghai", "2020-11-03T14:29:00+00:00"),
        ("1604413740000", "Asia/Shanghai", "2020-11-03T14:29:00+00:00"),
        ("November 3, 2020 10:29 pm", "Asia/Shanghai", "2020-11-03T14:29:00+00:00"),
        ("no date here", "Asia/Shanghai", None),
        ("", "Asia/Shanghai", None),
    ],
)
def test_parse_date(value, tz, expected):
    assert parse_date(value, tz) == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("蓝箭航天宣布完成新一轮融资，朱雀二号改进型运载火箭计划于年内首飞。", "zh"),
        ("藍箭航天朱雀二號成功入軌", "zh"),
        ("LandSpace（蓝箭航天）的ZQ-2 Block 2火箭由Zhuque团队研制，将在Jiuquan发射。", "zh"),
        ("LandSpace launched its Zhuque-2 rocket from Jiuquan on Tuesday, the company said in a statement.", "en"),
        ("LandSpace (蓝箭航天) launched its Zhuque-2 rocket from Jiuquan on Tuesday, the company said in a "
         "statement, adding that the rocket had reached orbit with all of its payloads.", "en"),
        ("La fusée a été lancée depuis la base de Jiuquan mardi dernier par la société chinoise privée", "other"),
        ("ランドスペースは朱雀2号ロケットの打ち上げに成功したと発表した。", "other"),
        ("", "other"),
    ],
)
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


def test_feed_html_fragment_to_paragraphs():
    assert html_fragment_text("<p>One <b>bold</b> move</p><p>Two<br>Three</p>") == "One bold move\n\nTwo\n\nThree"
    assert html_fragment_text("plain   teaser\n\nsecond") == "plain teaser\n\nsecond"
    assert html_fragment_text("  ") is None
