"""The tutorial pipeline, for comparison: fixed 1,000-character chunks with
200 characters of overlap over each file's whole text, the same model, a flat
FAISS index, dense search only.  Chunks are mapped to the agenda item they
overlap most so that the same item-level scores apply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa_bot.embed import Embedder, embed_texts
from qa_bot.records import Document, Hit

CHUNK_CHARS = 1000
OVERLAP_CHARS = 200


def chunk(text: str, size: int = CHUNK_CHARS, overlap: int = OVERLAP_CHARS) -> list[tuple[int, int]]:
    step = size - overlap
    return [(s, min(s + size, len(text))) for s in range(0, max(len(text) - overlap, 1), step)]


@dataclass
class TutorialRetriever:
    embedder: Embedder
    chunks: list[tuple[Document, int, int, int | None]]  # doc, start, end, item index
    index: object

    @classmethod
    def build(cls, documents: Sequence[Document], embedder: Embedder) -> TutorialRetriever:
        import faiss

        chunks = []
        for doc in documents:
            for start, end in chunk(doc.text):
                best, best_overlap = None, 0
                for n, item in enumerate(doc.items):
                    overlap = min(end, item.end) - max(start, item.start)
                    if overlap > best_overlap:
                        best, best_overlap = n, overlap
                chunks.append((doc, start, end, best))
        vectors = embed_texts(embedder, [d.text[s:e] for d, s, e, _ in chunks])
        index = faiss.IndexFlatIP(embedder.dimension)
        index.add(vectors)
        return cls(embedder, chunks, index)

    def search(self, query: str, k: int | None = None, filters=None) -> list[Hit]:
        k = k or 5
        vector = np.asarray(self.embedder.embed_batch([query]), dtype=np.float32)
        scores, ids = self.index.search(vector, min(len(self.chunks), 50))
        hits: list[Hit] = []
        seen: set[tuple[str, int]] = set()
        for score, i in zip(scores[0], ids[0]):
            doc, _s, _e, item = self.chunks[int(i)]
            if item is None or (doc.source, item) in seen:
                continue
            seen.add((doc.source, item))
            hits.append(Hit(item=doc.items[item], meeting=doc.meeting, score=float(score)))
            if len(hits) == k:
                break
        return hits
