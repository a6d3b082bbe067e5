"""Search benchmark: builds an archive of generated bilingual articles and prints figures.

Articles are generated from real data: Chinese words sampled by their jieba corpus frequency
(Zipf-like, as in real text), their CC-CEDICT English glosses as the "translation", space-sector
terms, and company names in every form the registry knows (brand, legal, English, products,
Traditional). Indexing goes through the real path: translate.segment.segment_for_index on each
column, then Archive.save_enrichment (article row, mentions, topics, FTS row).

    .venv/bin/python benchmarks/search.py [--articles 100000] [--queries 200] [--db PATH]

Prints: archive size, index build rate (segmentation + save, and save alone), p50/p95 latency of
store.search.search() (parse with expansion, FTS5 match, bm25 order, filters, snippets, companies;
limit 20) for Chinese, English, company and sector-term queries (funding, test firing, 十亿元 ...),
plus date-ordered and filtered variants, and the export rate. Queries are parsed as `parallax
search` parses them: company names, the bilingual term list and amounts expanded.
Targets: 100,000 articles: p95 <= 20 ms; 1,000,000 articles (--articles 1000000): p95 <= 50 ms;
indexing >= 2,000 articles/s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store.archive import Archive  # noqa: E402
from store.model import Article, Enrichment, Mention  # noqa: E402
from store.search import Filters, search  # noqa: E402
from translate.lookup import query_language  # noqa: E402

SPACE_TERMS = [
    "航天", "商业航天", "火箭", "运载火箭", "卫星", "发射", "融资", "投资", "轨道", "发动机", "液氧", "甲烷",
    "回收", "试验", "星座", "互联网", "遥感", "载荷", "合同", "订单", "政策", "基金", "估值", "上市",
]
SPACE_TERMS_EN = ["rocket", "satellite", "launch", "funding", "orbit", "engine", "contract", "policy",
                  "investment", "constellation"]
# What an analyst types: the sector's terms (expanded to both languages) and amounts.
TERM_QUERIES = [
    "funding", "launch", "test firing", "satellite internet", "rocket", "satellite", "contract", "policy",
    "engine", "orbit", "constellation", "remote sensing", "investment", "IPO", "reusable", "maiden flight",
    "融资", "发射", "试车", "卫星互联网", "十亿元", "1 billion yuan", "$100 million", "5000万元", "funding 十亿元",
    "LandSpace funding", "Galactic Energy launch", "commercial space policy", "satellite internet contract",
    "title:funding", "LandSpace NEAR Zhuque", "text:(launch OR 发射) -failure",
]
SOURCES = ["36kr", "jiemian", "sina", "sohu", "cnstock", "spacenews", "wechat-a", "wechat-b", "hket"]
TOPICS = ["funding", "launch", "contract", "policy", "talent", "international", "industrial_park"]


def vocabulary(limit: int = 20000) -> tuple[list[str], list[float], dict[str, str]]:
    """Common Chinese words with a CC-CEDICT gloss, weighted by jieba's corpus frequency."""
    import jieba

    from translate.cedict import Cedict

    ced = Cedict()
    rows = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, freq, *_ = line.split()
            if 2 <= len(word) <= 4 and int(freq) >= 50:
                rows.append((int(freq), word))
    rows.sort(reverse=True)
    words, weights, gloss = [], [], {}
    for freq, w in rows:
        g = ced.gloss(w) if w in ced else None
        if not g:
            continue
        g = g.split(";")[0].split(",")[0].strip()
        if not g or len(g) > 30:
            continue
        words.append(w)
        weights.append(float(freq))
        gloss[w] = g
        if len(words) >= limit:
            break
    top = max(weights)
    for t in SPACE_TERMS:  # the sector's own words are frequent in this corpus
        if t in ced:
            g = ced.gloss(t).split(";")[0].split(",")[0].strip()
            words.append(t)
            weights.append(top / 20)
            gloss[t] = g
    return words, weights, gloss


