"""Lists of delegated or executive decisions: one entry per decision.

    Decision reference: DD/2021/014            <- the reference is the item number
    Title: Award of contract for school transport routes
    Decision maker: Director for Children and Families
    Date of decision: 12 March 2021
    Decision: To award the contract ...        <- the resolution

or entries headed "ED/2021/045 - Award of contract ...", or ModernGov's
"Decisions" listing, headed by the date of publication:

    27/02/2025 - Residents' Parking Permit Charges ref: 1431    Call-in

whose reference is a database number, not printed on the decision itself:
such an entry has no item number, only its title.  Entries need a reference
(or a date); two or more make the shape.
"""

from __future__ import annotations

import re

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import Line, lines_of

SHAPE = "decisions"
_REF = r"(?P<ref>[A-Z0-9][A-Z0-9/._-]*\d[A-Z0-9/._-]*)"
REF_FIELD = re.compile(
    r"^[ \t\u00a0]*(?:(?:Executive|Delegated|Officer|Key)\s+)?(?:Decision\s+)?"
    r"(?:Ref(?:erence)?|No|Number)\.?(?:\s+No\.?)?\s*[:.]?\s*" + _REF + r"[ \t\u00a0]*$",
    re.IGNORECASE,
)
REF_HEADED = re.compile(
    r"^[ \t\u00a0]*(?P<ref>[A-Z]{1,6}[/-]\d{2,4}[/-]\d{1,5}[A-Z]?)(?:[ \t\u00a0]+[-–—]|[ \t\u00a0]*:)[ \t\u00a0]*(?P<title>\S.*)$"
)
DATE_HEADED = re.compile(
    r"^[ \t\u00a0]*\d{1,2}/\d{1,2}/\d{2,4}[ \t\u00a0]+[-–—][ \t\u00a0]+(?P<title>\S.*?)"
    r"(?:[ \t\u00a0]+ref\s*:?\s*\d+)?(?:[ \t\u00a0]{2,}\S.*)?[ \t\u00a0]*$",
    re.IGNORECASE,
)
TITLE_FIELD = re.compile(
    r"^[ \t\u00a0]*(?:Decision\s+)?(?:Title|Subject|Item|Decision title)\s*:\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)


def find_items(text: str) -> list[ItemSpan]:
    lines = lines_of(text)
    heads: list[tuple[int, str | None, str | None]] = []
    for i, line in enumerate(lines):
        m = REF_FIELD.match(line.content)
        if m:
            heads.append((i, m.group("ref"), None))
            continue
        h = REF_HEADED.match(line.content)
        if h:
            heads.append((i, h.group("ref"), h.group("title")))
            continue
        d = DATE_HEADED.match(line.content)
        if d:
            heads.append((i, None, d.group("title")))
    if len({ref or title for _, ref, title in heads}) < 2:
        return []
    spans = []
    for k, (i, ref, title) in enumerate(heads):
        stop = lines[heads[k + 1][0]].start if k + 1 < len(heads) else len(text)
        spans.append(ItemSpan(ref, title or _title(lines, stop, i), lines[i].end, stop))
    return spans


def _title(lines: list[Line], stop: int, ref_line: int) -> str:
    """The entry's "Title:" field, else its first line after the reference."""
    region = [ln for ln in lines[ref_line + 1:] if ln.start < stop and not ln.blank]
    for line in region:
        m = TITLE_FIELD.match(line.content)
        if m:
            return m.group("title")
    return region[0].content if region else ""


_MAKER = re.compile(r"^[ \t\u00a0]*Decision[- ]?maker\s*:\s*(?P<maker>\S.*?)[ \t\u00a0]*$", re.IGNORECASE | re.MULTILINE)
_MEMBER_FOR = re.compile(r"^(?P<role>.+? Member) for .+$")


def decision_makers(text: str) -> str | None:
    """Who took the decisions of a list, as its "committee": the makers in
    alphabetical order, portfolio holders grouped ("Cabinet Member for
    Environment", "Cabinet Member for Housing" -> "Cabinet Members"), marked
    as a list rather than one meeting: "Cabinet and Cabinet Members
    (decisions list)"."""
    makers: list[str] = []
    for m in _MAKER.finditer(text):
        maker = " ".join(m.group("maker").split())
        role = _MEMBER_FOR.match(maker)
        maker = role.group("role") + "s" if role else maker
        if maker not in makers:
            makers.append(maker)
    if not makers:
        return None
    makers.sort()
    if len(makers) == 1:
        return f"{makers[0]} (decisions list)"
    return f"{', '.join(makers[:-1])} and {makers[-1]} (decisions list)"
