"""SIGKILL `python -m qa_bot index` at random moments: the index left behind is
always the old one or the new one, complete and consistent, never a broken one
(issue 6).  Real model, real FAISS and BM25 files, a real process killed."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa_bot.index import MissingIndex, load_index
from qa_bot.settings import Settings

RUNS = 20


def start_indexer(repo: Path, settings: Settings) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "qa_bot", "index",
         "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)],
        cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def new_minutes(run: int, sentences: list[str], rng: random.Random) -> str:
    """ModernGov-style minutes of a meeting that never was, from seed sentences."""
    parts = ["Agenda and minutes", "", "Items", "No. Item", ""]
    for n in range(4):
        body = ". ".join(rng.sample(sentences, 6))
        parts += [f"{100 + n}.", "", f"Extra topic {run}-{n}", "",
                  f"To consider extra topic {run}-{n}.", "", "Minutes:", "", body + ".", ""]
    return "\n".join(parts)


def check_consistent(settings: Settings, embedder, versions: set[frozenset]) -> frozenset:
    """The index loads, agrees with itself, and is one of the corpora we wrote."""
    index = load_index(settings, embedder.name, embedder.dimension)
    sources = frozenset(index.documents)
    assert sources in versions, f"index holds {sorted(sources)}, a corpus that never existed"
    # With a delta segment the FAISS index holds the base's rows and the
    # delta its own vectors; the passages and their items are both, stacked.
    delta_rows = len(index.delta.vectors) if index.delta is not None else 0
    assert index.faiss_index.ntotal + delta_rows == len(index.passages) == len(index.passage_item)
    assert {p.source for p in index.passages} <= sources
    return sources


@pytest.mark.slow
def test_random_sigkill_during_indexing_never_leaves_a_broken_index(
    tmp_path, corpus_dir, embedder, repo_root
):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    rng = random.Random(20261123)
    sentences = [
        s.strip() for seed in sorted(corpus_dir.glob("*.txt"))
        for s in seed.read_text(encoding="utf-8").split(". ") if len(s.split()) > 8
    ]

    # One clean run, to learn how long an indexing run takes here.
    started = time.monotonic()
    assert start_indexer(repo_root, settings).wait(timeout=600) == 0
    full_run = time.monotonic() - started
    versions = {frozenset(p.name for p in corpus.iterdir() if p.suffix == ".txt")}
    check_consistent(settings, embedder, versions)

    outcomes = {"killed": 0, "finished": 0}
    for run in range(RUNS):
        # Change the corpus: a new meeting's minutes, unlike any other.
        extra = corpus / f"9{run:02d}_extra.txt"
        extra.write_text(new_minutes(run, sentences, rng), encoding="utf-8")
        versions.add(frozenset(p.name for p in corpus.iterdir() if p.suffix == ".txt"))

        proc = start_indexer(repo_root, settings)
        time.sleep(rng.uniform(0.2, full_run * 1.1))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            outcomes["killed"] += 1
        else:
            outcomes["finished"] += 1
        proc.wait(timeout=60)
        try:
            check_consistent(settings, embedder, versions)
        except MissingIndex:  # pragma: no cover - the first build finished above
            pytest.fail(f"run {run}: the index vanished after a kill")

    assert outcomes["killed"] >= RUNS // 2, outcomes
    # And after all that, one uninterrupted run brings the index up to date.
    assert start_indexer(repo_root, settings).wait(timeout=600) == 0
    final = check_consistent(settings, embedder, versions)
    assert final == frozenset(p.name for p in corpus.iterdir() if p.suffix == ".txt")
