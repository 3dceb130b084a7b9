"""Retrieval stage: a query -> agenda items, best first (hybrid, filtered).

Dense (FAISS over the passage vectors) and lexical (BM25 over the same
passages) rankings are fused with reciprocal rank fusion, then aggregated to
agenda items: an item scores its best passage plus a small bonus for further
matching passages.  Questions about decisions boost resolution passages.
Query words missing from the BM25 vocabulary are matched to vocabulary words
one edit away ("priorites" -> "priorities") and to vocabulary words of the same
stem ("co-opted" -> "co-opt", "objecting" -> "objections").
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from qa_bot.embed import Embedder
from qa_bot.fuse import max_rrf_score, reciprocal_rank_fusion
from qa_bot.index import LoadedIndex, bm25_stopwords, bm25_tokens, read_vectors
from qa_bot.records import Filters, Hit, Meeting
from qa_bot.sentences import stem, stem_words
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

DECISION_WORDS = re.compile(
    r"\b(resol\w*|decid\w*|decision\w*|agree\w*|recommend\w*|approv\w*|determin\w*)\b",
    re.IGNORECASE,
)
# The dense ranking's weight in the fusion (the lexical one's is a setting).
DENSE_WEIGHT = 1.0
# Passages after an item's best that can add to its score (multi_passage_bonus).
EXTRA_PASSAGES = 2
# Fuzzy matching of out-of-vocabulary query words: only words this long.
FUZZY_MIN_LENGTH = 5


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class FuzzyVocabulary:
    """Vocabulary words within one edit (insert, delete, substitute, swap).

    Symmetric-delete lookup (as in SymSpell): every word is filed under itself
    and each of its one-letter deletions; a query word looks up itself and its
    deletions.  Built on first use, per retriever.
    """

    def __init__(self, words: frozenset[str], min_length: int = FUZZY_MIN_LENGTH):
        self.words = words
        self.min_length = min_length
        self._table: dict[str, list[str]] | None = None

    def _build(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self.words):
            if len(word) >= self.min_length - 1 and not word.isdigit():
                table[word].append(word)
                for variant in _deletes(word):
                    table[variant].append(word)
        return dict(table)

    def near(self, word: str) -> list[str]:
        """Vocabulary words one edit from ``word`` (empty when ``word`` is known)."""
        if word in self.words or len(word) < self.min_length or word.isdigit():
            return []
        if self._table is None:
            self._table = self._build()
        found: set[str] = set()
        for key in {word} | _deletes(word):
            found.update(self._table.get(key, ()))
        return sorted(w for w in found if _one_edit(word, w))


class StemFamilies:
    """Vocabulary words grouped by their stem, so that a query word the
    minutes never use finds the forms they do ("opted" -> "opt").  The BM25
    index itself is not stemmed.  Built on first use, per retriever."""

    def __init__(self, words: frozenset[str]):
        self.words = words
        self._table: dict[str, list[str]] | None = None

    def _build(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = defaultdict(list)
        words = [w for w in self.words if not w.isdigit()]
        for word, key in zip(words, stem_words(words)):
            table[key].append(word)
        return dict(table)

    def family(self, word: str) -> list[str]:
        """Vocabulary words sharing ``word``'s stem (empty when ``word`` is known)."""
        if word in self.words or word.isdigit():
            return []
        if self._table is None:
            self._table = self._build()
        return list(self._table.get(stem(word), ()))


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def is_decision_question(query: str) -> bool:
    return bool(DECISION_WORDS.search(query))


