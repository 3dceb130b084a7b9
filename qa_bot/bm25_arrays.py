"""BM25 scores read straight from the arrays bm25s saved, without bm25s.

``import bm25s`` costs about a second (it imports ``scipy.sparse``, whose
array-API shim imports ``numpy.f2py`` and ``numpy.testing``), most of a CLI
``ask``.  Serving needs none of it: bm25s precomputes every (word, passage)
score at build time and saves them as a CSC matrix in plain ``.npy`` files
(``data``, ``indices``, ``indptr``) beside ``vocab.index.json`` and
``params.index.json``.  A query's scores are the sum of its words' columns,
computed here exactly as ``bm25s.BM25.get_scores`` does for the methods we
build (the same ``np.add.at`` in the same order, so the same float32
results; ``tests/test_bm25_arrays.py`` checks that against bm25s itself).

Building still uses bm25s (``qa_bot.index.build_bm25``).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

# The methods whose saved scores are complete; BM25L and BM25+ add a
# per-word "non-occurrence" score to every passage, which we never build.
_METHODS = frozenset({"robertson", "lucene", "atire"})


@cache
def stopwords_en() -> frozenset[str]:
    """bm25s's English stopword list, read without importing the bm25s package.

    ``bm25s/stopwords.py`` is plain tuples; ``import bm25s.stopwords`` would
    run the package's ``__init__`` (and its scipy import) first.
    """
    spec = importlib.util.find_spec("bm25s")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("bm25s is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "stopwords.py"
    module_spec = importlib.util.spec_from_file_location("_qa_bot_bm25s_stopwords", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"cannot read {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOPWORDS_EN)


@dataclass(frozen=True, eq=False)
class BM25Arrays:
    """A saved bm25s index, scored with numpy (the part of ``bm25s.BM25`` we use).

    ``scores`` holds ``data``, ``indices``, ``indptr`` (memory-mapped when
    loaded with ``mmap=True``) and ``num_docs``, under bm25s's names.
    """

    vocab_dict: dict[str, int]
    scores: dict[str, Any]
    dtype: np.dtype

    @classmethod
    def load(cls, folder: str | Path, mmap: bool = True) -> BM25Arrays:
        """Read a folder written by ``bm25s.BM25.save``; ValueError/TypeError if unusable."""
        folder = Path(folder)
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        if params.get("method") not in _METHODS:
            raise ValueError(f"BM25 method {params.get('method')!r} is not supported")
        vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        if not isinstance(vocab, dict):
            raise TypeError("BM25 vocabulary is not a mapping")
        mode = "r" if mmap else None
        arrays = {
            name: np.load(folder / f"{name}.csc.index.npy", mmap_mode=mode, allow_pickle=False)
            for name in ("data", "indices", "indptr")
        }
        # bm25s's vocabulary ends with "" (no column of its own), so indptr
        # has one entry per real word plus one.
        indptr = arrays["indptr"]
        if (
            len(indptr) < len(vocab)
            or len(arrays["data"]) != len(arrays["indices"])
            or (len(indptr) and int(indptr[-1]) != len(arrays["data"]))
        ):
            raise ValueError("BM25 arrays disagree with each other or with the vocabulary")
        return cls(
            vocab_dict=vocab,
            scores={**arrays, "num_docs": int(params["num_docs"])},
            dtype=np.dtype(params.get("dtype", "float32")),
        )

    def get_tokens_ids(self, tokens: list[str]) -> list[int]:
        """Vocabulary columns of ``tokens``; unknown tokens are left out."""
        return [self.vocab_dict[t] for t in tokens if t in self.vocab_dict]

    def get_scores(self, tokens: list[str], weight_mask: np.ndarray | None = None) -> np.ndarray:
        """One BM25 score per passage for the query ``tokens`` (as bm25s computes it)."""
        ids = np.asarray(self.get_tokens_ids(tokens), dtype=np.int64)
        data, indices, indptr = (self.scores[k] for k in ("data", "indices", "indptr"))
        if len(ids) and int(ids.max()) >= len(indptr) - 1:
            raise ValueError("a query token has no column in the BM25 index")
        scores = np.zeros(self.scores["num_docs"], dtype=self.dtype)
        for column in ids:
            start, end = int(indptr[column]), int(indptr[column + 1])
            np.add.at(scores, indices[start:end], data[start:end])
        if weight_mask is not None:
            scores *= weight_mask
        return scores
