"""Pages rendered as tables: "|" separated cells (markdown or plain text) or
tab-separated rows that start with an item number, or a Word table copied
with " / " between the number and the rest of its row.

    | No. | Item                  | Minutes                                  |
    |-----|-----------------------|------------------------------------------|
    | 10. | APOLOGIES FOR ABSENCE | Apologies were received from ...         |

Parish tables keep the number in its own cell and let the text cell run
over several lines ("2. | Election of Chairman:" ... "unopposed. |"); copies
that lost the number column keep only a "|" closing each row.

Each cell separator becomes a newline and each rule row blanks out, in
place, so the cells read as the lines of a ModernGov page (number, title,
description, minutes) and every offset stays valid.  The item shapes then
parse the result.
"""

from __future__ import annotations

import re

SHAPE_SUFFIX = "+table"
_PIPE_ROW = re.compile(r"^[^\n|]*\|[^\n|]*\|.*$", re.MULTILINE)
_RULE_ROW = re.compile(r"^[ \t\u00a0]*\|?(?:[ \t\u00a0]*:?-{3,}:?[ \t\u00a0]*\|)+[ \t\u00a0:-]*$", re.MULTILINE)
_TAB_ROW = re.compile(r"^[ \t\u00a0]*\d{1,4}\.?\t.*$", re.MULTILINE)
# a row whose cells run over several lines: "2. | Election of Chairman:" ... "unopposed. |"
_NUMBER_CELL = re.compile(r"^([ \t\u00a0]*\d{1,4}\.?[ \t\u00a0]*)\|", re.MULTILINE)
_ROW_CLOSE = re.compile(r"(?<=\S)[ \t\u00a0]*\|[ \t\u00a0]*$", re.MULTILINE)
_PIPES_ONLY = re.compile(r"^[ \t\u00a0|]*\|[ \t\u00a0|]*$", re.MULTILINE)
_MIN_ROWS = 3
# a Word table copied with " / " between its cells: "2.0 / Police Report - No officer present"
_SLASH_CELL = re.compile(r"^([ \t\u00a0]*\d{1,3}(?:\.\d{1,2})?[ \t\u00a0]+)/(?=[ \t\u00a0]+\S)", re.MULTILINE)


# A markdown table: a "|" header row, its rule row, then its rows.
_MARKDOWN_TABLE = re.compile(
    r"^[ \t\u00a0]*\|(?P<header>[^\n]*)\|[ \t\u00a0]*\n"
    r"[ \t\u00a0]*\|?(?:[ \t\u00a0]*:?-{3,}:?[ \t\u00a0]*\|)+[ \t\u00a0:-]*\n"
    r"(?:[ \t\u00a0]*\|[^\n]*\|[ \t\u00a0]*(?:\n|$))*",
    re.MULTILINE,
)
# Column names of a minutes table, whose rows are the agenda's items.
_ITEM_COLUMN = re.compile(
    r"\b(?:no|number|item|items|minutes?|subject|title|decisions?|resolutions?|resolved|agenda|business)\b",
    re.IGNORECASE,
)


# A row opening with an item's number: "| 1. | Apologies | ... |", "| 24/070 | ..."
_NUMBERED_ROW = re.compile(r"^[ \t\u00a0]*\|[ \t\u00a0]*(?:\d{1,4}[a-z]?\.?|\d{1,4}/\d{1,4})[ \t\u00a0]*\|", re.MULTILINE)


def data_tables(text: str) -> list[tuple[int, int]]:
    """The spans of markdown tables of data inside the minutes (an action
    log, quotations, payments): their header names no item or minutes
    column and their rows do not open with item numbers.  Their rows stay
    rows; only a table of the agenda's items is read as the page's layout."""
    out = []
    for m in _MARKDOWN_TABLE.finditer(text):
        rows = m.group(0).count("\n") - 1
        numbered = len(_NUMBERED_ROW.findall(m.group(0)))
        if _ITEM_COLUMN.search(m.group("header")) or (rows and numbered * 2 > rows):
            continue
        out.append((m.start(), m.end()))
    return out


def _outside_data_tables(text: str) -> str:
    for start, end in reversed(data_tables(text)):
        text = text[:start] + "\n" * text.count("\n", start, end) + text[end:]
    return text


def looks_tabular(text: str) -> bool:
    text = _outside_data_tables(text)
    return (
        len(_PIPE_ROW.findall(text)) >= _MIN_ROWS
        or len(_TAB_ROW.findall(text)) >= 2
        or len(_NUMBER_CELL.findall(text)) >= 2
        or len(_ROW_CLOSE.findall(text)) >= _MIN_ROWS
        or len(_SLASH_CELL.findall(text)) >= _MIN_ROWS
    )


def unfold_cells(text: str) -> str:
    """Rule rows and rows of bare "|" to spaces, a "|" closing a row to a
    space, cell separators to newlines (length preserved); tables of data
    (``data_tables``) are left as they are."""
    out: list[str] = []
    pos = 0
    for start, end in data_tables(text):
        out.extend((_unfold(text[pos:start]), text[start:end]))
        pos = end
    out.append(_unfold(text[pos:]))
    return "".join(out)


def _unfold(text: str) -> str:
    out = _RULE_ROW.sub(lambda m: " " * len(m.group(0)), text)
    out = _PIPES_ONLY.sub(lambda m: " " * len(m.group(0)), out)
    out = _NUMBER_CELL.sub(lambda m: m.group(1) + "\n", out)
    out = _SLASH_CELL.sub(lambda m: m.group(1) + " ", out)  # the number and the cell after it: one heading line
    out = _ROW_CLOSE.sub(lambda m: " " * len(m.group(0)), out)
    out = _PIPE_ROW.sub(lambda m: m.group(0).replace("|", "\n"), out)
    return _TAB_ROW.sub(lambda m: m.group(0).replace("\t", "\n"), out)
