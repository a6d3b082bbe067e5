"""Query parsing and escaping, and snippets, on explicit segmenters and a small registry."""

from __future__ import annotations

import pytest

from parallax.errors import exit_code
from store.errors import QueryError
from store.query import Expansion, fts_string, parse_query
from store.search import date_bound
from store.snippets import make_snippet
from translate.lookup import company_resolver, names_containing
from translate.registry import Company, Product, Registry


def split(s):
    return s.lower().split()


def q(text, resolve=None):
    return parse_query(text, segment=split, resolve=resolve, simplify=lambda s: s).fts


NAMES = {"landspace": Expansion("landspace", ["LandSpace", "蓝箭航天", "Blue Arrow"])}


def resolve(name):
    for e in NAMES.values():
        if name.lower() in (n.lower() for n in e.names):
            return e
    return None


@pytest.mark.parametrize("text, fts", [
    ("融资", '"融资"'),
    ("a b", '("a" AND "b")'),
    ("a OR b c", '("a" OR ("b" AND "c"))'),
    ("a AND b", '("a" AND "b")'),
    ("(a OR b) c", '(("a" OR "b") AND "c")'),
    ("a -b NOT c", '(("a" NOT "b") NOT "c")'),
    ('"Long March 8" launch', '("long march 8" AND "launch")'),
    ("Tianl*", '"tianl" *'),
    ("Zhuque-2", '"zhuque-2"'),
    ("or and not", '("or" AND "and" AND "not")'),  # lower-case words are words
])
def test_syntax(text, fts):
    assert q(text) == fts


def test_fts_operators_and_quotes_in_input_are_literal():
    assert q('near(a b) Title_x "x""y" ^z {a} col:x') == (
        '("near" AND ("a" AND "b") AND "title_x" AND "x" AND "y" AND "^z" AND "{a}" AND "col:x")')
    # NEAR and the two fields are syntax of ours, rendered by us: the user's words stay quoted.
    assert q('NEAR(a "b{c", 3) title:"x:y"') == '(NEAR("a" "b{c", 3) AND {title title_en} : ("x:y"))'
    assert fts_string('say "hi"') == '"say ""hi"""'


def test_chinese_words_of_one_term_must_all_match_not_be_adjacent():
    seg = {"航天融资": ["航天", "融资"]}
    fts = parse_query("航天融资", segment=lambda s: seg.get(s, [s]), simplify=lambda s: s).fts
    assert fts == '("航天" AND "融资")'
    # ...but an explicit phrase keeps order.
    fts = parse_query('"航天融资"', segment=lambda s: seg.get(s, [s]), simplify=lambda s: s).fts
    assert fts == '"航天 融资"'


def test_company_names_expand_to_every_alias():
    assert q("LandSpace", resolve) == '("landspace" OR "蓝箭航天" OR "blue arrow")'
    # Two bare words that together name the company are joined first.
    assert q("Blue Arrow funding", resolve) == '(("blue arrow" OR "landspace" OR "蓝箭航天") AND "funding")'
    assert q("-LandSpace rocket", resolve) == '("rocket" NOT ("landspace" OR "蓝箭航天" OR "blue arrow"))'
    assert q("Land*", resolve) == '"land" *'  # a prefix is not a name


def test_company_resolver_uses_exact_names_and_products_alone():
    reg = Registry([
        Company(id="landspace", name_en="LandSpace", name_zh="蓝箭航天", type="private",
                aliases=("Blue Arrow",), lookup_only=("蓝箭",),
                products=(Product("朱雀二号", "Zhuque-2", ("ZQ-2",)), Product("朱雀三号", "Zhuque-3"))),
        Company(id="casc", name_en="CASC", name_zh="中国航天科技集团", type="national_team", lookup_only=("航天科技",)),
        Company(id="expace", name_en="ExPace Technology", name_zh="航天科工火箭", type="soe_subsidiary"),
        Company(id="zhuque-3", name_en="Zhuque Three Holdings", name_zh=None, type="private"),
    ])
    r = company_resolver(reg)
    assert (r("expace").id, r("EXPACE").names[:2]) == ("expace", ["ExPace Technology", "航天科工火箭"])  # by id too
    assert r("zhuque-3") is None and r("朱雀三号").id == "landspace"  # "zhuque3": one company's id, another's product
    assert r("blue arrow").names[:3] == ["LandSpace", "蓝箭航天", "Blue Arrow"]
    assert r("ＬａｎｄＳｐａｃｅ").id == "landspace"  # full-width folded
    assert r("zhuque 2").names == ["朱雀二号", "Zhuque-2", "ZQ-2", "朱雀二號"]
    assert r("航天") is None  # registry.resolve drops 科技 and says CASC; a search must not
    assert r("航天科技").id == "casc"
    assert r("蓝箭").id == "landspace"


def test_names_containing_reads_the_dictionary_only_for_a_chinese_word():
    from translate import segment

    reg = Registry([
        Company(id="landspace", name_en="LandSpace", name_zh="蓝箭航天", type="private"),
        Company(id="casc", name_en="CASC", name_zh="中国航天科技集团", type="national_team"),
    ])
    longer = names_containing(reg)
    assert parse_query("LandSpace rocket", longer_words=longer).fts == '("landspace" AND "rocket")'
    assert reg not in segment._dictionaries  # a Latin-only query never built the registry's word list
    assert longer("航天") == ["蓝箭航天", "中国航天科技集团"]
    assert reg in segment._dictionaries


