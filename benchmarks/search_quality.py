"""Search quality on the labelled queries (tests/data/search/queries.yaml) over the corpus
tests/searchcorpus.py writes: recall@20 and precision@20 for the tuning and held-out halves, with the
bilingual term list and amounts (as `parallax search` searches) and without them (company names
only: search before issue 17, and `--exact` plus names).

    .venv/bin/python benchmarks/search_quality.py [--failures]

--failures lists the tuning queries that miss a relevant story or show an irrelevant one; held-out
queries are only ever scored, never listed, so nothing is tuned on them.
Targets (with expansion): recall >= 0.9, precision >= 0.8 on both halves.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from searchcorpus import load_queries, score, summary  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--failures", action="store_true", help="list the tuning queries' misses and intruders")
    args = ap.parse_args()

    from searchcorpus import build_corpus
    from translate.lookup import query_language

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        archive, by_id = build_corpus(Path(tmp) / "corpus.db")
        langs = {lang: sum(1 for s in by_id.values() if s.lang == lang) for lang in ("zh", "en")}
        print(f"corpus: {len(by_id)} articles ({langs['zh']} Chinese, {langs['en']} English), "
              f"built in {time.perf_counter() - t0:.1f} s")
        queries = load_queries()
        modes = {"before (names only)": query_language(terms=False).kwargs(),
                 "after (names, terms, amounts)": query_language().kwargs()}
        print(f"{'':<32}{'split':<24}{'queries':>8}{'recall@20':>11}{'precision@20':>14}{'empty':>7}")
        results = {}
        for mode, words in modes.items():
            for split in ("tuning", "heldout"):
                scored = score(archive, by_id, [q for q in queries if q["split"] == split], words)
                results[mode, split] = scored
                s = summary(scored)
                print(f"{mode:<32}{split:<24}{s['queries']:>8}{s['recall']:>11.3f}{s['precision']:>14.3f}{s['empty']:>7}")
            # 11 held-out queries were tuned on by accident (tests/data/search/README.md): the clean figure
            clean = summary([sc for sc in results[mode, "heldout"] if not sc.query.get("tuned_on")])
            print(f"{mode:<32}{'heldout, never tuned on':<24}{clean['queries']:>8}{clean['recall']:>11.3f}"
                  f"{clean['precision']:>14.3f}{clean['empty']:>7}")
        if args.failures:
            print("\ntuning queries below 1.0 (after):")
            for sc in results["after (names, terms, amounts)", "tuning"]:
                if sc.recall == 1.0 and sc.precision == 1.0:
                    continue
                print(f"  {sc.query['q']!r}: recall {sc.recall:.2f} precision {sc.precision:.2f}")
                for i in sorted(sc.relevant - set(sc.retrieved))[:5]:
                    print(f"    missed   {i} {by_id[i].lang} {by_id[i].event}: {by_id[i].title}")
                for i in [i for i in sc.retrieved if i not in sc.relevant][:5]:
                    print(f"    intruder {i} {by_id[i].lang} {by_id[i].event}: {by_id[i].title}")
        archive.close()


if __name__ == "__main__":
    main()
