"""Index segments: a large base generation and a small delta beside it.

Re-indexing a corpus of a million passages from scratch takes minutes (BM25
and FAISS are rebuilt from every passage), so a change to a few documents is
written into a *delta* generation instead: only the documents added or
changed since the base was built (found by the corpus fingerprint), parsed,
split and embedded alone, and rebuilt whole on each change.  The manifest
names both (``generation`` is the base, ``delta`` the delta) and lists the
base documents the delta replaces or removes (``tombstones``); their passages
stay in the base's files but are masked out of every search, and of every
view of the collection.

Row space: base passage ``i`` is row ``i``; delta passage ``j`` is row
``base_count + j``.  ``merged_view`` builds the index as a full rebuild
would present it (documents, items and catalogue in source order, a
removed document gone, a changed one with its new text only).

Scores are the full rebuild's:

- dense: the delta's vectors are searched exactly (inner product, as FAISS's
  flat index does) and merged with the base's candidates by cosine;
- BM25 (bm25s's "lucene" variant, ``idf * tf / (k1 * (1 - b + b * len /
  avg) + tf)``): document frequencies, the passage count and the average
  length are those of the merged collection (base minus tombstoned plus
  delta, the tombstoned passages' terms counted at delta-build time).  The
  base stores each passage's score per term, not its term frequency; with
  the base's passage lengths (``passage_length.npy``) the term frequency is
  recovered exactly from the stored score and the score recomputed with the
  merged statistics.  A base written before that file existed has its
  scores rescaled by the merged/base idf ratio only (its average length is
  then the base's).

Cross-document duplicates (``qa_bot.parse.dedupe``): the base records a hash
of each of its documents' item openings (``marks.npy``); a new or changed
document sharing one with a base document brings that document into the
delta too, and ``drop_duplicates`` decides between them as a full build would.

When the delta (its passages plus the base passages it masks) passes
``segment_merge_share`` of the base, ``update_index`` builds one new base
from everything instead (at that ``index`` run, reusing every vector).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np

from qa_bot.index_files import read_jsonl, text_hash
from qa_bot.index_store import (
    DocumentOutline,
    DocumentStore,
    JsonlRows,
    PassageStore,
    outline_from_row,
)
from qa_bot.records import AgendaItem, Document, Passage

logger = logging.getLogger(__name__)

MARKS = "marks.npz"
LENGTHS = "passage_length.npy"
LEXICON = "lexicon.npz"
LEXICON_VOCAB = "lexicon_vocab.json"
DEAD_TERMS = "dead_terms.json"
# bm25s's defaults, which ``qa_bot.index.build_bm25`` uses ("lucene" variant).
K1 = 1.5
B = 0.75


# ------------------------------------------------------------------ marks


def mark_hash(mark: str) -> int:
    return int.from_bytes(hashlib.blake2b(mark.encode("utf-8"), digest_size=8).digest(), "little")


def write_marks(folder: Path, documents: Sequence[Document]) -> None:
    """``marks.npz``: the hash of every item opening ``dedupe`` compares, with
    the position of its document, sorted by hash."""
    from qa_bot.parse.dedupe import item_marks

    hashes: list[int] = []
    docs: list[int] = []
    for n, doc in enumerate(documents):
        for mark in item_marks(doc):
            hashes.append(mark_hash(mark))
            docs.append(n)
    h = np.asarray(hashes, dtype=np.uint64)
    d = np.asarray(docs, dtype=np.int32)
    order = np.argsort(h, kind="stable")
    np.savez(folder / MARKS, hash=h[order], doc=d[order])


def read_marks(gen: Path) -> tuple[np.ndarray, np.ndarray] | None:
    try:
        with np.load(gen / MARKS) as data:
            return data["hash"], data["doc"]
    except (OSError, KeyError, ValueError):
        return None


def _possible_duplicates(
    marks: tuple[np.ndarray, np.ndarray], documents: Sequence[Document]
) -> set[int]:
    """Base documents that share enough item openings with one of ``documents``
    to be the same meeting by ``dedupe``'s rule (four in five of the smaller
    one's); ``drop_duplicates`` then decides between them."""
    from qa_bot.parse.dedupe import _SHARE, item_marks

    hashes, docs = marks
    if len(hashes) == 0:
        return set()
    per_doc = np.bincount(docs, minlength=int(docs.max()) + 1)
    found: set[int] = set()
    for doc in documents:
        wanted = np.asarray(sorted({mark_hash(m) for m in item_marks(doc)}), dtype=np.uint64)
        if len(wanted) == 0:
            continue
        left = np.searchsorted(hashes, wanted, side="left")
        right = np.searchsorted(hashes, wanted, side="right")
        shared = Counter(int(d) for a, b in zip(left.tolist(), right.tolist()) for d in docs[a:b])
        for n, count in shared.items():
            if count >= max(1, math.ceil(_SHARE * min(len(wanted), int(per_doc[n])))):
                found.add(n)
    return found


