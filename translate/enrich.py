"""The enrichment step: for every article the archive holds as pending, its companies, topics,
English translation and full-text index rows, each article committed on its own.

What is translated (`body`): the title always, and of the text its lead (`lead`, the default: whole
sentences from the start up to `lead_chars` characters, translate.sentences.lead_end), all of it
(`full`) or nothing (`none`). The English stored in the article's text_en (and indexed) is exactly
that: the lead's translation, the full text's, or nothing. Companies and topics are always found in
the whole Chinese text.

An article whose translation the engine could not give (a server down: the Translator's
engine:unavailable flag) is stored with the gloss, labelled gloss, and marked processed by the
gloss, so it stays pending for the engine of the run and the next run translates it again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, NamedTuple

from store.model import Article, Enrichment, Fact, Mention
from translate.engines.base import engine_key
from translate.mentions import find_mentions
from translate.normalise import to_simplified
from translate.segment import segment_for_index
from translate.sentences import lead_end
from translate.topics import tag_topics

BATCH = 16  # articles per translation batch: large enough to batch the model, small enough to commit often
REQUESTS_PER_SLOT = 8  # a server's batch: articles per parallel request slot, so the slots stay busy
BODIES = ("lead", "full", "none")
LEAD_CHARS = 300  # the default lead: whole sentences up to this many characters (two or three)


class _Prepared(NamedTuple):
    article: Article
    lang: str
    title: str
    text: str
    title_s: str  # Simplified copies (same length: mention offsets hold for both)
    text_s: str
    title_m: list[Mention]
    text_m: list[Mention]


@dataclass
class EnrichStats:
    articles: int = 0
    translated: int = 0  # articles whose title or text went through a translation engine
    facts_missing: int = 0  # facts of those articles their English does not carry
    chars: Counter = field(default_factory=Counter)  # characters of Chinese translated, by engine label
    cached_chars: int = 0  # characters whose translation came from the cache
    unavailable: int = 0  # articles glossed because the engine could not translate them (left pending)
    failures: list[str] = field(default_factory=list)  # what went wrong with the engine, one line each


def to_translate(text: str, body: str = "lead", lead_chars: int = LEAD_CHARS) -> str:
    """The part of an article's text that is translated (a prefix of it: mention offsets hold)."""
    if body == "full":
        return text
    if body == "none":
        return ""
    return text[:lead_end(text, lead_chars)]