def date_in_range(best_date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """ISO (possibly partial) date against an inclusive range of ISO dates.

    A partial date ("2022-02") passes when any day of it lies in the range.
    Without a range everything passes; with one, an undated item does not.
    """
    if date_from is None and date_to is None:
        return True
    if not best_date:
        return False
    latest = best_date + "\uffff"  # "2022-02" runs to the end of February
    if date_from is not None and latest < date_from:
        return False
    return date_to is None or best_date <= date_to + "\uffff"


def meeting_matches(meeting: Meeting, filters: Filters) -> bool:
    if filters.committee:
        committee = (meeting.committee or "").casefold()
        if filters.committee.strip().casefold() not in committee:
            return False
    return date_in_range(meeting.best_date, filters.date_from, filters.date_to)


def _stored_vectors(index: LoadedIndex) -> np.ndarray | None:
    """The index's float vectors, memory-mapped (row i: passage i), or None
    when they cannot be read (FAISS's own copy is used then)."""
    try:
        vectors = read_vectors(index)
    except (OSError, ValueError, KeyError):
        return None
    ok = vectors.ndim == 2 and len(vectors) == index.faiss_index.ntotal
    return vectors if ok and vectors.shape[1] == index.faiss_index.d else None


@dataclass(frozen=True)
class _Ranked:
    rows: list[int]
    scores: dict[int, float]


class Retriever:
    """Hybrid search over a loaded index; ``search`` returns one Hit per item."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: Settings):
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self._stopwords = bm25_stopwords()
        self._fuzzy = FuzzyVocabulary(index.vocabulary)
        self._families = StemFamilies(index.vocabulary)
        self._count_tokens = getattr(embedder, "count_tokens", None)
        if index.passage_resolution is not None:
            self._is_resolution = np.asarray(index.passage_resolution, dtype=bool)
        else:
            self._is_resolution = np.array(
                [p.kind == "resolution" for p in index.passages], dtype=bool
            )
        sources = index.item_sources or tuple(index.items[iid].source for iid in index.item_ids)
        self._item_meetings = [index.meeting(source) for source in sources]
        # the words of each file's name, where its minutes print no council
        self._name_tokens = {
            m.source: frozenset(bm25_tokens(m.name_words, self._stopwords))
            for m in {m.source: m for m in self._item_meetings}.values() if m.name_words
        }
        self._vectors = _stored_vectors(index)
        self._base_count = int(index.faiss_index.ntotal)  # rows past it: the delta segment's
        self._masked_rows = np.flatnonzero(~index.live) if index.live is not None else None
        # Ties break by a row's place in a full rebuild (the row itself without segments).
        self._row_key = index.row_order if index.row_order is not None else np.arange(
            len(index.passage_item), dtype=np.int64
        )
        # Passage rows of each item: rows[_starts[i]:_starts[i + 1]] of _order.
        self._order = np.argsort(index.passage_item, kind="stable")
        self._starts = np.searchsorted(
            index.passage_item[self._order], np.arange(len(index.item_ids) + 1)
        )

    # ------------------------------------------------------------ filters

    def allowed_passages(self, filters: Filters | None) -> np.ndarray | None:
        """Boolean mask over passages, or None when every passage may be found
        (no filter, and no base passage replaced by a delta segment)."""
        live = self.index.live
        if filters is None or not (filters.committee or filters.date_from or filters.date_to):
            return live
        allowed_items = np.array(
            [meeting_matches(m, filters) for m in self._item_meetings], dtype=bool
        )
        if len(self.index.passage_item) == 0:
            return np.zeros(0, dtype=bool)
        allowed = allowed_items[self.index.passage_item]
        return allowed if live is None else allowed & live

    # ------------------------------------------------------------- rankers

    def query_vector(self, query: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_batch([query]), dtype=np.float32)

    def dense(self, vector: np.ndarray, depth: int, mask: np.ndarray | None) -> _Ranked:
        """The nearest passages by cosine: the base's FAISS index and, with a
        delta segment, the delta's vectors searched exactly, merged by score."""
        delta = self.index.delta
        if delta is None:
            return self._dense_base(vector, depth, mask)
        nb = self._base_count
        masked = int(delta.masked) if mask is self.index.live else -1
        if 0 <= masked <= depth:
            # Only the delta's tombstones to skip, and few: search the base
            # unfiltered for that many more and drop them (no selector, which
            # slows an IVF search), the same top ``depth`` of the live rows.
            base = self._dense_base(vector, depth + masked, None)
            keep = [r for r in base.rows if mask[r]][:depth]
            base = _Ranked(keep, {r: base.scores[r] for r in keep})
        else:
            base = self._dense_base(vector, depth, None if mask is None else mask[:nb])
        scores = np.asarray(delta.vectors, dtype=np.float32) @ vector[0]
        if mask is not None:
            scores = np.where(mask[nb:], scores, -np.inf)
        found = np.flatnonzero(np.isfinite(scores))
        pairs = [(base.scores[r], r) for r in base.rows]
        pairs += [(float(scores[j]), nb + int(j)) for j in found]
        key = self._row_key
        pairs.sort(key=lambda sr: (-sr[0], key[sr[1]]))
        pairs = pairs[: max(0, depth)]
        return _Ranked([r for _, r in pairs], {r: s for s, r in pairs})

    def _dense_base(self, vector: np.ndarray, depth: int, mask: np.ndarray | None) -> _Ranked:
        import faiss

        index = self.index.faiss_index
        total = index.ntotal
        depth = min(depth, total)
        if depth <= 0:
            return _Ranked([], {})
        selector = None
        if mask is not None:
            bitmap = np.packbits(mask.astype(np.uint8), bitorder="little")
            selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bitmap))
        if isinstance(index, faiss.IndexRefine) and self._vectors is not None:
            # Candidates from the approximate index, re-ranked exactly here
            # against the stored float vectors (memory-mapped): the same
            # ranking as FAISS's own re-ranking, at half its cost per query.
            base = faiss.downcast_index(index.base_index)
            params = None if selector is None else self._filtered_params(base, selector, depth)
            _, ids = base.search(vector, min(total, depth * int(index.k_factor)), params=params)
            candidates = np.unique(ids[0][ids[0] >= 0])
            exact = np.asarray(self._vectors[candidates]) @ vector[0]
            best = np.lexsort((candidates, -exact))[:depth]
            rows = candidates[best].tolist()
            return _Ranked(rows, {r: float(s) for r, s in zip(rows, exact[best])})
        params = None if selector is None else self._filtered_params(index, selector, depth)
        scores, ids = index.search(vector, depth, params=params)
        rows = [int(i) for i in ids[0] if i >= 0]
        return _Ranked(rows, {r: float(s) for r, s in zip(rows, scores[0])})

    def _filtered_params(self, index: Any, selector: Any, depth: int) -> Any:
        """FAISS search parameters restricting a search to ``selector``'s rows,
        for each kind of index ``qa_bot.index.build_faiss`` makes."""
        import faiss

        if isinstance(index, faiss.IndexRefine):  # approximate search, exact re-ranking
            base = faiss.downcast_index(index.base_index)
            return faiss.IndexRefineSearchParameters(
                k_factor=index.k_factor,
                base_index_params=self._filtered_params(base, selector, depth),
            )
        if isinstance(index, faiss.IndexHNSW):
            return faiss.SearchParametersHNSW(
                sel=selector, efSearch=max(self.settings.hnsw_ef_search, depth)
            )
        if isinstance(index, faiss.IndexIVF):
            return faiss.SearchParametersIVF(sel=selector, nprobe=index.nprobe)
        return faiss.SearchParameters(sel=selector)

    def query_tokens(self, query: str) -> list[str]:
        """BM25 tokens of the query, each unknown word joined by the commonest
        vocabulary word of its stem or, when there is none, by its near
        spellings."""
        tokens = bm25_tokens(query, self._stopwords)
        out: list[str] = []
        for token in tokens:
            out.append(token)
            family = self._families.family(token)
            if family:  # its commonest form only: the family counts as one word
                out.append(max(family, key=lambda w: (self._document_frequency(w), w)))
            else:
                out.extend(self._near(token))
        return out

    def corrected(self, query: str) -> str:
        """The query with each unknown word replaced by its commonest near spelling.

        Dense embeddings of misspelt words are poor ("autsim"); the corrected
        text is what gets embedded.  Known words and short words are kept.
        """

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            near = self._near(word.lower())
            if not near:
                return word
            return max(near, key=lambda w: (self._document_frequency(w), w))

        return re.sub(r"\w+", fix, query)

    def _near(self, word: str) -> list[str]:
        """Corpus words one edit from ``word``, unless ``word`` is a real word.

        A word the model's tokenizer holds whole ("election") is taken as
        spelt right even when the minutes never use it; only the others
        ("priorites") are matched to near spellings.
        """
        if self._count_tokens is not None and self._count_tokens(word) <= 1:
            return []
        return self._fuzzy.near(word)

    def word_rarity(self, text: str) -> dict[str, float]:
        """How rare each word of ``text`` is in the whole index: its inverse
        passage frequency over that of a word no passage holds (1 for such a
        word, near 0 for a word in every passage).  Keyed by the word's stem."""
        total = len(self.index.passages)
        if total == 0:
            return {}
        top = math.log(1.0 + total / 0.5)
        rarity: dict[str, float] = {}
        for token in dict.fromkeys(bm25_tokens(text, self._stopwords)):
            df = self._document_frequency(token) if token in self.index.vocabulary else 0
            key = stem(token)
            rarity[key] = max(rarity.get(key, 0.0), math.log(1.0 + total / (df + 0.5)) / top)
        return rarity

    def _document_frequency(self, token: str) -> int:
        if self.index.lexicon is not None:
            return int(self.index.lexicon.document_frequency(token))
        column = self.index.bm25.vocab_dict.get(token)
        if column is None:
            return 0
        indptr = self.index.bm25.scores["indptr"]
        return int(indptr[column + 1] - indptr[column])

    def lexical(self, query: str, depth: int, mask: np.ndarray | None) -> _Ranked:
        known = [t for t in self.query_tokens(query) if t in self.index.vocabulary]
        total = len(self.index.passages)
        if not known or total == 0:
            return _Ranked([], {})
        if self.index.lexicon is not None:  # base + delta, merged statistics
            scores = self.index.lexicon.scores(known)
            if mask is self.index.live:  # no filter: only the tombstoned rows to zero
                scores[self._masked_rows] = 0.0
            elif mask is not None:
                scores *= mask
        else:
            weights = mask.astype(np.float32) if mask is not None else None
            scores = np.asarray(self.index.bm25.get_scores(known, weight_mask=weights))
        positive = np.flatnonzero(scores > 0)
        key = self._row_key
        if len(positive) > depth:  # the best ``depth``; at a tie on the edge, the first rows
            edge = -np.partition(-scores[positive], depth - 1)[depth - 1]
            above = positive[scores[positive] > edge]
            tied = positive[scores[positive] == edge]
            tied = tied[np.argsort(key[tied], kind="stable")[: depth - len(above)]]
            positive = np.concatenate([above, tied])
        rows = sorted(positive.tolist(), key=lambda r: (-scores[r], key[r]))
        return _Ranked(rows, {r: float(scores[r]) for r in rows})

    # -------------------------------------------------------------- search

    def search(
        self, query: str, k: int | None = None, filters: Filters | None = None
    ) -> list[Hit]:
        """Agenda items for ``query``, best first, at most ``k`` (default search_k)."""
        k = k or self.settings.search_k
        mask = self.allowed_passages(filters)
        if mask is not None and not mask.any():
            return []
        depth = self.settings.candidate_depth
        vector = self.query_vector(self.corrected(query))
        dense = self.dense(vector, depth, mask)
        lexical = self.lexical(query, depth, mask)
        rankings = [dense.rows, lexical.rows]
        weights: tuple[float, ...] = (DENSE_WEIGHT, self.settings.lexical_weight)
        named = self.named_by_file(query)
        if named:  # the file's name matches as the word would in the text: a lexical match, ranked by meaning
            rankings.append(self.dense(vector, depth, self._sources_mask(named, mask)).rows)
            weights += (self.settings.lexical_weight,)
        fused = reciprocal_rank_fusion(rankings, self.settings.rrf_k, weights)
        ceiling = max_rrf_score(self.settings.rrf_k, weights)
        boost = self.settings.resolution_boost if is_decision_question(query) else 0.0
        passage_scores: dict[int, float] = {}
        for row, score in fused:
            if self._is_resolution[row]:
                score *= 1.0 + boost
            passage_scores[row] = score / (ceiling * (1.0 + boost))
        hits = self._items(vector, passage_scores, dense, lexical, k)
        return [replace(h, named_by_file=True) if h.item.source in named else h for h in hits]

    def named_by_file(self, query: str) -> frozenset[str]:
        """The files whose name holds a word of the query that no minutes
        print ("Worcestershire", where a page copied without its banner
        names its council nowhere but in the name it was saved under):
        empty when there is none, or when every file's name holds it."""
        if not self._name_tokens:
            return frozenset()
        unknown = {t for t in bm25_tokens(query, self._stopwords) if len(t) >= 4 and t not in self.index.vocabulary}
        named = frozenset(s for s, words in self._name_tokens.items() if unknown & words)
        return frozenset() if len(named) == len(self.index.documents) else named

    def _sources_mask(self, sources: frozenset[str], mask: np.ndarray | None) -> np.ndarray:
        items = np.array([m.source in sources for m in self._item_meetings], dtype=bool)
        allowed = items[self.index.passage_item] if len(self.index.passage_item) else np.zeros(0, dtype=bool)
        return allowed if mask is None else allowed & mask

    def _items(
        self,
        vector: np.ndarray,
        passage_scores: dict[int, float],
        dense: _Ranked,
        lexical: _Ranked,
        k: int,
    ) -> list[Hit]:
        bonus = self.settings.multi_passage_bonus
        by_item: dict[int, list[tuple[float, int]]] = defaultdict(list)
        key = self._row_key
        for row, score in passage_scores.items():
            by_item[int(self.index.passage_item[row])].append((score, row))
        scored: list[tuple[float, int, list[tuple[float, int]]]] = []
        for item_pos, rows in by_item.items():
            rows.sort(key=lambda sr: (-sr[0], key[sr[1]]))
            extra = sum(s for s, _ in rows[1 : 1 + EXTRA_PASSAGES])
            score = (rows[0][0] + bonus * extra) / (1.0 + bonus * EXTRA_PASSAGES)
            scored.append((score, item_pos, rows))
        scored.sort(key=lambda t: (-t[0], key[t[2][0][1]]))
        hits: list[Hit] = []
        for score, item_pos, rows in scored[:k]:
            iid = self.index.item_ids[item_pos]
            item = self.index.items[iid]
            hits.append(
                Hit(
                    item=item,
                    meeting=self._item_meetings[item_pos],
                    score=float(score),
                    passages=tuple(self.index.passages[r] for _, r in rows),
                    passage_scores=tuple(float(s) for s, _ in rows),
                    dense_score=self._best_cosine(vector, item_pos, dense),
                    lexical_score=max(
                        (lexical.scores.get(r, 0.0) for _, r in rows), default=0.0
                    ),
                )
            )
        return hits

    def _best_cosine(self, vector: np.ndarray, item_pos: int, dense: _Ranked) -> float:
        """Best cosine between the query and any passage of the item (exact)."""
        rows = self._order[self._starts[item_pos] : self._starts[item_pos + 1]]
        known = [dense.scores[r] for r in rows if r in dense.scores]
        if len(known) == len(rows):
            return float(max(known, default=0.0))
        stored = self._reconstruct(rows)
        return float(np.max(stored @ vector[0])) if len(stored) else 0.0

    def _reconstruct(self, rows: Sequence[int]) -> np.ndarray:
        delta = self.index.delta
        if delta is not None:
            ordered = np.sort(np.asarray(rows, dtype=np.int64))
            nb = self._base_count
            base = self._reconstruct_base(ordered[ordered < nb])
            return np.concatenate([base, np.asarray(delta.vectors[ordered[ordered >= nb] - nb])])
        return self._reconstruct_base(rows)

    def _reconstruct_base(self, rows: Sequence[int]) -> np.ndarray:
        if self._vectors is not None:
            return np.asarray(self._vectors[np.sort(np.asarray(rows, dtype=np.int64))])
        out = np.zeros((len(rows), self.index.faiss_index.d), dtype=np.float32)
        for n, row in enumerate(rows):
            out[n] = self.index.faiss_index.reconstruct(int(row))
        return out


def describe_hits(hits: Sequence[Hit]) -> list[dict[str, Any]]:
    """A compact, printable view of hits (for logs and the benchmark)."""
    return [
        {
            "source": h.item.source,
            "item": h.item.key,
            "score": round(h.score, 4),
            "dense": round(h.dense_score, 4),
            "lexical": round(h.lexical_score, 3),
        }
        for h in hits
    ]
