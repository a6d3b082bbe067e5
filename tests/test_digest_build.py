"""The weekly digest from a fixture archive: selection, clustering, ranking, sections, golden text, HTML."""

import os
import re

import pytest

from digest.build import build_digest
from digest.errors import WeekError
from digest.options import DigestOptions
from digest.render import render_html, render_text
from digestdata import DATA, load_fixture, week_names
from parallax.config import Config
from parallax.outputs import write_digest_files
from store.archive import Archive
from store.model import Article, Enrichment


def titles(stories):
    return [s.title for s in stories]


def test_week_selection_clusters_and_ranking(week47_archive):
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    assert d.subject == "Parallax weekly digest — 2026-W47 — 7 stories"
    assert d.asymmetry == {
        "stories": 7, "stories_zh_only": 3, "stories_en_only": 2, "stories_both": 2,
        "articles": 10, "articles_zh": 6, "articles_en": 4, "companies": 6, "companies_zh_only": 2,
    }
    # the Zhuque-3 launch: three sources, two languages, one story; the English original leads
    top = d.stories[0]
    assert [(i.source, i.label) for i in top.items] == [
        ("spacenews", "original English"), ("36kr", "argos translate-zh_en-1.9"), ("sina", "argos translate-zh_en-1.9")]
    assert top.sources == ["36kr", "sina", "spacenews"]
    assert [c.id for c in top.about] == ["landspace"] and top.mentioned == []
    assert top.topics == ["launches"] and top.coverage == "both"
    # the Galactic Energy round in English and in a Chinese gloss: titles share no rare word, the
    # round, the amount and the rocket make it one story
    assert [(i.source, i.lang) for i in d.stories[1].items] == [("spacenews", "en"), ("jiemian", "zh")]
    assert titles(d.stories[2:]) == [
        "State Council issue promote commercial aerospace development policy, CASC express support",
        "Space Pioneer <script>alert('x')</script> Tianlong-3 static fire",
        "Orienspace Gravity-2 completes final assembly at Haiyang base",
        "Ceres-1 Y20 launch vehicle launched successfully, 4 satellites smoothly enter orbit",
        "CAS Space signs launch contract with Saudi customer",
    ]
    assert [s.number for s in d.stories] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.coverage for s in d.stories] == ["both", "both", "zh-only", "en-only", "zh-only", "zh-only", "en-only"]


def test_about_and_mentioned(week47_archive):
    """LandSpace and Space Pioneer are named in the Galactic Energy story only as its rivals, in the
    last sentence: that story is about Galactic Energy alone, and the company sections say so."""
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    round_ = d.stories[1]
    assert [c.id for c in round_.about] == ["galactic-energy"]
    assert [c.id for c in round_.mentioned] == ["landspace", "space-pioneer"]
    assert [(c.key, c.total, [s.number for s in c.stories], [s.number for s in c.mentioned_in]) for c in d.companies] == [
        ("galactic-energy", 2, [2, 6], []), ("cas-space", 1, [7], []), ("casc", 1, [3], []),
        ("landspace", 1, [1], [2]), ("orienspace", 1, [5], []), ("space-pioneer", 1, [4], [2])]
    text = render_text(d)
    assert "LandSpace (蓝箭航天) · Private start-up · about 1 story\n  #1 LandSpace reaches orbit" in text
    assert "  Also mentioned in: #2\n" in text


def test_sections(week47_archive):
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    assert d.companies[2].label == "CASC (中国航天科技集团)"
    assert d.companies[2].company.type_label == "National Team"
    assert [(s.key, s.total) for s in d.themes] == [
        ("funding", 1), ("launches", 3), ("contracts", 1), ("policy", 1), ("international", 1), ("facilities", 1)]
    assert titles(d.only_chinese) == [
        "State Council issue promote commercial aerospace development policy, CASC express support",
        "Orienspace Gravity-2 completes final assembly at Haiyang base",
        "Ceres-1 Y20 launch vehicle launched successfully, 4 satellites smoothly enter orbit",
    ]
    # Space Pioneer was in the news in W46; all others appear for the first time
    assert [c.id for c in d.new_companies] == ["cas-space", "casc", "galactic-energy", "landspace", "orienspace"]
    assert d.failed_sources == [
        {"name": "cnstock", "last_error": "HTTP 503 Service Unavailable", "last_success": "2026-11-10T06:00:00+00:00"}]


