"""Sentences and words of minutes text, for the answerers.

``split_sentences`` cuts an agenda item's text into verbatim spans (a bullet,
a sentence, a resolution part); ``clauses`` cuts one sentence further at its
";" and ":" boundaries, the only places an answer may trim.  ``Terms`` holds
the stemmed content words and numbers of a text, the lexical evidence both
answerers weigh.  Everything here is pure and deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import Stemmer

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "shall", "may", "might", "must", "ever", "let", "us", "please", "tell", "give", "show", "know", "want", "like", "get", "got", "any", "anything", "something", "thing", "things", "well", "much", "many", "gave", "given", "gives", "giving", "told", "said", "make", "made", "send", "sent", "sends", "sending"]
    # how people type a question ("is the village going to get one of those signs",
    # "whats happening with ...", "they're"): the phrasing, never its subject
    + ["going", "goes", "gone", "went", "getting", "gets", "really", "actually", "anyone", "anybody",
       "someone", "somebody", "everyone", "everybody", "lot", "lots", "kind", "sort"]
    + [f"{w}{a}{t}" for w in ("they", "we", "you", "it", "there", "what", "that", "who") for a in ("'", "’")
       for t in ("re", "s", "ll", "ve", "d")]
    + ["whats", "thats", "theyre", "isn't", "aren't", "wasn't", "weren't", "didn't", "doesn't", "don't",
       "won't", "can't", "isn’t", "aren’t", "wasn’t", "weren’t", "didn’t", "doesn’t", "don’t", "won’t", "can’t"]
)

# Words that say what kind of question it is, or name the setting, rather
# than what it is about: they do not count as evidence.
GENERIC = frozenset(
    ["council", "councils", "councillor", "councillors", "committee", "committees", "meeting", "meetings", "minutes", "minute", "say", "said", "says", "discuss", "discussed", "discussion", "decide", "decided", "decision", "decisions", "resolve", "resolved", "resolution", "resolutions", "agree", "agreed", "recommend", "recommended", "recommendation", "recommendations", "happen", "happened", "happening", "happens", "mention", "mentioned", "note", "noted", "record", "recorded", "item", "items", "year", "years", "time", "times", "ever", "across", "over", "history", "discussed", "talk", "talked", "regard", "regarding", "respect", "number", "numbers", "date", "dated", "day", "cabinet", "scrutiny", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
)

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_NUMBER = re.compile(r"£?\d[\d,]*(?:\.\d+)?(?:\s?(?:m|bn|k)\b)?(?:[-–/]\d+)?%?")
_DIGITS = re.compile(r"\d")

# Text around items that is page furniture, not minutes.
_FURNITURE = re.compile(
    r"\s*(?:\.{3}\s+view the full minutes text for item [\w.]+\.?"
    r"|pdf icon PDF [\d.]+ [KM]B)\s*$",
    re.IGNORECASE,
)
_JUNK_LINE = re.compile(
    r"^(?:minutes|additional documents|supporting documents|items|no\.?( item)?|item|"
    r"resolved|recommendations?|agreed|decision|media)\s*:?\s*$|^[\d.]+$",
    re.IGNORECASE,
)
# Whole lines (or table cells) that are page furniture: a markdown link or
# image alone, a document link with its size, a breadcrumb, a page number,
# a running header glued to its page number ("2HEREFORD CITY COUNCIL ...").
_FURNITURE_LINE = re.compile(
    r"^!?\[[^\]]*\]\([^)]*\)[\s.,;:|]*$"
    r"|^(?:[-•*]\s*)?[^.!?]{0,120}\bPDF\s+[\d.]+\s*[KM]B\s*$"
    r"|^(?:pdf icon\s*)?PDF\s+[\d.]+\s*[KM]B\b"
    r"|^(?:page\s+)?\d+\s*(?:of\s*\d+)?$"
    r"|^(?:you are here|home)\s*[:>»›]"
    r"|\S\s[>»›]\s\S.*\s[>»›]\s\S"
    r"|^\d+[A-Z][A-Z&,'’ -]{8,}$"
    r"|^(?:skip to (?:main )?content|print this page|view directions|back to top)\b",
    re.IGNORECASE,
)
_TABLE_RULE = re.compile(r"^[\s|:\-]*$")
_CELL_LABEL = re.compile(r"^(?:minutes|decision|resolved|outcome)\s*:\s+(?=\S)", re.IGNORECASE)
_BULLET = re.compile(r"[\s\u00a0]*(?:[·•▪◦●*]|-(?=\s)|–(?=\s))[\s\u00a0]*")
_EDGE_JUNK = "*_ \t\u00a0"
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(£]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "cllr", "st", "no", "nos", "e.g", "i.e", "etc", "approx", "co", "ltd", "rev", "prof", "vs", "cf", "al", "inc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "para", "paras", "fig", "jr", "sr", "cr", "hon"]
)
_WRAPPED_WORDS = 10  # a line this long that stops mid-sentence was wrapped
_LINE_ENDS_SENTENCE = re.compile(r"[.!?:;][\"”’')\]*]*$")


def fold(text: str) -> str:
    """Whitespace folded to single spaces (quotes compare in this form)."""
    return " ".join(text.split())


def _clean(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


_TWO_YEARS = re.compile(r"^((?:19|20)\d{2})[-/]((?:19|20)?\d{2})$")


def normalise_number(token: str) -> str:
    """'£382,000' -> '382000'; '1.3m' -> '1.3m'; a financial year in any
    notation ('2016/17', '2016-2017', '2016–17') -> '2016-17'."""
    token = token.replace("£", "").replace(",", "").replace(" ", "").replace("–", "-")
    token = token.rstrip("%")
    m = _TWO_YEARS.match(token)
    if m:
        first, last = int(m.group(1)), _full_year(int(m.group(1)), m.group(2))
        if last == first + 1:
            return financial_year(first)
    return token


def financial_year(first: int) -> str:
    """2016 -> '2016-17': the year from April 2016 to March 2017."""
    return f"{first}-{(first + 1) % 100:02d}"


def _full_year(first: int, second: str) -> int:
    """The second year of '2016-17' or '2016-2017' as a full year."""
    if len(second) == 4:
        return int(second)
    year = first // 100 * 100 + int(second)
    return year + 100 if year < first else year


def numbers(text: str) -> frozenset[str]:
    return frozenset(normalise_number(m.group()) for m in _NUMBER.finditer(text))


@dataclass(frozen=True)
class Terms:
    """The lexical evidence of a text: content stems and numbers."""

    stems: frozenset[str]
    numbers: frozenset[str]
    capitalised: frozenset[str]  # stems of capitalised words not opening a sentence

    @classmethod
    def of(cls, text: str, *, keep_generic: bool = False) -> Terms:
        return TermExtractor().terms(text, keep_generic=keep_generic)

    @property
    def empty(self) -> bool:
        return not self.stems and not self.numbers


NO_TERMS = Terms(frozenset(), frozenset(), frozenset())


class TermExtractor:
    """Content stems of texts, with one Snowball stemmer and a memo of words.

    Make one per request: stemmer instances are not thread-safe, and the memo
    makes the hundreds of sentences of one answer cheap to stem.
    """

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._memo: dict[str, str] = {}

    def stem(self, word: str) -> str:
        found = self._memo.get(word)
        if found is None:
            found = self._memo[word] = self._stemmer.stemWord(_clean(word))
        return found

    def sentence_terms(self, text: str) -> Terms:
        """Terms of a sentence to be searched (generic words kept, no
        capitalisation): the fast path for the hundreds of sentences."""
        stems = frozenset(
            self.stem(w) for w in set(_WORD.findall(text.lower()))
            if len(w) > 1 and w not in STOPWORDS
        )
        return Terms(stems, numbers(text), frozenset())

    def terms(self, text: str, *, keep_generic: bool = False) -> Terms:
        stems: set[str] = set()
        caps: set[str] = set()
        for i, w in enumerate(words(text)):
            low = w.lower()
            if len(w) < 2 or low in STOPWORDS or (not keep_generic and low in GENERIC):
                continue
            s = self.stem(w)
            stems.add(s)
            if i > 0 and w[0].isupper() and not w.isupper():
                caps.add(s)
        return Terms(frozenset(stems), numbers(text), frozenset(caps))


def stem(word: str) -> str:
    return TermExtractor().stem(word)


def stem_words(words: Sequence[str]) -> list[str]:
    """``stem`` of many words at once (one stemmer, one call: a whole
    index vocabulary in well under a second)."""
    return Stemmer.Stemmer("english").stemWords([_clean(w) for w in words])


@dataclass(frozen=True)
class Sentence:
    """A verbatim span of an item's text: ``text == fold(source[start:end])``."""

    text: str
    start: int
    end: int
    kind: str = "text"  # "text" or "resolution"
    position: int = 0  # order within its item
    terms: Terms = field(default=NO_TERMS, compare=False, repr=False)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past bullets, markdown emphasis and furniture."""
    while True:
        before = (start, end)
        m = _BULLET.match(text, start, end)
        if m and m.end() > start:
            start = m.end()
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
        f = _FURNITURE.search(text, start, end)
        if f:
            end = f.start()
            if len(text[start:end].split()) < 6:  # a stub cut off by "... view the full"
                return start, start
        if (start, end) == before:
            return start, end


def _cells(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """A line as (start, end, closed) cells: split at each ``|`` of a table
    row (closed: the cell ended at a ``|``, so the next line starts anew)."""
    if "|" not in text[start:end]:
        return [(start, end, False)]
    out: list[tuple[int, int, bool]] = []
    begin = start
    for i in range(start, end):
        if text[i] == "|":
            out.append((begin, i, True))
            begin = i + 1
    out.append((begin, end, False))
    return [c for c in out if text[c[0]:c[1]].strip()]


def _table_row(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A line that is a row of a data table (``| HWB/24/23 | Share the
    toolkit | ICB Lead | Dec 2024 | Overdue |``) as the span from its first
    cell to its last, or None: it opens with ``|`` and has two or more
    cells (blank ones too), none longer than a table cell is (a row of prose
    cells, a minutes table's item and its text, is read cell by cell)."""
    line = text[start:end].strip()
    if not line.startswith("|"):
        return None
    cells = _cells(text, start, end)  # blank cells left out
    printed = line.count("|") - (1 if line.endswith("|") else 0)  # blank cells counted: "| Bolt Brothers | 1,050.00 | |"
    if not cells or printed < 2 or any(len(text[s:e].split()) > _CELL_WORDS for s, e, _c in cells):
        return None
    return cells[0][0], cells[-1][1]


