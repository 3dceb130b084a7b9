"""Single "Agenda item" pages (seeds 003 and 004).

    Agenda item
    Corporate Parenting Strategy 2020-2023     <- title, no number
    To consider the Corporate Parenting ...    <- description
    Minutes:
    The committee considered ...
    Supporting documents:                      <- trailer (cut in ``spans``)

Several such pages saved into one file give one item each.
"""

from __future__ import annotations

import re

from qa_bot.parse.moderngov import read_item
from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import lines_of

SHAPE = "agenda_item_page"
MARKER = re.compile(r"^[ \t\u00a0]*Agenda item[ \t\u00a0]*:?[ \t\u00a0]*$", re.IGNORECASE)
_NUMBERED_TITLE = re.compile(r"^[ \t\u00a0]*(\d{1,4}[a-z]?)\.[ \t\u00a0]+\S")


def detect(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    return bool(MARKER.match(first))


def find_items(text: str) -> list[ItemSpan]:
    lines = [ln for ln in lines_of(text) if not ln.blank]
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
