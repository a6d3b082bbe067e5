"""Benchmark: the digest for one ISO week holding 10,000 articles (target: under 5 s on 2 cores).

Builds a throw-away archive (not timed) of synthetic but realistic articles: ~3,000 events, each told
by 1-6 sources in Chinese (machine-translated, some reposts of each other) and English, 80 companies,
plus 5,000 articles in earlier weeks so "first seen" and the week at a glance have history to search.
Then times build_digest (cold: the previous four weeks are clustered too; warm: their counts were
kept) and rendering (text, HTML, the MIME message, the JSON) separately and prints the figures.

    .venv/bin/python benchmarks/digest.py [--articles 10000] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from digest.build import build_digest  # noqa: E402
from digest.jsonout import render_json  # noqa: E402
from digest.render import render_all  # noqa: E402
from parallax.outputs import digest_concepts  # noqa: E402
from store.archive import Archive  # noqa: E402
from store.model import Article, Enrichment, Mention  # noqa: E402

TOPICS = ("funding", "launches", "contracts", "policy", "people", "international", "facilities")
SOURCES_ZH = ("36kr", "sina", "sohu", "jiemian", "cnstock", "wechat-spacechina", "wechat-dongfang")
SOURCES_EN = ("spacenews", "westeastspace", "taikonautica", "chinaspaceblog")
VERBS = ("launches", "raises", "signs", "completes", "tests", "unveils", "opens", "wins", "delays", "announces")
NOUNS = ("rocket", "satellite", "engine", "constellation", "factory", "contract", "round", "mission",
         "stage", "payload", "spaceport", "policy", "investment", "team", "test", "orbit")
FILLER = ("the", "company", "said", "on", "a", "new", "which", "will", "be", "used", "for", "its", "first",
          "second", "year", "after", "from", "with", "to", "in", "of", "and", "state", "media", "reported")


def sentence(rng: random.Random, core: list[str], n: int) -> str:
    return " ".join(rng.choice(core) if rng.random() < 0.35 else rng.choice(FILLER) for _ in range(n)) + "."


def make_archive(path: Path, n_week: int, n_before: int, seed: int = 7) -> Archive:
    rng = random.Random(seed)
    archive = Archive.open(path)
    companies = [{"id": f"co{k}", "name_en": f"Company{k}", "name_zh": f"公司{k}", "type": rng.choice(
        ("private", "soe", "national_team", "institute_spinoff", "listed"))} for k in range(80)]
    archive.sync_companies(companies)

    def add(day: str, count: int, tag: str, pool: list[dict]) -> None:
        made = 0
        event = 0
        while made < count:
            event += 1
            cos = rng.sample(pool, rng.choice((1, 1, 1, 2, 3)))
            core = [c["name_en"] for c in cos] + [f"{rng.choice(NOUNS)}-{rng.randint(1, 99)}" for _ in range(4)]
            key_terms = [rng.choice(VERBS)] + core[-4:]
            body = " ".join(sentence(rng, core, rng.randint(12, 25)) for _ in range(8))
            topics = rng.sample(TOPICS, rng.choice((0, 1, 1, 2, 3)))
            event_hour = rng.randint(0, 6 * 24 - 1)  # reports follow within a day and a half
            for r in range(min(rng.choice((1, 1, 1, 2, 3, 4, 6)), count - made)):
                zh = rng.random() < 0.65
                src = rng.choice(SOURCES_ZH if zh else SOURCES_EN)
                repost = r > 0 and zh and rng.random() < 0.5
                text_en = body if repost else " ".join(sentence(rng, core, rng.randint(12, 25)) for _ in range(8))
                at = event_hour + rng.randint(0, 36)
                day_n = int(day[-2:]) + min(at // 24, 6)
                when = f"{day[:-2]}{day_n:02d}T{at % 24:02d}:{rng.randint(0, 59):02d}:00+00:00"
                # each outlet words its headline differently: 3 of the event's 5 key terms and a word of its own
                title_en = " ".join([cos[0]["name_en"], *rng.sample(key_terms, 3), rng.choice(NOUNS)])
                title = ("".join(c["name_zh"] for c in cos) + f"事件{tag}{event}") if zh else title_en
                doc = Article(url=f"https://{src}.example/{tag}/{event}/{r}", source=src, lang="zh" if zh else "en",
                               title=title, text=text_en if not zh else "。".join(c["name_zh"] for c in cos) * 20,
                               published=when, fetched=when)
                aid = archive.upsert_article(doc).id
                mentions = [Mention(c["id"], c["name_zh"], k, k + 1, "title") for k, c in enumerate(cos)]
                archive.save_enrichment(aid, Enrichment(
                    lang=doc.lang, title_en=title_en if zh else None, text_en=text_en if zh else None,
                    engine=("argos" if rng.random() < 0.7 else "gloss") if zh else "none",
                    model="translate-zh_en-1.9" if zh else None, mentions=mentions, topics=topics,
                    index={}, key="bench"))
                made += 1

    add("2026-11-02", n_before, "b", companies[:75])  # W45; the last five companies are new in W47
    add("2026-11-16", n_week, "w", companies)  # W47
    return archive


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--before", type=int, default=5_000)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        t = time.perf_counter()
        archive = make_archive(db, args.articles, args.before)
        print(f"setup: {args.articles} articles in 2026-W47 + {args.before} earlier, {time.perf_counter() - t:.1f} s")
        archive.close()
        archive = Archive.open(db)  # cold-ish: a fresh connection, as the CLI would have
        t, c = time.perf_counter(), time.process_time()
        d = build_digest(archive, "2026-W47", None, concepts=digest_concepts())
        t_build, c_build = time.perf_counter() - t, time.process_time() - c
        # the previous four weeks' counts are kept now: a second build is what next week's digest
        # costs when the weeks before it were built once
        t, c = time.perf_counter(), time.process_time()
        d = build_digest(archive, "2026-W47", None, concepts=digest_concepts())
        t_warm, c_warm = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        r = render_all(d)
        t_render, c_render = time.perf_counter() - t, time.process_time() - c
        t = time.perf_counter()
        as_json = render_json(d)
        t_json = time.perf_counter() - t
        size = len(bytes(r.message))
        archive.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the generator knows the truth: the event number is in every URL (…/w/EVENT/REPORT)
    story_events = [{i.url.split("/")[-2] for i in s.items} for s in d.stories]
    stories_per_event: dict[str, int] = {}
    for evs in story_events:
        for e in evs:
            stories_per_event[e] = stories_per_event.get(e, 0) + 1
    pure = sum(1 for evs in story_events if len(evs) == 1)
    whole = sum(1 for n in stories_per_event.values() if n == 1)
    print(f"build_digest: {t_build:.2f} s wall, {c_build:.2f} s CPU, the previous four weeks clustered too "
          f"({d.asymmetry['articles']} articles -> {len(d.stories)} stories, "
          f"{d.asymmetry['stories_zh_only']} only in Chinese, {len(d.new_companies)} new companies)")
    print(f"build_digest again (past weeks' counts kept): {t_warm:.2f} s wall, {c_warm:.2f} s CPU")
    print(f"clusters: {len(stories_per_event)} true events -> {len(d.stories)} stories; {pure / len(d.stories):.1%} of stories "
          f"hold one event only; {whole / len(stories_per_event):.1%} of events kept in one story")
    print(f"render text+html+mime: {t_render:.2f} s wall, {c_render:.2f} s CPU  (message {size / 1024:.0f} KiB, "
          f"text {len(r.text)} chars); --json: {t_json:.2f} s ({len(as_json) / 1024:.0f} KiB, every story)")
    print(f"total: {t_build + t_render:.2f} s wall, {c_build + c_render:.2f} s CPU  (target < 5 s); "
          f"peak RSS {peak:.0f} MiB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
