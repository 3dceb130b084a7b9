"""Answers computed in worker processes, so the server's own interpreter stays free.

Answering is mostly Python: computed in the server's process, it holds the
one interpreter lock that the server's event loop, its HTTP parsing and
Gradio's queue (a thread hop per input, per output and per streamed update
of a chat turn) also need, so under load every one of those small steps
waits behind answers.  ``AnswerPool`` runs ``answer_workers`` processes, each
with its own interpreter, model and view of the index (the index files are
memory-mapped, so their pages are shared), and hands each question to an idle
one; the server's threads only wait for the result, without the lock.

Every task names the index generation the server serves (``index_key``): a
worker that holds another one loads it from the index folder first, so a
re-index reaches every worker without a message of its own, and a worker
never answers from an index the server does not serve (when the folder has
moved on to another generation it refuses, and the server answers itself).
Workers only read the index; building and updating stay with the server.

A pool that is still starting, or a worker that fails (it died, the index
could not be read), does not fail the request: ``ask`` and ``search`` return
None and the caller answers in its own process; a dead worker is replaced.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from qa_bot.answer import answer_question
from qa_bot.index import IndexLoadError
from qa_bot.records import Answer, Filters, Hit
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

T = TypeVar("T")


def index_key(manifest: Any) -> str:
    """The identity of an index generation: its base and delta folders."""
    delta = manifest.get("delta") or {}
    return f"{manifest.get('generation')}+{delta.get('generation', '')}"


class GenerationGone(Exception):
    """The index folder no longer holds the generation asked for."""


# --------------------------------------------------------------- in a worker

# The worker process's own retriever (one per process: set by ``_open`` when
# the process starts, replaced by ``_retriever_for`` when the index moves on).
_WORKER: dict[str, Any] = {}


def _open(settings: Settings) -> None:
    """Start a worker: load and warm the model (the index loads on the first task)."""
    from qa_bot.embed import CachingEmbedder, load_embedder

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    # A server stopped by a signal ends without closing its pool (uvicorn
    # re-raises SIGTERM once it has shut down): a worker ends with it.
    threading.Thread(target=_exit_with, args=(os.getppid(),), name="watch-server",
                     daemon=True).start()
    embedder = load_embedder(settings)
    embedder.embed_batch(["ready"])  # loads the model; raises if it cannot
    _WORKER.update(settings=settings, key=None, retriever=None,
                   embedder=CachingEmbedder(embedder, settings.embedding_cache_entries))


def _exit_with(parent: int, every_s: float = 0.5) -> None:
    """End this worker once the server that started it has gone."""
    while os.getppid() == parent:
        time.sleep(every_s)
    os._exit(0)


def _retriever_for(key: str) -> Any:
    """This worker's retriever over the generation ``key``, loaded if need be."""
    if _WORKER["key"] != key:
        from qa_bot.index import load_index
        from qa_bot.retrieve import Retriever

        settings, embedder = _WORKER["settings"], _WORKER["embedder"]
        index = load_index(settings, embedder.name, embedder.dimension)
        if index_key(index.manifest) != key:
            raise GenerationGone(f"the index folder holds {index_key(index.manifest)}, not {key}")
        _WORKER.update(key=key, retriever=Retriever(index, embedder, settings))
    return _WORKER["retriever"]


def _ask(key: str, question: str, filters: Filters | None, history: Sequence[str]) -> Answer:
    return answer_question(question, _retriever_for(key), _WORKER["settings"],
                           filters=filters, history=history)


def _search(key: str, query: str, k: int, filters: Filters | None) -> list[Hit]:
    return _retriever_for(key).search(query, k, filters)


def _describe(key: str | None = None) -> dict[str, Any]:
    """The worker's process id and the generation it serves (after loading ``key``)."""
    if key is not None:
        _retriever_for(key)
    return {"pid": os.getpid(), "index": _WORKER["key"]}


# --------------------------------------------------------------- the server side


