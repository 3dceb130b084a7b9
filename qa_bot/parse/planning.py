"""Planning committee pages: one entry per application, each with a
"Decision:" block.

    Application: 203456 - Land at Bromyard Road, Ledbury   <- reference and site
    Proposal: Erection of 25 dwellings
    ...
    Decision: That planning permission be granted ...      <- the resolution

or lines headed by the reference alone ("21/00123/FUL - Land at ...").  The
item number is the minute number printed before the application ("45."),
else the application reference.  Procedural items numbered like PDF minutes
("1. APOLOGIES FOR ABSENCE") are kept as items of their own.
"""

from __future__ import annotations

import re

from qa_bot.parse import pdf_minutes
from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import Line, lines_of

SHAPE = "planning"
_NUM = r"(?:(?P<num>\d{1,4})\.[ \t\u00a0]+)?"
APPLICATION_FIELD = re.compile(
    r"^[ \t\u00a0]*" + _NUM + r"(?:Planning\s+)?Application(?:\s+(?:No\.?|Number|Ref(?:erence)?\.?))?"
    r"\s*[:.\-–]\s*(?P<ref>[A-Z0-9][\w/.-]*\d)\s*(?:[-–—:,]\s*(?P<title>\S.*?))?[ \t\u00a0]*$",
    re.IGNORECASE,
)
APPLICATION_HEADED = re.compile(
    r"^[ \t\u00a0]*" + _NUM + r"(?P<ref>(?:[A-Z]{1,3}/)?\d{2}/\d{4,5}/[A-Z]{2,6}|P?\d{6})"
    r"[ \t\u00a0]*[-–—:][ \t\u00a0]*(?P<title>\S.*?)[ \t\u00a0]*$"
)
SITE_FIELD = re.compile(r"^[ \t\u00a0]*(?:Site|Location|Address)\s*:\s*(?P<title>\S.*)$", re.IGNORECASE)
DECISION = re.compile(r"^[ \t\u00a0]*Decision\s*:", re.IGNORECASE | re.MULTILINE)


def find_items(text: str) -> list[ItemSpan]:
    lines = lines_of(text)
    apps = _applications(lines)
    if not apps or not DECISION.search(text):
        return []
    taken = {i for i, *_ in apps}
    procedural = [
        (i, number, last) for i, number, last in pdf_minutes.find_headings(lines)
        if i not in taken and not any(a <= i <= a + 1 for a in taken)
    ]
    heads = sorted(
        [(i, num, title, i) for i, num, title in apps]
        + [(i, num, None, last) for i, num, last in procedural]
    )
    spans = []
    for k, (i, number, title, last) in enumerate(heads):
        stop = lines[heads[k + 1][0]].start if k + 1 < len(heads) else len(text)
        if title is None:  # a procedural heading, possibly wrapped
            title = text[pdf_minutes.title_start(lines[i]):lines[last].end]
        spans.append(ItemSpan(number, title or _site(lines, i, stop), lines[last].end, stop))
    return spans


def _applications(lines: list[Line]) -> list[tuple[int, str, str | None]]:
    """(line index, item number, site or None) of each application heading."""
    found = []
    for i, line in enumerate(lines):
        m = APPLICATION_FIELD.match(line.content) or APPLICATION_HEADED.match(line.content)
        if m:
            found.append((i, m.group("num") or m.group("ref"), m.group("title")))
    return found


def _site(lines: list[Line], i: int, stop: int) -> str:
    for line in lines[i + 1:]:
        if line.start >= stop:
            break
        m = SITE_FIELD.match(line.content)
        if m:
            return m.group("title")
    return lines[i].content
