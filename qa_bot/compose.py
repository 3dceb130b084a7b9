"""Composing the extractive answer: Markdown with [n] markers and citations.

A lead-in names the meeting ("At its meeting on 18 October 2018, Cabinet
resolved that ..."), then the minutes' own words follow, quoted or trimmed
only at clause boundaries.  ``Quoted`` pieces become ``Citation``s numbered
1..n in order of first use; every quote is a verbatim span of its item's text
(whitespace folded), so a reader can find it in one click.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa_bot.passages import format_date
from qa_bot.records import Citation, Hit, Meeting
from qa_bot.sentences import STOPWORDS, Sentence, clauses, fold

MAX_QUOTE_WORDS = 60  # a longer sentence is trimmed at clause boundaries
_LABEL = re.compile(
    r"^(?:it\s+was\s+)?(?:(?:unanimously|further)\s+)?"
    r"(?P<word>resolved|agreed|decided|recommendations?|resolutions?|decision)"
    r"\s*(?:[-–—:]\s*)*(?:that\s*[-–—:]?\s*)?",
    re.IGNORECASE,
)
_PART = re.compile(r"^\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})[).]\s", re.IGNORECASE)
_TRAILING = re.compile(r"(?:[\s;,:]+(?:and|or)?)+$|[\s;,:]+$", re.IGNORECASE)
# Openings that read wrongly after "record that" (questions, unnamed people).
_KEEP_CAPITAL = frozenset(
    ["i", "what", "which", "who", "whom", "whose", "how", "why", "when", "where", "he", "she", "they", "we", "you", "his", "her", "their", "our", "him", "them", "us"]
)
_NO_ARTICLE = {"cabinet", "council", "full council", "county council"}


@dataclass(frozen=True)
class Quoted:
    """One cited piece of an answer: a contiguous span of one item."""

    hit: Hit
    sentences: tuple[Sentence, ...]  # consecutive sentences of the item
    trimmed: str | None = None  # the clauses shown, when one sentence was cut

    @property
    def quote(self) -> str:
        """The verbatim span shown: trimmed clauses, else first to last sentence."""
        if self.trimmed:
            return self.trimmed
        first, last = self.sentences[0], self.sentences[-1]
        return fold(self.hit.item.text[first.start:last.end])


def committee_is_inferred(meeting: Meeting) -> bool:
    """Whether the committee named is inferred, not stated in the minutes."""
    return bool(meeting.committee) and "committee" in meeting.inferred


def date_is_inferred(meeting: Meeting) -> bool:
    """Whether the meeting's only date is an inferred one."""
    return not meeting.date and bool(meeting.date_inferred)


def committee_name(meeting: Meeting, *, start: bool = False) -> str | None:
    """'Cabinet', or 'the Children and Young People Scrutiny Committee'."""
    name = (meeting.committee or "").strip()
    if not name:
        return None
    if name.casefold() in _NO_ARTICLE or name.lower().startswith("the "):
        return name[0].upper() + name[1:] if start else name
    return ("The " if start else "the ") + name


def when_phrase(meeting: Meeting) -> str | None:
    """'on 18 October 2018', 'in February 2022 (date inferred)', or None."""
    if meeting.date:
        day = format_date(meeting.date)
        return f"on {day}" if meeting.date.count("-") == 2 else f"in {day}"
    if meeting.date_inferred:
        return f"in {format_date(meeting.date_inferred)} (date inferred)"
    return None


def decision_lead(meeting: Meeting, verb: str) -> str:
    """'At its meeting on 18 October 2018, Cabinet resolved that'; an inferred
    committee is never the subject: 'At a meeting in July 2017 (date inferred),
    thought to be of Cabinet (committee inferred), it was resolved that'."""
    who, when = committee_name(meeting), when_phrase(meeting)
    if who and committee_is_inferred(meeting):
        at = f"At a meeting {when}, thought to be of {who}" if when else f"At a meeting thought to be of {who}"
        return f"{at} (committee inferred), it was {verb} that"
    if who and when:
        if meeting.date:
            return f"At its meeting {when}, {who} {verb} that"
        return f"At a meeting {when}, {who} {verb} that"
    if who:
        return f"{committee_name(meeting, start=True)} {verb} that"
    if when:
        return f"At the meeting {when}, it was {verb} that"
    return f"The minutes record that it was {verb} that"


