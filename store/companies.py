"""Archive queries about companies: the registry copy in the archive and each company's articles."""

from __future__ import annotations

from store.archive import Archive


def sync_registry(archive: Archive, registry) -> int:
    """Copy the registry (companies and every alias) into the archive; returns the company count."""
    rows = registry.archive_rows()
    archive.sync_companies(rows)
    return len(rows)


def mentions_for_storage(title_mentions, text_mentions) -> list[dict]:
    """Mentions of an article's title and text as rows for store.archive.Processed.mentions."""
    return [
        {"company_id": m.company_id, "field": field, "start": m.start, "end": m.end, "surface": m.surface}
        for field, ms in (("title", title_mentions), ("text", text_mentions))
        for m in ms
    ]


def articles_of(archive: Archive, company_id: str, *, lang: str | None = None, limit: int = 50) -> list[dict]:
    """A company's archived articles, newest first: id, url, source, lang, title, title_en, engine, model, published,
    mentions (how many times the company is named in title and text), surfaces (the names used)."""
    sql = (
        "SELECT a.id, a.url, a.source, a.lang, a.title, a.title_en, a.engine, a.model, "
        "COALESCE(a.published, a.fetched) AS published, "
        "COUNT(*) AS mentions "
        "FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.company_id = ? AND a.status = 'ok'"
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
        q = ",".join("?" * len(out))
        for r in archive.conn.execute(
            f"SELECT article_id, surface FROM mentions WHERE company_id = ? AND article_id IN ({q})",
            [company_id, *surfaces],
        ):
            surfaces[r[0]].add(r[1])
    for d in out:
        d["surfaces"] = sorted(surfaces[d["id"]])
    return out


def article_counts(archive: Archive) -> dict[str, int]:
    """Number of archived articles naming each company (companies never named are absent)."""
    return {
        r[0]: r[1]
        for r in archive.conn.execute(
            "SELECT m.company_id, COUNT(DISTINCT m.article_id) FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE a.status = 'ok' GROUP BY m.company_id"
        )
    }
