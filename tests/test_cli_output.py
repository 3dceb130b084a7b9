"""What a person sees from the command line: readable source labels in the
plain-text output, a quiet stderr (no library chatter, no weights bar), and
the refusal of ``--corpus DIR`` without ``--index``."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa_bot.cli import index_for_corpus, main

REPO = Path(__file__).resolve().parents[1]
NOISE = ("Loading weights", "swigfaiss", "faiss.loader", "bm25s", "DEBUG", "it/s]")


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # The session's index was built with the torch reference embedder (conftest).
    environ = {k: v for k, v in os.environ.items() if not k.startswith("QA_BOT_")} | {"QA_BOT_EMBEDDER": "torch"}
    return subprocess.run([sys.executable, "-m", "qa_bot", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, env={**environ, **(env or {})}, check=False)


@pytest.mark.slow
def test_plain_ask_cites_readable_labels_and_keeps_stderr_quiet(seed_settings, assistant):
    where = ["--corpus", str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir)]
    run = cli("ask", *where, "How many placement orders were granted in 2016-17?")
    assert run.returncode == 0, run.stderr
    assert ("[1] Cabinet, July 2017 (committee and date not printed in the minutes), "
            "item 17: Adoption Service Annual Report 2016-17") in run.stdout
    assert "    file 000_65e4a0cd7440dc88.txt" in run.stdout
    assert run.stderr.strip() == "", run.stderr  # success: nothing on stderr at all


@pytest.mark.slow
def test_verbose_shows_the_libraries_and_index_says_one_line(seed_settings, assistant):
    where = ["--corpus", str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir)]
    quiet = cli("index", *where)
    assert quiet.returncode == 0
    lines = [line for line in quiet.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "up to date" in lines[0], quiet.stderr
    assert not [n for n in NOISE if n in quiet.stderr]
    loud = cli("-v", "search", *where, "fostering panel")
    assert loud.returncode == 0 and "DEBUG" in loud.stderr


def test_corpus_without_index_gets_an_index_of_its_own(tmp_path, caplog):
    """--corpus DIR alone (CONTRACT.md) works and never rebuilds the shipped index."""
    other = tmp_path / "minutes"
    other.mkdir()
    (other / "m.txt").write_text(
        "Minutes of a meeting of the Cabinet held on 1 May 2024\n\n1. Library hours\n\n"
        "RESOLVED: that the central library opens on Sundays from June.\n"
    )
    shipped = REPO / "embeddings" / "manifest.json"
    before = shipped.read_bytes() if shipped.exists() else None
    own = index_for_corpus(other, None, {})
    try:
        code = main(["index", "--corpus", str(other)], stdout=io.StringIO())
        assert code == 0
        assert (own / "manifest.json").exists()
        assert str(own) in caplog.text
        assert (shipped.read_bytes() if shipped.exists() else None) == before
    finally:
        import shutil
        shutil.rmtree(own, ignore_errors=True)


@pytest.mark.parametrize("corpus, index, env, own", [
    (None, None, {}, False),
    ("elsewhere", None, {}, True),
    ("elsewhere", "elsewhere-index", {}, False),
    ("elsewhere", None, {"QA_BOT_INDEX_DIR": "/srv/index"}, False),
    ("corpus", None, {}, False),  # the shipped corpus and its own index
    ("corpus/", None, {}, False),
])
def test_which_combinations_get_an_index_of_their_own(corpus, index, env, own, monkeypatch):
    monkeypatch.chdir(REPO)
    folder = index_for_corpus(Path(corpus) if corpus else None, Path(index) if index else None, env)
    assert (folder is not None) == own
    if own:
        assert folder.parent == Path("embeddings") / "corpora"
        assert folder == index_for_corpus(Path(corpus).resolve(), None, env)  # same folder, same index


def test_import_with_its_own_corpus_is_not_refused(tmp_path, caplog):
    """import (and fetch) write minutes, never an index: --corpus alone is right there."""
    saved = tmp_path / "saved.txt"
    saved.write_text("Minutes of a meeting of the Cabinet held on 1 May 2024\n\n1. Minutes\n\nApproved.\n")
    main(["import", str(saved), "--corpus", str(tmp_path / "corpus")], stdout=io.StringIO())
    assert "index of" not in caplog.text
