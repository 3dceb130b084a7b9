"""Single "Agenda item" pages (seeds 003 and 004).

    Agenda item
    Corporate Parenting Strategy 2020-2023     <- title, no number
    To consider the Corporate Parenting ...    <- description
    Minutes:
    The committee considered ...
    Supporting documents:                      <- trailer (cut in ``spans``)

Several such pages saved into one file give one item each.  A "Decision
details" page is read the same way: one decision, its fields kept in the text.
"""

from __future__ import annotations

import re

from qa_bot.parse.moderngov import read_item
from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import Line, lines_of

SHAPE = "agenda_item_page"
MARKER = re.compile(r"^[ \t\u00a0]*Agenda item[ \t\u00a0]*:?[ \t\u00a0]*$", re.IGNORECASE)
_DECISION_PAGE = re.compile(r"^[ \t\u00a0]*Decision details[ \t\u00a0]*$", re.IGNORECASE)
_FIELD = re.compile(r"^[ \t\u00a0]*[A-Z][\w ?]{2,40}:\s")
_NUMBERED_TITLE = re.compile(r"^[ \t\u00a0]*(\d{1,4}[a-z]?)\.[ \t\u00a0]+\S")


def detect(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    return bool(MARKER.match(first) or _DECISION_PAGE.match(first))


def find_items(text: str) -> list[ItemSpan]:
    lines = [ln for ln in lines_of(text) if not ln.blank]
    if lines and _DECISION_PAGE.match(lines[0].content):
        return [_decision_page(lines)]
    marks = [
        i for i, ln in enumerate(lines[:-1])
        if MARKER.match(ln.content) and not MARKER.match(lines[i + 1].content)
    ]
    spans = []
    for k, i in enumerate(marks):
        stop = lines[marks[k + 1]].start if k + 1 < len(marks) else len(text)
        title = lines[i + 1]
        span = read_item(text, None, title.content, title.end, stop)
        m = _NUMBERED_TITLE.match(title.content)
        if m:  # "12. Title": a page that does print its number
            span = ItemSpan(m.group(1), title.content[m.end() - 1:], span.body_start,
                            span.body_end, span.description)
        spans.append(span)
    return spans


def _decision_page(lines: list[Line]) -> ItemSpan:
    """A "Decision details" page: one decision, titled by the line under
    the page's heading, or by the heading where that line is a field
    ("Decision Maker: ...", the title lost); its fields stay in the text."""
    if len(lines) > 1 and not _FIELD.match(lines[1].content):
        return ItemSpan(None, lines[1].content, lines[1].end, lines[-1].end)
    return ItemSpan(None, lines[0].content, lines[0].end, lines[-1].end)
