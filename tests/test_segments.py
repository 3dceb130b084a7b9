"""Index segments (``qa_bot.segments``): re-indexing a changed corpus writes a
delta segment beside the base, and every reader of the index sees what a full
rebuild over the same corpus gives: the same documents, items, catalogue,
search results (scores included) and answers; a changed document shows its
new text only, a removed one is gone, a duplicate is dropped as a full build
drops it.  The delta merges into one base when it passes its share, and a
build killed at any moment leaves a loadable index."""

from __future__ import annotations

import dataclasses
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa_bot.catalog import build_catalog, catalog_to_json, find_item
from qa_bot.index import MANIFEST, load_index, update_index
from qa_bot.records import Filters
from qa_bot.retrieve import Retriever, describe_hits
from qa_bot.settings import Settings

REPO = Path(__file__).resolve().parents[1]
BROAD = REPO / "tests" / "data" / "shared_eval" / "broad" / "minutes"
CHANGED = "001_c301c40e899c00e9.txt"
COPIED = "003_75939d47909779c7.txt"
REMOVED = "004_5095f7a198691234.txt"
NEW_SENTENCE = "The Riverside swimming pool will close for roof repairs until March."
FILTERS = (
    None,
    Filters(committee="Cabinet"),
    Filters(date_from="2018-01-01", date_to="2022-12-31"),
)


def questions() -> list[str]:
    path = REPO / "tests" / "data" / "shared_eval" / "dev_questions.jsonl"
    found = [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]
    return found + ["When will the swimming pool close for roof repairs?", "Ofsted"]


