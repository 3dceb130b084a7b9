"""How a person is told where a statement comes from.

One label for an agenda item everywhere (the page, the widget, the Meetings
view, the CLI's plain text):

    Cabinet, 18 October 2018, item 20: Recommissioning of domestic abuse support service

A committee or date worked out rather than printed in the minutes says so in
words; the file name is a detail (``source_details``), not the label.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa_bot.passages import format_date
from qa_bot.records import AgendaItem, Answer, Citation, Meeting

NOT_PRINTED = "not printed in the minutes"


@dataclass(frozen=True)
class Source:
    """What a label needs to know about one agenda item and its meeting."""

    committee: str | None
    date: str | None  # ISO, as printed (or given by the manifest)
    date_inferred: str | None  # ISO, possibly partial, where worked out
    committee_inferred: bool
    item: str | None  # the number as printed
    title: str
    file: str
    council: str | None = None  # where the minutes name it

    @classmethod
    def of(cls, meeting: Meeting, item: AgendaItem | None = None) -> Source:
        """An item's source, or (``item`` None) the meeting's alone."""
        return cls(
            committee=meeting.committee,
            date=meeting.date,
            date_inferred=None if meeting.date else meeting.date_inferred,
            committee_inferred=bool(meeting.committee) and "committee" in meeting.inferred,
            item=item.item if item else None, title=item.title if item else "",
            file=meeting.source, council=meeting.council,
        )

    @classmethod
    def of_citation(cls, c: Citation, meeting: Meeting | None = None) -> Source:
        """A citation's source; ``meeting`` supplies an inferred date (the
        citation carries only the flag)."""
        inferred = None
        if c.date is None and meeting is not None:
            inferred = meeting.date_inferred
        return cls(
            committee=c.committee, date=c.date, date_inferred=inferred,
            committee_inferred=c.committee_inferred, item=c.item, title=c.title,
            file=c.source, council=c.council,
        )


def readable_title(title: str) -> str:
    """A title printed all in capitals in sentence case; others as printed."""
    title = " ".join(title.split())
    letters = [ch for ch in title if ch.isalpha()]
    if len(letters) <= 4 or any(ch.islower() for ch in letters):
        return title
    lowered = title.lower()
    for i, ch in enumerate(lowered):
        if ch.isalpha():
            return lowered[:i] + ch.upper() + lowered[i + 1:]
    return lowered


def meeting_label(source: Source) -> str:
    """'Cabinet, 18 October 2018'; what was worked out says so."""
    # a parish council's own meeting prints no committee: the council met
    who = source.committee or source.council or "Committee not named in the minutes"
    when = format_date(source.date)
    guessed = []
    if source.committee and source.committee_inferred:
        guessed.append("committee")
    if when is None and source.date_inferred:
        when = format_date(source.date_inferred)
        guessed.append("date")
    parts = [who] + ([when] if when else ["date not stated"])
    label = ", ".join(parts)
    if guessed:
        label += f" ({' and '.join(guessed)} {NOT_PRINTED})"
    return label


def item_part(source: Source) -> str:
    """'item 20: Recommissioning of ...', or the title alone where no number is printed."""
    title = readable_title(source.title)
    return f"item {source.item}: {title}" if source.item else title


def source_label(meeting: Meeting, item: AgendaItem) -> str:
    """'Cabinet, 18 October 2018, item 20: Recommissioning of domestic abuse support service'."""
    return label(Source.of(meeting, item))


def citation_label(c: Citation, meeting: Meeting | None = None) -> str:
    return label(Source.of_citation(c, meeting))


def label(source: Source) -> str:
    return f"{meeting_label(source)}, {item_part(source)}"


def source_details(source: Source) -> str:
    """The details line: the file, and the title as printed when the label reworded it."""
    details = f"File {source.file}"
    title = " ".join(source.title.split())
    if readable_title(title) != title:
        details += f"; title as printed: {title}"
    return details


def refusal_text(answer: Answer) -> str:
    """A refusal without its sentence naming the nearest items, for surfaces
    that list those items with their labels (and links) instead."""
    head, found, _rest = answer.answer.partition(" Nearest items: ")
    return head if found and answer.nearest else answer.answer
