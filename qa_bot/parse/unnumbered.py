"""ModernGov pages whose item numbers and "Minutes:" labels were lost.

Items are separated only by blank lines:

    APOLOGIES FOR ABSENCE                      <- a short line, no full stop
    To receive any apologies for absence.      <- a standard description
    Apologies were received from ...           <- the minutes

A title is a one-line paragraph without closing punctuation that is
followed by a standard description ("To receive ...", "To approve ..."),
carries the report's "PDF 226 KB" link, or is written in capitals or in
title case (two words or more).

A page copied as a table with its number column lost puts the whole row on
one paragraph, the title first:

    Public Questions To receive questions from ... Minutes: No questions ...

such a row's title runs up to the report link, the description or the
"Minutes:" label, and its minutes follow the label.
"""

from __future__ import annotations

import re

from qa_bot.parse.resolutions import PART, label_at
from qa_bot.parse.spans import DESCRIPTION, ItemSpan, split_description
from qa_bot.parse.text import Line, clean_title, lines_of

SHAPE = "unnumbered"
_PDF_LINK = re.compile(r"\bPDF\s+[\d.,]+\s*[KMG]B\s*$", re.IGNORECASE)
_MINUTES = re.compile(r"(?<![^\s|])Minutes\s*:")
_ROW_END = re.compile(
    r"\s+(?:(?:pdf icon\s+)?PDF\s+[\d.,]+\s*[KMG]B\b|(?=" + DESCRIPTION.pattern.replace("^[ \\t\\u00a0]*", "")
    + r")|(?=Minutes\s*:)|(?=Additional documents\s*:))"
)
_COLUMN_HEADINGS = re.compile(r"^(?:No\.?\s+Item|Item|Media|Agenda and minutes)$|^[\w ]{2,25}:\s", re.IGNORECASE)
_STOP = {"a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "by", "with", "or", "from", "into"}
_MAX_TITLE_CHARS = 120
_MAX_TITLE_WORDS = 15


def find_items(text: str, *, any_gap: bool = False) -> list[ItemSpan]:
    """Items headed by title lines; ``any_gap`` (the last resort for a layout
    nothing else reads) lets a title-case line count after any blank line."""
    lines = lines_of(text)
    paragraphs = _paragraphs(lines)
    if any_gap:  # "Bus Shelter on Orchard Lane" on the line above its text, no blank between
        paragraphs = [part for para in paragraphs for part in _split_heading(para)]
    gaps = _gaps(lines)
    if any_gap:
        gaps = [1] * len(paragraphs)
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 1
    heads = [i for i in range(len(paragraphs) - 1) if _is_title(paragraphs, i, any_gap or gaps[i] >= max(usual, 2))]
    rows = [i for i in range(len(paragraphs)) if _row_title(paragraphs[i][0].content)]
    if len(rows) > len(heads):
        return _rows(text, paragraphs, rows)
    spans = []
    for k, i in enumerate(heads):
        title = paragraphs[i][0]
        stop = paragraphs[heads[k + 1]][0].start if k + 1 < len(heads) else len(text)
        description, body_start = split_description(text, title.end, stop)
        spans.append(ItemSpan(None, title.content, body_start, stop, description))
    return spans


def _rows(text: str, paragraphs: list[list[Line]], rows: list[int]) -> list[ItemSpan]:
    spans = []
    for k, i in enumerate(rows):
        first = paragraphs[i][0]
        title = _row_title(first.content)
        assert title is not None
        stop = paragraphs[rows[k + 1]][0].start if k + 1 < len(rows) else len(text)
        label = _MINUTES.search(text, first.start, stop)
        after_title = first.start + len(title)
        if label:
            description = text[after_title:label.start()]
            spans.append(ItemSpan(None, title, label.end(), stop, description.strip() or None))
        else:
            spans.append(ItemSpan(None, title, after_title, stop))
    return spans


def _row_title(line: str) -> str | None:
    """The title opening a table row ("Minutes PDF 238 KB To approve ..."),
    or None when the line does not open with one."""
    m = _ROW_END.search(line, 1)
    if not m or m.start() > _MAX_TITLE_CHARS:
        return None
    title = line[: m.start()].rstrip()
    if len(title.split()) > _MAX_TITLE_WORDS or title.endswith((".", ",", ";", ":")):
        return None
    if label_at(title) or not (title[:1].isupper() and _title_case(title)):
        return None
    return title


def _split_heading(para: list[Line]) -> list[list[Line]]:
    """A paragraph whose first line is a short title-case heading, as two."""
    first = clean_title(para[0].content)
    if (
        len(para) > 1
        and first
        and len(first.split()) <= _MAX_TITLE_WORDS
        and not first.endswith((".", ";", ",", ":", "?", "!"))
        and _title_case(first)
        and len(para[1].stripped) > len(para[0].stripped)
    ):
        return [para[:1], para[1:]]
    return [para]


def _gaps(lines: list[Line]) -> list[int]:
    """Blank lines before each paragraph."""
    gaps: list[int] = []
    blank = 0
    previous_blank = True
    for line in lines:
        if line.blank:
            blank += 1
            previous_blank = True
            continue
        if previous_blank:
            gaps.append(blank)
        blank = 0
        previous_blank = False
    return gaps


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                out.append(current)
            current = []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


def _is_title(paragraphs: list[list[Line]], i: int, wide_gap: bool) -> bool:
    """Whether paragraph ``i`` is an item's title; a line in title case
    counts only after a gap of two blank lines or more, no narrower than the usual one between
    paragraphs (else it is a sub-heading such as "Supplementary Question")."""
    para = paragraphs[i]
    if len(para) != 1:
        return False
    raw = para[0].content
    title = clean_title(raw)
    if not title or len(title) > _MAX_TITLE_CHARS or len(title.split()) > _MAX_TITLE_WORDS:
        return False
    if title.endswith((".", ";", ",", ":", "?", "!")) or raw.rstrip().endswith(":"):
        return False
    if label_at(raw) or PART.match(raw) or not any(ch.isalpha() for ch in title):
        return False
    if DESCRIPTION.match(raw):
        return False
    if _COLUMN_HEADINGS.match(title):
        return False
    described = bool(DESCRIPTION.match(paragraphs[i + 1][0].content))
    capitals = title.upper() == title and len(title.split()) >= 2
    linked = bool(_PDF_LINK.search(raw))
    titled = wide_gap and len(title.split()) >= 2 and _title_case(title) and title[:1].isupper()
    return described or capitals or linked or titled


def _title_case(title: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", title) if w.lower() not in _STOP]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
