"""Text helpers shared by every shape: decoding, whitespace, lines, offsets.

Every clean-up that the shapes apply to a document's text is *length
preserving* (markup characters become spaces, cell separators become
newlines), so offsets into ``Document.text`` are also offsets into the
decoded file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}
_WS_RUN = re.compile(r"[^\S\n]+")
# A motion's record line ("Proposed by Cllr. H. Kenny", "Seconded: Cr Bowden",
# "Resolved:-"): what a motion was, never an item's heading.
MOTION_LINE = re.compile(
    r"^[ \t\u00a0]*[•*·-]?[ \t\u00a0]*(?:(?:Moved|Seconded|Proposed)(?:\s+by\b|\s*:)|"
    r"(?:Resolved|Carried|Agreed|Lost)\b(?=\s*(?:[:.;–-]|unanimously|$)))",
    re.IGNORECASE,
)
_PDF_ICON = re.compile(r"\s*(?:pdf icon\s*)?\bPDF\s+[\d.,]+\s*[KMG]B\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """One line of a text: ``text[start:end] == content`` (no newline)."""

    start: int
    end: int
    content: str

    @property
    def stripped(self) -> str:
        return self.content.strip()

    @property
    def blank(self) -> bool:
        return not self.content.strip()


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KB (outside UTF-16) mean a binary file."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text and the encoding used: UTF-8 (BOM allowed), UTF-16 with
    a BOM, else Windows-1252, else Latin-1 (which never fails)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def control_share(text: str) -> float:
    """Share of control characters: high for binary data decoded as text."""
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(
        1 for ch in sample
        if ch not in _CONTROL_OK and unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}
    )
    return bad / len(sample)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """Every run of whitespace (non-breaking spaces too) to one space."""
    return " ".join(text.split())


def fold_lines(text: str) -> str:
    """Whitespace folded inside each line; blank lines dropped."""
    lines = (_WS_RUN.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with their offsets into ``text``."""
    end = len(text) if end is None else end
    if start >= end:
        return []
    out: list[Line] = []
    pos = start
    for content in text[start:end].split("\n"):
        out.append(Line(pos, pos + len(content), content))
        pos += len(content) + 1
    if out and not out[-1].content and out[-1].start == end:
        out.pop()  # text ending in a newline: no empty last line
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def blank_out(text: str, pattern: re.Pattern[str], fill: str = " ") -> str:
    """Replace every match of ``pattern`` with as many ``fill`` characters,
    keeping newlines, so every offset stays valid."""

    def _blank(m: re.Match[str]) -> str:
        return "".join("\n" if ch == "\n" else fill for ch in m.group(0))

    return pattern.sub(_blank, text)


def clean_title(raw: str) -> str:
    """A title as printed: markup and the "pdf icon PDF 242 KB" link text
    removed, wrapped lines joined."""
    title = fold(raw.replace("**", " "))
    title = _PDF_ICON.sub("", title)
    title = _WHOSE_ITEM.sub("", title).strip(" :-–")
    if _CAPITALS_STOP.search(title):  # "VOTES OF CONDOLENCE.": the heading's full stop is no part of it
        title = title[:-1].rstrip()
    return title


# a heading in capitals closed by one full stop; not an initial ("J. SMITH B.") nor an ellipsis
_CAPITALS_STOP = re.compile(r"^(?=[^a-z]*$)(?=.*[A-Z]{2}).*[A-Z&'’)]{2}\.$")


# "Leisure Facilities (Relevant Portfolio Holder: Councillor Y Gagen)": who
# brings the item, printed after its title, not part of it
_WHOSE_ITEM = re.compile(
    r"\s*\((?:Relevant\s+|Lead\s+)?(?:Portfolio\s+Holders?|Cabinet\s+Members?|Lead\s+Members?|Executive\s+Members?)"
    r"\s*[:-][^()]*\)\s*$",
    re.IGNORECASE,
)


def first_words(text: str, n: int) -> str:
    """The first ``n`` words, lower case, letters and digits only."""
    words = re.findall(r"[^\W_]+", text.lower())
    return " ".join(words[:n])


# a title's words: capitalised or small ("of", "for", "to the"), up to the first word in lower case that is not
TITLE_WORDS = re.compile(
    r"(?:[A-Z][\w'’&/()-]*|(?:of|for|and|the|to|in|on|at|by|with|from|a|an|or)(?=\s+(?:(?:the|a|an)\s+)?[A-Z]))"
    r"(?:\s+(?!(?:The|This|It|These|There|Members?|Councillors?|Cllrs?|Crs?|Chair(?:person|man|woman)?|Deputy|Mayor|"
    r"Mr|Mrs|Ms|Dr|Resolution|MOVED|Moved)\b)"
    r"(?:[A-Z][\w'’&/()-]*|(?:of|for|and|the|to|in|on|at|by|with|from|a|an|or)(?=\s+(?:(?:the|a|an)\s+)?[A-Z]))){0,9}"
)


# a vote's record after a resolution's number, not a title: "C16/372 Tregidga/Leonard CARRIED"
VOTE_RECORD = re.compile(r"\b(?:CARRIED|LOST|DEFEATED)(?:\s+(?:UNANIMOUSLY|\d{1,2}\s*[/-]\s*\d{1,2}))?\.?$")


def run_in_title_end(text: str, start: int = 0) -> int | None:
    """Where a title run into its minutes ends: "Leave of Absence There were
    none.", "Apologies for Absence Apologies were received from ..." (the
    title's first word opening the minutes again); None when the words
    after the title do not open a sentence with a capital."""
    run = TITLE_WORDS.match(text, start)
    if not run:
        return None
    words = list(re.finditer(r"\S+", run.group(0)))
    opening = " ".join(w.group(0) for w in words[:2]).casefold()
    for w in words[1:]:  # the title's first two words again ("Workforce Update and Workforce Strategy" is one title)
        again = text[run.start() + w.start():run.start() + w.start() + len(opening)].casefold()
        if len(words) > 2 and again == opening:
            return run.start() + w.start() - 1
    if len(words) >= _MAX_RUN_IN_WORDS or not re.match(r"\s+[A-Z]", text[run.end():run.end() + 3]):
        return None  # a long name ("... to Cedar Peak Roofing Inc."), not a title and a sentence
    return run.end()


_MAX_RUN_IN_WORDS = 10  # TITLE_WORDS' most