# ---------------------------------------------------------------- lexicon


def token_lists(passages: Sequence[Passage]) -> list[list[str]]:
    """Each passage's BM25 tokens, as ``qa_bot.index.build_bm25`` indexes them."""
    from qa_bot.index import bm25_stopwords, bm25_tokens

    stop = bm25_stopwords()
    return [bm25_tokens(p.embed_text, stop) or ["_"] for p in passages]


def write_lengths(folder: Path, tokens: Sequence[Sequence[str]]) -> float:
    """The base's passage lengths (tokens) and their mean, as bm25s counts them."""
    lengths = np.asarray([len(t) for t in tokens], dtype=np.int32)
    np.save(folder / LENGTHS, lengths)
    return float(lengths.mean()) if len(lengths) else 1.0


def write_lexicon(folder: Path, tokens: Sequence[Sequence[str]]) -> None:
    """The delta's term frequencies by term (CSC: ``indptr``, ``rows``, ``tf``)
    and passage lengths, scored at query time with the merged statistics."""
    vocab: dict[str, int] = {}
    columns: list[list[tuple[int, int]]] = []
    for row, toks in enumerate(tokens):
        for token, tf in Counter(toks).items():
            c = vocab.setdefault(token, len(vocab))
            if c == len(columns):
                columns.append([])
            columns[c].append((row, tf))
    indptr = np.zeros(len(columns) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(c) for c in columns])
    rows = np.asarray([r for c in columns for r, _ in c], dtype=np.int32)
    tf = np.asarray([t for c in columns for _, t in c], dtype=np.int32)
    lengths = np.asarray([len(t) for t in tokens], dtype=np.int32)
    np.savez(folder / LEXICON, indptr=indptr, rows=rows, tf=tf, lengths=lengths)
    (folder / LEXICON_VOCAB).write_text(json.dumps(list(vocab)), encoding="utf-8")


def write_dead_terms(folder: Path, tokens: Sequence[Sequence[str]]) -> None:
    """Document frequencies and total length of the base passages the delta masks."""
    df: Counter[str] = Counter()
    for toks in tokens:
        df.update(set(toks))
    (folder / DEAD_TERMS).write_text(
        json.dumps({"df": dict(df), "length": sum(len(t) for t in tokens), "count": len(tokens)}),
        encoding="utf-8",
    )