@pytest.mark.parametrize("text, message", [
    ("", "empty query"),
    ("   ", "empty query"),
    ('"open', "unbalanced quote"),
    ("(a", "unbalanced '('"),
    ("a)", "unbalanced ')'"),
    ("()", "empty ( ) group"),
    ("NEAR(", 'NEAR( ) takes words or "phrases" and an optional distance, then ): NEAR('),
    ("a (", "unbalanced '('"),
    (") a", "unbalanced ')' in query: ) a"),
    ("(a OR)", "OR needs a term on both sides"),
    ("a OR", "OR needs a term on both sides"),
    ("OR a", "OR needs a term on both sides"),
    ("a AND", "AND needs a term on both sides"),
    ("a NOT", "NOT needs a term after it"),
    ("-a -b", "a query cannot only exclude terms"),
    ("， 。", "nothing to search for"),
])
def test_errors_are_usage_errors(text, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")) as e:
        q(text)
    assert exit_code(e.value) == 2 and "\n" not in e.value.one_line()


@pytest.mark.parametrize("value, end, bound", [
    ("2026-06-01", False, "2026-06-01"),
    ("2026-06-01", True, "2026-06-02"),
    ("2026-12", True, "2027-01-01"),
    ("2026-06-01T08:00:00+08:00", False, "2026-06-01T00:00:00"),
])
def test_date_bounds(value, end, bound):
    assert date_bound(value, "--since", end=end) == bound


def test_snippet_window_from_original_text():
    text = "开头" * 60 + "蓝箭航天完成D轮融资，" + "结尾" * 60
    snip = make_snippet({"text": text, "title": "题"}, [(["融资"], True, False), (["蓝箭航天"], True, False)])
    # 70 characters for Chinese, a quarter of them before the first match.
    assert snip == "…" + "头开" * 8 + "头[蓝箭航天]完成D轮[融资]，" + "结尾" * 21 + "…"


def test_snippet_pattern_built_once_per_query():
    pq = parse_query("蓝箭航天 融资", segment=lambda s: s.split())
    assert pq.highlight_re is pq.highlight_re  # one regex however many rows are snippeted
    cols = {"text": "开头" * 60 + "蓝箭航天完成D轮融资，" + "结尾" * 60}
    assert make_snippet(cols, pq.highlight_re) == make_snippet(cols, pq.highlights) == (
        "…" + "头开" * 8 + "头[蓝箭航天]完成D轮[融资]，" + "结尾" * 21 + "…")
    assert make_snippet({"text": "蓝箭"}, None) == "蓝箭"


def test_snippet_highlights():
    def snip(text, *highlights):
        return make_snippet({"text": text}, list(highlights))

    # Latin words match whole words only; a phrase matches across punctuation, as a whole.
    assert snip("Ceres-2 flew in 2023, test 2", (["2"], True, False)) == "Ceres-[2] flew in 2023, test [2]"
    assert snip("The Zhuque-2 and Zhuque 3 rockets", (["zhuque", "2"], True, False)) == (
        "The [Zhuque-2] and Zhuque 3 rockets")
    assert snip("Tianlong and Tianlong-3", (["tianl"], True, True)) == "[Tianlong] and [Tianlong]-3"
    # Unordered Chinese words one by one; the longest alternative wins.
    assert snip("蓝箭航天的蓝箭，航天融资", (["融资", "航天"], False, False), (["蓝箭航天"], True, False)) == (
        "[蓝箭航天]的蓝箭，[航天融资]")
    # A Traditional text is searched through its Simplified key, shown as written.
    assert make_snippet({"text": "公布遙測數據"}, [(["遥测", "数据"], True, False)],
                        simplify=lambda s: s.replace("遙", "遥").replace("測", "测").replace("數", "数")
                        .replace("據", "据")) == "公布[遙測數據]"
    # Nothing to highlight: the start of the text.
    assert snip("nothing here", (["absent"], True, False)) == "nothing here"


def test_names_implied_by_shorter_ones_are_dropped():
    names = {"x": Expansion("x", ["LandSpace", "LandSpace Technology Corporation", "Beijing LandSpace",
                                  "Blue Arrow", "Blue Arrow Aerospace", "aerospace blue"])}
    fts = q("LandSpace", lambda n: names["x"] if n.lower() in (m.lower() for m in names["x"].names) else None)
    assert fts == '("landspace" OR "blue arrow" OR "aerospace blue")'


def test_snippet_never_cuts_a_latin_word():
    text = ("LandSpace said the money will go towards its reusable Zhuque-3 launcher and engine production. "
            "Analysts expect more.\n\nLandSpace competes with Space Pioneer and Galactic Energy for launch contracts.")
    assert make_snippet({"text": text}, [(["zhuque", "3"], True, False)]) == (
        "…the money will go towards its reusable [Zhuque-3] launcher and engine production. Analysts expect "
        "more. LandSpace competes with Space Pioneer and Galactic…")


def test_chinese_words_also_ask_for_longer_index_words():
    def longer(t):
        return {"航天": ["蓝箭航天", "航天科工"]}.get(t, [])

    def p(text, resolve=None):
        return parse_query(text, segment=split, resolve=resolve, simplify=lambda s: s, longer_words=longer).fts

    assert p("航天") == '("航天" OR "蓝箭航天" OR "航天科工")'
    assert p("航天 rocket") == '(("航天" OR "蓝箭航天" OR "航天科工") AND "rocket")'
    assert p('"商业 航天"') == '"商业 航天"'  # a phrase keeps its words
    assert p("航天*") == '"航天" *'
    # Company names are exact: 蓝箭航天 as a name does not turn into every 航天 word.
    assert p("LandSpace", resolve) == '("landspace" OR "蓝箭航天" OR "blue arrow")'
