"""The same meeting saved twice (say as .txt and .html): keep one.

Two documents hold the same meeting when their items open with the same
words, in the same order; the rendering (text, HTML, PDF, tables) does not
matter.  The fuller document is kept (stated date and committee, then more minutes
text), else the first.
"""

from __future__ import annotations

from qa_bot.parse.text import first_words
from qa_bot.records import Document

_WORDS = 12


def signature(doc: Document) -> tuple[str, ...] | None:
    """What identifies the meeting: the opening words of each item."""
    sig = tuple(first_words(item.text, _WORDS) for item in doc.items)
    if sum(len(part.split()) for part in sig) < 6:
        return None  # too little text to tell meetings apart
    return sig


def drop_duplicates(docs: list[Document]) -> tuple[list[Document], list[str]]:
    """The documents with each meeting once, and a warning per duplicate."""
    kept: list[Document | None] = []
    where: dict[tuple[str, ...], int] = {}
    warnings: list[str] = []
    for doc in docs:
        sig = signature(doc)
        if sig is None or sig not in where:
            if sig is not None:
                where[sig] = len(kept)
            kept.append(doc)
            continue
        i = where[sig]
        other = kept[i]
        assert other is not None
        keep, drop = (doc, other) if _size(doc) > _size(other) else (other, doc)
        kept[i] = keep
        warnings.append(
            f"{drop.source} and {keep.source} hold the same meeting in two renderings; "
            f"keeping {keep.source}, skipping {drop.source}"
        )
    return [d for d in kept if d is not None], warnings


def _size(doc: Document) -> tuple[bool, bool, int]:
    """Richer first: a stated date, a committee, then more minutes text."""
    meeting = doc.meeting
    return (meeting.date is not None, meeting.committee is not None, sum(len(i.text) for i in doc.items))
