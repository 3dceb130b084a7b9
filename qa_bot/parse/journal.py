"""Minutes kept as a journal of the day, each entry opening with the clock
time it began (as some US county commissions keep them):

    June 2, 2025
    Commissioners Ann Reyes, Bo Little and Cy Moss were present.
    8:30 Pledge of Allegiance                                   <- "8:30", "Pledge of Allegiance"
    9:00 Dale Ruiz, Road Supervisor, met with the commissioners  <- "9:00", "Dale Ruiz"
    to update them on the gravel crushing bids ...
    9:30 ...

Each line opening with a time, then a capitalised word, is an entry: three
at least, the times counting on through the day, or the page is not of
this shape.  The entry's number is its time as printed; its title, the
words before the first comma or verb-like break (who met the board, or the
business named).  The text before the first entry (the date, who was
present) is kept as an item titled by its first line.
"""

from __future__ import annotations

import re

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import lines_of

SHAPE = "journal"
# "9:00 David ...", "10:15 a.m. Public hearing ...": a clock time opening the line, then a capital
_ENTRY = re.compile(r"^[ \t\u00a0]*(?P<time>(?:[01]?\d|2[0-3]):[0-5]\d)(?:[ \t\u00a0]*[aApP]\.?[mM]\.?)?[ \t\u00a0]+"
                    r"(?![AP]\.?M\b)(?=[A-Z])")  # not a time alone ("9:00 AM")
_MIN_ENTRIES = 3
_TITLE_WORDS = 8
# where an entry's title stops: a comma, a stop, a colon, a dash, or its verb ("met", "presented", ...)
_TITLE_STOP = re.compile(
    r"[,.;:(–-]|\s(?:met|meets|presented|appeared|came|discussed|reviewed|spoke|called|gave|was|were|is|are|has|had|"
    r"moved|seconded|asked|said|reported|requested|approved|stated|opened|updated|introduced|"
    r"and the|to)\b"
)


def find_items(text: str) -> list[ItemSpan]:
    """The page's entries, each numbered by its time; [] with fewer than three,
    or when the times do not count on through the day."""
    lines = lines_of(text)
    entries = [(line, m) for line in lines if (m := _ENTRY.match(line.content))]
    if len(entries) < _MIN_ENTRIES:
        return []
    if not _through_the_day([(m.group("time"), line.content[m.end("time"):m.end()]) for line, m in entries]):
        return []
    spans = []
    first = entries[0][0].start
    head = text[:first].strip()
    if head:
        start = len(text[:first]) - len(text[:first].lstrip())
        spans.append(ItemSpan(None, head.split("\n")[0].strip(), start, first))
    seen: dict[str, int] = {}
    for k, (line, m) in enumerate(entries):
        stop = entries[k + 1][0].start if k + 1 < len(entries) else len(text)
        rest = line.content[m.end():]
        cut = _TITLE_STOP.search(rest)
        title = " ".join((rest[:cut.start()] if cut else rest).split()[:_TITLE_WORDS])
        time = m.group("time")
        seen[time] = seen.get(time, 0) + 1
        number = time if seen[time] == 1 else f"{time} ({seen[time]})"  # two entries at 9:00: each its own item
        spans.append(ItemSpan(number, title or rest.strip()[:60], line.start + m.end(), stop))
    return spans


def _through_the_day(times: list[tuple[str, str]]) -> bool:
    """Whether the times (each with what follows it: "a.m.", "pm" or
    nothing) count on through one day: a time that would go back reads as
    the afternoon's ("11:30" then "1:30"), where no "a.m." says otherwise."""
    previous = -1
    for time, suffix in times:
        hours, mins = (int(x) for x in time.split(":"))
        marked = suffix.strip().lower()[:1]
        if marked == "p" and hours < 12:
            hours += 12
        clock = hours * 60 + mins
        if clock < previous and not marked and hours < 12:
            clock += 12 * 60
        if clock < previous:
            return False
        previous = clock
    return True
