"""The Ray Data backfill on a local Ray instance (2 CPUs): the same index as
a local build, written through index shards."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ray")

from qa_bot.embed import ModelEmbedder, embed_texts, model_files
from qa_bot.index import load_index, read_vectors, update_index
from qa_bot.index_ray import ray_embedder_engine
from qa_bot.settings import Settings


@pytest.mark.slow
def test_ray_backfill_writes_the_index_a_local_build_would(tmp_path, corpus_dir):
    settings = Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "index",
                        embedder="openvino-fp32", model_cache_dir=tmp_path / "models")
    embedder = ModelEmbedder(model_files(settings), "openvino-fp32", tmp_path / "models")
    engine = ray_embedder_engine(settings, num_cpus=2, concurrency=2, shard_passages=32)

    report = update_index(settings, embedder, progress=False, engine=engine)

    index = load_index(settings, embedder.name, embedder.dimension)
    assert report.embedded == report.passages == len(index.passages) > 64  # several shards
    vectors = np.asarray(read_vectors(index))
    local = embed_texts(embedder, [p.embed_text for p in index.passages])
    # the same vectors, row for row: shards batch the passages differently, and
    # padding to another length moves the last digits on some CPUs (AMD EPYC: 8e-4)
    assert float(np.min(np.sum(vectors * local, axis=1))) > 0.9999
    np.testing.assert_allclose(vectors, local, atol=2e-3)
    assert not list((tmp_path / "index").glob(".ray-*"))  # shards merged and removed
    assert index.manifest["embedder_route"] == "openvino-fp32"


def test_shards_merge_by_row_and_a_missing_row_is_an_error(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from qa_bot.index_ray import merge_shards

    vectors = np.random.default_rng(0).random((5, 4), dtype=np.float32)
    pq.write_table(pa.table({"row": [3, 1], "vector": [vectors[3].tobytes(), vectors[1].tobytes()]}),
                   tmp_path / "a.parquet")
    pq.write_table(pa.table({"row": [0, 2, 4], "vector": [vectors[i].tobytes() for i in (0, 2, 4)]}),
                   tmp_path / "b.parquet")
    assert np.array_equal(merge_shards(tmp_path, 5, 4), vectors)
    with pytest.raises(RuntimeError, match="5 of 6"):
        merge_shards(tmp_path, 6, 4)