def _lines(text: str) -> list[tuple[int, int, int]]:
    """The item's units before sentence splitting, as (start, end, body_end):
    non-blank lines (table cells), lines wrapped mid-sentence joined, and
    lines that belong together grouped (``_group``).  Only [start, body_end)
    is cut into sentences; the rest joins the last of them whole."""
    spans: list[tuple[int, int]] = []
    closed = True
    gap = False  # a blank line since the last line, which ended mid-sentence (text printed double-spaced)
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if not raw.strip() or _TABLE_RULE.match(raw):
            if not closed and not gap and raw.strip() == "" and spans and spans[-1][0] >= 0:
                gap = True  # "... at Brookfield Works, Canal Road," / "" / "Eastwick for ..."
                continue
            spans.append((-1, -1))
            closed, gap = True, False
            continue
        row = _table_row(text, start, end)
        if row is not None:  # a data table's row: one fact, its cells in order
            spans.append(row)
            closed, gap = True, False
            continue
        for c_start, c_end, c_closed in _cells(text, start, end):
            if not closed and spans and spans[-1][0] >= 0 and _continues(text, spans[-1], (c_start, c_end)) and (
                not gap or _cut_mid_clause(text[spans[-1][0]:spans[-1][1]], text[c_start:c_end])
            ):
                spans[-1] = (spans[-1][0], c_end)
            else:
                if gap:
                    spans.append((-1, -1))
                spans.append((c_start, c_end))
            closed, gap = c_closed, False
    return _group(text, [s for s in spans if s[0] >= 0])


