"""The same meeting saved twice (say as .txt and .html, or .txt and .pdf):
keep one.

Two documents hold the same meeting when most of their items (four in five
of the smaller document's) open with the same 25 words; the rendering
(text, HTML, PDF, tables) and page furniture on a few items do not matter.
A document of one item must also share its title.  The fuller document is
kept (a stated date, a committee, then more minutes text), else the first.
"""

from __future__ import annotations

import math
from collections import Counter

from qa_bot.parse.text import first_words, fold
from qa_bot.records import Document

_WORDS = 25
_MIN_WORDS = 8  # openings shorter than this ("None.") say nothing
_SHARE = 0.8


def item_marks(doc: Document) -> set[str]:
    """The opening words of each item long enough to tell meetings apart."""
    marks = (first_words(item.text, _WORDS) for item in doc.items)
    return {m for m in marks if len(m.split()) >= _MIN_WORDS}


def drop_duplicates(docs: list[Document]) -> tuple[list[Document], list[str]]:
    """The documents with each meeting once, and a warning per duplicate."""
    kept: list[Document] = []
    marks_of: list[set[str]] = []
    holders: dict[str, set[int]] = {}
    warnings: list[str] = []
    for doc in docs:
        marks = item_marks(doc)
        j = _same_meeting(doc, marks, kept, marks_of, holders)
        if j is None:
            j = len(kept)
            kept.append(doc)
            marks_of.append(set())
        else:
            other = kept[j]
            keep, drop = (doc, other) if _richness(doc) > _richness(other) else (other, doc)
            kept[j] = keep
            warnings.append(
                f"{drop.source} and {keep.source} hold the same meeting in two renderings; "
                f"keeping {keep.source}, skipping {drop.source}"
            )
        marks_of[j] |= marks
        for mark in marks:
            holders.setdefault(mark, set()).add(j)
    return kept, warnings


def _same_meeting(
    doc: Document,
    marks: set[str],
    kept: list[Document],
    marks_of: list[set[str]],
    holders: dict[str, set[int]],
) -> int | None:
    shared = Counter(j for mark in marks for j in holders.get(mark, ()))
    for j, count in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
        need = max(1, math.ceil(_SHARE * min(len(marks), len(marks_of[j]))))
        if count < need:
            continue
        if min(len(doc.items), len(kept[j].items)) == 1 and not _same_titles(doc, kept[j]):
            continue
        return j
    return None


def _same_titles(a: Document, b: Document) -> bool:
    return {fold(i.title).lower() for i in a.items} == {fold(i.title).lower() for i in b.items}


def _richness(doc: Document) -> tuple[bool, bool, int]:
    """Richer first: a stated date, a committee, then more minutes text."""
    meeting = doc.meeting
    return (meeting.date is not None, meeting.committee is not None, sum(len(i.text) for i in doc.items))
