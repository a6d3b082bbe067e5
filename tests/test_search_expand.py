"""Search across languages: the bilingual term list, amounts, the expander, fields and NEAR, --exact,
English snippets (issue 17)."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from parallax.cli import cli
from searchdata import build_archive
from store.archive import Archive
from store.errors import QueryError
from store.query import parse_query
from store.search import search
from translate.expand import query_expander
from translate.facts.amounts import Amount, amount_forms, parse_amount
from translate.lookup import query_language
from translate.termlist import (GLOSSARY_FILE, Concept, TermList, TermListError, default_terms, english_singular,
                                parse_concepts, term_key)


def split(s):
    return s.lower().split()


SMALL = TermList([
    Concept("funding", ("融资", "募资"), ("funding", "financing"), narrower=("series_a",)),
    Concept("series_a", ("A轮",), ("series a",)),
    Concept("satellite_internet", ("卫星互联网",), ("satellite internet",)),
], ("from", "the"))


def p(text, **kw):
    segment = kw.pop("segment", split)
    return parse_query(text, segment=segment, simplify=lambda s: s,
                       expand=query_expander(SMALL, segment=lambda s: [s]), **kw)


# -- the term list ---------------------------------------------------------------------------------
def test_a_concept_is_found_by_any_form_in_either_language():
    terms = default_terms()
    for word in ("funding", "Funding", "融资", "融資", "financing", "fund-raising", "fundraising"):
        assert terms.find(word).id == "funding", word
    assert terms.find("test-fired").id == terms.find("试车").id == terms.find("hot fire test").id == "test_firing"
    assert terms.find("卫星 互联网").id == "satellite_internet"  # a space typed between Chinese words
    assert terms.find("rocket science") is None


def test_an_english_plural_the_list_does_not_write_out_finds_its_singular():
    terms = default_terms()
    assert terms.find("launch anomalies").id == terms.find("launch anomaly").id == "launch_failure"
    assert terms.find("rocket factories").id == "factory" and terms.find("space tourists").id == "space_tourism"
    assert terms.find("hot fire tests").id == "test_firing"
    assert terms.find("series") is None and terms.find("rocket sciences") is None
    assert [english_singular(w) for w in ("anomalies", "launches", "boxes", "tourists", "IPOs".lower())] == [
        "anomaly", "launch", "box", "tourist", "ipo"]
    # not plurals, or not English: left alone
    assert [english_singular(w) for w in ("news", "status", "gas", "glass", "series", "融资", "tt&cs")] == [None] * 7


def test_one_list_for_both_sides_the_gloss_english_is_a_form():
    """What the gloss writes for a Chinese form (glossary terms) is one of its concept's forms, so the
    English index of a translated article is met by the query."""
    data = yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))
    terms = default_terms()
    for concept in terms.concepts.values():
        forms = {term_key(f) for f in terms.forms(concept)}
        for zh in concept.zh:
            gloss = data["terms"].get(zh)
            if gloss:
                assert term_key(gloss) in forms, (concept.id, zh, gloss)
    funding = terms.forms(terms.find("funding"))
    assert "closed financing" in funding  # 完成融资 in the glossary, not typed in the concept
    launch = terms.forms(terms.find("launch"))
    assert launch.index("launched") < launch.index("首飞")  # its own forms before its narrower concepts'


def test_narrower_concepts_are_found_by_the_broader_not_the_reverse():
    terms = default_terms()
    assert "maiden flight" in terms.forms(terms.find("launch"))
    assert "launch" not in terms.forms(terms.find("maiden flight"))
    assert "funding" in terms.forms(terms.find("investment"))
    assert terms.forms(terms.find("Series A"))[:2] == ["A轮", "Pre-A轮"]
    assert "A轮" not in terms.forms(terms.find("funding"))  # its stories say 融资 anyway


def test_the_term_list_holds_no_function_word():
    """Precision: a concept never expands on a word every article has."""
    data = yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))
    dropped = {k for k, v in data["terms"].items() if not v}  # particles the gloss drops
    terms = default_terms()
    for c in terms.concepts.values():
        for form in c.zh:
            assert len(form) > 1 and form not in dropped, (c.id, form)
        for form in (*c.en, *c.gloss_en):
            assert term_key(form) not in terms.function_words, (c.id, form)
    assert {"the", "from", "on", "and"} <= terms.function_words


@pytest.mark.parametrize("data, message", [
    ({"concepts": {"a": {"zh": ["融资"], "en": ["x"]}, "b": {"zh": ["融資"], "en": ["y"]}}},
     "form '融資' is in concepts a and b"),
    ({"concepts": {"a": {"zh": ["融资"], "en": ["x"], "narrower": ["nope"]}}}, "narrower concept 'nope'"),
    ({"concepts": {"a": {"zh": "融资", "en": ["x"]}}}, "concept a.zh: must be a list"),
    ({"concepts": {"a": {"zh": ["融资"], "en": ["x"], "also": ["y"]}}}, "concept a: needs zh and en lists"),
    ({"concepts": {"a": {"zh": ["融资"], "en": [True]}}}, "concept a.en: must be a list"),  # YAML's bare `on`
])
def test_a_malformed_term_list_is_one_line_naming_the_entry(data, message):
    with pytest.raises(TermListError, match=message):
        TermList(parse_concepts(data))


# -- amounts -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value, currency", [
    ("十亿元", 1_000_000_000, "yuan"), ("10亿元", 1_000_000_000, "yuan"), ("超过十亿元人民币", 1_000_000_000, "yuan"),
    ("十亿", 1_000_000_000, None), ("1 billion yuan", 1_000_000_000, "yuan"), ("RMB 1 billion", 1_000_000_000, "yuan"),
    ("one billion yuan", 1_000_000_000, "yuan"), ("$140 million", 140_000_000, "usd"), ("2亿美元", 200_000_000, "usd"),
    ("5000万元", 50_000_000, "yuan"), ("1.5 billion", 1_500_000_000, None),
])
def test_an_amount_is_read_in_either_language(text, value, currency):
    assert parse_amount(text) == Amount(value, currency)


@pytest.mark.parametrize("text", ["8", "2026", "a yuan", "Zhuque 3", "one rocket", "亿元", "billion"])
def test_a_plain_number_or_word_is_no_amount(text):
    assert parse_amount(text) is None


def test_an_amount_in_every_spelling_the_archive_uses():
    assert amount_forms(Amount(1_000_000_000, "yuan")) == [
        "1 billion yuan", "rmb 1 billion", "1 billion rmb", "1 billion renminbi", "cny 1 billion",
        "one billion yuan", "rmb one billion", "one billion rmb", "one billion renminbi", "cny one billion",
        "10亿元", "10亿人民币", "十亿元", "十亿人民币"]
    assert amount_forms(Amount(150_000_000, "usd")) == [
        "150 million us dollars", "150 million dollars", "usd 150 million", "us$ 150 million", "$150 million",
        "1.5亿美元", "15000万美元"]
    assert amount_forms(Amount(200_000_000, "yuan"))[-6:] == ["2亿元", "2亿人民币", "二亿元", "二亿人民币", "两亿元",
                                                              "两亿人民币"]


# -- the expander and the query ----------------------------------------------------------------------
def test_runs_of_words_expand_longest_first():
    pieces = query_expander(SMALL, segment=lambda s: [s])("satellite internet funding rocket")
    assert [(t, a.label if a else None) for t, a in pieces] == [
        ("satellite internet", "satellite_internet"), ("funding", "funding"), ("rocket", None)]


def test_a_chinese_run_is_cut_where_a_piece_expands():
    expand = query_expander(default_terms())
    pieces = expand("蓝箭航天融资")
    assert [(t, a.label if a else None) for t, a in pieces] == [("蓝箭航天", None), ("融资", "funding")]
    assert [(t, a.kind) for t, a in expand("融资超过十亿元人民币") if a] == [
        ("融资", "glossary"), ("超过十亿元人民币", "amount")]


def test_expanded_terms_match_every_form():
    assert p("funding") == _fts('("funding" OR "融资" OR "募资" OR "financing" OR "a轮" OR "series a")')
    # Several terms: each expands, all must match.
    assert p("satellite internet funding").fts.startswith('(("satellite internet" OR "卫星互联网") AND (')
    # A phrase is exact unless it is a term of the list as a whole.
    assert p('"satellite internet"').fts == '("satellite internet" OR "卫星互联网")'
    assert p('"funding plans"').fts == '"funding plans"'
    # Excluding a term excludes every form of it; a prefix is not expanded.
    assert p("rocket -funding").fts.startswith('("rocket" NOT ("funding" OR "融资"')
    assert p("fund*").fts == '"fund" *'


def _fts(expected):
    class F:
        def __eq__(self, other):
            return other.fts == expected

    return F()


def test_function_words_drop_only_beside_other_words():
    assert p("launch from Beijing").fts == '("launch" AND "beijing")'
    assert p("from").fts == '"from"'  # nothing else to search for
    assert p('"launch from Beijing"').fts == '"launch from beijing"'
    assert [e["kind"] for e in p("the funding").expansions] == ["function_word", "glossary"]


def test_words_a_query_adds_that_no_story_says_are_dropped_too():
    expand = query_expander()
    assert [(t, a.label if a else None) for t, a in expand("latest launch news")] == [
        ("latest", "dropped"), ("launch", "launch"), ("news", "dropped")]
    assert expand("news") == [("news", None)]  # nothing else to search for


def test_expansions_say_what_was_matched():
    pq = p("satellite internet 融资")
    assert pq.expansions == [
        {"term": "satellite internet", "kind": "glossary", "label": "satellite_internet",
         "forms": ["satellite internet", "卫星互联网"]},
        {"term": "融资", "kind": "glossary", "label": "funding",
         "forms": ["融资", "募资", "funding", "financing", "A轮", "series a"]},
    ]


# -- fields and NEAR ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, fts", [
    ("title:LandSpace", '{title title_en} : ("landspace")'),
    ("text:(a OR b) c", '({text text_en} : (("a" OR "b")) AND "c")'),
    ('TITLE:"new round"', '{title title_en} : ("new round")'),
    ("a -title:b", '("a" NOT {title title_en} : ("b"))'),
    ("title: a", '{title title_en} : ("a")'),
    ("a NEAR b", 'NEAR("a" "b", 10)'),
    ("a NEAR/3 b NEAR/3 c", 'NEAR("a" "b" "c", 3)'),
    ('NEAR(a "b c", 5) d', '(NEAR("a" "b c", 5) AND "d")'),
    ("NEAR(a b)", 'NEAR("a" "b", 10)'),
    ("near(a b)", '("near" AND ("a" AND "b"))'),  # lower case: words, as and/or/not are
    ("12:55 launch", '("12:55" AND "launch")'),
])
def test_fields_and_near(text, fts):
    assert parse_query(text, segment=split, simplify=lambda s: s).fts == fts


def test_near_over_expanded_terms_takes_every_pairing():
    assert p("funding NEAR satellite", segment=split).fts == (
        '(NEAR("funding" "satellite", 10) OR NEAR("融资" "satellite", 10) OR NEAR("募资" "satellite", 10) OR '
        'NEAR("financing" "satellite", 10) OR NEAR("a轮" "satellite", 10) OR NEAR("series a" "satellite", 10))')


@pytest.mark.parametrize("text, message", [
    ("text_en:launch", "unknown field text_en: in query: text_en:launch (hint: supported fields: title: and text: "
                       "(each searches the original and its English); e.g. title:LandSpace)"),
    ("source:spacenews rocket", "unknown field source: in query"),
    ("title:", "title: needs a term right after it: title:"),
    ("a NEAR", "NEAR needs a term on both sides: a NEAR"),
    ("NEAR b", "NEAR needs a term on both sides: NEAR b"),
    ("a NEAR (b OR c)", 'NEAR joins words or "phrases", not groups or fields'),
    ("NEAR(a)", "NEAR( ) needs at least two terms"),
    ("NEAR(a b, x)", "NEAR distance must be a number from 0 to 1000"),
    ("NEAR(a OR b)", 'NEAR( ) takes words or "phrases" and an optional distance, then )'),
    ("a NEAR/5000 b", "NEAR distance must be a number from 0 to 1000"),
])
def test_what_is_not_supported_says_so_in_one_line(text, message):
    with pytest.raises(QueryError) as e:
        parse_query(text, segment=split, simplify=lambda s: s)
    assert message in e.value.one_line() and "\n" not in e.value.one_line()


# -- against an archive --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("expand") / "archive.db"
    build_archive(path).close()
    return path


@pytest.fixture(scope="module")
def archive(db):
    a = Archive.open(db)
    yield a
    a.close()


WORDS = query_language().kwargs()


def ids(results):
    return sorted(r.id for r in results)


def test_an_english_word_finds_the_chinese_story_and_the_reverse(archive):
    assert ids(search(archive, "funding", **WORDS)) == [1, 6]  # 融资 and "funding"
    assert ids(search(archive, "融资", **WORDS)) == [1, 6]
    assert ids(search(archive, "首飞", **WORDS)) == [3, 4]  # "first flight" in English
    assert ids(search(archive, "funding", **query_language(names=False, terms=False).kwargs())) == [1, 6]
    assert ids(search(archive, "首飞", **query_language(names=False, terms=False).kwargs())) == [4]


def test_a_chinese_result_reads_in_english_with_the_original_beside(archive):
    (r,) = search(archive, "telemetry", **WORDS)
    assert r.id == 2
    assert r.snippet == "LandSpace yesterday published Zhuque-2 [telemetry] showing the second stage worked normally."
    assert r.snippet_original == "藍箭航天昨日公布朱雀二號[遙測]數據，顯示火箭二級工作正常。"


def test_fields_and_near_on_the_archive(archive):
    assert ids(search(archive, "title:LandSpace", **WORDS)) == [1, 2]
    assert ids(search(archive, "title:funding", **WORDS)) == [1, 6]
    assert ids(search(archive, "text:kerosene", **WORDS)) == [3]
    assert ids(search(archive, "title:kerosene", **WORDS)) == []
    assert ids(search(archive, "LandSpace NEAR Zhuque-3", **WORDS)) == [1]
    assert ids(search(archive, "LandSpace NEAR/2 reusable", **WORDS)) == []
    assert ids(search(archive, "NEAR(蓝箭航天 融资, 3)", **WORDS)) == [1]


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), "search", *args])


def test_cli_exact_turns_every_expansion_off(db):
    res = run(db, "funding", "--json")
    out = json.loads(res.output)
    assert sorted(r["id"] for r in out) == [1, 6]
    assert out[0]["expansions"][0]["label"] == "funding"
    res = run(db, "Blue Arrow", "--exact", "--json")
    assert json.loads(res.output) == []  # the old English name is in no article; no alias is asked for
    res = run(db, "首飞", "--exact", "--json")
    assert [(r["id"], r["expansions"]) for r in json.loads(res.output)] == [(4, [])]
    res = run(db, "首飞", "--json")
    assert sorted(r["id"] for r in json.loads(res.output)) == [3, 4]  # "first flight" too


def test_cli_never_answers_a_query_it_cannot_read_with_silence(db):
    """Regression: title:LandSpace, text_en:launch and LandSpace NEAR Zhuque said "No results."."""
    res = run(db, "title:LandSpace")
    assert res.exit_code == 0 and sorted(line.split()[0] for line in res.output.splitlines()
                                         if line[:6].strip().isdigit()) == ["1", "2"]
    res = run(db, "LandSpace NEAR Zhuque-3")
    assert res.exit_code == 0 and "https://36kr.com/p/2931001" in res.output
    res = run(db, "text_en:launch")
    assert res.exit_code == 2 and res.output.startswith("Error: unknown field text_en:")


def test_a_broad_query_shows_its_newest_matches_titles_first(archive, monkeypatch):
    """Past RANK_WINDOW matches, no bm25 (it would count each phrase's articles in the whole archive):
    the newest matches, a title match first. Fewer matches are ranked by bm25 as before."""
    import store.search as s

    exact = query_language(names=False, terms=False).kwargs()
    q = "launch OR 首飞 OR rocket"  # 1 (launch vehicle), 3, 4 (首飞), 6
    assert ids(search(archive, q, **exact)) == [1, 3, 4, 6]
    monkeypatch.setattr(s, "RANK_WINDOW", 2)
    monkeypatch.setattr(s, "PROBE", 3)  # the newest 3 of 6 articles hold 2 matches: about 4 in all
    assert [r.id for r in search(archive, q, limit=2, **exact)] == [4, 6]  # 4 has 首飞 in its title
    assert [r.id for r in search(archive, q, limit=3, **exact)] == [4, 6, 3]
    assert [r.id for r in search(archive, q, limit=2, offset=1, **exact)] == [6, 3]
    assert [r.id for r in search(archive, "rocket", limit=2, **exact)] == [6, 3]  # 2 matches: bm25 as ever


def test_date_order_past_the_window_is_still_exact(archive, monkeypatch):
    """The page comes from the newest ids, and any older id dated later than its last entry is read
    too (a source crawled late): the same page as sorting every match."""
    import store.search as s

    exact = query_language(names=False, terms=False).kwargs()
    q = "首飞 OR 政策 OR Ceres-2"  # 4 (June 10), 5 (April 15), 6 (June 20)
    full = [r.id for r in search(archive, q, order="date", limit=3, **exact)]
    assert full == [6, 4, 5]
    monkeypatch.setattr(s, "RANK_WINDOW", 2)
    monkeypatch.setattr(s, "PROBE", 3)
    # The two newest ids are 6 and 5; 4 is older but dated later than 5.
    assert [r.id for r in search(archive, q, order="date", limit=2, **exact)] == [6, 4]
    assert [r.id for r in search(archive, q, order="date", limit=1, offset=1, **exact)] == [4]


def test_a_query_of_hundreds_of_expanded_words_is_refused_in_one_line():
    words = query_language()
    with pytest.raises(QueryError) as e:
        words.parse("funding launch satellite rocket " * 60)
    assert e.value.one_line().startswith("query expands to more than 600 phrases: funding launch satellite")
    assert words.parse("funding launch satellite rocket " * 5).fts  # a long but sane query is fine
