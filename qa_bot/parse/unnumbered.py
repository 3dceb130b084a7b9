"""ModernGov pages whose item numbers and "Minutes:" labels were lost.

Items are separated only by blank lines:

    APOLOGIES FOR ABSENCE                      <- a short line, no full stop
    To receive any apologies for absence.      <- a standard description
    Apologies were received from ...           <- the minutes

A title is a one-line paragraph without closing punctuation that is
followed by a standard description ("To receive ...", "To approve ..."),
carries the report's "PDF 226 KB" link, or is written in capitals or in
title case (two words or more).

A page copied as a table with its number column lost puts the whole row on
one paragraph, the title first:

    Public Questions To receive questions from ... Minutes: No questions ...

such a row's title runs up to the report link, the description or the
"Minutes:" label, and its minutes follow the label.  Copies that also lost
the blank lines between rows put each row on its own line, its title in
capitals ("DISCLOSURE OF INTERESTS Members are invited ... Minutes: ...");
a row whose title was lost opens with the description or the labels.
"""

from __future__ import annotations

import itertools
import re

from qa_bot.parse.resolutions import PART, label_at
from qa_bot.parse.spans import DESCRIPTION, ItemSpan, split_description
from qa_bot.parse.text import MOTION_LINE, Line, clean_title, lines_of