class _Slots:
    """Idle workers, handed to the threads that wait for one in the order they came."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: deque[int] = deque()
        self._waiting: deque[list[Any]] = deque()  # [event, slot] per waiting thread

    def take(self) -> int:
        with self._lock:
            if self._idle and not self._waiting:
                return self._idle.popleft()
            waiter: list[Any] = [threading.Event(), None]
            self._waiting.append(waiter)
        waiter[0].wait()
        return waiter[1]

    def give(self, slot: int) -> None:
        with self._lock:
            if self._waiting:
                waiter = self._waiting.popleft()
                waiter[1] = slot
                waiter[0].set()
            else:
                self._idle.append(slot)


class AnswerPool:
    """``workers`` processes that answer for the server (see the module's text).

    ``ask``/``search`` block the calling thread (not the interpreter) until a
    worker is free and has answered; they return None when no worker is
    ready or the worker failed, and the caller answers itself.
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.size = max(1, workers)
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle = _Slots()
        self._executors: list[ProcessPoolExecutor | None] = [None] * self.size
        self._ready = 0
        self._lock = threading.Lock()
        self._closed = False

    @property
    def ready(self) -> int:
        """How many workers are open (model loaded) and answering."""
        return self._ready

    def start(self) -> None:
        """Start every worker; each joins the pool once its model is warm."""
        for slot in range(self.size):
            self._start(slot)

    def _start(self, slot: int) -> None:
        with self._lock:
            if self._closed:
                return
            executor = ProcessPoolExecutor(1, mp_context=self._context, initializer=_open,
                                           initargs=(self.settings,))
            self._executors[slot] = executor
        executor.submit(_describe).add_done_callback(lambda f: self._opened(slot, executor, f))

    def _opened(self, slot: int, executor: ProcessPoolExecutor, future: Future[Any]) -> None:
        if future.exception() is not None:
            logger.error("answer worker %d could not start (%s); the server answers itself",
                         slot, future.exception())
            executor.shutdown(wait=False, cancel_futures=True)
            return
        logger.info("answer worker %d ready (pid %s)", slot, future.result()["pid"])
        with self._lock:
            self._ready += 1
        self._idle.give(slot)

    def _run(self, fn: Callable[..., T], *args: Any) -> T | None:
        if self._ready == 0:
            return None
        slot = self._idle.take()  # waits (without the interpreter lock) for a free worker
        executor = self._executors[slot]
        if executor is None:  # the pool closed meanwhile: the server answers
            return None
        try:
            return executor.submit(fn, *args).result()
        except BrokenProcessPool:
            logger.error("answer worker %d died; starting another, the server answers meanwhile", slot)
            with self._lock:
                self._ready -= 1
            executor.shutdown(wait=False, cancel_futures=True)
            self._start(slot)
            slot = -1  # not idle: it rejoins when the new process is open
            return None
        except (GenerationGone, IndexLoadError) as exc:
            logger.warning("answer worker %d: %s; the server answers itself", slot, exc)
            return None
        finally:
            if slot >= 0:
                self._idle.give(slot)

    def ask(self, key: str, question: str, filters: Filters | None,
            history: Sequence[str]) -> Answer | None:
        """The answer from a worker serving generation ``key``, or None (answer it yourself)."""
        return self._run(_ask, key, question, filters, tuple(history))

    def search(self, key: str, query: str, k: int, filters: Filters | None) -> list[Hit] | None:
        return self._run(_search, key, query, k, filters)

    def describe(self, key: str | None = None) -> list[dict[str, Any]]:
        """Each open worker's pid and generation (after loading ``key``): for tests and logs."""
        out = []
        for executor in list(self._executors):
            if executor is not None:
                try:
                    out.append(executor.submit(_describe, key).result(timeout=120))
                except (BrokenProcessPool, GenerationGone, IndexLoadError, TimeoutError) as exc:
                    out.append({"error": str(exc)})
        return out

    def close(self) -> None:
        with self._lock:
            self._closed = True
            executors, self._executors = self._executors, [None] * self.size
            self._ready = 0
        for executor in executors:
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
