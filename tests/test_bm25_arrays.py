"""BM25 scored from bm25s's saved arrays gives bm25s's own scores, bit for bit.

The oracle is bm25s itself (``BM25.load(...).get_scores``) over the passages
of real minutes (the seed corpus and the broad set), queried with every
evaluation question, with and without a filter mask.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa_bot.bm25_arrays import BM25Arrays, stopwords_en
from qa_bot.index import bm25_stopwords, bm25_tokens, build_bm25
from qa_bot.parse import parse_corpus
from qa_bot.records import Passage

DATA = Path(__file__).parent / "data" / "shared_eval"


def _passages(folder: Path) -> list[Passage]:
    """One passage a paragraph of every item: real text, real vocabulary."""
    out = []
    for doc in parse_corpus([folder]).documents:
        for item in doc.items:
            for n, para in enumerate(p for p in item.text.split("\n\n") if p.strip()):
                out.append(Passage(passage_id=f"{item.key}-{n}", source=doc.source,
                                   item_key=item.key, text=para, context=item.title))
    return out


def _questions(path: Path) -> list[str]:
    return [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("corpus", "questions"),
    [
        ("corpus", DATA / "dev_questions.jsonl"),
        (DATA / "broad" / "minutes", DATA / "broad" / "questions.jsonl"),
    ],
    ids=["seeds", "broad"],
)
def test_scores_equal_bm25s_on_real_minutes(tmp_path, repo_root, corpus, questions):
    import bm25s

    passages = _passages(repo_root / corpus)
    assert len(passages) > 100
    build_bm25(passages).save(str(tmp_path / "bm25"), show_progress=False)
    reference = bm25s.BM25.load(str(tmp_path / "bm25"), mmap=True)
    ours = BM25Arrays.load(tmp_path / "bm25", mmap=True)
    assert ours.vocab_dict == reference.vocab_dict
    assert ours.scores["num_docs"] == reference.scores["num_docs"] == len(passages)
    assert isinstance(ours.scores["data"], np.memmap)

    rng = np.random.default_rng(0)
    mask = (rng.random(len(passages)) < 0.5).astype(np.float32)
    compared = 0
    for question in _questions(questions):
        tokens = [t for t in bm25_tokens(question) if t in ours.vocab_dict]
        if not tokens:
            continue
        want = reference.get_scores(tokens)
        got = ours.get_scores(tokens)
        assert got.dtype == want.dtype
        assert np.array_equal(got, want), question
        assert np.array_equal(ours.get_scores(tokens, weight_mask=mask),
                              reference.get_scores(tokens, weight_mask=mask)), question
        compared += 1
    assert compared >= 10


def test_stopwords_are_bm25s_list():
    from bm25s.stopwords import STOPWORDS_EN

    assert stopwords_en() == frozenset(STOPWORDS_EN) == bm25_stopwords()


def test_broken_arrays_are_refused(tmp_path):
    passages = [Passage(passage_id=f"1-{n}", source="a", item_key="1", text=t, context="")
                for n, t in enumerate(("planning committee minutes", "the budget was approved"))]
    build_bm25(passages).save(str(tmp_path), show_progress=False)
    np.save(tmp_path / "indptr.csc.index.npy", np.zeros(1, dtype=np.int32))
    with pytest.raises(ValueError, match="disagree"):
        BM25Arrays.load(tmp_path)


def test_scoring_imports_neither_scipy_nor_bm25s(tmp_path):
    """What ``ask`` and the server load to score BM25: no scipy (about a second)."""
    passages = [Passage(passage_id=f"1-{n}", source="a", item_key="1", text=t, context="")
                for n, t in enumerate(("planning committee minutes", "the budget was approved"))]
    build_bm25(passages).save(str(tmp_path), show_progress=False)
    code = (
        "import sys\n"
        "import qa_bot.index, qa_bot.retrieve\n"
        "from qa_bot.bm25_arrays import BM25Arrays\n"
        f"bm25 = BM25Arrays.load({str(tmp_path)!r})\n"
        "qa_bot.index.bm25_stopwords()\n"
        "print(bm25.get_scores(['planning']).tolist())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scipy', 'bm25s')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    scores, modules = out.stdout.strip().splitlines()
    assert json.loads(scores)[0] > 0 == json.loads(scores)[1]
    assert modules == "[]"
