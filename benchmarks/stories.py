"""Quality of the digest's stories on two labelled sets written by hand (tests/data/stories):
tune.jsonl, which salience and clustering were tuned on, and heldout.jsonl, which they never were.

Each article goes through the real pipeline (archive, mention finder, fact layer, the gloss engine
or an installed Argos model, topics), then the digest's own code groups the week into stories and
decides what each article is about. Printed:
- salience: precision and recall of "about" over the labelled article-company pairs (a company the
  label says the article is about, or only mentions);
- clustering: pairwise precision and recall (of all pairs of articles put in one story, how many
  are one event; of all pairs that are one event, how many were put together).

Run: .venv/bin/python benchmarks/stories.py [--engine gloss|argos] [--only tuning] [--errors]
(--errors lists the tuning set's mistakes; the held-out set's are never shown, so they cannot be
tuned on.)
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digest.build import week_stories  # noqa: E402
from digest.salience import article_salience  # noqa: E402
from parallax.outputs import digest_concepts  # noqa: E402
from store.archive import Archive  # noqa: E402
from store.companies import sync_registry  # noqa: E402
from store.model import Article  # noqa: E402
from translate.enrich import enrich_pending  # noqa: E402
from translate.registry import default_registry  # noqa: E402
from translate.translator import Translator  # noqa: E402

SETS = {"tuning": ROOT / "tests/data/stories/tune.jsonl", "held-out": ROOT / "tests/data/stories/heldout.jsonl"}


def load(path: Path, engine) -> tuple[Archive, list[dict]]:
    """A fresh archive holding the set, enriched as `parallax run` would; items get "id"."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    archive = Archive.memory()
    sync_registry(archive, default_registry())
    for k, it in enumerate(items):
        it["id"] = archive.upsert_article(Article(
            url=f"https://{it['source']}.example/{path.stem}/{k}", source=it["source"], title=it["title"],
            text=it["text"], lang=it["lang"], published=it["published"], fetched=it["published"])).id
    enrich_pending(archive, Translator(engine, archive=archive))
    return archive, items


def salience_counts(archive: Archive, items: list[dict], errors: list[str] | None) -> tuple[int, int, int, int]:
    """(true positives, false positives, false negatives, pairs) of "about" over the labelled pairs."""
    ids = [it["id"] for it in items]
    mentions = archive.mentions_of(ids)
    tp = fp = fn = pairs = 0
    for it in items:
        got = set(article_salience(archive.article(it["id"]), mentions[it["id"]]).about)
        for company in [*it["about"], *it["mentioned"]]:
            gold, said = company in it["about"], company in got
            pairs += 1
            tp += gold and said
            fp += said and not gold
            fn += gold and not said
            if errors is not None and gold != said:
                errors.append(f"salience: {company} {'about' if gold else 'mentioned'} -> "
                              f"{'about' if said else 'not about'}: {it['title']}")
    return tp, fp, fn, pairs


def cluster_counts(archive: Archive, items: list[dict], errors: list[str] | None) -> tuple[int, int, int, int]:
    """(true positive pairs, predicted pairs, gold pairs, stories found) over the set's week."""
    days = sorted(it["published"][:10] for it in items)
    since, until = days[0], days[-1] + "T23:59:59+00:00"
    stories = week_stories(archive, since, until, full=False, concepts=digest_concepts()).stories  # as the CLI
    predicted = {a.id: k for k, s in enumerate(stories) for a in s.items}
    gold = {it["id"]: it["story"] for it in items}
    title = {it["id"]: it["title"] for it in items}
    tp = pred = true = 0
    for x, y in itertools.combinations(sorted(gold), 2):
        same_pred = predicted.get(x, -x) == predicted.get(y, -y)
        same_gold = gold[x] == gold[y]
        tp += same_pred and same_gold
        pred += same_pred
        true += same_gold
        if errors is not None and same_pred != same_gold:
            kind = "joined" if same_pred else "split"
            errors.append(f"cluster {kind}: [{gold[x]}] {title[x]}  |  [{gold[y]}] {title[y]}")
    return tp, pred, true, len(stories)


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=["gloss", "argos"], default="gloss")
    ap.add_argument("--models-dir", type=Path, default=None, help="where Argos models are installed")
    ap.add_argument("--errors", action="store_true", help="list the tuning set's mistakes")
    ap.add_argument("--only", choices=list(SETS), help="measure one set (tune without looking at the other)")
    args = ap.parse_args()
    if args.engine == "argos":
        from translate.engines import get_engine

        engine = get_engine("argos", args.models_dir or Path.home() / ".local/share/parallax/models")
    else:
        from translate.engines import gloss_engine

        engine = gloss_engine()
    errors: list[str] = []
    for name, path in SETS.items():
        if args.only and name != args.only:
            continue
        t = time.perf_counter()
        archive, items = load(path, engine)
        wanted = errors if args.errors and name == "tuning" else None
        s_tp, s_fp, s_fn, pairs = salience_counts(archive, items, wanted)
        c_tp, c_pred, c_true, found = cluster_counts(archive, items, wanted)
        stories = len({it["story"] for it in items})
        langs = defaultdict(int)
        for it in items:
            langs[it["lang"]] += 1
        print(f"{name}: {len(items)} articles ({langs['zh']} Chinese, {langs['en']} English), {stories} stories, "
              f"{pairs} article-company pairs; engine {engine.name}; {time.perf_counter() - t:.1f} s")
        print(f"  salience (about):   precision {ratio(s_tp, s_tp + s_fp):.3f}  recall {ratio(s_tp, s_tp + s_fn):.3f}"
              f"  ({s_tp + s_fn} about, {pairs - s_tp - s_fn} mentioned)")
        print(f"  clustering (pairs): precision {ratio(c_tp, c_pred):.3f}  recall {ratio(c_tp, c_true):.3f}"
              f"  ({c_true} same-story pairs; {found} stories found for {stories})")
    for line in errors:
        print(line)


if __name__ == "__main__":
    main()
