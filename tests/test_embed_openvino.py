"""The OpenVINO routes of the embedding model: the same vectors as the torch
reference (fp32), int8 within the quality gate, the route recorded in the
index so another route rebuilds it, and a server that listens at once and
says "starting" until it is ready."""

from __future__ import annotations

import time

import numpy as np
import pytest

pytest.importorskip("openvino")

from qa_bot.embed import (
    ModelEmbedder,
    choose_route,
    cpu_has_vnni,
    embed_texts,
    model_files,
)
from qa_bot.index import StaleIndex, load_index, read_vectors, update_index
from qa_bot.settings import Settings

TEXTS = [
    "The Committee promotes the opportunity for elected members to sit on the Fostering Panel",
    "a further 24 placement orders were granted",
    "apologies for absence",
    "RESOLVED: That the Herefordshire Autism Strategy 2019-2022 be approved; " * 8,
]


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def openvino_fp32(model_cache):
    embedder = ModelEmbedder(model_files(Settings()), "openvino-fp32", model_cache)
    embedder.load()  # converts the shipped weights once for the session
    return embedder


def test_openvino_fp32_gives_the_reference_vectors(openvino_fp32, embedder):
    ours = openvino_fp32.embed_batch(TEXTS)
    reference = embedder.embed_batch(TEXTS)
    assert ours.dtype == np.float32 and ours.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float(np.min(np.sum(ours * reference, axis=1))) > 0.9999
    # Padding in a batch changes nothing: one by one equals together.
    alone = np.vstack([openvino_fp32.embed_batch([t]) for t in TEXTS])
    np.testing.assert_allclose(alone, ours, atol=1e-5)


def test_the_bulk_path_of_an_index_build_gives_the_reference_vectors(openvino_fp32, embedder,
                                                                   corpus_dir):
    """embed_texts (an index build) runs several small batches in flight on
    OpenVINO's THROUGHPUT model: the same vectors as torch, in input order."""
    from qa_bot.parse import parse_corpus

    texts = [item.text[:1500] for doc in parse_corpus([corpus_dir]).documents
             for item in doc.items][:60]
    texts += TEXTS + [""]
    ours = embed_texts(openvino_fp32, texts)
    reference = embedder.embed_batch(texts)
    assert ours.shape == (len(texts), 384)
    assert float(np.min(np.sum(ours * reference, axis=1))) > 0.9999
    # One batch against several small ones: padding to another length moves
    # the last digits on some CPUs (seen on AMD EPYC: 1.5e-4), never the direction.
    batch = openvino_fp32.embed_batch(texts)
    assert float(np.min(np.sum(batch * ours, axis=1))) > 0.9999
    np.testing.assert_allclose(batch, ours, atol=1e-3)


def test_token_counts_need_no_model_and_match_the_models_tokenizer(model_cache, embedder):
    fresh = ModelEmbedder(model_files(Settings()), "torch", model_cache)
    text = "Herefordshire's safeguarding hub (MASH) £1.2m"
    assert fresh.count_tokens(text) == embedder.count_tokens(text) > len(text.split())
    assert not fresh.ready  # counting loaded nothing


def test_the_route_is_chosen_by_setting_and_cpu(tmp_path):
    assert choose_route(Settings(embedder="torch")) == "torch"
    assert choose_route(Settings(embedder="auto")) == "openvino-fp32"
    with pytest.raises(ValueError):
        choose_route(Settings(embedder="gpu-magic"))
    flags = tmp_path / "cpuinfo"
    flags.write_text("flags\t\t: fpu sse avx2 avx512f avx512_vnni\n")
    assert cpu_has_vnni(flags)
    flags.write_text("flags\t\t: fpu sse avx2\n")
    assert not cpu_has_vnni(flags)


def test_the_index_records_its_route_and_another_route_rebuilds(tmp_path, corpus_dir,
                                                               openvino_fp32, embedder):
    settings = Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "index")
    update_index(settings, openvino_fp32, progress=False)
    index = load_index(settings, openvino_fp32.name, 384)
    assert index.manifest["embedder_route"] == "openvino-fp32"
    with pytest.raises(StaleIndex):
        load_index(settings, embedder.name, 384)  # the torch route's index is another
    again = update_index(settings, embedder, progress=False)
    assert again.embedded == again.passages  # every vector made again by the new route


@pytest.mark.slow
def test_int8_passes_the_quality_gate_on_unseen_minutes(tmp_path, corpus_dir, repo_root,
                                                       model_cache, embedder):
    """Calibrated on the seed corpus, checked on the broad set's other councils."""
    seed = Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "seed")
    int8 = ModelEmbedder(model_files(seed), "openvino-int8", model_cache)
    assert "not made yet" in int8.name
    update_index(seed, int8, progress=False)  # makes the int8 model, calibrated on the seeds
    assert "not made yet" not in int8.name
    broad = Settings(corpus_dir=repo_root / "tests/data/shared_eval/broad/minutes",
                     index_dir=tmp_path / "broad")
    update_index(broad, int8, progress=False)
    index = load_index(broad, int8.name, 384)
    vectors = np.asarray(read_vectors(index))
    reference = embed_texts(embedder, [p.embed_text for p in index.passages])
    cosine = np.sum(vectors * reference, axis=1)
    assert cosine.mean() >= 0.99 and cosine.min() > 0.95


def test_a_starting_server_answers_503_then_200(seed_settings, openvino_fp32):
    from fastapi.testclient import TestClient

    from qa_bot.api import create_app
    from qa_bot.assistant import PendingAssistant

    settings = seed_settings.replace(index_dir=seed_settings.index_dir.parent / "starting")
    pending = PendingAssistant(settings, embedder=openvino_fp32, progress=False)
    app = create_app(settings, pending, ui=False)
    with TestClient(app) as client:
        first = client.get("/healthz")
        asked = client.post("/api/ask", json={"question": "fostering panels"})
        # A fresh index folder: the index is being built, and it says so.
        assert first.status_code == 503 and first.json() == {"status": "starting"}
        assert asked.status_code == 503 and "starting" in asked.json()["error"]
        deadline = time.monotonic() + 600
        while client.get("/healthz").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json()["status"] == "ok"
        answer = client.post("/api/ask", json={"question": "What was resolved about fostering panels?"})
        assert answer.status_code == 200 and answer.json()["citations"]
