"""Minutes whose items are set apart by a separator line, not numbered or
headed (as some US county boards print them):

    //
    Supervisor Wright delivered the invocation.                     <- titled by its first words
    //
    Chairman Ivy called for Special Presentations/Appearances.     <- the item, titled by what was called for
    Steven Wright, Director of Economic Development, introduced ...
    //
    The Board approved the minutes of the January 4 meeting.

Each block after a separator line ("//") is an item: three
separators at least, or the page is not of this shape.  An item is titled
by what the chair "called for", else by the opening words of its first
sentence.
"""

from __future__ import annotations

import re

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import lines_of

SHAPE = "separated"
_SEPARATOR = re.compile(r"^[ \t\u00a0]*//+[ \t\u00a0]*$")  # only "//": rules and signature lines ("____") separate nothing
_MIN_SEPARATORS = 3
# "Chairman Ivy called for Special Presentations/Appearances.", "... called for the Consent Agenda."
_CALLED_FOR = re.compile(r"\bcalled\s+for\s+(?:the\s+)?(?P<title>[A-Z][^.\n]{2,100}?)\.(?:\s|$)")
_TITLE_WORDS = 10


def find_items(text: str) -> list[ItemSpan]:
    """The blocks after each separator line; [] with fewer than three."""
    lines = lines_of(text)
    separators = [k for k, line in enumerate(lines) if _SEPARATOR.match(line.content)]
    if len(separators) < _MIN_SEPARATORS:
        return []
    spans = []
    seen: dict[str, int] = {}
    for n, k in enumerate(separators):
        stop = lines[separators[n + 1]].start if n + 1 < len(separators) else len(text)
        start = lines[k].end
        block = text[start:stop]
        if not block.strip():
            continue
        title = _title(block)
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:  # an item's identity is its title: "... (2)" for a second one worded alike
            title = f"{title} ({seen[title]})"
        spans.append(ItemSpan(None, title, start, stop))
    return spans


def _title(block: str) -> str:
    """What the chair called for, else the block's first words."""
    flat = " ".join(block.split())
    called = _CALLED_FOR.search(flat[:300])
    if called:
        return called.group("title").strip()
    first = re.split(r"(?<=[a-z0-9)])[.!?](?:\s|$)", flat, maxsplit=1)[0]
    words = first.split()
    return " ".join(words[:_TITLE_WORDS]) + (" ..." if len(words) > _TITLE_WORDS else "")