def _cut_mid_clause(prev: str, line: str) -> bool:
    """Whether a sentence runs on across a blank line: the line before ends
    with a comma or a small word, or the line after opens in lower case
    ("... Canal Road," / "" / "Eastwick for light industrial use, be
    approved.")."""
    prev, line = prev.rstrip(), line.strip()
    if re.search(r"\b(?:the|of|and|to|a|an|in|for|on|by|at|with)$", prev):
        return True  # "... declared the meeting opened at" / "" / "5.20 pm." (in lower case: "Appendix A" ends)
    if _OPENS_PART.match(line):
        return False  # a label, a numbered part, a bullet ("Also present:", "2.1 The ...", "o the verges")
    return prev.endswith(",") or line[:1].islower()


_OPENS_PART = re.compile(r"[A-Z][\w' ]{0,30}:|\d+(?:\.\d+)*\.?\s|o\s|www\.")


# Budgets of a grouped unit (a list, a table, a mover/seconder record): how
# much one quotable unit may hold; a longer list goes on as further units.
MAX_UNIT_LINES = 24
MAX_UNIT_WORDS = 120
_CELL_WORDS = 16  # a table cell or list entry line is short ...
_HEADER_WORDS = 4  # ... a header cell or a name shorter still
MAX_LIST_WORDS = 60  # a list (a table's cells) longer than a quote: its entries are units of their own
_LEAD_END = re.compile(r"(?::\s*-?|:-|\bthat\s*[-–—:]?)\s*$", re.IGNORECASE)  # "... the following:-"
# "(a)", "b)", "iv.", "3." or "(C)"; not an initial such as "G. Lowe".
_ENUMERATOR = re.compile(r"^(?:\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})[.)]|\((?:[A-Z]|[IVX]{1,5})\))\s+\S")
# "Moved by:", "Seconded by: Councillor X", "Proposer: ...": one record with the lines after it.
_RECORD_LABEL = re.compile(
    r"^(?:[-•·*]\s*)?(?:moved|seconded|proposed|mover|seconder|proposer)(?:\s+by)?\s*[:\-–]", re.IGNORECASE
)
_MOTION = re.compile(r"^(?:that|be it resolved)\b", re.IGNORECASE)
_DECISION_LABEL = re.compile(r"^(?:it\s+was\s+)?(?:unanimously\s+)?(?:resolved|agreed|decision|decided)\b", re.IGNORECASE)
# A lead-in that resolves or recommends: its lettered parts stay apart, the
# decision composer lists them one a line.
_DECIDES = re.compile(r"\b(?:resol\w*|recommend\w*|agree\w*|decid\w*|approv\w*|determin\w*)\b", re.IGNORECASE)
# Agenda wording: the item's purpose as the agenda printed it ("To approve the minutes ...").
_AGENDA_WORDING = re.compile(
    r"^to\s+(?:receive|approve|consider|agree|note|elect|review|adopt|appoint|confirm|discuss|decide|determine|"
    r"authorise|authorize|accept|ratify|sign|co-opt|resolve|nominate|debate|endorse)\b",
    re.IGNORECASE,
)


