"""Decisions recorded in an item: every form the minutes use.

"Resolved:", "RESOLVED - That:", "Resolved that:", "It was resolved that:",
"RECOMMENDATIONS:", "AGREED:", "Decision:" ... each starting a line (inside a
line, only "RESOLVED" in capitals or a sentence opening "It was resolved").  A block
runs on over its (a)/(b)/(c) or bulleted parts, over an introduction ending
in ":", and over lines wrapped mid-sentence; it stops at the next label or
at a new paragraph.  Each block becomes ONE string: the published words with
whitespace folded inside each line (so it is a verbatim substring of the
document after whitespace folding).
"""

from __future__ import annotations

import re

from qa_bot.parse.text import Line, fold_lines, lines_of

_LABEL = re.compile(
    r"^[ \t\u00a0]*(?:[-•·*][ \t\u00a0]+)?"
    r"(?P<label>(?:it\s+was\s+)?(?:(?:unanimously|further)\s+)?"
    r"(?:resolved|agreed|decided)|recommendations?|resolutions?|decision|ORDER(?=[ \t\u00a0]*:))\b"
    r"(?P<after>.*)$",
    re.IGNORECASE,
)
# Inside a line only the unmistakable forms count: "RESOLVED" in capitals,
# or a sentence opening "It was resolved".
_MIDLINE = re.compile(
    r"(?:\b[Ii]t was (?:unanimously |further )?)?\bRESOLVED\b|(?<=[.;:]\s)It was (?:unanimously )?resolved\b"
)
_PUNCT_AFTER = re.compile(r"^\s*[:\-–—]")
_THAT_AFTER = re.compile(r"^\s+(?:that|to)\b", re.IGNORECASE)
_LABEL_ONLY = re.compile(r"^[\s:\-–—]*(?:that)?[\s:\-–—]*$", re.IGNORECASE)
PART = re.compile(
    r"^[ \t\u00a0]*(?:[-–•·*▪]|\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)|[a-z]\.\s)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*$")
_LIST_GOES_ON = re.compile(r"(?:[;,]|\band|\bor)$", re.IGNORECASE)


def label_at(line: str) -> re.Match[str] | None:
    """The resolution label starting ``line``, if it is one."""
    m = _LABEL.match(line)
    if not m:
        return None
    label, after = m.group("label"), m.group("after")
    word = label.split()[-1].lower()
    if word == "resolved":
        return m
    if label.isupper() and (not after.strip() or not after.strip()[0].islower()):
        return m
    if _PUNCT_AFTER.match(after):
        return m
    if word in {"agreed", "decided"} and _THAT_AFTER.match(after):
        return m
    return None


def find_resolutions(text: str, start: int, end: int) -> tuple[str, ...]:
    """Every resolution block inside ``text[start:end]``, in order."""
    lines = lines_of(text, start, end)
    found: list[str] = []
    i = 0
    while i < len(lines):
        m = label_at(lines[i].content)
        if m is None:
            mid = _MIDLINE.search(lines[i].content)
            if mid is None:
                i += 1
                continue
            line = lines[i]  # the block starts mid-line: "..., it was RESOLVED to ..."
            lines[i] = Line(line.start + mid.start(), line.end, line.content[mid.start():])
            label_only = False
        else:
            label_only = bool(_LABEL_ONLY.match(m.group("after")))
        last = _block_end(lines, i, label_only=label_only)
        block = _join(lines[i:last + 1])
        if block:
            found.append(block)
        i = last + 1
    return tuple(found)


def _block_end(lines: list[Line], first: int, *, label_only: bool) -> int:
    """Index of the last line belonging to the block starting at ``first``."""
    last = first
    intro_open = label_only or lines[first].stripped.endswith(":")
    # "- 20/501261/FULL 5 River Close ..." / "Unanimously AGREED to recommend
    # APPROVAL" / "- 20/501113/FULL ...": a decision inside a bulleted list's
    # entry ends with it; the next bullet is the list's next entry.
    outer = None if intro_open else _bullet_before(lines, first)
    gap = False
    for j in range(first + 1, len(lines)):
        line = lines[j]
        if line.blank:
            gap = True
            continue
        if label_at(line.content):
            break
        if outer is not None and _bullet(line.content) == outer:
            break
        prev = lines[last].stripped
        belongs = (
            PART.match(line.content) is not None  # (b), b), - c), bullets
            or intro_open  # after "RESOLVED:" or "... recommended that:"
            or _LIST_GOES_ON.search(prev) is not None  # "...; and"
            or (not gap and not _SENTENCE_END.search(prev))  # a line wrapped mid-sentence
            or (not _SENTENCE_END.search(prev) and line.stripped[:1].islower())  # ... over a page break
        )
        if not belongs:
            break
        last = j
        intro_open = _only_that(line.stripped) or line.stripped.endswith(":")
        gap = False
    return last


_BULLET = re.compile(r"^[ \t\u00a0]*([-–•·*▪])[ \t\u00a0]")


def _bullet(line: str) -> str | None:
    m = _BULLET.match(line)
    return m.group(1) if m else None


def _bullet_before(lines: list[Line], first: int) -> str | None:
    """The bullet of the list entry a block not itself bulleted sits in:
    the nearest bulleted line above it, with only unbulleted lines between."""
    if _bullet(lines[first].content):
        return None
    for k in range(first - 1, -1, -1):
        if lines[k].blank:
            return None
        marker = _bullet(lines[k].content)
        if marker:
            return marker
    return None


def _join(lines: list[Line]) -> str:
    """The block's lines, whitespace folded; a line wrapped mid-sentence is
    joined to the one before, each part keeps a line of its own."""
    out: list[str] = []
    for line in lines:
        folded = fold_lines(line.content)
        if not folded:
            continue
        if out and not PART.match(line.content) and not out[-1].endswith(":") and not _only_that(out[-1]):
            out[-1] = f"{out[-1]} {folded}"
        else:
            out.append(folded)
    return "\n".join(out)


def _only_that(stripped: str) -> bool:
    return stripped.lower().strip(":") == "that"