def _idf(df: float, n: float) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class Lexicon:
    """BM25 over base + delta with the merged collection's statistics."""

    base: Any  # bm25s.BM25 of the base (memory-mapped)
    base_count: int
    base_lengths: np.ndarray | None  # int32 per base passage, or None (older base)
    base_avg: float
    delta_vocab: Mapping[str, int]
    delta_indptr: np.ndarray
    delta_rows: np.ndarray
    delta_tf: np.ndarray
    delta_lengths: np.ndarray
    dead_df: Mapping[str, int]
    dead_length: int
    dead_count: int

    @property
    def count(self) -> int:
        return self.base_count - self.dead_count + len(self.delta_lengths)

    @property
    def average_length(self) -> float:
        if self.base_lengths is None:
            return self.base_avg
        total = self.base_avg * self.base_count - self.dead_length + int(self.delta_lengths.sum())
        return total / max(1, self.count)

    def _base_df(self, token: str) -> int:
        column = self.base.vocab_dict.get(token)
        if column is None:
            return 0
        indptr = self.base.scores["indptr"]
        return int(indptr[column + 1] - indptr[column])

    def _delta_df(self, token: str) -> int:
        c = self.delta_vocab.get(token)
        return 0 if c is None else int(self.delta_indptr[c + 1] - self.delta_indptr[c])

    def document_frequency(self, token: str) -> int:
        return self._base_df(token) - int(self.dead_df.get(token, 0)) + self._delta_df(token)

    def vocabulary(self) -> frozenset[str]:
        gone = {t for t, n in self.dead_df.items() if self._base_df(t) - n <= 0}
        return frozenset(set(self.base.vocab_dict) - gone) | frozenset(self.delta_vocab)

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 of every row (base then delta) for ``tokens`` (repeats count, as
        in bm25s); masked rows are the caller's to zero."""
        out = np.zeros(self.base_count + len(self.delta_lengths), dtype=np.float32)
        n, avg = self.count, self.average_length
        # Plain views of the memory-mapped matrices (a memmap slice is slow to make).
        data, indices, indptr = (np.asarray(self.base.scores[k]) for k in ("data", "indices", "indptr"))
        for token in tokens:
            df = self.document_frequency(token)
            if df <= 0:
                continue
            idf = _idf(df, n)
            column = self.base.vocab_dict.get(token)
            if column is not None:
                a, b = int(indptr[column]), int(indptr[column + 1])
                rows = indices[a:b]
                stored = data[a:b]
                idf_base = _idf(b - a, self.base_count)
                if self.base_lengths is not None:
                    # stored = idf_base * tf / (K1 * norm + tf): solve for tf
                    # (an integer), score it again with the merged statistics
                    # (in float64, as bm25s, so equal scores stay equal).
                    x = np.minimum(stored / idf_base, 1 - 1e-9)
                    length = np.asarray(self.base_lengths)[rows].astype(np.float64)
                    tf = np.rint(x * K1 * (1 - B + B * length / self.base_avg) / (1 - x))
                    tf = np.maximum(tf, 1.0)
                    value = idf * tf / (K1 * (1 - B + B * length / avg) + tf)
                else:
                    value = stored * (idf / idf_base)
                out[rows] += value.astype(np.float32)
            c = self.delta_vocab.get(token)
            if c is not None:
                a, b = int(self.delta_indptr[c]), int(self.delta_indptr[c + 1])
                rows = self.delta_rows[a:b]
                tf = self.delta_tf[a:b].astype(np.float64)
                length = self.delta_lengths[rows].astype(np.float64)
                value = idf * tf / (K1 * (1 - B + B * length / avg) + tf)
                out[self.base_count + rows] += value.astype(np.float32)
        return out


# ---------------------------------------------------------- merged views


class StackedPassages(Sequence[Passage]):
    """Base passages then delta passages, one row space."""

    def __init__(self, base: Sequence[Passage], delta: Sequence[Passage]):
        self._base = base
        self._delta = delta

    def __len__(self) -> int:
        return len(self._base) + len(self._delta)

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Passage]: ...
    def __getitem__(self, i: int | slice) -> Passage | Sequence[Passage]:
        if isinstance(i, slice):
            return tuple(self[n] for n in range(*i.indices(len(self))))
        n = int(i)
        if n < 0:
            n += len(self)
        if n < len(self._base):
            return self._base[n]
        return self._delta[n - len(self._base)]


class MergedDocuments(Mapping[str, Document]):
    """The live documents of base and delta by source, in source order.  A
    position ``n`` (as ``ItemStore`` uses) below ``base_count`` is the base's
    document ``n``; from there on, the delta's ``n - base_count``."""

    def __init__(
        self, base: DocumentStore, delta: DocumentStore, ordered: Sequence[tuple[str, int]]
    ):
        self._base = base
        self._delta = delta
        self._count = len(base)
        self._sources = tuple(source for source, _ in ordered)
        self._position = dict(ordered)

    def __len__(self) -> int:
        return len(self._sources)

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __contains__(self, source: object) -> bool:
        return source in self._position

    def __getitem__(self, source: str) -> Document:
        return self.at(self._position[source])

    def at(self, n: int) -> Document:
        return self._base.at(n) if n < self._count else self._delta.at(n - self._count)

    def item(self, n: int, k: int) -> AgendaItem:
        if n < self._count:
            return self._base.item(n, k)
        return self._delta.item(n - self._count, k)


