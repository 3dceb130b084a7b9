"""The persisted index: incremental, atomic, self-checking, rebuilt when broken."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa_bot.index import (
    MANIFEST,
    CorruptIndex,
    MissingIndex,
    StaleIndex,
    ensure_index,
    load_index,
    read_vectors,
    update_index,
)
from qa_bot.settings import Settings

SMALL = ("001", "004")  # the cabinet minutes and an "Agenda item" page


class CountingEmbedder:
    """Wraps an embedder and records every text it is asked to embed."""

    def __init__(self, inner, fail_after: int | None = None):
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.texts: list[str] = []
        self.fail_after = fail_after

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed_batch(self, texts):
        if self.fail_after is not None and len(self.texts) + len(texts) > self.fail_after:
            raise RuntimeError("simulated crash in the middle of a build")
        self.texts.extend(texts)
        return self.inner.embed_batch(texts)


def copy_corpus(src: Path, dst: Path, prefixes=SMALL) -> Path:
    dst.mkdir(parents=True)
    for path in src.iterdir():
        if path.name[:3] in prefixes or path.name == "manifest.csv":
            shutil.copy(path, dst / path.name)
    return dst


@pytest.fixture
def small(tmp_path, corpus_dir):
    corpus = copy_corpus(corpus_dir, tmp_path / "corpus")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


def generation_files(settings: Settings) -> Path:
    manifest = json.loads((settings.index_dir / MANIFEST).read_text())
    return settings.index_dir / manifest["generation"]


@pytest.mark.slow
def test_incremental_reindex_with_the_real_model(small, embedder):
    counting = CountingEmbedder(embedder)
    first = update_index(small, counting, progress=False)
    assert first.embedded == first.passages == len(counting.texts) > 10
    assert set(first.added) == {p.name for p in small.corpus_dir.glob("00*")}

    counting.texts.clear()
    again = update_index(small, counting, progress=False)
    assert again.up_to_date and counting.texts == []

    # Change one item of one document: only its new text is embedded.
    doc = next(small.corpus_dir.glob("004_*"))
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "a seminar be arranged", "a workshop be arranged"
        ),
        encoding="utf-8",
    )
    changed = update_index(small, counting, progress=False)
    assert changed.changed == (doc.name,) and changed.added == () == changed.removed
    assert 0 < changed.embedded == len(counting.texts) < changed.passages
    assert all("workshop be arranged" in t or "CABINET MEMBER" in t for t in counting.texts)
    index = load_index(small, embedder.name, embedder.dimension)
    assert any("a workshop be arranged" in p.text for p in index.passages)
    assert not any("a seminar be arranged" in p.text for p in index.passages)

    # Remove a document: its passages go, nothing is embedded.
    counting.texts.clear()
    (small.corpus_dir / doc.name).unlink()
    removed = update_index(small, counting, progress=False)
    assert removed.removed == (doc.name,) and counting.texts == []
    index = load_index(small, embedder.name, embedder.dimension)
    assert {p.source for p in index.passages} == {
        p.name for p in small.corpus_dir.glob("00*")
    }
    assert index.faiss_index.ntotal == len(index.passages)


@pytest.mark.slow
def test_faiss_top_k_equals_numpy_brute_force(small, embedder):
    index = ensure_index(small, embedder, progress=False)
    vectors = np.asarray(read_vectors(index))
    queries = embedder.embed_batch(
        ["domestic abuse contract value", "apologies for absence", "out of area placements"]
    )
    scores, ids = index.faiss_index.search(queries, 10)
    brute = queries @ vectors.T
    for q in range(len(queries)):
        expected = np.argsort(-brute[q], kind="stable")[:10]
        assert np.allclose(scores[q], brute[q][expected], atol=1e-5)
        assert set(ids[q]) == set(expected) or np.allclose(
            np.sort(brute[q][ids[q]]), np.sort(brute[q][expected]), atol=1e-5
        )


def test_manifest_records_model_parser_and_hashes(small, toy_embedder):
    from qa_bot.parse import PARSER_VERSION

    report = update_index(small, toy_embedder, progress=False)
    manifest = json.loads((small.index_dir / MANIFEST).read_text())
    assert manifest["model"] == toy_embedder.name
    assert manifest["dimension"] == toy_embedder.dimension
    assert manifest["parser_version"] == PARSER_VERSION
    assert manifest["passage_count"] == report.passages
    assert set(manifest["sources"]) == set(report.added)
    assert all(len(s["content_hash"]) >= 16 for s in manifest["sources"].values())
    gen = generation_files(small)
    assert {"passages.jsonl", "vectors.npy", "dense.faiss", "documents.jsonl"} <= {
        p.name for p in gen.iterdir()
    }
    assert (gen / "bm25").is_dir()


def test_a_crash_mid_build_leaves_the_previous_index_loadable(small, toy_embedder):
    update_index(small, toy_embedder, progress=False)
    before = load_index(small, toy_embedder.name, toy_embedder.dimension)
    doc = next(small.corpus_dir.glob("001_*"))
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("was welcomed", "was warmly welcomed"), encoding="utf-8")
    crashing = CountingEmbedder(toy_embedder, fail_after=0)
    with pytest.raises(RuntimeError, match="simulated crash"):
        update_index(small, crashing, progress=False)
    after = load_index(small, toy_embedder.name, toy_embedder.dimension)
    assert after.manifest["generation"] == before.manifest["generation"]
    assert len(after.passages) == len(before.passages)
    leftovers = [p.name for p in small.index_dir.iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []


@pytest.mark.parametrize(
    "damage, error",
    [
        ("truncate_faiss", CorruptIndex),
        ("truncate_passages", CorruptIndex),
        ("garbage_manifest", CorruptIndex),
        ("delete_generation", CorruptIndex),
        ("other_model", StaleIndex),
        ("other_parser", StaleIndex),
        ("no_manifest", MissingIndex),
    ],
)
def test_broken_index_is_detected_and_rebuilt_with_a_message(
    small, toy_embedder, caplog, damage, error
):
    update_index(small, toy_embedder, progress=False)
    gen = generation_files(small)
    manifest_path = small.index_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    if damage == "truncate_faiss":
        data = (gen / "dense.faiss").read_bytes()
        (gen / "dense.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "truncate_passages":
        data = (gen / "passages.jsonl").read_bytes()
        (gen / "passages.jsonl").write_bytes(data[:-100])
    elif damage == "garbage_manifest":
        manifest_path.write_text("{not json", encoding="utf-8")
    elif damage == "delete_generation":
        shutil.rmtree(gen)
    elif damage == "other_model":
        manifest_path.write_text(json.dumps({**manifest, "model": "another-model"}))
    elif damage == "other_parser":
        manifest_path.write_text(json.dumps({**manifest, "parser_version": "0-old"}))
    elif damage == "no_manifest":
        manifest_path.unlink()

    with pytest.raises(error) as info:
        load_index(small, toy_embedder.name, toy_embedder.dimension)
    assert str(small.index_dir) in str(info.value) or "index" in str(info.value)

    with caplog.at_level(logging.WARNING, logger="qa_bot.index"):
        index = ensure_index(small, toy_embedder, progress=False)
    assert index.passages and index.faiss_index.ntotal == len(index.passages)
    assert any("index" in r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    load_index(small, toy_embedder.name, toy_embedder.dimension)  # good again


def test_ensure_index_notices_a_changed_corpus(small, toy_embedder):
    first = ensure_index(small, toy_embedder, progress=False)
    (small.corpus_dir / "005_new.txt").write_text(
        "Agenda item\n\nPothole repairs\n\nMinutes:\n\nThe potholes were repaired.\n",
        encoding="utf-8",
    )
    second = ensure_index(small, toy_embedder, progress=False)
    assert "005_new.txt" in second.documents and "005_new.txt" not in first.documents
    assert any("potholes" in p.text for p in second.passages)


def test_only_the_current_generation_is_kept(small, toy_embedder):
    update_index(small, toy_embedder, progress=False)
    (small.corpus_dir / "005_new.txt").write_text("Agenda item\n\nX\n\nMinutes:\n\nY.\n")
    update_index(small, toy_embedder, progress=False)
    (small.corpus_dir / "006_new.txt").write_text("Agenda item\n\nZ\n\nMinutes:\n\nW.\n")
    update_index(small, toy_embedder, progress=False)
    manifest = json.loads((small.index_dir / MANIFEST).read_text())
    named = {manifest["generation"]} | ({manifest["delta"]["generation"]} if "delta" in manifest else set())
    gens = {p.name for p in small.index_dir.iterdir() if p.is_dir()}
    assert gens == named  # the base, and the delta segment for the two small additions


def test_hnsw_is_used_from_the_threshold_on(small, toy_embedder):
    import faiss

    settings = small.replace(ann_threshold=10)
    update_index(settings, toy_embedder, progress=False)
    index = load_index(settings, toy_embedder.name, toy_embedder.dimension)
    assert index.manifest["faiss"] == "hnsw"
    assert isinstance(index.faiss_index, faiss.IndexHNSW)
    query = toy_embedder.embed_batch(["domestic abuse support service"])
    _, ids = index.faiss_index.search(query, 5)
    vectors = np.asarray(read_vectors(index))
    best = int(np.argmax(vectors @ query[0]))
    assert best in set(ids[0].tolist())


def test_ivf_with_exact_reranking_from_its_threshold_on(small, toy_embedder):
    import faiss

    settings = small.replace(ann_threshold=5, ivf_threshold=10)
    update_index(settings, toy_embedder, progress=False)
    index = load_index(settings, toy_embedder.name, toy_embedder.dimension)
    assert index.manifest["faiss"] == "ivf-sq8"
    assert isinstance(index.faiss_index, faiss.IndexRefine)
    vectors = np.asarray(read_vectors(index))
    query = toy_embedder.embed_batch(["domestic abuse support service"])
    scores, ids = index.faiss_index.search(query, 3)
    best = int(np.argmax(vectors @ query[0]))
    assert ids[0][0] == best  # re-ranked against the float vectors: exact order
    assert abs(float(scores[0][0]) - float(vectors[best] @ query[0])) < 1e-5


def test_records_are_read_from_disk_as_written(small, toy_embedder):
    """The loaded index parses passages and documents by offset when asked;
    every record, item, meeting and per-passage array matches the files."""
    from qa_bot.index import item_id
    from qa_bot.index_files import read_jsonl, record_from_dict
    from qa_bot.parse import load_manifest, parse_corpus
    from qa_bot.records import Passage

    update_index(small, toy_embedder, progress=False)
    index = load_index(small, toy_embedder.name, toy_embedder.dimension)
    gen = generation_files(small)
    passages = [record_from_dict(Passage, p) for p in read_jsonl(gen / "passages.jsonl")]
    parsed = parse_corpus([small.corpus_dir], manifest=load_manifest(small.corpus_dir))
    documents = sorted(parsed.documents, key=lambda d: d.source)
    assert len(documents) == 2 and all(d.items for d in documents)
    assert len(passages) > 10 and list(index.passages) == passages
    assert index.passages[-1] == passages[-1] and list(index.passages[2:5]) == passages[2:5]
    assert dict(index.documents) == {d.source: d for d in documents}
    for doc in documents:
        assert index.meeting(doc.source) == doc.meeting
        for item in doc.items:
            assert index.items[item_id(doc.source, item.key)] == item
        outline = index.outlines[doc.source]
        assert outline.meeting == doc.meeting
        assert [(h.key, h.item, h.title) for h in outline.items] == [
            (i.key, i.item, i.title) for i in doc.items
        ]
    from qa_bot.catalog import build_catalog

    assert build_catalog(index.outlines) == build_catalog({d.source: d for d in documents})
    fresh = load_index(small, toy_embedder.name, toy_embedder.dimension)  # items before documents
    assert [fresh.items[iid] for iid in fresh.item_ids] == [index.items[iid] for iid in index.item_ids]
    for row, passage in enumerate(passages):
        iid = index.item_ids[index.passage_item[row]]
        assert iid == item_id(passage.source, passage.item_key)
        assert index.item_sources[index.passage_item[row]] == passage.source
        assert bool(index.passage_resolution[row]) == (passage.kind == "resolution")


def test_offsets_that_do_not_match_their_file_are_a_corrupt_index(small, toy_embedder):
    update_index(small, toy_embedder, progress=False)
    gen = generation_files(small)
    offsets = np.load(gen / "passages.offsets.npy")
    offsets[-1] += 7
    with (gen / "passages.offsets.npy").open("r+b") as handle:  # same size, other content
        np.save(handle, offsets)
    with pytest.raises(CorruptIndex, match="offsets"):
        load_index(small, toy_embedder.name, toy_embedder.dimension)


def test_an_index_of_the_previous_format_is_rebuilt_reusing_its_vectors(small, toy_embedder):
    update_index(small, toy_embedder, progress=False)
    manifest_path = small.index_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "format_version": 1}))
    with pytest.raises(StaleIndex, match="format_version"):
        load_index(small, toy_embedder.name, toy_embedder.dimension)
    counting = CountingEmbedder(toy_embedder)
    report = update_index(small, counting, progress=False)
    assert report.embedded == 0 and report.reused == report.passages > 10
    assert load_index(small, toy_embedder.name, toy_embedder.dimension).passages


def test_retriever_reranks_ivf_candidates_as_faiss_does(small, toy_embedder):
    """The retriever re-ranks the IVF's candidates against the stored vectors
    itself; the ranking must be FAISS's own (IndexRefineFlat), filtered or not."""
    import faiss

    from qa_bot.retrieve import Retriever

    settings = small.replace(ann_threshold=5, ivf_threshold=10)
    update_index(settings, toy_embedder, progress=False)
    index = load_index(settings, toy_embedder.name, toy_embedder.dimension)
    retriever = Retriever(index, toy_embedder, settings)
    query = toy_embedder.embed_batch(["domestic abuse support service"])
    depth = 8
    ours = retriever.dense(query, depth, None)
    scores, ids = index.faiss_index.search(query, depth)
    assert ours.rows == ids[0].tolist()
    assert np.allclose([ours.scores[r] for r in ours.rows], scores[0], atol=1e-5)

    mask = np.zeros(index.faiss_index.ntotal, dtype=bool)
    mask[::2] = True
    bitmap = np.packbits(mask.astype(np.uint8), bitorder="little")
    selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bitmap))
    params = retriever._filtered_params(index.faiss_index, selector, depth)
    _, ids = index.faiss_index.search(query, depth, params=params)
    filtered = retriever.dense(query, depth, mask)
    assert filtered.rows == [i for i in ids[0].tolist() if i >= 0]
    assert filtered.rows and all(r % 2 == 0 for r in filtered.rows)