def company_forms(registry) -> list[tuple[str, str, str]]:
    """(company id, Chinese form, English form) to write into articles."""
    from translate.normalise import to_traditional

    out = []
    for c in registry.companies:
        zh = [n for n in c.names() if not n.isascii()] or [c.name_zh or c.name_en]
        en = [n for n in c.names() if n.isascii()] or [c.name_en]
        for p in c.products:
            if p.zh and p.en:
                zh.append(p.zh)
                en.append(p.en)
        zh.append(to_traditional(zh[0]))
        for z in zh:
            out.append((c.id, z, en[0]))
    return out


def generate(n: int, seed: int = 7):
    from translate.registry import default_registry

    rnd = random.Random(seed)
    words, weights, gloss = vocabulary()
    forms = company_forms(default_registry())
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick(k):
        return rnd.choices(words, cum_weights=cum, k=k)

    for i in range(n):
        zh = rnd.random() < 0.7
        mentions = rnd.sample(forms, rnd.choice([0, 1, 1, 1, 2]))
        tw, bw = pick(6), pick(45)
        for cid, zform, eform in mentions:
            tw.insert(rnd.randrange(len(tw) + 1), zform)
            bw.insert(rnd.randrange(len(bw) + 1), zform)
        names = {z: e for _, z, e in mentions}
        en_title = " ".join(names.get(w) or gloss[w] for w in tw)
        en_text = " ".join(names.get(w) or gloss[w] for w in bw) + "."
        day = f"2026-{1 + i * 11 // n:02d}-{1 + rnd.randrange(28):02d}T{rnd.randrange(24):02d}:00:00+00:00"
        if zh:
            title, text, title_en, text_en, lang = "".join(tw), "，".join(
                "".join(bw[j : j + 9]) for j in range(0, len(bw), 9)) + "。", en_title, en_text, "zh"
        else:
            title, text, title_en, text_en, lang = en_title.capitalize(), en_text.capitalize(), None, None, "en"
        yield dict(
            url=f"https://example.org/{i}", source=rnd.choice(SOURCES), lang=lang, title=title, text=text,
            title_en=title_en, text_en=text_en, published=day,
            companies=list(dict.fromkeys(c for c, _, _ in mentions)), topics=rnd.sample(TOPICS, rnd.randint(0, 2)),
        )


def build(archive: Archive, articles, batch: int = 1000) -> dict:
    from translate.segment import segment_for_index

    seg_t = save_t = 0.0
    n = 0
    buf = []
    for a in articles:
        t0 = time.perf_counter()
        idx = {k: segment_for_index(a[k] or "") for k in ("title", "text", "title_en", "text_en")}
        seg_t += time.perf_counter() - t0
        buf.append((a, idx))
        if len(buf) >= batch:
            save_t += _save(archive, buf)
            n += len(buf)
            buf = []
    if buf:
        save_t += _save(archive, buf)
        n += len(buf)
    return {"articles": n, "segment_s": seg_t, "save_s": save_t}


def _save(archive: Archive, buf) -> float:
    t0 = time.perf_counter()
    with archive.transaction():  # one commit per batch, as a run's processing loop could do
        for a, idx in buf:
            r = archive.upsert_article(Article(url=a["url"], source=a["source"], title=a["title"], text=a["text"],
                                                lang=a["lang"], published=a["published"]))
            archive.save_enrichment(r.id, Enrichment(
                lang=a["lang"], title_en=a["title_en"], text_en=a["text_en"], engine="gloss", model=None,
                mentions=[Mention(c, c, 0, 1, "text") for c in a["companies"]],
                topics=a["topics"], index=idx, key="bench",
            ))
    return time.perf_counter() - t0


def latency(archive, queries, words, **kw) -> tuple[float, float, float, float, float]:
    """p50/p95 wall ms, p50/p95 CPU ms (this process only: stable on a shared, busy machine),
    share of queries with results."""
    wall, cpu, hits = [], [], 0
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        res = search(archive, q, limit=20, **words, **kw)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        hits += bool(res)
    return (*_p50_p95(wall), *_p50_p95(cpu), hits / len(queries))


