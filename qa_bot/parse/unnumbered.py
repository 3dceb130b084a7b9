"""ModernGov pages whose item numbers and "Minutes:" labels were lost.

Items are separated only by blank lines:

    APOLOGIES FOR ABSENCE                      <- a short line, no full stop
    To receive any apologies for absence.      <- a standard description
    Apologies were received from ...           <- the minutes

A title is a one-line paragraph without closing punctuation that is either
followed by a standard description ("To receive ...", "To approve ...") or
written in capitals (two words or more).
"""

from __future__ import annotations

from qa_bot.parse.resolutions import PART, label_at
from qa_bot.parse.spans import DESCRIPTION, ItemSpan, split_description
from qa_bot.parse.text import Line, clean_title, lines_of

SHAPE = "unnumbered"
_MAX_TITLE_CHARS = 120
_MAX_TITLE_WORDS = 15


def find_items(text: str) -> list[ItemSpan]:
    paragraphs = _paragraphs(lines_of(text))
    heads = [i for i in range(len(paragraphs) - 1) if _is_title(paragraphs, i)]
    spans = []
    for k, i in enumerate(heads):
        title = paragraphs[i][0]
        stop = paragraphs[heads[k + 1]][0].start if k + 1 < len(heads) else len(text)
        description, body_start = split_description(text, title.end, stop)
        spans.append(ItemSpan(None, title.content, body_start, stop, description))
    return spans


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


def _is_title(paragraphs: list[list[Line]], i: int) -> bool:
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
    described = bool(DESCRIPTION.match(paragraphs[i + 1][0].content))
    capitals = title.upper() == title and len(title.split()) >= 2
    return described or capitals
