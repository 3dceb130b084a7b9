"""Minutes whose items open with a run-in label at the start of a line.

    Approval of Agenda: Motion by Ortiz, supported by Lee to accept ...   <- label, then its minutes
    Correspondence: Two letters were received.
    CALL TO ORDER Reeve Lamb called the meeting to order at 9:00 a.m.    <- capitals, no colon
    New Business:                                                          <- a label alone on its line
    FY 2026-2030 CAPITAL PLAN: Director Adeyemi reviewed ...                <- capitals, a colon, years in it
    Motion by Ortiz, supported by Hale to buy a mower for $4,200.

Small US township and village minutes (and many parish minutes) print no
item numbers and no heading lines: each item opens with its name and a
colon.  A label is one to six words in title case or capitals, with no
digits (on a page with three such labels, one in sentence case too:
"Bus shelter repairs:", if printed once and worded as no clause); a label
printed three times or more is a field of each item
("Reason:"), and the labels that record a motion or a vote ("Motion", "Moved by",
"Ayes"), say who attended ("Present", "Absent") or give the page's details
("Date", "Time", "Venue") open no item.  Three different labels at least, or
the page is not of this shape.  Labels in capitals closed by a colon are read
alone too (``capitals_only``): US city councils head their items so, and the
numbered lines inside them ("1. Motion approving ...") are no items.
"""

from __future__ import annotations

import re
from collections import Counter

from qa_bot.parse.spans import ItemSpan
from qa_bot.parse.text import lines_of