def record_lead(meeting: Meeting) -> str:
    """'The minutes of Cabinet's meeting on 18 October 2018 record', or with an
    inferred committee 'The minutes of a meeting in July 2017 (date inferred),
    thought to be of Cabinet (committee inferred), record'."""
    who, when = committee_name(meeting), when_phrase(meeting)
    if who and committee_is_inferred(meeting):
        if when:
            return f"The minutes of a meeting {when}, thought to be of {who} (committee inferred), record"
        return f"The minutes of a meeting thought to be of {who} (committee inferred) record"
    if who and when:
        return f"The minutes of {who}'s meeting {when} record"
    if who:
        return f"The minutes of {who} record"
    if when:
        return f"The minutes of the meeting {when} record"
    return "The minutes record"


def meeting_label(meeting: Meeting) -> str:
    """'18 October 2018, Cabinet' for one line of a cross-meeting answer."""
    when = format_date(meeting.date) or (
        f"{format_date(meeting.date_inferred)} (date inferred)" if meeting.date_inferred else "Date not stated"
    )
    who = meeting.committee or "committee not stated"
    if committee_is_inferred(meeting):
        who += " (committee inferred)"
    return f"{when}, {who}"


def strip_label(text: str) -> tuple[str, str | None]:
    """('the action plan be approved ...', 'resolved') from 'Resolved that: the ...'."""
    m = _LABEL.match(text)
    if not m:
        return text, None
    word = m.group("word").lower()
    verb = "recommended" if word.startswith("recommend") else (
        "resolved" if word.startswith(("resol", "decision")) else word
    )
    return text[m.end():], verb


def tidy_end(text: str) -> str:
    """Drop a trailing ';', ',', ':' or dangling 'and' before the marker."""
    return _TRAILING.sub("", text.rstrip()).rstrip(". ")


def clause_window(sentence: str, keep: Sequence[str], max_words: int = MAX_QUOTE_WORDS) -> str:
    """The shortest run of the sentence's clauses that holds the most of
    ``keep`` (lower-case words or numbers), within ``max_words``."""
    if len(sentence.split()) <= max_words:
        return sentence
    pieces = clauses(sentence)
    best, best_key = sentence, None
    for i in range(len(pieces)):
        for j in range(i, len(pieces)):
            text = " ".join(pieces[i:j + 1])
            n = len(text.split())
            if n > max_words and j > i:
                break
            low = text.lower()
            hits = sum(1 for k in keep if k in low)
            key = (hits, -n, -i)
            if best_key is None or key > best_key:
                best, best_key = text, key
    return best


def as_clause(text: str) -> str | None:
    """The sentence as a 'that'-clause when it reads as one, else None."""
    first = text.split(" ", 1)[0]
    if first[:1].islower():
        return text
    if first.lower() in STOPWORDS and first.lower() not in _KEEP_CAPITAL:
        return first.lower() + text[len(first):]
    return None


def render_quote(text: str) -> str:
    """The words as they stand, in typographic quotes, end tidied."""
    return f"“{tidy_end(text)}”"


def number_citations(pieces: Sequence[Quoted]) -> tuple[tuple[Citation, ...], list[int]]:
    """Citations for the pieces, numbered 1..n in order of first use.

    Pieces with the same item and quote share one number; returns the
    citations and each piece's number.
    """
    citations: list[Citation] = []
    numbers: list[int] = []
    seen: dict[tuple[str, str | None, str, str], int] = {}
    for piece in pieces:
        item = piece.hit.item
        key = (item.source, item.item, item.title, piece.quote)
        if key not in seen:
            seen[key] = len(citations) + 1
            citations.append(
                Citation(
                    n=seen[key],
                    source=item.source,
                    item=item.item,
                    title=item.title,
                    committee=piece.hit.meeting.committee,
                    date=piece.hit.meeting.date,
                    quote=piece.quote,
                    url=piece.hit.meeting.url,
                    committee_inferred=committee_is_inferred(piece.hit.meeting),
                    date_inferred=date_is_inferred(piece.hit.meeting),
                )
            )
        numbers.append(seen[key])
    return tuple(citations), numbers
