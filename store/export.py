"""Export the archive as JSON Lines, CSV or an Excel workbook: one record per article, streamed in
batches."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from typing import IO, Iterable, Iterator

from store.errors import QueryError
from store.search import date_bound
from store.sql import WHEN

FIELDS = [
    "url", "canonical_url", "source", "lang", "title", "title_en", "text", "text_en",
    "published", "fetched", "companies", "company_names", "topics", "engine", "status", "media",
]
LIST_FIELDS = ("companies", "company_names", "topics")
FORMATS = ("jsonl", "csv", "xlsx")
# Companies and topics are looked up per batch: one query per BATCH articles, not one each.
BATCH = 500
# In CSV and xlsx, list fields are joined with this (ids, English company names and topic names never
# contain it).
CSV_LIST_SEP = ";"
# Excel's own limits: characters in a cell, rows in a sheet (the header is one).
XLSX_CELL_MAX = 32_767
XLSX_ROWS = 1_048_576
BOM = "\ufeff"


def iter_records(archive, since: str | None = None) -> Iterator[dict]:
    """Every article (unavailable ones too, marked by status; voice and video posts kept by their title,
    marked by media), oldest first by published date (fetched when unknown); since: inclusive ISO
    date/datetime on that same date."""
    sql = (
        "SELECT id, url, canonical_url, source, lang, title, title_en, text, text_en, published, fetched, "
        "engine, status, media FROM articles"
    )
    args: list = []
    if since:
        sql += f" WHERE {WHEN} >= ?"
        args.append(date_bound(since, "since"))
    sql += f" ORDER BY {WHEN}, id"
    cur = archive.conn.execute(sql, args)
    names: dict[str, str] = {}  # company id -> English name, read once per company
    while True:
        rows = cur.fetchmany(BATCH)
        if not rows:
            return
        ids = [r["id"] for r in rows]
        companies = archive.companies_of(ids)
        topics = archive.topics_of(ids)
        unnamed = {c for cs in companies.values() for c in cs} - set(names)
        names.update({i: ref.name_en for i, ref in archive.company_refs(unnamed).items()})
        for r in rows:
            rec = {k: r[k] for k in FIELDS if k not in LIST_FIELDS}
            rec["companies"] = companies[r["id"]]
            rec["company_names"] = [names[c] for c in companies[r["id"]]]
            rec["topics"] = topics[r["id"]]
            yield {k: rec[k] for k in FIELDS}


def write_jsonl(records: Iterable[dict], out: IO[str]) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), =cmd|...,
# @SUM(...)); OWASP's advice: prefix such a cell with a single quote, which shows it as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def flat(rec: dict) -> dict:
    """A record as one spreadsheet row: lists joined, formula-like text defused."""
    row = {k: csv_cell(v) for k, v in rec.items()}
    for k in LIST_FIELDS:
        row[k] = csv_cell(CSV_LIST_SEP.join(rec[k]))
    return row


def write_csv(records: Iterable[dict], out: IO[str], bom: bool = False) -> int:
    """bom: start with a UTF-8 byte order mark, by which Excel knows the file is UTF-8 (without it,
    Excel reads Chinese as mojibake)."""
    if bom:
        out.write(BOM)
    w = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    n = 0
    for rec in records:
        w.writerow(flat(rec))
        n += 1
    return n


@dataclass
class XlsxReport:
    records: int = 0
    cells_cut: int = 0  # cells longer than Excel holds, cut at XLSX_CELL_MAX characters
    sheets: int = 0


def write_xlsx(records: Iterable[dict], out: IO[bytes], report: XlsxReport | None = None) -> int:
    """An Excel workbook (XlsxWriter, row by row in constant memory): sheet "articles", then
    "articles 2"... past Excel's rows per sheet. Text is written as text, never as a formula or link."""
    import xlsxwriter

    report = report if report is not None else XlsxReport()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})

    def new_sheet():
        report.sheets += 1
        sheet = book.add_worksheet("articles" if report.sheets == 1 else f"articles {report.sheets}")
        sheet.write_row(0, 0, FIELDS, bold)
        sheet.freeze_panes(1, 0)
        return sheet

    sheet, row = None, XLSX_ROWS
    for rec in records:
        if row >= XLSX_ROWS:
            sheet, row = new_sheet(), 1
        for col, key in enumerate(FIELDS):
            value = CSV_LIST_SEP.join(rec[key]) if key in LIST_FIELDS else rec[key]
            if value is None or value == "":
                continue
            value = str(value)
            if len(value) > XLSX_CELL_MAX:
                value = value[: XLSX_CELL_MAX - 1] + "…"
                report.cells_cut += 1
            sheet.write_string(row, col, value)
        row += 1
        report.records += 1
    if sheet is None:
        new_sheet()
    book.close()
    return report.records


def export(archive, out: IO, fmt: str, since: str | None = None, *, bom: bool = False,
           report: XlsxReport | None = None) -> int:
    """Write the archive to `out` in `fmt` (xlsx: a binary file object); returns the number of
    records. bom: CSV only, see write_csv; report: xlsx only, what had to be cut to fit Excel."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}", hint="use jsonl, csv or xlsx")
    if bom and fmt != "csv":
        raise QueryError("a byte order mark is for CSV only", hint="JSON Lines and xlsx need none")
    records = iter_records(archive, since)
    if fmt == "jsonl":
        return write_jsonl(records, out)
    if fmt == "csv":
        return write_csv(records, out, bom)
    return write_xlsx(records, out, report)
