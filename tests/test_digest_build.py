"""The weekly digest from a fixture archive: selection, clustering, ranking, sections, golden text, HTML."""

import os

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
    assert d.subject == "Parallax weekly digest — 2026-W47 — 6 stories"
    assert d.asymmetry == {
        "stories": 6, "stories_zh_only": 3, "stories_en_only": 2, "stories_both": 1,
        "articles": 8, "articles_zh": 5, "articles_en": 3, "companies": 6, "companies_zh_only": 3,
    }
    # the Zhuque-3 launch: three sources, two languages, one story; the English original leads
    top = d.stories[0]
    assert [(i.source, i.label) for i in top.items] == [
        ("spacenews", "original English"), ("36kr", "argos translate-zh_en-1.9"), ("sina", "argos translate-zh_en-1.9")]
    assert top.sources == ["36kr", "sina", "spacenews"]
    assert [c.id for c in top.companies] == ["landspace"]
    assert top.topics == ["launches"]
    # one source each: one company each, so the newest first
    assert titles(d.stories[1:]) == [
        "State Council issue promote commercial aerospace development policy, CASC express support",
        "Space Pioneer <script>alert('x')</script> Tianlong-3 static fire",
        "Orienspace Gravity-2 completes final assembly at Haiyang base",
        "CAS Space signs launch contract with Saudi customer",
        "Galactic Energy complete B round financing, valuation exceed ten billion yuan",
    ]
    assert d.stories[5].lead.label == "gloss"


def test_sections(week47_archive):
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    assert [s.key for s in d.companies] == ["cas-space", "casc", "galactic-energy", "landspace", "orienspace", "space-pioneer"]
    assert d.companies[1].label == "CASC (中国航天科技集团)"
    assert d.companies[1].company.type_label == "National Team"
    assert [(s.key, s.total) for s in d.themes] == [
        ("funding", 1), ("launches", 2), ("contracts", 1), ("policy", 1), ("international", 1), ("facilities", 1)]
    assert titles(d.only_chinese) == [
        "State Council issue promote commercial aerospace development policy, CASC express support",
        "Orienspace Gravity-2 completes final assembly at Haiyang base",
        "Galactic Energy complete B round financing, valuation exceed ten billion yuan",
    ]
    # Space Pioneer was in the news in W46; all others appear for the first time
    assert [c.id for c in d.new_companies] == ["cas-space", "casc", "galactic-energy", "landspace", "orienspace"]
    assert d.failed_sources == [
        {"name": "cnstock", "last_error": "HTTP 503 Service Unavailable", "last_success": "2026-11-10T06:00:00+00:00"}]


def test_week_boundaries(week47_archive):
    d46 = build_digest(week47_archive, "2026-W46", None)
    assert titles(d46.stories) == ["Space Pioneer Tianlong-3 enters final assembly"]
    assert d46.new_companies[0].id == "space-pioneer"
    d48 = build_digest(week47_archive, "2026-w48", None)
    assert d48.week == "2026-W48"
    assert titles(d48.stories) == ["CAS Space Lijian-2 completes static fire test"]
    assert d48.new_companies == []
    empty = build_digest(week47_archive, "2025-W01", None)
    assert empty.subject == "Parallax weekly digest — 2025-W01 — 0 stories"
    assert "No stories were archived this week." in render_text(empty)


@pytest.mark.parametrize("bad", ["2026-47", "2026-W54", "W47", ""])
def test_bad_week(week47_archive, bad):
    with pytest.raises(WeekError):
        build_digest(week47_archive, bad, None)


def test_golden_text(week47_archive):
    text = render_text(build_digest(week47_archive, "2026-W47", DigestOptions(), names_seen=week_names))
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
        lang="zh", title_en="Galactic Energy complete B round financing, valuation exceed ten billion yuan",
        text_en="Galactic Energy announce complete B round financing, this round by certain provincial industry fund "
                "lead invest, fund will use for Pallas-1 liquid rocket development.",
        engine="gloss", model=None, mentions=[], topics=["funding"], index={}, key="k"))
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    story = next(s for s in d.stories if s.title.startswith("Galactic Energy"))
    assert [i.url for i in story.items] == ["https://www.jiemian.com/article/9001.html"]
    assert len(d.stories) == 6 and d.asymmetry["articles"] == 9


def test_every_registry_type_has_a_label(week47_archive):
    from store.model import COMPANY_TYPES as TYPE_LABELS
    from translate.registry import TYPES

    assert set(TYPE_LABELS) == set(TYPES)
    # CASC's subsidiaries are typed soe_subsidiary in translate/companies.yaml: the digest names that type, it
    # does not print the raw key ("Soe subsidiary")
    week47_archive.sync_companies([{"id": "casc", "name_en": "CASC", "name_zh": "中国航天科技集团", "type": "soe_subsidiary"}])
    d = build_digest(week47_archive, "2026-W47", DigestOptions())
    assert d.companies[1].company.type_label == "SOE subsidiary"
    assert "CASC (中国航天科技集团) · SOE subsidiary · 1 story" in render_text(d)


def test_a_title_fact_the_english_lacks_is_marked_in_the_digest(week47_archive):
    """The fact guard's verdict reaches the reader: the digest names the fact and says to check the
    original, in the text and the HTML; titles whose facts all came through get no mark."""
    from store.model import Fact

    aid = week47_archive.article_by_url("https://www.jiemian.com/article/9001.html").id
    facts = [Fact("round", "B轮", 6, 8, "Series B", field="title"),
             Fact("money", "超百亿元", 13, 17, "more than 10 billion yuan", field="title", missing=True)]
    week47_archive.save_enrichment(aid, Enrichment(
        "zh", "Galactic Energy complete Series B financing, valuation", "", "argos", "m", [], [], {}, "k", facts))
    d = build_digest(week47_archive, "2026-W47")
    text = render_text(d)
    mark = "Not in the English title, check the original: more than 10 billion yuan (超百亿元)"
    printed = text.count("Original: 星河动力完成B轮融资，估值超百亿元")
    assert printed >= 1 and text.count(f"Original: 星河动力完成B轮融资，估值超百亿元\n  {mark}") + text.count(
        f"Original: 星河动力完成B轮融资，估值超百亿元\n     {mark}") == printed  # right under the item, each time
    assert text.count("Not in the English title") == printed  # no other title is marked
    html = render_html(d)
    assert 'check the original: more than 10 billion yuan (<span lang="zh">超百亿元</span>)' in html


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
