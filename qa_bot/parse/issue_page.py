"""ModernGov "Issue - meetings" pages: one issue as taken at one or more
meetings.

    Issue - meetings                                         <- page title
    Minutes of last Meeting                                  <- the issue's name
    Meeting: 07/03/2022 - Planning Committee (Item 73)       <- meeting and item number
    73 Minutes pdf icon PDF 402 KB                           <- number and the item's title
    The minutes of the ... were received.                    <- the minutes

Each "Meeting:" line opens an item numbered as its "(Item 73)" says; the
title is the line under it less its number and report link, else the
issue's name.  The meeting's committee and date are read from the same line
(``meeting``).
"""

from __future__ import annotations

import re

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import clean_title, lines_of

SHAPE = "issue_page"
_MEETING = re.compile(
    r"^[ \t\u00a0]*Meeting\s*:\s*\d{1,2}/\d{1,2}/\d{4}\s*[-–][^\n]*?\(Item\s+(?P<num>[\w./]{1,12})\)[ \t\u00a0]*$",
    re.IGNORECASE,
)
_LINK = re.compile(r"\s*(?:pdf icon\s+)?PDF\s+[\d.,]+\s*[KMG]B\s*$", re.IGNORECASE)
_PAGE_TITLE = re.compile(r"^[ \t\u00a0]*Issue\s*-\s*meetings[ \t\u00a0]*$", re.IGNORECASE)


def find_items(text: str) -> list[ItemSpan]:
    lines = [ln for ln in lines_of(text) if not ln.blank]
    marks = [(i, m.group("num")) for i, ln in enumerate(lines) if (m := _MEETING.match(ln.content))]
    if not marks:
        return []
    issue = next(
        (ln.stripped for ln in lines[: marks[0][0]] if not _PAGE_TITLE.match(ln.content)), ""
    )
    spans = []
    for k, (i, number) in enumerate(marks):
        stop = lines[marks[k + 1][0]].start if k + 1 < len(marks) else len(text)
        title, body_start = issue, lines[i].end
        if i + 1 < len(lines) and lines[i + 1].start < stop:
            under = lines[i + 1].stripped
            if under.startswith(number + " ") or under == number:  # "73 Minutes pdf icon PDF 402 KB"
                title = clean_title(_LINK.sub("", under[len(number):])) or issue
                body_start = lines[i + 1].end
        spans.append(ItemSpan(number, title, body_start, stop))
    return spans
