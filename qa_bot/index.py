"""Index stage: passages + vectors -> a persisted FAISS and BM25 index.

The index is a folder of plain files (``settings.index_dir``)::

    manifest.json        the commit point: model, dimension, parser version,
                         per-source content hashes, file sizes, generation
    gen-<id>/documents.jsonl   parsed documents (meetings), without their items
    gen-<id>/items.jsonl       every document's agenda items, in order
    gen-<id>/passages.jsonl    passages, one JSON object a line
    gen-<id>/*.offsets.npy     where each line of those two starts (bytes)
    gen-<id>/catalog.jsonl     each document's meeting and item keys
    gen-<id>/passage_item.npy  int32: passage row -> item position
    gen-<id>/passage_resolution.npy  bool: the passage is a resolution
    gen-<id>/vectors.npy       float32 passage vectors, row i = passage i
    gen-<id>/dense.faiss       FAISS index (flat inner product, or HNSW)
    gen-<id>/bm25/             bm25s files (scored by qa_bot.bm25_arrays)
    gen-<id>/passage_length.npy  int32: each passage's BM25 token count
    gen-<id>/marks.npz         hashes of each document's item openings (dedupe)

A re-index that changes a few documents writes a small *delta* generation
beside the base instead (``qa_bot.segments``); the manifest then names both.

A build writes a fresh ``gen-<id>/`` folder and then replaces
``manifest.json`` atomically (write a temporary file, fsync, ``os.replace``);
until that last step the previous manifest, and so the previous generation,
stays the one that loads.  Vectors are reused for every passage whose
embedded text is unchanged, so re-indexing only embeds new or changed text.

Loading maps the records rather than parsing them (``qa_bot.index_store``):
a passage or document is parsed when a search cites it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.embed import Embedder, embed_texts
from qa_bot.index_files import (
    MANIFEST,
    build_lock,
    corpus_fingerprint,
    corpus_state,
    cyclic_gc_paused,
    file_sizes,
    read_jsonl,
    text_hash,
    to_jsonable,
    write_jsonl,
    write_manifest,
)
from qa_bot.index_store import (
    DocumentOutline,
    DocumentStore,
    ItemStore,
    JsonlRows,
    PassageStore,
    catalog_row,
    outline_from_row,
    write_offsets,
)
from qa_bot.passages import passages_for
from qa_bot.records import AgendaItem, Document, Meeting, Passage
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: record offsets, catalog and per-passage arrays
_FILES = ("documents.jsonl", "passages.jsonl", "vectors.npy", "dense.faiss")
_BM25_DIR = "bm25"
_TOKEN = re.compile(r"\w+", re.UNICODE)


class IndexLoadError(Exception):
    """The index cannot be used as it is; the message says why."""


class MissingIndex(IndexLoadError):
    pass


class CorpusUnavailable(Exception):
    """The corpus folder is missing or holds no usable minutes: nothing is built
    and the existing index is left as it was."""


class StaleIndex(IndexLoadError):
    pass


class CorruptIndex(IndexLoadError):
    pass


@dataclass(frozen=True)
class IndexReport:
    """What one ``update_index`` run did."""

    path: str
    documents: int
    passages: int
    embedded: int
    reused: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    up_to_date: bool = False
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        if self.up_to_date:
            return f"index at {self.path} is up to date ({self.passages} passages)"
        return (
            f"indexed {self.documents} documents, {self.passages} passages "
            f"({self.embedded} embedded, {self.reused} reused; "
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed) in {self.seconds:.1f}s into {self.path}"
        )


@dataclass(frozen=True)
class LoadedIndex:
    """A loaded index: records, FAISS and BM25, ready for ``Retriever``.

    ``documents``, ``items`` and ``passages`` read each record from disk when
    it is asked for (``qa_bot.index_store``); ``outlines`` (meetings and item
    headings), ``item_sources``
    and the per-passage arrays are in memory."""

    path: Path
    manifest: Mapping[str, Any]
    documents: Mapping[str, Document]
    items: Mapping[str, AgendaItem]  # by item id (see ``item_id``)
    item_ids: tuple[str, ...]
    passages: Sequence[Passage]
    passage_item: np.ndarray  # int32: row -> position in item_ids
    faiss_index: Any
    bm25: Any
    vocabulary: frozenset[str] = field(default_factory=frozenset)
    outlines: Mapping[str, DocumentOutline] = field(default_factory=dict)  # by source
    item_sources: tuple[str, ...] = ()  # the source of each item of item_ids
    passage_resolution: np.ndarray | None = None  # bool: row is a resolution
    # With a delta segment (``qa_bot.segments``): rows past the base's are the
    # delta's, ``live`` masks the base rows the delta replaces or removes, and
    # ``lexicon`` scores BM25 over both with the merged statistics.
    delta: Any = None
    live: np.ndarray | None = None
    lexicon: Any = None
    row_order: np.ndarray | None = None  # a row's place in a full rebuild's order

    def meeting(self, source: str) -> Meeting:
        outline = self.outlines.get(source)
        return outline.meeting if outline is not None else self.documents[source].meeting

    @property
    def generation_dir(self) -> Path:
        return self.path / self.manifest["generation"]


def item_id(source: str, key: str) -> str:
    """Identity of an agenda item across the corpus."""
    return f"{source}#{key}"


# --------------------------------------------------------------- tokenising


def bm25_stopwords() -> frozenset[str]:
    """The English stopwords BM25 drops, for the index and its queries alike."""
    from qa_bot.bm25_arrays import stopwords_en

    return stopwords_en()


def bm25_tokens(text: str, stopwords: frozenset[str] | None = None) -> list[str]:
    """Lower-case word tokens without English stopwords (no stemming).

    Single characters are dropped except digits, so "item 5" keeps its "5".
    """
    stop = bm25_stopwords() if stopwords is None else stopwords
    return [
        t
        for t in _TOKEN.findall(text.lower())
        if t not in stop and (len(t) > 1 or t.isdigit())
    ]


# ----------------------------------------------------------------- loading


def read_manifest(index_dir: Path) -> dict[str, Any]:
    path = index_dir / MANIFEST
    if not path.exists():
        raise MissingIndex(f"no index at {index_dir} (no {MANIFEST})")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptIndex(f"{path} is not readable JSON ({exc})") from exc
    required = ("format_version", "model", "dimension", "generation", "passage_count")
    if not isinstance(manifest, dict) or any(k not in manifest for k in required):
        raise CorruptIndex(f"{path} lacks some of {', '.join(required)}")
    return manifest


def index_settings(settings: Settings) -> dict[str, Any]:
    """Settings that change the passages, so the index must match them."""
    return {
        "passage_tokens": settings.passage_tokens,
        "passage_overlap_tokens": settings.passage_overlap_tokens,
    }


def check_compatible(
    manifest: Mapping[str, Any], settings: Settings, embedder_name: str, dimension: int
) -> None:
    """Raise StaleIndex when the index was built by another model/parser/format."""
    from qa_bot.versions import PARSER_VERSION

    expected = {
        "format_version": FORMAT_VERSION,
        "model": embedder_name,
        "dimension": dimension,
        "parser_version": PARSER_VERSION,
        **index_settings(settings),
    }
    for key, want in expected.items():
        have = manifest.get(key)
        if have != want:
            raise StaleIndex(
                f"index was built with {key}={have!r}, this run needs {want!r}"
            )


def _check_files(gen: Path, manifest: Mapping[str, Any]) -> None:
    if not gen.is_dir():
        raise CorruptIndex(f"index generation folder {gen} is missing")
    for rel, size in manifest.get("files", {}).items():
        path = gen / rel
        if not path.is_file():
            raise CorruptIndex(f"index file {path} is missing")
        if path.stat().st_size != size:
            raise CorruptIndex(
                f"index file {path} has {path.stat().st_size} bytes, "
                f"the manifest says {size} (truncated or overwritten)"
            )


def load_index(settings: Settings, embedder_name: str, dimension: int) -> LoadedIndex:
    """Load the index; raise MissingIndex, StaleIndex or CorruptIndex if unusable."""
    index_dir = Path(settings.index_dir)
    manifest = read_manifest(index_dir)
    check_compatible(manifest, settings, embedder_name, dimension)
    gen = index_dir / str(manifest["generation"])
    _check_files(gen, manifest)
    with cyclic_gc_paused():
        return _load_generation(index_dir, gen, manifest, dimension)


def _load_generation(
    index_dir: Path, gen: Path, manifest: dict[str, Any], dimension: int
) -> LoadedIndex:
    from qa_bot.bm25_arrays import BM25Arrays

    try:
        catalog = read_jsonl(gen / "catalog.jsonl")
        outlines = {c["source"]: outline_from_row(c) for c in catalog}
        documents = DocumentStore(
            JsonlRows(gen / "documents.jsonl"), JsonlRows(gen / "items.jsonl"),
            [c["source"] for c in catalog], [len(c["items"]) for c in catalog],
        )
        passages = PassageStore(JsonlRows(gen / "passages.jsonl"))
        passage_item = np.load(gen / "passage_item.npy")
        resolution = np.load(gen / "passage_resolution.npy")
        dense = read_faiss(gen / "dense.faiss")
        bm25 = BM25Arrays.load(gen / _BM25_DIR, mmap=True)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
        raise CorruptIndex(f"index in {gen} cannot be read ({exc})") from exc
    count = int(manifest["passage_count"])
    if not (
        len(passages) == count == dense.ntotal == int(bm25.scores["num_docs"])
        == len(passage_item) == len(resolution)
    ):
        raise CorruptIndex(
            f"index in {gen} disagrees with itself: {len(passages)} passages, "
            f"{dense.ntotal} vectors, {bm25.scores['num_docs']} BM25 rows, "
            f"{len(passage_item)} passage rows, manifest {count}"
        )
    if dense.d != dimension:
        raise CorruptIndex(f"FAISS index in {gen} has dimension {dense.d}")
    where: dict[str, tuple[int, int]] = {}
    for n, entry in enumerate(catalog):
        for k, key in enumerate(entry["items"]):
            where.setdefault(item_id(entry["source"], key), (n, k))
    item_ids = tuple(where)
    if count and (int(passage_item.min()) < 0 or int(passage_item.max()) >= len(item_ids)):
        raise CorruptIndex(f"a passage in {gen} names an unknown item")
    item_sources = tuple(catalog[where[iid][0]]["source"] for iid in item_ids)
    if manifest.get("delta"):
        base = {
            "catalog": catalog, "documents": documents, "where": where, "item_ids": item_ids,
            "item_sources": item_sources, "outlines": outlines, "passage_item": passage_item,
            "resolution": resolution,
        }
        return _with_delta(index_dir, manifest, base, passages, dense, bm25)
    return LoadedIndex(
        path=index_dir,
        manifest=manifest,
        documents=documents,
        items=ItemStore(documents, where),
        item_ids=item_ids,
        passages=passages,
        passage_item=passage_item,
        faiss_index=dense,
        bm25=bm25,
        vocabulary=frozenset(bm25.vocab_dict),
        outlines=outlines,
        item_sources=item_sources,
        passage_resolution=resolution,
    )


def _with_delta(
    index_dir: Path, manifest: dict[str, Any], base: dict[str, Any],
    passages: PassageStore, dense: Any, bm25: Any,
) -> LoadedIndex:
    """The base with its delta segment: the live collection in one row space."""
    from qa_bot.segments import LENGTHS, StackedPassages, load_delta, merged_view

    info = manifest["delta"]
    folder = index_dir / str(info["generation"])
    _check_files(folder, info)
    gen = index_dir / str(manifest["generation"])
    try:
        delta = load_delta(folder)
        lengths_path = gen / LENGTHS
        lengths = np.load(lengths_path, mmap_mode="r") if lengths_path.is_file() else None
        view = merged_view(manifest, base, bm25, lengths, delta)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError, IndexError) as exc:
        raise CorruptIndex(f"index delta in {folder} cannot be read ({exc})") from exc
    count = int(info["passage_count"])
    if not (len(delta.passages) == count == len(delta.vectors) == len(delta.passage_item)):
        raise CorruptIndex(f"index delta in {folder} disagrees with itself")
    if len(delta.vectors) and delta.vectors.shape[1] != dense.d:
        raise CorruptIndex(f"index delta in {folder} has vectors of dimension {delta.vectors.shape[1]}")
    return LoadedIndex(
        path=index_dir,
        manifest=manifest,
        documents=view.documents,
        items=ItemStore(view.documents, view.where),  # type: ignore[arg-type]
        item_ids=view.item_ids,
        passages=StackedPassages(passages, delta.passages),
        passage_item=view.passage_item,
        faiss_index=dense,
        bm25=bm25,
        vocabulary=view.lexicon.vocabulary(),
        outlines=view.outlines,
        item_sources=view.item_sources,
        passage_resolution=view.resolution,
        delta=delta,
        live=view.live,
        lexicon=view.lexicon,
        row_order=view.row_order,
    )


def read_faiss(path: Path) -> Any:
    """The FAISS index, memory-mapped where FAISS can (pages load as searched,
    so a large index starts at once and shares the page cache between
    processes); read into memory otherwise."""
    import faiss

    try:
        return faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
    except RuntimeError:
        return faiss.read_index(str(path))


def read_vectors(index: LoadedIndex) -> np.ndarray:
    """The passage vectors (memory-mapped), row i belonging to passage i."""
    return np.load(index.generation_dir / "vectors.npy", mmap_mode="r")


# ---------------------------------------------------------------- building


def faiss_kind(count: int, settings: Settings) -> str:
    """flat (exact) below ``ann_threshold`` passages, HNSW over 8-bit scalar
    quantised vectors up to ``ivf_threshold``, an IVF index (SQ8, re-ranked
    exactly) beyond."""
    if count >= settings.ivf_threshold:
        return "ivf-sq8"
    if count >= settings.ann_threshold:
        return "hnsw"
    return "flat"


def build_faiss(vectors: np.ndarray, settings: Settings) -> Any:
    """The FAISS index ``faiss_kind`` names for this many vectors.

    SQ8 stores a byte per dimension (a quarter of float32) at a recall of
    the exact top 10 measured >= 0.95 (bench/bench_scale.py).
    """
    import faiss

    count, dimension = vectors.shape
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = faiss_kind(count, settings)
    if kind == "ivf-sq8":
        # sqrt(N) lists, trained on 40 vectors a list (FAISS's floor is 39):
        # k-means over a sample, seconds even at millions of passages.
        lists = max(1, int(np.sqrt(count)))
        quantizer = faiss.IndexFlatIP(dimension)
        ivf = faiss.IndexIVFScalarQuantizer(
            quantizer, dimension, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        sample = vectors[np.random.default_rng(0).choice(count, min(count, 40 * lists), replace=False)]
        ivf.train(sample)
        ivf.nprobe = settings.ivf_nprobe
        # Candidates from the 8-bit lists, re-ranked exactly against the float
        # vectors stored alongside (memory-mapped when loaded: only the rows
        # re-ranked are read).
        index = faiss.IndexRefineFlat(ivf)
        index.k_factor = 4
    elif kind == "hnsw":
        index = faiss.IndexHNSWSQ(dimension, faiss.ScalarQuantizer.QT_8bit, settings.hnsw_m,
                                  faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
        index.hnsw.efConstruction = settings.hnsw_ef_construction
        index.hnsw.efSearch = settings.hnsw_ef_search
    else:
        index = faiss.IndexFlatIP(dimension)
    if count:
        index.add(vectors)
    return index


def build_bm25(passages: Sequence[Passage], tokens: Sequence[list[str]] | None = None) -> Any:
    """BM25 over the passages (``tokens``: their ``segments.token_lists``, if made)."""
    import bm25s

    from qa_bot.segments import token_lists

    corpus = list(tokens) if tokens is not None else token_lists(passages)
    bm25 = bm25s.BM25()
    bm25.index(corpus or [["_"]], show_progress=False)
    return bm25


def _previous_vectors(
    settings: Settings, embedder: Embedder
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Old manifest and {embedded-text hash: vector} from the current index."""
    try:
        manifest = read_manifest(Path(settings.index_dir))
        if manifest.get("model") != embedder.name or manifest.get("dimension") != embedder.dimension:
            logger.info("existing index used another model; embedding everything")
            return manifest, {}
        gen = Path(settings.index_dir) / str(manifest["generation"])
        _check_files(gen, manifest)
        hashes = [p["embed_hash"] for p in read_jsonl(gen / "passages.jsonl")]
        vectors = np.load(gen / "vectors.npy", mmap_mode="r")
        if len(vectors) != len(hashes) or vectors.shape[1:] != (embedder.dimension,):
            raise CorruptIndex("vectors and passages disagree")
        cache = {h: vectors[i] for i, h in enumerate(hashes)}
        delta = manifest.get("delta")
        if delta:
            folder = Path(settings.index_dir) / str(delta["generation"])
            _check_files(folder, delta)
            delta_vectors = np.load(folder / "vectors.npy", mmap_mode="r")
            for i, row in enumerate(read_jsonl(folder / "passages.jsonl")):
                cache[row["embed_hash"]] = delta_vectors[i]
    except MissingIndex:
        return {}, {}
    except (IndexLoadError, OSError, ValueError, KeyError, IndexError) as exc:
        logger.warning("existing index unusable (%s); embedding everything", exc)
        return {}, {}
    return manifest, cache