SHAPE = "run-in"
_LABEL = re.compile(
    r"^[ \t\u00a0]*(?P<label>[A-Z][A-Za-z'’&/-]*(?:[ \t\u00a0]+[A-Za-z'’&/()-]+){0,5}?)[ \t\u00a0]*:(?!//)"
    r"[ \t\u00a0]*(?P<rest>.*)$"
)
_SMALL = {"a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "by", "with", "or", "from", "&", "/"}
# ... or two words or more in capitals with no colon, the minutes run on after them: "CALL TO ORDER
# Reeve Lamb called ...", "ADOPTION OF AGENDA #2013/16 BE IT RESOLVED ..."
_CAPS_LABEL = re.compile(
    r"^[ \t\u00a0]*(?P<label>[A-Z][A-Z'’&/-]+(?:[ \t\u00a0]+(?:[A-Z][A-Z'’&/-]+|OF|TO|AND|THE|FOR|IN|ON|AT|BY|&))+)"
    r"(?:[ \t\u00a0]+(?P<rest>(?:#|[A-Z][a-z]).*)|[ \t\u00a0]+[-–][ \t\u00a0]+(?P<dashed>(?:[A-Z][a-z]|\d{1,2}\)).*))$"
)  # ... or closed by a dash: "FLAG SALUTE – Led by Supervisor Uhler.", "PUBLIC COMMENT – 1) Charles ..."
# ... or the agenda's "Consider/take action: 3088 Burke Rd request for second driveway." (Wisconsin
# town boards): the whole first sentence is the item's title, each different
_ACTION = re.compile(
    r"^[ \t\u00a0]*(?P<label>(?:Consider|Discuss(?:ion)?|Review)[ \t\u00a0]*/[ \t\u00a0]*(?:take[ \t\u00a0]+)?"
    r"(?:possible[ \t\u00a0]+)?action(?:[ \t\u00a0]+(?:of|on))?(?::[ \t\u00a0]*|[ \t\u00a0]+)(?:[^.:\n]|[.:](?=\S)){3,150}?)"
    r"[.:][ \t\u00a0]+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# ... or a heading in capitals closed by a colon, with the years and numbers its subject holds
# (US city councils): "FFY 2025-2028 TRANSPORTATION IMPROVEMENT PROGRAM: Director Joiner presented ...".
# Capitals and a colon mark a heading so plainly that such labels are read over numbered lines found
# inside them (a consent agenda's "1. Motion approving ...").
_CAPS_COLON = re.compile(
    r"^[ \t\u00a0]*(?P<label>[A-Z][A-Z0-9'’&/().,-]*(?:[ \t\u00a0]+[A-Z0-9][A-Z0-9'’&/().,-]*){0,11})"
    r"[ \t\u00a0]*:(?!//|\d)[ \t\u00a0]*(?P<rest>.*)$"  # not a clock's "8:45"
)
_CAPS_WORD = re.compile(r"[A-Z]{3,}")
# Fields of an item, in capitals, that open none: a report's or an application's, a motion's record
_CAPS_FIELDS = re.compile(
    r"^(?:MINUTES|RECOMMENDATIONS?|PURPOSE|SUMMARY|ACTIONS?|OUTCOME|REPORT|NOTE|DECISIONS|RESOLUTIONS|"
    r"KEY DECISION|WARDS? AFFECTED|ALTERNATIVE OPTIONS|REASONS?|APPLICATION(?: NO\.?| NUMBER)?|SITE|PROPOSAL|"
    r"APPLICANT|AGENT|WARD|OFFICER|SECOND(?:ED)?(?: BY)?|MOVER|SECONDER|APPROVED|PASSED|FAILED|RECUSED|"
    r"UNANIMOUS(?:LY)?|ABSTENTIONS?|COUNCILMEMBERS?|COMMISSIONERS?|DIRECTORS?)\b"
)
_CAPS_REPEATS = 2  # a capitals label printed twice is a field of each item ("SITE:", "PROPOSAL:")
# What a label that opens no item starts with: a motion or vote, who attended,
# the page's details, a speaker.
_NOT_ITEMS = re.compile(
    r"^(?:motions?|moved|seconded|supported|proposed|resolved|resolution|carried|agreed|decision|ayes|nays|"
    r"yeas|noes|yes|no|abstain\w*|against|for|vote[sd]?|voting|roll call|recorded vote|result|note[sd]?|nb|reasons?|"
    r"(?:members |councillors |council members |trustees |board members |staff |officers |others |also )?"
    r"(?:present|absent|excused|in attendance|attending|attendees)|apolog(?:y|ies)|presid(?:ing|ent|es)?(?!['’]s)|"
    r"date|time|venue|location|place|where|when|contact|email|e-mail|tel|telephone|phone|web|website|address|"
    r"subject|re|ref|reference|from|to|cc|attachments?|enc\w*|source|url|link|"
    r"upload\w*|category|categories|tags?|views?|downloads?|file type|total pages?|size|author|"  # a file site's chrome
    r"cllr|councillor|council member|councilmember|trustee|mayor|mr|mrs|ms|miss|dr|supervisor|clerk|chair\w*|"
    r"(?:meetings? )?administrator(?!['’]s)|secretary(?!['’]s))\b",  # not "Secretary's Report:"
    re.IGNORECASE,
)
_MIN_LABELS = 3  # distinct labels
_FIELD_REPEATS = 3
_MAX_LABEL_WORDS = 6


def find_items(text: str, *, capitals_only: bool = False) -> list[ItemSpan]:
    """Items opened by run-in labels; [] when the page has fewer than three.
    ``capitals_only``: only labels in capitals closed by a colon."""
    heads = []
    worded = []  # labels in sentence case ("Bus shelter repairs:"), read where the page has the others
    for line in lines_of(text):
        if capitals_only:
            m = _caps_colon(line.content)
        else:
            m = _ACTION.match(line.content) or _LABEL.match(line.content) or _CAPS_LABEL.match(line.content)
        if m and m.re is _LABEL and not _is_label(m.group("label")) and _is_worded_label(m.group("label")):
            worded.append((line.start, m.group("label").strip(), line.start + m.start("rest")
                           if m.group("rest").strip() else line.end))
            continue
        if not m or not (m.re in (_ACTION, _CAPS_COLON) or _is_label(m.group("label"))):
            continue
        part = "dashed" if m.re is _CAPS_LABEL and m.group("dashed") is not None else "rest"
        rest = m.group(part)
        body = line.start + m.start(part) if rest.strip() else line.end
        heads.append((line.start, m.group("label").strip(), body))
    # a label printed again and again is a field of each item ("Reason:"), not an item
    counts = Counter(label.lower() for _s, label, _b in heads)
    repeats = _CAPS_REPEATS if capitals_only else _FIELD_REPEATS
    heads = [h for h in heads if counts[h[1].lower()] < repeats]
    if len({label.lower() for _s, label, _b in heads}) < _MIN_LABELS:
        return []
    # a label in sentence case printed twice is a field ("Planning ref:", "Action point:")
    once = Counter(label.lower() for _s, label, _b in worded + heads)
    heads = sorted(heads + [h for h in worded if once[h[1].lower()] == 1], key=lambda h: h[0])
    spans = []
    for k, (_start, label, body) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        spans.append(ItemSpan(None, label, body, stop))
    return spans


def _caps_colon(line: str) -> re.Match[str] | None:
    """A heading in capitals closed by a colon, or None: it has a word of
    capitals, is not a field (_NOT_ITEMS, _CAPS_FIELDS), and its colon is
    no clock's ("ADJOURNED AT 8:45 P.M.")."""
    m = _CAPS_COLON.match(line)
    if m is None:
        return None
    label = m.group("label")
    return None if not _CAPS_WORD.search(label) or _NOT_ITEMS.match(label) or _CAPS_FIELDS.match(label) else m


# what makes a line's opening words a clause, not a label: a verb, a pronoun, a relative word
_CLAUSE = re.compile(
    r"\b(?:was|were|is|are|be|been|being|has|have|had|will|would|should|could|may|might|must|can|did|does|do|"
    r"that|which|who|whom|whose|this|these|those|following|follows|below|above|he|she|it|they|we|i|you|"
    r"notes|agrees|asks|reports|says|states|requests|resolves|thanks|agreed|noted|"
    r"\w{2,}[^e\W]ed)\b",  # a past tense ("Members discussed:"), not "Speed limits"
    re.IGNORECASE,
)
# fields of an item, in sentence case, that open none: a vote's count, an action, a reference, a note
_WORDED_FIELDS = re.compile(
    r"^(?:in favour|action(?:s| point| by)?|next (?:meeting|steps)|(?:our |your |planning |application )?ref(?:erence)?|"
    r"please note|lead officer|response(?: from)?|financial implications|comments?)\b",
    re.IGNORECASE,
)


def is_clause(words: str) -> bool:
    """Whether the words make a clause (a verb, a pronoun, a relative word), not a label or title."""
    return bool(_CLAUSE.search(words))


def _is_worded_label(label: str) -> bool:
    """A label in sentence case: a capital, then a few words, none of them a
    verb or a pronoun, and not a field ("Minute of last meeting", not "It was
    agreed", "The following were present", "Members discussed", "Action
    point")."""
    words = label.split()
    return (0 < len(words) <= _MAX_LABEL_WORDS and label[:1].isupper() and not _NOT_ITEMS.match(label)
            and not _WORDED_FIELDS.match(label) and not _CLAUSE.search(label))


def _is_label(label: str) -> bool:
    words = label.split()
    if not words or len(words) > _MAX_LABEL_WORDS or _NOT_ITEMS.match(label):
        return False
    # title case or capitals: every word but the small ones opens with a capital
    return all(w[:1].isupper() or w.lower() in _SMALL for w in words)
