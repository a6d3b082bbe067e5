"""The week-47 digest fixture: an archive filled from tests/data/digest/week47.json as the pipeline would."""

import json
from pathlib import Path

from store.archive import Archive
from store.model import Article, Enrichment, Fact, Mention, SourceRef
from translate.topics import tag_topics

DATA = Path(__file__).parent / "data" / "digest"


def week_names(archive, since, until):
    """The digest's "new names seen" as the CLI wires it, over the shipped registry."""
    from translate.registry import default_registry
    from translate.suggest import new_names

    return new_names(archive, default_registry(), since, until)


def load_fixture(archive: Archive, path: Path = DATA / "week47.json") -> dict[str, int]:
    """Fill an archive the way the enrichment stage does: upsert, then save_enrichment; returns url -> id."""
    data = json.loads(path.read_text(encoding="utf-8"))
    archive.sync_companies(data["companies"])
    archive.sync_sources([SourceRef(**{k: s[k] for k in ("name", "kind", "url", "lang")}) for s in data["sources"]])
    for s in data["sources"]:
        for h in s["health"]:
            archive.record_source_result(s["name"], ok=h["ok"], error=h.get("error"), when=h["when"])
    ids = {}
    for a in data["articles"]:
        doc = Article(url=a["url"], source=a["source"], title=a["title"], text=a["text"], lang=a["lang"],
                       published=a["published"], fetched=a["published"], canonical_url=a.get("canonical_url"))
        aid = archive.upsert_article(doc).id
        mentions = [Mention(company, surface, start, start + len(surface), field)
                    for company, surface in a["companies"] for field in ("title", "text")
                    for start in _occurrences(a[field], surface)]
        archive.save_enrichment(aid, Enrichment(
            lang=a["lang"], title_en=a.get("title_en"), text_en=a.get("text_en"), engine=a["engine"],
            model=a.get("model"), mentions=mentions, topics=tag_topics(a["title"] + "\n" + a["text"], a["lang"]),
            index={"title": a["title"], "text": a["text"]}, key="fixture", facts=_facts(a)))
        ids[a["url"]] = aid
    return ids


def _occurrences(text: str, surface: str) -> list[int]:
    out, at = [], text.find(surface)
    while at >= 0:
        out.append(at)
        at = text.find(surface, at + len(surface))
    return out


def _facts(a: dict) -> list[Fact]:
    """The fixture's facts ([field, kind, zh, en, missing], in order) with their offsets."""
    out, after = [], {}
    for field, kind, zh, en, missing in a.get("facts", []):
        start = a[field].find(zh, after.get((field, zh), 0))
        after[(field, zh)] = start + len(zh)
        out.append(Fact(kind, zh, start, start + len(zh), en, field=field, missing=missing))
    return out
