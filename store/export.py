"""Export the archive as JSON Lines or CSV: one record per article, streamed in batches."""

from __future__ import annotations

import csv
import json
from typing import IO, Iterable, Iterator

from store.errors import QueryError
from store.search import date_bound
from store.sql import WHEN

FIELDS = [
    "url", "canonical_url", "source", "lang", "title", "title_en", "text", "text_en",
    "published", "fetched", "companies", "topics", "engine", "status", "media",
]
FORMATS = ("jsonl", "csv")
# Companies and topics are looked up per batch: one query per BATCH articles, not one each.
BATCH = 500
# In CSV, list fields are joined with this (ids and topic names never contain it).
CSV_LIST_SEP = ";"


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
    while True:
        rows = cur.fetchmany(BATCH)
        if not rows:
            return
        ids = [r["id"] for r in rows]
        companies = archive.companies_of(ids)
        topics = archive.topics_of(ids)
        for r in rows:
            rec = {k: r[k] for k in FIELDS if k not in ("companies", "topics")}
            rec["companies"] = companies[r["id"]]
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


def write_csv(records: Iterable[dict], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    n = 0
    for rec in records:
        row = {k: csv_cell(v) for k, v in rec.items()}
        row["companies"] = CSV_LIST_SEP.join(rec["companies"])
        row["topics"] = CSV_LIST_SEP.join(rec["topics"])
        w.writerow(row)
        n += 1
    return n


def export(archive, out: IO[str], fmt: str, since: str | None = None) -> int:
    """Write the archive to `out` in `fmt`; returns the number of records."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}", hint="use jsonl or csv")
    writer = write_jsonl if fmt == "jsonl" else write_csv
    return writer(iter_records(archive, since), out)