@dataclass(frozen=True)
class Delta:
    """A loaded delta generation."""

    folder: Path
    catalog: list[dict[str, Any]]
    documents: DocumentStore
    passages: PassageStore
    passage_item: np.ndarray  # int32: delta row -> item position within the delta
    resolution: np.ndarray
    vectors: np.ndarray  # float32, in memory (small)
    lexicon_vocab: dict[str, int]
    lexicon: dict[str, np.ndarray]
    dead_terms: dict[str, Any]

    @property
    def masked(self) -> int:
        """How many base passages the delta masks (its tombstones' passages)."""
        return int(self.dead_terms["count"])


def load_delta(folder: Path) -> Delta:
    catalog = read_jsonl(folder / "catalog.jsonl")
    documents = DocumentStore(
        JsonlRows(folder / "documents.jsonl"), JsonlRows(folder / "items.jsonl"),
        [c["source"] for c in catalog], [len(c["items"]) for c in catalog],
    )
    with np.load(folder / LEXICON) as data:
        lexicon = {k: np.asarray(data[k]) for k in ("indptr", "rows", "tf", "lengths")}
    vocab = json.loads((folder / LEXICON_VOCAB).read_text(encoding="utf-8"))
    return Delta(
        folder=folder,
        catalog=catalog,
        documents=documents,
        passages=PassageStore(JsonlRows(folder / "passages.jsonl")),
        passage_item=np.load(folder / "passage_item.npy"),
        resolution=np.load(folder / "passage_resolution.npy"),
        vectors=np.load(folder / "vectors.npy"),
        lexicon_vocab={t: n for n, t in enumerate(vocab)},
        lexicon=lexicon,
        dead_terms=json.loads((folder / DEAD_TERMS).read_text(encoding="utf-8")),
    )


def base_rows(base_sources: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[int, int]]:
    """Each base document's rows (the base writes documents in source order)."""
    out: dict[str, tuple[int, int]] = {}
    row = 0
    for source in sorted(base_sources):
        count = int(base_sources[source]["passages"])
        out[source] = (row, row + count)
        row += count
    return out


@dataclass(frozen=True)
class MergedView:
    documents: MergedDocuments
    where: dict[str, tuple[int, int]]
    item_ids: tuple[str, ...]
    item_sources: tuple[str, ...]
    outlines: dict[str, DocumentOutline]
    passage_item: np.ndarray
    resolution: np.ndarray
    live: np.ndarray
    lexicon: Lexicon
    row_order: np.ndarray  # each row's position in a full rebuild (ties break by it)


