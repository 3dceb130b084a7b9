"""Re-indexing under traffic (issue 6): the real server (``python app.py``)
over a copy of corpus/ keeps answering four concurrent clients while new
minutes are added and the index is rebuilt, first by the admin endpoint,
then by ``python -m qa_bot index`` on the same folder followed by the
endpoint.  No request may fail, and afterwards each new meeting is
answered from its own minutes, with a citation of them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from app_server import running_app

TOKEN = "test-admin-token-3f9a"
CLIENTS = 4
MIN_TRAFFIC_S = 30.0
QUESTIONS = [
    "What was resolved about fostering panels?",
    "How many placement orders were granted in 2016-17?",
    "What was resolved about the Ofsted action plan?",
    "Which councillors sent apologies?",
    "What is the corporate parenting strategy?",
    "What was resolved about hackney carriage fares?",
    "What did the committee decide about beach huts at Sandmere?",
]

# Two meetings of committees the seed minutes never mention, on topics they
# never touch (the parser drops near-copies of a document it already has).
LICENSING = """

**Minutes of the meeting of Licensing Committee held at The Council Chamber,
Brockington, 35 Hafod Road, Hereford on Tuesday 14 March 2023 at 2.00 pm**

Present: Councillor P Marsh (Chairperson)

Councillors T Oakley, R Vaughan and S Whitcombe

Officers in attendance: Licensing Manager, Legal Adviser

41. APOLOGIES FOR ABSENCE

Apologies were received from Councillor D Hinton.

42. DECLARATIONS OF INTEREST

None.

43. REVIEW OF HACKNEY CARRIAGE FARES

The Licensing Manager presented the annual review of the table of hackney carriage
fares. The trade had asked for an increase because of the rising cost of fuel and
insurance. Eleven responses were received to the public notice, nine from drivers
and two from residents. Members noted that the present flag fall had not changed
since 2019.

Resolved: That the flag fall for hackney carriage fares be increased from £3.00 to
£3.40 and the rate for each additional mile be increased to £2.10, with effect
from 1 May 2023.

44. TAXI DRIVER TRAINING

The committee received an update on safeguarding training for taxi drivers; 212
drivers had completed the course.

Resolved: That the update be noted.
"""

COASTAL = """

**Minutes of the meeting of Coastal Amenities Panel held at Sandmere Pavilion on
Wednesday 6 September 2023 at 6.30 pm**

Present: Councillor L Trevena (Chairperson)

Councillors M Polglase and J Kitto

12. BEACH HUTS AT SANDMERE PROMENADE

The panel considered the waiting list for beach huts at Sandmere promenade, which
had grown to 340 names. The Seafront Officer reported that twenty new plots could
be laid out on the western terrace without loss of public space.

Resolved: That twenty new beach huts be built on the western terrace of Sandmere
promenade and let by ballot at an annual licence fee of £650.

13. LIFEGUARD COVER

