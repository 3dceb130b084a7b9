"""QA_BOT_ANSWER_CONCURRENCY: how many answers the assistant computes at once
(over the JSON API and the chat together); the others wait their turn and
are answered, none refused."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from qa_bot.assistant import Assistant
from qa_bot.embed import HashingEmbedder

QUESTIONS = [
    "What was resolved about fostering panels?",
    "How many placement orders were granted?",
    "Who gave apologies for absence?",
    "What was said about the autism strategy?",
    "What did the committee note about adoption?",
    "When is the next meeting?",
]


class CountingEmbedder:
    """The toy embedder, counting the model calls in progress at once."""

    def __init__(self) -> None:
        self.inner = HashingEmbedder(dimension=64)
        self.name = self.inner.name
        self.dimension = self.inner.dimension
        self.counting = False
        self.now = self.most = 0
        self._lock = threading.Lock()

    def __getattr__(self, attribute: str):
        return getattr(self.inner, attribute)

    def embed_batch(self, texts):
        if not self.counting:
            return self.inner.embed_batch(texts)
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            time.sleep(0.05)  # a model call takes a while: overlapping asks would show
            return self.inner.embed_batch(texts)
        finally:
            with self._lock:
                self.now -= 1


def test_one_answer_at_a_time_when_set_to_one_and_every_ask_answered(seed_settings, tmp_path):
    settings = seed_settings.replace(index_dir=tmp_path / "index", answer_concurrency=1,
                                     embedding_cache_entries=0)
    counting = CountingEmbedder()
    assistant = Assistant.open(settings, embedder=counting, progress=False)
    counting.counting = True
    with ThreadPoolExecutor(len(QUESTIONS)) as pool:
        answers = list(pool.map(assistant.ask, QUESTIONS))
    assert [a.question for a in answers] == QUESTIONS
    assert counting.most == 1