def merged_view(
    manifest: Mapping[str, Any],
    base: Mapping[str, Any],
    bm25: Any,
    base_lengths: np.ndarray | None,
    delta: Delta,
) -> MergedView:
    """The live collection of base + delta, as a full rebuild presents it.

    ``base``: what ``load_index`` read of the base (``catalog``, ``documents``,
    ``where``, ``item_ids``, ``item_sources``, ``outlines``, ``passage_item``,
    ``resolution``); its per-item work is reused, not redone (numpy over the
    items, Python only over documents and the delta's items)."""
    from qa_bot.index import item_id

    info = manifest["delta"]
    tombstones = set(info["tombstones"])
    catalog: Sequence[Mapping[str, Any]] = base["catalog"]
    base_where: Mapping[str, tuple[int, int]] = base["where"]
    base_ids: Sequence[str] = base["item_ids"]
    docs = len(catalog)
    base_count = len(base["passage_item"])
    live_doc = np.array([c["source"] not in tombstones for c in catalog], dtype=bool)
    delta_where: dict[str, tuple[int, int]] = {}
    for m, entry in enumerate(delta.catalog):
        for k, key in enumerate(entry["items"]):
            delta_where.setdefault(item_id(entry["source"], key), (docs + m, k))
    # Documents in source order, as a full rebuild writes them.
    ordered = sorted(
        [(c["source"], n) for n, c in enumerate(catalog) if live_doc[n]]
        + [(c["source"], docs + m) for m, c in enumerate(delta.catalog)]
    )
    rank = np.empty(docs + len(delta.catalog), dtype=np.int64)
    for r, (_, n) in enumerate(ordered):
        rank[n] = r
    # Items: the base's live ones and the delta's, in their documents' order.
    item_doc = np.fromiter((n for n, _ in base_where.values()), dtype=np.int64, count=len(base_where))
    kept = np.flatnonzero(live_doc[item_doc]) if len(item_doc) else np.zeros(0, dtype=np.int64)
    delta_doc = np.fromiter((n for n, _ in delta_where.values()), dtype=np.int64, count=len(delta_where))
    order = np.argsort(np.concatenate([rank[item_doc[kept]], rank[delta_doc]]), kind="stable")
    ids = [base_ids[i] for i in kept.tolist()] + list(delta_where)
    sources = [base["item_sources"][i] for i in kept.tolist()] + [
        delta.catalog[n - docs]["source"] for n in delta_doc.tolist()
    ]
    item_ids = tuple(ids[j] for j in order.tolist())
    item_sources = tuple(sources[j] for j in order.tolist())
    position = np.empty(len(order), dtype=np.int32)
    position[order] = np.arange(len(order), dtype=np.int32)
    remap_base = np.full(len(base_ids), -1, dtype=np.int32)
    remap_base[kept] = position[: len(kept)]
    remap_delta = position[len(kept):]
    where = dict(base_where)
    for n in np.flatnonzero(~live_doc).tolist():
        for key in catalog[n]["items"]:
            where.pop(item_id(catalog[n]["source"], key), None)
    where.update(delta_where)
    base_outlines: Mapping[str, DocumentOutline] = base["outlines"]
    outlines = {
        source: base_outlines[source] if n < docs else outline_from_row(delta.catalog[n - docs])
        for source, n in ordered
    }
    # Rows: the tombstoned base passages masked; each row's place in a full rebuild.
    total = base_count + len(delta.passage_item)
    live = np.ones(total, dtype=bool)
    base_ranges = base_rows(manifest["base_sources"])
    delta_ranges = base_rows({s: manifest["sources"][s] for s in info["sources"]})
    for source in tombstones:
        a, b = base_ranges[source]
        live[a:b] = False
    row_order = np.full(total, total, dtype=np.int64)
    at = 0
    for source, n in ordered:
        a, b = base_ranges[source] if n < docs else delta_ranges[source]
        offset = 0 if n < docs else base_count
        row_order[offset + a:offset + b] = np.arange(at, at + b - a)
        at += b - a
    passage_item = np.concatenate(
        [remap_base[base["passage_item"]], remap_delta[delta.passage_item]]
    ).astype(np.int32)
    lex = delta.lexicon
    dead = delta.dead_terms
    lexicon = Lexicon(
        base=bm25, base_count=base_count, base_lengths=base_lengths,
        base_avg=float(manifest.get("bm25_avg_length") or 0.0) or 1.0,
        delta_vocab=delta.lexicon_vocab, delta_indptr=lex["indptr"], delta_rows=lex["rows"],
        delta_tf=lex["tf"], delta_lengths=lex["lengths"], dead_df=dead["df"],
        dead_length=int(dead["length"]), dead_count=int(dead["count"]),
    )
    if lexicon.dead_count != int(np.count_nonzero(~live)):
        raise ValueError("the delta's masked passages disagree with its tombstones")
    return MergedView(
        documents=MergedDocuments(base["documents"], delta.documents, ordered),
        where=where,
        item_ids=item_ids,
        item_sources=item_sources,
        outlines=outlines,
        passage_item=passage_item,
        resolution=np.concatenate([np.asarray(base["resolution"], dtype=bool),
                                   np.asarray(delta.resolution, dtype=bool)]),
        live=live,
        lexicon=lexicon,
        row_order=row_order,
    )


