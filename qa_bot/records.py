"""The small typed records passed between the pipeline's stages.

minutes file -> Document (a Meeting and its AgendaItems) -> Passages
-> (embeddings, index) -> Hits -> Answer with Citations.

Every record is a frozen dataclass: stages hand each other values, never
shared mutable state.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

# words of file names that say what the file is, not whose meeting
_FILE_WORDS = {"minutes", "agenda", "txt", "pdf", "html", "htm", "doc", "docx", "printed", "draft", "final", "copy",
               "page", "and", "the", "for"}


@dataclass(frozen=True)
class Meeting:
    """What a document says about the meeting it records.

    ``date`` is ISO (YYYY-MM-DD) and only set where the document (or the corpus
    manifest) states it.  A value worked out from indirect evidence goes in
    ``date_inferred`` (ISO, possibly partial: "2022-02") and the field's name
    is listed in ``inferred``; nothing is guessed silently.
    """

    source: str
    committee: str | None = None
    date: str | None = None
    date_inferred: str | None = None
    venue: str | None = None
    present: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()
    url: str | None = None
    shape: str = "unknown"
    inferred: tuple[str, ...] = ()
    council: str | None = None  # the authority ("Wexbridge County Council"), where printed

    @property
    def best_date(self) -> str | None:
        """The stated date, else the inferred one (for ordering and filters)."""
        return self.date or self.date_inferred

    @property
    def name_words(self) -> str:
        """The words of the file's name where the minutes print no council
        ("202_worcestershire_council.txt" -> "worcestershire council"): a
        folder of minutes saved under their councils' names says what a
        page copied without its banner does not.  Nothing of a hash, a
        number or a file type."""
        if self.council:
            return ""
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", self.source.rsplit("/", 1)[-1])
        words = [w for w in re.split(r"[\W_]+", stem) if len(w) >= 3 and not any(ch.isdigit() for ch in w)]
        return " ".join(w for w in words if w.lower() not in _FILE_WORDS)


@dataclass(frozen=True)
class AgendaItem:
    """One agenda item: the unit of citation.

    ``item`` is the number as printed ("68") or None where the document prints
    none.  ``start``/``end`` are character offsets of the item in the
    document's text (``Document.text``), so later stages can quote exactly.
    """

    source: str
    item: str | None
    title: str
    text: str
    resolutions: tuple[str, ...] = ()
    truncated: bool = False
    description: str | None = None
    start: int = 0
    end: int = 0

    @property
    def key(self) -> str:
        """The item's identity inside its document: number, else title."""
        return self.item if self.item is not None else self.title


@dataclass(frozen=True)
class Document:
    """A parsed minutes file."""

    source: str
    text: str
    meeting: Meeting
    items: tuple[AgendaItem, ...]
    content_hash: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Passage:
    """A window of an agenda item sized for the embedding model.

    ``text`` is verbatim item text; ``context`` (committee, date, title) is
    prepended only when embedding.  ``kind`` is "text" or "resolution".
    """

    passage_id: str
    source: str
    item_key: str
    text: str
    context: str
    kind: str = "text"
    start: int = 0
    end: int = 0

    @property
    def embed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text


@dataclass(frozen=True)
class Hit:
    """A retrieved agenda item with its best-matching passages, best first."""

    item: AgendaItem
    meeting: Meeting
    score: float
    passages: tuple[Passage, ...] = ()
    passage_scores: tuple[float, ...] = ()
    # Absolute evidence for "is anything relevant at all?" (fused scores are
    # only relative): the best cosine similarity between the query and any
    # passage of the item, and the best BM25 score of its passages.
    dense_score: float = 0.0
    lexical_score: float = 0.0
    # The question names the item's minutes only by the name of their file
    # (``Meeting.name_words``): a word the minutes print nowhere.
    named_by_file: bool = False


@dataclass(frozen=True)
class Filters:
    """Optional restrictions on retrieval; None means no restriction."""

    committee: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None) -> Filters:
        data = data or {}
        return cls(
            committee=data.get("committee") or None,
            date_from=data.get("date_from") or None,
            date_to=data.get("date_to") or None,
        )


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    item: str | None
    title: str
    committee: str | None
    date: str | None
    quote: str
    url: str | None = None
    # True where the committee / date of the meeting is not stated in the
    # minutes but inferred (``Meeting.inferred``); ``date`` is then None.
    committee_inferred: bool = False
    date_inferred: bool = False
    # The council whose minutes these are, where the minutes (or the
    # manifest) name it: "Choppington Parish Council".
    council: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    grounded: bool
    citations: tuple[Citation, ...] = ()
    backend: str = "extractive"
    notes: tuple[str, ...] = field(default=())
    # A refusal's nearest items (not evidence: nothing is cited from them),
    # so a reader can open them; ``quote`` is their best-matching passage.
    nearest: tuple[Citation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "grounded": self.grounded,
            "citations": [c.to_json() for c in self.citations],
            "backend": self.backend,
        }
