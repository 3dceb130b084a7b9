"""Meeting digests: "what did Cabinet decide on 18 October 2018?".

A question that names a meeting (its day, or its month when only one meeting
of that month matches) and asks what was decided there, with no other
subject, is not answered by searching for its words: the minutes' resolutions
never repeat the meeting's date.  ``meeting_digest`` answers it from the
index's records instead: that meeting's resolutions, one line per agenda item
in the order of the minutes, each cited.  Any other question gets ``None`` and
takes the usual path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from qa_bot.compose import (
    Quoted,
    number_citations,
    record_lead,
    strip_label,
    tidy_end,
)
from qa_bot.evidence import item_sentences
from qa_bot.records import Answer, Document, Filters, Hit
from qa_bot.retrieve import meeting_matches
from qa_bot.sentences import MONTHS, STOPWORDS, TermExtractor

MAX_ITEMS = 8  # resolutions listed from one meeting
MAX_WORDS = 45  # of each item's resolution shown before "…"

_MONTH = "|".join(MONTHS)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\s*,?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{4}})\b", re.IGNORECASE)
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Words that ask "what was decided at that meeting" and nothing more.
_DIGEST_WORDS = re.compile(
    r"^(?:resol\w*|decid\w*|decision\w*|agree\w*|approv\w*|recommend\w*|determin\w*|"
    r"meeting\w*|held|minut\w*|record\w*|outcome\w*|conclu\w*|happen\w*|make|made|"
    r"take|taken|took|item\w*|business|council|committee|panel|board|session|"
    r"say|said|main|key|all|list|summar\w*|on|at|in|of)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def named_days(question: str) -> tuple[list[str], list[str]]:
    """ISO days ("2018-10-18") and months ("2018-10") the question names."""
    days: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _DAY_MONTH_YEAR.finditer(question):
        days.append(f"{m.group(3)}-{MONTHS.index(m.group(2).lower()) + 1:02d}-{int(m.group(1)):02d}")
        spans.append(m.span())
    for m in _MONTH_DAY_YEAR.finditer(question):
        days.append(f"{m.group(3)}-{MONTHS.index(m.group(1).lower()) + 1:02d}-{int(m.group(2)):02d}")
        spans.append(m.span())
    for m in _ISO_DAY.finditer(question):
        days.append(m.group(0))
        spans.append(m.span())
    months = [
        f"{m.group(2)}-{MONTHS.index(m.group(1).lower()) + 1:02d}"
        for m in _MONTH_YEAR.finditer(question)
        if not any(s <= m.start() < e for s, e in spans)
    ]
    return days, months


def _other_words(question: str, committees: Iterable[str]) -> set[str]:
    """Words of the question beyond dates, committee names and digest words."""
    named = {w.lower() for c in committees for w in _WORD.findall(c)}
    return {
        w for w in (x.lower() for x in _WORD.findall(question))
        if w not in STOPWORDS and w not in named and w not in MONTHS
        and not _DIGEST_WORDS.match(w) and len(w) > 1
    }


def _committee_words(question: str, documents: Sequence[Document]) -> set[str]:
    """Committee-name words the question uses (to pick among meetings)."""
    words = {w.lower() for w in _WORD.findall(question)}
    names = {w.lower() for d in documents for w in _WORD.findall(d.meeting.committee or "")}
    return (words & names) - {"committee", "council", "and", "of", "the"}


def _meetings_named(days: list[str], months: list[str], documents: Sequence[Document]) -> list[Document]:
    if days:
        return [d for d in documents if d.meeting.date in days]
    found = [
        d for d in documents
        if d.meeting.best_date and d.meeting.best_date[:7] in months
    ]
    return found if len({d.meeting.best_date for d in found}) == 1 else []


def meeting_digest(
    question: str, documents: Mapping[str, Document], *, decision: bool, filters: Filters | None = None
) -> Answer | None:
    """The named meeting's resolutions, cited, or None when the question is
    not simply "what was decided at <meeting>"."""
    days, months = named_days(question)
    if not decision or not (days or months):  # most questions stop here, before any scan
        return None
    candidates = [
        d for d in documents.values() if filters is None or meeting_matches(d.meeting, filters)
    ]
    meetings = _meetings_named(days, months, candidates)
    wanted = _committee_words(question, candidates)
    if wanted:
        meetings = [
            d for d in meetings
            if wanted <= {w.lower() for w in _WORD.findall(d.meeting.committee or "")}
        ]
    if len(meetings) != 1:
        return None
    document = meetings[0]
    if _other_words(question, [document.meeting.committee or ""]):
        return None
    pieces = list(_resolution_pieces(document))
    if not pieces:
        return None
    return _render(question, document, pieces)


def _resolution_pieces(document: Document) -> Iterable[tuple[Quoted, bool]]:
    """(the item's first resolution sentences, whether more follows), per item."""
    extractor = TermExtractor()
    shown = 0
    for item in sorted(document.items, key=lambda i: i.start):
        if not item.resolutions or shown >= MAX_ITEMS:
            continue
        hit = Hit(item=item, meeting=document.meeting, score=0.0)
        run = [s for s in item_sentences(hit, extractor) if s.kind == "resolution"]
        if not run:
            continue
        block = [run[0]]
        for s in run[1:]:
            if s.position != block[-1].position + 1 or sum(x.word_count for x in block) >= MAX_WORDS:
                break
            block.append(s)
        shown += 1
        yield Quoted(hit, tuple(block)), len(block) < len(run)


def _render(question: str, document: Document, pieces: Sequence[tuple[Quoted, bool]]) -> Answer:
    citations, numbers = number_citations([p for p, _more in pieces])
    lines = [f"{record_lead(document.meeting)} these decisions:"]
    for (piece, more), n in zip(pieces, numbers):
        item = piece.hit.item
        label = f"Item {item.item}, {item.title}" if item.item else item.title
        body = " ".join(
            strip_label(s.text)[0] if i == 0 else s.text for i, s in enumerate(piece.sentences)
        )
        words = body.split()
        cut = more or len(words) > MAX_WORDS
        lines.append(f"- {label}: {tidy_end(' '.join(words[:MAX_WORDS]))}{' …' if cut else ''} [{n}]")
    return Answer(question=question, answer="\n".join(lines), grounded=True,
                  citations=citations, notes=("meeting digest",))
