"""Translation throughput: our layer (sentences, name protection, guard, restore) against raw
ctranslate2.Translator.translate_batch on the same model and sentences; gloss throughput; and the
llm engine against an OpenAI-compatible server (tests/llmserver.py, in its own process) with a
fixed service time and a fixed number of parallel slots.

    .venv/bin/python benchmarks/translate.py                 # builds a Transformer-base sized random model
    .venv/bin/python benchmarks/translate.py --size tiny     # the 32-dim test model
    .venv/bin/python benchmarks/translate.py --model X.argosmodel   # a real package you have
    .venv/bin/python benchmarks/translate.py --only llm      # just the llm engine

Targets: argos overhead <= 10 % (issue #5), gloss >= 200 KB/s of Chinese (UTF-8 bytes); llm
(issue #15) against 100 ms service time and 8 slots (80 requests/s): throughput >= 0.85 x that
capacity, our layer's own time <= 5 ms per request.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

SENTENCES = [
    "蓝箭航天的朱雀二号液氧甲烷运载火箭在酒泉卫星发射中心成功入轨。",
    "星际荣耀完成B轮融资，由国家队基金领投，多家地方政府产业基金跟投。",
    "商业航天企业正在推动军民融合，卫星互联网被纳入新基建。",
    "中科宇航力箭一号运载火箭将多颗遥感卫星送入太阳同步轨道。",
    "星河动力的智神星一号可重复使用液体火箭完成了发动机热试车。",
    "天兵科技表示，天龙三号首飞计划在今年下半年进行。",
    "长光卫星与海外客户签订了遥感数据出口合同。",
    "东方空间引力一号在海上发射，创下固体火箭运力纪录。",
]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def duel(a, b, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Alternate a and b (other processes share the CPU); best wall and best CPU time of each."""
    res = {0: ([], []), 1: ([], [])}
    for _ in range(repeat):
        for k, fn in ((0, a), (1, b)):
            w, c = time.perf_counter(), time.process_time()
            fn()
            res[k][0].append(time.perf_counter() - w)
            res[k][1].append(time.process_time() - c)
    return (min(res[0][0]), min(res[0][1])), (min(res[1][0]), min(res[1][1]))