def change_corpus(corpus: Path) -> str:
    """Change a document (one sentence gone, one added), add a new one and a
    copy of an existing one (a duplicate), remove one; returns the sentence removed."""
    path = corpus / CHANGED
    text = path.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if len(p.split()) > 12]
    gone = paragraphs[len(paragraphs) // 2]
    path.write_text(text.replace(gone, NEW_SENTENCE), encoding="utf-8")
    shutil.copy(corpus / COPIED, corpus / "007_copy_of_003.txt")
    shutil.copy(BROAD / "109_little_haddon_pc_2024-07.txt", corpus / "109_little_haddon_pc_2024-07.txt")
    (corpus / REMOVED).unlink()
    return gone


def with_share(settings: Settings, share: float, index_dir: Path | None = None) -> Settings:
    return dataclasses.replace(
        settings, segment_merge_share=share, index_dir=index_dir or settings.index_dir
    )


def delta_and_full(tmp_path: Path, base: Settings, embedder) -> tuple[Settings, Settings, str]:
    """The same changed corpus indexed as base + delta, and rebuilt whole
    (from a copy of the same base, so unchanged text is not embedded twice)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(base.corpus_dir, corpus)
    seg = Settings(corpus_dir=corpus, index_dir=tmp_path / "segments", segment_merge_share=100.0)
    full = Settings(corpus_dir=corpus, index_dir=tmp_path / "full", segment_merge_share=0.0)
    if (base.index_dir / MANIFEST).exists():
        shutil.copytree(base.index_dir, seg.index_dir)
    else:
        update_index(dataclasses.replace(seg, segment_merge_share=0.0), embedder, progress=False)
    shutil.copytree(seg.index_dir, full.index_dir)
    gone = change_corpus(corpus)
    report = update_index(seg, embedder, progress=False)
    assert not report.up_to_date
    manifest = json.loads((seg.index_dir / MANIFEST).read_text())
    assert "delta" in manifest, "the change should have been written as a delta segment"
    assert CHANGED in manifest["delta"]["tombstones"] and REMOVED in manifest["delta"]["tombstones"]
    update_index(full, embedder, progress=False)
    assert "delta" not in json.loads((full.index_dir / MANIFEST).read_text())
    return seg, full, gone


def assert_same_view(seg: Settings, full: Settings, embedder, gone: str) -> tuple[Retriever, Retriever]:
    a_index = load_index(seg, embedder.name, embedder.dimension)
    b_index = load_index(full, embedder.name, embedder.dimension)
    assert a_index.delta is not None and b_index.delta is None
    # The collection: documents, items, meetings, catalogue.
    assert list(a_index.documents) == list(b_index.documents)
    assert REMOVED not in a_index.documents and "007_copy_of_003.txt" not in a_index.documents
    assert a_index.item_ids == b_index.item_ids
    assert a_index.item_sources == b_index.item_sources
    assert a_index.outlines == b_index.outlines
    assert catalog_to_json(build_catalog(a_index.outlines)) == catalog_to_json(build_catalog(b_index.outlines))
    assert a_index.vocabulary == b_index.vocabulary
    for iid in b_index.item_ids:
        assert find_item(a_index, iid) == find_item(b_index, iid)
    assert not any(iid.startswith(REMOVED) for iid in a_index.item_ids)
    changed = a_index.documents[CHANGED]
    assert NEW_SENTENCE in changed.text and gone not in changed.text
    assert changed == b_index.documents[CHANGED]
    # Live passages: those of a full rebuild, and no other.
    live = [a_index.passages[r] for r in range(len(a_index.passages)) if a_index.live[r]]
    assert sorted(p.passage_id for p in live) == sorted(p.passage_id for p in b_index.passages)
    a = Retriever(a_index, embedder, seg)
    b = Retriever(b_index, embedder, full)
    for question in questions():
        for filters in FILTERS:
            got = describe_hits(a.search(question, 10, filters))
            want = describe_hits(b.search(question, 10, filters))
            assert got == want, (question, filters)
            assert all(h["source"] != REMOVED for h in got)
    hits = a.search("Riverside swimming pool roof repairs", 5)
    assert any(h.item.source == CHANGED and NEW_SENTENCE in h.item.text for h in hits)
    assert all(gone not in p.text for h in a.search(gone, 10) for p in h.passages if p.source == CHANGED)
    return a, b


def test_a_delta_segment_gives_what_a_full_rebuild_gives(tmp_path, corpus_dir, toy_embedder):
    base = Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "no-index-yet")
    seg, full, gone = delta_and_full(tmp_path, base, toy_embedder)
    assert_same_view(seg, full, toy_embedder, gone)


@pytest.mark.slow
def test_a_delta_segment_gives_a_full_rebuilds_results_and_answers(
    tmp_path, seed_settings, assistant, embedder
):
    from qa_bot.assistant import Assistant

    seg, full, gone = delta_and_full(tmp_path, seed_settings, embedder)
    a, b = assert_same_view(seg, full, embedder, gone)
    ours, theirs = Assistant(seg, embedder, a), Assistant(full, embedder, b)
    for question in questions():
        for filters in FILTERS:
            assert ours.ask(question, filters).to_json() == theirs.ask(question, filters).to_json()
    assert ours.catalog() == theirs.catalog() and ours.committees() == theirs.committees()


def test_a_second_change_rebuilds_the_delta_and_a_removal_of_a_delta_document(tmp_path, corpus_dir, toy_embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    seg = Settings(corpus_dir=corpus, index_dir=tmp_path / "segments", segment_merge_share=100.0)
    update_index(seg, toy_embedder, progress=False)
    shutil.copy(BROAD / "110_little_haddon_pc_2024-09.txt", corpus / "110.txt")
    update_index(seg, toy_embedder, progress=False)
    first = json.loads((seg.index_dir / MANIFEST).read_text())["delta"]
    (corpus / "110.txt").unlink()
    (corpus / REMOVED).unlink()
    report = update_index(seg, toy_embedder, progress=False)
    assert report.removed == ("110.txt", REMOVED) or set(report.removed) == {"110.txt", REMOVED}
    manifest = json.loads((seg.index_dir / MANIFEST).read_text())
    assert manifest["delta"]["generation"] != first["generation"]
    assert not (seg.index_dir / first["generation"]).exists()
    index = load_index(seg, toy_embedder.name, toy_embedder.dimension)
    assert "110.txt" not in index.documents and REMOVED not in index.documents
    assert update_index(seg, toy_embedder, progress=False).up_to_date


def test_the_delta_merges_into_one_base_past_its_share(tmp_path, corpus_dir, toy_embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    seg = Settings(corpus_dir=corpus, index_dir=tmp_path / "segments", segment_merge_share=0.3)
    update_index(seg, toy_embedder, progress=False)
    base = json.loads((seg.index_dir / MANIFEST).read_text())
    (corpus / "201.txt").write_text("Agenda item\n\nPothole repairs\n\nMinutes:\n\nThe potholes were repaired.\n")
    update_index(seg, toy_embedder, progress=False)
    small = json.loads((seg.index_dir / MANIFEST).read_text())
    assert small["generation"] == base["generation"] and "delta" in small
    (corpus / REMOVED).unlink()
    (corpus / "001_c301c40e899c00e9.txt").unlink()  # more than 30% of the base's passages
    update_index(seg, toy_embedder, progress=False)
    merged = json.loads((seg.index_dir / MANIFEST).read_text())
    assert "delta" not in merged and merged["generation"] != base["generation"]
    assert sorted(p.name for p in seg.index_dir.iterdir() if p.is_dir()) == [merged["generation"]]
    index = load_index(seg, toy_embedder.name, toy_embedder.dimension)
    assert "201.txt" in index.documents and REMOVED not in index.documents


KILL_SCRIPT = """
import sys
from pathlib import Path
from qa_bot.embed import HashingEmbedder
from qa_bot.index import update_index
from qa_bot.settings import Settings
s = Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), segment_merge_share=100.0)
update_index(s, HashingEmbedder(dimension=64), progress=False)
"""


def test_a_delta_build_killed_at_any_moment_loses_nothing(tmp_path, corpus_dir, toy_embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    seg = Settings(corpus_dir=corpus, index_dir=tmp_path / "segments", segment_merge_share=100.0)
    update_index(seg, toy_embedder, progress=False)
    before = list(load_index(seg, toy_embedder.name, toy_embedder.dimension).documents)
    change_corpus(corpus)
    command = [sys.executable, "-c", KILL_SCRIPT, str(corpus), str(seg.index_dir)]
    def writing(prefix: str) -> bool:
        return any(p.name.startswith(prefix) for p in seg.index_dir.iterdir())

    kills = 0
    # Killed while the delta's files are written, once they are complete but
    # not yet committed, and at a random moment.
    for moment in (".tmp-gen-", ".tmp-gen-", "gen-", None):
        proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if moment is None and time.monotonic() > deadline - 58.5:
                break
            if moment == ".tmp-gen-" and writing(".tmp-gen-"):
                break
            if moment == "gen-" and any(p.name.endswith("-delta") for p in seg.index_dir.iterdir()):
                break
            time.sleep(0.002)
        if proc.poll() is None:
            kills += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        index = load_index(seg, toy_embedder.name, toy_embedder.dimension)  # never half-written
        assert list(index.documents) in (before, sorted({*before, "109_little_haddon_pc_2024-07.txt"} - {REMOVED}))
    assert kills >= 2
    update_index(seg, toy_embedder, progress=False)
    full = with_share(seg, 0.0, tmp_path / "full")
    update_index(full, toy_embedder, progress=False)
    a = load_index(seg, toy_embedder.name, toy_embedder.dimension)
    b = load_index(full, toy_embedder.name, toy_embedder.dimension)
    assert list(a.documents) == list(b.documents) and a.item_ids == b.item_ids
    named = {a.manifest["generation"], a.manifest["delta"]["generation"]}
    assert {p.name for p in seg.index_dir.iterdir() if p.is_dir()} == named


def test_a_corpus_back_as_the_base_was_built_drops_the_delta(tmp_path, corpus_dir, toy_embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    seg = Settings(corpus_dir=corpus, index_dir=tmp_path / "segments", segment_merge_share=100.0)
    update_index(seg, toy_embedder, progress=False)
    base = json.loads((seg.index_dir / MANIFEST).read_text())
    original = (corpus / CHANGED).read_bytes()
    (corpus / CHANGED).write_bytes(original + b"\nA late note on the minutes.\n")
    update_index(seg, toy_embedder, progress=False)
    assert "delta" in json.loads((seg.index_dir / MANIFEST).read_text())
    (corpus / CHANGED).write_bytes(original)
    report = update_index(seg, toy_embedder, progress=False)
    manifest = json.loads((seg.index_dir / MANIFEST).read_text())
    assert "delta" not in manifest and manifest["generation"] == base["generation"]
    assert manifest["sources"] == base["sources"] and report.changed == (CHANGED,)
    assert [p.name for p in seg.index_dir.iterdir() if p.is_dir()] == [base["generation"]]
    index = load_index(seg, toy_embedder.name, toy_embedder.dimension)
    assert index.delta is None and "late note" not in index.documents[CHANGED].text