def enrich_pending(
    archive,
    translator,
    topics_extra: Mapping | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    body: str = "lead",
    lead_chars: int = LEAD_CHARS,
) -> EnrichStats:
    """Enrich every article whose content or engine changed; each article commits on its own, so an
    interrupted run loses at most the batch in hand and the next run finishes it. Pending articles
    are read a batch at a time: after a reset that is the whole archive. body: lead | full | none."""
    if body not in BODIES:
        raise ValueError(f"body must be one of {', '.join(BODIES)}, not {body!r}")
    total = archive.count_pending(translator.key)
    registry = getattr(translator, "registry", None)  # the names the translator protects are the ones tagged
    stats = EnrichStats()
    chars0, cached0 = Counter(translator.chars), translator.cached_chars
    glossed_key = engine_key("gloss", None)
    # A server translates requests in parallel: a batch that keeps its slots busy between the commits.
    size = max(BATCH, REQUESTS_PER_SLOT * translator.engine.concurrency) if translator.terms else BATCH
    last_id = 0
    while batch := archive.pending_articles(translator.key, after_id=last_id, limit=size):
        last_id = batch[-1].id
        prepared = []
        for a in batch:
            lang, title, text, title_s, text_s = texts_of(a)
            prepared.append(_Prepared(a, lang, title, text, title_s, text_s, find_mentions(title_s, registry),
                                      find_mentions(text_s, registry)))

        zh = [p for p in prepared if p.lang == "zh"]
        sources, found = [], []
        for p in zh:
            part = to_translate(p.text, body, lead_chars)
            sources += [p.title, part]
            found += [p.title_m, [m for m in p.text_m if m.end <= len(part)]]
        results = translator.translate_many(sources, mentions=found) if sources else []
        by_id = {p.article.id: (results[2 * i], results[2 * i + 1]) for i, p in enumerate(zh)}

        for p in prepared:
            a = p.article
            key = translator.key
            facts = []
            if a.id in by_id:
                t_title, t_text = by_id[a.id]
                title_en, text_en = t_title.text_en, (t_text.text_en if t_text.source else None)
                main = t_text if t_text.source else t_title
                engine, model = main.engine, main.model
                if engine == "none":
                    engine, model = t_title.engine, t_title.model
                facts = facts_for_storage(t_title, "title") + facts_for_storage(t_text, "text")
                stats.translated += 1
                stats.facts_missing += sum(f.missing for f in facts)
                if "engine:unavailable" in t_title.flags + t_text.flags:
                    engine, model, key = "gloss", None, glossed_key  # pending again for the run's engine
                    stats.unavailable += 1
            else:
                title_en, text_en, engine, model = p.title, p.text, "none", None
            index = {
                "title": segment_for_index(p.title_s),
                "text": segment_for_index(p.text_s),
                # An English original is indexed once, in title/text; only translations fill *_en.
                "title_en": segment_for_index(title_en or "") if engine != "none" else "",
                "text_en": segment_for_index(text_en or "") if engine != "none" else "",
            }
            mentions = mentions_for_storage(p.title_m, p.text_m)
            archive.save_enrichment(a.id, Enrichment(
                lang=p.lang, title_en=title_en, text_en=text_en, engine=engine, model=model, mentions=mentions,
                topics=tag_topics(f"{p.title_s}\n{p.text_s}", p.lang, topics_extra), index=index,
                key=f"{a.content_hash}|{key}", facts=facts,
            ))
            stats.articles += 1
        if on_progress:
            on_progress(stats.articles, total)
    stats.chars = translator.chars - chars0
    stats.cached_chars = translator.cached_chars - cached0
    stats.failures = translator.failures()
    return stats


def mentions_for_storage(title_mentions: list[Mention], text_mentions: list[Mention]) -> list[Mention]:
    """An article's title and text mentions as the archive stores them (each with its field)."""
    return [replace(m, field="title") for m in title_mentions] + [replace(m, field="text") for m in text_mentions]


def facts_for_storage(t, field: str) -> list[Fact]:
    """A translation's facts as the archive stores them: with their field, and missing marked."""
    missing = {(f.start, f.zh) for f in t.facts_missing}
    return [replace(f, field=field, missing=(f.start, f.zh) in missing) for f in t.facts]


def texts_of(a: Article) -> tuple[str, str, str, str, str]:
    """lang, title, text, and title and text in Simplified Chinese (what mentions and topics read)."""
    title, text = a.title or "", a.text or ""
    lang = a.lang or "other"
    if lang == "zh":
        return lang, title, text, to_simplified(title), to_simplified(text)
    return lang, title, text, title, text


def retag_topics(archive, topics_extra: Mapping | None = None) -> int:
    """Tag every enriched article again with the current rules (after an upgrade or a change of
    config.topics); one transaction per batch. Returns how many articles were tagged."""
    done = last_id = 0
    while batch := archive.enriched_articles(after_id=last_id, limit=500):
        last_id = batch[-1].id
        topics = {}
        for a in batch:
            lang, _, _, title_s, text_s = texts_of(a)
            topics[a.id] = tag_topics(f"{title_s}\n{text_s}", lang, topics_extra)
        archive.replace_topics(topics)
        done += len(batch)
    return done


def retag_mentions(archive, registry=None, batch: int = 500) -> int:
    """Find every enriched article's company mentions again with this registry (after an upgrade of
    ours or a change of the user's companies.extra): titles and texts are read a batch at a time
    in id order and each batch's mentions replaced in one transaction, so the cost grows with the
    archive, never faster, and memory stays one batch. Translations are left as they are.
    Returns how many articles were tagged."""
    done = last_id = 0
    while rows := archive.enriched_articles(after_id=last_id, limit=batch):
        last_id = rows[-1].id
        mentions = {}
        for a in rows:
            _, _, _, title_s, text_s = texts_of(a)
            mentions[a.id] = mentions_for_storage(find_mentions(title_s, registry), find_mentions(text_s, registry))
        archive.replace_mentions(mentions)
        done += len(rows)
    return done