def test_each_story_is_printed_in_full_once(week47_archive):
    text = render_text(build_digest(week47_archive, "2026-W47", DigestOptions()))
    # the full block (lead, sources) once; every later section refers to it by number and title
    assert text.count("Lead [") == 7
    assert text.count("https://www.jiemian.com/article/9002.html") == 1
    assert text.count("#3 State Council issue promote commercial aerospace development policy, CASC express support [gloss]") == 3
    only_zh = text.split("ONLY IN CHINESE SOURCES THIS WEEK\n")[1].split("\n\nBY COMPANY")[0]
    assert only_zh.splitlines()[2:] == [
        "  #3 State Council issue promote commercial aerospace development policy, CASC express support [gloss]",
        "  #5 Orienspace Gravity-2 completes final assembly at Haiyang base [argos translate-zh_en-1.9]",
        "  #6 Ceres-1 Y20 launch vehicle launched successfully, 4 satellites smoothly enter orbit [gloss]",
    ]


def test_stories_past_the_cap_are_one_line_with_their_link(week47_archive):
    d = build_digest(week47_archive, "2026-W47", DigestOptions(max_headlines=2))
    assert [s.printed for s in d.stories] == [True, True, False, False, False, False, False]
    text = render_text(d)
    assert text.count("Lead [") == 2
    assert "5 more stories, one line each in the sections below." in text
    assert ("  #3 State Council issue promote commercial aerospace development policy, CASC express support [gloss] "
            "— jiemian, 2026-11-22 — https://www.jiemian.com/article/9002.html\n") in text


def test_leads_facts_and_mirror_links(week47_archive):
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    wechat = d.stories[5]
    assert wechat.lead_en.text == (
        "November 20, 2026 11:10, Ceres-1 Y20 launch vehicle in Jiuquan Satellite Launch Center ignition lift off, "
        "will 4 satellites smoothly sent into planned orbit. this mission is Ceres-1 launch vehicle 20th flight.")
    assert (wechat.lead_en.label, wechat.lead_en.engine) == ("gloss", "gloss")
    assert [(f.kind, f.en) for f in wechat.facts] == [
        ("date", "November 20, 2026"), ("place", "Jiuquan Satellite Launch Center"), ("vehicle", "Ceres-1"),
        ("vehicle", "Pallas-1"), ("designation", "Y20"), ("count", "4 satellites")]
    assert wechat.mirror_of(wechat.lead) == "https://wewe-rss.example.org/articles/2650001300-1.html"
    assert wechat.lead.link == "https://mp.weixin.qq.com/s/q3Xh8dYk2LmN0pRsTuVw1A"
    # a fact of the Chinese lead the argos English dropped is named for the reader
    orienspace = d.stories[4]
    assert [(f.en, f.zh) for f in orienspace.lead_en.missing] == [("Oriental Spaceport, Shandong", "山东海阳东方航天港")]
    text = render_text(d)
    assert "   Not in the English lead, check the original: Oriental Spaceport, Shandong (山东海阳东方航天港)\n" in text
    assert ("     https://mp.weixin.qq.com/s/q3Xh8dYk2LmN0pRsTuVw1A\n"
            "     read from the mirror: https://wewe-rss.example.org/articles/2650001300-1.html\n") in text
    # English stories: the products their mentions name
    assert [(f.kind, f.en, f.zh) for f in d.stories[3].facts] == [("vehicle", "Tianlong-3", None)]


def test_week_at_a_glance_compares_with_the_four_weeks_before(week47_archive):
    g = build_digest(week47_archive, "2026-W47", DigestOptions()).glance
    assert g.weeks == ["2026-W43", "2026-W44", "2026-W45", "2026-W46"]
    assert [(r.label, r.count, r.previous) for r in g.totals] == [
        ("Stories", 7, [0, 0, 1, 1]), ("Only in Chinese sources", 3, [0, 0, 0, 1])]
    assert [(t, r.count, r.previous) for t, r in g.themes] == [
        ("funding", 1, [0, 0, 0, 0]), ("launches", 3, [0, 0, 0, 0]), ("contracts", 1, [0, 0, 0, 0]),
        ("policy", 1, [0, 0, 0, 0]), ("international", 1, [0, 0, 0, 0]), ("facilities", 1, [0, 0, 0, 1])]
    assert [(t, r.count, r.average, r.change) for t, r in g.company_types] == [
        ("national_team", 1, 0.0, 1.0), ("institute_spinoff", 1, 0.0, 1.0), ("private", 5, 0.5, 4.5)]


