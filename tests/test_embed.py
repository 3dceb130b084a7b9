"""The packaged model offline, and the toy embedder behind the same interface."""

from __future__ import annotations

import os

import numpy as np

from qa_bot.embed import Embedder, HashingEmbedder, embed_texts


def test_real_model_rows_are_float32_unit_vectors(embedder):
    vectors = embedder.embed_batch(["apologies for absence", "foster carers"])
    assert isinstance(embedder, Embedder)
    assert vectors.dtype == np.float32 and vectors.shape == (2, embedder.dimension) and embedder.dimension == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert os.environ.get("HF_HUB_OFFLINE") == "1"


def test_real_model_puts_paraphrases_closer(embedder):
    a, b, c = embedder.embed_batch(
        [
            "care packages returned early by the provider",
            "were home care contracts handed back by suppliers?",
            "the date of the next meeting",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.1


def test_count_tokens_is_the_models_own_tokenizer(embedder):
    text = "Herefordshire's safeguarding hub (MASH)"
    ids = embedder.tokenizer(text, add_special_tokens=False)["input_ids"]
    assert embedder.count_tokens(text) == len(ids) > len(text.split())


def test_length_sorted_batches_come_back_in_input_order(embedder):
    texts = ["short", "a much longer sentence about the fostering service " * 5, "mid length text"]
    together = embed_texts(embedder, texts, chunk_size=2)
    one_by_one = np.vstack([embedder.embed_batch([t]) for t in texts])
    assert np.allclose(together, one_by_one, atol=1e-5)


def test_hashing_embedder_is_deterministic_and_normalised():
    toy = HashingEmbedder(dimension=32)
    first = toy.embed_batch(["fostering panel", "", "fostering panels"])
    again = HashingEmbedder(dimension=32).embed_batch(["fostering panel", "", "fostering panels"])
    assert np.array_equal(first, again)
    assert np.isclose(np.linalg.norm(first[0]), 1.0) and not first[1].any()
    assert float(first[0] @ first[2]) > 0.5
    assert embed_texts(toy, []).shape == (0, 32)


def test_caching_embedder_returns_the_models_vectors_and_stays_bounded(embedder):
    from qa_bot.embed import CachingEmbedder

    cached = CachingEmbedder(embedder, max_entries=3)
    texts = ["fostering panel", "placement orders", "fostering panel", "care leavers"]
    first = cached.embed_batch(texts)
    np.testing.assert_allclose(first, embedder.embed_batch(texts), atol=1e-5)
    assert len(cached) == 3  # the repeated text is embedded and kept once
    again = cached.embed_batch(["care leavers", "fostering panel"])
    np.testing.assert_array_equal(again, first[[3, 0]])  # from memory, bit for bit
    cached.embed_batch(["adoption", "budget"])
    assert len(cached) == 3  # least recently used dropped first
    assert cached.count_tokens("fostering panel") == embedder.count_tokens("fostering panel")
    assert CachingEmbedder(embedder, max_entries=0).embed_batch(texts).shape == (4, embedder.dimension)
