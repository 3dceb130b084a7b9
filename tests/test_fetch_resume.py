"""Killed at any moment, ``fetch`` leaves no half-written file and the next
run carries on (issue 11): the CLI runs as a subprocess against the fake
ModernGov site, is SIGKILLed several times part-way, then finishes; the
corpus is then exactly what one uninterrupted run gives."""

from __future__ import annotations

import csv
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fake_moderngov import FakeMeeting, RunningSite, standard_site

from qa_bot.fetch import fetch_minutes
from qa_bot.parse import parse_corpus
from qa_bot.parse.manifest import load_manifest
from qa_bot.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def big_site():
    site = standard_site()
    for k in range(12):
        mid = 900 + k
        site.meetings[mid] = FakeMeeting(mid, 11 + k % 2, dt.date(2023, 1 + k, 3), [
            ("1", "Apologies", "None were received."),
            ("2", f"Report number {k}", f"RESOLVED: That report number {k} about ward {k} be noted."),
        ], minutes="pdf" if k % 3 == 0 else "html")
    return site


def documents(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in corpus.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.name != "manifest.csv"}


def manifest_rows(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "manifest.csv").open(encoding="utf-8") as handle:
        return sorted(({k: v for k, v in row.items() if k != "fetched_at"} for row in csv.DictReader(handle)),
                      key=lambda r: r["file"])


def test_sigkill_during_a_fetch_then_a_clean_resume(tmp_path):
    reference, corpus = tmp_path / "reference", tmp_path / "corpus"
    env = {**os.environ, "QA_BOT_FETCH_DELAY_S": "0.02", "QA_BOT_FETCH_RETRIES": "0"}
    with RunningSite(big_site()) as site:
        whole = fetch_minutes("moderngov", site.url, Settings(corpus_dir=reference, fetch_delay_s=0))
        assert whole.new == 15 and whole.failed == 0
        expected = documents(reference)
        site.delay_s = 0.05
        command = [sys.executable, "-m", "qa_bot", "fetch", "moderngov", site.url, "--corpus", str(corpus)]
        kills = 0
        for wanted in (1, 5, 9):  # kill once this many documents are in the corpus
            proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline:
                if corpus.is_dir() and len(documents(corpus)) >= wanted:
                    time.sleep(0.03 * wanted)  # land somewhere inside the next meeting
                    proc.send_signal(signal.SIGKILL)
                    kills += 1
                    break
                time.sleep(0.01)
            proc.wait(30)
            # After each kill: every visible document is whole and listed or about to be.
            for name, data in documents(corpus).items():
                assert data == expected[name], f"{name} is not the complete document"
            rows = load_manifest(corpus).rows
            assert all((corpus / name).is_file() for name in rows)
        assert kills >= 2
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
                              check=False)
    assert done.returncode == 0, done.stderr
    assert documents(corpus) == expected
    assert manifest_rows(corpus) == manifest_rows(reference)
    leftovers = [p.name for p in corpus.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    assert len(parse_corpus([corpus]).documents) == 15
