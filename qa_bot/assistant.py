"""The one door the adapters (CLI, JSON API, Gradio page, widget) go through.

``Assistant.open(settings)`` loads the embedding model and the index (building
or repairing it first when needed); ``ask`` answers a question with citations,
``search`` ranks agenda items, ``reindex`` picks up corpus changes and swaps
the new index in atomically while requests keep being served.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_bot.answer import answer_question, check_question
from qa_bot.catalog import Catalog, build_catalog, find_item
from qa_bot.embed import CachingEmbedder, Embedder, load_embedder
from qa_bot.index import (
    CorpusUnavailable,
    IndexLoadError,
    IndexReport,
    ensure_index,
    update_index,
)
from qa_bot.records import AgendaItem, Answer, Filters, Hit, Meeting
from qa_bot.retrieve import Retriever
from qa_bot.settings import Settings
from qa_bot.workers import AnswerPool, index_key

logger = logging.getLogger(__name__)


@dataclass
class Assistant:
    settings: Settings
    embedder: Embedder
    retriever: Retriever
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _catalog: tuple[Any, Catalog] | None = field(default=None, repr=False)
    _slots: Any = field(default=None, repr=False)
    # Worker processes that answer instead of this one (``start_workers``).
    pool: AnswerPool | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # The answers computed at once: more would only share the same CPU
        # (and the GIL) and make each of them, and the server's own event
        # loop, slower.  Waiters are served in arrival order.
        limit = self.settings.answer_concurrency
        self._slots = threading.Semaphore(limit) if limit > 0 else contextlib.nullcontext()

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        progress: bool = True,
    ) -> Assistant:
        embedder = embedder or load_embedder(settings)
        warm = getattr(embedder, "start_warming", None)
        if warm is not None:  # the model loads while the index does
            warm()
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
        retriever = self.retriever  # one generation for the whole answer
        if self.pool is not None:
            answer = self.pool.ask(index_key(retriever.index.manifest), question, filters, history)
            if answer is not None:
                return answer
        with self._slots:
            return answer_question(
                question, retriever, self.settings, filters=filters, history=history
            )

    def search(
        self, query: str, k: int | None = None, filters: Filters | None = None
    ) -> list[Hit]:
        query = check_question(query, self.settings)
        retriever = self.retriever
        k = k or self.settings.search_k
        if self.pool is not None:
            hits = self.pool.search(index_key(retriever.index.manifest), query, k, filters)
            if hits is not None:
                return hits
        with self._slots:
            return retriever.search(query, k, filters)

    def start_workers(self, count: int) -> None:
        """Answer in ``count`` worker processes from now on (``qa_bot.workers``);
        until one is open, and whenever one fails, this process answers."""
        if count > 0 and self.pool is None:
            # The workers run the model by this process's route: the index
            # records it, and vectors of another route would not match.
            route = getattr(self.embedder, "route", "torch")
            self.pool = AnswerPool(dataclasses.replace(self.settings, embedder=route), count)
            self.pool.start()

    def stop_workers(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.close()

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

    def catalog(self) -> Catalog:
        """Committees, meetings and items of the index now served (built once per index)."""
        index = self.retriever.index
        cached = self._catalog
        if cached is None or cached[0] is not index:
            cached = (index, build_catalog(index.outlines or index.documents))
            self._catalog = cached  # one assignment: a reader sees old or new
        return cached[1]

    def item_by_id(self, iid: str) -> tuple[AgendaItem, Meeting] | None:
        """One agenda item by its id (``SOURCE#KEY``), or None."""
        return find_item(self.retriever.index, iid)

    def committees(self) -> list[str]:
        """The committees named in the indexed minutes, sorted (for filters)."""
        index = self.retriever.index
        names = {index.meeting(source).committee for source in index.documents}
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


class CannotOpen(Exception):
    """The assistant cannot open: no usable corpus, an index that cannot be
    built, bad settings (the message says which)."""


class Starting(Exception):
    """The assistant is still loading (the index, the model); ask again shortly."""


class PendingAssistant:
    """Stands in for an ``Assistant`` that opens in a background thread.

    A server can listen at once and say "starting" until ``ready``; every
    attribute of the real assistant raises ``Starting`` until it is open (and
    its model warm), then is the real one's.  ``failed`` holds the error that
    stopped it opening, if any.  ``start`` begins opening in a thread of its
    own (so the server's imports overlap the index load and the model's
    compilation); ``open_now`` starts it if need be and waits for it.
    ``workers`` answer worker processes (``qa_bot.workers``) start once it
    is open, without holding up ``ready``.
    """

    def __init__(self, settings: Settings, *, progress: bool = True,
                 embedder: Embedder | None = None, workers: int = 0) -> None:
        self.settings = settings
        self._workers = workers
        self.failed: BaseException | None = None
        self._assistant: Assistant | None = None
        self._opened = threading.Event()
        self._progress = progress
        self._embedder = embedder
        self._opening: Future[Assistant] | None = None
        self._start_lock = threading.Lock()

    def start(self) -> None:
        """Begin opening the assistant in a background thread (once)."""
        with self._start_lock:
            if self._opening is not None:
                return
            self._opening = Future()
        threading.Thread(target=self._open, name="qa-bot-open", daemon=True).start()

    def open_now(self) -> Assistant:
        """Open the assistant (or wait for the opening already begun) and
        return it once its model is warm; raises CannotOpen, or what stopped it."""
        self.start()
        assert self._opening is not None
        return self._opening.result()

    def _open(self) -> None:
        assert self._opening is not None
        try:
            assistant = Assistant.open(self.settings, embedder=self._embedder,
                                       progress=self._progress)
            warming = getattr(assistant.embedder, "start_warming", None)
            if warming is not None:
                warming().join()
            assistant.embedder.embed_batch(["ready"])  # raises if the model cannot load
            # Worker processes open now, without holding up "ready": this
            # process answers until they are warm.
            assistant.start_workers(self._workers)
        except (CorpusUnavailable, IndexLoadError, OSError, ValueError) as exc:
            self.failed = exc
            error = CannotOpen(str(exc))
            error.__cause__ = exc
            self._opening.set_exception(error)
            return
        except BaseException as exc:  # noqa: BLE001 - handed on to whoever waits for it
            self.failed = exc
            self._opening.set_exception(exc)
            return
        self._assistant = assistant
        self._opened.set()
        self._opening.set_result(assistant)

    @property
    def ready(self) -> bool:
        return self._opened.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._opened.wait(timeout)

    def __getattr__(self, name: str) -> Any:
        assistant = self.__dict__.get("_assistant")
        if assistant is None:
            raise Starting("The assistant is still starting; try again in a few seconds.")
        return getattr(assistant, name)


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
