"""Minutes whose text was flattened onto one long line (as some councils
abroad publish them, or as a careless copy leaves them).

    1. APOLOGIES Apologies were received from Cr Smith. 2. CONFIRMATION OF
    MINUTES RESOLVED that the minutes ... be confirmed. 3. ...

Line breaks are put back, in place of a space, so offsets stay valid: before
each item number of the longest run counting 1, 2, 3 ...; after the item's
title (its words in capitals, else up to a colon or the first full stop); and
before each resolution label.  The item shapes then parse the result.
"""

from __future__ import annotations

import re

SHAPE_SUFFIX = "+flattened"
_MIN_LINE = 1000
_ITEM = re.compile(r"(?<=\s)(\d{1,3})\.\s+(?=[A-Z])")
_LABEL = re.compile(
    r"(?<=\s)(?=(?:RESOLVED|Resolved\b|It was resolved|AGREED|RESOLUTION|"
    r"RECOMMENDATIONS?\b|Decision:|DECISION\b))"
)
_WORD = re.compile(r"\S+")
_LABEL_WORDS = {"RESOLVED", "AGREED", "RESOLUTION", "DECISION", "RECOMMENDATION", "RECOMMENDATIONS"}
_MAX_TITLE = 120


def is_flattened(text: str) -> bool:
    """One line holds most of a long text."""
    longest = max((len(line) for line in text.split("\n")), default=0)
    return longest >= _MIN_LINE and longest >= 0.6 * len(text.strip())


def reflow(text: str) -> str:
    chars = list(text)
    for m in _numbered_run(text):
        _break_at(chars, m.start() - 1)
        title_end = _title_end(text, m.end())
        if title_end is not None:
            _break_at(chars, title_end)
    for m in _LABEL.finditer(text):
        _break_at(chars, m.start() - 1)
    return "".join(chars)


def _break_at(chars: list[str], i: int) -> None:
    if 0 <= i < len(chars) and chars[i] in " \t\u00a0":
        chars[i] = "\n"


def _numbered_run(text: str) -> list[re.Match[str]]:
    """The longest chain of item numbers counting up by one (linear time:
    each number extends the best chain ending in the number before it)."""
    matches = list(_ITEM.finditer(text))
    ending: dict[int, tuple[int, int]] = {}  # number -> (chain length, match index)
    parent: list[int] = []
    best = (0, -1)
    for i, m in enumerate(matches):
        n = int(m.group(1))
        length, before = ending.get(n - 1, (0, -1))
        parent.append(before)
        if length + 1 > ending.get(n, (0, -1))[0]:
            ending[n] = (length + 1, i)
        if length + 1 > best[0]:
            best = (length + 1, i)
    chain: list[re.Match[str]] = []
    i = best[1]
    while i >= 0:
        chain.append(matches[i])
        i = parent[i]
    chain.reverse()
    return chain if len(chain) >= 2 else []


def _title_end(text: str, start: int) -> int | None:
    """Offset of the space that ends the title starting at ``start``."""
    end = None
    for w in _WORD.finditer(text, start, start + _MAX_TITLE):
        word = w.group(0)
        letters = [ch for ch in word if ch.isalpha()]
        if letters and word.upper() != word:
            break
        if letters and len(letters) == 1 and end is not None:
            break  # "A" or "I" opening the minutes
        if word.strip(":-").upper() in _LABEL_WORDS:
            break  # "RESOLVED" opening the minutes
        end = w.end()
    if end is not None and end > start:
        return end if end < len(text) else None
    window = text[start:start + _MAX_TITLE]
    for mark in (":", ". "):
        cut = window.find(mark)
        if cut > 0:
            return start + cut + 1
    return None
