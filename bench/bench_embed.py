"""Embedding routes side by side: speed and the quality gate.

For each route (torch fp32, the reference; openvino-fp32; openvino-int8) it
builds the index of the seed corpus and of the broad set
(tests/data/shared_eval/broad) in temporary folders, then measures

- the embedding rate over every passage of both corpora, the model's load
  excluded (wall clock and CPU time: the CPU rate is less distorted when
  other processes share the machine);
- the cosine of each passage vector to the torch fp32 one (mean and min);
- Recall@1, Recall@5 and MRR of the hybrid retrieval on the seed question
  files and on the broad questions.

The gate a route must pass to be the default: mean cosine >= 0.99 and every
R@1/R@5/MRR within 0.01 of torch fp32.  The int8 model is calibrated on the
seed corpus only, so the broad set measures it on councils it never saw.

    .venv/bin/python bench/bench_embed.py [--routes torch,openvino-int8] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np

from qa_bot.embed import ROUTES, ModelEmbedder, choose_route, embed_texts, model_files
from qa_bot.evaluate import evaluate, load_questions
from qa_bot.index import load_index, read_vectors, update_index
from qa_bot.retrieve import Retriever
from qa_bot.settings import Settings

EVAL = REPO / "tests" / "data" / "shared_eval"
CORPORA = {
    "seed": (REPO / "corpus", {"dev": EVAL / "dev_questions.jsonl",
                               "ours": REPO / "tests" / "data" / "questions.jsonl"}),
    "broad": (EVAL / "broad" / "minutes", {"broad": EVAL / "broad" / "questions.jsonl"}),
}
GATE_COSINE = 0.99
GATE_DELTA = 0.01


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_route(route: str, work: Path) -> dict:
    out: dict = {"route": route, "scores": {}}
    texts: list[str] = []
    vectors: list[np.ndarray] = []
    embedder = None
    for corpus_name, (corpus, questions) in CORPORA.items():
        settings = Settings(corpus_dir=corpus, index_dir=work / f"{route}-{corpus_name}",
                            model_cache_dir=work / "models", embedder=route)
        embedder = embedder or ModelEmbedder(model_files(settings), route, work / "models",
                                             settings.embed_batch_size)
        log(f"{route}: building the {corpus_name} index")
        update_index(settings, embedder, progress=False)
        index = load_index(settings, embedder.name, embedder.dimension)
        texts.extend(p.embed_text for p in index.passages)
        vectors.append(np.asarray(read_vectors(index)))
        retriever = Retriever(index, embedder, settings)
        for name, path in questions.items():
            report = evaluate(load_questions(path), retriever)
            out["scores"][name] = {"r1": report.recall_at_1, "r5": report.recall_at_5,
                                   "mrr": report.mrr, "n": report.answerable}
    assert embedder is not None
    embedder.load().embed_batch(["warm up"])
    wall, cpu = time.perf_counter(), time.process_time()
    embed_texts(embedder, texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    out.update(passages=len(texts), rate_wall=len(texts) / wall, rate_cpu=len(texts) / cpu,
               name=embedder.name)
    out["vectors"] = np.vstack(vectors)
    return out


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--routes", help="comma-separated routes (default: torch, openvino-fp32, "
                                    "openvino-int8 where openvino is installed)")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    routes = args.routes.split(",") if args.routes else [
        r for r in ROUTES if r == "torch" or choose_route(Settings()) != "torch"]
    if routes[0] != "torch":
        routes.insert(0, "torch")  # the reference
    with tempfile.TemporaryDirectory(prefix="bench-embed-") as tmp:
        results = [run_route(r, Path(tmp)) for r in routes]
    ref = results[0]
    rows = []
    for r in results:
        cos = np.sum(r["vectors"] * ref["vectors"], axis=1)
        deltas = {f"{q}.{m}": r["scores"][q][m] - ref["scores"][q][m]
                  for q in r["scores"] for m in ("r1", "r5", "mrr")}
        passed = bool(cos.mean() >= GATE_COSINE and all(abs(d) <= GATE_DELTA for d in deltas.values()))
        rows.append({"route": r["route"], "passages": r["passages"],
                     "rate_wall": r["rate_wall"], "rate_cpu": r["rate_cpu"],
                     "speedup_wall": r["rate_wall"] / ref["rate_wall"],
                     "cos_mean": float(cos.mean()), "cos_min": float(cos.min()),
                     "scores": r["scores"], "worst_delta": min(deltas.values()),
                     "gate": passed})
    chosen = choose_route(Settings())
    print(f"\nEmbedding routes (auto chooses {chosen} on this CPU); "
          f"gate: mean cosine >= {GATE_COSINE}, R@1/R@5/MRR within {GATE_DELTA} of torch")
    print("| route | passages/s (wall) | passages/s (CPU) | vs torch | cosine mean / min | "
          "dev R@1/R@5/MRR | ours R@1/R@5/MRR | broad R@1/R@5/MRR | gate |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        s = row["scores"]
        cells = [f"{s[q]['r1']:.3f}/{s[q]['r5']:.3f}/{s[q]['mrr']:.3f}" for q in ("dev", "ours", "broad")]
        print(f"| {row['route']} | {row['rate_wall']:.1f} | {row['rate_cpu']:.1f} | "
              f"{row['speedup_wall']:.2f}x | {row['cos_mean']:.4f} / {row['cos_min']:.4f} | "
              + " | ".join(cells) + f" | {'pass' if row['gate'] else 'FAIL'} |")
    print(f"({rows[0]['passages']} passages: seed corpus and broad set; model load excluded)")
    summary = {"chosen": chosen, "routes": rows}
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))
    return summary


if __name__ == "__main__":
    main()