def _generations(manifest: Mapping[str, Any]) -> set[str]:
    """The generation folders a manifest names (base, and delta if any)."""
    names = {str(manifest.get("generation"))}
    if manifest.get("delta"):
        names.add(str(manifest["delta"]["generation"]))
    return names


def _remove_stale_generations(index_dir: Path, keep: set[str]) -> None:
    for path in index_dir.iterdir():
        if path.is_dir() and path.name.startswith(("gen-", ".tmp-")) and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{MANIFEST}.") and path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)


def _word_count(text: str) -> int:
    return len(text.split())


EmbedEngine = Callable[[Embedder, Sequence[str]], np.ndarray]


def update_index(
    settings: Settings, embedder: Embedder, *, progress: bool = True,
    engine: EmbedEngine | None = None,
) -> IndexReport:
    """Parse the corpus and write a new index generation, re-embedding only new text.

    ``engine`` embeds the new passages (default: in this process; see
    ``qa_bot.index_ray`` for the Ray Data backfill).

    Atomic: the new generation becomes visible only when ``manifest.json`` is
    replaced at the very end, so a failure at any earlier point leaves the
    previous index loadable.
    """
    from qa_bot.parse import PARSER_VERSION, load_manifest, parse_corpus

    started = time.perf_counter()
    index_dir = Path(settings.index_dir)
    corpus_dir = Path(settings.corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusUnavailable(
            f"the corpus folder {corpus_dir} does not exist; the index at "
            f"{index_dir} was left as it was"
        )
    index_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(index_dir):
        try:
            current = read_manifest(index_dir)
        except IndexLoadError:
            current = {}
        fingerprint, stats = corpus_state(corpus_dir, current)
        try:
            if not current:
                raise MissingIndex("no manifest")
            check_compatible(current, settings, embedder.name, embedder.dimension)
            for name in _generations(current):
                part = current if name == current["generation"] else current["delta"]
                _check_files(index_dir / name, part)
        except IndexLoadError:
            current = {}
        if current and current.get("corpus_files") == fingerprint:
            # every file there at its recorded size: nothing to do
            live = current.get("sources", {})
            count = sum(int(s.get("passages", 0)) for s in live.values()) if live else int(
                current["passage_count"]
            )
            report = IndexReport(
                str(index_dir), len(live), count, 0, count,
                up_to_date=True, seconds=time.perf_counter() - started,
            )
            logger.info(report.summary())
            return report
        if current:
            report = _update_delta(
                settings, embedder, current, fingerprint, stats, engine, progress, started
            )
            if report is not None:
                return report
        old_manifest, cache = _previous_vectors(settings, embedder)
        try:
            check_compatible(old_manifest, settings, embedder.name, embedder.dimension)
            compatible = True
        except StaleIndex:
            compatible = False

        parsed = parse_corpus(
            [corpus_dir], manifest=load_manifest(corpus_dir), max_bytes=settings.max_file_bytes
        )
        documents = sorted(parsed.documents, key=lambda d: d.source)
        if not documents:
            raise CorpusUnavailable(
                f"no usable minutes under {corpus_dir}; the index at {index_dir} "
                "was left as it was"
            )
        count_tokens: Callable[[str], int] = getattr(embedder, "count_tokens", _word_count)
        passages: list[Passage] = []
        sources: dict[str, dict[str, Any]] = {}
        for doc in documents:
            doc_passages = passages_for(doc, count_tokens, settings)
            sources[doc.source] = {
                "content_hash": doc.content_hash,
                "passages": len(doc_passages),
                "items": len(doc.items),
            }
            passages.extend(doc_passages)

        prepare = getattr(embedder, "prepare", None)
        if prepare is not None:  # e.g. make the int8 model, calibrated on these passages
            prepare([p.embed_text for p in passages])
        hashes = [text_hash(p.embed_text) for p in passages]
        missing = sorted({h: i for i, h in enumerate(hashes) if h not in cache}.items())
        new_texts = [passages[i].embed_text for _, i in missing]
        if engine is None:
            fresh = embed_texts(embedder, new_texts, progress=progress)
        else:
            fresh = engine(embedder, new_texts)
        lookup = dict(cache)
        lookup.update({h: fresh[n] for n, (h, _) in enumerate(missing)})
        vectors = np.zeros((len(passages), embedder.dimension), dtype=np.float32)
        for row, h in enumerate(hashes):
            vectors[row] = lookup[h]

        old_sources = old_manifest.get("sources", {}) if compatible else {}
        report_lists = _source_changes(old_sources, sources)
        generation = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        tmp = index_dir / f".tmp-{generation}"
        tmp.mkdir()
        try:
            avg_length = _write_generation(tmp, documents, passages, hashes, vectors, settings)
            files = file_sizes(tmp)
            final = index_dir / generation
            os.replace(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        manifest = {
            "format_version": FORMAT_VERSION,
            "model": embedder.name,
            "embedder_route": getattr(embedder, "route", None),
            "dimension": embedder.dimension,
            "parser_version": PARSER_VERSION,
            **index_settings(settings),
            "generation": generation,
            "faiss": faiss_kind(len(passages), settings),
            "passage_count": len(passages),
            "bm25_avg_length": avg_length,
            "sources": sources,
            "corpus_files": fingerprint,
            "corpus_stats": stats,
            "files": files,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        write_manifest(index_dir, manifest)
        _remove_stale_generations(index_dir, keep={generation})
    seconds = time.perf_counter() - started
    report = IndexReport(
        path=str(index_dir),
        documents=len(documents),
        passages=len(passages),
        embedded=len(missing),
        reused=len(passages) - len(missing),
        seconds=seconds,
        warnings=tuple(str(w) for w in parsed.warnings),
        **report_lists,
    )
    logger.info(report.summary())
    return report


def _update_delta(
    settings: Settings, embedder: Embedder, current: dict[str, Any],
    fingerprint: dict[str, str], stats: dict[str, list[int]], engine: EmbedEngine | None,
    progress: bool, started: float,
) -> IndexReport | None:
    """Write a delta segment for the changes since the base (``qa_bot.segments``)
    and commit it; None when a full build should run instead."""
    from qa_bot.segments import build_delta

    spent = [0.0]  # seconds in the model (its load included)

    def embed(texts: Sequence[str]) -> np.ndarray:
        began = time.perf_counter()
        try:
            if engine is None:
                return embed_texts(embedder, texts, progress=progress)
            return engine(embedder, texts)
        finally:
            spent[0] += time.perf_counter() - began

    try:
        built = build_delta(settings, embedder, current, fingerprint, embed)
    except IndexLoadError as exc:
        logger.warning("index segments unusable (%s); rebuilding whole", exc)
        return None
    if built is None:
        return None
    index_dir = Path(settings.index_dir)
    built.manifest["corpus_stats"] = stats
    write_manifest(index_dir, built.manifest)
    _remove_stale_generations(index_dir, keep=_generations(built.manifest))
    report = IndexReport(
        path=str(index_dir), documents=built.documents, passages=built.passages,
        embedded=built.embedded, reused=built.reused,
        seconds=time.perf_counter() - started, warnings=built.warnings,
        **_source_changes(current.get("sources", {}), built.manifest["sources"]),
    )
    delta = built.manifest.get("delta")
    if delta:
        logger.info("%s (delta segment: %d passages, %d base passages masked; %.1fs in the model)",
                    report.summary(), delta["passage_count"], delta["masked_passages"], spent[0])
    else:
        logger.info("%s (the base alone: no document differs from it)", report.summary())
    return report


def _source_changes(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> dict[str, tuple[str, ...]]:
    return {
        "added": tuple(s for s in new if s not in old),
        "changed": tuple(
            s for s in new if s in old and old[s].get("content_hash") != new[s]["content_hash"]
        ),
        "removed": tuple(s for s in old if s not in new),
    }


def _write_generation(
    folder: Path,
    documents: Sequence[Document],
    passages: Sequence[Passage],
    hashes: Sequence[str],
    vectors: np.ndarray,
    settings: Settings,
) -> float:
    """Write a base generation; return the passages' mean BM25 length."""
    import faiss

    from qa_bot.segments import token_lists, write_lengths, write_marks

    _write_records(folder, documents, passages, hashes)
    write_marks(folder, documents)
    with (folder / "vectors.npy").open("wb") as handle:
        np.save(handle, vectors)
        handle.flush()
        os.fsync(handle.fileno())
    faiss.write_index(build_faiss(vectors, settings), str(folder / "dense.faiss"))
    tokens = token_lists(passages)
    avg_length = write_lengths(folder, tokens)
    build_bm25(passages, tokens).save(str(folder / _BM25_DIR), show_progress=False)
    return avg_length


def _write_records(
    folder: Path, documents: Sequence[Document], passages: Sequence[Passage], hashes: Sequence[str]
) -> None:
    """documents.jsonl, items.jsonl and passages.jsonl with their offsets, the catalog and
    the per-passage arrays (``qa_bot.index_store`` reads them)."""
    write_offsets(
        folder / "documents.jsonl",
        write_jsonl(
            folder / "documents.jsonl",
            ({k: v for k, v in to_jsonable(d).items() if k != "items"} for d in documents),
        ),
    )
    write_offsets(
        folder / "items.jsonl",
        write_jsonl(folder / "items.jsonl", (to_jsonable(i) for d in documents for i in d.items)),
    )
    write_offsets(
        folder / "passages.jsonl",
        write_jsonl(
            folder / "passages.jsonl",
            ({**to_jsonable(p), "embed_hash": h} for p, h in zip(passages, hashes)),
        ),
    )
    write_jsonl(folder / "catalog.jsonl", (catalog_row(d) for d in documents))
    position: dict[str, int] = {}
    for doc in documents:
        for item in doc.items:
            position.setdefault(item_id(doc.source, item.key), len(position))
    try:
        rows = [position[item_id(p.source, p.item_key)] for p in passages]
    except KeyError as exc:
        raise ValueError(f"a passage names an item no document holds: {exc}") from exc
    np.save(folder / "passage_item.npy", np.asarray(rows, dtype=np.int32))
    np.save(
        folder / "passage_resolution.npy",
        np.asarray([p.kind == "resolution" for p in passages], dtype=bool),
    )


def ensure_index(
    settings: Settings, embedder: Embedder, *, progress: bool = True
) -> LoadedIndex:
    """Load the index, first building or updating it when missing, stale or corrupt."""
    try:
        index = load_index(settings, embedder.name, embedder.dimension)
    except IndexLoadError as exc:
        if isinstance(exc, MissingIndex):
            logger.warning("%s; building it now", exc)
        else:
            logger.warning("index at %s cannot be used: %s; rebuilding it", settings.index_dir, exc)
        update_index(settings, embedder, progress=progress)
        return load_index(settings, embedder.name, embedder.dimension)
    if index.manifest.get("corpus_files") != corpus_fingerprint(Path(settings.corpus_dir), index.manifest):
        logger.warning("corpus under %s changed since the index was built; updating", settings.corpus_dir)
        update_index(settings, embedder, progress=progress)
        return load_index(settings, embedder.name, embedder.dimension)
    return index