The panel noted that lifeguard cover had been extended to the end of September.
"""


@contextmanager
def running_server(corpus: Path, index: Path, tmp: Path) -> Iterator[str]:
    """``python app.py`` with the admin route on; yields its base URL."""
    env = {
        "QA_BOT_ADMIN_TOKEN": TOKEN,
        "QA_BOT_RATE_LIMIT_PER_MINUTE": "0",
        "QA_BOT_FEEDBACK_DB": str(tmp / "feedback.sqlite3"),
    }
    with running_app(corpus, index, tmp / "server.log", env) as url:
        yield url


@dataclass
class Traffic:
    """Concurrent /api/ask clients, each request recorded with its times."""

    url: str
    stop: threading.Event = field(default_factory=threading.Event)
    done: list[tuple[float, float]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, offset: int) -> None:
        with httpx.Client(base_url=self.url, timeout=120) as http:
            n = offset
            while not self.stop.is_set():
                question = QUESTIONS[n % len(QUESTIONS)]
                n += 1
                started = time.monotonic()
                try:
                    r = http.post("/api/ask", json={"question": question})
                    ok = r.status_code == 200 and "answer" in r.json()
                    failure = None if ok else f"{question!r}: HTTP {r.status_code} {r.text[:200]}"
                except (httpx.HTTPError, ValueError) as exc:
                    failure = f"{question!r}: {type(exc).__name__}: {exc}"
                with self.lock:
                    if failure:
                        self.failures.append(failure)
                    else:
                        self.done.append((started, time.monotonic()))

    def overlapping(self, start: float, end: float) -> int:
        """Requests that were in flight at some moment between start and end."""
        with self.lock:
            return sum(1 for s, e in self.done if s < end and e > start)


def reindex(url: str) -> tuple[dict, float, float]:
    started = time.monotonic()
    r = httpx.post(url + "/api/admin/reindex",
                   headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
    assert r.status_code == 200, r.text
    return r.json(), started, time.monotonic()


def cited_sources(url: str, question: str) -> tuple[dict, set[str]]:
    body = httpx.post(url + "/api/ask", json={"question": question}, timeout=120).json()
    return body, {c["source"] for c in body["citations"]}


@pytest.mark.slow
def test_reindex_under_traffic_fails_no_request_and_serves_the_new_minutes(
    tmp_path, assistant, seed_settings, corpus_dir, repo_root
):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    index = tmp_path / "index"
    shutil.copytree(seed_settings.index_dir, index)  # the session's index: no full build
    licensing, coastal = "950_licensing_2023-03-14.txt", "951_coastal_2023-09-06.txt"

    with running_server(corpus, index, tmp_path) as url:
        # Before: the route is guarded, and the new meetings are unknown.
        assert httpx.post(url + "/api/admin/reindex", timeout=30).status_code == 401
        wrong = httpx.post(url + "/api/admin/reindex", timeout=30,
                           headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and "error" in wrong.json()
        assert licensing not in cited_sources(url, "What was resolved about hackney carriage fares?")[1]

        traffic = Traffic(url)
        threads = [threading.Thread(target=traffic.client, args=(i,)) for i in range(CLIENTS)]
        began = time.monotonic()
        for t in threads:
            t.start()
        try:
            time.sleep(3)
            # 1. A new meeting, then the admin endpoint.
            (corpus / licensing).write_text(LICENSING, encoding="utf-8")
            report, r_start, r_end = reindex(url)
            assert licensing in report["added"] and report["embedded"] > 0
            assert str(tmp_path) not in str(report)  # no file path in a response
            during_first = traffic.overlapping(r_start, r_end)

            # 2. Another new meeting indexed by the CLI on the same folder
            #    (the running server keeps its loaded index), then the endpoint.
            (corpus / coastal).write_text(COASTAL, encoding="utf-8")
            cli = subprocess.run(
                [sys.executable, "-m", "qa_bot", "index", "--corpus", str(corpus),
                 "--index", str(index)],
                cwd=repo_root, env={**os.environ, "HF_HUB_OFFLINE": "1"},
                capture_output=True, text=True, timeout=600, check=False,
            )
            assert cli.returncode == 0, cli.stderr[-2000:]
            report2, _, _ = reindex(url)
            assert report2["up_to_date"] is True  # the CLI had done the work

            time.sleep(max(0.0, MIN_TRAFFIC_S - (time.monotonic() - began)))
        finally:
            traffic.stop.set()
            for t in threads:
                t.join(180)

        assert traffic.failures == []
        assert len(traffic.done) >= 20, f"only {len(traffic.done)} requests were served"
        assert during_first >= 1, "no request was in flight while the index was swapped"

        body, sources = cited_sources(url, "What was resolved about hackney carriage fares?")
        assert body["grounded"] is True and licensing in sources, body
        assert "3.40" in body["answer"]
        body, sources = cited_sources(url, "What did the panel resolve about beach huts at Sandmere?")
        assert body["grounded"] is True and coastal in sources, body
        assert "650" in body["answer"] or "twenty" in body["answer"].lower()
        health = httpx.get(url + "/healthz", timeout=10).json()
        assert health["documents"] == len(assistant.retriever.index.documents) + 2


# ------------------------------------------------- the admin route in-process


def test_admin_route_is_off_unless_a_token_is_set(seed_settings, assistant):
    from fastapi.testclient import TestClient

    from qa_bot.api import create_app

    with TestClient(create_app(seed_settings.replace(rate_limit_per_minute=0), assistant,
                               ui=False)) as client:
        r = client.post("/api/admin/reindex", headers={"Authorization": "Bearer x"})
        assert r.status_code == 404 and r.json() == {"error": "No such API route."}
        assert "/api/admin/reindex" not in client.get("/api/openapi.json").json()["paths"]


def test_admin_token_replaces_the_login_on_the_admin_route(
    tmp_path, seed_settings, corpus_dir, embedder
):
    from fastapi.testclient import TestClient

    from qa_bot.api import create_app
    from qa_bot.assistant import Assistant

    shutil.copytree(corpus_dir, tmp_path / "corpus")
    shutil.copytree(seed_settings.index_dir, tmp_path / "index")
    settings = seed_settings.replace(
        corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index",
        feedback_db=tmp_path / "feedback.sqlite3", rate_limit_per_minute=0,
        auth_password="shared-pw", admin_token=TOKEN,
    )
    mine = Assistant.open(settings, embedder=embedder, progress=False)
    before = mine.retriever
    with TestClient(create_app(settings, mine, ui=False)) as client:
        for auth in (None, "Bearer shared-pw", f"Basic {TOKEN}", f"Bearer {TOKEN}x"):
            r = client.post("/api/admin/reindex",
                            headers={"Authorization": auth} if auth else {})
            assert r.status_code == 401 and "admin token" in r.json()["error"]
        assert mine.retriever is before
        # The shared password still guards the rest of the API.
        assert client.post("/api/ask", json={"question": "fostering"},
                           headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 401
        r = client.post("/api/admin/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["up_to_date"] is True and body["documents"] == len(mine.retriever.index.documents)
        assert str(tmp_path) not in r.text
        assert mine.retriever is not before  # swapped for the freshly loaded index
