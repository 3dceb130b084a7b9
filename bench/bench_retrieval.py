"""Retrieval benchmark: build throughput, search latency, peak memory, cold start
and quality, on the seed corpus and on a synthetic corpus of >= 100,000
passages, side by side with the tutorial pipeline (1,000-character chunks,
200 overlap, same model, flat FAISS, dense only).

    .venv/bin/python bench/bench_retrieval.py            # everything (~10+ min)
    .venv/bin/python bench/bench_retrieval.py --quick    # seed corpus only

Not a test: it prints a table (stdout); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np

from qa_bot.embed import SentenceTransformerEmbedder, embed_texts
from qa_bot.evaluate import evaluate, load_questions
from qa_bot.index import load_index, read_vectors, update_index
from qa_bot.retrieve import Retriever
from qa_bot.settings import Settings

QUESTION_FILES = {
    "dev": REPO / "tests" / "data" / "shared_eval" / "dev_questions.jsonl",
    "ours": REPO / "tests" / "data" / "questions.jsonl",
}
COLD_START = """
import json, resource, sys, time
from pathlib import Path
from qa_bot.settings import Settings
from qa_bot.embed import SentenceTransformerEmbedder
from qa_bot.index import ensure_index
from qa_bot.retrieve import Retriever
s = Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]))
e = SentenceTransformerEmbedder.load(s)
r = Retriever(ensure_index(s, e, progress=False), e, s)
hits = r.search(sys.argv[3])
print(json.dumps({"t": time.time(), "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "top": hits[0].item.key if hits else None}))
"""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def latencies(search, queries: list[str], rounds: int = 3) -> tuple[float, float]:
    search(queries[0])  # warm-up
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            search(q)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def quality(retriever) -> dict[str, tuple[float, float, float]]:
    out = {}
    for name, path in QUESTION_FILES.items():
        if path.exists():
            r = evaluate(load_questions(path), retriever)
            out[name] = (r.recall_at_1, r.recall_at_5, r.mrr)
    return out


def cold_start(corpus: Path, index: Path, query: str) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", COLD_START, str(corpus), str(index), query],
        capture_output=True, text=True, env=env, cwd=REPO, check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["t"] - started, result["maxrss_mb"]


def all_questions() -> list[str]:
    return [q.question for p in QUESTION_FILES.values() if p.exists() for q in load_questions(p)]


def bench_seed(settings: Settings, embedder, work: Path) -> dict:
    from baseline import TutorialRetriever

    from qa_bot.parse import load_manifest, parse_corpus

    s = settings.replace(index_dir=work / "seed-index")
    log("seed: building our index ...")
    t = time.perf_counter()
    report = update_index(s, embedder, progress=True)
    build_s = time.perf_counter() - t
    retriever = Retriever(load_index(s, embedder.name, embedder.dimension), embedder, s)
    queries = all_questions()
    p50, p95 = latencies(retriever.search, queries)
    ours = {
        "passages": report.passages, "build_s": build_s, "rate": report.passages / build_s,
        "p50": p50, "p95": p95, "quality": quality(retriever),
    }
    ours["cold_s"], ours["cold_mb"] = cold_start(s.corpus_dir, s.index_dir, queries[0])
    log("seed: tutorial baseline ...")
    docs = parse_corpus([s.corpus_dir], manifest=load_manifest(s.corpus_dir)).documents
    t = time.perf_counter()
    tutorial = TutorialRetriever.build(docs, embedder)
    tut_build = time.perf_counter() - t
    tp50, tp95 = latencies(tutorial.search, queries)
    base = {
        "passages": len(tutorial.chunks), "build_s": tut_build,
        "rate": len(tutorial.chunks) / tut_build, "p50": tp50, "p95": tp95,
        "quality": quality(tutorial),
    }
    return {"ours": ours, "tutorial": base, "peak_mb": peak_mb()}


def bench_large(settings: Settings, embedder, work: Path, target: int, sample: int) -> dict:
    from synthetic import ReplayEmbedder, write_corpus

    corpus = work / "large-corpus"
    docs = max(1, target // 55)
    log(f"large: writing {docs} synthetic documents ...")
    write_corpus(corpus, settings.corpus_dir, docs)
    s = settings.replace(corpus_dir=corpus, index_dir=work / "large-index")

    from qa_bot.parse import parse_corpus
    from qa_bot.passages import passages_for

    log(f"large: embedding a sample of {sample} passages with the real model ...")
    sample_docs = parse_corpus([corpus]).documents[: max(1, sample // 40)]
    sample_texts = [p.embed_text for d in sample_docs for p in passages_for(d, embedder.count_tokens, s)][:sample]
    t = time.perf_counter()
    pool = embed_texts(embedder, sample_texts, progress=True)
    real_rate = len(sample_texts) / (time.perf_counter() - t)
    replay = ReplayEmbedder(embedder, pool)

    log("large: building the index (replayed vectors) ...")
    t = time.perf_counter()
    report = update_index(s, replay, progress=True)
    pipeline_s = time.perf_counter() - t
    log(f"large: {report.passages} passages")
    index = load_index(s, replay.name, replay.dimension)
    retriever = Retriever(index, embedder, s)
    queries = all_questions()
    p50, p95 = latencies(retriever.search, queries, rounds=2)

    import faiss

    log("large: HNSW variant ...")
    vectors = np.ascontiguousarray(read_vectors(index), dtype=np.float32)
    t = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(vectors.shape[1], s.hnsw_m, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = s.hnsw_ef_construction
    hnsw.add(vectors)
    hnsw.hnsw.efSearch = s.hnsw_ef_search
    hnsw_build = time.perf_counter() - t
    ann = Retriever(dataclasses.replace(index, faiss_index=hnsw), embedder, s)
    hp50, hp95 = latencies(ann.search, queries, rounds=2)
    qv = embedder.embed_batch(queries)
    _, exact = index.faiss_index.search(qv, 10)
    _, approx = hnsw.search(qv, 10)
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx)])
    cold, cold_mb = cold_start(s.corpus_dir, s.index_dir, queries[0])
    return {
        "passages": report.passages, "documents": report.documents,
        "pipeline_s": pipeline_s, "real_rate": real_rate, "sample": len(sample_texts),
        "est_build_s": pipeline_s + report.passages / real_rate,
        "p50": p50, "p95": p95, "hnsw_p50": hp50, "hnsw_p95": hp95,
        "hnsw_build_s": hnsw_build, "hnsw_overlap": float(overlap),
        "cold_s": cold, "cold_mb": cold_mb, "peak_mb": peak_mb(),
    }


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def table(seed: dict, large: dict | None, model_load_s: float) -> str:
    o, t = seed["ours"], seed["tutorial"]
    rows = [
        "| seed corpus | ours (hybrid) | tutorial | ours / tutorial |",
        "| --- | --- | --- | --- |",
        f"| units indexed | {o['passages']} passages | {t['passages']} chunks | |",
        (
            f"| build (embedding included) | {o['build_s']:.1f} s, {o['rate']:.1f} passages/s "
            f"| {t['build_s']:.1f} s, {t['rate']:.1f} chunks/s "
            f"| {ratio(o['build_s'], t['build_s'])} time |"
        ),
        (
            f"| search p50 / p95 (query embedding included) | {o['p50']:.1f} / {o['p95']:.1f} ms "
            f"| {t['p50']:.1f} / {t['p95']:.1f} ms | {ratio(o['p50'], t['p50'])} |"
        ),
    ]
    for name in o["quality"]:
        oq, tq = o["quality"][name], t["quality"][name]
        rows.append(
            f"| {name} questions R@1 / R@5 / MRR | {oq[0]:.3f} / {oq[1]:.3f} / {oq[2]:.3f} "
            f"| {tq[0]:.3f} / {tq[1]:.3f} / {tq[2]:.3f} "
            f"| {ratio(oq[1], tq[1])} R@5, {ratio(oq[2], tq[2])} MRR |"
        )
    rows.append(
        f"| cold start (process start to first result, built index) | {o['cold_s']:.1f} s "
        f"(peak {o['cold_mb']:.0f} MB) | n/a (nothing persisted) | |"
    )
    rows.append(f"| model load (in process) | {model_load_s:.1f} s | same | |")
    rows.append(f"| peak memory of this benchmark after the seed part | {seed['peak_mb']:.0f} MB | | |")
    out = "\n".join(rows)
    if large:
        g = large
        out += "\n\n" + "\n".join([
            f"| synthetic corpus | {g['passages']:,} passages in {g['documents']:,} documents |",
            "| --- | --- |",
            f"| real-model embedding rate (sample of {g['sample']:,}) | {g['real_rate']:.1f} passages/s |",
            (
                f"| pipeline without embedding (parse, split, FAISS, BM25, write) "
                f"| {g['pipeline_s']:.0f} s ({g['passages'] / g['pipeline_s']:.0f} passages/s) |"
            ),
            (
                f"| estimated full build with the real model | {g['est_build_s'] / 60:.0f} min "
                f"({g['passages'] / g['est_build_s']:.1f} passages/s) |"
            ),
            f"| search p50 / p95, flat FAISS + BM25 (query embedding included) | {g['p50']:.1f} / {g['p95']:.1f} ms |",
            (
                f"| search p50 / p95, HNSW + BM25 | {g['hnsw_p50']:.1f} / {g['hnsw_p95']:.1f} ms "
                f"(HNSW build {g['hnsw_build_s']:.0f} s; "
                f"top-10 overlap with exact {g['hnsw_overlap']:.3f}) |"
            ),
            f"| cold start (process start to first result) | {g['cold_s']:.1f} s (peak {g['cold_mb']:.0f} MB) |",
            f"| peak memory of this benchmark | {g['peak_mb']:.0f} MB |",
        ])
        out += (
            "\n\nThe synthetic vectors are real-model vectors of a sample of the synthetic "
            "passages, replayed to every passage (chosen by a hash of its text) with seeded "
            "noise; query vectors come from the real model."
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="seed corpus only (skip the 100k part)")
    parser.add_argument("--passages", type=int, default=100_000, help="synthetic corpus size")
    parser.add_argument("--sample", type=int, default=1000, help="passages embedded for real (large part)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import logging

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    settings = Settings.from_env(os.environ, corpus_dir=REPO / "corpus")
    t = time.perf_counter()
    embedder = SentenceTransformerEmbedder.load(settings)
    model_load_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        seed = bench_seed(settings, embedder, work)
        large = None if args.quick else bench_large(settings, embedder, work, args.passages, args.sample)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(table(seed, large, model_load_s))
    if args.json:
        args.json.write_text(json.dumps({"seed": seed, "large": large}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
