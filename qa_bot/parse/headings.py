"""Minutes of any layout whose items open with a numbered heading line.

    SC/24/35     HIGHWAY MAINTENANCE: POTHOLE REPAIRS    <- reference + title
    # 1.&nbsp;Call to Order                              <- markdown heading
    ## 5.1 Audited Financial Statements                  <- sub-item
    52          PROCEDURAL BUSINESS                      <- number + capitals
    52.1      Declarations of substitutes: Councillor... <- a paragraph, not a heading

No module per council: every line that opens with an item number and goes
on with a short title is a candidate; candidates are grouped by the form of
their number (``N``, ``N.N``, ``A/N/N``, ``N/N``, ``Na``) and by its fixed
prefix ("SC/24/"), and a group counts only where its numbers rise through the
document.  The groups kept are the document's dominant numbering: the
largest group, plus groups of sub-items (``5.1``) whose parent numbers are
kept too.  A paragraph number followed by prose (a long line, a full stop, a
colon) is not a heading.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from qa_bot.parse.resolutions import label_at
from qa_bot.parse.spans import ItemSpan, split_description
from qa_bot.parse.text import VOTE_RECORD, Line, clean_title, lines_of, run_in_title_end

SHAPE = "headings"
# a minute code: letters glued to a number, a year after the slash ("PLA146/14", "F01:04/24")
_CODE = r"[A-Z]{1,5}(?: (?=\d{1,4}/\d\d\b))?\d{1,4}(?::\d{1,4})?/\d{2,4}"  # ... or "GMD 66/18": a space after the letters
# a Roman numeral, I to XXXIX ("II APPROVAL OF AGENDA", "IV. Correspondence")
_ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})(?![A-Za-z])"
_NUMBER = (
    r"(?P<num>" + _CODE + r"|" + _ROMAN + r"|(?:[A-Z][A-Za-z]{0,3}/)?\d{1,5}(?:/\d{1,4}){0,2}(?:-\d{2,4}(?:_\d{1,3})?|(?<=\d{3})-\d)?(?:\.\d{1,3}){0,2}(?:\.?[a-z](?![a-z])|(?<=\d)[A-Z](?=[.)]))?"
    r"|[A-Z](?=[.)]))"  # a letter: "A. Call to Order", "D) Highway"
)  # also "2020-06_3." (a parish's year, month and item) and "1A." (a part lettered after its section's number)
HEADING = re.compile(
    r"^[ \t\u00a0]*(?P<hashes>#{1,6}[ \t\u00a0]*)?"
    r"(?P<label>(?:Item|Minute|Agenda item|ITEM|MINUTE|AGENDA ITEM)[ \t\u00a0]+(?:[Nn][Oo]\.?[ \t\u00a0]*)?)?"
    r"(?P<open>\[)?" + _NUMBER + r"(?(open)\])"  # "[3]   To confirm the draft notes ..."
    # "Item 4; Mail in": a label's number may close with a semicolon
    + r"(?P<dot>[.)]|:(?=[ \t\u00a0])|(?<=\d)[ \t\u00a0]+[-–](?=[ \t\u00a0])|(?<=\d) \.(?=[ \t\u00a0])|(?(label);|(?!)))?"
    r"(?:[ \t\u00a0]+|(?<=[.);])(?=[A-Z]))(?P<title>\S.*?)[ \t\u00a0]*$"
)
# a minute code alone on its line, under its heading in capitals ("APOLOGIES" / "PLA146/14")
_CODE_LINE = re.compile(r"^[ \t\u00a0]*(?P<num>" + _CODE + r"|\d{1,4}/\d{2})[ \t\u00a0]*$")
_MINUTE_OF_YEAR = re.compile(r"\d{1,4}/(?P<year>\d\d)")  # "09/25": minute 9 of 2025
_STRONG = re.compile(_CODE + r"$|\d{1,4}/\d{2}$")
_COLUMN_GAP = re.compile(r"[ \u00a0]{2,}|[ \u00a0]*\t[ \t\u00a0]*")  # a number set apart in its own column
_MAX_SENTENCE_TITLE_CHARS = 300
_FIRST_PART = re.compile(r"\(?[a-z]\)[ \t\u00a0]*(?=[A-Z])")  # "a)To review ...", "(a) Planning ..."
_SENTENCE_TITLE_WORDS_CHARS = 100  # a numbered paragraph's title: its first words, where its sentence runs on
_CODE_PARTS = re.compile(r"(?P<prefix>[A-Z]{1,5} ?(?=\d)|)(?P<n>\d{1,4})(?P<fixed>(?::\d{1,4})?(?:/\d\d(?=/\d\d$))?/\d{2,4})")
_MAX_TITLE_CHARS = 120
_MAX_TITLE_WORDS = 18
_CAPS_RUN = re.compile(r"^(?:(?:[A-Z0-9][A-Z0-9'’&/(),:–-]*|\(?[A-Z][A-Z0-9'’&/(),:–-]*|&)\s+){1,24}\(?[A-Z0-9][A-Z0-9'’&/()–-]*(?=\s+(?:[-–]\s+)?[A-Z]?[a-z]|\s+(?:MOTION|RESOLUTION|RESOLVED|MOVED|RECOMMENDATION|DECISION)S?:\s)")
# after an "ITEM NO. 1:" label, a title in capitals up to the first word that is not:
# "CONFIRMATION OF MINUTES OF MEETING OF 4th June, 2015. Proposed by ..."
_LABELLED_CAPS = re.compile(r"^(?:[A-Z][A-Z0-9'’&/(),:–-]*\s+){0,14}[A-Z][A-Z0-9'’&/()–-]*(?=\s+\S*[a-z])")
# one word in capitals opening a numbered line, then its minutes: "APOLOGIES Apologies were ..."
_CAPS_WORD = re.compile(r"^([A-Z][A-Z'’-]{3,}):?(?=\s+[A-Z]?[a-z])")
_STOP = {"a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "by", "with", "or", "from", "into", "vs"}
_ABBREV = re.compile(r"\b(?:No|Nos|St|Cllr|Mr|Mrs|Ms|Dr|Cr)\.$")
# An item titled as the agenda words it: "To declare any personal interest.",
# "To Correct & Approve minutes of previous meetings."
# ... in lower case, with what it is about after a colon: "2.a to note: declarations of interest"
_LOWER_AGENDA = re.compile(r"to (?:note|agree|approve|receive|consider|discuss|decide|confirm|elect)\b[^:\n]{0,40}:[ \t\u00a0]+\S")
_AGENDA_WORDING = re.compile(r"^To\s+[A-Za-z]+\b(?:\s+(?:&|and)\s+[A-Za-z]+)?\s+\S")
# A topic of a few words ending with a full stop ("Matters arising from the
# minutes."), not a sentence ("The report was noted.").
_SHORT_TOPIC = re.compile(
    r"^(?!(?:That|The|This|These|It|He|She|They|There|We|Members|Councillors?|Cllrs?)\b)[A-Z][\w'’&/-]*"
    r"(?:\s+[\w'’&/()-]+){0,5}\.$"
)
# A short title, a dash, then the minutes: "Hermon Flower Pot - Confirmation that ..."
_TITLE_DASH = re.compile(r"^(?P<title>[A-Z][\w'’&/()]*(?:\s+[\w'’&/()]+){0,7}?)\s+[-–]\s+(?=\S)")
# ... or a colon after a few words: "Adjustments to the Agenda: None", "Call to Order: The Chair called ..."
# ... or closed by a colon and a dash, as British clerks write: "Planning:- 251047 Manor Farm ..."
_TITLE_COLON = re.compile(
    r"^(?P<title>[A-Z][^\W\d]*(?:[-'’][^\W\d]+)*(?:\s+[^\W\d][\w'’&/()-]*){0,4}?):[-–]?[ \t\u00a0]+(?=\S)"
)
# after an item's label, a title of a few words closed by a semicolon or a dash: "Police Report; No
# representative ...", "Opening- Chair welcomed ...", "Mail in ;  1 Mark ..." (not "Co-option"; no bullet:
# "Item 3 Cr Pratt • Shire Ball 2009 - Suggested ..." lists a member's points)
_LABEL_TITLE_PART = re.compile(
    r"^(?P<title>[A-Z][^\s;•]*(?:\s+(?![-–])[^\s;•]+){0,7}?)(?:\s*;|(?<=[^\W\d_])-(?=\s)|\s[-–])\s*(?=\S)"
)
# a recording's time stamp before an item's title: "D. 05:32:42 PM Executive Session ..."
TIME_STAMP = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M\s+")
_LEAD_IN = re.compile(r"\bit\s+was(?:\s+(?:unanimously|agreed|resolved|proposed|moved|decided))*\s*[:,–-]?$", re.IGNORECASE)
_NOTHING = re.compile(r"(?:None|Nil|N/A|No(?:ne)? report|Nothing to report)\.?[ \t\u00a0]*$", re.IGNORECASE)
_MIN_ITEMS = 2
_MIN_LETTERS = 3
_LIST_RUN = 3
# the end of a numbered line's first sentence: a full stop after a word, then a capital
# (or a lettered list: "Planning applications. a. Extension at ...")
_FIRST_STOP = re.compile(r"(?<=[^\s.]{2})\.[ \t\u00a0]+(?=[A-Z(\"'‘“]|[a-z][.)][ \t\u00a0])")
# a numbered line that is a sentence, not a title: a resolution's part ("2. That the
# Council approves ..."), a planning condition ("1. The development shall ..."), a report
_SENTENCE_START = re.compile(
    r"^(?:That|THAT|The|This|These|Those|It|Its|There|He|She|They|We|I|Members|Councillors?|Cllrs?)\b"
)
_PART_START = re.compile(r"^(?:That|THAT|The|This|These|Those|It|There)\b")
_MONTH_AFTER = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b", re.IGNORECASE
)
# a line a paragraph may follow: it ends a sentence, a heading's brackets or a table cell
_PARAGRAPH_END = (".", "!", "?", ":", ";", ")", "|", "”", '"')


@dataclass(frozen=True)
class _Head:
    index: int  # line index
    number: str
    title: str
    title_end: int  # offset where the body may begin
    family: str
    key: tuple[int, ...]
    markdown: int  # heading level in markdown, 0 for plain text
    dot: str = ""  # what follows the number: "." in "3. Title", ")" in "3) Title", "" in "3  Title"


def find_items(text: str) -> list[ItemSpan]:
    lines = lines_of(text)
    kept = _kept(_not_lists(_candidates(lines), lines), lines)
    if len(kept) < _MIN_ITEMS:
        return []
    numbered = _not_lists(_numbered_lines(lines), lines)
    worded = _not_lists(_numbered_lines(lines, sentences=True), lines)
    heads = _lettered_children(_in_sequence(kept, numbered, worded), _candidates(lines), numbered)
    # a part titled by a lead-in ending "it was" ("2.1 Accordingly, it was", the motion's record below
    # it: "Proposed by ... / Resolved: ...") opens the item's outcome, not an item of its own
    heads = [h for k, h in enumerate(heads) if not (k and len(h.key) > 1 and _LEAD_IN.search(h.title))]
    heads = _without_stray_letters(heads)
    spans = []
    for k, head in enumerate(heads):
        stop = lines[heads[k + 1].index].start if k + 1 < len(heads) else len(text)
        description, body_start = split_description(text, head.title_end, stop)
        spans.append(ItemSpan(head.number, head.title, body_start, stop, description))
    return spans


def _minute_of_year(number: str) -> bool:
    """A minute number and a year ("09/25"), not a day and a month ("03/05",
    a clerk's dated notes): the part after the slash is past any month."""
    m = _MINUTE_OF_YEAR.fullmatch(number)
    return m is not None and int(m.group("year")) > 12


def _without_stray_letters(heads: list[_Head]) -> list[_Head]:
    """``heads`` less capital letters that letter no items: where no item is
    lettered "A" and no three letters run in order, the letters are
    initials ("B. Harwood Electoral", "C. Lindqvist District", "G. Tremblay City"
    down an attendance list), not "A. Call to Order", "B. Roll Call", ...."""
    letters = [h for h in heads if h.family == "L"]
    if not letters or any(h.number == "A" for h in letters):
        return heads
    run = longest = 1
    for before, after in pairwise(letters):
        run = run + 1 if ord(after.number) == ord(before.number) + 1 else 1
        longest = max(longest, run)
    return heads if longest >= _LIST_RUN else [h for h in heads if h.family != "L"]


def family_of(number: str) -> str:
    """The form of an item number: "SC/24/36" -> "SC/24/N", "7.3" -> "N.N",
    "3a" -> "Na"; a fixed prefix stays in the form so that two series of
    references do not mix."""
    if _is_roman(number):
        return "R"
    if _is_letter(number):
        return "L"
    code = _code_parts(number)
    if code:  # "PLA146/14", "77/21", "F01:04/24": the number before the year counts
        return f"{code.group('prefix')}N{code.group('fixed')}"
    if "/" in number:
        head, _, tail = number.rpartition("/")
        if re.fullmatch(r"\d+-\d+", tail):  # "Cou/285/07-08": the year range is fixed, 285 counts
            front, _, _ = head.rpartition("/")
            return f"{front}/N/{tail}" if front else f"N/{tail}"
        return head + "/N"
    form = re.sub(r"\d+", "N", number)
    return re.sub(r"(?<=[N.])[a-zA-Z]$", "a", form)  # "3a", "1C" (a school board's "1A. Call to Order")


def _code_parts(number: str) -> re.Match[str] | None:
    """The parts of a minute code, or None: without a letter prefix only a
    two-digit year after the slash makes one ("77/21", not "24/066"), or a
    month and year ("52/07/23": minute 52 of July 2023)."""
    m = _CODE_PARTS.fullmatch(number)
    if m and (m.group("prefix") or re.fullmatch(r"(?:/\d\d)?/\d\d", m.group("fixed"))):
        return m
    return None


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _is_roman(number: str) -> bool:
    return bool(number) and re.fullmatch(_ROMAN, number) is not None


def roman_value(number: str) -> int:
    values = [_ROMAN_VALUES[c] for c in number]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


def _is_letter(number: str) -> bool:
    return len(number) == 1 and number.isupper()


def _key(number: str) -> tuple[int, ...]:
    if _is_roman(number):
        return (roman_value(number),)
    if _is_letter(number):
        return (ord(number) - ord("A") + 1,)
    code = _code_parts(number)
    if code:
        return (int(code.group("n")),)
    head, _, tail = number.rpartition("/")
    if head and re.fullmatch(r"\d+-\d+", tail):  # "Cou/285/07-08": the year range is fixed, 285 counts
        tail = head.rpartition("/")[2]
    parts = [int(p) for p in re.findall(r"\d+", tail)]  # "304-1": 304, 1
    letter = re.search(r"(?<=[\d.])([a-zA-Z])$", tail)
    if letter:
        parts.append(ord(letter.group(1).lower()) - ord("a") + 1)
    return tuple(parts)


def _candidates(lines: list[Line]) -> list[_Head]:
    out: list[_Head] = []
    banner = next((ln.stripped for ln in lines if not ln.blank), "")
    for i, line in enumerate(lines):
        coded = _under_heading(lines, i)
        if coded is not None:
            out.append(coded)
            continue
        m = HEADING.match(line.content)
        if not m or _page_header(m, banner):
            continue
        rest = m.group("title")
        rest_start = line.start + m.start("title")
        title, title_end = _title(rest, rest_start, line.end)
        caps_label = _LABELLED_CAPS.match(rest) if m.group("label") else None
        parted = _LABEL_TITLE_PART.match(rest) if m.group("label") else None
        if parted and _prose(rest[parted.end():]) and not (caps_label and sum(ch.isalpha() for ch in caps_label.group(0)) >= 4):  # "Item 3; Police Report; No representative from ..."
            title, title_end = clean_title(parted.group("title")), rest_start + parted.end()
        lettered_part = re.fullmatch(r"\d{1,3}[A-Z]", m.group("num")) is not None and bool(m.group("dot"))
        if lettered_part:  # "1C. Adoption of Agenda It was moved to adopt ...": a part's run-in title
            run_in = run_in_title_end(rest)
            if run_in:
                title, title_end = clean_title(rest[:run_in]), rest_start + run_in
        # a minute code marks a heading whatever its wording: "F01:04/24 Receive apologies ...", "09/25 Approval
        # of the accounts for 2024-25 These had been circulated ..." (minute 9 of 2025)
        coded = _code_parts(m.group("num")) and (m.group("num")[:1].isalpha() or _minute_of_year(m.group("num")))
        if title is None and (m.group("label") or coded):
            caps = caps_label
            if caps and sum(ch.isalpha() for ch in caps.group(0)) < 4:
                caps = None
            run_in = run_in_title_end(rest) if m.group("label") and not caps else None
            if caps:  # "ITEM NO. 2: CORRESPONDENCE Tim Butler ..."
                title, title_end = clean_title(caps.group(0)), rest_start + caps.end()
            elif run_in:  # "Minute no. 4 – Chairman's Announcements The Chairman reported ..."
                title, title_end = clean_title(rest[:run_in]), rest_start + run_in
            elif m.group("num")[:1].isalpha() or m.group("label"):
                title, title_end = _sentence_title(rest), line.end  # "F01:04/24 Receive apologies ...", "Minute 154: ..."
            elif _prose(rest):  # "09/25 Approval of the accounts ... These had been circulated ...": the minutes
                # themselves, titled by their opening words
                words = rest.rfind(" ", 0, _SENTENCE_TITLE_WORDS_CHARS)
                title, title_end = _sentence_title(rest[:words] if len(rest) > _SENTENCE_TITLE_WORDS_CHARS > words > 0 else rest), rest_start
            else:
                title, title_end = _sentence_title(rest), line.end
        if title is not None and title[:1].isdigit() and not (m.group("hashes") or _title_case(title)):
            title = None
        if title is not None and _is_roman(m.group("num")) and not m.group("dot") and title.upper() != title:
            title = None  # "I think ..." opens no item; "I DECLARATIONS OF INTEREST" and "IV. Reports" do
        if title is None or VOTE_RECORD.search(title):
            continue  # "C16/372 Tregidga/Leonard CARRIED": a resolution's number and vote, after it
        if title.upper() == title and i + 1 < len(lines):  # a title in capitals wrapped onto a second line
            nxt = lines[i + 1]
            words = nxt.stripped.split()
            if words and 0 < len(words) <= 8 and nxt.stripped.upper() == nxt.stripped and any(
                ch.isalpha() for ch in nxt.stripped
            ) and not HEADING.match(nxt.content) and not label_at(nxt.content) and title_end == line.end:
                title, title_end = f"{title} {nxt.stripped}", nxt.end
        number = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", number) and not m.group("dot") and not m.group("hashes"):
            continue  # a year opening a wrapped line
        if _MONTH_AFTER.match(m.group("title")) and not m.group("dot"):
            continue  # a date opening a wrapped line: "... will be held on" / "4 June 2025 at 7pm."
        out.append(
            _Head(i, number, title, title_end, family_of(number), _key(number), len((m.group("hashes") or "").strip()),
                  m.group("dot") or "")
        )
    return out


def _page_header(m: re.Match[str], banner: str) -> bool:
    """A page of a transcribed PDF opening with its number and running
    header: "2 Regular Council Minutes July 19, 2011 / Page 2 ...", or "1"
    and the document's own banner again ("1 TOWNSHIP OF X COUNCIL MEETING
    MINUTES ...")."""
    rest = m.group("title")
    if re.search(rf"\bPage\s+{re.escape(m.group('num'))}\b", rest[:120]):
        return True
    words = banner.split()
    return len(words) >= 4 and rest.startswith(" ".join(words[:4])) and not m.group("dot")


def numbered_paragraphs(text: str, *, sentences: bool = False) -> list[ItemSpan]:
    """A last resort for a layout with no headings: three or more paragraphs
    numbered one after another ("2 Cyhoeddiadau/Announcements. C. Rees
    thanked ...", "3 Datgan diddordeb/Declarations of interest. None."), each
    an item titled by its first sentence; [] when there is no such run."""
    lines = lines_of(text)
    # with ``sentences`` a paragraph may open with a sentence ("2.1 The Chief Executive
    # advised ..."): printed minutes numbered by paragraph have nothing else to cite
    numbered = _not_lists(_numbered_lines(lines, sentences=sentences), lines)
    heads = _with_children(_longest_sequence(numbered), numbered)
    spans = []
    for k, head in enumerate(heads):
        stop = lines[heads[k + 1].index].start if k + 1 < len(heads) else len(text)
        spans.append(ItemSpan(head.number, head.title, head.title_end, stop))
    return spans


def _lettered_children(heads: list[_Head], candidates: list[_Head], numbered: list[_Head]) -> list[_Head]:
    """Items lettered "A.", "B.", "D. Highway" with the lines numbered from 1
    under each ("1. Grader Repair: ...", "2. Culvert ..."): those are its
    parts, numbered "D.1", "D.2"."""
    if not heads or any(h.family != "L" for h in heads):
        return heads
    by_line = {h.index: h for h in numbered if h.family == "N"}
    by_line.update({h.index: h for h in candidates if h.family == "N"})
    return _children(
        heads, [by_line[i] for i in sorted(by_line)], lambda head, n: (n,),
        lambda head, h, n: _Head(h.index, f"{head.number}.{n}", h.title, h.title_end, "L.N", (*head.key, n),
                                 h.markdown, h.dot),
    )


def _with_children(heads: list[_Head], numbered: list[_Head]) -> list[_Head]:
    """``heads`` and the paragraphs numbered a level below each of them,
    counting from 1 before the next ("2.4 Submitted an e-mail ..." /
    "2.4.1 It was agreed that ..." / "2.4.2 Councillor Lagan requested
    ..."): each is a paragraph of its own, and may be what is asked."""
    return _children(heads, numbered, lambda head, n: (*head.key, n), lambda head, h, n: h)


def _children(
    heads: list[_Head], lines: list[_Head], part_key: Callable[[_Head, int], tuple[int, ...]],
    part: Callable[[_Head, _Head, int], _Head],
) -> list[_Head]:
    """``heads``, each followed by the ``lines`` (in document order) between
    it and the next whose key is its ``n``-th part's, counting from 1
    (``part_key``), as ``part`` makes them."""
    out: list[_Head] = []
    for k, head in enumerate(heads):
        out.append(head)
        stop = heads[k + 1].index if k + 1 < len(heads) else None
        n = 1
        for h in lines:
            if h.index <= head.index or (stop is not None and h.index >= stop) or h.key != part_key(head, n):
                continue
            out.append(part(head, h, n))
            n += 1
    return out


def _numbered_lines(lines: list[Line], *, sentences: bool = False) -> list[_Head]:
    """Every line opening a paragraph with a number and a capital, whatever
    its wording, titled by its first sentence: "142.21 Pursuant to the
    Localism Act 2011: Receive declarations of interest in accordance with
    the act.", "2 Cyhoeddiadau/Announcements. T. Edwards thanked ...".  Only
    the printed sequence can make one of these a heading (``_in_sequence``,
    ``numbered_paragraphs``).  Not a line continuing a sentence ("... will be
    held on" / "4 June 2025 at 7pm"), not a date, not a sentence ("3. The
    Clerk reported ...", "1. The development shall ...", "2. That ...")."""
    out: list[_Head] = []
    for i, line in enumerate(lines):
        m = HEADING.match(line.content)
        if not m or m.group("label") or (_SENTENCE_START.match(m.group("title")) and not sentences):
            continue
        rest = m.group("title")
        line_rest = line.start + m.start("title")  # where the paragraph's own text opens
        lead = _FIRST_PART.match(rest)
        if lead:  # "10. a)To review and consider ...": the item opens with its first part
            rest = rest[lead.end():]
        if not (rest[:1].isupper() or rest[:1] in "\"'‘“(") or _MONTH_AFTER.match(rest):
            continue
        if i and not (lines[i - 1].blank or lines[i - 1].stripped.rstrip(" |").endswith(_PARAGRAPH_END)):
            continue
        number = m.group("num")
        gap = m.string[m.end("num"):m.start("title")]
        if re.fullmatch(r"(?:19|20)\d\d", number) and not m.group("dot") and not (
            _COLUMN_GAP.fullmatch(gap) and _prose(m.group("title"))
        ):  # a year opening a line ("2019 saw ...", a table's "2019    Precept £2,000"), not a minute number
            continue  # set in its column before its minutes ("2004      The Chairman opened the meeting ...")
        rest_start = line_rest + (lead.end() if lead else 0)
        window = rest[:_MAX_SENTENCE_TITLE_CHARS + 2]  # a longer first sentence is no title anyway
        stop = _FIRST_STOP.search(window)
        while stop and _ABBREV.search(window[max(0, stop.start() - 6): stop.start() + 1]):
            stop = _FIRST_STOP.search(window, stop.end())
        cut = stop.start() + 1 if stop else len(rest)
        title_end = rest_start + (stop.end() if stop else len(rest))
        colon = _TITLE_COLON.match(rest) if sentences else None
        if colon:  # "2008   Finance: The hall hire was paid ...": the label is the title
            cut = len(colon.group("title"))
        if sentences:  # the paragraph is its own text, its opening words its title (not a bare list entry)
            title_end = line_rest
            if cut > _MAX_SENTENCE_TITLE_CHARS:
                words = rest.rfind(" ", 0, _SENTENCE_TITLE_WORDS_CHARS)
                cut = words if words > 0 else cut
        elif cut > _MAX_SENTENCE_TITLE_CHARS:
            continue
        title = clean_title(rest[:cut]).rstrip(".")
        caps = None if sentences else _CAPS_WORD.match(rest)
        if caps:  # "38. APOLOGIES Apologies for absence were ...": the word in capitals is the title
            title, title_end = caps.group(1), rest_start + caps.end(1)
        if not title or len(title) > _MAX_SENTENCE_TITLE_CHARS:
            continue
        out.append(_Head(i, number, title, title_end, family_of(number), _key(number), 0, m.group("dot") or ""))
    return out


def _follows(before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    """Whether ``after`` is the number printed next after ``before``: one
    part up by one, the parts after it unchanged or restarting ("141.21" ->
    "142.21", "3.1" -> "3.2", "3.2" -> "4.1", "7" -> "8")."""
    if len(before) != len(after):
        return False
    for p, (b, a) in enumerate(zip(before, after)):
        if a != b:
            return a == b + 1 and all(x == y or x in (0, 1) for x, y in zip(after[p + 1:], before[p + 1:]))
    return False


def _in_sequence(kept: list[_Head], numbered: list[_Head], worded: list[_Head] = ()) -> list[_Head]:
    """The kept headings plus the numbered lines the printed sequence makes
    headings whatever their wording: those filling a gap between two kept
    headings number by number ("141.21 Receive apologies" ... "145.21
    Interview ..." hold 142.21 to 144.21), and those going on from the last
    kept heading until the numbering restarts, and those counting up to the
    first kept heading; the one number missing between two headings may be
    worded as a sentence (``worded``: "2. There were no declarations.").  A line counts only when its
    number is printed as the headings' are ("4." after "3.", not "4 Councillors
    voted ..." after "3. Skate Park")."""
    taken = {h.index for h in kept}
    counts: dict[str, int] = {}
    for h in kept:
        counts[h.family] = counts.get(h.family, 0) + 1
    main = max(counts, key=lambda f: (counts[f], -min(h.index for h in kept if h.family == f)))
    spine = [h for h in kept if h.family == main]
    dots: dict[str, int] = {}
    for h in spine:
        dots[h.dot] = dots.get(h.dot, 0) + 1
    dot = max(dots, key=lambda d: (dots[d], d))
    numbered = [h for h in numbered if h.index not in taken and h.family == main]
    starts = [h.index for h in numbered]
    added: list[_Head] = []
    for left, right in zip(spine, [*spine[1:], None]):
        path, current = [], left
        lo = bisect.bisect_right(starts, left.index)
        hi = bisect.bisect_left(starts, right.index) if right is not None else len(starts)
        # printed as the headings are; or the one number missing between two of them ("2." / "3 Minutes
        # from ..." / "4 Matters arising"), whose neighbours both count
        between = [h for h in numbered[lo:hi] if h.dot == dot]
        if not between and right is not None:
            between = [h for h in numbered[lo:hi] if _follows(left.key, h.key) and _follows(h.key, right.key)][:1]
        if not between and right is not None:  # ... or worded as a sentence ("2. There were no declarations.")
            between = [h for h in worded if left.index < h.index < right.index and h.family == main and h.dot == dot
                       and _follows(left.key, h.key) and _follows(h.key, right.key)][:1]
        for h in between:
            if _follows(current.key, h.key):
                path.append(h)
                current = h
            elif right is None and h.key <= current.key:
                break  # the numbering restarts: a list inside the last item
        if right is None:  # ... and after the last, the next number worded as a sentence ("11. The Council resolved ...")
            for h in worded:
                if h.index > current.index and h.family == main and h.dot == dot and _follows(current.key, h.key):
                    path.append(h)
                    current = h
        if right is None or _follows(current.key, right.key):
            added.extend(path)
    # and those counting up to the first kept heading ("37.PRESENT", "38. APOLOGIES Apologies ...",
    # then "39. TO RECEIVE A PRESENTATION"): printed as the headings are, each the number before the next
    current = spine[0]
    for h in reversed(numbered[:bisect.bisect_left(starts, spine[0].index)]):
        if h.dot == dot and _follows(h.key, current.key):
            added.append(h)
            current = h
    return sorted([*kept, *added], key=lambda h: h.index)


def _longest_sequence(heads: list[_Head]) -> list[_Head]:
    """The longest run of ``heads`` numbered one after another, in document
    order (three at least; else []).  Linear: each head extends the best run
    ending in a number it follows, looked up by that number (or, where its
    later parts restart at 0 or 1, by the part before)."""
    exact: dict[tuple[str, tuple[int, ...]], int] = {}  # (family, key) -> index into heads of the best run's end
    by_prefix: dict[tuple[str, tuple[int, ...]], int] = {}  # (family, key prefix) -> the same
    length: list[int] = []
    parent: list[int] = []
    for n, h in enumerate(heads):
        best, before = 0, -1
        for p, part in enumerate(h.key):
            if part == 0:
                continue
            prefix = (*h.key[:p], part - 1)
            found = [exact.get((h.family, prefix + h.key[p + 1:]), -1)]
            if all(x in (0, 1) for x in h.key[p + 1:]):
                found.append(by_prefix.get((h.family, prefix), -1))
            for j in found:
                if j >= 0 and length[j] > best and _follows(heads[j].key, h.key):
                    best, before = length[j], j
        length.append(best + 1)
        parent.append(before)
        for p in range(1, len(h.key) + 1):
            slot = (h.family, h.key[:p])
            if slot not in by_prefix or length[by_prefix[slot]] < length[n]:
                by_prefix[slot] = n
        if (h.family, h.key) not in exact or length[exact[(h.family, h.key)]] < length[n]:
            exact[(h.family, h.key)] = n
    if not length or max(length) < _LIST_RUN:
        return []
    return _best_run(heads, length, parent)


def _sentence_title(rest: str) -> str | None:
    """The agenda wording after a minute code or a "Minute 151:" label, kept
    whole as the title: the code marks the heading, whatever its wording."""
    title = clean_title(rest).rstrip(".")
    if not rest[:1].isupper() or not title or len(title) > _MAX_SENTENCE_TITLE_CHARS:
        return None
    return title


def _under_heading(lines: list[Line], i: int) -> _Head | None:
    """A minute code alone on line ``i`` under its heading in capitals (one
    to three lines, "DECLARATIONS OF LOBBYING (IN ACCORDANCE ...)"): the head
    starts at the heading's first line and its body after the code."""
    m = _CODE_LINE.match(lines[i].content)
    if not m:
        return None
    first = i
    while first > 0 and i - first < 3:
        above = lines[first - 1]
        letters = [ch for ch in above.stripped if ch.isalpha()]
        if above.blank or len(letters) < 3 or above.stripped.upper() != above.stripped or HEADING.match(above.content):
            break
        first -= 1
    if first == i:
        return None
    title = clean_title(" ".join(ln.stripped for ln in lines[first:i]))
    number = m.group("num")
    return _Head(first, number, title, lines[i].end, family_of(number), _key(number), 0)


def _title(rest: str, rest_start: int, line_end: int) -> tuple[str | None, int]:
    """(title, where the body may begin) of a heading line's text after the
    number, or (None, 0) when the text reads as prose, not a heading."""
    stamp = TIME_STAMP.match(rest)  # "D. 05:32:42 PM Executive Session ...": the recording's time first
    if stamp and rest[stamp.end():][:1].isupper():
        after = _title(rest[stamp.end():], rest_start + stamp.end(), line_end)
        if after[0] is not None:
            return after
    if not rest[:1].isupper() and not rest[:1].isdigit() and rest[:1] not in "\"'‘“(" and not _LOWER_AGENDA.match(rest):
        return None, 0
    if label_at(rest):
        return None, 0
    title = clean_title(rest)
    dash = _TITLE_DASH.match(rest)  # "6.1 Translation Service - The service is expected ..."
    if dash and _title_case(dash.group("title")) and _prose(rest[dash.end():]):
        return clean_title(dash.group("title")), rest_start + dash.end()
    colon = _TITLE_COLON.match(rest)  # "B. Adjustments to the Agenda: None", "A. Call to Order: The Chair ..."
    colon_title = (colon is not None and _title_case(colon.group("title")) and not label_at(colon.group("title"))
                   and not _CAPS_WORD.match(rest))  # "PRESENT Councillors: ...": the capitals are the title
    if colon_title and _NOTHING.match(rest, colon.end()):  # the minutes are "None": not part of the title
        return clean_title(colon.group("title")), rest_start + colon.end()
    caps = _CAPS_RUN.match(rest) or _CAPS_WORD.match(rest)
    if caps and _prose(rest[caps.end():]) and _opens_sentence(rest[caps.end():]):
        # "APOLOGIES Apologies for absence were received from ...": the capitals, then the minutes
        return _caps_title(caps.group(0), rest_start)
    if title and _PART_START.match(title) and not _title_case(title):
        return None, 0  # a resolution's part: "1. The report be received ahead of its submission to Council"
    if title and len(title) <= _MAX_TITLE_CHARS and len(title.split()) <= _MAX_TITLE_WORDS:
        stripped = rest.rstrip()
        if stripped.endswith((";", ",")) or (
            stripped.endswith(":") and not _title_case(title) and not _AGENDA_WORDING.match(title)
        ):  # "Opening Remarks (Chair):" and "To consider the following applications:" head items;
            return None, 0  # "the report stated:" does not
        if stripped.endswith(".") and colon_title and _prose(rest[colon.end():]):
            # "41/24 Apologies: Cllr S Rees, ... and Cllr P Owen sent their apologies.": a label and a
            # sentence, however many capitals the names give the line
            return clean_title(colon.group("title")), rest_start + colon.end()
        if stripped.endswith(".") and not (_title_case(title) and not _ABBREV.search(stripped)) and not (
            _AGENDA_WORDING.match(title) or _SHORT_TOPIC.match(title)
        ):
            if colon_title and _prose(rest[colon.end():]):  # "Call to Order: The Chair called the meeting ..."
                return clean_title(colon.group("title")), rest_start + colon.end()
            return None, 0  # a sentence; not the agenda's wording "To declare any interest.", nor "Matters arising."
        return title.rstrip("."), line_end
    caps = _CAPS_RUN.match(rest)  # "7 PLANNING APPLICATIONS The Committee considered ..."
    if caps and len(caps.group(0).split()) >= 2:
        return _caps_title(caps.group(0), rest_start)
    if colon_title and _prose(rest[colon.end():]):  # "Grader Repair: Mr. Moreno reported that ..." (a long line)
        return clean_title(colon.group("title")), rest_start + colon.end()
    return None, 0


def _caps_title(caps: str, rest_start: int) -> tuple[str, int]:
    """(title, its end) of a heading's words in capitals, less an "A" or "I"
    that opens the minutes ("PUBLIC QUESTIONS A resident asked ...")."""
    words = caps.split()
    if len(words) > 1 and words[-1] in {"A", "I"}:
        caps = caps[: caps.rstrip().rfind(" ")]
    return clean_title(caps), rest_start + len(caps)


def _prose(text: str) -> bool:
    """Whether text reads as a sentence, not the rest of a title ("2025 to
    2029", "Cyber Security Review - CAO-2024-012"): four words or more,
    some of them in lower case."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    lower = [w for w in words if w.islower() and w not in _STOP]
    return len(text.split()) >= 4 and len(lower) >= 2


def _opens_sentence(text: str) -> bool:
    """Whether text opens with prose: a word in lower case, not a small one,
    among its first four ("Apologies for absence were ...", not "Applications
    Received")."""
    return any(w.islower() and w not in _STOP for w in text.split()[:4])


def _title_case(title: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", title) if w.lower() not in _STOP]
    if not words:
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _rising(heads: list[_Head]) -> list[_Head]:
    """The longest run of ``heads`` whose keys rise (in document order); of
    runs as long, the one ending first, each extending the earliest-ending
    longest run before it.  A prefix-maximum tree over the keys' ranks finds
    that run for each head in log time (the scan of every earlier run it
    replaces took 8 s for 8,000 headings)."""
    if not heads:
        return []
    ranks = {key: r for r, key in enumerate(sorted({h.key for h in heads}), start=1)}
    tree: list[tuple[int, int]] = [(0, 1)] * (len(ranks) + 1)  # (run length, -index of its end)
    parent: list[int] = []
    length: list[int] = []
    for n, h in enumerate(heads):
        best, r = (0, 1), ranks[h.key] - 1  # the best run among keys ranked below this one
        while r > 0:
            best = max(best, tree[r])
            r -= r & -r
        parent.append(-best[1] if best[0] else -1)
        length.append(best[0] + 1)
        entry, r = (best[0] + 1, -n), ranks[h.key]
        while r <= len(ranks):
            tree[r] = max(tree[r], entry)
            r += r & -r
    return _best_run(heads, length, parent)


def _best_run(heads: list[_Head], length: list[int], parent: list[int]) -> list[_Head]:
    """The longest run (the first to end, of runs as long), read back from
    its end over each head's ``parent`` (-1: none)."""
    n = max(range(len(heads)), key=lambda k: (length[k], -k))
    run: list[_Head] = []
    while n >= 0:
        run.append(heads[n])
        n = parent[n]
    return run[::-1]


def _not_lists(candidates: list[_Head], lines: list[Line]) -> list[_Head]:
    """Candidates less those in a numbered list: three or more lines in a
    row, all of one numbering, with no text between (conditions, an agenda
    printed before the minutes); a line holding its heading's minutes too
    is not one."""
    # a heading with its minutes on the same line ("6.1 Translation Service - The
    # service is expected ...") is no bare list entry
    by_line = {h.index: h for h in candidates if h.title_end >= lines[h.index].end}
    nonblank = [i for i, ln in enumerate(lines) if not ln.blank]
    drop: set[int] = set()
    run: list[int] = []
    for i in [*nonblank, -1]:
        h = by_line.get(i)
        if h is not None and run and by_line[run[-1]].family == h.family:
            run.append(i)
            continue
        if len(run) >= _LIST_RUN:
            drop.update(run)
        run = [i] if h is not None else []
    return [h for h in candidates if h.index not in drop]


def _lone_sub_item(head: _Head, lines: list[Line]) -> bool:
    """One sub-item under its item counts when it is the first ("3.1" under
    "3") and its line is a heading alone, no sentence ("3.1 Gem, 1 Upper St
    Martin's Lane WC2", not "1.1 Substitutes: Councillor Yardley attended ...")."""
    line = lines[head.index].stripped
    return (
        _follows(head.key[:1] + (0,), head.key)
        and head.title_end >= lines[head.index].end
        and not line.endswith((".", ":", ";", ","))
        and ": " not in head.title
        and _title_case(head.title)
    )


def _kept(candidates: list[_Head], lines: list[Line]) -> list[_Head]:
    groups: dict[tuple[str, int], list[_Head]] = {}
    for h in candidates:
        groups.setdefault((h.family, h.markdown), []).append(h)
    runs = {g: _rising(hs) for g, hs in groups.items()}
    runs = {  # letters head items only from "A." or "B." on, not initials ("T. Tynan")
        g: run for g, run in runs.items() if g[0] != "L" or (len(run) >= _MIN_LETTERS and run[0].key <= (2,))
    }
    if not any(len(r) >= _MIN_ITEMS for r in runs.values()):
        return []
    main = max(runs, key=lambda g: (len(runs[g]), -runs[g][0].index))
    parent = (main[0][:-1].rstrip("."), main[1])
    if main[0].endswith(("Na", "N.a")) and len(runs.get(parent, ())) >= _MIN_ITEMS and {h.key[:1] for h in runs[main]} <= {
        h.key for h in runs[parent]
    }:  # "1A.", "1B." ("1.a", "1.b") ... are parts of "1. OPEN SESSION", however many more of them there are
        main = parent
    kept = list(runs[main])
    parents = {h.key[:1] for h in kept}
    for g, run in runs.items():
        lettered = g[0] == main[0] + "a"  # "1A. Call to Order", "1B. Roll Call" under "1. OPEN SESSION"
        if g == main or (g[0].count(".") != main[0].count(".") + 1 and not lettered) or "/" in g[0]:
            continue
        children = [h for h in run if h.key[:1] in parents]
        if len(children) >= _MIN_ITEMS or len(children) == 1 and _lone_sub_item(children[0], lines):
            kept.extend(children)
    return sorted(kept, key=lambda h: h.index)
