"""ModernGov "Issue - meetings" and "Issue - decisions" pages: one issue as
taken at one or more meetings, or as decided.

    Issue - meetings                                         <- page title
    Minutes of last Meeting                                  <- the issue's name
    Meeting: 07/03/2022 - Planning Committee (Item 73)       <- meeting and item number
    73 Minutes pdf icon PDF 402 KB                           <- number and the item's title
    The minutes of the ... were received.                    <- the minutes

Each "Meeting:" line opens an item numbered as its "(Item 73)" says; the
title is the line under it less its number and report link, else the
issue's name.  The meeting's committee and date are read from the same line
(``meeting``).

    Issue - decisions                                        <- page title
    Southwell Pool Works                                     <- the issue's name
    19/12/2023 - Southwell Pool Works (Key Decision)         <- date and title of a decision
    AGREED that Cabinet: ...                                 <- the decision

Each dated line opens an unnumbered item titled as the line says, without
its "(Key Decision)" mark; its date is the decision's (``decision_dates``).
"""

from __future__ import annotations

import re

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import Line, clean_title, lines_of

SHAPE = "issue_page"
_MEETING = re.compile(
    r"^[ \t\u00a0]*Meeting\s*:\s*\d{1,2}/\d{1,2}/\d{4}\s*[-–][^\n]*?\(Item\s+(?P<num>[\w./]{1,12})\)[ \t\u00a0]*$",
    re.IGNORECASE,
)
_LINK = re.compile(r"\s*(?:pdf icon\s+)?PDF\s+[\d.,]+\s*[KMG]B\s*$", re.IGNORECASE)
_PAGE_TITLE = re.compile(r"^[ \t\u00a0]*Issue\s*-\s*(?:meetings|decisions)[ \t\u00a0]*$", re.IGNORECASE)
_DECISIONS_TITLE = re.compile(r"\A\s*Issue\s*-\s*decisions[ \t\u00a0]*\n", re.IGNORECASE)
_DECISION = re.compile(
    r"^[ \t\u00a0]*(?P<date>\d{1,2}/\d{1,2}/\d{4})[ \t\u00a0]*[-–][ \t\u00a0]*(?P<title>\S.*?)"
    r"(?:[ \t\u00a0]*\((?:Key|Non-key|Non key)\s+decision\))?[ \t\u00a0]*$",
    re.IGNORECASE,
)


def decision_dates(text: str) -> list[str]:
    """The dates ("19/12/2023") of the decisions an "Issue - decisions" page lists."""
    return [m.group("date") for _i, m in _decision_lines(text, lines_of(text))]


def _decision_lines(text: str, lines: list[Line]) -> list[tuple[int, re.Match[str]]]:
    """(index in ``lines``, match) of each dated decision line of an "Issue - decisions" page."""
    if not _DECISIONS_TITLE.match(text):
        return []
    return [(i, m) for i, ln in enumerate(lines) if (m := _DECISION.match(ln.content))]


def find_items(text: str) -> list[ItemSpan]:
    lines = [ln for ln in lines_of(text) if not ln.blank]
    marks = [(i, m.group("num")) for i, ln in enumerate(lines) if (m := _MEETING.match(ln.content))]
    if not marks:
        return _decisions(text, lines)
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


def _decisions(text: str, lines: list[Line]) -> list[ItemSpan]:
    """The items of an "Issue - decisions" page, one per dated line."""
    marks = _decision_lines(text, lines)
    spans = []
    for k, (i, m) in enumerate(marks):
        stop = lines[marks[k + 1][0]].start if k + 1 < len(marks) else len(text)
        spans.append(ItemSpan(None, clean_title(m.group("title")), lines[i].end, stop))
    return spans