def llm_bench(requests: int, repeat: int, delay: float = 0.1, slots: int = 8) -> None:
    """Distinct texts of one request each through Translator + llm engine (concurrency = slots),
    against a bare client (httpx, the same pool size) posting the same prompts: the difference is
    what our layer (jobs, terminology, prompt, retry loop, reply guard, repair) costs."""
    import json
    import os
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from translate.engines.llm import LlmEngine, LlmOptions, build_prompt, max_tokens
    from translate.registry import default_registry
    from translate.terms import terms_for
    from translate.translator import Translator

    server = subprocess.Popen([sys.executable, str(REPO / "tests" / "llmserver.py"), "--delay", str(delay),
                               "--slots", str(slots)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        base_url = server.stdout.readline().strip()
        texts = [f"第{i}条。{SENTENCES[i % len(SENTENCES)]}{SENTENCES[(i + 3) % len(SENTENCES)]}" for i in range(requests)]
        capacity = slots / delay
        registry = default_registry()
        probe = Translator(LlmEngine(LlmOptions(model="test-mt")), registry)
        bodies = []
        for t in texts:
            [(_, piece)] = probe._job(t, probe._mentions(t)).pieces
            bodies.append(json.dumps({"model": "test-mt", "temperature": 0, "max_tokens": max_tokens(piece.text),
                                      "stream": False, "messages": [{"role": "user", "content": build_prompt(
                                          piece.text, terms_for(piece, probe.name_of))}]}).encode())

        def ours():
            engine = LlmEngine(LlmOptions(base_url=base_url, model="test-mt", concurrency=slots))
            out = Translator(engine, registry).translate_many(texts)
            engine.close()
            assert engine.requests == requests and all(t.engine == "llm" for t in out), engine.failures()

        def raw():
            with httpx.Client(base_url=base_url + "/", limits=httpx.Limits(max_connections=slots)) as client, \
                    ThreadPoolExecutor(slots) as pool:
                post = lambda b: client.post("chat/completions", content=b,  # noqa: E731
                                             headers={"Content-Type": "application/json"}).json()
                replies = list(pool.map(post, bodies))
            assert all(r["choices"][0]["message"]["content"] for r in replies)

        ours()  # warms the server's memo (a fixed service time after), the registry and the fact layer
        (raw_wall, raw_cpu), (our_wall, our_cpu) = duel(raw, ours, repeat)
        ideal = requests / capacity
        print(f"llm engine: {requests} requests of one piece, server {delay * 1000:.0f} ms x {slots} slots "
              f"(capacity {capacity:.0f}/s: ideal {ideal:.2f} s), best of {repeat}")
        print(f"bare httpx client:        {raw_wall:.3f} s wall {raw_cpu:.3f} s cpu  "
              f"{requests / raw_wall:.1f} requests/s = {requests / raw_wall / capacity:.3f} x capacity")
        print(f"Translator + llm engine:  {our_wall:.3f} s wall {our_cpu:.3f} s cpu  "
              f"{requests / our_wall:.1f} requests/s = {requests / our_wall / capacity:.3f} x capacity")
        print(f"our layer per request: {1000 * (our_wall - raw_wall) * slots / requests:+.2f} ms wall in each slot, "
              f"{1000 * (our_cpu - raw_cpu) / requests:+.2f} ms cpu ({1000 * our_cpu / requests:.2f} ms cpu in all)")
        enrich_run(base_url, requests // 2, repeat, capacity, slots)
    finally:
        server.stdin.close()
        server.wait(timeout=10)


def enrich_run(base_url: str, articles: int, repeat: int, capacity: float, slots: int) -> None:
    """What a run does with the llm engine: title and lead of each Chinese article (two requests),
    then mentions, topics, index rows and one commit per article, in an in-memory archive."""
    from store.archive import Archive
    from store.model import Article
    from translate.engines.llm import LlmEngine, LlmOptions
    from translate.enrich import enrich_pending
    from translate.registry import default_registry
    from translate.translator import Translator

    registry = default_registry()
    best_wall, sent = None, 0
    for r in range(repeat + 1):  # the first run warms the server's memo
        archive = Archive.memory()
        for i in range(articles):
            archive.upsert_article(Article(
                url=f"http://bench.example/{i}", source="bench", lang="zh", title=f"第{i}条：{SENTENCES[i % 8][:14]}",
                text=f"第{i}段。" + "".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(6))))
        engine = LlmEngine(LlmOptions(base_url=base_url, model="test-mt", concurrency=slots))
        translator = Translator(engine, registry, archive)
        translator.warm_up()
        start = time.perf_counter()
        enrich_pending(archive, translator)
        wall = time.perf_counter() - start
        engine.close()
        sent = engine.requests
        if r and (best_wall is None or wall < best_wall):
            best_wall = wall
    rate = sent / best_wall
    print(f"a run's enrichment (title + lead of {articles} articles: {sent} requests, saved one by one): "
          f"{rate:.1f} requests/s = {rate / capacity:.3f} x capacity")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=["tiny", "base"], default="base")
    ap.add_argument("--model", help="an .argosmodel to measure instead of a generated one")
    ap.add_argument("--texts", type=int, default=48, help="texts (of 4 sentences) per model run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=["argos", "gloss", "llm"], help="measure one engine only")
    ap.add_argument("--requests", type=int, default=400, help="requests in the llm run")
    args = ap.parse_args()

    if args.only in (None, "llm"):
        llm_bench(args.requests, args.repeat)
    if args.only in (None, "argos"):
        argos_bench(args)
    if args.only in (None, "gloss"):
        gloss_bench(args.repeat)


def argos_bench(args) -> None:
    from tinymodel import build_package
    from translate.argos_packages import install_model
    from translate.engines import get_engine
    from translate.registry import default_registry
    from translate.translator import Translator

    tmp = Path(tempfile.mkdtemp(prefix="parallax-bench-"))
    if args.model:
        pkg = Path(args.model)
    elif args.size == "tiny":
        pkg = build_package(tmp)
    else:
        pkg = build_package(tmp, d_model=512, ffn=2048, layers=6, heads=8)
    install_model(pkg, tmp / "models")
    engine = get_engine("argos", tmp / "models")
    registry = default_registry()
    # Distinct texts (the Translator translates a repeated text once).
    texts = [f"第{i}条。" + "".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4)) for i in range(args.texts)]
    chars = sum(len(t) for t in texts)

    # Raw: exactly the sentences and tokens our layer sends (names and facts protected), one
    # translate_batch call.
    translator = Translator(engine, registry)
    protected = [p.text for t in texts for _, p in translator._job(t, translator._mentions(t)).pieces]
    sentences = [s for t in protected for p in engine.split(t) for s in p]
    tokens = engine.encode(sentences)
    (raw, raw_cpu), (ours, ours_cpu) = duel(
        lambda: engine.generate(tokens), lambda: translator.translate_many(texts), args.repeat)
    print(f"model: {engine.model} ({'given' if args.model else args.size}), {len(texts)} texts, "
          f"{len(sentences)} sentences, {chars} chars")
    print(f"raw ctranslate2 translate_batch: {raw:.3f} s wall {raw_cpu:.3f} s cpu  {chars / raw:,.0f} chars/s")
    print(f"Translator.translate_many:       {ours:.3f} s wall {ours_cpu:.3f} s cpu  {chars / ours:,.0f} chars/s")
    print(f"overhead: {100 * (ours - raw) / raw:+.1f} % wall, {100 * (ours_cpu - raw_cpu) / raw_cpu:+.1f} % cpu")


def gloss_bench(repeat: int) -> None:
    from translate.engines.gloss import GlossEngine
    from translate.registry import default_registry
    from translate.translator import Translator

    registry = default_registry()
    gloss = GlossEngine(registry)
    big = [f"第{i}条。" + "".join(SENTENCES) for i in range(400)]
    nbytes = sum(len(t.encode("utf-8")) for t in big)
    gloss.translate_batch(big[:2])  # dictionaries loaded outside the timing
    g = best(lambda: gloss.translate_batch(big), repeat)
    gt = Translator(gloss, registry)
    gp = best(lambda: gt.translate_many(big), repeat)
    print(f"gloss engine: {nbytes / 1024 / g:,.0f} KB/s of Chinese ({nbytes / 1024:.0f} KB, UTF-8)")
    print(f"gloss through Translator (mentions, facts, names, guards): {nbytes / 1024 / gp:,.0f} KB/s")


if __name__ == "__main__":
    main()
