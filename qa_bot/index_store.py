"""Records of a loaded index read from disk by offset, not held as objects.

A generation's ``documents.jsonl`` (each document without its items),
``items.jsonl`` (every document's agenda items, in order) and
``passages.jsonl`` are written with a sidecar of byte offsets
(``*.offsets.npy``: where each line starts, plus the file's end).  Loading maps the JSON Lines file (``mmap``: pages are read as
touched and shared between processes) and parses a record only when it is
asked for, so a million passages cost their offsets (8 bytes each) in
memory, not a million Python objects.  What every search needs for every
passage (its item, whether it is a resolution) is kept in small numpy
arrays beside them (``passage_item.npy``, ``passage_resolution.npy``), and
what filters and pages need for every document (its meeting, its items'
keys, numbers and titles) in ``catalog.jsonl``, one short line a document,
read into ``DocumentOutline`` records.
"""

from __future__ import annotations

import dataclasses
import json
import mmap
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np

from qa_bot.index_files import document_from_dict, record_from_dict
from qa_bot.records import AgendaItem, Document, Meeting, Passage

# Documents parsed and kept per loaded index (a search cites a handful).
DOCUMENT_CACHE = 256


def offsets_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".jsonl") + ".offsets.npy")


def write_offsets(path: Path, offsets: Sequence[int]) -> None:
    np.save(offsets_path(path), np.asarray(offsets, dtype=np.int64))


@dataclass(frozen=True)
class ItemHeading:
    """An agenda item's number and title, without its text (for catalogues)."""

    source: str
    item: str | None
    title: str

    @property
    def key(self) -> str:
        return self.item if self.item is not None else self.title


@dataclass(frozen=True)
class DocumentOutline:
    """A document's meeting and its items' headings: what a catalogue of the
    collection shows, held in memory for every document."""

    source: str
    meeting: Meeting
    items: tuple[ItemHeading, ...]


def catalog_row(document: Document) -> dict[str, Any]:
    """The ``catalog.jsonl`` line of a document."""
    return {
        "source": document.source,
        "meeting": dataclasses.asdict(document.meeting),
        "items": [i.key for i in document.items],
        "numbers": [i.item for i in document.items],
        "titles": [i.title for i in document.items],
    }


def outline_from_row(row: Mapping[str, Any]) -> DocumentOutline:
    source = row["source"]
    return DocumentOutline(
        source=source,
        meeting=record_from_dict(Meeting, row["meeting"]),
        items=tuple(ItemHeading(source, n, t) for n, t in zip(row["numbers"], row["titles"])),
    )


class JsonlRows:
    """Line ``i`` of a JSON Lines file, found by its offset and parsed on demand."""

    def __init__(self, path: Path):
        self.path = path
        self.offsets = np.load(offsets_path(path), mmap_mode="r")
        size = path.stat().st_size
        if self.offsets.ndim != 1 or len(self.offsets) == 0 or int(self.offsets[-1]) != size:
            raise ValueError(f"{offsets_path(path).name} does not match {path.name}")
        with path.open("rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def row(self, i: int) -> dict[str, Any]:
        if not 0 <= i < len(self):
            raise IndexError(i)
        begin, end = int(self.offsets[i]), int(self.offsets[i + 1])
        return json.loads(self._map[begin:end])


class PassageStore(Sequence[Passage]):
    """The index's passages, row ``i`` parsed from ``passages.jsonl`` when read."""

    def __init__(self, rows: JsonlRows):
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

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
        return record_from_dict(Passage, self._rows.row(n))


class DocumentStore(Mapping[str, Document]):
    """The index's documents by source, parsed from ``documents.jsonl`` and
    ``items.jsonl`` when read (the most recently read ones are kept).
    ``item_counts[n]``: how many lines of ``items.jsonl`` document n has."""

    def __init__(
        self, rows: JsonlRows, items: JsonlRows, sources: Sequence[str], item_counts: Sequence[int]
    ):
        if not len(rows) == len(sources) == len(item_counts):
            raise ValueError("documents and catalog disagree")
        self._first_item = np.concatenate([[0], np.cumsum(item_counts, dtype=np.int64)])
        if int(self._first_item[-1]) != len(items):
            raise ValueError("items and catalog disagree")
        self._rows = rows
        self._items = items
        self._sources = tuple(sources)
        self._position = {s: n for n, s in enumerate(self._sources)}
        self._cache: OrderedDict[int, Document] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._sources)

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __contains__(self, source: object) -> bool:
        return source in self._position

    def __getitem__(self, source: str) -> Document:
        return self.at(self._position[source])

    def at(self, n: int) -> Document:
        with self._lock:
            cached = self._cache.get(n)
            if cached is not None:
                self._cache.move_to_end(n)
                return cached
        first, end = int(self._first_item[n]), int(self._first_item[n + 1])
        row = self._rows.row(n)
        row["items"] = [self._items.row(i) for i in range(first, end)]
        document = document_from_dict(row)
        with self._lock:
            self._cache[n] = document
            while len(self._cache) > DOCUMENT_CACHE:
                self._cache.popitem(last=False)
        return document


    def item(self, n: int, k: int) -> AgendaItem:
        """Item k of document n, parsed alone (its document is not read)."""
        with self._lock:
            cached = self._cache.get(n)
        if cached is not None:
            return cached.items[k]
        first = int(self._first_item[n])
        if not 0 <= k < int(self._first_item[n + 1]) - first:
            raise IndexError(k)
        return record_from_dict(AgendaItem, self._items.row(first + k))


class ItemStore(Mapping[str, AgendaItem]):
    """Agenda items by item id, each read from its document when asked for."""

    def __init__(self, documents: DocumentStore, where: Mapping[str, tuple[int, int]]):
        self._documents = documents
        self._where = where  # item id -> (document position, item position)

    def __len__(self) -> int:
        return len(self._where)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __contains__(self, iid: object) -> bool:
        return iid in self._where

    def __getitem__(self, iid: str) -> AgendaItem:
        doc, item = self._where[iid]
        return self._documents.item(doc, item)