SHAPE = "unnumbered"
_PDF_LINK = re.compile(r"\bPDF\s+[\d.,]+\s*[KMG]B\s*$", re.IGNORECASE)
_MINUTES = re.compile(r"(?<![^\s|])Minutes\s*:")
# the label a table row's minutes open with: "Minutes:", or "Decision:" where a committee records only that
_ROW_LABEL = re.compile(r"(?<![^\s|])(?:Minutes|Decision)\s*:")
_ROW_END = re.compile(
    r"\s+(?:(?:pdf icon\s+)?PDF\s+[\d.,]+\s*[KMG]B\b|(?=" + DESCRIPTION.pattern.replace("^[ \\t\\u00a0]*", "")
    + r")|(?=Minutes\s*:)|(?=Additional documents\s*:))"
)
_COLUMN_HEADINGS = re.compile(r"^(?:No\.?\s+Item|Item|Media|Agenda and minutes)$|^[\w ]{2,25}:\s", re.IGNORECASE)
# a row's title in capitals: words (and references such as "P1723.22") up to the first lower-case word
_CAPS_ROW = re.compile(
    r"^[ \t\u00a0]*(?P<title>(?:(?:[A-Z0-9][A-Z0-9'’&/().,:–-]*|[-–&])[ \t\u00a0]+){1,16}?[A-Z0-9][A-Z0-9'’&/().,–-]*)"
    r"(?=[ \t\u00a0]+(?:[-–][ \t\u00a0]+)?[A-Z]?[a-z(]|[ \t\u00a0]*\|?[ \t\u00a0]*$)"
)
_LEADING_NUMBER = re.compile(
    r"^[ \t\u00a0]*(\d{1,4}(?:\.\d{1,2})?)(?:\.[ \t\u00a0]*|[ \t\u00a0]{2,}|\t)(?=\S)"
    r"|^[ \t\u00a0]*([A-Z]{1,5}/\d{1,4}/(?:19|20)?\d\d)[ \t\u00a0]+(?=\S)"  # a minute code: "C/041/2025 APOLOGIES"
)
_ATTENDANCE = re.compile(r"^[ \t\u00a0]*(?:Members |Councillors )?Present\s*:", re.IGNORECASE)
_LEADING_LINK = re.compile(r"\s*(?:pdf icon\s+)?PDF\s+[\d.,]+\s*[KMG]B\b", re.IGNORECASE)
_ADDITIONAL_LAST = re.compile(r"\sAdditional documents\s*:[ \t\u00a0|]*$", re.IGNORECASE)
_LABELS_FIRST = re.compile(r"^[ \t\u00a0]*(?:Additional documents\s*:\s*)?(?:Minutes|Decision)\s*:", re.IGNORECASE)
_STOP = {"a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "by", "with", "or", "from", "into"}
_MAX_TITLE_CHARS = 120
_MAX_TITLE_WORDS = 15
_MAX_DESCRIPTION_TITLE = 200
_MAX_INNER_WORDS = 8
_MIN_PROSE_WORDS = 6
_PROSE_LOWER_WORDS = 3
_SHORT_VALUE_WORDS = 3
# the sections minutes of every kind open with: a line holding one of them
# heads a section even after a list that ended without a full stop
_LISTS_NAMES = re.compile(
    r"^[ \t\u00a0]*(?:(?:Members |Councillors |Also |Officers )?Present|In attendance|Attendance|Apologies(?: for absence)?|Absent)"
    r"[ \t\u00a0|:]*$",
    re.IGNORECASE,
)
# a sentence introducing a list of names: "The meeting was called to order with the following present:"
_LIST_FOLLOWS = re.compile(r"\b(?:present|in attendance|attending)\s*:\s*$", re.IGNORECASE)
_SECTION_WORDS = re.compile(
    r"^[ \t\u00a0]*(?:Apologies(?: for absence)?|Present|In attendance|Attendance|Absent"
    r"|(?:Declarations?|Disclosures?|Conflicts?) of (?:\w+ )?interests?|(?:Confirmation|Approval) of (?:the )?minutes"
    r"|Minutes|Matters arising|Public (?:forum|participation|questions)|Questions|Correspondence|Finance"
    r"|Reports?|Any other business|Date of (?:the )?next meeting|Close of meeting|Closure)[ \t\u00a0|]*$",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\([^()]*\)")
_CLOSING = (".", ";", ",", ":", "?", "!", "-", "–")
_ENDED = (".", "!", "?", ")", "|", "”", '"', "’")


def find_items(text: str, *, any_gap: bool = False) -> list[ItemSpan]:
    """Items headed by title lines; ``any_gap`` (the last resort for a layout
    nothing else reads) lets a title-case line count after any blank line."""
    lines = lines_of(text)
    paragraphs = _paragraphs(lines)
    inner: set[int] = set()
    if any_gap:  # "Bus Shelter on Orchard Lane" on the line above its text, no blank between
        paragraphs = [part for para in paragraphs for part in _split_heading(para)]
        inner = {line.start for para in paragraphs for line in _inner_headings(para)}
        split = [(para, _split_at(para, inner)) for para in paragraphs]
        # the text between two such headings is their body, never a title
        bodies = {part[0].start for para, parts in split if len(parts) > 1 for part in parts if part[0].start not in inner}
        paragraphs = [part for _, parts in split for part in parts]
    else:
        bodies = set()
    gaps = _gaps(lines)
    if any_gap:
        gaps = [1] * len(paragraphs)
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 1
    heads = [
        i for i in range(len(paragraphs) - 1)
        if (_is_title(paragraphs, i, any_gap or gaps[i] >= max(usual, 2)) and paragraphs[i][0].start not in bodies)
        or (len(paragraphs[i]) == 1 and paragraphs[i][0].start in inner)
    ]
    heads = [  # the line under a title with its report's link is the agenda's description of it, not a title
        i for k, i in enumerate(heads)
        if not (k and heads[k - 1] == i - 1 and _PDF_LINK.search(paragraphs[i - 1][0].content)
                and not _PDF_LINK.search(paragraphs[i][0].content))
    ]
    heads = sorted(set(heads) | set(_worded_titles(paragraphs, heads)))
    rows = [i for i in range(len(paragraphs)) if _row_title(paragraphs[i][0].content)]
    line_rows = _line_rows(text, lines)
    if len(line_rows) > max(len(rows), len(heads)):
        return line_rows
    if len(rows) > len(heads):
        return _rows(text, paragraphs, rows)
    if heads:  # the page's banner and title lines above the attendance block are no items
        banner = 0  # heads one under another, no text between ("KILBRACKEN COUNTY COUNCIL" / its name in Irish)
        while banner + 1 < len(heads) and heads[banner + 1] == heads[banner] + 1:
            banner += 1
        end = heads[banner + 1] if banner + 1 < len(heads) else len(paragraphs)
        if any(_ATTENDANCE.match(paragraphs[i][0].content) for i in range(heads[banner] + 1, end)):
            heads = heads[banner + 1:]
    spans = []
    for k, i in enumerate(heads):
        title = paragraphs[i][0]
        stop = paragraphs[heads[k + 1]][0].start if k + 1 < len(heads) else len(text)
        description, body_start = split_description(text, title.end, stop)
        number = _LEADING_NUMBER.match(title.content)  # "44        MINUTES -": the number kept its line
        if number:
            spans.append(ItemSpan(number.group(1) or number.group(2), title.content[number.end():], body_start, stop,
                                  description))
        else:
            spans.append(ItemSpan(None, title.content, body_start, stop, description))
    return spans


_NUMBER_COLUMN = re.compile(r"^[ \t\u00a0]*No\.?[ \t\u00a0]+Item[ \t\u00a0]*$", re.IGNORECASE)
_MIN_WORDED_TITLES = 2


def _worded_titles(paragraphs: list[list[Line]], heads: list[int]) -> list[int]:
    """Under a "No. Item" column whose numbers were lost, items titled in
    the agenda's own words ("To elect a Vice Chairman.", "To receive the
    budget statement ..."): a one-line paragraph of such wording opens an
    item unless it describes the title just above it."""
    starts = [i for i, para in enumerate(paragraphs) if _NUMBER_COLUMN.match(para[0].content)]
    if not starts:
        return []
    titled = set(heads)
    worded = [
        i for i in range(starts[0] + 1, len(paragraphs) - 1)
        if len(paragraphs[i]) == 1 and DESCRIPTION.match(paragraphs[i][0].content)
        and len(paragraphs[i][0].content.strip()) <= _MAX_DESCRIPTION_TITLE
        and i - 1 not in titled and not _leads_in(paragraphs[i - 1][-1].content)
    ]
    return worded if len(worded) >= _MIN_WORDED_TITLES else []


def _leads_in(line: str) -> bool:
    """A line the wording under it completes: "... the following:", "RESOLVED –",
    "It was agreed that"."""
    end = line.rstrip()
    return (end.endswith((":", "-", "–", "—")) or bool(re.search(r"\bthat$", end, re.IGNORECASE))
            or bool(_BARE_LABEL.fullmatch(end)))


_BARE_LABEL = re.compile(r"[ \t\u00a0]*(?:it was\s+)?(?:unanimously\s+)?(?:resolved|agreed|recommended|decision)\W*",
                         re.IGNORECASE)


def links_report(title: str) -> bool:
    """Whether a title line carries its report's link ("Annual Report pdf
    icon PDF 111 KB"): an item's title even where it is the page's only one."""
    return bool(_PDF_LINK.search(title))


def _rows(text: str, paragraphs: list[list[Line]], rows: list[int]) -> list[ItemSpan]:
    spans = []
    for k, i in enumerate(rows):
        first = paragraphs[i][0]
        title = _row_title(first.content)
        assert title is not None
        stop = paragraphs[rows[k + 1]][0].start if k + 1 < len(rows) else len(text)
        label = _MINUTES.search(text, first.start, stop)
        after_title = first.start + len(title)
        link = _LEADING_LINK.match(text, after_title)  # "Minutes PDF 238 KB To approve ...": the link is not text
        after_title = link.end() if link else after_title
        if label:  # the agenda's description stays in the text: it may hold the fact asked
            description = text[after_title:label.start()]
            spans.append(ItemSpan(None, title, after_title, stop, description.strip() or None))
        else:
            spans.append(ItemSpan(None, title, after_title, stop))
    return spans


# "  • APOLOGIES", "  • MINUTES OF THE MEETING HELD ON 12 MARCH 2020": a list
# of headings in capitals whose numbers the copy turned into bullets
_BULLET_CAPS = re.compile(
    r"^(?P<indent>[ \t\u00a0]*)[•·▪*-][ \t\u00a0]+"
    r"(?P<title>[A-Z][A-Z0-9'’&,()/:.-]*(?:[ \t\u00a0]+[A-Z0-9&-][A-Z0-9'’&,()/:.-]*){0,15})[ \t\u00a0]*$",
    re.MULTILINE,
)
_MIN_BULLET_HEADINGS = 3


def bulleted_headings(text: str) -> list[ItemSpan]:
    """Items headed by bulleted lines in capitals, the list's outermost
    bullets (those nested under them are the items' own lists); [] unless
    three or more."""
    found = [m for m in _BULLET_CAPS.finditer(text)
             if sum(ch.isalpha() for ch in m.group("title")) >= 4 and not label_at(m.group("title"))]
    if len(found) < _MIN_BULLET_HEADINGS:
        return []
    outer = min(len(m.group("indent").expandtabs()) for m in found)
    found = [m for m in found if len(m.group("indent").expandtabs()) == outer]
    if len(found) < _MIN_BULLET_HEADINGS:
        return []
    spans = []
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else len(text)
        spans.append(ItemSpan(None, m.group("title").strip(), m.end(), stop))
    return spans


# "- Call to order", "- Motion to approve the 1st reading of the ... Ordinance", "- Business From the Floor: N/A"
_BULLET_LINE = re.compile(r"^(?P<indent>[ \t\u00a0]*)[-–•·▪*][ \t\u00a0]+(?P<text>[A-Z0-9](?:.*\S)?)[ \t\u00a0]*$", re.MULTILINE)
_BULLET_LABEL = re.compile(r"^(?P<title>[^:\n]{3,60}?):[ \t\u00a0]+")
_MIN_BULLETED_ITEMS = 4
_BULLET_TITLE_CHARS = 100
_BULLET_TITLE_WORDS = 10


def bulleted_items(text: str) -> list[ItemSpan]:
    """A page whose items are all bulleted lines in any case, the minutes
    under them unbulleted (small US councils' "- Pledge of Allegiance", "-
    Motion to Adjourn" / "Upon motion made by ..."): each outermost bullet
    is an item, titled by its words up to a colon, or by the whole line;
    [] unless four or more, and unless at least half of them but the last
    hold minutes, under them or on their line after a label or a title's
    length (a list of actions agreed, line after line, inside prose minutes
    is not the page's items)."""
    found = list(_BULLET_LINE.finditer(text))
    if len(found) < _MIN_BULLETED_ITEMS:
        return []
    outer = min(len(m.group("indent").expandtabs()) for m in found)
    found = [m for m in found if len(m.group("indent").expandtabs()) == outer]
    with_minutes = sum(
        bool(text[m.end():n.start()].strip() or _BULLET_LABEL.match(m.group("text"))
             or len(m.group("text")) > _BULLET_TITLE_CHARS)
        for m, n in itertools.pairwise(found))
    if len(found) < _MIN_BULLETED_ITEMS or 2 * with_minutes < len(found) - 1:
        return []
    spans: list[ItemSpan] = []
    seen: dict[str, int] = {}
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else len(text)
        line = m.group("text")
        label = _BULLET_LABEL.match(line)
        if label:  # "Roll Call of Members: Supervisor Jager, present; ..."
            title, body = label.group("title"), m.start("text") + label.end()
        else:
            words = line.split()
            title = line if len(line) <= _BULLET_TITLE_CHARS else " ".join(words[:_BULLET_TITLE_WORDS]) + " ..."
            body = m.start("text") if len(line) > _BULLET_TITLE_CHARS else m.end()
        title = clean_title(title).rstrip(".")
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:  # an item's identity is its title
            title = f"{title} ({seen[title]})"
        spans.append(ItemSpan(None, title, body, stop))
    return spans


def _line_rows(text: str, lines: list[Line]) -> list[ItemSpan]:
    """Rows of a stripped table copy, one per line and no blank between:
    each opens with its title in capitals ("DISCLOSURE OF INTERESTS Members
    are invited ... Minutes: There were no ..."), or, where the copy lost the
    title, with the agenda's description or the "Additional documents:" /
    "Minutes:" labels.  Read only on a page of such rows: two or more
    "Minutes:" labels inside lines."""
    inline = [ln for ln in lines if (m := _ROW_LABEL.search(ln.content)) and m.start() > 0]
    # ... or opening the line under a row's title and description ("Minutes To confirm the minutes ..." /
    # "Minutes: The minutes of the meeting held on ...", "Planning Code PDF 69 KB Additional documents:" / ...)
    nonblank = [ln for ln in lines if not ln.blank]
    over = {a.start for a, b in itertools.pairwise(nonblank) if _LABELS_FIRST.match(b.content)
            and (_ADDITIONAL_LAST.search(a.content) or _ROW_END.search(a.content, 1)) and not _ROW_LABEL.search(a.content)}
    if len(inline) + len(over) < 2:
        return []
    starts: list[tuple[Line, str]] = []
    awaiting = False  # a title whose "Minutes:" label is on the line below
    for line in lines:
        if line.blank or label_at(line.content):
            continue
        caps = _CAPS_ROW.match(line.content)
        if caps and len(re.findall(r"[A-Z]{2,}", caps.group("title"))) >= 2:
            starts.append((line, caps.group("title")))
        elif awaiting and _LABELS_FIRST.match(line.content):
            pass  # "Budget Monitoring Report Additional documents:" / "Minutes: The Committee ...": one row
        elif DESCRIPTION.match(line.content) or _LABELS_FIRST.match(line.content):
            starts.append((line, ""))
        elif (title := _row_title(line.content.strip(), cased=False)) and (
            _ROW_LABEL.search(line.content) or _ADDITIONAL_LAST.search(line.content) or line.start in over
        ):
            # "Leisure Facilities – Public Consultation (Relevant Portfolio Holder: ...) Minutes: ...",
            # "Matters arising Minutes: None.": the labels make it a row, in any case
            starts.append((line, title))
        awaiting = bool(starts) and starts[-1][0] is line and not _ROW_LABEL.search(line.content)
    spans = []
    for k, (line, title) in enumerate(starts):
        stop = starts[k + 1][0].start if k + 1 < len(starts) else len(text)
        after = line.start + len(line.content) - len(line.content.lstrip()) + len(title)
        label = _ROW_LABEL.search(text, after, stop)
        description = clean_title(text[after:label.start()].replace("Additional documents:", " ")) if label else ""
        if not title and len(description) <= _MAX_DESCRIPTION_TITLE:
            title = description  # the title was lost: the agenda's wording names the item
        # the agenda's description stays in the text: it may hold the fact asked
        spans.append(ItemSpan(None, title.rstrip(" -–"), after, stop, description or None))
    return spans if len(spans) >= 2 else []


def _row_title(line: str, *, cased: bool = True) -> str | None:
    """The title opening a table row ("Minutes PDF 238 KB To approve ..."),
    or None when the line does not open with one; ``cased``: in title case."""
    m = _ROW_END.search(line, 1)
    if not m or m.start() > _MAX_TITLE_CHARS:
        return None
    title = line[: m.start()].rstrip()
    if len(title.split()) > _MAX_TITLE_WORDS or title.endswith((".", ",", ";", ":")):
        return None
    if label_at(title) or not (title[:1].isupper() and (_title_case(title) or not cased)):
        return None
    return title


def _split_heading(para: list[Line]) -> list[list[Line]]:
    """A paragraph whose first line is a short title-case heading, as two."""
    first = clean_title(para[0].content)
    if (
        len(para) > 1
        and first
        and len(first.split()) <= _MAX_TITLE_WORDS
        and not first.endswith((".", ";", ",", ":", "?", "!"))
        and _title_case(first)
        and len(para[1].stripped) > len(para[0].stripped)
    ):
        return [para[:1], para[1:]]
    return [para]


def _short_line(line: Line) -> str | None:
    """The text of a line that could head a section: a few words opening with
    a capital, no closing punctuation (a table copy's trailing "|" aside)."""
    text = line.stripped.rstrip(" |").strip()
    words = text.split()
    if not 1 <= len(words) <= _MAX_INNER_WORDS or not text[:1].isupper() or text.endswith(_CLOSING):
        return None
    if not any(ch.isalpha() for ch in text) or "|" in text or "," in text or label_at(text):
        return None  # (a comma: a value such as "Council Chamber, Harbour Street")
    if MOTION_LINE.match(text):
        return None  # "Moved by: Councillor Agnew", "CARRIED": the record of a motion
    return text


def _prose_line(line: Line) -> bool:
    """A line of sentences: six words or more that end one, run to twelve,
    or (a PDF's wrapped line: "The invocation was given by Reverend Harold
    Gentry. The Pledge of") hold three words in lower case."""
    text = line.stripped.rstrip(" |").strip()
    words = text.split()
    if len(words) < _MIN_PROSE_WORDS:
        return False
    lower = [w for w in words if w.isalpha() and w.islower() and w not in _STOP]
    return text.endswith((".", "!", "?")) or len(words) >= 2 * _MIN_PROSE_WORDS or len(lower) >= _PROSE_LOWER_WORDS


def _inner_headings(para: list[Line]) -> list[Line]:
    """Headings inside a paragraph of a page that kept no blank lines: a
    short line ("Conflicts of interest", "Public forum") after a line that
    ended its sentence, followed by prose at once or after one more short
    line (a sub-heading: "Public forum" / "Tamatea Intermediate Year 8
    Students" / the account of it)."""
    out: list[Line] = []
    first_topics: list[Line] = []
    listing = False  # under "Present" or "Apologies": short lines are the names listed, not headings
    for k, line in enumerate(para[:-1]):
        if _short_line(line) is None:
            listing = False
            continue
        if listing and not _SECTION_WORDS.match(line.stripped):
            continue
        listing = bool(_LISTS_NAMES.match(line.stripped))
        if k and _LIST_FOLLOWS.search(para[k - 1].stripped):  # "... with the following present:" / "Mayor" / ...
            listing = True
            continue
        before = para[k - 1].stripped.rstrip(" |") if k else ""
        if k and not before.endswith(_ENDED) and len(before.split()) > _SHORT_VALUE_WORDS and not (
            _SECTION_WORDS.match(line.stripped)
        ):
            continue  # a wrapped line of a sentence or of a list (not a short value: "Governance Team")
        topic = bool(out) and out[-1] is para[k - 1]
        if topic and not (_section_over_topic(para[k - 1].stripped, line.stripped) and para[k + 1].stripped[:1].isupper()):
            continue  # the sub-heading under a heading just taken
        after = para[k + 1:k + 3]
        if _prose_line(after[0]) or (len(after) == 2 and _short_line(after[0]) and _prose_line(after[1])):
            out.append(line)
            if topic:
                first_topics.append(line)
    # a section's first topic stands only where another topic follows it under the same section
    # ("MATTERS ARISING" / "Expenses Form" / ... / "Precept Plan"), not a name or a site under a heading
    # ("CHAIRMAN'S REPORT" / "Councillor Ann Ellis" / ...)
    for line in first_topics:
        k = next(i for i, h in enumerate(out) if h is line)
        if not (k + 1 < len(out) and out[k + 1].stripped.upper() != out[k + 1].stripped):
            out.remove(line)
    return out


def _section_over_topic(heading: str, line: str) -> bool:
    """Whether ``line`` is the first topic under a section heading in
    capitals ("MATTERS ARISING" / "Councillors' Expenses Form" / its minutes):
    a heading of its own, as the topics after it are; not a sentence's
    wrapped opening ("OPENING PRAYER" / "The Reverend Ian Ross from the")."""
    words = line.split()
    return (heading.upper() == heading and any(ch.isalpha() for ch in heading) and line.upper() != line
            and len(words) >= 2 and _title_case(line) and words[-1].lower() not in _STOP)


def _split_at(para: list[Line], starts: set[int]) -> list[list[Line]]:
    """The paragraph cut before and after each heading line in ``starts``."""
    parts: list[list[Line]] = []
    current: list[Line] = []
    for line in para:
        if line.start in starts:
            if current:
                parts.append(current)
            parts.append([line])
            current = []
        else:
            current.append(line)
    if current:
        parts.append(current)
    return parts


def _gaps(lines: list[Line]) -> list[int]:
    """Blank lines before each paragraph."""
    gaps: list[int] = []
    blank = 0
    previous_blank = True
    for line in lines:
        if line.blank:
            blank += 1
            previous_blank = True
            continue
        if previous_blank:
            gaps.append(blank)
        blank = 0
        previous_blank = False
    return gaps


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                out.append(current)
            current = []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


def _is_title(paragraphs: list[list[Line]], i: int, wide_gap: bool) -> bool:
    """Whether paragraph ``i`` is an item's title; a line in title case
    counts only after a gap of two blank lines or more, no narrower than the usual one between
    paragraphs (else it is a sub-heading such as "Supplementary Question")."""
    para = paragraphs[i]
    if len(para) != 1:
        return False
    raw = para[0].content
    title = clean_title(raw)
    if not title or len(title) > _MAX_TITLE_CHARS or len(title.split()) > _MAX_TITLE_WORDS:
        return False
    if title.endswith((".", ";", ",", ":", "?", "!")) or raw.rstrip().endswith(":"):
        return False  # a sentence or a label (a heading's full stop in capitals is gone: clean_title)
    if raw.rstrip().endswith(".") and _RESULT_IN_CAPITALS.search(title):
        return False  # "MOTION CARRIED.", "MOTION LOST.": a result in capitals, no heading
    if title.split()[-1].lower() in _STOP - {"a"}:  # "It was moved by Councillor Park, seconded by Councillor Lee and"
        return False  # runs on into the next line: no title
    if label_at(raw) or PART.match(raw) or not _WORD.search(title):
        return False  # no word: a running header's code and date ("MC 14.05.2025"), a page number
    if DESCRIPTION.match(raw) or MOTION_LINE.match(raw):
        return False
    if _COLUMN_HEADINGS.match(title):
        return False
    if len(_INITIAL.findall(title)) >= 2:  # "Councillors A Irwin, B Jess and C Kerr": names, not a title
        return False
    described = bool(DESCRIPTION.match(paragraphs[i + 1][0].content))
    capitals = title.upper() == title and len(title.split()) >= 2
    linked = bool(_PDF_LINK.search(raw))
    number = _LEADING_NUMBER.match(title)  # "1. Business of the Mayor": the words after the number
    worded = title[number.end():] if number else title
    titled = wide_gap and len(worded.split()) >= 2 and _title_case(worded) and worded[:1].isupper()
    return described or capitals or linked or titled


# a result in capitals: "MOTION CARRIED.", "MOTION LOST.", "AMENDMENT FELL."
_RESULT_IN_CAPITALS = re.compile(r"(?:[A-Z]ED|LOST|FELL|WITHDRAWN)$|^(?:MOTION|AMENDMENT|PROPOSAL)\b")
_WORD = re.compile(r"[^\W\d_]{3,}")
_INITIAL = re.compile(r"(?<![\w'’.])[B-HJ-Z]\.?\s+(?=[A-Z][a-z])")  # "B Jess", not "Plot B and" or "M & E"


def _title_case(title: str) -> bool:
    """Most words capitalised; a note in brackets after the title ("Bonfire
    Update (verbal update)") is not counted."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", _BRACKETED.sub(" ", title)) if w.lower() not in _STOP]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
