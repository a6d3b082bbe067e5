"""After the crawl: companies, topics, translation and the FTS row for every pending article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

from store.archive import Archive, Processed

BATCH = 16  # articles per translation batch: large enough to batch the model, small enough to commit often


class _Prepared(NamedTuple):
    a: dict
    lang: str
    title: str
    text: str
    title_s: str  # Simplified copies (same length: mention offsets hold for both)
    text_s: str
    title_m: list
    text_m: list


@dataclass
class ProcessStats:
    articles: int = 0
    translated: int = 0  # articles whose title or text went through a translation engine


def process_pending(
    archive: Archive,
    translator,
    topics_extra: dict | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ProcessStats:
    """Process every article whose content or engine changed; each article commits on its own,
    so an interrupted run loses at most the batch in hand and the next run finishes it.
    Pending articles are read a batch at a time: after --retranslate that is the whole archive."""
    from digest.themes import tag_topics
    from store.companies import mentions_for_storage
    from translate.mentions import find_mentions
    from translate.segment import segment_for_index

    total = archive.count_pending(translator.key)
    stats = ProcessStats()
    last_id = 0
    while batch := archive.pending_articles(translator.key, after_id=last_id, limit=BATCH):
        last_id = batch[-1]["id"]
        prepared = []
        for a in batch:
            lang, title, text, title_s, text_s = _texts(a)
            prepared.append(_Prepared(a, lang, title, text, title_s, text_s, find_mentions(title_s),
                                      find_mentions(text_s)))

        zh = [p for p in prepared if p.lang == "zh"]
        sources = [t for p in zh for t in (p.title, p.text)]
        found = [m for p in zh for m in (p.title_m, p.text_m)]
        results = translator.translate_many(sources, mentions=found) if sources else []
        by_id = {p.a["id"]: (results[2 * i], results[2 * i + 1]) for i, p in enumerate(zh)}

        for a, lang, title, text, title_s, text_s, title_m, text_m in prepared:
            if a["id"] in by_id:
                t_title, t_text = by_id[a["id"]]
                title_en, text_en = t_title.text_en, t_text.text_en
                engine, model = t_text.engine if text else t_title.engine, t_text.model or t_title.model
                stats.translated += 1
            else:
                title_en, text_en, engine, model = title, text, "none", None
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
                    mentions=mentions_for_storage(title_m, text_m),
                    topics=tag_topics(f"{title_s}\n{text_s}", lang, topics_extra), index=index,
                    key=f"{a['content_hash']}|{translator.key}",
                ),
            )
            stats.articles += 1
        if on_progress:
            on_progress(stats.articles, total)
    return stats


def _texts(a: dict) -> tuple[str, str, str, str, str]:
    """lang, title, text, and title and text in Simplified Chinese (what mentions and topics read)."""
    from translate.normalise import to_simplified

    title, text = a.get("title") or "", a.get("text") or ""
    lang = a.get("lang") or "other"
    if lang == "zh":
        return lang, title, text, to_simplified(title), to_simplified(text)
    return lang, title, text, title, text


def retag_topics(archive: Archive, topics_extra: dict | None = None) -> int:
    """Tag every processed article again with the current lexicons (after an upgrade or a change of
    config.topics); one transaction per batch. Returns how many articles were tagged."""
    from digest.themes import tag_topics

    done = last_id = 0
    while batch := archive.processed_texts(after_id=last_id, limit=500):
        last_id = batch[-1]["id"]
        topics = {}
        for a in batch:
            lang, _, _, title_s, text_s = _texts(a)
            topics[a["id"]] = tag_topics(f"{title_s}\n{text_s}", lang, topics_extra)
        archive.replace_topics(topics)
        done += len(batch)
    return done
