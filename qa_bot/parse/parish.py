"""Town and parish council minutes numbered by minute references.

    C2015/2016.76  Apologies for absence: Cllrs Smith and Jones.
    C2015/2016.77  Declarations of interest
    None.

The reference is the item number.  References are trusted only when two or
more share one prefix ("C2015/2016.") and count upwards.
"""

from __future__ import annotations

import re
from collections import defaultdict

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import VOTE_RECORD, Line, lines_of

SHAPE = "parish"
REF_LINE = re.compile(
    r"^[ \t\u00a0]*(?:Minute\s+(?:No\.?\s*|Ref(?:erence)?\.?\s*)?)?"
    r"(?P<ref>(?P<prefix>[A-Z]{0,4}/?\d{2,4}(?:/\d{2,4})?[./])(?P<n>\d{1,4})[a-z]?)"
    r"\.?(?:[ \t\u00a0]+(?P<rest>\S.*?))?[ \t\u00a0]*$",
    re.IGNORECASE,
)
_TITLE_END = re.compile(r"\s+[-–—]\s+|:\s+|\.\s+")
_MAX_TITLE = 100


def find_items(text: str) -> list[ItemSpan]:
    lines = lines_of(text)
    heads = _headings(lines)
    spans = []
    for k, (i, m) in enumerate(heads):
        stop = lines[heads[k + 1][0]].start if k + 1 < len(heads) else len(text)
        spans.append(_span(lines, i, m, stop))
    return spans


def _headings(lines: list[Line]) -> list[tuple[int, re.Match[str]]]:
    groups: dict[str, list[tuple[int, re.Match[str]]]] = defaultdict(list)
    for i, line in enumerate(lines):
        m = REF_LINE.match(line.content)
        if m and not (m.group("rest") and VOTE_RECORD.search(m.group("rest"))):  # not "C16/372 Tregidga/Leonard CARRIED"
            groups[m.group("prefix").upper()].append((i, m))
    best: list[tuple[int, re.Match[str]]] = []
    for hits in groups.values():
        rising = _rising(hits)
        if len(rising) >= 2 and len(rising) > len(best):
            best = rising
    return best


def _rising(hits: list[tuple[int, re.Match[str]]]) -> list[tuple[int, re.Match[str]]]:
    out: list[tuple[int, re.Match[str]]] = []
    for i, m in hits:
        if not out or int(m.group("n")) > int(out[-1][1].group("n")):
            out.append((i, m))
    return out


def _span(lines: list[Line], i: int, m: re.Match[str], stop: int) -> ItemSpan:
    line = lines[i]
    ref = m.group("ref")
    rest = m.group("rest")
    if not rest:  # the title is on the next line
        nxt = next((ln for ln in lines[i + 1:] if not ln.blank and ln.start < stop), None)
        if nxt is None:
            return ItemSpan(ref, "", line.end, stop)
        return ItemSpan(ref, nxt.content, nxt.end, stop)
    rest_start = line.start + m.start("rest")
    cut = _TITLE_END.search(rest)
    if cut and cut.start() <= _MAX_TITLE:
        return ItemSpan(ref, rest[: cut.start()], rest_start + cut.end(), stop)
    if len(rest) <= _MAX_TITLE:
        return ItemSpan(ref, rest, line.end, stop)
    return ItemSpan(ref, " ".join(rest.split()[:8]), rest_start, stop)
