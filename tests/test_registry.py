"""The company registry: data sanity, name resolution in any script, normalisation, segmentation."""

import os
import re
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from store.archive import Archive
from translate.normalise import convert_same_length, exact_key, for_matching, loose_key, to_simplified
from translate.registry import DATA_FILE, TYPES, Registry, RegistryError, default_registry
from translate.segment import segment, segment_for_index, user_dictionary

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reg():
    return default_registry()


def test_registry_size_types_and_parents(reg):
    assert len(reg) >= 150
    assert {c.type for c in reg.companies} == set(TYPES)
    for c in reg.companies:
        assert c.name_en and c.name_zh, c.id
        assert c.parent is None or reg.find(c.parent) is not None
    assert reg.get("expace").parent == "sanjiang" and reg.get("sanjiang").parent == "casic"
    assert [k.id for k in reg.children("landspace")] == ["hongqing"]


def test_no_name_belongs_to_two_companies(reg):
    assert reg.ambiguous_keys() == {}


def test_every_row_cites_its_sources(reg):
    assert [c.id for c in reg.companies if not (c.gcat or c.sources)] == []


def test_data_file_credits_gcat():
    head = DATA_FILE.read_text(encoding="utf-8")[:1200]
    assert "Organisation names from GCAT, J. McDowell, planet4589.org, CC BY 4.0" in head


def test_issue_named_organisations_present(reg):
    for cid in ["casc", "casic", "cgwic", "china_satnet", "expace", "china_rocket", "cas_space", "chang_guang",
                "iamcas", "landspace", "ispace", "galactic_energy", "space_pioneer", "deep_blue", "orienspace",
                "onespace", "linkspace", "galaxy_space", "spacety", "commsat", "minospace", "geespace",
                "spacesail", "ada_space", "head_aerospace", "zhuhai_orbita", "qianxun"]:
        assert reg.find(cid) is not None, cid


@pytest.mark.parametrize("name, cid", [
    ("LandSpace", "landspace"),
    ("landspace", "landspace"),
    ("LANDSPACE", "landspace"),
    ("ＬａｎｄＳｐａｃｅ", "landspace"),
    ("蓝箭航天", "landspace"),
    ("藍箭航天", "landspace"),
    ("北京蓝箭空间科技有限公司", "landspace"),
    ("北京藍箭空間科技有限公司", "landspace"),
    ("蓝箭空间科技", "landspace"),
    ("Blue Arrow Aerospace", "landspace"),
    ("LandSpace Technology Corp.", "landspace"),
    ("Landspace Technology Co., Ltd.", "landspace"),
    ("朱雀二号", "landspace"),
    ("Zhuque-2", "landspace"),
    ("zhuque 2", "landspace"),
    ("星河动力（北京）空间科技有限公司", "galactic_energy"),
    ("星河动力(北京)空间科技有限公司", "galactic_energy"),
    ("北京星河动力空间科技有限公司", "galactic_energy"),
    ("Galactic Energy Co., Ltd.", "galactic_energy"),
    ("Beijing Interstellar Glory Space Technology Co. Ltd", "ispace"),
    ("Interstellar Glory", "ispace"),
    ("天兵", "space_pioneer"),
    ("Beijing Tianbing Technology", "space_pioneer"),
    ("銀河航天", "galaxy_space"),
    ("Galaxy Space", "galaxy_space"),
    ("航天科工火箭技术有限公司", "expace"),
    ("CASIC", "casic"),
    ("中国航天科技集团公司", "casc"),
    ("吉林一号", "chang_guang"),
    ("千帆", "spacesail"),
    ("spacesail", "spacesail"),
    ("china_satnet", "china_satnet"),
    ("Blue Arrow (LandSpace)", "landspace"),
    ("蓝箭航天 LandSpace", "landspace"),
    ("蓝箭航天公司", "landspace"),
])
def test_resolve(reg, name, cid):
    c = reg.resolve(name)
    assert c is not None and c.id == cid


@pytest.mark.parametrize("name", ["", "   ", "SpaceX", "有限公司", "Co., Ltd.", "北京", "一号", "北京一号",
                                  "LandSpace and iSpace", "LandSpace rival company plans"])
def test_resolve_unknown(reg, name):
    assert reg.resolve(name) is None


