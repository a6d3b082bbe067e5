"""Export: one record per article as JSON Lines, CSV or xlsx, with company ids and names, and topics."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from store.archive import Archive
from store.export import CSV_LIST_SEP, FIELDS, export, iter_records
from store.model import Article, CompanyRecord, Enrichment, Mention

FUNDING = {
    "url": "https://36kr.com/p/2931001", "canonical_url": "https://36kr.com/p/2931001?from=rss",
    "source": "36kr", "lang": "zh", "title": "蓝箭航天完成新一轮融资", "title_en": "LandSpace completes a new funding round",
    "text": "蓝箭航天宣布完成D轮融资，朱雀三号研制提速。", "text_en": "LandSpace announced a Series D round; Zhuque-3 work speeds up.",
    "published": "2026-06-03T02:00:00+00:00", "fetched": "2026-06-03T05:00:00+00:00",
    # casc is not in the archive's copy of the registry: named by its id rather than left out.
    "companies": ["landspace", "casc"], "company_names": ["LandSpace", "casc"], "topics": ["funding", "launch"],
    "engine": "gloss", "status": "ok", "media": None,
}
LAUNCH = {
    "url": "https://spacenews.com/tianlong-3/", "canonical_url": "https://spacenews.com/tianlong-3/",
    "source": "spacenews", "lang": "en", "title": 'Space Pioneer\'s "Tianlong-3", a first flight', "title_en": None,
    "text": "Space Pioneer launched Tianlong-3,\nfrom Jiuquan.", "text_en": None,
    "published": "2026-06-05T14:00:00+00:00", "fetched": "2026-06-06T00:00:00+00:00",
    "companies": ["space_pioneer"], "company_names": ["Space Pioneer"], "topics": [], "engine": "none", "status": "ok",
    "media": None,
}
GONE = {
    "url": "https://mp.weixin.qq.com/s/deleted", "canonical_url": "https://mp.weixin.qq.com/s/deleted",
    "source": "wechat-x", "lang": None, "title": None, "title_en": None, "text": None, "text_en": None,
    "published": None, "fetched": "2026-05-01T00:00:00+00:00", "companies": [], "company_names": [], "topics": [],
    "engine": None, "status": "unavailable", "media": None,
}


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "archive.db"
    with Archive.open(path) as a:
        a.sync_companies([CompanyRecord("landspace", "LandSpace", "蓝箭航天"),
                          CompanyRecord("space_pioneer", "Space Pioneer", "天兵科技")])
        for rec in (LAUNCH, FUNDING, GONE):
            r = a.upsert_article(Article(
                url=rec["url"], canonical_url=rec["canonical_url"], source=rec["source"], title=rec["title"],
                text=rec["text"], lang=rec["lang"], published=rec["published"], fetched=rec["fetched"],
                status=rec["status"],
            ))
            if rec["status"] != "ok":
                continue
            # Mentions are stored title first: FUNDING's casc mention is in the text only.
            mentions = [Mention(c, c, i, i + 1, "title" if i == 0 else "text") for i, c in enumerate(rec["companies"])]
            a.save_enrichment(r.id, Enrichment(
                lang=rec["lang"], title_en=rec["title_en"], text_en=rec["text_en"], engine=rec["engine"],
                model=None, mentions=mentions, topics=rec["topics"],
                index={"title": rec["title"], "text": rec["text"], "title_en": None, "text_en": None}, key="k",
            ))
    return path


def test_records_oldest_first_with_every_field(db):
    with Archive.open(db) as a:
        recs = list(iter_records(a))
    assert recs == [GONE, FUNDING, LAUNCH]
    assert list(recs[0]) == FIELDS


def test_a_video_post_is_exported_by_its_title_and_marked(tmp_path):
    with Archive.open(tmp_path / "v.db") as a:
        a.upsert_article(Article(url="https://mp.weixin.qq.com/s/v", source="wx", title="天龙三号一子级试车视频",
                                 media="video", published="2026-06-01T00:00:00+00:00"))
        [rec] = list(iter_records(a))
    assert (rec["title"], rec["text"], rec["status"], rec["media"]) == ("天龙三号一子级试车视频", None, "ok", "video")


def test_since_compares_published_date(db):
    with Archive.open(db) as a:
        assert [r["url"] for r in iter_records(a, since="2026-06-04")] == [LAUNCH["url"]]
        assert [r["url"] for r in iter_records(a, since="2026-06-03")] == [FUNDING["url"], LAUNCH["url"]]


def test_jsonl_round_trips(db):
    buf = io.StringIO()
    with Archive.open(db) as a:
        assert export(a, buf, "jsonl") == 3
    lines = buf.getvalue().splitlines()
    assert [json.loads(x) for x in lines] == [GONE, FUNDING, LAUNCH]
    assert "蓝箭航天" in lines[1]  # UTF-8, not \\u escapes


def test_csv_quotes_and_joins_lists(db):
    buf = io.StringIO()
    with Archive.open(db) as a:
        assert export(a, buf, "csv", since="2026-06-01") == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0]["companies"] == "landspace;casc" and rows[0]["topics"] == "funding;launch"
    assert rows[0]["company_names"] == "LandSpace;casc" and rows[1]["company_names"] == "Space Pioneer"
    assert rows[1]["title"] == LAUNCH["title"] and rows[1]["text"] == LAUNCH["text"]
    assert rows[1]["title_en"] == "" and rows[1]["topics"] == ""
    assert buf.getvalue().splitlines()[0] == ",".join(FIELDS)


def test_cli_stdout_and_file(db, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["--db", str(db), "export", "--format", "jsonl", "--since", "2026-06-05"])
    assert res.exit_code == 0, res.output
    assert [json.loads(x) for x in res.output.splitlines()] == [LAUNCH]
    out = tmp_path / "june.csv"
    res = runner.invoke(cli, ["--db", str(db), "export", "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output == f"exported 3 articles to {out}\n"
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 3


def test_cli_errors(db, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["--db", str(db), "export", "--since", "last week"])
    assert (res.exit_code, res.output.strip()) == (2, "Error: --since: not a date: 'last week' (hint: use YYYY-MM-DD)")
    res = runner.invoke(cli, ["--db", str(db), "export", "--format", "xml"])
    assert res.exit_code == 2
    res = runner.invoke(cli, ["--db", str(tmp_path / "missing.db"), "export"])
    assert res.exit_code == 1 and "archive not found" in res.output


def test_help_has_example():
    res = CliRunner().invoke(cli, ["export", "--help"])
    assert "Example:" in res.output and "parallax export --format jsonl" in res.output


def test_help_names_every_field():
    # media was exported but missing from the help's list of fields
    doc = " ".join(cli.commands["export"].help.split())
    listed = re.findall(r"\b(" + "|".join(FIELDS) + r")\b", doc.partition("Example:")[0])
    assert sorted(set(listed)) == sorted(FIELDS)


def test_cli_unwritable_output_is_one_line(db, tmp_path):
    missing = tmp_path / "nonexist" / "x.csv"
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "csv", "-o", str(missing)])
    assert (res.exit_code, res.output) == (
        1, f"Error: {missing}: cannot write: No such file or directory (hint: check the path and its permissions)\n")
    assert not missing.parent.exists()


def test_failed_export_leaves_no_partial_file(db, tmp_path, monkeypatch):
    import store.export
    from parallax.errors import ArchiveError

    def two_then_fail(archive, since=None):
        yield from list(iter_records(archive, since))[:2]
        raise ArchiveError("database disk image is malformed")

    out = tmp_path / "june.csv"
    out.write_text("the previous export\n", encoding="utf-8")
    monkeypatch.setattr(store.export, "iter_records", two_then_fail)
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "csv", "-o", str(out)])
    assert (res.exit_code, res.output) == (1, "Error: database disk image is malformed\n")
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.db", "june.csv"]


def test_export_file_gets_the_usual_permissions(db, tmp_path):
    import os
    import stat

    out = tmp_path / "all.jsonl"
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "-o", str(out)])
    assert res.exit_code == 0, res.output
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_csv_bom_for_excel(db, tmp_path):
    out = tmp_path / "excel.csv"
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "csv", "--bom", "-o", str(out)])
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"url,canonical_url,")  # one BOM, then the header
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["", FUNDING["title"], LAUNCH["title"]]
    # Without --bom, no BOM: scripts reading the CSV see the header first.
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "csv"])
    assert res.output.startswith("url,canonical_url,")


def test_bom_and_xlsx_usage_errors(db):
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "jsonl", "--bom"])
    assert (res.exit_code, res.output) == (
        2, "Error: --bom is for --format csv (hint: JSON Lines and xlsx need no byte order mark)\n")
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "xlsx"])
    assert (res.exit_code, res.output) == (
        2, "Error: --format xlsx writes a file (hint: give one with -o, e.g. -o archive.xlsx)\n")


def _xlsx_cells(path) -> list[list[str]]:
    """The first sheet's rows as text, a cell per field ("" when empty). XlsxWriter in constant
    memory writes each string inline in the sheet's XML."""
    import html

    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet  # no cell is a formula
    rows = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet, re.S):
        cells = dict(re.findall(r'<c r="([A-Z]+)\d+"[^>]*t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', row, re.S))
        rows.append([html.unescape(cells.get(chr(ord("A") + i), "")) for i in range(len(FIELDS))])
    return rows


