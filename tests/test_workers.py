"""Answers computed in worker processes (qa_bot.workers): the answer comes
from another process and is the one this process would give; a re-index
reaches the worker; a worker that dies or cannot serve the generation asked
for costs no request (the server answers itself) and is replaced."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from qa_bot.workers import AnswerPool, index_key

QUESTION = "What was resolved about fostering panels?"
FARES = "What was resolved about hackney carriage fares?"
LICENSING = """
**Minutes of the meeting of Licensing Committee held at The Council Chamber,
Brockington, 35 Hafod Road, Hereford on Tuesday 14 March 2023 at 2.00 pm**

Present: Councillor P Marsh (Chairperson)

43. REVIEW OF HACKNEY CARRIAGE FARES

The Licensing Manager presented the annual review of the table of hackney carriage
fares. The trade had asked for an increase because of the rising cost of fuel.

Resolved: That the flag fall for hackney carriage fares be increased from £3.00 to
£3.40 with effect from 1 May 2023.
"""


def wait_ready(pool: AnswerPool, count: int = 1, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while pool.ready < count:
        assert time.monotonic() < deadline, "the answer worker did not start"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def own_assistant(tmp_path_factory, seed_settings, corpus_dir, embedder):
    """An assistant over copies of the corpus and the session's index, answering
    through one worker process (shared by this module's tests, in their order)."""
    from qa_bot.assistant import Assistant

    tmp_path = tmp_path_factory.mktemp("workers")
    shutil.copytree(corpus_dir, tmp_path / "corpus")
    shutil.copytree(seed_settings.index_dir, tmp_path / "index")
    settings = seed_settings.replace(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    mine = Assistant.open(settings, embedder=embedder, progress=False)
    mine.start_workers(1)
    assert mine.pool is not None
    wait_ready(mine.pool)
    yield mine
    mine.stop_workers()


def test_the_worker_answers_as_this_process_would(own_assistant):
    pool = own_assistant.pool
    key = index_key(own_assistant.retriever.index.manifest)
    [worker] = pool.describe(key)
    assert worker["pid"] != os.getpid() and worker["index"] == key

    from qa_bot.answer import answer_question

    remote = pool.ask(key, QUESTION, None, ())
    local = answer_question(QUESTION, own_assistant.retriever, own_assistant.settings)
    assert remote is not None and remote.grounded and remote.citations
    assert remote == local
    hits = pool.search(key, "fostering panel", 3, None)
    assert [h.item.title for h in hits] == [
        h.item.title for h in own_assistant.retriever.search("fostering panel", 3, None)]


def test_a_generation_the_folder_no_longer_holds_is_answered_here(own_assistant):
    pool = own_assistant.pool
    assert pool.ask("gen-gone+", QUESTION, None, ()) is None  # the caller answers itself
    assert own_assistant.ask(QUESTION).grounded  # and the worker is still in the pool
    assert pool.ready == 1


def test_a_reindex_reaches_the_worker(own_assistant):
    pool = own_assistant.pool
    before = index_key(own_assistant.retriever.index.manifest)
    assert "950_licensing.txt" not in {c.source for c in own_assistant.ask(FARES).citations}

    (own_assistant.settings.corpus_dir / "950_licensing.txt").write_text(LICENSING, encoding="utf-8")
    own_assistant.reindex()
    after = index_key(own_assistant.retriever.index.manifest)
    assert after != before

    answer = own_assistant.ask(FARES)  # through the worker, which loads the new generation
    assert "950_licensing.txt" in {c.source for c in answer.citations} and "3.40" in answer.answer
    assert [w["index"] for w in pool.describe()] == [after]


def test_a_dead_worker_is_replaced_and_costs_no_request(own_assistant):
    pool = own_assistant.pool
    [worker] = pool.describe()
    os.kill(worker["pid"], signal.SIGKILL)
    time.sleep(0.5)
    answer = own_assistant.ask(QUESTION)  # the worker is found dead: answered here
    assert answer.grounded and answer.citations
    wait_ready(pool)
    [replacement] = pool.describe()
    assert replacement["pid"] != worker["pid"]
    assert pool.ask(index_key(own_assistant.retriever.index.manifest), QUESTION, None, ()) == answer


def test_the_server_answers_through_its_workers_and_they_end_with_it(
    tmp_path, seed_settings, corpus_dir, repo_root
):
    """``python app.py``: /healthz counts the open workers, /api/ask is
    answered, and when the server is killed its workers end too."""
    import json
    import subprocess
    import sys
    from urllib.request import Request, urlopen

    from app_server import free_port

    shutil.copytree(seed_settings.index_dir, tmp_path / "index")
    port = free_port()
    env = {**os.environ, "QA_BOT_ANSWER_WORKERS": "1", "QA_BOT_RATE_LIMIT_PER_MINUTE": "0",
           "QA_BOT_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"), "HF_HUB_OFFLINE": "1"}
    with open(tmp_path / "server.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(port), "--corpus", str(corpus_dir),
             "--index", str(tmp_path / "index")],
            cwd=repo_root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the answer worker did not open"
            try:
                with urlopen(url + "/healthz", timeout=2) as r:
                    if json.load(r).get("answer_workers", {}).get("ready") == 1:
                        break
            except OSError:
                pass
            time.sleep(0.5)
        ask = Request(url + "/api/ask", data=json.dumps({"question": QUESTION}).encode(),
                      headers={"Content-Type": "application/json"})
        with urlopen(ask, timeout=120) as r:
            assert json.load(r)["grounded"] is True
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        workers = [int(p) for p in children.read_text().split()]
        assert workers, "the server started no process"
    finally:
        server.kill()  # no graceful shutdown: the workers must notice by themselves
        server.wait(30)
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if alive(pid)], "a worker outlived the server"


def alive(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
