"""Passage stage: agenda items -> windows sized for the embedding model.

An item's text is cut into units (one sentence of one paragraph or bullet)
and packed greedily into passages of at most ``settings.passage_tokens`` word
pieces *including* the context header (committee, date, item number and
title) that is prepended when embedding.  Cuts prefer paragraph and bullet
boundaries; consecutive passages share up to
``settings.passage_overlap_tokens`` word pieces of whole sentences.  Each
resolution becomes a passage (or several) of its own, of kind "resolution".

Token counts come from the caller (``count_tokens``: the model's own
tokenizer in production), so passages never exceed what the model reads.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from qa_bot.records import AgendaItem, Document, Meeting, Passage
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

CountTokens = Callable[[str], int]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
# A sentence ends at . ! ? ; or : followed by white space.
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\S+")
# The smallest room left for text once the header is counted.
_MIN_BODY_TOKENS = 24


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    tokens: int
    opens_block: bool


def format_date(iso: str | None) -> str | None:
    """'2022-02-22' -> '22 February 2022'; '2022-02' -> 'February 2022'."""
    if not iso:
        return None
    parts = iso.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:
        return iso
    if month is None or not 1 <= month <= 12:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def context_header(item: AgendaItem, meeting: Meeting, kind: str = "text") -> str:
    """The line prepended to a passage when embedding (and indexing BM25)."""
    parts: list[str] = []
    council = meeting.council
    if council and not (meeting.committee and council.lower() in meeting.committee.lower()):
        parts.append(council)  # questions name the council ("Choppington Parish Council's ..."); items rarely do
    if meeting.committee:
        parts.append(meeting.committee)
    when = format_date(meeting.best_date)
    if when:
        parts.append(when)
    label = f"Item {item.item}: {item.title}" if item.item else item.title
    parts.append(label.strip())
    if kind == "resolution":
        parts.append("Resolution")
    return " | ".join(p for p in parts if p)


def _units(text: str, count_tokens: CountTokens, limit: int) -> list[_Unit]:
    """Sentences of the paragraphs/bullets (lines) of ``text``, as spans."""
    units: list[_Unit] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        opens = True
        begin = line.start()
        for cut in _SENTENCE_END.finditer(line.group()):
            units.extend(
                _span(text, begin, line.start() + cut.start(), opens, count_tokens, limit)
            )
            begin = line.start() + cut.end()
            opens = False
        units.extend(_span(text, begin, line.end(), opens, count_tokens, limit))
    return units


def _span(
    text: str, start: int, end: int, opens: bool, count_tokens: CountTokens, limit: int
) -> list[_Unit]:
    """One sentence as a unit, or word windows of it when it alone is too long."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    tokens = count_tokens(text[start:end])
    if tokens <= limit:
        return [_Unit(start, end, tokens, opens)]
    units: list[_Unit] = []
    piece_start, piece_tokens, prev_end = start, 0, start
    for word in _WORD.finditer(text, start, end):
        n = count_tokens(word.group())
        if piece_tokens and piece_tokens + n > limit:
            units.append(_Unit(piece_start, prev_end, piece_tokens, opens and not units))
            piece_start, piece_tokens = word.start(), 0
        piece_tokens += n
        prev_end = word.end()
    units.append(_Unit(piece_start, end, piece_tokens, opens and not units))
    return units


def _pack(units: list[_Unit], budget: int, overlap: int) -> list[tuple[int, int]]:
    """Greedy windows [i, j) of units within ``budget``, cut at blocks, overlapping."""
    windows: list[tuple[int, int]] = []
    i, n = 0, len(units)
    while i < n:
        j, total = i, 0
        while j < n and total + units[j].tokens <= budget:
            total += units[j].tokens
            j += 1
        j = max(j, i + 1)
        if j < n:
            # Prefer ending where a paragraph or bullet begins, if that keeps
            # the window at least half full.
            filled = total
            for k in range(j - 1, i, -1):
                filled -= units[k].tokens
                if filled < budget // 2:
                    break
                if units[k].opens_block:
                    j = k
                    break
        windows.append((i, j))
        if j >= n:
            break
        m, shared = j, 0
        while m - 1 > i and shared + units[m - 1].tokens <= overlap:
            shared += units[m - 1].tokens
            m -= 1
        i = m
    return windows


def _windows(
    text: str,
    offset: int,
    header: str,
    count_tokens: CountTokens,
    settings: Settings,
) -> list[tuple[str, int, int]]:
    """(verbatim text, start, end) windows of ``text``; offsets add ``offset``."""
    header_tokens = count_tokens(header + "\n") if header else 0
    budget = max(settings.passage_tokens - header_tokens, _MIN_BODY_TOKENS)
    units = _units(text, count_tokens, budget)
    out: list[tuple[str, int, int]] = []
    for i, j in _pack(units, budget, settings.passage_overlap_tokens):
        start, end = units[i].start, units[j - 1].end
        out.append((text[start:end], offset + start, offset + end))
    return out


def split_item(
    item: AgendaItem,
    meeting: Meeting,
    count_tokens: CountTokens,
    settings: Settings,
) -> list[Passage]:
    """Passages of one agenda item: its text windows, then its resolutions.

    Offsets are into the document text, assuming (as the parser promises)
    that ``item.text`` starts at ``item.start``.
    """
    header = context_header(item, meeting)
    pieces = _windows(item.text, item.start, header, count_tokens, settings)
    if not pieces:  # an item with a title only still gets found by its title
        pieces = [(item.text.strip(), item.start, item.end)]
    passages: list[Passage] = []

    def add(text: str, start: int, end: int, context: str, kind: str) -> None:
        passages.append(
            Passage(
                passage_id=f"{item.source}#{item.key}#{len(passages)}",
                source=item.source,
                item_key=item.key,
                text=text,
                context=context,
                kind=kind,
                start=start,
                end=end,
            )
        )

    for text, start, end in pieces:
        add(text, start, end, header, "text")
    res_header = context_header(item, meeting, kind="resolution")
    for resolution in item.resolutions:
        found = item.text.find(resolution)
        offset = item.start + max(found, 0)
        for text, start, end in _windows(
            resolution, offset, res_header, count_tokens, settings
        ):
            if found < 0:
                start, end = item.start, item.end
            add(text, start, end, res_header, "resolution")
    return passages


def passages_for(
    document: Document, count_tokens: CountTokens, settings: Settings
) -> list[Passage]:
    """Every passage of a document, item by item, in reading order."""
    out: list[Passage] = []
    for item in document.items:
        out.extend(split_item(item, document.meeting, count_tokens, settings))
    return out
