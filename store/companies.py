"""The companies and aliases tables (the registry's copy in the archive) and each company's articles."""

from __future__ import annotations

import json
from typing import Iterable

from store.model import CompanyRecord, CompanyRef
from store.sql import A_OK, A_WHEN, chunks, marks


class Companies:
    """Mixed into store.archive.Archive: needs self.conn, self.db (sqlite-utils) and self.transaction()."""

    def sync_companies(self, companies: Iterable[CompanyRecord | dict]) -> None:
        """Replace the registry copy: every company upserted by id, every alias written anew."""
        records = [c if isinstance(c, CompanyRecord) else CompanyRecord(**c) for c in companies]
        with self.transaction():
            self.conn.execute("DELETE FROM aliases")
            self.db["companies"].upsert_all(
                ({"id": c.id, "name_en": c.name_en, "name_zh": c.name_zh, "type": c.type, "parent": c.parent,
                  "province": c.province, "city": c.city, "data": json.dumps(c.data or {}, ensure_ascii=False)}
                 for c in records),
                pk="id",
            )
            self.db["aliases"].insert_all(
                ({"company_id": c.id, "alias": a, "lang": lang} for c in records for a, lang in c.aliases),
                ignore=True,
            )

    def company_refs(self, ids: Iterable[str]) -> dict[str, CompanyRef]:
        """id -> CompanyRef; an id the registry copy lacks is named by its id."""
        ids = sorted(set(ids))
        refs = {i: CompanyRef(i, i) for i in ids}
        for part in chunks(ids):
            for r in self.conn.execute(
                f"SELECT id, name_en, name_zh, type FROM companies WHERE id IN ({marks(len(part))})", part
            ):
                refs[r["id"]] = CompanyRef(r["id"], r["name_en"] or r["id"], r["name_zh"], r["type"])
        return refs

    def product_names(self, ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """id -> {each name of each of its products, folded: the product's English name}, from the
        registry copy (朱雀三号, ZQ-3 and zhuque-3 all give Zhuque-3)."""
        out: dict[str, dict[str, str]] = {}
        ids = sorted(set(ids))
        for part in chunks(ids):
            for r in self.conn.execute(f"SELECT id, data FROM companies WHERE id IN ({marks(len(part))})", part):
                names = out.setdefault(r["id"], {})
                try:
                    products = json.loads(r["data"] or "{}").get("products") or []
                except (ValueError, AttributeError):
                    continue  # a registry copy written by hand without products: names only
                for p in products:
                    if not isinstance(p, dict) or not p.get("en"):
                        continue
                    for name in [p.get("zh"), p["en"], *(p.get("aliases") or [])]:
                        if name:
                            names[str(name).casefold()] = p["en"]
        return out

    def companies_seen_before(self, ids: Iterable[str], before: str) -> set[str]:
        """Of these companies, those mentioned in an archived article dated before `before`."""
        seen: set[str] = set()
        ids = sorted(set(ids))
        for part in chunks(ids):
            for r in self.conn.execute(
                f"SELECT DISTINCT m.company_id FROM mentions m JOIN articles a ON a.id = m.article_id "
                f"WHERE m.company_id IN ({marks(len(part))}) AND {A_OK} AND {A_WHEN} < ?",
                (*part, before),
            ):
                seen.add(r[0])
        return seen

    def is_mentioned(self, company_id: str) -> bool:
        """True when some article mentions this company id (ids of an older registry included)."""
        return self.conn.execute(
            "SELECT 1 FROM mentions WHERE company_id=? LIMIT 1", (company_id,)).fetchone() is not None


def sync_registry(archive, registry) -> int:
    """Copy a registry (anything with archive_rows()) into the archive; returns the company count."""
    rows = registry.archive_rows()
    archive.sync_companies(rows)
    return len(rows)


def articles_of(archive, company_id: str, *, lang: str | None = None, limit: int = 50) -> list[dict]:
    """A company's archived articles, newest first: id, url, source, lang, title, title_en, engine, model, published,
    mentions (how many times the company is named in title and text), surfaces (the names used)."""
    sql = (
        "SELECT a.id, a.url, a.source, a.lang, a.title, a.title_en, a.engine, a.model, "
        f"{A_WHEN} AS published, "
        "COUNT(*) AS mentions "
        "FROM mentions m JOIN articles a ON a.id = m.article_id "
        f"WHERE m.company_id = ? AND {A_OK}"
    )
    args: list = [company_id]
    if lang:
        sql += " AND a.lang = ?"
        args.append(lang)
    sql += " GROUP BY a.id ORDER BY published DESC, a.id DESC LIMIT ?"
    args.append(limit)
    out = [dict(r) for r in archive.conn.execute(sql, args)]
    surfaces: dict[int, set[str]] = {d["id"]: set() for d in out}
    if out:
        for r in archive.conn.execute(
            f"SELECT article_id, surface FROM mentions WHERE company_id = ? AND article_id IN ({marks(len(out))})",
            [company_id, *surfaces],
        ):
            surfaces[r[0]].add(r[1])
    for d in out:
        d["surfaces"] = sorted(surfaces[d["id"]])
    return out


def article_counts(archive) -> dict[str, int]:
    """Number of archived articles naming each company (companies never named are absent)."""
    return {
        r[0]: r[1]
        for r in archive.conn.execute(
            "SELECT m.company_id, COUNT(DISTINCT m.article_id) FROM mentions m "
            f"JOIN articles a ON a.id = m.article_id WHERE {A_OK} GROUP BY m.company_id"
        )
    }