_LIST_ANNOUNCED = re.compile(r"(?::\s*-?|:-)\s*$")


def leads_to_list(text: str) -> bool:
    """Whether a unit ends by announcing the list after it ("... as
    follows:"), whose entries are units of their own."""
    return bool(_LIST_ANNOUNCED.search(text))


def announces_list(text: str) -> bool:
    """Whether a unit only announces the list after it ("During discussion
    the following principal points were noted:"): quoted alone it says
    nothing.  One holding a figure says something ("approved the
    allocation of £2.84m as follows:")."""
    return leads_to_list(text) and not re.search(r"\d", text)


def _line_kind(line: str) -> str:
    """'bullet', 'enumerated', 'lead' (ends ':'), 'cell' (short, no full
    stop), 'junk' or 'prose', for a folded line."""
    if not line or _FURNITURE_LINE.search(line):
        return "junk"
    if "|" in line:  # only a table row keeps its bars (``_table_row``)
        return "row"
    if _JUNK_LINE.match(line):  # a label line; a bare word ("Item", "Decision") may head a table's column
        return "cell" if line.replace(" ", "").isalpha() else "junk"
    m = _BULLET.match(line)
    if m and m.end() > 0:
        return "bullet"
    if _ENUMERATOR.match(line):
        return "enumerated"
    if _LEAD_END.search(line):
        return "lead"
    if len(line.split()) <= _CELL_WORDS and not re.search(r"[.!?;][\"”’')\]]*$", line):
        return "cell"
    return "prose"


