"""Search quality gate: recall@20 and precision@20 on the labelled English queries
(tests/data/search/queries.yaml) over the bilingual corpus tests/searchcorpus.py writes.

The floors are the scores when the term list was last tuned, less a small margin, so a change that
costs quality fails here; benchmarks/search_quality.py prints the figures (and the tuning half's
failures)."""

from __future__ import annotations

import pytest

from searchcorpus import K, build_corpus, load_queries, relevant, score, stories, summary
from translate.lookup import query_language

pytestmark = pytest.mark.slow  # enriches 416 articles through the gloss engine

# (recall, precision) floors with the term list and amounts, per half.
FLOORS = {"tuning": (0.97, 0.93), "heldout": (0.87, 0.87)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    archive, by_id = build_corpus(tmp_path_factory.mktemp("quality") / "corpus.db")
    yield archive, by_id
    archive.close()


def test_the_labelled_set_is_what_the_issue_asks_for(corpus):
    _, by_id = corpus
    queries = load_queries()
    halves = {h: [q for q in queries if q["split"] == h] for h in ("tuning", "heldout")}
    assert len(queries) == 89 and len(halves["heldout"]) == 32
    # the first 32 tuning queries, and a second batch of new phrasings and concepts (issue 17, round two)
    assert len([q for q in halves["tuning"] if q.get("batch") != 2]) == 32 and len(halves["tuning"]) == 57
    assert len({q["q"] for q in queries}) == len(queries)  # no query twice, so none is in both halves
    # the held-out queries tuned on by accident are marked, so their figure can be told apart
    assert sum(1 for q in halves["heldout"] if q.get("tuned_on")) == 11
    assert not any(q.get("tuned_on") for q in halves["tuning"])
    langs = [s.lang for s in by_id.values()]
    assert len(langs) >= 300 and langs.count("zh") == 288 and langs.count("en") == 128
    for q in queries:
        rel = relevant(q, by_id)
        # Every query has relevant stories in both languages but the few the corpus tells in one.
        assert rel, q["q"]
    assert sum(1 for q in queries if {by_id[i].lang for i in relevant(q, by_id)} == {"zh", "en"}) >= 55


def test_the_corpus_is_the_same_every_time():
    a, b = stories(), stories()
    assert [(s.title, s.text) for s in a] == [(s.title, s.text) for s in b]


@pytest.mark.parametrize("half", ["tuning", "heldout"])
def test_expansion_meets_the_floors_and_beats_names_alone(corpus, half):
    archive, by_id = corpus
    queries = [q for q in load_queries() if q["split"] == half]
    after = summary(score(archive, by_id, queries, query_language().kwargs()))
    before = summary(score(archive, by_id, queries, query_language(terms=False).kwargs()))
    recall, precision = FLOORS[half]
    assert after["recall"] >= recall and after["precision"] >= precision, after
    assert after["recall"] > before["recall"] + 0.25, (before, after)
    assert after["empty"] <= 1 < before["empty"]


def test_recall_counts_what_one_page_can_show(corpus):
    archive, by_id = corpus
    (q,) = [q for q in load_queries() if q["q"] == "funding"]
    (s,) = score(archive, by_id, [q], query_language().kwargs())
    assert len(s.relevant) == 26 and len(s.retrieved) == K
    assert s.recall == s.hits / K and s.precision == s.hits / K
