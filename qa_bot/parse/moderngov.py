"""ModernGov web-page text (seeds 000 and 002).

    10.
    APOLOGIES FOR ABSENCE                      <- title (may end "pdf icon PDF 242 KB")
    To receive any apologies for absence.      <- description
    Additional documents:                      <- noise
    Minutes:                                   <- label; the minutes follow
    Apologies were received from ...

The number stands alone on its line ("39." or, on "Agenda, decisions and
minutes" pages, "77/21").  An eScribe page that lost the item's title puts the
"Moved by:" line under the number: the item is then "Item 2", untitled.  Planning pages put "Decision:" where
other pages put "Minutes:".  Items cut short end "... view the full minutes
text for item 15." (handled in ``spans``).
"""

from __future__ import annotations

import re

from qa_bot.parse.headings import roman_value
from qa_bot.parse.spans import ItemSpan, number_key, split_description
from qa_bot.parse.text import MOTION_LINE, fold, lines_of

SHAPE = "moderngov"
# "39.", "77/21", "7.3", "5a", or a council's minute code: "C/152", "CAB/45", "SC/24/36",
# "AGc/30/01/21", "AM319" (minute 3 of 2019), after a label or not ("Minute No. 84/13"), or a bullet
NUMBER_LINE = re.compile(
    r"^[ \t\u00a0]*(?:[•·▪][ \t\u00a0]*)?"  # a page's list copied with its bullets: "  • 2."
    r"(?:(?:Minute|MINUTE|Item|ITEM)[ \t\u00a0]+(?:No\.?[ \t\u00a0]*)?)?"  # "Minute No. 84/13"
    r"((?:[A-Z]{1,5}/(?:\d{2}/)?)?\d{1,4}/\d{2}|[A-Z]{1,5}/\d{1,4}|\d{1,4}(?:\.\d{1,2})?[a-z]?"
    r"|[A-Z][A-Za-z]{0,4}/\d{1,4}(?:/\d{2}){1,2}|[A-Z]{1,4}\d{3,5}"  # "AGc/30/01/21", "AM319"
    r"|(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})(?=\.))"  # Roman, with its stop: "II."
    r"(?: ?[.)])?[ \t\u00a0]*$"  # "39.", an OCR's "39 ."
)
# eScribe pages that lost the item's title: the motion follows the number
MINUTES_LABEL = re.compile(r"^[ \t\u00a0]*Minutes\s*:", re.IGNORECASE)
DECISION_LABEL = re.compile(r"^[ \t\u00a0]*Decision\s*:", re.IGNORECASE)
NOISE = re.compile(
    r"^[ \t\u00a0]*(?:Additional documents|Supporting documents)\s*:?[ \t\u00a0]*$",
    re.IGNORECASE | re.MULTILINE,
)
_MAX_TITLE = 250
_SENTENCE_WORDS = 12


def find_items(text: str) -> list[ItemSpan]:
    """Items introduced by a number alone on its line followed by a title."""
    lines = [ln for ln in lines_of(text) if not ln.blank]
    heads: list[tuple[int, str, bool, tuple[str, int] | None]] = []
    previous = -1.0
    for i, line in enumerate(lines[:-1]):
        m = NUMBER_LINE.match(line.content)
        if not m or NUMBER_LINE.match(lines[i + 1].content):
            continue
        caps = _capitals_title(lines[i + 1].content)
        untitled = caps is None and (bool(MOTION_LINE.match(lines[i + 1].content)) or _is_prose(lines[i + 1].stripped))
        if not untitled and _is_label(lines[i + 1].content):
            continue
        key = _sequence_key(m.group(1))
        if key < previous:
            continue
        heads.append((i, m.group(1), untitled, caps))
        previous = key
    spans = []
    for k, (i, number, untitled, caps) in enumerate(heads):
        stop = lines[heads[k + 1][0]].start if k + 1 < len(heads) else len(text)
        if untitled:  # the title is lost: "Item 2", the motion (or the paragraph) is the minutes
            spans.append(ItemSpan(number, "", lines[i].end, stop))
        elif caps is not None:
            # "FINANCIAL REPORTS – Ada Lind. Ms. Lind reported ...": the title in capitals, the minutes run on
            title = lines[i + 1]
            spans.append(ItemSpan(number, caps[0], title.start + caps[1], stop))
        else:
            title = lines[i + 1]
            span = read_item(text, number, title.content, title.end, stop)
            if _is_sentence(title.stripped) and span.body_start == title.end and span.description is None:
                # "Approval of Warrant Register Nos. ... in the amount of $1,284,316.55.": the title is
                # also the minutes' first sentence, so the text keeps it
                span = ItemSpan(number, span.title, title.start, stop)
            spans.append(span)
    return spans


