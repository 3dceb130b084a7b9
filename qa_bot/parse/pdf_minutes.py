"""Minutes as published in PDF, converted to text (seed 001).

    Minutes of the meeting of Cabinet held at <venue> on Thursday 18 October 2018 at 10.00 am
    Present: Councillor ...                    <- read in ``meeting``
    15. APOLOGIES FOR ABSENCE                  <- number and title on one line
    (139) APOLOGIES FOR ABSENCE                <- or the number in brackets
    **20. RECOMMISSIONING OF DOMESTIC ABUSE SUPPORT SERVICE FOR
    HEREFORDSHIRE**                            <- a title wrapped over two lines

Markdown bold markers are blanked out before this runs (``text.blank_out``).
Headings must count upwards, which keeps numbered lists in the minutes
(which restart at 1) from being taken for items.
"""

from __future__ import annotations

import re

from qa_bot.parse.moderngov import read_item
from qa_bot.parse.resolutions import label_at
from qa_bot.parse.run_in import is_clause
from qa_bot.parse.spans import ItemSpan, number_key
from qa_bot.parse.text import Line, lines_of

SHAPE = "pdf_minutes"
HEADING = re.compile(
    r"^[ \t\u00a0]*(?P<paren>\()?(?P<num>\d{1,4}(?:\.\d{1,2})?[a-z]?)(?(paren)\))(?P<dot>\.?)"
    r"[ \t\u00a0]+(?P<title>\S.*?)[ \t\u00a0]*$"
)
_MAX_TITLE = 200
# a title in capitals run into the minutes: "CONFIRMATION OF MINUTES OF PREVIOUS MEETING MOTION: That Council ..."
_CAPS_LEAD = re.compile(
    r"((?:[A-Z][A-Z'’&/(),-]*[ \t\u00a0]+){1,20}[A-Z][A-Z'’&/()-]*)(?=[ \t\u00a0]+(?:(?:MOTION|RESOLUTION|RESOLVED|MOVED|RECOMMENDATION|DECISION)S?:[ \t\u00a0]|[A-Z][a-z]+[ \t\u00a0]+[a-z]))"
)
_CONNECTORS = {"FOR", "OF", "AND", "THE", "TO", "IN", "ON", "WITH", "&", "-", "–", "AT", "BY", "A", "FROM"}


def find_items(text: str) -> list[ItemSpan]:
    lines = lines_of(text)
    heads = find_headings(lines)
    spans = []
    for k, (i, number, last) in enumerate(heads):
        stop = lines[heads[k + 1][0]].start if k + 1 < len(heads) else len(text)
        start = title_start(lines[i])
        lead = None if is_title(text[start:lines[i].end]) else _CAPS_LEAD.match(text, start, lines[i].end)
        if lead:  # "3. CONFIRMATION OF MINUTES MOTION: That Council adopt ...": the capitals, then the minutes
            spans.append(read_item(text, number, lead.group(1), lead.end(1), stop, decision_label=False))
            continue
        title = text[start:lines[last].end]
        dashed = None if is_title(title) else _dashed(title)
        if dashed:  # "6. Verge cutting contract – The clerk said that ...": the title, a dash, the minutes
            spans.append(ItemSpan(number, dashed[0], start + dashed[1], stop))
            continue
        spans.append(read_item(text, number, title, lines[last].end, stop, decision_label=False))
    return spans


# "Verge cutting contract – The clerk said ...", "Order of business – item 6 taken first"
_DASH = re.compile(r"[ \t\u00a0]+[–—-][ \t\u00a0]+(?=\S)")
_SPEAKER = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cr|Cllr|Councillor|Alderman|Ald)\b\.?\s", re.IGNORECASE)
# a heading that continues the count ("8." after "7.") may be a long one, if it is no sentence
_MAX_FOLLOWING_WORDS = 20


def _dashed(title: str) -> tuple[str, int] | None:
    """(title, where the minutes begin) for a heading whose title is set off
    from the minutes run on after it by a dash; None without one."""
    dash = _DASH.search(title)
    if dash is None or not is_title(title[:dash.start()]) or _SPEAKER.match(title) or is_clause(title[:dash.start()]):
        return None  # "1. Mr. Alan Reid – Mr. Reid spoke about ...": a list of speakers; "Members asked that ..."
    return title[:dash.start()].strip(), dash.end()


def find_headings(lines: list[Line]) -> list[tuple[int, str, int]]:
    """(line index, number, index of the title's last line) of each heading."""
    heads: list[tuple[int, str, int]] = []
    previous = -1.0
    seen: set[str] = set()
    for i, line in enumerate(lines):
        m = HEADING.match(line.content)
        if not m or not (m.group("dot") or m.group("paren") or "." in m.group("num")):  # "15.", "(139)", "4.2"
            continue
        title = m.group("title")
        first = re.sub(r"[^A-Za-z]", "", title.split()[0])
        if m.group("paren") and not (len(first) >= 2 and first.isupper()):
            continue  # "(1) That the report be noted": a resolution's part; "(139) MINUTES" heads an item
        key = number_key(m.group("num"))
        follows = (key == previous + 1 and len(title.split()) <= _MAX_FOLLOWING_WORDS and not title.endswith(".")
                   and title[:1].isupper() and not is_clause(title))
        if not (is_title(title) or _CAPS_LEAD.match(title) or _dashed(title) or follows) or m.group("num") in seen:
            continue
        if key < previous:
            continue
        heads.append((i, m.group("num"), _title_end(lines, i, title)))
        seen.add(m.group("num"))
        previous = key
    return heads


def is_title(title: str) -> bool:
    """A heading's title: short, and in capitals or free of sentence ends."""
    t = title.replace("**", "").strip()
    if not any(ch.isalpha() for ch in t) or len(t) > _MAX_TITLE:
        return False
    if t.upper() == t:
        return True
    return len(t.split()) <= 14 and t[0].isupper() and not t.endswith((".", ";", ",", ":"))


def _title_end(lines: list[Line], i: int, title: str) -> int:
    """A capitals title continues on the next line when that is capitals too
    (across a blank line only when the title cannot end where it stops:
    "... SUPPORT SERVICE FOR")."""
    if title.upper() != title:
        return i
    last = i
    j = i + 1
    while j < len(lines) and j <= last + 3 and last - i < 2:
        if lines[j].blank:
            if _last_word(lines[last].stripped) not in _CONNECTORS:
                break
            j += 1
            continue
        nxt = lines[j].stripped.replace("**", "").strip()
        if not nxt or nxt.upper() != nxt or HEADING.match(lines[j].content) or len(nxt) > 120:
            break
        if not any(ch.isalpha() for ch in nxt) or label_at(lines[j].content) or _PROCEDURE.match(nxt):
            break
        last = j
        j += 1
    return last


# a sub-heading of the proceedings under an item's title, not the title wrapped: "CALL TO ORDER INFORMAL OPEN FORUM"
_PROCEDURE = re.compile(r"(?:CALL TO ORDER|ROLL CALL|PLEDGE OF ALLEGIANCE|INVOCATION|ADJOURNMENT|MOTION)\b")


def _last_word(line: str) -> str:
    words = line.replace("**", " ").split()
    return words[-1].upper() if words else ""


def title_start(line: Line) -> int:
    m = HEADING.match(line.content)
    return line.start + (m.start("title") if m else 0)