def _group(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Lines that form one fact grouped into one unit: a lead-in ending ':'
    with the list below it (bullets, (a)/(i)/1. parts or one entry a line),
    mover and seconder lines, a run of table cells or names one a line, and
    the agenda's wording with the outcome line that follows it."""
    lines = [fold(text[s:e]) for s, e in spans]
    kinds = [_line_kind(x) for x in lines]
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i + 1
        body_end = end
        if _RECORD_LABEL.match(lines[i]):
            while j < len(spans) and _fits(lines, i, j) and (
                _RECORD_LABEL.match(lines[j]) or (lines[j - 1].endswith(":") and kinds[j] == "cell")
            ):
                j += 1
            if j < len(spans) and _MOTION.match(lines[j]) and kinds[j] != "lead" and _fits(lines, i, j):
                j += 1  # the motion they moved: who moved what is one fact (a motion with a list is its own unit)
            body_end = start
        elif kinds[i] == "lead" and j < len(spans) and (
            kinds[j] == "cell" or kinds[j] in ("bullet", "enumerated") and not _DECIDES.search(lines[i])
        ):
            entry = kinds[j]
            while j < len(spans) and kinds[j] == entry and _fits(lines, i, j):
                j += 1
            if sum(len(x.split()) for x in lines[i + 1:j]) > MAX_LIST_WORDS:
                j = i + 1  # a long list: its entries are statements (or rows) of their own
        elif kinds[i] == "row":
            body_end = start  # one row, whole: a cell's ';' or '.' ends no sentence
        elif kinds[i] == "lead" and j < len(spans) and _run_on_list(lines[i], lines[j]) and _fits(lines, i, j):
            j += 1  # "Those voting against were:" + the names run on one line: who voted how is one fact
        elif (
            kinds[i] == "cell" and i + 2 < len(spans) and kinds[i + 1] == kinds[i + 2] == "cell"
            and not (i and kinds[i - 1] == "cell")  # a table's start, not the rest of a long one
            and len(lines[i].split()) <= _HEADER_WORDS and len(lines[i + 1].split()) <= _HEADER_WORDS
        ):  # a table's header cells, or names, one a line
            while j < len(spans) and kinds[j] == "cell" and _fits(lines, i, j, MAX_LIST_WORDS):
                j += 1
            body_end = start
        elif (
            _AGENDA_WORDING.match(lines[i]) and j < len(spans) and kinds[j] == "prose"
            and not _DECISION_LABEL.match(lines[j]) and _fits(lines, i, j)
        ):
            j += 1  # "To approve the minutes of 1 March." + what became of it
            body_end = start
        out.append((start, spans[j - 1][1], body_end))
        i = j
    return out


def _run_on_list(lead: str, line: str) -> bool:
    """Whether ``line`` is one list run on a single line after ``lead``
    (names or entries parted by commas, not a sentence): the lead-in's
    whole content, quoted with it.  A lead-in that decides keeps its parts
    apart for the decision list."""
    if _DECIDES.search(lead) or _SENTENCE_END.search(line) or _ENUMERATOR.match(line):
        return False
    return line.count(",") >= 2 and not re.search(r"[.!?;:]$", line)


def _fits(lines: list[str], first: int, nxt: int, words: int = MAX_UNIT_WORDS) -> bool:
    """Whether line ``nxt`` may still join the unit opened at ``first``."""
    if nxt - first >= MAX_UNIT_LINES:
        return False
    return sum(len(x.split()) for x in lines[first:nxt + 1]) <= words


def _continues(text: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    """Whether ``current`` is the wrapped rest of ``previous``'s sentence."""
    prev = text[previous[0]:previous[1]].rstrip()
    line = text[current[0]:current[1]].strip()
    if not prev or not line or _BULLET.match(line) or _LINE_ENDS_SENTENCE.search(prev):
        return False
    if _FURNITURE_LINE.search(fold(line)) or _FURNITURE_LINE.search(fold(prev)):
        return False
    if (line[0].isupper() and _heading_like(line)) or _RECORD_LABEL.match(line) or _ENUMERATOR.match(line):
        return False
    # A long line cut mid-sentence (printed or PDF text wrapped at a width),
    # also after a hyphen or comma ("Councilmembers ... Kris Lawrence-").
    if prev[-1] == "-" and prev[-2:-1].isalpha() and line[0].isalpha():
        return True  # a word hyphenated at the line's end ("Vance-" / "Whitby")
    wrapped = len(prev.split()) >= _WRAPPED_WORDS and (prev[-1].isalnum() or prev[-1] in ",(&/")
    return wrapped or line[0].islower() or bool(
        re.search(r"\b(?:the|of|and|to|a|an|in|for|on|by|at|with)$", prev, re.IGNORECASE)
    )


def _heading_like(line: str) -> bool:
    """A heading or label line: 'ROLL CALL', 'Apologies:', 'Moved by:'."""
    folded = fold(line)
    if folded.endswith(":") and len(folded.split()) <= 6:
        return True
    letters = [c for c in folded if c.isalpha()]
    named = sum(1 for w in folded.split() if w.isalpha())
    return named >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.8


_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # "V.J", "A.R", "P.M" (the last full stop stripped)


def _sentence_spans(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Sentences inside one line, not cut after abbreviations or initials."""
    begin = start
    for m in _SENTENCE_END.finditer(text, start, end):
        before = text[begin:m.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()) or _INITIALS.fullmatch(last):
            continue
        yield begin, m.end()
        begin = m.end()
    yield begin, end


def split_sentences(
    text: str, extractor: TermExtractor | None = None, *, kind: str = "text"
) -> list[Sentence]:
    """The item's text as verbatim sentences, page furniture left out, each
    with its terms (generic words kept)."""
    extractor = extractor or TermExtractor()
    out: list[Sentence] = []
    for line_start, line_end, body_end in _lines(text):
        spans = list(_sentence_spans(text, line_start, body_end))
        spans[-1] = (spans[-1][0], line_end)  # a list, table or record stays whole
        for s, e in spans:
            s, e = _trim_span(text, s, e)
            if e <= s:
                continue
            folded = fold(text[s:e])
            label = _CELL_LABEL.match(folded)
            rest = folded[label.end():] if label else ""
            # "Minutes: Apologies were received ...": the label is no part of it; but
            # "Resolved: No Objection." is an outcome only with its label
            start_of = s
            if label and (len(rest.split()) >= 3 or _DIGITS.search(rest)):
                s = _advance(text, s, label.group().strip())
                folded = fold(text[s:e])
            if _JUNK_LINE.match(folded) or _FURNITURE_LINE.search(folded):
                continue
            outcome = (bool(label) and s == start_of and not label.group().lower().startswith("minutes")
                       and folded.endswith("."))  # "Resolved: No Objection.", not a lead-in "RESOLVED: That"
            body = rest if label and s == start_of else folded  # a kept label is no word of the unit's own
            if len(body.split()) < 3 and not _DIGITS.search(body) and not outcome:
                continue
            terms = extractor.sentence_terms(folded)
            out.append(Sentence(folded, s, e, kind, len(out), terms))
    return out


def _advance(text: str, start: int, label: str) -> int:
    """The offset after ``label`` (matched word by word) and the space after it."""
    pos = start
    for word in label.split():
        pos = text.index(word, pos) + len(word)
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


_CLAUSE_END = re.compile(r"[;:](?=\s)|,(?=\s+(?:which|and|but|although|though|whilst|while|despite|however)\b)")


def clauses(sentence: str) -> list[str]:
    """``sentence`` cut after each ';' or ':' (and before a linking ', which'):
    the pieces, each stripped, in order; joined with spaces they give back the
    folded sentence."""
    pieces: list[str] = []
    begin = 0
    for m in _CLAUSE_END.finditer(sentence):
        piece = sentence[begin:m.end()].strip()
        if piece:
            pieces.append(piece)
        begin = m.end()
    tail = sentence[begin:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def month_year_mentions(text: str) -> list[str]:
    """ISO prefixes ('2022-02', '2005') for each month-year or year mentioned."""
    found: list[str] = []
    low = text.lower()
    for m in re.finditer(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", low):
        found.append(f"{m.group(2)}-{MONTHS.index(m.group(1)) + 1:02d}")
    for m in re.finditer(r"\b((?:19|20)\d{2})\b(?![-–/]\d)", low):
        if not any(f.startswith(m.group(1)) for f in found):
            found.append(m.group(1))
    return found


# ------------------------------------------------------------ periods

_YEAR = r"(?:19|20)\d{2}"
_PERIOD = re.compile(
    rf"(?<![\d£$€.,/-])(?P<first>{_YEAR})(?:\s*[-–/]\s*(?P<second>{_YEAR}|\d{{2}}))?(?![\d%]|[.,]\d|[-/]\d)"
)
_SPAN_WORDS = re.compile(
    rf"\b(?:between|from)\s+(?:(?:{'|'.join(MONTHS)})\s+)?(?P<first>{_YEAR})\s+(?:and|to|until)\s+"
    rf"(?:(?:{'|'.join(MONTHS)})\s+)?(?P<last>{_YEAR})\b",
    re.IGNORECASE,
)
_OPEN_BEFORE = re.compile(
    r"\b(?:since|after|from|after\s+(?:it|they|this|that)\s+(?:was|were|had\s+been)\s+\w+(?:\s+\w+)?\s+(?:in|on))\s+"
    r"(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + "|".join(MONTHS) + r")\s+)?$",  # "after they were deferred in September 2024"
    re.IGNORECASE,
)
_CLOSE_BEFORE = re.compile(r"\b(?:before|until|till|prior to|up to)\s+(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + "|".join(MONTHS) + r")\s+)?$", re.IGNORECASE)
EARLIEST, LATEST = 1900, 2100


@dataclass(frozen=True)
class Period:
    """Calendar years ``first`` to ``last`` named in a text: one year (2021),
    a financial year (2016-17: April 2016 to March 2017), a span
    (2020-2023, "between 2016 and 2019") or an open one ("since 2018")."""

    first: int
    last: int

    @property
    def financial(self) -> bool:
        return self.last == self.first + 1

    def covers_date(self, iso: str) -> bool:
        """Whether a meeting on ``iso`` (YYYY, YYYY-MM or YYYY-MM-DD) falls in it;
        a financial year holds the meetings from April to the next March."""
        try:
            year = int(iso[:4])
            month = int(iso[5:7]) if len(iso) >= 7 else None
        except ValueError:
            return False
        if self.financial:
            if month is None:
                return year in (self.first, self.last)
            return (year if month >= 4 else year - 1) == self.first
        return self.first <= year <= self.last

    def overlaps(self, other: Period) -> bool:
        """Whether a period the text names meets this one (a named financial
        year is met only by itself or a span holding both its years)."""
        if self.financial and not other.financial:
            return other.first <= self.first and self.last <= other.last
        return other.first <= self.last and self.first <= other.last


# "March 26,2009": a scan lost the space after the day's comma (not "1,2009", an amount)
_GLUED_YEAR = re.compile(rf"((?:{'|'.join(MONTHS)})\s+\d{{1,2}}),(?=(?:19|20)\d\d\b)", re.IGNORECASE)


def periods(text: str) -> tuple[Period, ...]:
    """The years and periods ``text`` names, in order (no amounts, no '£2016')."""
    text = _GLUED_YEAR.sub(r"\1, ", text)
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for m in _SPAN_WORDS.finditer(text):
        first, last = int(m.group("first")), int(m.group("last"))
        found.append(Period(min(first, last), max(first, last)))
        taken.append(m.span())
    for m in _PERIOD.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        first = int(m.group("first"))
        last = _full_year(first, m.group("second")) if m.group("second") else first
        if last <= first or last - first > 10:  # '2022-02' is a month
            last = first
        if last == first:
            before = text[max(0, m.start() - 40):m.start()]
            if _OPEN_BEFORE.search(before):
                found.append(Period(first, LATEST))
                continue
            if _CLOSE_BEFORE.search(before):
                found.append(Period(EARLIEST, first))
                continue
        found.append(Period(first, last))
    return tuple(dict.fromkeys(found))


# ------------------------------------------------------------ compounds

_WORD_SPAN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_JOIN = re.compile(r"^(?:\s+|\s*-\s*)$")


def compounds(
    text: str, extractor: TermExtractor | None = None, *, keep_generic: bool = True
) -> frozenset[tuple[str, str]]:
    """Adjacent pairs of content words (stems), such as ('placement', 'order')
    for "placement orders": the multiword terms a text uses.  Words joined by
    anything but a space or hyphen, and a possessive first word, make no pair."""
    extractor = extractor or TermExtractor()
    pairs: set[tuple[str, str]] = set()
    previous: tuple[str, int, bool] | None = None  # (stem, end, possessive)
    for m in _WORD_SPAN.finditer(text):
        word = m.group()
        low = word.lower()
        if len(word) < 2 or low in STOPWORDS or (not keep_generic and low in GENERIC):
            previous = None
            continue
        stem_ = extractor.stem(word)
        if previous and not previous[2] and _JOIN.match(text[previous[1]:m.start()]):
            pairs.add((previous[0], stem_))
        previous = (stem_, m.end(), low.endswith(("'s", "’s")))
    return frozenset(pairs)


def _stem_prefix(stem_: str) -> str:
    """A prefix every surface form of the stem starts with ('strategi' ->
    'strateg' for "strategy"), for finding candidate words fast."""
    return re.escape(stem_[: max(3, len(stem_) - 1)])


def find_compounds(
    text: str, pairs: Iterable[tuple[str, str]], extractor: TermExtractor | None = None
) -> frozenset[tuple[str, str]]:
    """Which of ``pairs`` (stem pairs as ``compounds`` gives them) ``text``
    uses; the same test as ``compounds`` but one regular-expression search a
    pair instead of stemming every word of a long item."""
    extractor = extractor or TermExtractor()
    found: set[tuple[str, str]] = set()
    word = r"[^\W\d_]*(?:['’][^\W\d_]+)*"
    for first, second in pairs:
        pattern = re.compile(
            rf"(?<![^\W\d_'’])({_stem_prefix(first)}{word})(?:\s+|\s*-\s*)({_stem_prefix(second)}{word})(?![^\W\d_])",
            re.IGNORECASE,
        )
        for m in pattern.finditer(text):
            one, two = m.group(1), m.group(2)
            if one.lower().endswith(("'s", "’s")):
                continue
            if extractor.stem(one) == first and extractor.stem(two) == second:
                found.add((first, second))
                break
    return frozenset(found)
