"""Minutes kept as a run of numbered resolutions, with no agenda items.

Canadian, US and Australian councils often print no item numbers at all,
only their resolutions, each opening with its number:

    Resolution No. 2021-071 Moved by: Councillor ... Seconded by: ...
    2009-193 Moved by Councillor M Taylor Seconded by Councillor ...
    Resolution 449/2019 Moved: Cr ... Seconded: Cr ...

Read only when no other shape finds items (the last resort before one
untitled item): each resolution is an item numbered as printed, titled
"Resolution <number>".  The text before the first one (the approval of the
agenda, declarations) is kept as an item too, with no number and an empty
title for the caller to fill from the page's first heading line, so that
nothing is lost.
"""

from __future__ import annotations

import re

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import MOTION_LINE

SHAPE = "resolutions"
# "2021-071", "449/2019"; eScribe boards number by meeting and motion: "2018-8-1"
_NUMBER = r"(?P<num>(?:19|20)\d\d[-‐‑–/]\d{1,2}[-‐‑–]\d{1,3}|(?:19|20)\d\d[-‐‑–/]\d{1,4}|\d{1,4}/(?:19|20)\d\d)"
_MARKER = re.compile(
    r"(?<![\w/-])(?:Resolution|RESOLUTION)\s+(?:No\.?\s*|#\s*)?" + _NUMBER + r"(?![\w/-])"  # "RESOLUTION #2025-01"
    r"|(?<![\w/-])" + _NUMBER.replace("num", "bare") + r"(?=\s+(?:Moved|MOVED|Proposed|PROPOSED)(?:\b|(?=[A-Z])))"
    # Saskatchewan's rural municipalities: "Minutes 19/086 GRAHAM: That the minutes ...", the
    # motion's number (year, count) and its mover in capitals, the subject in the margin before it
    r"|(?<![\w/-])(?P<moved>\d{2}/\d{3})(?=\s+[A-Z][A-Z'’-]{2,}(?:\s*[/&,]\s*[A-Z][A-Z'’-]{2,})?\s*:)"
)
_MARGIN = re.compile(r"^[A-Z][\w'’-]*(?:\s+[\w'’&-]+){0,3}$")
_MIN_RESOLUTIONS = 2
_HEADING_WORDS = 10
_CLOSING = (".", ";", ":", ",", "?", "!", ")", "”", '"')
_MIN_PREAMBLE = 80  # characters before the first resolution worth an item of their own


def find_items(text: str) -> list[ItemSpan]:
    """One item per numbered resolution (two or more, each number once),
    after the text before the first (title "")."""
    seen: set[str] = set()
    marks: list[tuple[re.Match[str], str]] = []
    for m in _MARKER.finditer(text):
        number = m.group("num") or m.group("bare") or m.group("moved")
        if number not in seen:
            seen.add(number)
            marks.append((m, number))
    if len(marks) < _MIN_RESOLUTIONS:
        return []
    # where each resolution begins: at the heading line above it, if it has one
    heads = [_heading_above(text, m.start()) for m, _ in marks]
    begins = [h[0] if h else m.start() for h, (m, _) in zip(heads, marks)]
    spans: list[ItemSpan] = []
    if len(text[:begins[0]].strip()) >= _MIN_PREAMBLE:
        spans.append(ItemSpan(None, "", 0, begins[0]))
    for k, (m, number) in enumerate(marks):
        stop = begins[k + 1] if k + 1 < len(marks) else len(text)
        title = heads[k][1] if heads[k] else _margin(text, m.start()) or f"Resolution {number}"
        spans.append(ItemSpan(number, title, m.end(), stop))
    return spans


def _margin(text: str, at: int) -> str | None:
    """The words before a motion's number on its line, where the minutes'
    margin names its subject ("Minutes 19/086 GRAHAM: ..."): a few words."""
    before = text[text.rfind("\n", 0, at) + 1:at].strip()
    return before if _MARGIN.match(before) else None


def _heading_above(text: str, at: int) -> tuple[int, str] | None:
    """The line just above a resolution that opens its own line, when it is
    a heading ("Boat Launch Parking" over "Resolution No. 2021-103"): its
    start and words.  Not the last resolution's "CARRIED", nor a sentence."""
    if at and text[at - 1] != "\n":
        return None
    end = at - 1
    start = text.rfind("\n", 0, max(end, 0)) + 1
    line = text[start:end].strip()
    words = line.split()
    if not 1 <= len(words) <= _HEADING_WORDS or not line[:1].isupper() or line.endswith(_CLOSING):
        return None
    if MOTION_LINE.match(line) or _MARKER.search(line):
        return None
    return start, line
