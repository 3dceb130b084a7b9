"""What a document says about its meeting: committee, date, venue, who was
present, who sent apologies; then the manifest for what the text leaves out.

Only what the text prints goes in ``Meeting.date``.  Indirect evidence (a
question deadline, or a manifest row marked inferred) goes in
``Meeting.date_inferred`` and the field's name in ``Meeting.inferred``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from qa_bot.parse.manifest import ManifestRow
from qa_bot.parse.text import fold
from qa_bot.records import AgendaItem, Meeting

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?P<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?P<wd>Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
DATE = re.compile(
    _WEEKDAY + r"(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?(?:\s+(?P<y>(?:19|20)\d\d))?\b"
    r"|" + _WEEKDAY.replace("wd", "wd2") + _MONTH.replace("<m>", "<m2>") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"Minutes of (?:the |a )?(?:(?:special|extraordinary|annual|ordinary|remote)\s+)?"
    r"(?:meeting of (?:the )?)?(?P<committee>.{2,120}?)\s+held\s+(?:(?:at|in)\s+(?P<venue>.{2,200}?)\s+)?on\s+(?P<date>.{6,40}?\d{4})"
    r"(?:\s+at\s+(?P<venue2>[^\d].{2,200}?)(?:\s*$|\s+(?:Present|PRESENT)\b))?",
    re.IGNORECASE,
)
_TITLE_LINE = re.compile(
    r"^[ \t#*]*(?P<committee>[A-Z][\w ,&'’()-]{2,100}?)\s+[-–]\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?P<date>.{6,30}?\d{4})",
    re.MULTILINE,
)
_FIELD = re.compile(r"^[ \t\u00a0]*(?P<key>Venue|Place|Location|Date(?: of meeting)?|Meeting date|Committee)\s*:\s*(?P<value>\S.*?)[ \t\u00a0]*$", re.IGNORECASE | re.MULTILINE)
_VIEW_DIRECTIONS = re.compile(r"\.?\s*View directions\s*$", re.IGNORECASE)
_PRESENT = re.compile(r"^[ \t\u00a0*]*Present\s*:?\s*", re.IGNORECASE | re.MULTILINE)
_PRESENT_END = re.compile(r"^[ \t\u00a0*]*(?:\d{1,4}[.\s]|Apologies\b|Agenda\b|Minutes\b)", re.IGNORECASE | re.MULTILINE)
_ATTENDANCE = re.compile(r"^.*?\bin attendance\b\s*:?\s*", re.IGNORECASE)
_APOLOGIES = re.compile(
    r"apologies(?: for absence)?\s*(?:(?:were|was|had been|have been)\s+)?(?:received|submitted|given|tendered|sent|noted)?\s*"
    r"(?:from|by|on behalf of|:)\s+(?P<names>[^.\n]+)",
    re.IGNORECASE,
)
_SENT_APOLOGIES = re.compile(
    r"(?P<names>(?:Councillors?|Cllrs?\.?|Crs?|Mr|Mrs|Ms|Miss|Dr)\s[^.\n]*?)\s+(?:sent|gave|tendered|offered)\s+(?:their\s+)?apologies",
)
_DEADLINE = re.compile(r"Deadline for (?:the )?receipt of questions is[^\n]{0,40}?\bon\s+", re.IGNORECASE)
_HEAD_MAX = 20_000  # the preamble read for committee, date, venue, attendance
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_SPLIT = re.compile(r",\s*|\s+and\s+|\s*&\s*")
_TITLES = ("Councillor", "Cllr", "Cr", "Mr", "Mrs", "Ms", "Miss", "Dr", "Professor", "Alderman")


def parse_date(raw: str, *, year_hint: Iterable[int] = ()) -> str | None:
    """The first date in ``raw`` as ISO; a date without a year takes the
    hinted year on which its weekday falls (None if there is no such year)."""
    for m in DATE.finditer(raw):
        day = int(m.group("d") or m.group("d2"))
        month = _MONTHS[(m.group("m") or m.group("m2")).lower().rstrip(".")[:3]]
        year_raw = m.group("y") or m.group("y2")
        weekday = m.group("wd") or m.group("wd2")
        years = [int(year_raw)] if year_raw else sorted(set(year_hint), reverse=True)
        for year in years:
            try:
                day_ = dt.date(year, month, day)
            except ValueError:
                continue
            if year_raw or (weekday and _WEEKDAYS[day_.weekday()].startswith(weekday.lower()[:3])):
                return day_.isoformat()
    return None


def read_meeting(
    text: str,
    source: str,
    items: tuple[AgendaItem, ...],
    shape: str,
    row: ManifestRow | None,
) -> tuple[Meeting, list[str]]:
    """The Meeting and any warnings (text and manifest disagreeing)."""
    head = text[: min(items[0].start, _HEAD_MAX)] if items and items[0].start > 0 else text[:3000]
    committee, venue, date = _from_heading(head)
    fields = {m.group("key").lower(): m.group("value") for m in _FIELD.finditer(head)}
    venue = venue or (fields.get("venue") or fields.get("place") or fields.get("location"))
    if venue:
        venue = _VIEW_DIRECTIONS.sub("", fold(venue)).strip() or None
    date = date or parse_date(fields.get("date") or fields.get("date of meeting") or fields.get("meeting date") or "")
    committee = committee or fields.get("committee")
    inferred: list[str] = []
    warnings: list[str] = []
    date_inferred = None
    url = row.url if row else None
    if row is not None:
        if committee is None and row.committee:
            committee = row.committee
            if "committee" in row.inferred:
                inferred.append("committee")
        if row.date and date is None:
            if "date" in row.inferred:
                date_inferred = row.date
            else:
                date = row.date
        elif row.date and date and row.date != date and "date" not in row.inferred:
            warnings.append(f"{source}: the text says {date} but manifest.csv says {row.date}; keeping the text's")
    if date is None and date_inferred is None:
        date_inferred = infer_month(text)
    if date_inferred is not None:
        inferred.append("date")
    meeting = Meeting(
        source=source,
        committee=fold(committee) if committee else None,
        date=date,
        date_inferred=date_inferred,
        venue=venue,
        present=present_in(head),
        apologies=apologies_in(text, items),
        url=url,
        shape=shape,
        inferred=tuple(inferred),
    )
    return meeting, warnings


def infer_month(text: str) -> str | None:
    """The month of the deadline for public questions, printed in the agenda
    a few days before the meeting ("2022-02"; a late-month deadline gives the
    year only, since the meeting may fall in the next month)."""
    m = _DEADLINE.search(text)
    if not m:
        return None
    years = {int(y) for y in _YEAR.findall(text)}
    iso = parse_date(text[m.end(): m.end() + 60], year_hint=years)
    if iso is None:
        return None
    return iso[:7] if int(iso[8:]) <= 24 else iso[:4]


def _from_heading(head: str) -> tuple[str | None, str | None, str | None]:
    folded = fold(head.replace("**", " "))
    m = _HEADING.search(folded)
    if m:
        venue = m.group("venue") or m.group("venue2")
        return m.group("committee"), venue, parse_date(m.group("date"))
    t = _TITLE_LINE.search(head)
    if t:
        return t.group("committee"), None, parse_date(t.group("date"))
    return None, None, None


def present_in(head: str) -> tuple[str, ...]:
    """Names in the "Present:" block (members, then those in attendance)."""
    m = _PRESENT.search(head)
    if not m:
        return ()
    end = _PRESENT_END.search(head, m.end())
    block = head[m.end(): end.start() if end else len(head)]
    names: list[str] = []
    for line in block.replace("**", " ").split("\n"):
        line = _ATTENDANCE.sub("", fold(line))
        names.extend(split_names(line))
    return tuple(dict.fromkeys(names))


def apologies_in(text: str, items: tuple[AgendaItem, ...]) -> tuple[str, ...]:
    """Who sent apologies, from the apologies item (else the whole text)."""
    places = [it.text for it in items if "apolog" in it.title.lower()] or [text[:5000]]
    for place in places:
        m = _APOLOGIES.search(place) or _SENT_APOLOGIES.search(place)
        if m:
            return tuple(dict.fromkeys(split_names(m.group("names"))))
    return ()


def split_names(raw: str) -> list[str]:
    """"Councillors H Bramer, BA Durkin and EJ Swinglehurst" -> one name each,
    titled; roles after a dash or comma ("- Education Co-optee") dropped."""
    raw = re.sub(r"\([^)]*\)", " ", raw).strip(" .;:")
    if not raw or raw.lower() in {"none", "nil", "none received"}:
        return []
    prefix = None
    plural = re.match(r"^(Councillors|Cllrs\.?|Crs)\s+", raw, re.IGNORECASE)
    if plural:
        prefix = {"councillors": "Councillor", "cllrs": "Cllr", "cllrs.": "Cllr", "crs": "Cr"}[plural.group(1).lower()]
        raw = raw[plural.end():]
    elif re.match(r"^(?:Councillor|Cllr)\s", raw, re.IGNORECASE) and raw.count(",") and " and " not in raw:
        raw = raw.split(",")[0]  # "Councillor JG Lester, Leader of the Council"
    names: list[str] = []
    for part in _SPLIT.split(raw):
        part = re.split(r"\s+[-–—]\s+", part)[0].strip(" .;:")
        if not part or not _looks_like_name(part):
            continue
        if prefix and not part.startswith(_TITLES):
            part = f"{prefix} {part}"
        names.append(fold(part))
    return names


def _looks_like_name(part: str) -> bool:
    words = part.split()
    if not words or len(words) > 6:
        return False
    return all(w[0].isupper() or w in {"de", "van", "von", "du", "le", "la"} for w in words if w[0].isalpha())