def test_an_index_from_an_earlier_parser_is_parsed_again(small, toy_embedder):
    """An upgrade that changes parsing re-parses the archive on the next update."""
    from qa_bot.parse import PARSER_VERSION

    update_index(small, toy_embedder, progress=False)
    manifest_path = small.index_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "parser_version": "4+000000000000"}))

    report = update_index(small, toy_embedder, progress=False)
    assert not report.up_to_date
    assert json.loads(manifest_path.read_text())["parser_version"] == PARSER_VERSION
    assert update_index(small, toy_embedder, progress=False).up_to_date


def test_the_parser_version_follows_the_parsing_source(tmp_path):
    """Any edit to a parsing module changes the version; the answer layer's do not."""
    from qa_bot.versions import PARSER_SERIES, PARSER_VERSION, parsing_fingerprint

    package = Path(__file__).resolve().parents[1] / "qa_bot"
    copy = tmp_path / "qa_bot"
    shutil.copytree(package / "parse", copy / "parse")
    for name in ("records.py", "passages.py", "answer.py"):
        shutil.copy(package / name, copy / name)
    before = parsing_fingerprint(copy)
    assert PARSER_VERSION == f"{PARSER_SERIES}+{before}"

    (copy / "answer.py").write_text("# the answer layer is read afresh\n")
    assert parsing_fingerprint(copy) == before
    heading = copy / "parse" / "headings.py"
    heading.write_text(heading.read_text() + "\n# a changed rule\n")
    changed = parsing_fingerprint(copy)
    assert changed != before and len(changed) == 12
    (copy / "passages.py").write_text("")
    assert parsing_fingerprint(copy) not in {before, changed}
