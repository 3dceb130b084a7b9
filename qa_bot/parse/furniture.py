"""Page furniture: what a rendering or a printer adds to every page, not
part of any item.  Blanked out with spaces (``text.blank_out``), so offsets
into the decoded file stay valid.

- markup left in a copy: ``&nbsp;``, ``<AI1>``/``</AI1>``, ``<TRAILER_SECTION>``, inline
  tags a page's text kept (``<br />``, ``<strong>``);
- page footers and numbers: "Page 2 of 5" (with the rest of its line when the
  line is a short footer set apart by a wide gap), "- 3 -", a line holding only a number
  next to a page break;
- running headers and footers: a short line printed again and again (its digits
  aside), e.g. "Environment and Highways Scrutiny Committee   5 November 2024"
  or a header glued to its page number, "2HEREFORD CITY COUNCIL MEETING - MINUTES";
- the chair's initials box or signature line at the foot of each page
  ("Signed ........ (Chairman)   Date .......");
- site chrome: "Skip to main content", images, link-only markdown lines to
  report PDFs, ModernGov's "• Share this item" and "• Webcast for 3." bullets.
"""

from __future__ import annotations

import re
from collections import Counter

from qa_bot.parse.text import blank_out, lines_of

_MARKUP = re.compile(
    r"&nbsp;|&amp;(?=\s)|</?(?:AI\d{1,3}|TRAILER_SECTION|[A-Z][A-Z_]{2,30}\d{0,3})>"
    # inline tags a text copy kept ('<strong>', '<span class="x">'), not "<p.jones@council.gov.uk>" or "a<b and c>d"
    r"""|(?i:</?(?:br|strong|b|em|i|u|span|font|p)(?:\s+[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'<>]+))*\s*/?>)"""
)
# a line break written as a tag ("... 7:05 P.M. <br />2.Roll Call ..."): a page copied with its markup
_BREAK_TAG = re.compile(r"(?i:<br\b[^<>\n]{0,60}>)")  # "<br>", "<br />", "<br/ >", '<BR clear="all">'
_PAGE = re.compile(
    r"^[^\n]{0,100}?[ \t\u00a0]{2,}Page\s+\d{1,4}\s+of\s+\d{1,4}[ \t\u00a0]*$"  # a footer line: "Minutes 8 April 2025    Page 1 of 2"
    r"|(?:^|(?<=\s))Page\s+\d{1,4}\s+of\s+\d{1,4}\b(?=\s|$)"
    r"|^[ \t\u00a0]*(?:-\s*\d{1,4}\s*-|Page\s+\d{1,4})[ \t\u00a0]*$",
    re.MULTILINE,
)
_INITIALS = re.compile(
    r"^[ \t\u00a0]*(?:(?:Chair(?:man|person)?'?s?\s+initials|Initials)\b[ .…_]*"
    r"|Signed\s*:?[ \t]*[.…_]{3,}.*?(?:Date\s*:?[ \t]*[.…_]{3,}[ \t]*)?)$",
    re.IGNORECASE | re.MULTILINE,
)
_CHROME = re.compile(
    r"^[ \t\u00a0]*(?:\[Skip to [^\]]*\]\([^)]*\)|Skip to (?:main )?content|!\[[^\]]*\]\([^)]*\)"
    r"|[-*•]?[ \t]*\[[^\]]{1,200}\]\([^)\s]{1,500}\)"
    r"|This page is intentionally left blank"
    r"|[-*•·]?[ \t]*(?:Share this item|Webcast for (?:item )?[\w.]{1,8}|View the (?:reasons|background) to item [\w.]{1,8}"
    # ModernGov's link to a recorded vote, and its table's glued headings
    r"|View Recorded Vote for this item|Title\s*Type\s*Recorded Vote text\s*Result))"
    r"[ \t\u00a0]*$",
    re.IGNORECASE | re.MULTILINE,
)
_GLUED = re.compile(r"^\d{1,3}[A-Z]{2}|[A-Z]{2}\d{1,3}$")
_MIN_REPEATS = 3
_MAX_RUNNING = 100


def _break(text: str, m: re.Match[str]) -> str:
    """What a line break written as a tag becomes: a line break, or spaces
    where the line ends there anyway or the tag sits inside a table's cell."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    if not text[m.end():line_end].strip() or ("|" in text[line_start:m.start()] and "|" in text[m.end():line_end]):
        return " " * len(m.group(0))
    return " " * (len(m.group(0)) - 1) + "\n"


def blank_furniture(text: str) -> str:
    """``text`` with its page furniture replaced by spaces (same length);
    a line break written as a tag, by a line break."""
    # (one already at a line's end is that line's break: "Regular<br />" + newline is one break, not two)
    # (inside a table's row, "| Share the toolkit<br>with partners |", it breaks no line of the page)
    text = _BREAK_TAG.sub(lambda m: _break(text, m), text)
    breaks = [m.start() for p in (_PAGE, _INITIALS) for m in p.finditer(text)] + [
        m.start() for m in re.finditer("\f", text)
    ]
    for pattern in (_MARKUP, _PAGE, _INITIALS, _CHROME):
        text = blank_out(text, pattern)
    return _blank_running_lines(text, breaks)


def _blank_running_lines(text: str, breaks: list[int]) -> str:
    """Lines repeated on every page: a short line seen three times or more
    once its digits are set aside, that carries digits (a page number, a
    date) and either sits within two lines of a page break or has its page
    number glued on ("2HEREFORD CITY COUNCIL").  Headings such as "Minutes:"
    hold no digits, and a repeated "Motion carried 6-0" is not beside a page
    break, so they stay."""
    every = [ln for ln in lines_of(text) if not ln.blank]
    near: set[int] = set()
    for b in breaks:
        at = next((k for k, ln in enumerate(every) if ln.end >= b), len(every))
        near.update(range(at - 2, at + 3))
    lines = [
        ln for k, ln in enumerate(every)
        if len(ln.stripped) <= _MAX_RUNNING and (k in near or _GLUED.search(ln.stripped))
    ]
    shapes = Counter(_shape(ln.stripped) for ln in lines if re.search(r"\d", ln.stripped))
    running = {s for s, n in shapes.items() if n >= _MIN_REPEATS and len(re.sub(r"[\W\d_]", "", s)) >= 6}
    if not running:
        return text
    chars = list(text)
    for ln in lines:
        if _shape(ln.stripped) in running:
            for i in range(ln.start, ln.end):
                chars[i] = " "
    return "".join(chars)


def _shape(line: str) -> str:
    return " ".join(re.sub(r"\d+", "#", line).split()).lower()