def _sequence_key(number: str) -> float:
    """The number that counts up through the page: 152 in "C/152", 36 in
    "SC/24/36", 77 in "77/21" (the year after it is fixed)."""
    if re.fullmatch(r"[A-Z][A-Za-z]{0,4}/\d{1,4}(?:/\d{2}){1,2}", number):  # "AGc/30/01/21": 30 counts
        return number_key(number.split("/")[1])
    if re.fullmatch(r"[IVX]+", number):
        return float(roman_value(number))
    if number[:1].isalpha():
        return number_key(re.sub(r"^[A-Za-z]+", "", number.rpartition("/")[2]))
    return number_key(number)


def read_item(
    text: str, number: str | None, title: str, after: int, stop: int, *, decision_label: bool = True
) -> ItemSpan:
    """Description and minutes of one item: its title ends at ``after`` and
    the next item starts at ``stop``.  The minutes follow a "Minutes:" label
    (or, with ``decision_label``, start at a "Decision:" one); without a
    label, a standard description ("To receive ...") opens the item."""
    region = lines_of(text, after, stop)
    label = next((ln for ln in region if MINUTES_LABEL.match(ln.content)), None)
    if label is not None:
        body_start = label.start + MINUTES_LABEL.match(label.content).end()  # type: ignore[union-attr]
        return ItemSpan(number, title, body_start, stop, _description(text[after:label.start]))
    decision = next((ln for ln in region if DECISION_LABEL.match(ln.content)), None) if decision_label else None
    if decision is not None:
        return ItemSpan(number, title, decision.start, stop, _description(text[after:decision.start]))
    description, body_start = split_description(text, after, stop)
    return ItemSpan(number, title, body_start, stop, description)


def has_minutes_labels(text: str) -> bool:
    return any(MINUTES_LABEL.match(ln.content) for ln in lines_of(text))


def _description(raw: str) -> str | None:
    """The agenda's description, without the "Additional documents" list."""
    noise = NOISE.search(raw)
    cleaned = fold(raw[: noise.start()] if noise else raw)
    return cleaned or None


def _capitals_title(line: str) -> tuple[str, int] | None:
    """(title, where the minutes begin) for a line that opens with a title in
    capitals and runs on into the minutes' sentences ("APPROVE THE MINUTES OF
    MARCH 11, 2025. Chairman Ruiz called for a motion ..."); None for a line that is
    a title alone or a sentence."""
    if not _is_sentence(line.strip()) and not _is_prose(line):
        return None
    m = _CAPITALS_RUN.match(line)
    if not m or len(re.findall(r"[A-Z]{2,}", m.group("title"))) < 2:
        return None
    return m.group("title").rstrip(" .:–-"), m.end()


# words with no small letter ("APPROVE", "17,", "–", "2015."), up to the first word that has one
_CAPITALS_RUN = re.compile(r"[ \t\u00a0]*(?P<title>(?:[^\sa-z]+[ \t\u00a0]+)+?)(?=[A-Z][a-z])")


def _is_prose(line: str) -> bool:
    """A paragraph where the title should be (a parish table's text cell),
    longer than any title.  A shorter sentence stays the title: US consent
    agendas title items with whole sentences."""
    return len(line) > _MAX_TITLE


def _is_sentence(line: str) -> bool:
    return line.endswith(".") and len(line.split()) > _SENTENCE_WORDS


def _is_label(line: str) -> bool:
    return bool(MINUTES_LABEL.match(line) or DECISION_LABEL.match(line) or NOISE.match(line))
