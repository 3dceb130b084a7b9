"""The embedding model on the OpenVINO runtime, fp32 or int8.

The same all-MiniLM-L6-v2 as ``SentenceTransformerEmbedder``, run by the
plain ``openvino`` runtime with the ``tokenizers`` library: no torch and no
sentence-transformers at run time, so a process that embeds starts in about
a second.  Mean pooling over the attention mask and the L2 normalisation are
part of the converted graph, so the runtime returns finished vectors.

The OpenVINO models are made once, on this machine, from the shipped weights
with sentence-transformers' own model as the source (``make_openvino_model``)
and cached beside the index (``<index>/models/``); nothing is downloaded.
The int8 model is statically quantised with NNCF, calibrated on a few hundred
of the corpus's own passages; the FFN down-projections
(``layer.N.output.dense``) stay fp32, which keeps the vectors within a cosine
of about 0.999 of the fp32 model's.  Making a model needs torch,
sentence-transformers and (int8) nncf; using it needs only openvino.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

CALIBRATION_PASSAGES = 300
_INFO = "info.json"
_XML = "model.xml"


def load_tokenizer(model_dir: Path, max_tokens: int | None) -> Any:
    """The model's fast tokenizer (``tokenizers``), padded to the longest text
    of a batch and truncated at ``max_tokens`` (None: never truncated)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    if max_tokens is not None:
        tok.enable_truncation(max_tokens)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def encode_batch(tokenizer: Any, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """input_ids and attention_mask (int64) of ``texts``, padded to the longest."""
    encodings = tokenizer.encode_batch(list(texts))
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
    }


# ------------------------------------------------------------ making models


