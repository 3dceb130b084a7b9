"""What every shape hands back: item spans, turned into AgendaItems here.

A shape parser only finds where each item's heading and minutes lie; the
common rules (trimming, the truncation trailer, trailing boilerplate and the
resolutions) are applied once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa_bot.parse.resolutions import find_resolutions
from qa_bot.parse.text import clean_title, fold, lines_of, trim
from qa_bot.records import AgendaItem

TRUNCATION = re.compile(
    r"(?:\.\.\.|…)?\s*view\s+the\s+full\s+(?:minutes|decision)s?\s+text\s+for\s+item\s*[\w.]*\s*$",
    re.IGNORECASE,
)
# Boilerplate that may close an item's text; cut there.
_TRAILERS = re.compile(
    r"^[ \t\u00a0]*(?:Supporting documents:?|Additional documents:?"
    r"|The meeting (?:ended|closed|concluded|finished|terminated) at\b.*"
    r"|(?:Meeting )?closed at\b.*)[ \t\u00a0]*$",
    re.IGNORECASE | re.MULTILINE,
)
_MINUTES_AFTER = re.compile(r"(?<![^\s|])Minutes\s*:")
# The signature block closing printed minutes: "Chairman", "Signed ......", "Date:".
_SIGNATURE = re.compile(
    r"^\s*(?:Signed\s*:?[\s._…]*)?(?:\(?(?:Chairman|Chairperson|Chair|Mayor)\)?)?[\s._…]*(?:Date\s*:?[\s._…]*)?$",
    re.IGNORECASE,
)
DESCRIPTION = re.compile(
    r"^[ \t\u00a0]*To (?:receive|approve|consider|note|review|agree|provide|advise|confirm|"
    r"determine|discuss|appoint|elect|adopt|endorse|update|inform|seek|report|"
    r"scrutinise|decide|present|reflect|examine|ratify|welcome|be)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ItemSpan:
    """Where one item lies: its minutes text is ``text[body_start:body_end]``."""

    number: str | None
    title: str
    body_start: int
    body_end: int
    description: str | None = None


def finish_items(text: str, spans: list[ItemSpan], source: str) -> tuple[AgendaItem, ...]:
    """AgendaItems from spans: body trimmed, trailers cut, resolutions read."""
    items = []
    for span in spans:
        start, end = trim(text, span.body_start, max(span.body_start, span.body_end))
        start = _past_documents_label(text, start, end)
        end = _cut_trailers(text, start, end)
        truncated = False
        m = TRUNCATION.search(text, start, end)
        if m:
            truncated = True
            start, end = trim(text, start, m.start())
        items.append(
            AgendaItem(
                source=source,
                item=span.number,
                title=clean_title(span.title) or _unprinted_title(span.number),
                text=text[start:end],
                resolutions=find_resolutions(text, start, end),
                truncated=truncated,
                description=fold(span.description) if span.description else None,
                start=start,
                end=end,
            )
        )
    return tuple(items)


def _unprinted_title(number: str | None) -> str:
    """The title of an item whose heading the copy lost ("414." then only
    its minutes): "Item 414", never a guess at its subject."""
    return f"Item {number}" if number else "(untitled)"


# "Additional documents:" right under the title, where the page lost its
# "Minutes:" label: the item's report links, then its minutes.
_DOCUMENTS_FIRST = re.compile(r"[ \t\u00a0]*(?:Supporting|Additional) documents:?[ \t\u00a0]*(?:\n|$)", re.IGNORECASE)


def _past_documents_label(text: str, start: int, end: int) -> int:
    """Where the body begins when it opens with the documents label."""
    m = _DOCUMENTS_FIRST.match(text, start, end)
    return trim(text, m.end(), end)[0] if m else start


def _cut_trailers(text: str, start: int, end: int) -> int:
    m = _TRAILERS.search(text, start, end)
    while m and (
        _MINUTES_AFTER.search(text, m.end(), end)  # a table row's "Additional documents: Minutes: ..."
        or (_DOCUMENTS_FIRST.match(text, m.start()) and _lines_before(text, start, m.start()) <= 1
            and text[m.end():end].strip())  # under the report's description, with the minutes after it
    ):
        m = _TRAILERS.search(text, m.end(), end)
    if m:
        end = m.start()
    lines = [ln for ln in lines_of(text, start, end) if not ln.blank]
    while lines and _SIGNATURE.match(lines[-1].content) and len(lines) > 1:
        end = lines[-1].start
        lines.pop()
    return trim(text, start, end)[1]


def _lines_before(text: str, start: int, stop: int) -> int:
    return sum(1 for ln in lines_of(text, start, stop) if not ln.blank)


def split_description(text: str, start: int, end: int) -> tuple[str | None, int]:
    """A standard agenda description ("To receive apologies for absence.")
    opening ``text[start:end]``: (description, where the minutes begin)."""
    lines = [ln for ln in lines_of(text, start, end) if not ln.blank]
    if not lines or not DESCRIPTION.match(lines[0].content):
        return None, start
    return text[lines[0].start:lines[0].end], lines[0].end


def number_key(number: str) -> float:
    """The leading number of an item number, for checking sequences."""
    m = re.match(r"\d+", number)
    return float(m.group(0)) if m else -1.0
