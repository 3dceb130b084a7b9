"""The meeting's attendance block as its own unit.

Printed minutes open with who was there before the first item:

    PRESENT:     Councillor M J Aldous (Chairman)          <- "Present"
    ALSO PRESENT: ...
    Members Present: / Staff Present: / In attendance: / Apologies:

That block belongs to no agenda item, so without this step "who chaired",
"who was present" and "who sent apologies" could not be searched or cited.
It becomes an item with no number, titled as printed ("Present", "Members
Present") or "Attendance" when the block has no heading word of its own.  A
numbered "Apologies for absence" or "Roll call" item stays what it is: only
text before the first item is read.
"""

from __future__ import annotations

import re

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import lines_of

TITLE = "Attendance"
_OPENING = re.compile(
    r"^[ \t\u00a0#*]*(?:[^\W\d_]+/[ \t\u00a0]*)?(?P<label>(?:(?:Council |Other )?Members |Councillors |Others |Also |Staff |Officers )?Present"
    r"|In attendance|Attendance|Attendees|Apologies(?: for absence)?|Roll call|Members absent|Absent|Presiding|In the Chair"
    r"|Chair(?:man|person)?|Councillors(?!\s+and\s+committees))\b[ \t\u00a0]*:?",  # not ModernGov's menu
    re.IGNORECASE,
)
_INLINE = re.compile(
    r"(?<=\s)(?P<label>(?:(?:COUNCIL|Council|MEMBERS|Members|COUNCILLORS|Councillors)\s+)?(?:Present|PRESENT)|In attendance)"
    r"(?:\s*:|(?=\s+were\b))"  # "Present: ...", "Present were Mayor ..."
    # US county boards: "... with the following members present to-wit:"
    r"|(?<=\s)(?P<with>following\s+(?:members|commissioners|trustees|councilmembers)\s+present)(?:,?\s*to-wit)?\s*:"
)
# where the head of the page stops being about attendance
_STOP = re.compile(r"^[ \t\u00a0*#]*(?:\*\s*\*\s*\*|No\.?\s+Item|Items|Media|PART (?:ONE|1|A)\b|Agenda item)\s*$", re.IGNORECASE)
_MAX_BLOCK = 4000


def find_block(text: str, spans: list[ItemSpan]) -> ItemSpan | None:
    """The attendance block before the first item, as an item span."""
    if not spans:
        return None
    first = min(spans, key=lambda s: s.body_start)
    limit = heading_start(text, first)
    lines = [ln for ln in lines_of(text, 0, limit) if not ln.blank]
    start_line = next((k for k, ln in enumerate(lines) if _OPENING.match(ln.content)), None)
    if start_line is not None:
        block = lines[start_line:]
        stop = next((k for k, ln in enumerate(block) if k and _STOP.match(ln.content)), len(block))
        block = block[:stop]
        start, end = block[0].start, block[-1].end
        label = _OPENING.match(block[0].content)
    else:  # text run together on one line: "... at 2.00 pm Present: Councillor ..."
        label = _INLINE.search(text, 0, limit)
        if label is None:
            return None
        start, end = label.start(), limit
        while end > start and text[end - 1].isspace():
            end -= 1
    if end - start > _MAX_BLOCK or end <= start:
        return None
    assert label is not None
    word = label.group("label") or "Present"
    title = TITLE if word.lower() in {"chair", "chairman", "chairperson", "councillors", "attendance", "presiding",
                                      "in the chair"} else word
    title = title if title.upper() != title else title.capitalize()
    return ItemSpan(None, title, start, end)


def heading_start(text: str, first: ItemSpan) -> int:
    """Where the first item's heading begins (its title line, or the lone
    number above it)."""
    at = text.rfind(first.title.strip(), 0, first.body_start) if first.title.strip() else -1
    if at < 0:
        at = first.body_start
    line_start = text.rfind("\n", 0, at) + 1
    above = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    previous = text[above:line_start].strip()
    if re.fullmatch(r"(?:Item\s+)?[\w/.-]{1,12}\.?", previous) and any(ch.isdigit() for ch in previous):
        return above
    return line_start
