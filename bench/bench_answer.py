"""Answer latency with a warm model on the seed corpus (prints a table).

    .venv/bin/python bench/bench_answer.py [--rounds 3] [--index DIR]

Opens the assistant once (model loaded, index built if needed), warms it up,
then times ``Assistant.ask`` over the shared dev questions and our own
calibration questions, several rounds: first with no embedding cache (every
question and sentence embedded afresh, as for a question nobody asked
before), then with the cache warm (a question asked again, or one whose
items were retrieved before); and retrieval alone.  Prints p50, p90 and max
in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _questions() -> list[str]:
    files = [REPO / "tests" / "data" / "shared_eval" / "dev_questions.jsonl",
             REPO / "tests" / "data" / "answer_calibration.jsonl"]
    out: list[str] = []
    for f in files:
        if f.exists():
            out += [json.loads(line)["question"] for line in f.read_text(encoding="utf-8").splitlines() if line]
    return out


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa_bot.assistant import Assistant
    from qa_bot.embed import CachingEmbedder
    from qa_bot.retrieve import Retriever
    from qa_bot.settings import Settings

    settings = Settings.from_env(os.environ, corpus_dir=REPO / "corpus", index_dir=args.index)
    assistant = Assistant.open(settings, progress=False)
    cached = assistant.retriever
    uncached = Retriever(cached.index, CachingEmbedder(assistant.embedder, 0), settings)
    questions = _questions()
    for q in questions[:5]:
        assistant.ask(q)  # warm-up
    rows: dict[str, list[float]] = {"ask, no cache": [], "ask, cache warm": [], "retrieval only": []}
    cpu: dict[str, list[float]] = {"ask, no cache": [], "ask, cache warm": []}
    for name, retriever in (("ask, no cache", uncached), ("ask, cache warm", cached)):
        assistant.retriever = retriever
        for round_ in range(args.rounds + (name == "ask, cache warm")):
            for q in questions:
                t0, c0 = time.perf_counter(), time.process_time()
                assistant.ask(q)
                if round_ or name == "ask, no cache":  # the cache's first round fills it
                    rows[name].append((time.perf_counter() - t0) * 1000)
                    cpu[name].append((time.process_time() - c0) * 1000)
                if name == "ask, no cache":
                    t0 = time.perf_counter()
                    retriever.search(q, settings.answer_items, None)
                    rows["retrieval only"].append((time.perf_counter() - t0) * 1000)
    print(f"{len(questions)} questions x {args.rounds} rounds, warm model, seed corpus, "
          f"{os.cpu_count()} CPUs, answer_sentences={settings.answer_sentences}, "
          f"embedding cache {len(cached.embedder)} entries")
    print(f"{'':18}{'p50':>8}{'p90':>8}{'max':>8}{'CPU mean':>10}   (ms; CPU: all threads)")
    for name, values in rows.items():
        mean_cpu = f"{statistics.fmean(cpu[name]):10.0f}" if name in cpu else ""
        print(f"{name:18}{statistics.median(values):8.0f}{_pct(values, 0.9):8.0f}{max(values):8.0f}"
              f"{mean_cpu}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
