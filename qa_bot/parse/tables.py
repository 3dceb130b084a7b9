"""Pages rendered as tables: "|" separated cells (markdown or plain text) or
tab-separated rows that start with an item number.

    | No. | Item                  | Minutes                                  |
    |-----|-----------------------|------------------------------------------|
    | 10. | APOLOGIES FOR ABSENCE | Apologies were received from ...         |

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
_MIN_ROWS = 3


def looks_tabular(text: str) -> bool:
    return len(_PIPE_ROW.findall(text)) >= _MIN_ROWS or len(_TAB_ROW.findall(text)) >= 2


def unfold_cells(text: str) -> str:
    """Rule rows to spaces, cell separators to newlines (length preserved)."""
    out = _RULE_ROW.sub(lambda m: " " * len(m.group(0)), text)
    out = _PIPE_ROW.sub(lambda m: m.group(0).replace("|", "\n"), out)
    return _TAB_ROW.sub(lambda m: m.group(0).replace("\t", "\n"), out)