def test_week_boundaries(week47_archive):
    d46 = build_digest(week47_archive, "2026-W46", None)
    assert titles(d46.stories) == ["Space Pioneer Tianlong-3 enters final assembly"]
    assert d46.glance.totals[0].previous == [0, 0, 0, 1]  # W45's Deep Blue story
    assert d46.new_companies[0].id == "space-pioneer"
    d48 = build_digest(week47_archive, "2026-w48", None)
    assert d48.week == "2026-W48"
    assert titles(d48.stories) == ["CAS Space Kinetica-2 completes static fire test"]
    assert d48.new_companies == []
    empty = build_digest(week47_archive, "2025-W01", None)
    assert empty.subject == "Parallax weekly digest — 2025-W01 — 0 stories"
    assert "No stories were archived this week." in render_text(empty)


@pytest.mark.parametrize("bad", ["2026-47", "2026-W54", "W47", ""])
def test_bad_week(week47_archive, bad):
    with pytest.raises(WeekError):
        build_digest(week47_archive, bad, None)


def test_golden_text(week47_archive):
    from parallax.outputs import digest_concepts

    # wired as the CLI wires it
    text = render_text(build_digest(week47_archive, "2026-W47", DigestOptions(), names_seen=week_names,
                                    concepts=digest_concepts()))
    golden = DATA / "week47.txt"
    if os.environ.get("PARALLAX_REGEN_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_html_escapes_and_is_self_contained(week47_archive):
    html = render_html(build_digest(week47_archive, "2026-W47", DigestOptions()))
    assert "<script>" not in html
    assert "Space Pioneer &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Tianlong-3 static fire" in html
    assert 'href="https://westeastspace.com/2026/11/21/tianlong-3/"' in html
    assert "蓝箭航天朱雀三号首飞成功入轨" in html
    for remote in ("src=", "<link", "@import", "url("):
        assert remote not in html
    assert ">gloss</span>" in html


def test_non_web_links_are_not_clickable():
    a = Archive.memory()
    aid = a.upsert_article(Article(url="https://example.org/x", source="s", title="T", text="launch", lang="en",
                                    published="2026-11-18T00:00:00+00:00", canonical_url="javascript:alert(1)")).id
    a.save_enrichment(aid, Enrichment(lang="en", title_en=None, text_en=None, engine="none", model=None, mentions=[],
                                    topics=[], index={}, key="k"))
    html = render_html(build_digest(a, "2026-W47", None))
    assert "javascript:" not in html and 'href="#"' in html


def test_write_digest_files(week47_archive, tmp_path):
    paths = write_digest_files(week47_archive, "2026-W47", Config(), tmp_path / "out")
    assert [p.name for p in paths] == ["digest.html", "digest.txt", "digest.eml"]
    assert paths[1].read_text(encoding="utf-8") == (DATA / "week47.txt").read_text(encoding="utf-8")
    assert b"multipart/alternative" in paths[2].read_bytes()


def test_unwritable_out_dir_is_one_line(tmp_path):
    from click.testing import CliRunner

    from parallax.cli import cli

    db = tmp_path / "archive.db"
    with Archive.open(db) as a:
        load_fixture(a)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["--db", str(db), "digest", "--week", "2026-W47", "--out", str(blocker / "digests")])
    assert (res.exit_code, res.output) == (
        1, f"Error: {blocker / 'digests'}: cannot write: Not a directory (hint: check the path and its permissions)\n")
    res = CliRunner().invoke(cli, ["--db", str(db), "digest", "--week", "2026-W47", "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "digest-2026-W47.eml", "digest-2026-W47.html", "digest-2026-W47.txt"]


def test_same_piece_twice_from_one_source_is_listed_once(week47_archive):
    # the same jiemian story archived again under another address (a re-crawl after a URL change)
    again = Article(url="https://m.jiemian.com/article/9001.html", source="jiemian", title="星河动力完成B轮融资，估值超百亿元",
                     text="星河动力宣布完成B轮融资，本轮由某省级产业基金领投，资金将用于智神星一号液体火箭研制。", lang="zh",
                     published="2026-11-18T03:00:00+00:00")
    aid = week47_archive.upsert_article(again).id
    week47_archive.save_enrichment(aid, Enrichment(
        lang="zh", title_en="Galactic Energy complete Series B financing, valuation more than 10 billion yuan",
        text_en="Galactic Energy announce complete Series B financing, this round by certain provincial industry fund "
                "lead invest, fund will use for Pallas-1 liquid rocket development.",
        engine="gloss", model=None, mentions=[], topics=["funding"], index={}, key="k"))
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    story = d.stories[1]
    assert [i.url for i in story.items] == ["https://spacenews.com/galactic-energy-series-b/",
                                           "https://www.jiemian.com/article/9001.html"]
    assert len(d.stories) == 7 and d.asymmetry["articles"] == 11


def test_every_registry_type_has_a_label(week47_archive):
    from store.model import COMPANY_TYPES as TYPE_LABELS
    from translate.registry import TYPES

    assert set(TYPE_LABELS) == set(TYPES)
    # CASC's subsidiaries are typed soe_subsidiary in translate/companies.yaml: the digest names that type, it
    # does not print the raw key ("Soe subsidiary")
    week47_archive.sync_companies([{"id": "casc", "name_en": "CASC", "name_zh": "中国航天科技集团", "type": "soe_subsidiary"}])
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    assert d.companies[2].company.type_label == "SOE subsidiary"
    assert "CASC (中国航天科技集团) · SOE subsidiary · about 1 story" in render_text(d)


def test_a_title_fact_the_english_lacks_is_marked_in_the_digest(week47_archive):
    """The fact guard's verdict reaches the reader: the digest names the fact and says to check the
    original, in the text and the HTML; titles whose facts all came through get no mark."""
    from store.model import Fact

    aid = week47_archive.article_by_url("https://www.jiemian.com/article/9001.html").id
    facts = [Fact("round", "B轮", 5, 7, "Series B", field="title"),
             Fact("money", "超百亿元", 12, 16, "more than 10 billion yuan", field="title", missing=True)]
    week47_archive.save_enrichment(aid, Enrichment(
        "zh", "Galactic Energy complete Series B financing, valuation", "", "argos", "m", [], [], {}, "k", facts))
    d = build_digest(week47_archive, "2026-W47")
    text = render_text(d)
    mark = "Not in the English title, check the original: more than 10 billion yuan (超百亿元)"
    # printed once (the story is printed in full once), right under the item
    assert text.count(f"     Original: 星河动力完成B轮融资，估值超百亿元\n     {mark}\n") == 1
    assert text.count("Not in the English title") == 1  # no other title is marked
    html = render_html(d)
    assert re.search(r'check the original: more than 10 billion yuan \(<span lang="zh" style="[^"]*">超百亿元</span>\)', html)


def test_past_weeks_counts_are_kept_and_redone_when_their_articles_change(tmp_path):
    from store.db import connect_readonly

    db = tmp_path / "archive.db"
    with Archive.open(db) as a:
        load_fixture(a)
        assert build_digest(a, "2026-W47").glance.totals[0].previous == [0, 0, 1, 1]
        kept = {k: a.meta(k) for k in ("digest.counts:2026-11-02", "digest.counts:2026-11-09")}
        assert all(kept.values()) and '"totals": {"stories": 1, "zh_only": 0}' in kept["digest.counts:2026-11-02"]
        # a late report for W46 (another story): its count is computed again, the others are read
        aid = a.upsert_article(Article(url="https://36kr.com/p/2995", source="36kr", title="东方空间引力一号完成总装",
                                       text="东方空间引力一号运载火箭完成总装。", lang="zh",
                                       published="2026-11-12T08:00:00+00:00")).id
        a.save_enrichment(aid, Enrichment("zh", "Orienspace Gravity-1 completes assembly", "", "argos", "m", [], [],
                                          {}, "k"))
        assert build_digest(a, "2026-W47").glance.totals[0].previous == [0, 0, 1, 2]
        assert a.meta("digest.counts:2026-11-02") == kept["digest.counts:2026-11-02"]
    # read-only: computed, nothing kept, same numbers
    ro = Archive(connect_readonly(db), db)
    try:
        assert ro.remember("x", "y") is False
        assert build_digest(ro, "2026-W48").glance.totals[0].previous == [0, 1, 2, 7]
        assert ro.meta("digest.counts:2026-11-16") is None
    finally:
        ro.close()


def test_new_names_seen_lists_the_weeks_strongest_unknowns(week47_archive):
    d = build_digest(week47_archive, "2026-W47", DigestOptions(), names_seen=week_names)
    assert [(n.name, n.count, n.articles) for n in d.new_names] == [("星梭航天", 2, 2)]
    assert d.new_names[0].examples == ["星河动力宣布完成B轮融资，本轮由某省级产业基金领投，星梭航天的创始团队也参与跟投，资金将用于智神星一号液体火箭研制。",
                                       "该箭的整流罩由星梭航天研制。"]
    # a week whose text names no unknown organisation, and a digest built without a miner
    assert build_digest(week47_archive, "2026-W46", DigestOptions(), names_seen=week_names).new_names == []
    assert build_digest(week47_archive, "2026-W47", DigestOptions()).new_names == []
    html = render_html(d)
    assert "New names seen" in html and "星梭航天" in html