def _size(path: Path) -> int:
    """The archive with its WAL: what the disk holds."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _p50_p95(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, int(len(xs) * 0.95))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--db", help="archive path (default: a temporary file, deleted)")
    ap.add_argument("--reuse", action="store_true", help="--db already built: only measure queries")
    ap.add_argument("--no-export", action="store_true", help="skip the export rates")
    args = ap.parse_args()

    from translate.registry import default_registry
    from translate.segment import tokenizer

    tokenizer()  # dictionary load is start-up cost, not indexing
    registry = default_registry()
    tmp = tempfile.TemporaryDirectory()
    path = Path(args.db) if args.db else Path(tmp.name) / "bench.db"
    archive = Archive.open(path)
    if args.reuse:
        n = archive.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"articles: {n:,}  archive: {_size(path) / 1e6:,.0f} MB (reused {path})")
    else:
        t0 = time.perf_counter()
        stats = build(archive, generate(args.articles))
        wall = time.perf_counter() - t0
        n = stats["articles"]
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"articles: {n:,}  archive: {_size(path) / 1e6:,.0f} MB")
        print(f"index build: {n / wall:,.0f} articles/s end to end (generate + segment + save, {wall:.1f} s)")
        print(f"  segment_for_index x4 columns: {n / stats['segment_s']:,.0f} articles/s")
        print(f"  save_enrichment incl. FTS row: {n / stats['save_s']:,.0f} articles/s")
        print(f"  segment + save:               {n / (stats['segment_s'] + stats['save_s']):,.0f} articles/s")


    rnd = random.Random(11)
    words, weights, gloss = vocabulary()
    top = words[:3000]  # queries people type use common words
    zh_q = [" ".join(rnd.sample(top, rnd.choice([1, 1, 2]))) for _ in range(args.queries)]
    zh_q[: len(SPACE_TERMS)] = SPACE_TERMS
    content = [w for w in (max(gloss[x].split(), key=len) for x in top) if len(w) >= 4 and w.isalpha()]
    en_q = [" ".join(rnd.sample(content, rnd.choice([1, 1, 2]))) for _ in range(args.queries)]
    en_q[: len(SPACE_TERMS_EN)] = SPACE_TERMS_EN
    names = [n for c in registry.companies for n in [*c.names(), *c.product_names()]]
    co_q = [rnd.choice(names) for _ in range(args.queries)]
    term_q = [TERM_QUERIES[i % len(TERM_QUERIES)] for i in range(max(args.queries, len(TERM_QUERIES)))]
    words = query_language(registry).kwargs()  # as parallax search does: names, terms, amounts expanded
    language = query_language(registry)
    language.parse("航天 funding")  # the segmenter's and the term list's first load is start-up cost
    parse_t = time.perf_counter()
    for q in co_q + term_q:
        language.parse(q)
    parse_ms = (time.perf_counter() - parse_t) * 1000 / len(co_q + term_q)

    print(f"latency over {args.queries} queries each, limit 20 (ms; load average {os.getloadavg()[0]:.1f}"
          f" on {os.cpu_count()} CPUs):")
    print(f"  {'':<30} {'wall p50 / p95':>16}   {'CPU p50 / p95':>15}   with results")
    for label, qs, kw in [
        ("chinese  relevance", zh_q, {}),
        ("english  relevance", en_q, {}),
        ("company  relevance", co_q, {}),
        ("terms    relevance", term_q, {}),
        ("chinese  date order", zh_q, {"order": "date"}),
        ("terms    date order", term_q, {"order": "date"}),
        ("company  + --lang zh --since", co_q, {"filters": Filters(lang="zh", since="2026-06-01")}),
        ("terms    + --lang zh --since", term_q, {"filters": Filters(lang="zh", since="2026-06-01")}),
    ]:
        p50, p95, c50, c95, share = latency(archive, qs, words, **kw)
        print(f"  {label:<30} {p50:6.2f} / {p95:6.2f}   {c50:6.2f} / {c95:6.2f}   {share:.0%}")
    print(f"  (parse + expansion alone, company and term queries: {parse_ms:.2f} ms)")

    from store.export import export

    for fmt in () if args.no_export else ("jsonl", "csv"):
        with open(os.devnull, "w", encoding="utf-8") as out:
            t0 = time.perf_counter()
            k = export(archive, out, fmt)
            dt = time.perf_counter() - t0
        print(f"export {fmt}: {k / dt:,.0f} articles/s ({dt:.1f} s)")
    archive.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