def test_keys():
    assert exact_key("Zhuhai Orbita Aerospace Science & Technology Co., Ltd.") == "zhuhaiorbitaaerospacesciencetechnologycoltd"
    # legal-form words go from the end, then the city from the front
    assert loose_key("Zhuhai Orbita Aerospace Science & Technology Co., Ltd.") == "orbitaaerospace"
    assert loose_key("星河动力（北京）空间科技有限公司") == "星河动力空间"
    assert loose_key("北京市星河动力空间科技有限公司") == "星河动力空间"
    assert loose_key("吉林一号") == "一号"  # why products get exact keys only
    assert loose_key("有限公司") == ""


def test_to_simplified_keeps_length():
    text = "藍箭航天的朱雀二號於酒泉發射，乾隆年間著陸。"
    out = to_simplified(text)
    assert out == "蓝箭航天的朱雀二号于酒泉发射，乾隆年间著陆。"
    assert len(out) == len(text)
    assert for_matching("ＬａｎｄＳｐａｃｅ（北京）") == "LandSpace(北京)"


def test_length_changing_phrase_rule_falls_back_per_character():
    # OpenCC's Taiwan profile rewrites 網際網路 (4 chars) as 互联网 (3): the line is converted per
    # character instead, other lines keep phrase conversion.
    tw = opencc.OpenCC("tw2sp")
    assert tw.convert("網際網路") == "互联网"
    text = "藍箭航天連上網際網路\n軟體"
    out = convert_same_length(text, tw)
    assert out == "蓝箭航天连上网际网路\n软件"
    assert len(out) == len(text)


def test_archive_rows_sync_into_archive(reg):
    rows = reg.archive_rows()
    land = next(r for r in rows if r.id == "landspace")
    assert ("藍箭航天", "zh-Hant") in land.aliases
    assert ("朱雀二号", "zh") in land.aliases and ("Zhuque-2", "en") in land.aliases
    assert land.data["products"][0] == {"zh": "朱雀二号", "en": "Zhuque-2",
                                           "aliases": ["朱雀2号", "ZQ-2", "Zhuque-2E", "朱雀二号改进型", "Zhuque 2E"]}
    a = Archive.memory()
    a.sync_companies(rows)
    assert a.conn.execute("SELECT COUNT(*) FROM companies").fetchone()[0] == len(reg)
    got = a.conn.execute("SELECT company_id FROM aliases WHERE alias='藍箭航天'").fetchone()[0]
    assert got == "landspace"
    a.sync_companies(rows)  # idempotent
    assert a.conn.execute("SELECT COUNT(*) FROM companies").fetchone()[0] == len(reg)


def _write(tmp_path, body):
    p = tmp_path / "c.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_malformed_registry_is_rejected(tmp_path):
    base = "companies:\n- {id: a, name_en: A Co, name_zh: 甲乙, type: private%s}\n"
    with pytest.raises(RegistryError, match="type must be one of"):
        Registry.load(_write(tmp_path, base.replace("private", "startup") % ""))
    with pytest.raises(RegistryError, match="unknown keys"):
        Registry.load(_write(tmp_path, base % ", colour: red"))
    with pytest.raises(RegistryError, match="not a usable name"):
        # An unquoted flow list splits "Co., Ltd." into two names.
        Registry.load(_write(tmp_path, "companies:\n- id: a\n  name_en: A\n  type: private\n"
                                       "  legal_en: [A Co., Ltd.]\n"))
    with pytest.raises(RegistryError, match="parent 'zz'"):
        Registry.load(_write(tmp_path, base % ", parent: zz"))
    with pytest.raises(RegistryError, match="not a usable name"):
        Registry.load(_write(tmp_path, base.replace("甲乙", "甲") % ""))  # one character names anything
    with pytest.raises(RegistryError, match="duplicate id"):
        Registry.load(_write(tmp_path, (base % "") + "- {id: a, name_en: Bravo, type: private}\n"))


def test_segment_keeps_brands_whole(reg):
    words = segment("蓝箭航天的朱雀二号与天兵科技的天龙三号，星河动力谷神星一号发射。")
    for w in ["蓝箭航天", "朱雀二号", "天兵科技", "天龙三号", "星河动力", "谷神星一号"]:
        assert w in words
    assert segment("藍箭航天") == ["蓝箭航天"]
    assert segment_for_index("藍箭航天的朱雀二號，ＬａｎｄＳｐａｃｅ 發射！") == "蓝箭航天 的 朱雀二号 landspace 发射"
    # queries and documents go through the same function
    assert segment_for_index("蓝箭航天") in segment_for_index("据悉蓝箭航天今日发射")
    assert segment("") == [] and segment_for_index("  ") == ""