# ------------------------------------------------------------------ build


@dataclass(frozen=True)
class DeltaBuild:
    """What ``build_delta`` wrote: the manifest to commit and the report's counts."""

    manifest: dict[str, Any]
    documents: int
    passages: int
    embedded: int
    reused: int
    warnings: tuple[str, ...]


def _parse_files(corpus_dir: Path, names: Sequence[str], max_bytes: int) -> tuple[list[Document], list[str]]:
    from qa_bot.parse import ParseError, load_manifest, parse_file

    manifest = load_manifest(corpus_dir)
    documents: list[Document] = []
    warnings: list[str] = []
    for name in sorted(names):
        try:
            doc = parse_file(corpus_dir / name, source=name, manifest=manifest, max_bytes=max_bytes)
        except ParseError as exc:
            warnings.append(str(exc))
            continue
        except Exception as exc:  # noqa: BLE001  (as parse_corpus: a bad file is a warning)
            warnings.append(f"{name}: could not be parsed ({exc.__class__.__name__}: {exc}); skipped")
            continue
        documents.append(doc)
        warnings.extend(doc.warnings)
    return documents, warnings


def build_delta(
    settings: Any,
    embedder: Any,
    old: Mapping[str, Any],
    fingerprint: Mapping[str, str],
    embed: Callable[[Sequence[str]], np.ndarray],
) -> DeltaBuild | None:
    """Write a delta generation for the corpus as it is now against the base
    ``old`` names; None when a full build is the right thing (no base to
    extend, the corpus manifest changed, or the delta would pass
    ``segment_merge_share``).  Nothing is committed here."""
    from qa_bot.index import (
        _check_files,
        _write_records,
        index_settings,
    )
    from qa_bot.index_files import file_sizes
    from qa_bot.parse.dedupe import drop_duplicates
    from qa_bot.passages import passages_for

    share = float(settings.segment_merge_share)
    index_dir, corpus_dir = Path(settings.index_dir), Path(settings.corpus_dir)
    base_sources: dict[str, Any] = old.get("base_sources") or old.get("sources") or {}
    base_count = int(old.get("passage_count", 0))
    old_files: Mapping[str, str] = old.get("corpus_files") or {}
    if share <= 0 or not base_count or "bm25_avg_length" not in old:
        return None
    if old_files.get("manifest.csv") != fingerprint.get("manifest.csv"):
        return None  # every document's meeting details may have changed
    base_gen = index_dir / str(old["generation"])
    _check_files(base_gen, old)
    # Every file that is not a base document as the base holds it is (re)parsed
    # (a document's content hash is its file's sha256, as in the fingerprint).
    unchanged = {
        s for s in base_sources if fingerprint.get(s) == base_sources[s].get("content_hash")
    }
    names = [n for n in fingerprint if n not in unchanged and n != "manifest.csv"]
    if not names and not (set(base_sources) - unchanged):  # back to the base as built
        manifest = {k: v for k, v in old.items() if k not in ("delta", "base_sources", "created")}
        manifest.update(sources=base_sources, corpus_files=dict(fingerprint),
                        created=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        count = sum(int(v["passages"]) for v in base_sources.values())
        return DeltaBuild(manifest, len(base_sources), count, 0, count, ())
    documents, warnings = _parse_files(corpus_dir, names, settings.max_file_bytes)
    # Base documents a new one may duplicate join the delta (and dedupe decides).
    order = sorted(base_sources)
    marks = read_marks(base_gen)
    if marks is None:
        logger.warning("the base index has no item marks (built before segments); "
                       "a full build is needed to check duplicates against it")
        return None
    brought: set[str] = set()
    frontier = documents
    while frontier:
        found = {order[n] for n in _possible_duplicates(marks, frontier)} & unchanged
        found -= brought
        if not found:
            break
        brought |= found
        frontier, more = _parse_files(corpus_dir, sorted(found), settings.max_file_bytes)
        documents.extend(frontier)
        warnings.extend(more)
    documents, duplicates = drop_duplicates(sorted(documents, key=lambda d: d.source))
    warnings.extend(duplicates)
    for warning in duplicates:
        logger.warning(warning)
    documents.sort(key=lambda d: d.source)
    tombstones = sorted(set(base_sources) - (unchanged - brought))
    rows = base_rows(base_sources)
    dead_rows = [r for s in tombstones for r in range(*rows[s])]
    count_tokens = getattr(embedder, "count_tokens", lambda t: len(t.split()))
    passages: list[Passage] = []
    sources: dict[str, dict[str, Any]] = {}
    for doc in documents:
        doc_passages = passages_for(doc, count_tokens, settings)
        sources[doc.source] = {
            "content_hash": doc.content_hash, "passages": len(doc_passages), "items": len(doc.items),
        }
        passages.extend(doc_passages)
    if len(passages) + len(dead_rows) > share * base_count:
        logger.info("the delta (%d passages, %d masked) passes %.0f%% of the base's %d: "
                    "building one base", len(passages), len(dead_rows), 100 * share, base_count)
        return None

    # Vectors: the previous delta's and the masked base rows', by embedded text.
    cache: dict[str, np.ndarray] = {}
    base_passages = JsonlRows(base_gen / "passages.jsonl")
    base_vectors = np.load(base_gen / "vectors.npy", mmap_mode="r")
    dead_texts: list[Passage] = []
    from qa_bot.index_files import record_from_dict

    for r in dead_rows:
        row = base_passages.row(r)
        cache[row["embed_hash"]] = np.asarray(base_vectors[r])
        dead_texts.append(record_from_dict(Passage, row))
    previous = old.get("delta")
    if previous:
        folder = index_dir / str(previous["generation"])
        try:
            vectors = np.load(folder / "vectors.npy", mmap_mode="r")
            for n, row in enumerate(read_jsonl(folder / "passages.jsonl")):
                cache[row["embed_hash"]] = np.asarray(vectors[n])
        except (OSError, ValueError, KeyError, IndexError) as exc:
            logger.warning("previous delta unreadable (%s); re-embedding its passages", exc)
    prepare = getattr(embedder, "prepare", None)
    if prepare is not None:
        prepare([p.embed_text for p in passages])
    hashes = [text_hash(p.embed_text) for p in passages]
    missing = sorted({h: i for i, h in enumerate(hashes) if h not in cache}.items())
    fresh = embed([passages[i].embed_text for _, i in missing])
    cache.update({h: fresh[n] for n, (h, _) in enumerate(missing)})
    vectors = np.zeros((len(passages), embedder.dimension), dtype=np.float32)
    for row, h in enumerate(hashes):
        vectors[row] = cache[h]

    generation = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}-delta"
    tmp = index_dir / f".tmp-{generation}"
    tmp.mkdir()
    try:
        _write_records(tmp, documents, passages, hashes)
        with (tmp / "vectors.npy").open("wb") as handle:
            np.save(handle, vectors)
        write_lexicon(tmp, token_lists(passages))
        write_dead_terms(tmp, token_lists(dead_texts))
        files = file_sizes(tmp)
        os.replace(tmp, index_dir / generation)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    live = {s: base_sources[s] for s in base_sources if s not in set(tombstones)}
    live.update(sources)
    manifest = {
        **{k: v for k, v in old.items() if k not in ("delta", "created")},
        **index_settings(settings),
        "sources": dict(sorted(live.items())),
        "base_sources": base_sources,
        "corpus_files": dict(fingerprint),
        "delta": {
            "generation": generation,
            "passage_count": len(passages),
            "sources": sorted(sources),
            "tombstones": tombstones,
            "masked_passages": len(dead_rows),
            "files": files,
        },
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    return DeltaBuild(
        manifest=manifest,
        documents=len(live),
        passages=sum(int(v["passages"]) for v in live.values()),
        embedded=len(missing),
        reused=len(passages) - len(missing),
        warnings=tuple(warnings),
    )