def _pooled_module(model_dir: Path) -> Any:
    """sentence-transformers' own model, wrapped to take input_ids and a 2-D
    mask and return mean-pooled, L2-normalised vectors.

    transformers 5 cannot trace ``BertModel`` with a 2-D mask ("tuple index
    out of range"), so the wrapper turns it into the ready 4-D additive mask
    BERT uses inside.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    bert = st[0].auto_model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            mask = attention_mask.to(torch.float32)
            additive = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=additive,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            summed = (hidden * mask[:, :, None]).sum(dim=1)
            mean = summed / mask.sum(dim=1, keepdim=True).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    return Pooled().eval()


def make_openvino_model(
    model_dir: Path,
    out_dir: Path,
    *,
    int8: bool,
    calibration_texts: Sequence[str] = (),
    max_tokens: int = 256,
) -> Path:
    """Convert (and for ``int8`` quantise) the model into ``out_dir``; returns it.

    Written to a temporary folder renamed into place, so a half-made model is
    never picked up.
    """
    import openvino as ov
    import torch

    started = time.perf_counter()
    module = _pooled_module(model_dir)
    tok = load_tokenizer(model_dir, max_tokens)
    example = encode_batch(tok, ["an example passage of council minutes", "a second"])
    with torch.no_grad():
        ov_model = ov.convert_model(
            module,
            example_input={k: torch.from_numpy(v) for k, v in example.items()},
            input=[("input_ids", [-1, -1], ov.Type.i64), ("attention_mask", [-1, -1], ov.Type.i64)],
        )
    ov_model.outputs[0].get_tensor().set_names({"embedding"})
    if int8:
        ov_model = _quantise(ov_model, tok, calibration_texts)
    tmp = out_dir.with_name(f".tmp-{out_dir.name}-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    try:
        ov.save_model(ov_model, str(tmp / _XML), compress_to_fp16=False)
        info = {
            "id": uuid.uuid4().hex[:12],
            "route": "openvino-int8" if int8 else "openvino-fp32",
            "source": str(model_dir),
            "source_bytes": (model_dir / "model.safetensors").stat().st_size
            if (model_dir / "model.safetensors").exists() else None,
            "calibration_passages": len(calibration_texts) if int8 else 0,
            "max_tokens": max_tokens,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (tmp / _INFO).write_text(json.dumps(info, indent=1), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("made the %s model in %s (%.1fs)", info["route"], out_dir,
                time.perf_counter() - started)
    return out_dir


def _quantise(ov_model: Any, tok: Any, texts: Sequence[str]) -> Any:
    import nncf

    if not texts:
        raise ValueError("int8 quantisation needs calibration passages")
    batches = [encode_batch(tok, texts[i : i + 8]) for i in range(0, len(texts), 8)]
    return nncf.quantize(
        ov_model,
        nncf.Dataset(batches),
        model_type=nncf.ModelType.TRANSFORMER,
        subset_size=len(batches),
        # The FFN down-projections are the layers int8 hurts most: kept fp32.
        ignored_scope=nncf.IgnoredScope(patterns=[r".*layer\.\d+\.output\.dense.*"], validate=False),
    )


def read_model_info(folder: Path) -> dict[str, Any] | None:
    """The info.json of a made model, or None when it is missing or broken."""
    try:
        info = json.loads((folder / _INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not (folder / _XML).is_file():
        return None
    return info


# ------------------------------------------------------------------ runtime


_COMPILED = "compiled"


class OpenVINOModel:
    """A compiled OpenVINO embedding model: token ids in, unit vectors out.

    The compiled form is cached in ``<folder>/compiled/`` (OpenVINO's
    ``CACHE_DIR``: keyed by the model, the runtime's version, the CPU and the
    settings), which makes every later load about 0.45 s faster here.  A
    read-only model folder compiles every time.

    ``throughput=False`` (queries, answers): one stream, every core on each
    request.  ``throughput=True`` (index builds): OpenVINO's THROUGHPUT hint,
    several requests in flight at once (``run_all``), which kept the cores
    busier here: 1.3x the rate of one stream on the same batches.
    """

    def __init__(self, folder: Path, threads: int = 0, *, throughput: bool = False):
        import openvino as ov
        import openvino.properties as props
        import openvino.properties.hint as hints

        core = ov.Core()
        mode = hints.PerformanceMode.THROUGHPUT if throughput else hints.PerformanceMode.LATENCY
        config: dict[str, Any] = {hints.performance_mode: mode}
        if threads > 0:
            config[props.inference_num_threads] = threads
        if os.access(folder, os.W_OK):
            config[props.cache_dir] = str(folder / _COMPILED)
        self.compiled = core.compile_model(str(folder / _XML), "CPU", config)
        self._request = self.compiled.create_infer_request()
        self._lock = threading.Lock()
        self._requests = 1
        if throughput:
            self._requests = max(1, int(self.compiled.get_property(props.optimal_number_of_infer_requests)))

    def __call__(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        with self._lock:
            result = self._request.infer(inputs)
            return np.array(result[self.compiled.output(0)], dtype=np.float32)

    def run_all(self, batches: Sequence[dict[str, np.ndarray]]) -> list[np.ndarray]:
        """The vectors of every batch, several batches in flight at once."""
        import openvino as ov

        out: list[np.ndarray] = [np.zeros(0)] * len(batches)

        def done(request: Any, n: int) -> None:
            out[n] = np.array(request.get_output_tensor(0).data, dtype=np.float32)

        with self._lock:
            queue = ov.AsyncInferQueue(self.compiled, self._requests)
            queue.set_callback(done)
            for n, batch in enumerate(batches):
                queue.start_async(batch, n)
            queue.wait_all()
        return out


def padded_batches(
    encodings: Sequence[Any], batch_size: int
) -> list[tuple[list[int], dict[str, np.ndarray]]]:
    """(rows, model inputs) batches of tokenised texts, the texts of similar
    token counts together so that each batch pads little.

    Padding is to the longest text of the batch with id 0 and mask 0, as the
    tokenizer's own padding does.
    """
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    out = []
    for begin in range(0, len(order), batch_size):
        rows = order[begin : begin + batch_size]
        width = max(len(encodings[i].ids) for i in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for r, i in enumerate(rows):
            n = len(encodings[i].ids)
            ids[r, :n] = encodings[i].ids
            mask[r, :n] = 1
        out.append((rows, {"input_ids": ids, "attention_mask": mask}))
    return out


# Passages a batch holds in an index build's THROUGHPUT run: small batches,
# several in flight (8 ran faster here than 16 or 32).
BULK_BATCH = 8


class OpenVINOEmbedder:
    """The ``Embedder`` over an OpenVINO model: tokenise with ``tokenizers``
    (once; the texts of a call are batched by token count), run the graph
    (pooling and normalisation included)."""

    def __init__(self, folder: Path, files: Any, name: str, batch_size: int = 32):
        self.name = name
        self.dimension = files.dimension
        self.batch_size = batch_size
        self.folder = folder
        self.model = OpenVINOModel(folder)
        self._bulk_model: OpenVINOModel | None = None
        self._tokenizer = load_tokenizer(files.path, files.max_tokens)
        self._tokenizer.no_padding()  # padded_batches pads each batch itself
        # Tokenizer settings are shared state: one batch at a time.
        self._lock = threading.Lock()

    def _batches(self, texts: Sequence[str], size: int) -> list[tuple[list[int], dict[str, np.ndarray]]]:
        with self._lock:
            encodings = self._tokenizer.encode_batch(list(texts))
        return padded_batches(encodings, size)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for rows, inputs in self._batches(texts, self.batch_size):
            out[rows] = self.model(inputs)
        return out

    def embed_bulk(self, texts: Sequence[str]) -> np.ndarray:
        """``embed_batch`` for an index build: the THROUGHPUT model, several
        small batches in flight (compiled on first use)."""
        if self._bulk_model is None:
            self._bulk_model = OpenVINOModel(self.folder, throughput=True)
        batches = self._batches(texts, BULK_BATCH)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for (rows, _), vectors in zip(batches, self._bulk_model.run_all([b for _, b in batches])):
            out[rows] = vectors
        return out
