"""The embedding backfill on Ray: ``python -m qa_bot index --engine ray``.

Parsing and splitting stay on the driver (cheap); the passages still to
embed go to a Ray Data job as shards of ``shard_passages`` rows, each shard
embedded by one of ``concurrency`` actors that load the model once, and
written by Ray as Parquet index shards (``row``, ``vector``) under
``<index>/.ray-<id>/``.  The driver then merges the shards by row into the
vectors of the new generation, which is written and committed exactly as a
local build's (the atomic manifest swap is unchanged), and removes them.

On a cluster every node needs this repository's requirements and the index
folder on shared storage (the int8 model is made once by the driver, in
that folder, and read by every actor); see README, "Past one machine".
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.settings import Settings

logger = logging.getLogger(__name__)


class _EmbedShard:
    """A Ray actor: loads the model once, embeds the batches it is given."""

    def __init__(self, settings: Settings, route: str, model_dir: str) -> None:
        from qa_bot.embed import ModelEmbedder, model_files

        self.embedder = ModelEmbedder(model_files(settings), route, Path(model_dir).parent,
                                      settings.embed_batch_size)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = [str(t) for t in batch["text"]]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        vectors = np.empty((len(texts), self.embedder.dimension), dtype=np.float32)
        vectors[order] = self.embedder.embed_batch([texts[i] for i in order])
        # Each vector as its float32 bytes: a plain binary column, no Ray
        # tensor extension type to decode when the shards are merged.
        packed = np.array([v.tobytes() for v in vectors], dtype=object)
        return {"row": np.asarray(batch["row"], dtype=np.int64), "vector": packed}


def ray_embedder_engine(
    settings: Settings, *, address: str | None = None, concurrency: int | None = None,
    num_cpus: int | None = None, shard_passages: int = 2048,
) -> Any:
    """An ``embed(embedder, texts) -> vectors`` for ``update_index`` that runs
    on Ray (a local instance when ``address`` is None)."""

    def embed(embedder: Any, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, embedder.dimension), dtype=np.float32)
        route = getattr(embedder, "route", None)
        if route is None:
            raise ValueError("the Ray engine embeds with the packaged model only")
        if route != "torch":
            embedder.load()  # the OpenVINO model is made once, here, before any actor reads it
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home
        # A local instance's workers at normal priority (Ray's default nices
        # them to 15, which starves them on a machine that is busy anyway).
        os.environ.setdefault("RAY_worker_niceness", "0")
        import ray

        import qa_bot

        started_here = not ray.is_initialized()
        if started_here:
            ray.init(
                address=address, num_cpus=num_cpus if address is None else None,
                include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                runtime_env={"py_modules": [str(Path(qa_bot.__file__).parent)],
                             "env_vars": {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                                          "RAY_USAGE_STATS_ENABLED": "0"}},
            )
        workers = concurrency or max(1, int(ray.cluster_resources().get("CPU", 1)))
        shards = max(1, math.ceil(len(texts) / shard_passages))
        out = Path(settings.index_dir) / f".ray-{uuid.uuid4().hex[:8]}"
        try:
            import ray.data

            ds = ray.data.from_items(
                [{"row": i, "text": t} for i, t in enumerate(texts)], override_num_blocks=shards
            )
            ds = ds.map_batches(
                _EmbedShard, fn_constructor_args=(settings, route, str(embedder.model_dir)),
                batch_size=shard_passages, batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=min(workers, shards)), num_cpus=1,
            )
            ds.write_parquet(str(out))
            logger.info("Ray wrote %d index shards to %s", len(list(out.glob("*.parquet"))), out)
            return merge_shards(out, len(texts), embedder.dimension)
        finally:
            shutil.rmtree(out, ignore_errors=True)
            if started_here:
                ray.shutdown()

    return embed


def merge_shards(folder: Path, count: int, dimension: int) -> np.ndarray:
    """The vectors of the Parquet shards in ``folder``, row i at position i."""
    import pyarrow.parquet as pq

    vectors = np.zeros((count, dimension), dtype=np.float32)
    seen = np.zeros(count, dtype=bool)
    for path in sorted(folder.glob("*.parquet")):
        table = pq.read_table(path)
        rows = table.column("row").to_numpy()
        packed = b"".join(table.column("vector").to_pylist())
        vectors[rows] = np.frombuffer(packed, dtype=np.float32).reshape(len(rows), dimension)
        seen[rows] = True
    if not seen.all():
        raise RuntimeError(f"the Ray job returned {int(seen.sum())} of {count} vectors")
    return vectors
