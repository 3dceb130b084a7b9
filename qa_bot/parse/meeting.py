"""What a document says about its meeting: committee, date, venue, who was
present, who sent apologies; then the manifest for what the text leaves out.

Only what the text prints goes in ``Meeting.date``.  Indirect evidence (a
question deadline, or a manifest row marked inferred) goes in
``Meeting.date_inferred`` and the field's name in ``Meeting.inferred``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from qa_bot.parse import decisions, issue_page
from qa_bot.parse.manifest import ManifestRow
from qa_bot.parse.text import fold
from qa_bot.records import AgendaItem, Meeting

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?P<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# (a scan may lose the space after a comma: "Thursday,April 16,2009")
_WEEKDAY = r"(?:(?P<wd>Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?(?:,\s*|\s+))?"
DATE = re.compile(
    _WEEKDAY + r"(?:the\s+)?(?P<d>\d{1,2})(?:\s?(?:st|nd|rd|th)\s*|\s+)(?:of\s+)?" + _MONTH + r",?(?:\s+(?P<y>(?:19|20)\d\d))?\b"
    r"|" + _WEEKDAY.replace("wd", "wd2") + _MONTH.replace("<m>", "<m2>")
    + r"\s+(?:the\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y2>(?:19|20)\d\d)\b",  # "February the 6th 2018"
    re.IGNORECASE,
)
# a date straight after "held", with no "on": "... of Council held May 5, 2022", "held Tuesday 3 March 2025"
_DATE_AHEAD = (r"(?=(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June|July|August|"
               r"September|October|November|December)\s+\d|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-z]+\s+\d{4})")
_HEADING = re.compile(
    r"Minutes? (?:of|from) (?:the |a )?(?:proceedings of (?:the |an? )?)?(?:(?:special|extraordinary|annual|ordinary|remote)\s+)?"
    r"(?:meeting of (?:the )?)?(?P<committee>.{2,120}?)\s+held\s+(?:(?:remotely|virtually|online),?\s+)?"  # "held remotely at 6.30pm on ..."
    r"(?:(?:(?:at|in|via)\s+(?P<venue>.{2,200}?)\s+)?(?:on|held)\s+|" + _DATE_AHEAD + r")(?P<date>.{6,40}?\d{4})"
    r"(?:\s+at\s+(?P<venue2>[^\d].{2,200}?)(?:\s*$|\s+(?:Present|PRESENT)\b))?",
    re.IGNORECASE,
)
_HEADING_NO_LABEL = re.compile(_HEADING.pattern.replace("Minutes? (?:of|from) (?:the |a )?", "", 1), re.IGNORECASE)
_TITLE_LINE = re.compile(
    r"^[ \t#*]*(?P<committee>[A-Z][\w ,&'’()/-]{2,160}?)\s+[-–]\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?P<date>.{6,30}?\d{4})",
    re.MULTILINE,
)
_FIELD = re.compile(r"^[ \t\u00a0]*(?P<key>Venue|Place|Location|Date(?: of meeting)?|Meeting date|Committee)\s*:\s*(?P<value>\S.*?)[ \t\u00a0]*$", re.IGNORECASE | re.MULTILINE)
# "Meeting: 07/03/2022 - Planning Committee (Item 73)", "Decided at meeting: 20/06/2024 - Planning Control Committee"
_MEETING_FIELD = re.compile(
    r"^[ \t\u00a0]*(?:Meeting|Decided at meeting)\s*:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*[-–]\s*"
    r"(?P<committee>[^\n(]{2,120}?)[ \t\u00a0]*(?:\(Item\s+[\w./]+\))?[ \t\u00a0]*$",
    re.IGNORECASE | re.MULTILINE,
)
_DECISION_FIELDS = re.compile(
    r"^[ \t\u00a0]*(?P<key>Decision Maker|Date of decision)\s*:\s*(?P<value>\S[^\n]*?)[ \t\u00a0]*$",
    re.IGNORECASE | re.MULTILINE,
)
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)\b")
# "Moved from 9th October 2018, Cabinet - Tuesday, 2nd October, 2018": a rescheduled meeting's old date
_MOVED_FROM = re.compile(r"\b(?:Moved|Rescheduled|Postponed) from [^,\n]{3,40},\s*", re.IGNORECASE)
# the heading of minutes being approved, not the meeting's own: "To receive the minutes of the meeting of X held on D"
_APPROVING = re.compile(
    r"\b(?:receive|approve|confirm|agree|sign|adopt|note|consider|submitted|considered|received)\s+"
    r"(?:as a (?:correct|true) record\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_OTHER_MEETING = re.compile(r"\b(?:previous|last|next|earlier)\b", re.IGNORECASE)
# "The Plymouth City Council ... met / was called to order ... on July 9, 2002": a US minutes' first sentence
_OPENING_SENTENCE = re.compile(
    r"\b(?:met|convened|(?:was\s+)?called\s+(?:\w+\s+){0,12}?to\s+order|(?:[Mm]eeting|[Ss]ession)\b[^.]{0,120}?\bwas\s+held)\b"
    r"[^.]{0,200}?(?:\bon\s+|(?<=\bheld)\s+)(?P<date>[A-Z][^.]{4,40}?\d{4})",  # "... was held Tuesday night February the 6th 2018"
)
# "On Tuesday 20 th July 2010 a Meeting of Trefeurig Council was held in ...": the date before the meeting
_ON_DATE_MEETING = re.compile(
    r"(?:^|(?<=\n))[ \t\u00a0]*On\s+(?P<date>[^.\n]{6,40}?(?:19|20)\d\d),?\s+(?:an?|the)\s+(?:\w+\s+){0,2}?meeting\s+of\s+"
    r"(?:the\s+)?(?P<committee>[A-Z][^.\n]{2,100}?)\s+was\s+held\b",
    re.IGNORECASE,
)
_MINUTES_DATE = re.compile(
    r"\bMinutes(?P<between>[^.\n]{0,80}?)(?P<date>(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+(?:19|20)\d\d"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December),?\s+(?:19|20)\d\d)"
)
_TIME_ONLY = re.compile(r"[\s\d:.,]*(?:(?:at|am|pm|a\.m\.|p\.m\.)[\s\d:.,]*)*", re.IGNORECASE)
# "Minutes: The minutes of 12 May 2024 were approved": a date quoted by an item, not the title's
_HELD = re.compile(r"\b(?:held|of the meeting|approv\w*|confirm\w*|receiv\w*|sign\w*|agreed)\b", re.IGNORECASE)
_TITLE_CHARS = 300
# a pack's cover letter ends, and the minutes begin, after these
_PACK_BREAK = re.compile(r"^[ \t\u00a0]*(?:This page is intentionally left blank|Agenda Item \d{1,3}[a-z]?)[ \t\u00a0]*$",
                         re.IGNORECASE | re.MULTILINE)
_VIEW_DIRECTIONS = re.compile(r"\.?\s*View directions\s*$", re.IGNORECASE)
_PRESENT = re.compile(r"^[ \t\u00a0*]*Present\s*:?\s*", re.IGNORECASE | re.MULTILINE)
# ... up to the first item: "12.", "25/014 APOLOGIES", "SC/24/36", "WP31:06/25", or a heading word
_PRESENT_END = re.compile(
    r"^[ \t\u00a0*]*(?:\d{1,4}[.\s]|[A-Z]{0,5}/?\d{1,4}[/:]\d{1,4}\b|Apologies\b|Agenda\b|Minutes\b)",
    re.IGNORECASE | re.MULTILINE,
)
_ATTENDANCE = re.compile(r"^.*?\bin attendance\b\s*:?\s*", re.IGNORECASE)
_APOLOGIES = re.compile(
    r"apologies(?: for absence)?\s*(?:(?:were|was|had been|have been)\s+)?"
    r"(?:received|submitted|given|tendered|sent|noted|reported|recorded|made|offered|presented|accepted)?\s*"
    r"(?:from|by|on behalf of|:)\s+(?P<names>[^.\n]+)",
    re.IGNORECASE,
)
_SENT_APOLOGIES = re.compile(
    r"(?P<names>(?:Councillors?|Cllrs?\.?|Crs?|Mr|Mrs|Ms|Miss|Dr)\s[^.\n]*?)\s+(?:sent|gave|tendered|offered)\s+(?:their\s+)?apologies",
)
_DEADLINE = re.compile(r"Deadline for (?:the )?receipt of questions is[^\n]{0,40}?\bon\s+", re.IGNORECASE)
_HEAD_MAX = 20_000
_SHORT_HEAD = 40
_TITLE_BLOCK_LINES = 3
_BANNER_TITLE = re.compile(r"\b(?:MINUTES|Minutes)\b.*\b(?:MEETING|Meeting)\b|\b(?:MEETING|Meeting)\b.*\b(?:MINUTES|Minutes)")
_DATE_LINE_WORDS = 10  # a title-block line, not a sentence
_TIME_END = re.compile(r"\b\d{1,2}(?:[.:]\d\d)?\s*[ap]\.m\.$", re.IGNORECASE)
_TOP_CHARS = 1500  # where a heading is looked for when the first item opens the text  # the preamble read for committee, date, venue, attendance
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
    """The Meeting and any warnings (text and manifest disagreeing).

    A manifest row's committee and date come first: the publisher's record
    of which meeting a file is outweighs what a copy's heading seems to say
    (a heading may be lost, or name the previous meeting).  The text fills
    what the row leaves out; a disagreement is reported as a warning."""
    head = text[: min(items[0].start, _HEAD_MAX)] if items and items[0].start > 0 else text[:3000]
    top = text[:_TOP_CHARS]
    pack = [m for m in _PACK_BREAK.finditer(head)]
    if pack and len(head[pack[-1].end():].strip()) > _SHORT_HEAD:  # a printed pack: the cover letter is not the minutes
        head = head[pack[-1].end():]
        top = head[:_TOP_CHARS]
    heading = read_heading(head if len(head.strip()) > _SHORT_HEAD else top)
    if (heading.committee is None and items and len(head) < len(top)
            and _BANNER_TITLE.search(items[0].title)):
        # the first "item" is the page's banner ("... REGULAR MEETING MINUTES"): read on (a date the head gave
        # first, "2024-03-11" of a document system's title, stays)
        heading = dataclasses.replace(read_heading(top), date=heading.date) if heading.date else read_heading(top)
    if heading.date is None and items and len(head) < len(top):
        # the title block read as the first "item" ("Licensing Committee (2005-2015)" / "Thursday, 15th
        # September, 2005 7.30 pm"): a date on a line of its own among its first lines, those before its
        # first sentence ("Harbor View School District / ... / BOARD OF TRUSTEES MEETING / June 3, 2025 /
        # Mr. Alvarez called the meeting to order ...")
        # ... or its heading there ("LOUGHSIDE AND BANN DISTRICT COUNCIL" / "Minutes of Council Meeting
        # held on Monday 3 March 2025 at 7pm ...")
        block = _title_block(text[items[0].start:items[0].end])
        heading = dataclasses.replace(heading, date=_date_line(block) or _minutes_heading_date(block))
    committee, venue, date, council = heading.committee, heading.venue, heading.date, heading.council
    labelled = _labelled(text[:_HEAD_MAX])
    committee = committee or labelled.committee
    date = date or labelled.date
    fields = {m.group("key").lower(): m.group("value") for m in _FIELD.finditer(head)}
    venue = venue or (fields.get("venue") or fields.get("place") or fields.get("location"))
    if venue:
        venue = _VIEW_DIRECTIONS.sub("", fold(venue)).strip() or None
    inferred: list[str] = []
    warnings: list[str] = []
    committee = committee or fields.get("committee")
    if committee is None and shape.split(":")[-1].startswith(decisions.SHAPE):
        committee = decisions.decision_makers(text)
    if committee is None:
        committee = self_reference(text)
        if committee is not None:
            inferred.append("committee")
    date_inferred = None
    url = row.url if row else None
    council = council or (row.council if row else None)  # fetch/import record it
    if row is not None:
        if row.committee and "committee" not in row.inferred:
            if committee and fold(committee).lower() != fold(row.committee).lower() and "committee" not in inferred:
                warnings.append(
                    f"{source}: the text names the committee {committee!r} but manifest.csv says "
                    f"{row.committee!r}; keeping the manifest's"
                )
            committee = row.committee
            inferred = [f for f in inferred if f != "committee"]
        elif row.committee and committee is None:
            committee = row.committee
            inferred.append("committee")
        if row.date and "date" not in row.inferred:
            if date and row.date != date:
                warnings.append(f"{source}: the text says {date} but manifest.csv says {row.date}; keeping the manifest's")
            date = row.date
        elif row.date and date is None:
            date_inferred = row.date
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
        inferred=tuple(dict.fromkeys(inferred)),
        council=council,
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


# A title before several names, and the title each of them takes.
_PLURAL_TITLES = {"councillors": "Councillor", "cllrs": "Cllr", "cllrs.": "Cllr", "crs": "Cr"}


def split_names(raw: str) -> list[str]:
    """"Councillors H Bramer, BA Durkin and EJ Swinglehurst" -> one name each,
    titled; roles after a dash or comma ("- Education Co-optee") dropped."""
    raw = re.sub(r"\([^)]*\)", " ", raw).strip(" .;:")
    if not raw or raw.lower() in {"none", "nil", "none received"}:
        return []
    prefix = None
    plural = re.match(r"^(Councillors|Cllrs\.?|Crs)\s+", raw, re.IGNORECASE)
    if plural:
        prefix = _PLURAL_TITLES[plural.group(1).lower()]
        raw = raw[plural.end():]
    elif re.match(r"^(?:Councillor|Cllr)\s", raw, re.IGNORECASE) and raw.count(",") and " and " not in raw:
        raw = raw.split(",")[0]  # "Councillor JG Lester, Leader of the Council"
    names: list[str] = []
    for part in _SPLIT.split(raw):
        part = re.split(r"\s+[-–—]\s+", part)[0].strip(" .;:")
        later = re.match(r"^(Councillors|Cllrs\.?|Crs)\s+", part, re.IGNORECASE)
        if later:  # "Alderman McCoubrey and Councillors Clarke, Hutchinson and Jones"
            prefix = _PLURAL_TITLES[later.group(1).lower()]
            part = part[later.end():]
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


# --- the meeting's heading ---------------------------------------------------

# the kinds of council named before "Council": "Etheridge Shire Council", "Cootamundra-Gundagai Regional Council"
_COUNCIL_KINDS = (
    r"(?:County Borough|Metropolitan Borough|County|Borough|District|City|Town|Parish|Community|Shire|Regional|Township"
    r"|Rural|Municipal|Village) Council"
)
_BODY = r"(?:Committee|Sub-Committee|Cabinet|Council|Board|Panel|Forum|Commission|Executive|Assembly|Partnership)"
_COUNCIL = re.compile(
    # "The Corporation of the Township of Seguin" (Ontario): the council is "Township of Seguin"
    r"^[ \t\u00a0#*]*(?:the\s+)?(?:corporation\s+of\s+(?:the\s+)?(?=(?:city|town|township|village|municipality|county)\s+of\b))?"
    r"(?P<council>(?:(?:City|Town|Township|Shire|Village|Corporation|Municipality|County|Borough|District|"
    r"Rural Municipality|RM) of "
    r"(?:(?!(?:City|Town|Village|County|Council|Regular|Special|Minutes|Meeting|No)\b)[A-Z][\w'’-]*[ \t]?){1,4}"
    r"(?:No\.?[ \t]*\d{1,3}\b)?)"  # "RM of Manitou Lake No. 442" (Saskatchewan numbers its rural municipalities)
    r"|(?:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,4} " + _COUNCIL_KINDS + "))"
    r"(?=\s|$|,)",
    re.IGNORECASE | re.MULTILINE,
)
_CAPS_COMMITTEE = re.compile(r"^[ \t\u00a0#*]*(?P<committee>[A-Z][A-Z&,'’ -]{2,90}?\b" + _BODY.upper() + r"S?)[ \t\u00a0]*$", re.MULTILINE)
# a line of its own naming the body: "Fernley Village Hall Management Committee"
_NAME_LINE = re.compile(
    r"^[ \t\u00a0]*(?P<committee>(?:[A-Z][\w'’&,() -]{0,90}?\b)?" + _BODY + r")(?:[ \t\u00a0]+Meeting)?(?:[ \t\u00a0]+Minutes)?[ \t\u00a0]*$",
    re.MULTILINE,
)
_MD_HEADING = re.compile(r"^#{1,2}[ \t]+(?P<committee>[^\n#]{2,100}?)[ \t]*$", re.MULTILINE)
_FIELD_NEXT_LINE = re.compile(r"^[ \t\u00a0]*(?:Date|Meeting date)\s*:?[ \t\u00a0]*\n[ \t\u00a0]*(?P<value>\S[^\n]*)", re.IGNORECASE | re.MULTILINE)
_KIND = re.compile(r"^(?P<body>.+?)\s+(?P<kind>Regular|Special|Annual|Extraordinary|Ordinary|Adjourned)\s+Meeting(?:\s+Minutes)?$", re.IGNORECASE)
_ORDINAL = re.compile(
    r"^(?:[A-Z][a-z]+(?:-[a-z]+)?\s+(?:&\s+|and\s+)?)*?[A-Z]?[a-z]+(?:-[A-Za-z]+)?(?:th|st|nd|rd)\s+"
    r"(?=(?:Annual|Ordinary|Extraordinary|Special|Statutory)\b)",
)
_MEETING_OF = re.compile(
    r"^(?P<kind>(?:Annual|Ordinary|Extraordinary|Special|Statutory|Monthly)\s+Meeting)\s+of\s+(?:the\s+)?\S.*$", re.IGNORECASE
)
_SMALL = {"and", "of", "the", "for", "on", "in", "to", "a", "an", "with", "at", "by"}
# a committee "name" that is a piece of a sentence about another meeting
# "Minutes of the Annual Meeting of the Salford Priors Parish Council held ...",
# "There was a remote meeting of Chawleigh Parish Council on ...": the
# council named in the heading's sentence, not on a line of its own.
_MEETING_OF_COUNCIL = re.compile(
    r"\b(?i:meeting|minutes)\s+(?i:of)\s+(?:(?i:the)\s+)?(?P<council>(?:[A-Z][\w'’-]+\s+){1,5}(?i:" + _COUNCIL_KINDS + r"))\b"
)


_HEADING_SENTENCE_CHARS = 300  # the heading's sentence opens the page, before any item
_EARLIER = re.compile(r"\bminutes\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_KIND_OF_MEETING = frozenset({"full", "annual", "extraordinary", "special", "ordinary", "remote", "statutory"})


def _council_in_sentence(head: str) -> str | None:
    text = fold(head)[:_HEADING_SENTENCE_CHARS]
    for m in _MEETING_OF_COUNCIL.finditer(text):
        before = text[max(0, m.start() - 60): m.start()]
        earlier = _EARLIER.search(text, 0, m.start())
        if _APPROVING.search(before) or (earlier and text[:earlier.start()].strip()):
            continue  # "... approve the minutes of the meeting of X Council": an earlier meeting, not the page's title
        if m.group(0)[:1] in "mM" and m.group(0)[:7].lower() == "minutes" and text[:m.start()].rstrip(" \t\u00a0#*")[-1:] not in ("", "\n"):
            continue  # "Minutes of X Council" heads the page on a line of its own, not inside a sentence
        words = m.group("council").split()
        while words and words[0].lower() in _KIND_OF_MEETING | {"the"}:  # "Meeting of the Full Parish Council"
            words = words[1:]
        name = " ".join(words)
        if _COUNCIL.fullmatch(name):
            return _tidy(name)
    return None


_NOT_A_COUNCIL = re.compile(r"(?:minutes|agenda|meeting|notes|draft|summary)\b", re.IGNORECASE)  # "Minutes of Parish Council"
_FRAGMENT = re.compile(
    r"^(?:the\s+)?(?:previous|last|next|said|same|above|this|that|meeting|minutes)\b|\bmeeting$|\bprevious\b|\d"
    r"|^(?:call\s+to\s+order|roll\s+call|opening|adjournment|approval)\b"  # a sub-heading of the proceedings
    # an officer's signature line: "Anthony Judd Chief Executive Officer Buloke Shire Council"
    r"|\b(?:Chief\s+Executive|Executive\s+Officer|Administrative\s+Officer|Town\s+Clerk|Municipal\s+Clerk)\b"
    # a sentence, not a name: "THE COUNCIL NOTES THAT THIS MEETING IS BEING FILMED BY THE COUNCIL"
    r"|\b(?:is|are|was|were|be|been|being|shall|must|that|which|notes|advises)\b",  # not the month "May"
    re.IGNORECASE,
)
_SELF = re.compile(
    r"\bThe (?P<noun>" + _BODY + r")\s+(?:considered|received|noted|agreed|resolved|discussed|"
    r"welcomed|asked|heard|approved|was|were|had|then|further|RESOLVED|AGREED|NOTED)\b"
)
_WHOLE_NAMES = {"Cabinet", "Council", "Executive", "Assembly"}
_NAMED = r"(?P<name>(?:[A-Z][\w'’&-]*\s+(?:(?:and|of|for|&)\s+)?){1,5}%s)\b"


@dataclass(frozen=True)
class Heading:
    """What the heading of a minutes document says about its meeting."""

    committee: str | None = None
    venue: str | None = None
    date: str | None = None
    council: str | None = None


# "Meeting of the Parish Council held on Thursday, 12th September 2013 at 8pm ...": a line opening the
# minutes without their "Minutes of"
# ... unless its sentence reports on that meeting ("Meeting of the Finance Committee held on D: its report was
# received"): another meeting's
_REPORTED = re.compile(r"[^.\n]*?\b(?:received|approved|noted|confirmed|adopted|signed|circulated)\b", re.IGNORECASE)
_MEETING_HELD_LINE = re.compile(
    r"(?:^|(?<=\n))[ \t\u00a0]*(?=(?:(?:special|extraordinary|annual|ordinary|monthly)\s+)?meeting\s+of\s)", re.IGNORECASE
)


def _reported(head: str, start: int) -> bool:
    """Whether the line from ``start`` names a meeting held on a date only
    to report on it ("Meeting of the Finance Committee held on D: its
    report was received")."""
    end = head.find("\n", start)
    line = fold(head[start:end if end >= 0 else len(head)])
    m = _HEADING_NO_LABEL.match(line)
    return m is not None and _REPORTED.match(line, m.end()) is not None


def _headings_at(head: str) -> Iterator[tuple[re.Match[str], str, int]]:
    """(match, the whitespace-folded text it is in, its position in ``head``) of every
    "Minutes of ... held ... on <date>" heading, one opening inside another's
    words too ("... recorded in the minutes of the Meeting at which they are
    approved) X Council Minutes of a Meeting of X Council held at 7.00pm on
    Monday 4 February 2008"), and of every line opening "Meeting of the X
    held on <date>"."""
    text = fold(head)
    for start in re.finditer(r"minutes?\s+(?:of|from)\b", text, re.IGNORECASE):
        m = _HEADING.match(text, start.start())
        if m:
            # positions in the folded text are only compared with each other: fold keeps order
            yield m, text, _folded_position(head, m.start())
    for line in _MEETING_HELD_LINE.finditer(head[:_TOP_CHARS]):
        opening = fold(head[line.end(): line.end() + _HEADING_SENTENCE_CHARS])
        m = _HEADING_NO_LABEL.match(opening)
        if m and not _reported(head, line.end()):
            yield m, opening, line.end()


_CUT = re.compile(r"…|\.\.\.")


def read_heading(head: str) -> Heading:
    """Committee, venue, date and council from the opening of a document.

    Every form of heading councils print is tried ("Minutes of the X held at
    V on D", ModernGov's "X - Thursday, 13th March, 2025", eScribe's
    "# X" with a "Date:" field, capitals on their own lines, "CITY OF X CITY
    COUNCIL REGULAR MEETING MINUTES Tuesday, August 20, 2024"); the one
    nearest the top wins.  A committee name that reads as a piece of a
    sentence ("meeting", "previous meeting") is never taken, and a date is
    taken only from the heading, the "Date:" field or a line of its own, not
    from a sentence quoting another meeting."""
    folded = _MOVED_FROM.sub(lambda m: " " * len(m.group(0)), head.replace("**", "  "))
    council_m = next((m for m in _COUNCIL.finditer(folded[:_TOP_CHARS])
                      if _capitalised(m.group("council")) and not _NOT_A_COUNCIL.match(m.group("council"))), None)
    council = _tidy(council_m.group("council").strip()) if council_m else _council_in_sentence(folded[:_TOP_CHARS])
    found: list[tuple[int, str | None, str | None, str | None]] = []  # (position, committee, venue, date)
    for m, folded_text, position in _headings_at(folded):
        if _quoted_minutes(m, folded_text) or _CUT.search(m.group("date")):
            continue  # another meeting's minutes; a search result's title cut short ("HELD ON MONDAY … Tuesday 3rd")
        committee = _committee(m.group("committee"), council)
        date = parse_date(m.group("date"))
        # "Minutes of a meeting held on D"; "Minutes of the Community Council virtual Meeting held via
        # ZOOM on D" (no committee to take from it, but the date is the meeting's own)
        another = _EARLIER_MEETING.search(m.group("committee"))
        if committee or (date and not another) or m.group("committee").strip().lower() == "meeting":
            found.append((position, committee, m.group("venue") or m.group("venue2"), date))
    for m in _ON_DATE_MEETING.finditer(folded[:_TOP_CHARS]):
        if _EARLIER_MEETING.search(m.group(0)):
            continue  # "On 3 March 2025 the last meeting of the Council was held ...": not this one
        found.append((m.start(), _committee(m.group("committee"), council), None, parse_date(m.group("date"))))
    for m in _TITLE_LINE.finditer(folded):
        committee = _committee(m.group("committee").split(" / ")[0], council)
        if committee:
            found.append((m.start(), committee, None, parse_date(m.group("date"))))
    for m in _MD_HEADING.finditer(folded):
        committee = _committee(m.group("committee"), council)
        if committee and committee.lower() not in {"minutes", "agenda", "agenda and minutes"} and re.search(_BODY, committee, re.IGNORECASE):
            found.append((m.start(), committee, None, None))
    for pattern in (_CAPS_COMMITTEE, _NAME_LINE):
        for m in pattern.finditer(folded[:_TOP_CHARS]):
            if council and fold(m.group("committee")).lower() == council.lower():
                continue  # the authority's name over the page, not the meeting's
            committee = _committee(m.group("committee"), council)
            if committee and (pattern is _CAPS_COMMITTEE or _title_case(committee)):
                found.append((m.start(), committee, None, None))
    for m in _MEETING_OF_BODY.finditer(folded[:_TOP_CHARS]):  # "REGULAR MEETING OF THE BOARD OF COMMISSIONERS October 28, 2019"
        # "COUNCIL OF THE RURAL MUNICIPALITY OF X": a meeting of the council (the authority is its council)
        body = "Council" if re.match(r"COUNCIL\s+OF\s", m.group("body")) else m.group("body")
        committee = _committee(body, council)
        if committee:
            found.append((m.start(), committee, None, parse_date(folded[m.end(): m.end() + 40])))
    for m in _SESSION_BODY.finditer(folded[:_TOP_CHARS]):  # "MINUTES REGULAR CITY COMMISSION MEETING August 11, 2008"
        if _OTHER_SESSION.search(folded, max(0, m.start() - 60), m.start()):
            continue  # "Motion to approve the minutes ...": another sitting's
        committee = _committee(m.group("body").title(), council)
        if committee:
            found.append((m.start(), committee, None, parse_date(m.group("date"))))
    if council_m:  # "CITY OF PINE RIDGE CITY COUNCIL REGULAR MEETING MINUTES Tuesday, ..."
        rest = folded[council_m.end(): council_m.end() + 200].split("\n")[0]
        kind = re.match(r"\s*(?P<body>.{2,60}?\s+(?:Regular|Special|Annual|Extraordinary)\s+Meeting)\b", rest, re.IGNORECASE)
        if kind:
            committee = _committee(kind.group("body"), council)
            if committee:
                found.append((council_m.end(), committee, None, parse_date(rest)))
    found.sort(key=lambda f: f[0])
    committee = next((f[1] for f in found if f[1]), None)
    venue = next((f[2] for f in found if f[2]), None)
    date = (
        next((f[3] for f in found if f[3]), None)
        or _field_date(folded)
        or _date_line(folded[:_TOP_CHARS])
        or _title_date(folded[:_TITLE_CHARS])
        or _opening_sentence_date(folded[:_TOP_CHARS])
        or _session_date(folded[:_TOP_CHARS])
        or _iso_title_date(folded[:_TITLE_CHARS])
        or _banner_date(folded[:_BANNER_CHARS])
    )
    return Heading(committee, venue, date, council)


@dataclass(frozen=True)
class _Labelled:
    committee: str | None = None
    date: str | None = None


def _labelled(text: str) -> _Labelled:
    """Committee and date from labelled fields of an issue or decision page:
    "Meeting: 07/03/2022 - Planning Committee (Item 73)", "Decision Maker:",
    "Date of decision:" (numeric dates read day first, as UK pages print them)."""
    m = _MEETING_FIELD.search(text)
    if m:
        committee = _committee(m.group("committee"), None)
        return _Labelled(committee, _numeric_date(m.group("date")))
    dated = issue_page.decision_dates(text)
    if len(dated) == 1:  # an issue decided once: "19/12/2023 - Pool Works (Key Decision)"
        return _Labelled(None, _numeric_date(dated[0]))
    values: dict[str, list[str]] = {}
    for f in _DECISION_FIELDS.finditer(text):
        values.setdefault(f.group("key").lower(), []).append(fold(f.group("value")))
    # one decision's page; a list of decisions names no single meeting
    fields = {key: v[0] for key, v in values.items() if len(v) == 1}
    raw_date = fields.get("date of decision", "")
    date = _numeric_date(raw_date) or parse_date(raw_date)
    maker = fields.get("decision maker")
    return _Labelled(_committee(maker, None) if maker else None, date)


def _numeric_date(raw: str) -> str | None:
    return _ymd(_NUMERIC_DATE.search(raw))


def _ymd(m: re.Match[str] | None) -> str | None:
    """The ISO date of a match's "y", "m" and "d" groups; None if none or no such day."""
    if not m:
        return None
    try:
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
    except ValueError:
        return None


def _title_date(top: str) -> str | None:
    """A date printed with the page's title where the title ran onto one
    line with the rest ("Council Meeting Minutes ... Wednesday, January 14,
    2015", "Adopted Minutes Regular Council Meeting July 9, 2002")."""
    m = _MINUTES_DATE.search(fold(top))
    if not m or _OTHER_MEETING.search(m.group("between")) or _HELD.search(m.group("between")) or ":" in m.group("between"):
        return None
    if _REFERENCE_BEFORE.search(fold(top), max(0, m.start() - 20), m.start()):
        return None  # an item approving another meeting's minutes: "17/27 Minutes of meeting of 22nd June 2017"
    return parse_date(m.group("date"))


def _opening_sentence_date(top: str) -> str | None:
    """The date of a US or Canadian minutes' first sentence ("... called a
    Regular Meeting of the City Council to order at 7:00 p.m. ... on July 9,
    2002", "The regular meeting of the Council ... was held on ..."), where
    no heading prints one; not a sentence about the minutes of another
    meeting ("The minutes of the regular meeting that was held on ...")."""
    text = re.sub(r"\b([ap])\.m\.", r"\1m", fold(top))
    for m in _OPENING_SENTENCE.finditer(text):
        sentence = text[text.rfind(".", 0, m.start()) + 1: m.start()]
        # "The minutes of the regular meeting that was held on ...", not the heading "MINUTES OF NOVEMBER 13, 2018"
        if _EARLIER_MEETING.search(sentence) or re.search(r"\bminutes\s+of\b(?!\s+" + _MONTH_NAME + ")", sentence,
                                                          re.IGNORECASE):
            continue
        return parse_date(m.group("date"))
    return None


_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
_MONTH_CAPS = r"(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
# "REGULAR SESSION JANUARY 24, 1983", "DECEMBER 14, 1985 ADJOURNED MEETING": a
# heading in capitals run onto one line with the text (flattened minutes).
_SESSION_DATE = re.compile(
    r"\b(?:SESSION|MEETING)\s+(?P<d1>(?:" + _MONTH_CAPS + "|" + _MONTH_CAPS.title()
    + r")\s+\d{1,2},?\s+(?:19|20)\d\d)\b"
    r"|\b(?P<d2>" + _MONTH_CAPS + r"\s+\d{1,2},?\s+(?:19|20)\d\d)\s+(?:[A-Z]+\s+){0,2}(?:SESSION|MEETING)\b"
)


# "Minutes of the previous meeting held on 1 September 2020 were approved": another meeting's date
_EARLIER_MEETING = re.compile(r"\b(?:previous|last|earlier|preceding|prior)\b", re.IGNORECASE)
_APPROVED_AFTER = re.compile(r"[.,]?\s*(?:(?:were|was|are|is|be|been)\b|for\s+(?:approval|signature|adoption)\b)", re.IGNORECASE)
# "MINUTES REGULAR CITY COMMISSION MEETING August 11, 2008": the body in
# capitals between the kind of sitting and "MEETING", the date after it
_SESSION_BODY = re.compile(
    r"(?<![A-Za-z])MINUTES\s+(?:(?:REGULAR|SPECIAL|ANNUAL|ADJOURNED|ORDINARY|EXTRAORDINARY)\s+)?"
    r"(?P<body>(?:[A-Z][A-Z&'’-]+\s+){0,4}(?:COMMISSION|COUNCIL|BOARD|COMMITTEE))\s+(?:MEETING|SESSION)\s+"
    r"(?P<date>(?:" + _MONTH_CAPS + "|" + _MONTH_CAPS.title() + r")\s+\d{1,2},?\s+(?:19|20)\d\d)\b"
)
_MEETING_OF_BODY = re.compile(
    r"(?<![A-Za-z])(?:REGULAR|SPECIAL|ADJOURNED|ANNUAL|ORDINARY)\s+MEETING\s+OF\s+THE\s+"
    r"(?P<body>BOARD\s+OF\s+[A-Z]+|(?:[A-Z][A-Z&'’-]+\s+){1,3}(?:COUNCIL|COMMISSION|BOARD|COMMITTEE)"
    # "... OF THE COUNCIL OF THE RURAL MUNICIPALITY OF McCREARY, THURSDAY, FEBRUARY 14, 2013"
    r"|COUNCIL\s+OF\s+THE\s+(?:RURAL\s+)?(?:MUNICIPALITY|TOWN|CITY|VILLAGE|TOWNSHIP|COUNTY)\s+OF\s+"
    r"[A-Z][A-Za-z'’-]*[A-Z](?:\s+(?!NO\b)[A-Z][A-Za-z'’-]*[A-Z]){0,3})(?![A-Za-z])"
)
_OTHER_SESSION = re.compile(r"\b(?:APPROV\w*|ADJOURNED\s+TO|CONTINUED\s+TO)\b[^.]{0,40}$", re.IGNORECASE)


def _session_date(top: str) -> str | None:
    """The date of a capitals heading beside "SESSION" or "MEETING", not
    one of another sitting ("APPROVAL OF MINUTES OF THE REGULAR MEETING
    JANUARY 10, 1983", "ADJOURNED TO JANUARY 31, 1983 MEETING")."""
    text = fold(top)
    for m in _SESSION_DATE.finditer(text):
        if not _OTHER_SESSION.search(text, max(0, m.start() - 60), m.start("d1") if m.group("d1") else m.start()):
            return parse_date(m.group("d1") or m.group("d2"))
    return None


def self_reference(text: str) -> str | None:
    """The body the minutes speak of as "The Cabinet considered ...",
    named in full where the text names it ("Finance Committee"): an
    inference, for minutes that print no heading."""
    nouns = Counter(
        m.group("noun") for m in _SELF.finditer(text)
        if not text[max(0, m.start() - 3): m.start()].strip() or text[max(0, m.start() - 12): m.start()].rstrip()[-1:] in ".:"
    )
    if not nouns:
        return None
    noun = nouns.most_common(1)[0][0]
    if noun in _WHOLE_NAMES:
        return noun  # "The Cabinet", "The Council": the body's whole name
    names = Counter(
        fold(m.group("name")) for m in re.finditer(_NAMED % re.escape(noun), text)
        if not m.group("name").startswith(("The ", "the ")) and not _COUNCIL.fullmatch(fold(m.group("name")))
    )
    named = [n for n, _ in names.most_common() if n != noun and not _FRAGMENT.search(n)]
    return named[0] if named else None  # a bare "Committee" names nothing


def _committee(raw: str, council: str | None) -> str | None:
    name = fold(raw).strip(" -–:,.")
    if council and name.lower().startswith(council.lower()):
        rest = name[len(council):].strip(" -–:,")
        name = rest or name
    name = _ORDINAL.sub("", name)  # "One Hundredth & Twenty-fifth Annual Meeting of ..."
    of_council = _MEETING_OF.match(name)
    if of_council:  # "Annual Meeting of the Brackenhurst Parish Council": the kind of meeting names it
        return " ".join(w.capitalize() for w in of_council.group("kind").split())
    kind = _KIND.match(name)
    if kind:
        name = f"{_tidy(kind.group('body'))} ({_tidy(kind.group('kind'))} Meeting)"
    name = re.sub(r"\s+Minutes$", "", name, flags=re.IGNORECASE)
    # "OPEN MINUTES Hibiscus Local Board", "Draft Minutes - Planning Committee": the page's label, not the name
    name = _MINUTES_LABEL.sub("", name)
    if not name or _FRAGMENT.search(name) or not name[:1].isupper() or len(name) > 100:
        return None
    if council and name.lower() == council.lower():
        return "Full Council" if "parish" in name.lower() or "town council" in name.lower() else _tidy(name)
    return _tidy(name)


_MINUTES_LABEL = re.compile(
    r"^(?:(?:open|public|confidential|draft|unconfirmed|confirmed|approved|signed)\s+)?minutes(?:\s+of)?\s*[-–:]?\s+(?=[A-Z])",
    re.IGNORECASE,
)


def _capitalised(name: str) -> bool:
    return all(w[:1].isupper() for w in name.split() if w.lower() not in _SMALL and not w[:1].isdigit())


def _title_case(name: str) -> bool:
    return _capitalised(name) and len(name.split()) <= 10


def _tidy(name: str) -> str:
    """A name printed in capitals in title case ("POLICY & RESOURCES
    COMMITTEE" -> "Policy & Resources Committee")."""
    name = fold(name)
    if name.upper() != name:
        return name
    words = name.lower().split()
    return " ".join(
        w.upper() if _ACRONYM.fullmatch(w) else w if (k and w in _SMALL) else w[:1].upper() + w[1:]
        for k, w in enumerate(words)
    )


_ACRONYM = re.compile(r"(?!st|mt|dr|mr|ms)[b-df-hj-np-tv-z]{2}")  # "RM", "MD": two letters, no vowel; not "St"


def _field_date(head: str) -> str | None:
    fields = {m.group("key").lower(): m.group("value") for m in _FIELD.finditer(head)}
    raw = fields.get("date") or fields.get("date of meeting") or fields.get("meeting date")
    if raw:
        return parse_date(raw)
    m = _FIELD_NEXT_LINE.search(head)
    return parse_date(m.group("value")) if m else None


# the page's banner run onto one line with the rest ("DURHAM PLANNING BOARD
# Wednesday, December 9, 2015 DURHAM TOWN HALL ..."): its first date, where no
# word of the sentence around it is about another meeting ("These minutes were
# approved at the January 27, 2016 meeting.")
_BANNER_CHARS = 400
_ANOTHER_SITTING = re.compile(
    r"\b(?:previous|last|next|earlier|approv\w*|adopt\w*|confirm\w*|circulated|adjourned|continued|received|minutes\s+of|"
    r"published|uploaded|updated|posted|available|"  # the site's own lines: "documents published after 1 May 2020"
    r"held|was|were|will|met|is|are)\b",  # a sentence, not the banner: "A public hearing ... was held on ..."
    re.IGNORECASE,
)


# "HomeMy WebLinkAbout2006-03-13 37 a. Town Board Minutes ...", "2009-06-16 CITY OF BEVERLY ... MINUTES":
# a document system's title, opening with the meeting's date written year first
_ISO_TITLE = re.compile(r"(?:^|WebLinkAbout|\n)[ \t\u00a0]*(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)")


def _iso_title_date(top: str) -> str | None:
    return _ymd(_ISO_TITLE.search(top))


def _banner_date(top: str) -> str | None:
    """The first date of the page's top not inside a sentence about another
    sitting; a sentence ends at its stop or its paragraph's end (the banner
    "Minute of Meeting 5th September 2024 Village Hall" over a blank line is not
    one sentence with "Minute of last meeting: Approved." below it)."""
    for paragraph in re.split(r"\n[ \t\u00a0]*\n", top):
        flat = " ".join(paragraph.split())
        for m in DATE.finditer(flat):
            start = max(flat.rfind(". ", 0, m.start()), 0)
            end = flat.find(". ", m.end())
            sentence = flat[start:end if end >= 0 else len(flat)]
            if _ANOTHER_SITTING.search(sentence):
                continue
            return parse_date(m.group(0))
    return None


# a line opening with an item's number or minute reference ("17/27 ...", "5. ..."): an item, not the title block
_REFERENCE = r"(?:[A-Z]{0,4}\d{1,4}/\d{1,4}(?![/\d])|\d{1,3}(?:\.\d{1,3})*\.?)\s+"
_ITEM_REFERENCE = re.compile(
    r"^\s*" + _REFERENCE
    + r"(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)(?=[A-Za-z]|$)",  # not a day: "14 MARCH 2024"
    re.IGNORECASE,
)


# ... just before the words it titles ("17/27 Minutes of meeting of ...")
_REFERENCE_BEFORE = re.compile(r"(?:^|\s)" + _REFERENCE + r"$")


def _minutes_heading_date(block: str) -> str | None:
    """The date of a "Minutes of <meeting> held on <date>" heading in a
    title block, not of one quoted as an earlier meeting's."""
    m = _HEADING.search(block)
    if m is None or _quoted_minutes(m, block) or _EARLIER_MEETING.search(m.group("committee")):
        return None  # "Minutes of the previous meeting held on ..."
    return parse_date(m.group("date"))


def _quoted_minutes(m: re.Match[str], text: str) -> bool:
    """Whether a "Minutes of X held on D" heading found in ``text`` quotes an
    earlier meeting's minutes rather than heading these."""
    return bool(
        _APPROVING.search(text[max(0, m.start() - 40): m.start()])  # "To receive the minutes of ... held on D"
        # "C. The Minutes of the Council held on D (previously circulated)": a paper before them
        or text[max(0, m.start() - 4): m.start()].lower() == "the "
        or _APPROVED_AFTER.match(text, m.end())  # "Minutes of the ... Meetings held on ... were approved"
    )


def _title_block(text: str) -> str:
    """The first lines of ``text``: its first three, and any more before
    the first line that reads as a sentence."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    block = []
    for k, line in enumerate(lines):
        if k >= _TITLE_BLOCK_LINES and _sentence_line(line):
            break
        block.append(line)
    return "\n".join(block)


def _sentence_line(line: str) -> bool:
    """Whether a line reads as a sentence, not a title block's line."""
    return len(line.split()) > _DATE_LINE_WORDS or (line.endswith(".") and not _TIME_END.search(line))


# a document system's field naming when the file was stored, alone on its line or before a colon
_FILE_RECORD = re.compile(
    r"(?:Last\s+modified|Modified|Created|Creation\s+date|Date\s+(?:created|modified|uploaded|published)|Uploaded)"
    r"[ \t\u00a0]*(?::|$)",
    re.IGNORECASE,
)


def _date_line(top: str) -> str | None:
    """A date on a line of the title block ("4.00pm 14 NOVEMBER 2024"),
    not inside a sentence."""
    previous = ""
    for line in top.split("\n"):
        stripped, label = line.strip(), previous
        previous = stripped or previous
        if not stripped or _sentence_line(stripped):  # "Thursday 1 April 2004 at 7.30 p.m." is no sentence
            continue
        if _FILE_RECORD.fullmatch(label) or _FILE_RECORD.match(stripped):
            continue  # a document system's record of the file ("Last modified" / "11/06/2025 9:14:37 AM")
        if _OTHER_MEETING.search(stripped) or _ITEM_REFERENCE.match(stripped):
            continue  # "Minutes of previous meeting held on 11 December 2020", "17/27 Minutes of meeting of 22nd June 2017"
        if DATE.search(stripped):
            return parse_date(stripped)
        numeric = _NUMERIC_DATE.match(stripped)
        if numeric and _TIME_ONLY.fullmatch(stripped[numeric.end():]):  # "24/02/2014 am 6:30 pm" under the title
            return _numeric_date(stripped)
    return None


def _folded_position(text: str, folded_pos: int) -> int:
    """Roughly where a position of ``fold(text)`` lies in ``text``."""
    seen = 0
    for i, ch in enumerate(text):
        if seen >= folded_pos:
            return i
        if not (ch.isspace() and i + 1 < len(text) and text[i + 1].isspace()):
            seen += 1
    return len(text)
