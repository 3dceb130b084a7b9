"""Composing the extractive answer: Markdown with [n] markers and citations.

A lead-in names the meeting ("At its meeting on 18 October 2018, Cabinet
resolved that ...", or, where the minutes do not print the committee or the
date, "At a meeting of Cabinet whose date the minutes do not print, ..."), then the minutes' own words follow, quoted or trimmed
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
    r"^(?:it\s+was\s+)?(?:(?P<adverb>unanimously|further)\s+)?"
    r"(?P<word>resolved|agreed|decided|recommendations?|resolutions?|decision|order(?=\s*:))"
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


_NOT_A_NAME = re.compile(r"\d|\b(?:minutes|held|record|agenda)\b", re.IGNORECASE)
# Words that say which sitting it was, not whose: "previous meeting" names no body.
_SITTING_WORDS = frozenset(
    ["the", "a", "an", "this", "that", "meeting", "meetings", "previous", "last", "next", "special",
     "regular", "extraordinary", "annual", "ordinary", "adjourned", "reconvened", "of"]
)
MAX_NAME_WORDS = 12  # a committee's name, not a sentence read as one


def usable_committee(meeting: Meeting) -> str | None:
    """The committee's name when it reads as one: not a fragment such as
    'previous meeting, 1 September 2020' or a sentence."""
    name = " ".join((meeting.committee or "").split())
    if not name or _NOT_A_NAME.search(name) or len(name.split()) > MAX_NAME_WORDS:
        return None
    if all(w in _SITTING_WORDS for w in re.findall(r"[a-z]+", name.lower())):
        return None
    return name


def committee_name(meeting: Meeting, *, start: bool = False) -> str | None:
    """'Cabinet', or 'the Children and Young People Scrutiny Committee'."""
    name = usable_committee(meeting)
    if not name:
        return None
    if name.casefold() in _NO_ARTICLE or name.lower().startswith("the "):
        return name[0].upper() + name[1:] if start else name
    return ("The " if start else "the ") + name


def body_name(meeting: Meeting, *, start: bool = False) -> str | None:
    """The committee's name, else the council's: minutes of a parish
    council's own meeting ("MINUTES OF THE CHOPPINGTON PARISH COUNCIL
    MEETING") print no committee, and the council is the body that met."""
    name = committee_name(meeting, start=start)
    if name:
        return name
    council = " ".join((meeting.council or "").split())
    return council if council and len(council.split()) <= MAX_NAME_WORDS else None


# A committee name that is the kind of meeting ("Regular Meeting of Council",
# "Ordinary Council Meeting"): the meeting itself, not a body that met.
_A_MEETING = re.compile(r"\bmeeting\b", re.IGNORECASE)


def _is_a_meeting(name: str) -> bool:
    """Whether the name is a kind of meeting; "City Council (Regular
    Meeting)" is the council, the kind in brackets."""
    return bool(_A_MEETING.search(re.sub(r"\([^)]*\)", "", name)))


def _on(iso: str) -> str:
    day = format_date(iso) or iso
    return f"on {day}" if iso.count("-") == 2 else f"in {day}"


def when_phrase(meeting: Meeting) -> str | None:
    """'on 18 October 2018', 'probably in February 2022', or None."""
    if meeting.date:
        return _on(meeting.date)
    if meeting.date_inferred:
        return f"probably {_on(meeting.date_inferred)}"
    return None


# A body named as the place it governs ("Town of Aurora", "City of Pine
# Ridge") takes the article in a sentence: "the Town of Aurora's meeting".
_PLACE_OF = re.compile(
    r"^(?:Town|City|Township|County|Borough|Village|Corporation|Municipality|District|Shire|Region|Province|"
    r"Municipal District|Royal Borough|City and County) of\b"
)


def _named(who: str) -> str:
    return f"the {who}" if _PLACE_OF.match(who) else who


def meeting_words(meeting: Meeting) -> str:
    """The meeting as a noun phrase that says what the minutes print and
    what is only inferred: "Cabinet's meeting on 18 October 2018", "a meeting
    of Cabinet whose date the minutes do not print", "a meeting whose
    committee and date the minutes do not print"."""
    who = body_name(meeting)
    who = _named(who) if who else who
    guessed_who = bool(who) and committee_is_inferred(meeting)
    stated = _on(meeting.date) if meeting.date else None
    guessed = _on(meeting.date_inferred) if not stated and meeting.date_inferred else None
    if who and not guessed_who:
        if stated:  # "Cabinet's meeting", but "the meeting of the City Council (Regular Meeting)"
            if _is_a_meeting(who):  # "the Regular Meeting of Council on 6 April 2021"
                return f"{who} {stated}"
            return f"the meeting of {who} {stated}" if who.endswith(")") else f"{who}'s meeting {stated}"
        if guessed:
            return f"a meeting of {who}, probably {guessed} (the date is not printed)"
        return f"a meeting of {who} whose date the minutes do not print"
    if who:  # the committee is inferred
        if stated:
            return f"a meeting {stated}, probably of {who} (the committee is not printed)"
        if guessed:
            return f"a meeting probably of {who} {guessed} (neither committee nor date is printed)"
        return f"a meeting probably of {who} (neither committee nor date is printed)"
    if stated:
        return f"a meeting {stated} whose committee the minutes do not print"
    if guessed:
        return f"a meeting probably {guessed} (neither committee nor date is printed)"
    return "a meeting whose committee and date the minutes do not print"


def _fully_stated(meeting: Meeting) -> bool:
    return bool(body_name(meeting)) and not committee_is_inferred(meeting) and bool(meeting.date)