def test_xlsx_holds_every_record_as_text(db, tmp_path):
    out = tmp_path / "archive.xlsx"
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output == f"exported 3 articles to {out}\n"
    rows = _xlsx_cells(out)
    assert rows[0] == FIELDS
    expected = [[CSV_LIST_SEP.join(v) if isinstance(v, list) else (v or "") for v in rec.values()]
                for rec in (GONE, FUNDING, LAUNCH)]
    assert rows[1:] == expected


def test_xlsx_cuts_only_what_excel_cannot_hold(tmp_path):
    from store.export import XLSX_CELL_MAX, XlsxReport, write_xlsx

    long = {k: None for k in FIELDS} | {"url": "https://x.org/1", "text": "航" * (XLSX_CELL_MAX + 5),
                                         "title": '=HYPERLINK("http://evil")', "companies": [],
                                         "company_names": [], "topics": []}
    report = XlsxReport()
    with open(tmp_path / "long.xlsx", "wb") as f:
        assert write_xlsx([long], f, report) == 1
    assert (report.records, report.cells_cut, report.sheets) == (1, 1, 1)
    (_, row) = _xlsx_cells(tmp_path / "long.xlsx")
    text = row[FIELDS.index("text")]
    assert text == "航" * (XLSX_CELL_MAX - 1) + "…"
    assert row[FIELDS.index("title")] == '=HYPERLINK("http://evil")'  # a string cell, not a formula
