"""Which meeting a question names: "cabinet on 18 October 2018", "the 2018
cabinet meeting", "the last scrutiny committee meeting".

``meeting_reference`` reads the dates (full dates in words or figures, a day
and month without the year, a month and year, a year alone), the words of a
committee name and "last"/"latest" from the question; ``named_meetings``
finds the documents they fit.  A year alone, a month alone or "the latest"
picks a meeting only when exactly one fits: the reader is never handed a
meeting the question may not mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from qa_bot.records import Document, Filters
from qa_bot.retrieve import meeting_matches
from qa_bot.sentences import MONTHS

# Month names and their usual short forms ("sept" included), to month number.
_MONTH_NUMBER = {name: i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBER.update({name[:3]: i for i, name in enumerate(MONTHS, start=1)})
_MONTH_NUMBER["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>{_MONTH})(?:\s*,?\s*(?P<year>{_YEAR}))?(?![\w-])",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORDINAL}(?:\s*,?\s*(?P<year>{_YEAR}))?(?![\w-])",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>(?:19|20)?\d{2})(?![\d/.-])")
_ISO = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s*,?\s*(?P<year>{_YEAR})\b", re.IGNORECASE)
# A year standing alone: not part of a range or a financial year ("2016-17").
_LONE_YEAR = re.compile(rf"(?<![\d/–-])\b(?P<year>{_YEAR})\b(?!\s*[-–/]\s*\d)")
_LATEST = re.compile(r"\b(?:last|latest|most\s+recent|previous|recent)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words every body's name may share; they do not tell committees apart.
_SHARED_NAME_WORDS = frozenset(
    ["committee", "council", "and", "of", "the", "for", "sub", "meeting", "board", "group", "panel"]
)


@dataclass(frozen=True)
class MeetingReference:
    """What a question says about which meeting it means."""

    days: tuple[str, ...] = ()  # ISO "2018-10-18"
    day_months: tuple[str, ...] = ()  # "10-18": a day named without its year
    months: tuple[str, ...] = ()  # "2018-10"
    years: tuple[str, ...] = ()  # "2018"
    latest: bool = False
    spans: tuple[tuple[int, int], ...] = ()  # where the question says it

    @property
    def dated(self) -> bool:
        return bool(self.days or self.day_months or self.months or self.years)

    @property
    def named(self) -> bool:
        return self.dated or self.latest


def _month(token: str) -> int:
    return _MONTH_NUMBER[token.lower().rstrip(".")]


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


@lru_cache(maxsize=256)  # pure; asked again for each candidate sentence of an answer
def meeting_reference(question: str) -> MeetingReference:
    """The days, months, years and "latest" the question names."""
    days: list[str] = []
    day_months: list[str] = []
    spans: list[tuple[int, int]] = []

    def taken(m: re.Match[str]) -> bool:
        return any(s < m.end() and m.start() < e for s, e in spans)

    def add_day(year: int | None, month: int, day: int, span: tuple[int, int]) -> None:
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return
        if year is None:
            day_months.append(f"{month:02d}-{day:02d}")
        else:
            days.append(f"{year}-{month:02d}-{day:02d}")
        spans.append(span)

    for m in _ISO.finditer(question):
        add_day(int(m["year"]), int(m["month"]), int(m["day"]), m.span())
    for m in _NUMERIC.finditer(question):
        if not taken(m):  # day first, as British minutes and readers write it
            add_day(_full_year(m["year"]), int(m["b"]), int(m["a"]), m.span())
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(question):
            if not taken(m):
                year = int(m["year"]) if m["year"] else None
                add_day(year, _month(m["month"]), int(m["day"]), m.span())
    months: list[str] = []
    for m in _MONTH_YEAR.finditer(question):
        if not taken(m):
            months.append(f"{m['year']}-{_month(m['month']):02d}")
            spans.append(m.span())
    years = [m["year"] for m in _LONE_YEAR.finditer(question) if not taken(m)]
    spans.extend(m.span() for m in _LONE_YEAR.finditer(question) if not taken(m))
    latest = _LATEST.search(question)
    if latest:
        spans.append(latest.span())
    return MeetingReference(
        tuple(days), tuple(day_months), tuple(months), tuple(years), bool(latest), tuple(spans)
    )


def committee_words(question: str, documents: Iterable[Document]) -> set[str]:
    """The words of committee names that the question uses, lower-case."""
    asked = {w.lower() for w in _WORD.findall(question)}
    names = {w.lower() for d in documents for w in _WORD.findall(d.meeting.committee or "")}
    return (asked & names) - _SHARED_NAME_WORDS


def _fits(reference: MeetingReference, date: str | None) -> bool:
    if not date:
        return False
    if reference.days and date in reference.days:
        return True
    if reference.day_months and len(date) == 10 and date[5:] in reference.day_months:
        return True
    if reference.months and date[:7] in reference.months:
        return True
    return bool(reference.years) and date[:4] in reference.years


def meeting_candidates(
    question: str, documents: Sequence[Document], filters: Filters | None = None
) -> list[Document]:
    """The documents that fit the meeting the question names (several when
    it could mean more than one meeting; [] when it names none or none fits)."""
    reference = meeting_reference(question)
    if not reference.named:
        return []
    pool = [d for d in documents if filters is None or meeting_matches(d.meeting, filters)]
    wanted = committee_words(question, pool)
    if wanted:
        pool = [d for d in pool if wanted <= {w.lower() for w in _WORD.findall(d.meeting.committee or "")}]
    if reference.dated:
        # A stated date fits before an inferred one: "18 October 2018" is the
        # meeting that prints it, not one thought to be from that month.
        found = [d for d in pool if _fits(reference, d.meeting.date)]
        if not found:
            found = [d for d in pool if _fits(reference, d.meeting.date_inferred)]
        pool = found
    elif not wanted and len({d.meeting.committee for d in pool}) > 1:
        return pool  # "the last meeting" of a collection of several bodies: ambiguous
    if reference.latest and pool:
        dated = [d for d in pool if d.meeting.best_date]
        if not dated:
            return pool
        newest = max(d.meeting.best_date or "" for d in dated)
        pool = [d for d in dated if d.meeting.best_date == newest]
    return pool


def named_meetings(
    question: str, documents: Sequence[Document], filters: Filters | None = None
) -> list[Document]:
    """The documents of the one meeting the question names, or [] when it
    names none, or none fits, or it could mean more than one."""
    pool = meeting_candidates(question, documents, filters)
    if len({(d.meeting.committee, d.meeting.best_date) for d in pool}) != 1:
        return []
    return pool


# Words just before a date that make it something other than the meeting
# asked about: "by March 2025", "at the end of February 2025", "the minutes
# of 22 June 2017" (approved at a later meeting).
_BOUND_BEFORE = re.compile(
    r"\b(?:till|from|by|prior\s+to|up\s+to|(?:end|start|beginning)\s+of|"
    r"minutes\s+(?:of|from|for)(?:\s+(?:the\s+)?(?:meeting\s+)?(?:held\s+)?(?:on\s+)?)?)\s*$",
    re.IGNORECASE,
)
# Anywhere before the date: the question is about a time around it ("since
# April 2016", "what happened after they were put off in September 2024").
_AROUND = re.compile(r"\b(?:since|after|before|between|until|compared)\b", re.IGNORECASE)


def meeting_filters(question: str, filters: Filters | None = None) -> Filters | None:
    """Filters for the meeting the question places itself at by a day or a
    month ("co-opted ... in September 2024", "at Cabinet on 2 October 2018"),
    or None when it names no such date, names several, or names one as a
    bound or as an earlier meeting ("since April 2016", "the minutes of 1
    March 2023").  A year alone does not place a meeting.  Filters the
    reader set on dates are kept as they are."""
    if filters is not None and (filters.date_from or filters.date_to):
        return None
    reference = meeting_reference(question)
    dates = list(reference.days) + list(reference.months)
    if len(dates) != 1 or reference.day_months:
        return None
    for start, _ in reference.spans:
        if _BOUND_BEFORE.search(question[max(0, start - 40):start]) or _AROUND.search(question[:start]):
            return None
    when = dates[0]
    return Filters(committee=filters.committee if filters else None, date_from=when, date_to=when)
