"""From the council's website to a cited answer (issue 11): ``fetch`` fills a
fresh corpus from the fake ModernGov site, ``index`` picks it up (then only
what a later fetch adds), and ``ask --json`` answers with a citation whose
``url`` is the page the minutes were published on.  Then the running app
(``python app.py`` with ``QA_BOT_REFRESH``) picks up a meeting added to the
site while it runs, reports the refresh on /healthz and answers from it."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from app_server import running_app
from fake_moderngov import FakeMeeting, RunningSite, standard_site

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "QA_BOT_FETCH_DELAY_S": "0", "QA_BOT_FETCH_RETRIES": "1"}


def qa_bot(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "qa_bot", *args], cwd=REPO, env=ENV, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return done


def footbridge() -> FakeMeeting:
    return FakeMeeting(503, 11, dt.date(2024, 5, 7), [
        ("18", "Riverside footbridge",
         ("The committee considered the condition of the riverside footbridge. RESOLVED: That the riverside "
         "footbridge be repainted dark green and its handrails replaced before the summer festival.")),
    ])


@pytest.mark.slow
def test_fetched_minutes_are_indexed_incrementally_and_cited_with_their_url(tmp_path):
    corpus, index = str(tmp_path / "corpus"), str(tmp_path / "index")
    with RunningSite(standard_site()) as site:
        fetched = qa_bot("fetch", "moderngov", site.url, "--corpus", corpus)
        assert "3 new" in fetched.stdout
        qa_bot("index", "--corpus", corpus, "--index", index)
        answer = json.loads(qa_bot("ask", "--json", "--corpus", corpus, "--index", index,
                                   "How many electric vehicle charging points will be installed at Mill Lane?").stdout)
        assert answer["grounded"] is True
        first = answer["citations"][0]
        assert first["url"] == f"{site.url}/ieListDocuments.aspx?CId=11&MId=501"
        assert (first["committee"], first["date"], first["item"]) == ("Planning Committee", "2024-03-12", "15")
        assert "twelve" in answer["answer"]
        search = json.loads(qa_bot("search", "--json", "--corpus", corpus, "--index", index,
                                   "allotment rents").stdout)
        assert search["results"][0]["url"].startswith(f"{site.url}/documents/g601/")
        plain = qa_bot("ask", "--corpus", corpus, "--index", index, "What was decided about allotment rents?")
        assert f", {site.url}/documents/g601/" in plain.stdout  # on the citation's details line

        site.meetings[503] = footbridge()
        assert "1 new" in qa_bot("fetch", "moderngov", site.url, "--corpus", corpus).stdout
        indexed = qa_bot("index", "--corpus", corpus, "--index", index)
        assert "1 added, 0 changed, 0 removed" in indexed.stderr
        answer = json.loads(qa_bot("ask", "--json", "--corpus", corpus, "--index", index,
                                   "What was resolved about the riverside footbridge?").stdout)
    assert answer["citations"][0]["url"] == f"{site.url}/ieListDocuments.aspx?CId=11&MId=503"
    assert "dark green" in answer["answer"]


@pytest.mark.slow
def test_the_running_app_refreshes_by_itself_and_healthz_reports_it(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    with RunningSite(standard_site()) as site:
        qa_bot("fetch", "moderngov", site.url, "--corpus", str(corpus))
        env = {"QA_BOT_REFRESH": f"moderngov {site.url} every 2s", "QA_BOT_FETCH_DELAY_S": "0",
               "QA_BOT_RATE_LIMIT_PER_MINUTE": "0"}
        with running_app(corpus, index, tmp_path / "app.log", env) as url, httpx.Client(timeout=60) as client:
            health = client.get(url + "/healthz").json()
            assert health["refresh"]["url"] == site.url and health["refresh"]["every_s"] == 2
            site.meetings[503] = footbridge()
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                health = client.get(url + "/healthz").json()
                if health["documents"] == 4:
                    break
                time.sleep(0.5)
            assert health["documents"] == 4, (tmp_path / "app.log").read_text()[-3000:]
            assert health["refresh"]["last_outcome"] == "ok"
            assert health["refresh"]["last_at"] is not None
            answer = client.post(url + "/api/ask", json={
                "question": "What was resolved about the riverside footbridge?"}).json()
    assert answer["citations"][0]["url"] == f"{site.url}/ieListDocuments.aspx?CId=11&MId=503"
    assert "dark green" in answer["answer"]
