"""Minutes whose text was flattened onto one long line (as some councils
abroad publish them, or as a careless copy leaves them).

    1. APOLOGIES Apologies were received from Cr Smith. 2. CONFIRMATION OF
    MINUTES RESOLVED that the minutes ... be confirmed. 3. ...

Line breaks are put back, in place of a space, so offsets stay valid: before
each item number of the longest run counting 1, 2, 3 ... (or 4.01), 4.02) ...) and around an
"Agenda item" marker; after the item's title (its words in capitals, else up
to the "pdf icon PDF 242 KB" link, a standard description, a colon or the
first full stop); before the "Minutes:" and "Additional documents:" labels;
and before each resolution label.  The item shapes then parse the result.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from qa_bot.parse.headings import TIME_STAMP, roman_value
from qa_bot.parse.spans import DESCRIPTION, ItemSpan
from qa_bot.parse.text import TITLE_WORDS, run_in_title_end

SHAPE_SUFFIX = "+flattened"
CAPS_SHAPE = "caps_headings"
CODED_SHAPE = "coded_headings"
_MIN_LINE = 1000
_MIN_PAGE_LINE = 300
_MIN_ITEMS_INSIDE = 3
# "7. Title", or a section numbered "7.0 Title" whose sub-items are "7.1", "7.2"
# "7.", "7.0", an OCR's "7 .", a parish's running minute number "3170."
_ITEM = re.compile(r"(?<=\s)(\d{1,4})(?:\.|\.0(?=\s)| \.(?= ))\s+(?=[A-Z])")
_SUB_ITEM = re.compile(r"(?<=\s)(\d{1,3})\.(\d{1,2})\s+(?=[A-Z])")
# US agendas number items "4.01)", "4.02)", "5.01)"
_DECIMAL_ITEM = re.compile(r"(?<=\s)(\d{1,2})\.(\d{2})\)\s+(?=[A-Z])")
_COLON = re.compile(r": ")
_FULL_STOP = re.compile(r"(?<!\bInc)(?<!\bCo)(?<!\bNo)(?<!\bNos)(?<!\bSt)(?<!\bMr)(?<!\bDr)(?<!\bMrs)(?<!\bMs)(?<!\bCllr)\. ")
_LABEL = re.compile(
    r"(?<=\s)(?=(?:RESOLVED|Resolved\b|It was resolved|AGREED|RESOLUTION|"
    r"RECOMMENDATIONS?\b|Decision:|DECISION\b|Minutes:|Additional documents:|Supporting documents:))"
)
_RESOLUTION_START = re.compile(r"RESOLVED|Resolved\b|It was resolved|AGREED|RESOLUTION|RECOMMENDATIONS?\b|Decision:|DECISION\b")
# a sentence end not followed by a further part: "(b)", "b)", "- c)"; not a title's stop ("Cllr. Keane")
_SENTENCE_END = re.compile(r"(?<!\bCllr)(?<!\bCllrs)(?<!\bCr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)[.!?][\"”’)]*\s(?!\s*(?:[-–•·]\s*)?\(?[a-z]{1,2}\)|\s*[-–•·]\s)(?=\s*[A-Z])")
_CLOSING = re.compile(r"(?<=\s)The meeting (?:ended|closed|concluded|finished) at\b")
_AGENDA_ITEM = re.compile(r"(?:^|(?<=\s))Agenda item(?=\s)")
# "... it was Agreed. Item No. 1. Election of Mayor: Proposed by ...": items labelled and numbered
_LABELLED_ITEM = re.compile(r"(?:^|(?<=\s))(?:Item|ITEM|Minute|MINUTE)\s+(?:No\.?\s*)?\d{1,3}[.:]?\s+(?=[A-Z])")
_PDF_LINK = re.compile(r"pdf icon\s+PDF\s+[\d.,]+\s*[KMG]B", re.IGNORECASE)
_WORD = re.compile(r"\S+")
# a sentence opening after a lower-case word: "Date of next meeting The next ..."
_SENTENCE = re.compile(r"(?<=[a-z] )(?:The|This|These|There|It|He|She|They|We)\b")
_DESCRIPTION = re.compile(r"(?<=\s)" + DESCRIPTION.pattern.replace("^[ \\t\\u00a0]*", ""))
_LABEL_WORDS = {
    "RESOLVED", "AGREED", "RESOLUTION", "DECISION", "RECOMMENDATION", "RECOMMENDATIONS", "PRESENT", "ABSENT",
}
_SUB_NUMBER = re.compile(r"\d{1,3}\.\d{1,2}")
# a number that is a date's day or a reference, not an item: "September 12. Mayor ...", "No. 4. The"
_NOT_ITEM_BEFORE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|No\.?)\s*$"
)
_MAX_TITLE = 200
_MONTH = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")


def is_flattened(text: str) -> bool:
    """Most of a long text lies on a few very long lines (one line, or one
    line per page of a PDF)."""
    lines = text.split("\n")
    long_lines = [len(line) for line in lines if len(line) >= _MIN_LINE]
    if long_lines and sum(long_lines) >= 0.6 * len(text.strip()):
        return True
    # shorter pages, each run onto one line: count only when items are numbered inside those lines
    page_lines = [line for line in lines if len(line) >= _MIN_PAGE_LINE]
    if not page_lines or sum(map(len, page_lines)) < 0.6 * len(text.strip()):
        return False
    inside = sum(1 for line in page_lines for m in _ITEM.finditer(line) if m.start() > 0 and not _a_year(line, m))
    joined = " ".join(page_lines)
    return (inside >= _MIN_ITEMS_INSIDE or len(_bare_run(joined)) >= _MIN_BARE_RUN
            or len(_roman_run(joined)) >= _MIN_ITEMS_INSIDE or len(_year_codes(joined)) >= _MIN_YEAR_CODES
            or len(_caps_headings(joined)) >= _MIN_ITEMS_INSIDE)


def reflow(text: str) -> str:
    chars = list(text)
    run = _numbered_run(text)
    heads = [(m.start(), m.end()) for m in run]
    heads += [(m.start(), m.end()) for m in _sub_items(text, run)]
    heads += [(m.start(), m.end()) for m in _decimal_run(text)]
    heads += [(m.start(), m.end() + 1) for m in _AGENDA_ITEM.finditer(text)]
    labelled = [(m.start(), m.end()) for m in _LABELLED_ITEM.finditer(text)]
    if len(labelled) >= 2:
        heads += labelled
    starts = sorted(h for h, _t in heads)
    for start, title_start in heads:  # "<break>10.<break>TITLE<break>..."
        _break_at(chars, start - 1)
        if not (_ROMAN_ITEM.match(text, start) or _LABELLED_ITEM.match(text, start) or _LETTER_ITEM.match(text, start)
                or _COLON_ITEM.match(text, start)):
            _break_at(chars, title_start - 1)  # but "<break>II. Roll Call<break>", "Item No. 2: Election": one line
        title_end = _labelled_title_end(text, title_start) if (start, title_start) in labelled else None
        title_end = title_end or _title_end(text, title_start)
        after = bisect.bisect_right(starts, start)
        if title_end is not None and not (after < len(starts) and title_end >= starts[after] - 1):  # ends before the next item
            _break_at(chars, title_end)
    previous: int | None = None
    for m in _LABEL.finditer(text):
        follows_label = (
            previous is not None
            and m.start() - previous <= 25
            and text[previous:m.start()].strip().endswith(":")
        )
        if not follows_label:  # not the second label of "Resolved: It was resolved that"
            _break_at(chars, m.start() - 1)
        if _RESOLUTION_START.match(text, m.start()):
            previous = m.start()
            end = _SENTENCE_END.search(text, m.start())
            if end:  # the resolution ends with its sentence
                _break_at(chars, end.start() + 1)
    for m in _CLOSING.finditer(text):
        _break_at(chars, m.start() - 1)
    if not heads:  # no numbers at all: the headings in capitals between sentences
        for m in _caps_headings(text):
            _break_at(chars, m.start() - 1)
            _break_at(chars, _heading_end(m) - 1)
    return "".join(chars)


# "... voice vote. Carmichael absent. POLICE It was MOVED by ...": a heading
# in capitals after a sentence's end, before the next sentence opens.
# "... replied yes. AWARDS AND PROCLAMATIONS (3.1) The day of ...": the
# item's number may follow its heading, in brackets.
_CAPS_HEADING = re.compile(
    r"(?<=[.!?:] )(?P<title>(?:[A-Z][A-Z&'’/-]+,? )(?:(?:[A-Z][A-Z&'’/-]+,?|[A-Z]|\d[\d,.-]*|[-–]) ){0,14})(?:\((?P<num>\d{1,2}(?:\.\d{1,2})?[a-z]?)\) )?(?=[A-Z][a-z]|[AI] [a-z])"
)
# ... or, where the scan lost the full stop ("... agenda items CONSENT AGENDA
# Mayor Nyquist ..."), two or more words in capitals after a lower-case word
# ("... Deputy Clerk MEETING CALLED TO ORDER The meeting ...") or a vote's
# tally ("... CARRIED 8/0 CONFIRMATION OF MINUTES Resolution No. ...").
_CAPS_HEADING_RUN_ON = re.compile(
    r"(?:(?<=[a-z,] )|(?<=\d[/-]\d ))[A-Z][A-Z&'’/-]{2,} (?:(?:[A-Z][A-Z&'’/-]{2,}|OF|TO|AND|THE|FOR|IN|ON|AT|BY) ){1,6}(?=[A-Z][a-z])"
)
# ... or a label in capitals closed by a colon: "... at 6:30pm OLD BUSINESS: THE BUDGET: ARTICLE 3: The group ..."
_CAPS_LABEL = re.compile(
    r"(?<=\s)(?P<title>[A-Z][A-Z&'’/-]+(?:[ ,][A-Z][A-Z&'’/-]*|[ ,]\d{1,3})*):\s+(?=[A-Z$\d])"
)
_MIN_HEADING_LETTERS = 4


def _caps_headings(text: str) -> list[re.Match[str]]:
    """Unnumbered headings of flattened minutes ("ROLL CALL", "CONSENT
    AGENDA", "FIRE"): words in capitals between a sentence's end and a
    sentence's start, not a label ("RESOLVED") or a short acronym; a page
    (or the part of it copied) with one such heading has it as its item."""
    out = []
    found = sorted([*_CAPS_HEADING.finditer(text), *_CAPS_HEADING_RUN_ON.finditer(text), *_CAPS_LABEL.finditer(text)],
                   key=lambda m: m.start())
    found = [m for k, m in enumerate(found) if not (k and m.start() < found[k - 1].end())]  # not one inside another
    found = [  # a label ("DATE:", "LOCATION:") heads minutes only where a sentence follows it, not a form's next field
        m for k, m in enumerate(found)
        if m.re is not _CAPS_LABEL or _opens_prose(text[m.end():found[k + 1].start() if k + 1 < len(found) else None])
    ]
    for m in found:
        words = m.group(0).split()
        if any(w.strip(":-") in _LABEL_WORDS or w.strip(":") in _MOTION_WORDS for w in words):
            continue
        if sum(ch.isalpha() for ch in m.group(0)) < _MIN_HEADING_LETTERS:
            continue
        if len(words) == 1 and not re.search(r"[AEIOU]", words[0]):
            continue  # an acronym ("CCTV", "HMRC"), not a heading
        out.append(m)
    if len(out) == 1 and not (out[0].re is _CAPS_HEADING and len(out[0].group("title").split()) >= 2):
        return []  # one heading counts only between two sentences, in two words or more ("... audience. PRESIDENTIAL COMMENTS Mayor ...")
    return out


def _opens_prose(text: str) -> bool:
    """Whether text opens with a sentence: a word in lower case among its
    first eight ("The group discussed ...", not "Planning Board, Regular
    Meeting")."""
    return any(w.islower() and w.isalpha() for w in text.split()[:8])


def caps_items(text: str) -> list[ItemSpan]:
    """Items of reflowed minutes that number nothing, headed by their
    capitals headings (``_caps_headings``); none when there are fewer
    than two."""
    heads = _caps_headings(text.replace("\n", " "))  # the breaks ``reflow`` put around them, as spaces again
    spans = []
    for k, m in enumerate(heads):
        stop = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        groups = m.groupdict()
        body = _heading_end(m)
        title = (groups.get("title") or m.group(0)).strip() if body == m.end() else m.group(0)[: body - m.start()].strip()
        spans.append(ItemSpan(groups.get("num"), title, body, stop))
    return spans


def _heading_end(m: re.Match[str]) -> int:
    """Where a capitals heading ends: before a last short word that opens
    the minutes ("BUSINESS ARISING FROM THE MINUTES CAO Greb informed ...")."""
    words = m.group(0).split()
    if len(words) >= 3 and len(words[-1]) <= 3 and not m.groupdict().get("num"):
        return m.start() + len(m.group(0).rstrip()) - len(words[-1])
    return m.end()


# "... in attendance. 1358 DECLARATIONS OF INTEREST FROM MEMBERS Declarations
# ...", "AM11/001 ELECTION OF TOWN COUNCIL MAYOR 2011 - 2012 It was proposed
# ...": a minute number or code, then a title in capitals.
_CODED_HEADING = re.compile(
    r"(?<=\s)(?P<num>(?:[A-Z]{1,4}\d{0,2}/)?\d{2,4}(?:/\d{2,4})?)\s+"
    r"(?P<title>(?:[A-Z][A-Z&'’/,()-]+\s+|(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\s+|\d{1,4}\s+|[-–]\s+){1,14}?)(?=[A-Z][a-z]|[A-Z]+:)"
)


def coded_items(text: str) -> list[ItemSpan]:
    """Items of flattened minutes numbered by minute references that count
    up by one ("1358", "1359"; "AM11/001", "AM11/002"), each titled in
    capitals: the longest such chain, when it has two or more.  Failing
    that, references with the year after a slash ("23/21", "24/21", three
    or more counting up) titled in any case ("23/21 Apologies for Absence J
    Broadhead 24/21 Declaration of Pecuniary Interests Members were ..."):
    the title runs over its capitalised and small words to the first word of
    the sentence after it."""
    flat = text.replace("\n", " ")
    found = [m for m in _CODED_HEADING.finditer(flat)
             if sum(ch.isalpha() for ch in m.group("title")) >= _MIN_HEADING_LETTERS]
    best = _longest_run(found, lambda m: (_prefix(m.group("num")), _last_number(m.group("num"))))
    spans = []
    for k, m in enumerate(best):
        stop = best[k + 1].start() if k + 1 < len(best) else len(text)
        spans.append(ItemSpan(m.group("num"), m.group("title").strip(" -–"), m.end(), stop))
    if spans:
        return spans
    yearly = _year_codes(flat)
    if len(yearly) < _MIN_YEAR_CODES:
        return []
    for k, m in enumerate(yearly):
        stop = yearly[k + 1].start() if k + 1 < len(yearly) else len(text)
        title = TITLE_WORDS.match(flat, m.end())
        end = run_in_title_end(flat, m.end()) or (title.end() if title else m.end())
        spans.append(ItemSpan(m.group("num"), flat[m.end():end].strip(" -–:"), end, stop))
    return spans


# "23/21 Apologies for Absence": a minute reference numbered within the year
# ... or with a prefix and the council year: "Cou/286/07-08 Apologies for Absence"
_YEAR_CODE = re.compile(
    r"(?<=\s)(?P<num>(?P<pre>[A-Z][A-Za-z]{0,3}/|[A-Z]{1,3}(?=\d))?(?P<n>\d{1,4})/(?P<year>\d{2}(?:-\d{2})?))\s+(?=[A-Z])"
)  # ... or a letter glued to the number: "C30/16 Apologies ... C31/16 Declarations of Interest"
_MIN_YEAR_CODES = 3


def _year_codes(flat: str) -> list[re.Match[str]]:
    """The longest run of minute references counting up within one year."""
    return _longest_run(list(_YEAR_CODE.finditer(flat)),
                        lambda m: (f"{m.group('pre') or ''}{m.group('year')}", int(m.group("n"))))


def _last_number(number: str) -> int:
    return int(re.findall(r"\d+", number)[-1])


def _prefix(number: str) -> str:
    return re.sub(r"\d+$", "", number)


_MOTION_WORDS = {"MOVED", "SECONDED", "CARRIED", "MOTION", "AYES", "NAYS", "YEAS", "YES", "NO"}


def _break_at(chars: list[str], i: int) -> None:
    if 0 <= i < len(chars) and chars[i] in " \t\u00a0":
        chars[i] = "\n"


def _numbered_run(text: str) -> list[re.Match[str]]:
    """The longest chain of item numbers counting up by one ("7.", "7.0"),
    else one of bare numbers ("1 Welcome ... 2 Apologies ...") long enough
    not to be figures of the prose."""
    matches = [
        m for m in _ITEM.finditer(text)
        if not _NOT_ITEM_BEFORE.search(text, max(0, m.start() - 12), m.start()) and not _a_year(text, m)
    ]
    run = _longest_run(matches, lambda m: ("", int(m.group(1))))
    if len(run) >= _MIN_ITEMS_INSIDE:
        return _over_a_gap(run, matches)
    colons = _longest_run(list(_COLON_ITEM.finditer(text)), lambda m: ("", int(m.group(1))))
    if len(colons) >= _MIN_ITEMS_INSIDE:
        return colons
    bare = _bare_run(text)
    if len(bare) >= _MIN_BARE_RUN or (
            len(bare) >= _MIN_ITEMS_INSIDE
            and all(len(m.group(1)) <= 2 and _CAPITALS_TITLE.match(text, m.end()) for m in bare)):
        return bare  # a shorter run where each number heads a title in capitals ("2 APOLOGIES None 3 DECLARATIONS")
    roman = _roman_run(text)
    if len(roman) >= _MIN_ITEMS_INSIDE:
        return roman
    letters = _longest_run(list(_LETTER_ITEM.finditer(text)), lambda m: ("", ord(m.group(1))))
    if len(letters) >= _MIN_BARE_RUN and letters[0].group(1) == "A":  # from "A.", not initials ("R. Tynan, S. Ramsell")
        return letters
    return run


def _over_a_gap(run: list[re.Match[str]], matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """The run, continued past one number the page skips ("4. Planner's Report
    ... The Commission agreed to move in the agenda to Item #6 6. Oak Hill Cemetery"):
    the next number but one, after the run's last, and so on."""
    run = list(run)
    for m in matches:
        last = int(run[-1].group(1))
        if (m.start() > run[-1].start() and int(m.group(1)) in (last + 1, last + 2)
                and not _LISTED_BEFORE.search(m.string, max(0, m.start() - 8), m.start())):
            run.append(m)
    return run


# "... would come back as items 5 and 6. The Mayor ...": a number in a list of the prose
_LISTED_BEFORE = re.compile(r"(?:\band|\bor|\bitems?|,|&)\s*$", re.IGNORECASE)


# "... MEMBERS ABSENT Lorne Parnell I. Call to Order Chair Corrow called ... II. Roll Call ...":
# items numbered in Roman numerals with a stop
_ROMAN_ITEM = re.compile(r"(?<=\s)((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\.\s+(?=[A-Z])")


# "... HELD WEDNESDAY 5TH JUNE 2019 882: The Chairman Opened the Meeting: ... 883: Present: ...":
# minute numbers closed by a colon
_COLON_ITEM = re.compile(r"(?<=\s)(\d{1,4}):\s+(?=[A-Z])")
# "... meeting order at 5:30PM. B. Pledge of Allegiance C. Changes to the Agenda ...": lettered items,
# or "A) CALL TO ORDER ... B) PLEDGE OF ALLEGIANCE ..."
_LETTER_ITEM = re.compile(r"(?<=\s)([A-Z])[.)]\s+(?=[A-Z0-9])")


def _roman_run(text: str) -> list[re.Match[str]]:
    return _longest_run(list(_ROMAN_ITEM.finditer(text)), lambda m: ("", roman_value(m.group(1))))


# "... opened the meeting. 2 Apologies There were no apologies. 3 Declaration
# of Interest ...": an item number with no stop, as flattened InfoCouncil
# minutes print them, the title in title case or two words or more in
# capitals ("2 ITEMS OF URGENT BUSINESS None received. 3 DECLARATIONS OF
# INTEREST"); not a day ("20 May"), a page ("Page 3"), a sum, or the
# number opening a page's line ("1 TOWNSHIP OF ... MINUTES", "2 Regular ...").
# A parish's running minute number ("2830 Personal Matters - none 2831 ...") may open a paragraph too.
_BARE_ITEM = re.compile(
    r"(?:(?<=[ \t\u00a0])|(?<=\n)(?=\d{3,4}\s))(\d{1,2}|\d{3,4})\s+(?=[A-Z][a-z]|[A-Z]{2,}[A-Z'’&/,-]*\s+[A-Z]{2,}"
    r"|[A-Z]{4,}[A-Z'’&/-]*\s+[A-Z][a-z])"  # one word in capitals before the minutes: "2 APOLOGIES None"
)
_NOT_BARE_BEFORE = re.compile(r"(?:Page|No\.?|Item|Clause|Section|Schedule|Appendix|Part|Paragraph|Level|Ward|District|Division|Zone|Area|Precinct|Region|Seat|Position|Road|Street)\s*$")
# ... and a running number is not a year in a sentence ("The 2022 Budget was reviewed", "in 2023 Members ...")
_YEAR_AFTER_WORD = re.compile(r"\b(?:[Tt]he|THE|[Ii]n|[Oo]f|[Ff]or|[Aa]n?|[Bb]y|[Tt]o|[Ff]rom|[Ss]ince|[Uu]ntil|[Dd]uring|[Ee]ach)\s*$")
_MIN_BARE_RUN = 4
_CAPITALS_TITLE = re.compile(r"[A-Z]{2,}[A-Z'’&/,-]*\s+(?:[A-Z]{2,}|[A-Z][a-z])")


def _a_year(text: str, m: re.Match[str]) -> bool:
    """A year ending a date or a phrase ("held on 16 March 2011. The ...",
    "in 2023. Members ..."), not a running minute number."""
    number = m.group(1)
    if len(number) < 4 or not number.startswith(("19", "20")):
        return False
    before = text[max(0, m.start() - 12):m.start()]
    return bool(_MONTH_BEFORE.search(before) or _YEAR_AFTER_WORD.search(before))


_MONTH_BEFORE = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?,?\s*$", re.IGNORECASE)


def _bare_run(text: str) -> list[re.Match[str]]:
    matches = [
        m for m in _BARE_ITEM.finditer(text)
        if not _NOT_ITEM_BEFORE.search(text, max(0, m.start() - 12), m.start())
        and not _NOT_BARE_BEFORE.search(text, max(0, m.start() - 12), m.start())
        and not _MONTH.match(text, m.end())
        and not (len(m.group(1)) >= 3 and _YEAR_AFTER_WORD.search(text, max(0, m.start() - 8), m.start()))
    ]
    return _longest_run(matches, lambda m: ("", int(m.group(1))))


def _longest_run(
    matches: list[re.Match[str]], key: Callable[[re.Match[str]], tuple[str, int]]
) -> list[re.Match[str]]:
    """The longest chain of ``matches`` whose numbers count up by one within
    one series (``key``: series, number), or [] when shorter than two
    (linear time: each number extends the best chain ending in the number
    before it)."""
    ending: dict[tuple[str, int], tuple[int, int]] = {}  # (series, number) -> (chain length, match index)
    parent: list[int] = []
    best = (0, -1)
    for i, m in enumerate(matches):
        series, n = key(m)
        length, before = ending.get((series, n - 1), (0, -1))
        parent.append(before)
        if length + 1 > ending.get((series, n), (0, -1))[0]:
            ending[(series, n)] = (length + 1, i)
        if length + 1 > best[0]:
            best = (length + 1, i)
    chain: list[re.Match[str]] = []
    i = best[1]
    while i >= 0:
        chain.append(matches[i])
        i = parent[i]
    chain.reverse()
    return chain if len(chain) >= 2 else []


def _decimal_run(text: str) -> list[re.Match[str]]:
    """Items numbered "4.01)", "4.02)", "5.01)" inside the flattened text:
    each counts on from the one before (the next number, or the next
    section's first)."""
    out: list[re.Match[str]] = []
    for m in _DECIMAL_ITEM.finditer(text):
        major, minor = int(m.group(1)), int(m.group(2))
        if out:
            last_major, last_minor = int(out[-1].group(1)), int(out[-1].group(2))
            if not ((major == last_major and minor == last_minor + 1) or (major > last_major and minor == 1)):
                continue
        out.append(m)
    return out if len(out) >= 2 else []


def _sub_items(text: str, run: list[re.Match[str]]) -> list[re.Match[str]]:
    """Sub-items "7.1", "7.2" ... between item 7 and item 8, counting up."""
    out: list[re.Match[str]] = []
    for k, m in enumerate(run):
        stop = run[k + 1].start() if k + 1 < len(run) else len(text)
        expected = 1
        for sub in _SUB_ITEM.finditer(text, m.end(), stop):
            if sub.group(1) == m.group(1) and int(sub.group(2)) == expected:
                out.append(sub)
                expected += 1
    return out


_MAX_LABELLED_TITLE = 80
_MOTION = re.compile(r"\s(?=(?:Proposed|Moved|Seconded)\b)")


def _labelled_title_end(text: str, start: int) -> int | None:
    """Where the title after "Item No. 2:" ends when a colon closes it
    ("Election of Deputy Mayor: Proposed by ..."), before any full stop."""
    window = text[start:start + _MAX_LABELLED_TITLE]
    colon, stop = _COLON.search(window), _FULL_STOP.search(window)
    if not colon or (stop is not None and stop.start() < colon.start()):
        return None
    motion = _MOTION.search(window, 0, colon.start())  # "Election of Deputy Mayor Proposed by: Cllr ..."
    return start + (motion.start() if motion else colon.end() - 1)


def _title_end(text: str, start: int) -> int | None:
    """Offset of the space that ends the title starting at ``start`` (after
    the recording's time stamp: "D. 05:32:42 PM Executive Session ...")."""
    stamp = TIME_STAMP.match(text, start)
    start = stamp.end() if stamp else start
    end = None
    for w in _WORD.finditer(text, start, start + _MAX_TITLE):
        word = w.group(0)
        letters = [ch for ch in word if ch.isalpha()]
        if letters and word.upper() != word:
            break
        following = _WORD.match(text, w.end() + 1)
        if letters and len(letters) == 1 and end is not None and not (following and following.group(0).isupper()):
            break  # "A" or "I" opening the minutes, not "APPLICATION FOR A NEW LICENCE"
        if _SUB_NUMBER.fullmatch(word):
            break  # "NEW BUSINESS 9.1 Resolution ...": the first sub-item
        if word.strip(":-").upper() in _LABEL_WORDS:
            break  # "RESOLVED" opening the minutes
        if word.startswith("(") and not word.endswith(")") and end is not None:
            break  # "PUBLIC HEARINGS (3 minutes a speaker)": a note after the title
        end = w.end()
    if end is not None and end > start:
        link = _PDF_LINK.match(text, end + 1)
        end = link.end() if link else end
        return end if end < len(text) else None
    run = run_in_title_end(text, start)
    if run is not None:
        return run  # "Leave of Absence There were none.", "Welcome Chairperson G Brown opened ..."
    window = text[start:start + _MAX_TITLE]
    cuts = [m.end() for m in (_PDF_LINK.search(window),) if m]
    cuts += [
        m.start() - 1
        for m in (_DESCRIPTION.search(window, 1), _LABEL.search(window, 1), _SENTENCE.search(window, 1))
        if m
    ]
    cuts += [m.start() + 1 for m in (_COLON.search(window), _FULL_STOP.search(window)) if m and m.start() > 0]
    cuts += [m.start() for m in (_MOTION.search(window),) if m and m.start() > 0]  # "... 1976 Moved by Carroll"
    cuts = [c for c in cuts if c > 0]
    return start + min(cuts) if cuts else None
