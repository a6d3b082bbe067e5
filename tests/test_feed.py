"""`parallax feed`: an English Atom feed of the archive, read back with feedparser."""

import feedparser
from click.testing import CliRunner

from digest.atom import atom_feed
from digestdata import load_fixture
from parallax.cli import cli
from store.archive import Archive


def test_entries_carry_english_title_lead_categories_link_and_engine(week47_archive):
    f = feedparser.parse(atom_feed(week47_archive))
    assert f.bozo == 0 and f.version == "atom10"
    assert f.feed.title == "Parallax — China's commercial space sector in English"
    assert len(f.entries) == 13  # every archived article (all have English), newest first
    assert f.entries[0].title == "CAS Space Kinetica-2 completes static fire test [argos translate-zh_en-1.9]"
    e = next(e for e in f.entries if e.link == "https://www.jiemian.com/article/9001.html")
    assert e.title == "Galactic Energy complete Series B financing, valuation more than 10 billion yuan [gloss]"
    assert e.summary == (
        "Galactic Energy announce complete Series B financing, this round by certain provincial industry fund lead "
        "invest, star shuttle aerospace of founding team also participate follow invest, fund will use for Pallas-1 "
        "liquid rocket development. (English by gloss; original title: "
        "星河动力完成B轮融资，估值超百亿元)")
    assert [(t.term, t.scheme, t.label) for t in e.tags] == [
        ("galactic-energy", "urn:parallax:company", "Galactic Energy"),
        ("funding", "urn:parallax:topic", "Funding and investors"),
        ("gloss", "urn:parallax:engine", "gloss")]
    assert e.id == f"urn:parallax:article:{week47_archive.article_by_url(e.link).id}"
    assert e.published.startswith("2026-11-18T02:30:00")
    en = next(e for e in f.entries if e.link == "https://spacenews.com/galactic-energy-series-b/")
    assert en.title == "Galactic Energy raises Series B to fund Pallas-1 liquid rocket"  # an original: no label
    assert en.summary.startswith("Galactic Energy has closed a Series B round led by a provincial industry fund")
    assert [t.term for t in en.tags] == ["galactic-energy", "landspace", "space-pioneer", "funding", "none"]
    # a WeChat post links to the original post, not the mirror it was read from
    assert any(e.link == "https://mp.weixin.qq.com/s/q3Xh8dYk2LmN0pRsTuVw1A" for e in f.entries)
    # text from outside is escaped, never markup
    assert any(e.title == "Space Pioneer <script>alert('x')</script> Tianlong-3 static fire" for e in f.entries)


def test_filters(week47_archive):
    by_company = feedparser.parse(atom_feed(week47_archive, company="landspace"))
    assert by_company.feed.title == "Parallax — China's commercial space sector in English: LandSpace"
    assert sorted(e.link for e in by_company.entries) == [
        "https://36kr.com/p/3001", "https://finance.sina.com.cn/tech/2026-11-17/doc-zhuque3.shtml",
        "https://spacenews.com/galactic-energy-series-b/", "https://spacenews.com/landspace-reaches-orbit-with-zhuque-3/"]
    funding = feedparser.parse(atom_feed(week47_archive, topic="funding", since="2026-11-18"))
    assert [e.link for e in funding.entries] == [
        "https://spacenews.com/galactic-energy-series-b/", "https://www.jiemian.com/article/9001.html"]
    assert feedparser.parse(atom_feed(week47_archive, since="2027-01-01")).entries == []


def test_feed_cli(tmp_path):
    db = tmp_path / "archive.db"
    with Archive.open(db) as a:
        load_fixture(a)
    out = tmp_path / "feed.xml"
    res = CliRunner().invoke(cli, ["--db", str(db), "feed", "--company", "Blue Arrow", "--since", "2026-11-17",
                                   "-o", str(out)])
    assert res.exit_code == 0, res.output
    f = feedparser.parse(out.read_bytes())
    assert f.bozo == 0 and len(f.entries) == 4
    res = CliRunner().invoke(cli, ["--db", str(db), "feed", "--topic", "launches", "--limit", "2"])
    assert res.exit_code == 0
    assert [e.title for e in feedparser.parse(res.output).entries] == [
        "CAS Space Kinetica-2 completes static fire test [argos translate-zh_en-1.9]",
        "Space Pioneer <script>alert('x')</script> Tianlong-3 static fire"]
    res = CliRunner().invoke(cli, ["--db", str(db), "feed", "--company", "No Such Rocket Co"])
    assert (res.exit_code, res.output) == (
        2, "Error: unknown company: No Such Rocket Co (hint: see `parallax companies list`)\n")
    res = CliRunner().invoke(cli, ["--db", str(db), "feed", "--since", "last week"])
    assert res.exit_code == 2 and res.output.count("\n") == 1 and "--since" in res.output


def test_feed_since_is_read_as_search_and_export_read_it(tmp_path):
    # 18:00 in Beijing is 10:00 UTC: compared as written, the bound dropped westeastspace's 10:00 UTC post
    db = tmp_path / "archive.db"
    with Archive.open(db) as a:
        load_fixture(a)
    since = "2026-11-21T18:00:00+08:00"
    res = CliRunner().invoke(cli, ["--db", str(db), "feed", "--since", since])
    assert res.exit_code == 0, res.output
    assert [e.link for e in feedparser.parse(res.output).entries] == [
        "https://36kr.com/p/3010", "https://www.jiemian.com/article/9002.html",
        "https://westeastspace.com/2026/11/21/tianlong-3/"]
    exported = CliRunner().invoke(cli, ["--db", str(db), "export", "--since", since])
    assert exported.output.count("\n") == 3
