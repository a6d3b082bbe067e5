"""After the crawl: companies, topics, translation and the FTS row for every pending article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from store.archive import Archive, Processed

BATCH = 16  # articles per translation batch: large enough to batch the model, small enough to commit often


@dataclass
class ProcessStats:
    articles: int = 0
    translated: int = 0  # articles whose title or text went through a translation engine
    flagged: int = 0  # articles with a repaired (degenerate) translation


def process_pending(
    archive: Archive,
    translator,
    topics_extra: dict | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ProcessStats:
    """Process every article whose content or engine changed; each article commits on its own,
    so an interrupted run loses at most the batch in hand and the next run finishes it."""
    from digest.themes import tag_topics
    from translate.mentions import find_mentions
    from translate.normalise import to_simplified
    from translate.segment import segment_for_index

    pending = archive.pending_articles(translator.key)
    stats = ProcessStats()
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        zh = [a for a in batch if (a.get("lang") or "") == "zh"]
        sources: list[str] = []
        for a in zh:
            sources += [a.get("title") or "", a.get("text") or ""]
        results = translator.translate_many(sources) if sources else []
        by_id = {a["id"]: (results[2 * i], results[2 * i + 1]) for i, a in enumerate(zh)}

        for a in batch:
            title, text = a.get("title") or "", a.get("text") or ""
            lang = a.get("lang") or "other"
            title_s, text_s = (to_simplified(title), to_simplified(text)) if lang == "zh" else (title, text)
            mentions = [
                {"company_id": m.company_id, "field": field, "start": m.start, "end": m.end, "surface": m.surface}
                for field, body in (("title", title_s), ("text", text_s))
                for m in find_mentions(body)
            ]
            if a["id"] in by_id:
                t_title, t_text = by_id[a["id"]]
                title_en, text_en = t_title.text_en, t_text.text_en
                engine, model = t_text.engine if text else t_title.engine, t_text.model or t_title.model
                flags = list(t_title.flags) + list(t_text.flags)
                stats.translated += 1
                stats.flagged += bool([f for f in flags if f.startswith("degenerate")])
            else:
                title_en, text_en, engine, model = title, text, "none", None
            topics = tag_topics(f"{title_s}\n{text_s}", lang, topics_extra)
            index = {
                "title": segment_for_index(title_s),
                "text": segment_for_index(text_s),
                # An English original is indexed once, in title/text; only translations fill *_en.
                "title_en": segment_for_index(title_en or "") if engine != "none" else "",
                "text_en": segment_for_index(text_en or "") if engine != "none" else "",
            }
            archive.save_processed(
                a["id"],
                Processed(
                    lang=lang, title_en=title_en, text_en=text_en, engine=engine, model=model,
                    mentions=mentions, topics=topics, index=index,
                    key=f"{a['content_hash']}|{translator.key}",
                ),
            )
            stats.articles += 1
        if on_progress:
            on_progress(min(start + BATCH, len(pending)), len(pending))
    return stats
