"""Answer latency with a warm model on the seed corpus (prints a table).

    .venv/bin/python bench/bench_answer.py [--rounds 3] [--index DIR]

Opens the assistant once (model loaded, index built if needed), warms it up,
then times ``Assistant.ask`` over the shared dev questions and our own
calibration questions, several rounds; reports p50, p90 and max in ms, and
the same split into retrieval and the answerer's own work.
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
    files = [REPO.parent / "shared" / "eval" / "dev_questions.jsonl",
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
    from qa_bot.settings import Settings

    settings = Settings.from_env(os.environ, corpus_dir=REPO / "corpus", index_dir=args.index)
    assistant = Assistant.open(settings, progress=False)
    questions = _questions()
    for q in questions[:5]:
        assistant.ask(q)  # warm-up
    total: list[float] = []
    search: list[float] = []
    for _ in range(args.rounds):
        for q in questions:
            t0 = time.perf_counter()
            assistant.retriever.search(q, settings.answer_items, None)
            t1 = time.perf_counter()
            assistant.ask(q)
            t2 = time.perf_counter()
            search.append((t1 - t0) * 1000)
            total.append((t2 - t1) * 1000)
    print(f"{len(questions)} questions x {args.rounds} rounds, warm model, seed corpus, "
          f"{os.cpu_count()} CPUs, answer_sentences={settings.answer_sentences}")
    print(f"{'':18}{'p50':>8}{'p90':>8}{'max':>8}   (ms)")
    for name, values in (("ask (total)", total), ("retrieval only", search)):
        print(f"{name:18}{statistics.median(values):8.0f}{_pct(values, 0.9):8.0f}{max(values):8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
