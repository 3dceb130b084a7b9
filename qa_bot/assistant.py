"""The one door the adapters (CLI, JSON API, Gradio page, widget) go through.

``Assistant.open(settings)`` loads the embedding model and the index (building
or repairing it first when needed); ``ask`` answers a question with citations,
``search`` ranks agenda items, ``reindex`` picks up corpus changes and swaps
the new index in atomically while requests keep being served.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_bot.answer import answer_question, check_question
from qa_bot.embed import CachingEmbedder, Embedder, SentenceTransformerEmbedder
from qa_bot.index import IndexReport, ensure_index, update_index
from qa_bot.records import AgendaItem, Answer, Filters, Hit, Meeting
from qa_bot.retrieve import Retriever
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Assistant:
    settings: Settings
    embedder: Embedder
    retriever: Retriever
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        progress: bool = True,
    ) -> Assistant:
        embedder = embedder or SentenceTransformerEmbedder.load(settings)
        index = ensure_index(settings, embedder, progress=progress)
        # Answers reuse embeddings; index builds use the model directly.
        cached = CachingEmbedder(embedder, settings.embedding_cache_entries)
        return cls(settings, embedder, Retriever(index, cached, settings))

    def ask(
        self,
        question: str,
        filters: Filters | None = None,
        history: Sequence[str] = (),
    ) -> Answer:
        """Answer from the minutes; raises QuestionError for unusable input."""
        question = check_question(question, self.settings)
        return answer_question(
            question, self.retriever, self.settings, filters=filters, history=history
        )

    def search(
        self, query: str, k: int | None = None, filters: Filters | None = None
    ) -> list[Hit]:
        query = check_question(query, self.settings)
        return self.retriever.search(query, k or self.settings.search_k, filters)

    def item(self, source: str, key: str) -> tuple[AgendaItem, Meeting] | None:
        """The whole agenda item a citation points at (``key``: number, else title)."""
        index = self.retriever.index
        document = index.documents.get(source)
        if document is None:
            return None
        for item in document.items:
            if item.key == key:
                return item, document.meeting
        return None

    def committees(self) -> list[str]:
        """The committees named in the indexed minutes, sorted (for filters)."""
        names = {d.meeting.committee for d in self.retriever.index.documents.values()}
        return sorted(n for n in names if n)

    def reindex(self, *, progress: bool = False) -> IndexReport:
        """Update the index from the corpus and switch to it in one step."""
        with self._lock:
            report = update_index(self.settings, self.embedder, progress=progress)
            index = ensure_index(self.settings, self.embedder, progress=progress)
            # One attribute assignment: a request sees the old or the new
            # retriever, never a mixture.
            self.retriever = Retriever(index, self.retriever.embedder, self.settings)
        return report


def hit_to_json(rank: int, hit: Hit) -> dict[str, Any]:
    """One result of the CONTRACT's ``search --json`` object."""
    best = hit.passages[0].text if hit.passages else hit.item.text[:500]
    return {
        "rank": rank,
        "source": hit.item.source,
        "item": hit.item.item,
        "title": hit.item.title,
        "committee": hit.meeting.committee,
        "date": hit.meeting.date,
        "score": round(float(hit.score), 6),
        "text": best,
        "url": hit.meeting.url,  # where the council published the minutes (manifest), or None
    }


def search_to_json(query: str, hits: Sequence[Hit]) -> dict[str, Any]:
    return {
        "query": query,
        "results": [hit_to_json(i, h) for i, h in enumerate(hits, start=1)],
    }


def report_to_json(report: IndexReport) -> dict[str, Any]:
    """A re-indexing report for the admin API: the index folder by name only."""
    report = dataclasses.replace(report, path=Path(report.path).name)
    fields = dataclasses.asdict(report)
    del fields["path"]
    return {"summary": report.summary(), **fields, "seconds": round(report.seconds, 3)}