def decision_lead(meeting: Meeting, verb: str, *, that: bool = True) -> str:
    """'At its meeting on 18 October 2018, Cabinet resolved that'; where the
    minutes do not print the committee or date, an inferred committee is never
    the subject: 'At a meeting of Cabinet whose date the minutes do not print,
    it was resolved that'.  ``that=False`` before an infinitive ("... it was
    agreed to recommend approval")."""
    joint = " that" if that else ""
    if _fully_stated(meeting) and not _is_a_meeting(body_name(meeting) or ""):
        return f"At its meeting {when_phrase(meeting)}, {_named(body_name(meeting) or '')} {verb}{joint}"
    return f"At {meeting_words(meeting)}, it was {verb}{joint}"


def record_lead(meeting: Meeting) -> str:
    """'The minutes of Cabinet's meeting on 18 October 2018 record', or
    'At a meeting of Cabinet whose date the minutes do not print, they record'."""
    if _fully_stated(meeting):
        return f"The minutes of {meeting_words(meeting)} record"
    phrase = meeting_words(meeting)
    return f"At {phrase}, {'they' if 'the minutes' in phrase else 'the minutes'} record"


def meeting_label(meeting: Meeting) -> str:
    """'18 October 2018, Cabinet' for one line of a cross-meeting answer."""
    when = format_date(meeting.date) or (
        f"{format_date(meeting.date_inferred)} (date inferred)" if meeting.date_inferred else "Date not stated"
    )
    who = usable_committee(meeting) or body_name(meeting) or "committee not stated"
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
        "resolved" if word.startswith(("resol", "decision")) else "ordered" if word == "order" else word
    )
    if m.group("adverb"):  # "Unanimously AGREED to ...": it was unanimously agreed
        verb = f"{m.group('adverb').lower()} {verb}"
    return text[m.end():], verb


# A full stop that belongs to the last word ("7:00 p.m.", "etc.", "Cllr."), not the sentence.
_ABBREVIATED_END = re.compile(
    r"(?:\b[a-z]\.[a-z]\.|\b(?:etc|approx|cllr|no|nos|ltd|inc|co|mr|mrs|ms|dr|st|jr|sr)\.)$", re.IGNORECASE
)


def tidy_end(text: str) -> str:
    """Drop a trailing ';', ',', ':' or dangling 'and' before the marker;
    a full stop stays where it ends an abbreviation ("at 7:00 p.m.")."""
    body = _TRAILING.sub("", text.rstrip())
    kept = _ABBREVIATED_END.search(body)
    return body if kept else body.rstrip(". ")


# A resolution printed inside quotation marks: “That the motion be adopted”.
_WHOLLY_QUOTED = re.compile(r'^[“"](?P<inner>[^“”"]+)[”"][.;]?$')


def unquoted(text: str) -> str:
    """The words of a resolution printed inside quotation marks, without
    them ("resolved that the motion be adopted", not "resolved that “That
    the motion be adopted”"); any other text as it is."""
    m = _WHOLLY_QUOTED.match(text.strip())
    return m.group("inner").strip() if m else text


# Where a list's entries begin inside a folded unit: a bullet, or "(a)", "ii)", "3." after a space.
_LEADING_BULLET = re.compile(r"^[·•▪◦●*–-]\s+")
_ENTRY = re.compile(r"\s(?=[·•▪◦●*–-]\s|\(?(?:[a-z]|[ivx]{1,5}|\d{1,2})[.)]\s|\((?:[A-Z]|[IVX]{1,5})\)\s)")


def _window_pieces(sentence: str) -> list[str]:
    """The sentence's clauses, cut also where list entries begin; a lead-in
    ending ':' is never a piece of its own: it goes with what follows it."""
    pieces: list[str] = []
    for clause in clauses(sentence):
        begin = 0
        for m in _ENTRY.finditer(clause):
            if clause[begin:m.start()].strip():
                pieces.append(clause[begin:m.start()].strip())
            begin = m.end()
        if clause[begin:].strip():
            pieces.append(clause[begin:].strip())
    merged: list[str] = []
    for piece in pieces:
        if merged and merged[-1].rstrip(" -–").endswith(":"):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def clause_window(sentence: str, keep: Sequence[str], max_words: int = MAX_QUOTE_WORDS) -> str:
    """The shortest run of the sentence's clauses (list entries) that holds
    the most of ``keep`` (lower-case words or numbers), within ``max_words``;
    a lead-in ending ':' comes with the entry after it, and a window that
    stops inside a list takes further entries while they fit."""
    if len(sentence.split()) <= max_words:
        return sentence
    pieces = _window_pieces(sentence)
    best, best_key, best_span = sentence, None, (0, len(pieces) - 1)
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
                best, best_key, best_span = text, key, (i, j)
    i, j = best_span
    if ":" in best:  # a list after its lead-in: as many entries as fit
        while j + 1 < len(pieces) and _ENTRY.match(f" {pieces[j + 1]}") \
                and len(" ".join(pieces[i:j + 2]).split()) <= max_words:
            j += 1
        best = " ".join(pieces[i:j + 1])
    return _LEADING_BULLET.sub("", best)


def as_clause(text: str) -> str | None:
    """The sentence as a 'that'-clause when it reads as one, else None (an
    agenda's "To approve the minutes ..." is quoted, never "record that to
    approve ...")."""
    first = text.split(" ", 1)[0]
    if first.lower() == "to":
        return None
    if first.lower() == "that" and " " in text:  # a motion ("That the minutes be amended"): "record that the ..."
        return as_clause(text.split(" ", 1)[1])
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
                    council=piece.hit.meeting.council,
                )
            )
        numbers.append(seen[key])
    return tuple(citations), numbers