def test_user_dictionary_lines(reg):
    lines = user_dictionary(reg)
    assert "蓝箭航天 2000000 nt" in lines
    assert all(len(l.rsplit(" ", 2)) == 3 and " " not in l.rsplit(" ", 2)[0] for l in lines)
    assert user_dictionary(reg) is lines  # built once per registry: the tokenizer and search share it


@pytest.mark.slow
def test_jieba_is_quiet_and_caches_outside_cwd(tmp_path):
    env = {**os.environ, "PARALLAX_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    work = tmp_path / "cwd"
    work.mkdir()
    r = subprocess.run(
        [sys.executable, "-c", "from translate.segment import segment_for_index; print(segment_for_index('蓝箭航天发射'))"],
        cwd=work, env=env, capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "蓝箭航天 发射"
    assert r.stderr == ""
    assert list(work.iterdir()) == []
    assert (tmp_path / "cache" / "jieba.cache").exists()


def test_every_alias_resolves_to_its_own_company(reg):
    wrong = [(c.id, n) for c in reg.companies for n, _ in c.all_aliases()
             if (reg.resolve(n) is None or reg.resolve(n).id != c.id)]
    assert wrong == []


def test_lookup_only_names_do_not_bend_segmentation():
    assert segment("中国卫星导航系统") != ["中国卫星", "导航系统"]
    assert "未来导航" not in segment("未来导航技术将与人工智能融合")
    assert segment("银河系") == ["银河系"] and segment("天兵天将") == ["天兵天将"]
    assert not any(l.startswith(("中国卫星 ", "未来导航 ", "天兵 ", "千帆 ")) for l in user_dictionary(default_registry()))


def test_a_custom_registry_gets_its_own_tokenizer():
    from translate.registry import _company
    from translate.segment import tokenizer

    small = Registry([_company({"id": "acme", "name_en": "Acme Rockets", "name_zh": "阿克米火箭", "type": "private"})])
    assert tokenizer(small) is tokenizer(small) and tokenizer(small) is not tokenizer()
    assert "阿克米火箭" in segment("阿克米火箭发射", small)
    # the shipped registry's segmentation is untouched by the small one, and vice versa
    assert "天兵科技" in segment("天兵科技发射")
    assert "天兵科技" not in segment("天兵科技发射", small)


def test_industry_words_alone_resolve_to_no_one():
    """Regression: 航天科技 loosened to 航天, so the bare word 航天 resolved to CASC."""
    reg = default_registry()
    for word in ("航天", "卫星", "火箭", "商业航天", "Space", "aerospace"):
        assert reg.resolve(word) is None, word
    assert reg.resolve("蓝箭航天").id == "landspace"


@pytest.mark.parametrize("text", [
    "LandSpace's Zhuque-3 (ZQ-3) reached orbit; U.S. firms watched — at 09:15 UTC, 2.5 t to LEO.",
    "Ｆｕｌｌ－ｗｉｄｔｈ ＬａｎｄＳｐａｃｅ and snake_case and e-mail: a@b.cn #1 100% C++",
    "Blue Arrow / Galactic Energy: \"Ceres-1\" & 'Pallas-1' -- done...",
])
def test_index_text_without_cjk_gives_the_terms_jieba_gives(text):
    """The no-CJK fast path must index exactly the terms FTS5 would get from the jieba path."""
    from translate.segment import _INDEXABLE

    fast = segment_for_index(text)
    slow = " ".join(t.lower() for t in segment(text) if _INDEXABLE.search(t))
    terms = lambda s: re.findall(r"[^\W_]+", s)  # unicode61: letters and digits, the rest separates
    assert fast == " ".join(terms(slow))


def test_accented_latin_words_stay_whole_in_the_index():
    # jieba cuts "naïve" into na / ï / ve; unicode61 (remove_diacritics) wants the whole word.
    assert segment_for_index("A naïve café in Zürich") == "a naïve café in zürich"
