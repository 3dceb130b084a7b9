"""The server opens in the background: /healthz says "starting" (503) until
the index and the model can answer, then 200.  From then on /api/ask answers,
and a request for the page that comes before Gradio has built it waits for it
rather than failing."""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from qa_bot.api import create_app
from qa_bot.assistant import PendingAssistant
from qa_bot.embed import HashingEmbedder

QUESTION = "What was resolved about fostering panels?"


class HeldEmbedder:
    """The toy embedder, whose warm-up lasts until the test releases it (a
    model that takes its time to load)."""

    def __init__(self, inner: HashingEmbedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.released = threading.Event()
        self._warming: threading.Thread | None = None
        self._lock = threading.Lock()

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)

    def start_warming(self) -> threading.Thread:
        with self._lock:
            if self._warming is None:
                self._warming = threading.Thread(target=self.released.wait, daemon=True)
                self._warming.start()
            return self._warming

    def embed_batch(self, texts):
        return self.inner.embed_batch(texts)


def test_starting_until_ready_then_the_api_and_the_page_work(seed_settings, tmp_path):
    settings = seed_settings.replace(
        index_dir=tmp_path / "index", feedback_db=tmp_path / "feedback.sqlite3",
        rate_limit_per_minute=0,
    )
    held = HeldEmbedder(HashingEmbedder(dimension=64))
    pending = PendingAssistant(settings, embedder=held, progress=False)
    app = create_app(settings, pending)
    with TestClient(app) as client:
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json() == {"status": "starting"}
        assert health.headers["retry-after"]
        asked = client.post("/api/ask", json={"question": QUESTION})
        assert asked.status_code == 503 and "starting" in asked.json()["error"]
        page = client.get("/")  # before the assistant opens: "starting" too, not a hang
        assert page.status_code == 503 and "starting" in page.json()["error"]

        held.released.set()
        deadline = time.monotonic() + 300
        while client.get("/healthz").status_code != 200:
            assert time.monotonic() < deadline, "the server never became ready"
            time.sleep(0.05)
        assert client.get("/healthz").json()["page"] in ("building", "ready")
        # Ready: the page answers at once or once Gradio has built it, never with an error.
        page = client.get("/")
        assert page.status_code == 200 and "gradio" in page.text.lower()
        assert client.get("/healthz").json()["page"] == "ready"
        assert client.get("/widget/").status_code == 200
        answer = client.post("/api/ask", json={"question": QUESTION})
        assert answer.status_code == 200 and answer.json()["question"] == QUESTION
        assert client.get("/healthz").json()["status"] == "ok"
