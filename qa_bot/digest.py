"""Questions about a whole meeting: "summarise the 2018 cabinet meeting",
"what happened at cabinet on 18 October 2018", "who chaired it", "who sent
apologies".

Such a question names a meeting (``qa_bot.meetings``) and asks about the
meeting as a whole rather than a subject: its words, beyond the meeting's
name, are words about meetings (summarise, happen, discuss, decide, ...) or
about attendance (chair, present, absent, apologies, ...).  Searching for
those words finds nothing useful (the minutes never repeat their own date),
so ``meeting_digest`` answers from the index's records instead:

- a summary lists the meeting's substantive items in the order of the minutes
  (procedural ones, such as apologies, declarations of interest, the last
  meeting's minutes or the exclusion of the press, and items that record
  nothing, are left out), each with its outcome: its resolution, else the
  sentence that best says what the item was about; one cited line per item;
- an attendance question is answered from the meeting's attendance unit (the
  block before the first item) and its apologies item, quoting the lines that
  name the chair, those present or those absent;
- "who declared interests (at the May meeting)?" is answered from the
  meeting's declarations item (its lines, "None" too) and any other line of
  the meeting recording a declaration.

Any other question gets ``None`` and takes the usual path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from qa_bot.compose import (
    MAX_QUOTE_WORDS,
    Quoted,
    meeting_words,
    number_citations,
    record_lead,
    render_quote,
    strip_label,
    tidy_end,
)
from qa_bot.evidence import declares_interest, item_sentences
from qa_bot.meetings import committee_words, meeting_candidates, meeting_reference
from qa_bot.records import AgendaItem, Answer, Document, Filters, Hit, Meeting
from qa_bot.retrieve import meeting_matches
from qa_bot.sentences import STOPWORDS, Sentence, TermExtractor, clauses

MAX_WORDS = MAX_QUOTE_WORDS  # of each item's outcome: as long as any quote the answers show
MIN_SENTENCE_WORDS = 6  # shorter lines ("Question from Councillor X") say little of an item

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words that ask about a meeting as a whole rather than a subject of it.
_MEETING_WORDS = re.compile(
    r"^(?:summar\w*|overview|recap|brief\w*|rundown|outline|highlights?|gist|"
    r"happen\w*|discuss\w*|talk\w*|cover\w*|consider\w*|debat\w*|deal|dealt|"
    r"resol\w*|decid\w*|decision\w*|agree\w*|approv\w*|recommend\w*|determin\w*|"
    r"outcomes?|results?|conclu\w*|minut\w*|record\w*|business|agenda|items?|"
    r"topics?|subjects?|matters?|issues?|points?|key|main|all|everything|list|"
    r"meetings?|held|session|sitting|go|went|going|come|came|up|take|taken|took|"
    r"make|made|say|said|look\w*|reach\w*|pass\w*|what|whats|which|who|happened|"
    r"council|committee|panel|board|year|day|date|last|latest|recent|most|previous)$",
    re.IGNORECASE,
)
# A question about earlier minutes being approved asks for that item, not the meeting's business: the
# minutes are what was approved ("were the minutes signed", "which previous meeting's minutes did they
# approve"), not where something was agreed ("what was agreed in the June minutes").
_APPROVAL = r"(?:approv\w*|confirm\w*|adopt\w*|sign\w*|accept\w*|agreed)"
_ASKS_MINUTES_APPROVED = re.compile(
    r"\b(?:previous|last|earlier|prior)\s+(?:meeting['’]?s?\s+)?minutes\b.{0,60}\b" + _APPROVAL + r"\b"
    r"|\b" + _APPROVAL + r"\b.{0,60}\b(?:previous|last|earlier|prior)\s+(?:meeting['’]?s?\s+)?minutes\b"
    r"|\bminutes\s+(?:of\s+(?:the\s+)?(?:previous|last|earlier|prior)\s+meeting\s+)?(?:were\s+|was\s+|be\s+|been\s+)?"
    + _APPROVAL + r"\b",
    re.IGNORECASE,
)
# Words that ask for a summary even without a date ("what happened at the
# Pine Ridge council meeting?").
_SUMMARY_CUE = re.compile(
    r"\b(?:summar\w*|overview|recap|rundown|highlights|happen\w*|discuss\w*|decid\w*|decisions?|agenda|business)\b",
    re.IGNORECASE,
)
# Words of attendance questions, by what they ask for.
_CHAIR = re.compile(r"\b(?:chair\w*|presid\w*)\b", re.IGNORECASE)
# Where the chair is named: "(Chair)", "in the Chair", "presiding" (not
# "Scrutiny chairpersons in attendance"), or the
# call to order of minutes that print no chair ("Mayor X called the meeting
# to order").
# Titles of the parts that list who came (not apologies, interests, the call to order).
_LISTS_WHO_CAME = re.compile(r"present|attendance|\broll\b|sederunt|substitut", re.IGNORECASE)  # "Calling of the Roll"
_NAMES_CHAIR = re.compile(_LISTS_WHO_CAME.pattern + r"|chair|to\s+order", re.IGNORECASE)
_CHAIR_NAMED = re.compile(r"\b(?:chair(?:man|woman|person)?|chaired|chairing|presid(?:ing|ed))\b", re.IGNORECASE)
_CHAIR_LINE = re.compile(_CHAIR_NAMED.pattern + r"|\bcalled\b.{0,120}\bto\s+order\b", re.IGNORECASE)
_VICE = re.compile(r"\b(?:vice|deputy)\b", re.IGNORECASE)
_VICE_CHAIR = re.compile(r"\b(?:vice|deputy)[\s-]*chair\w*", re.IGNORECASE)
_ABSENT = re.compile(r"\b(?:absen\w*|apolog\w*|miss(?:ed|es|ing)|not\s+(?:present|attend\w*)|unable\s+to\s+attend)\b", re.IGNORECASE)
_SUBSTITUTE = re.compile(r"\b(?:substitut\w*|in\s+place\s+of|deputi[sz]\w*)\b", re.IGNORECASE)
_PRESENT = re.compile(r"\b(?:present|attend\w*|there|came|roll)\b", re.IGNORECASE)
_ATTENDANCE_WORDS = re.compile(
    r"^(?:chair\w*|presid\w*|absen\w*|apolog\w*|present|attend\w*|there|came|come|"
    r"roll|call|members?|councillors?|cllrs?|people|persons?|names?|list|anyone|"
    r"anybody|everyone|attendees?|meetings?|who|whom|which|what|whats|council|committee|"
    r"substitut\w*|place|instead|deputi[sz]\w*|"
    r"year|day|date|last|latest|recent|most|previous|send|sent|give|gave|receiv\w*)$",
    re.IGNORECASE,
)
# Item titles of the business every meeting transacts, whatever it decides.
_PROCEDURAL = re.compile(
    r"^\W*(?:(?:item|agenda\s+item)\s*)?[\w.()/-]{0,8}\W*(?:"
    r"apolog\w*|absen\w*|(?:declarations?|disclosures?)\s+of\s+(?:\w+\s+){0,3}interests?|"
    r"(?:\w+\s+)?interests?\s*$|(?:(?:confirmation|approval|adoption|signing)\s+of\s+(?:the\s+)?)?minutes\b|"
    r"exclusion\s+of\s+(?:the\s+)?(?:press|public)|exempt\s+(?:information|business)|"
    r"(?:named\s+)?substitut\w*|dates?\s+of\s+(?:the\s+)?(?:next|future)\s+meetings?|"
    r"welcome|present\b|in\s+attendance|attendance|roll\s+call|call(?:ing)?\s+of\s+the\s+roll|sederunt|"
    r"call(?:ed)?\s+to\s+order|membership\s*$|"
    r"adjourn\w*|pledge\b|invocation|(?:approval|adoption)\s+of\s+(?:the\s+)?agenda|procedural\b)",
    re.IGNORECASE,
)
# An item that records nothing: "None.", "No questions were received."
_PART = re.compile(r"^\(?[a-z0-9]{1,3}\)\s")  # "a) ", "(ii) "
_NIL = re.compile(r"^(?:none|nil|no|not|there\s+(?:were|was|are|is|had\s+been)\s+no)\b", re.IGNORECASE)


def meeting_digest(
    question: str,
    documents: Mapping[str, Document],
    *,
    decision: bool = False,
    filters: Filters | None = None,
    own: str | None = None,
) -> Answer | None:
    """The answer to a question about a whole meeting, or None when the
    question is about something else (or names no one meeting).

    For a follow-up, ``question`` is read with the earlier question and
    ``own`` is the follow-up's own words ("and who was absent?"): the meeting
    may be named by either, what is asked comes from ``own``.  ``decision``
    is accepted for callers that know it; the answer says "decisions" when
    every line is a resolution."""
    asked = own or question
    if _ASKS_MINUTES_APPROVED.search(asked):
        return None  # "which previous meeting's minutes did they approve?": the minutes' own item
    if _NAMES_ITEM.search(asked):
        return None  # "what did they say about item 7.4 in June?": that item, not the meeting
    reference = meeting_reference(question)
    pool = list(documents.values())
    if reference.named:
        candidates = meeting_candidates(question, pool, filters)
    elif _attendance_roles(asked) or _SUMMARY_CUE.search(asked) or _ASKS_DECLARATIONS.search(asked):
        candidates = _named_by_heading(question, asked, pool, filters)
    else:  # most questions stop here, before any scan
        return None
    if len({(d.meeting.committee, d.meeting.best_date) for d in candidates}) != 1:
        # No meeting fits (the date may be one an item mentions: "the minutes
        # of the meeting held on 22 June 2017"), or more than one could.
        return None
    # Words the minutes' own heading uses ("Pine Ridge", "City Council"),
    # and the council and committee read from them, name the meeting too,
    # not a subject of it.
    heading = {w.lower() for d in candidates
               for w in _WORD.findall(f"{_heading(d)} {d.meeting.council or ''} {d.meeting.committee or ''}")}
    rest = [w for w in _rest_words(asked, meeting_reference(asked).spans, pool) if w not in heading]
    attendance = _attendance_roles(asked)
    if all(_MEETING_WORDS.match(w) for w in rest):
        return _summary(asked, candidates)
    if attendance:
        return _attendance(asked, candidates, attendance, rest)
    if _ASKS_DECLARATIONS.search(asked) and all(_DECLARATION_WORDS.match(w) for w in rest):
        return _declarations(asked, candidates)
    return None


# A question naming an item by its number asks about that item: "item 7.4", "minute 24/066", "resolution 22/114"
_NAMES_ITEM = re.compile(r"\b(?:agenda\s+)?(?:item|minute|resolution|motion)\s+(?:no\.?\s*|number\s+|#\s*)?\d", re.IGNORECASE)

# "Who declared interests ...", "were any interests declared", "any
# declarations of interest": the meeting's declarations, not a subject's.
_ASKS_DECLARATIONS = re.compile(
    r"\b(?:declar\w*|disclos\w*)\b.{0,40}\binterests?\b|\binterests?\b.{0,40}\b(?:declar\w*|disclos\w*)\b",
    re.IGNORECASE,
)
_DECLARATION_WORDS = re.compile(
    r"^(?:declar\w*|disclos\w*|interests?|pecuniary|prejudicial|personal|registrable|registerable|"
    r"disclosable|non|other|conflicts?|any|were|was|made|there|members?|councillors?|cllrs?|"
    r"who|whom|which|what|did|anyone|anybody|someone|meeting|held)$",
    re.IGNORECASE,
)
_DECLARATIONS_TITLE = re.compile(r"\b(?:declar\w*|disclos\w*|interests?|conflicts?)\b", re.IGNORECASE)


def _declarations_item(item: AgendaItem) -> bool:
    """An item of routine business headed by declarations ("2. DECLARATIONS
    OF DISCLOSABLE PECUNIARY AND OTHER REGISTERABLE INTEREST(s)")."""
    title = item.title.strip()
    return bool(_PROCEDURAL.match(title) and _DECLARATIONS_TITLE.search(title))


def _declarations(question: str, documents: Sequence[Document]) -> Answer | None:
    """The meeting's declarations item, every line of it ("None." too), and
    any line elsewhere in the meeting recording a declaration; None when the
    minutes hold no declarations item and no such line (the usual path then
    answers, or declines)."""
    extractor = TermExtractor()
    chosen: list[tuple[Hit, Sentence]] = []
    for d in documents:
        for item in sorted(d.items, key=lambda i: i.start):
            hit = _hit(item, d)
            titled = _declarations_item(item)
            sentences = item_sentences(hit, extractor)
            for i, s in enumerate(sentences):
                if (titled and not s.text.rstrip().endswith(":")) or declares_interest(s.text):
                    chosen.append((hit, s))
                elif i and chosen and chosen[-1][1] is sentences[i - 1] and _NIL.match(s.text):
                    chosen.append((hit, s))  # "None were declared." under the call for declarations
    if not chosen:
        return None
    return _quoted_lines(question, documents[0].meeting, chosen, "declarations of interest")


def _named_by_heading(
    question: str, asked: str, pool: Sequence[Document], filters: Filters | None
) -> list[Document]:
    """The meeting a question names without a date: by words of its minutes'
    heading ("the Pine Ridge council meeting") or its committee's name, or
    the only meeting the collection (within the filters) holds."""
    pool = [d for d in pool if filters is None or meeting_matches(d.meeting, filters)]
    wanted = committee_words(question, pool)
    if wanted:
        pool = [d for d in pool if wanted <= {w.lower() for w in _WORD.findall(d.meeting.committee or "")}]
    names = {
        w for w in _rest_words(asked, (), pool)
        if not _MEETING_WORDS.match(w) and not _ATTENDANCE_WORDS.match(w)
    }
    if names:
        covered = {d.source: len(names & {w.lower() for w in _WORD.findall(_heading(d))}) for d in pool}
        best = max(covered.values(), default=0)
        return [d for d in pool if best and covered[d.source] == best]
    only_one = len({(d.meeting.committee, d.meeting.best_date) for d in pool}) == 1
    return pool if wanted or only_one else []


def _heading(document: Document) -> str:
    """The text before the first agenda item (title, venue, date lines),
    less an attendance block the parser left there."""
    starts = [i.start for i in document.items if i.item is not None or not _PROCEDURAL.match(i.title.strip())]
    head = document.text[:min(starts)] if starts else ""
    return re.split(r"(?im)^\W*(?:present|in attendance|attendance|roll call|apologies)\b", head, maxsplit=1)[0]


def _rest_words(question: str, spans: Sequence[tuple[int, int]], pool: Sequence[Document]) -> list[str]:
    """The question's words outside its meeting reference and committee name."""
    text = question
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    named = committee_words(question, pool)
    return [
        w for w in (x.lower() for x in _WORD.findall(text))
        if w not in STOPWORDS and w not in named and len(w) > 1
    ]


# ------------------------------------------------------------ summaries


def is_procedural(item: AgendaItem) -> bool:
    """Whether the item is routine business (by its title) or records nothing."""
    if _PROCEDURAL.match(item.title.strip()):
        return True
    sentences = [s for s in item_sentences(_hit(item)) if not s.text.rstrip().endswith(":")]
    return all(_NIL.match(s.text) for s in sentences)


def _hit(item: AgendaItem, document: Document | None = None) -> Hit:
    meeting = document.meeting if document is not None else Meeting(source=item.source)
    return Hit(item=item, meeting=meeting, score=0.0)


def _summary(question: str, documents: Sequence[Document]) -> Answer | None:
    extractor = TermExtractor()
    lines: list[tuple[Quoted, str, bool]] = []  # (piece, how it is shown, is a resolution)
    for document in sorted(documents, key=lambda d: d.source):
        for item in sorted(document.items, key=lambda i: i.start):
            if is_procedural(item):
                continue
            found = _outcome(_hit(item, document), extractor)
            if found is not None:
                lines.append(found)
    if not lines:
        return None
    meeting = documents[0].meeting
    citations, numbers = number_citations([piece for piece, _shown, _res in lines])
    every_resolution = all(res for _p, _s, res in lines)
    what = "these decisions" if every_resolution else "these items"
    out = [f"{record_lead(meeting)} {what}:"]
    for (piece, shown, _res), n in zip(lines, numbers):
        item = piece.hit.item
        label = f"Item {item.item}, {item.title}" if item.item else item.title
        out.append(f"- {label} — {shown} [{n}]")
    notes = ("meeting digest",) + (("date inferred",) if not meeting.date and meeting.date_inferred else ())
    return Answer(question=question, answer="\n".join(out), grounded=True, citations=citations, notes=notes)


def _outcome(hit: Hit, extractor: TermExtractor) -> tuple[Quoted, str, bool] | None:
    """The item's resolution (its first run of resolution sentences), else
    the sentence that best says what the item was about."""
    sentences = item_sentences(hit, extractor)
    run = [s for s in sentences if s.kind == "resolution"]
    if run:
        # Whole parts of the resolution, as many as the line holds.
        block = [run[0]]
        for s in run[1:]:
            if s.position != block[-1].position + 1 or sum(x.word_count for x in block) + s.word_count > MAX_WORDS:
                break
            block.append(s)
        body, verb = strip_label(block[0].text)
        if verb is None:  # the sentence splitter keeps a "Resolved:" label apart: "That the ..."
            body = _THAT.sub("", body)
        words = " ".join([body] + [s.text for s in block[1:]]).split()
        cut = len(block) < len(run) or len(words) > MAX_WORDS
        body = f"{tidy_end(' '.join(words[:MAX_WORDS]))}{' …' if cut else ''}"
        joint = " that " if body[:1].islower() or _PART.match(body) else ": "
        shown = f"{_verb(hit.item, block[0], verb)}{joint}{body}"
        return Quoted(hit, tuple(block)), shown, True
    best = _subject_sentence(hit, sentences, extractor)
    if best is None:
        return None
    text = best.text
    trimmed = None
    if len(text.split()) > MAX_WORDS:
        trimmed = _opening_clauses(text)
    piece = Quoted(hit, (best,), trimmed=trimmed)
    shown = render_quote(piece.quote)
    if trimmed:
        shown = shown[:-1] + " …”"
    if hit.item.truncated:
        shown += " (the published minutes are cut short before any resolution)"
    return piece, shown, False


_THAT = re.compile(r"^that\s+(?=[a-z(])", re.IGNORECASE)


def _verb(item: AgendaItem, first: Sentence, own: str | None) -> str:
    """'Resolved', 'Recommended', 'Agreed': the label the resolution carries
    (on its own line, or before its first sentence)."""
    verb = own
    if verb is None:
        for block in item.resolutions:
            folded = " ".join(block.split())
            if first.text in folded:
                verb = strip_label(folded)[1]
                break
    return (verb or "resolved").capitalize()


def _opening_clauses(text: str) -> str:
    """The sentence's first clauses, up to MAX_WORDS words (at least one)."""
    kept: list[str] = []
    for piece in clauses(text):
        if kept and len(" ".join(kept + [piece]).split()) > MAX_WORDS:
            break
        kept.append(piece)
    shown = " ".join(kept)
    if len(shown.split()) > MAX_WORDS:
        shown = " ".join(shown.split()[:MAX_WORDS])
    return shown


def _subject_sentence(hit: Hit, sentences: Sequence[Sentence], extractor: TermExtractor) -> Sentence | None:
    """The sentence sharing most words with the item's title and purpose
    (the earliest of equals); lead-ins to a list ("... noted that:") and
    sentences that record nothing are passed over."""
    subject = extractor.terms(f"{hit.item.title} {hit.item.description or ''}").stems
    usable = [s for s in sentences if not s.text.rstrip().endswith(":") and not _NIL.match(s.text)]
    usable = [s for s in usable if s.word_count >= MIN_SENTENCE_WORDS] or usable
    if not usable:
        return None
    return max(usable, key=lambda s: (len(s.terms.stems & subject), -s.position))


# ------------------------------------------------------------ attendance


def _attendance_roles(question: str) -> frozenset[str]:
    roles = set()
    if _SUBSTITUTE.search(question):
        roles.add("substitute")
    if _CHAIR.search(question):
        roles.add("chair")
    if _ABSENT.search(question):
        roles.add("absent")
    if _PRESENT.search(question) and "absent" not in roles:
        roles.add("present")
    return frozenset(roles)


# A line that lists who came or who did not, wherever the copy put it
# ("Absent:  Councilman R. Zoschak" under a line taken for a heading,
# "ROLL CALL (Present): ..."); not a roll-call vote ("Roll Call: Mr. Hall - Yes").
_ATTENDANCE_LINE = re.compile(
    r"^[ \t\u00a0]*(?:roll\s+call\s*\(\s*)?(?:(?:members|councillors|council\s+members|also|others|officers|staff)\s+)?"
    r"(?:present|absent|excused|in\s+attendance|apologies(?:\s+for\s+absence)?)\s*\)?\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def attendance_items(document: Document) -> list[AgendaItem]:
    """Where the minutes say who came: the attendance unit (unnumbered,
    before the items), the routine items that open the meeting ("Procedural
    business": substitutes, apologies), any later item about who came, and
    any item with a line that lists who came or was absent ("Absent: ...")."""
    found: list[AgendaItem] = []
    opening = True
    for item in sorted(document.items, key=lambda i: i.start):
        routine = bool(_PROCEDURAL.match(item.title.strip()))
        opening = opening and routine
        about_attendance = routine and re.search(
            r"apolog|absen|substitut|present|attendance|\broll\b|sederunt|chair|to\s+order", item.title, re.IGNORECASE
        )
        if opening or about_attendance or _ATTENDANCE_LINE.search(item.text):
            found.append(item)
    return found


def _attendance(
    question: str, documents: Sequence[Document], roles: frozenset[str], rest: Sequence[str]
) -> Answer | None:
    extractor = TermExtractor()
    units = [(d, item) for d in documents for item in attendance_items(d)]
    lines: list[tuple[Hit, Sentence]] = [
        (hit, s) for d, item in units
        for hit in [_hit(item, d)]
        for s in item_sentences(hit, extractor)
    ]
    asked_vice = bool(_VICE.search(question))
    extra = {extractor.stem(w) for w in rest if not _ATTENDANCE_WORDS.match(w)}
    if extra and not extra <= {t for _h, s in lines for t in s.terms.stems}:
        return None  # the question asks about something the attendance records do not name

    def chair(s: Sentence, pattern: re.Pattern[str]) -> bool:
        if asked_vice:
            return bool(_VICE_CHAIR.search(s.text))
        return bool(pattern.search(_VICE_CHAIR.sub(" ", s.text)))

    chosen: list[tuple[Hit, Sentence]] = []
    if "chair" in roles:  # a named chair, else who called the meeting to order
        # (from the parts that say who came, not "... signed by the Chairman")
        named = [(h, s) for h, s in lines if _NAMES_CHAIR.search(h.item.title)]
        chosen += [(h, s) for h, s in named if chair(s, _CHAIR_NAMED)] or [
            (h, s) for h, s in named if chair(s, _CHAIR_LINE)
        ]
    if "absent" in roles:
        said = {h.item.key for h, s in lines if _ABSENT.search(s.text)}
        # the lines saying so, or every line of an item headed "Apologies" that
        # lists the names alone ("Cllr A Hart (work commitment) ...")
        chosen += [(h, s) for h, s in lines
                   if _ABSENT.search(s.text)
                   or (h.item.key not in said and _ABSENT.search(h.item.title) and not _NIL.match(s.text))]
    if "substitute" in roles:
        chosen += [(h, s) for h, s in lines if _SUBSTITUTE.search(s.text) and not _NIL.match(s.text)]
    if "present" in roles:
        chosen += [
            (h, s) for h, s in lines
            if _LISTS_WHO_CAME.search(h.item.title) and not (_ABSENT.search(s.text) or _NIL.match(s.text))
        ]
    chosen = sorted(set(chosen), key=lambda x: (x[0].item.start, x[1].position))
    if extra:  # "which officers ...", "... remotely": the lines that name it
        chosen = (
            [(h, s) for h, s in chosen if extra & s.terms.stems]
            or [(h, s) for h, s in lines if extra & s.terms.stems]
        )
    meeting = documents[0].meeting
    if not chosen:
        return _not_recorded(question, meeting, roles)
    return _quoted_lines(question, meeting, chosen, "meeting attendance")


def _quoted_lines(question: str, meeting: Meeting, chosen: Sequence[tuple[Hit, Sentence]], note: str) -> Answer:
    """The chosen lines of a meeting's minutes, quoted: one line in the lead
    sentence, several one a line under it, each cited."""
    pieces = _runs(chosen)
    citations, numbers = number_citations(pieces)
    lead = record_lead(meeting)
    if len(chosen) == 1:
        text = f"{lead}: {render_quote(pieces[0].quote)} [{numbers[0]}]."
    else:
        marks = {(p.hit.item.key, s.position): n for p, n in zip(pieces, numbers) for s in p.sentences}
        body = [f"- {tidy_end(s.text)} [{marks[(h.item.key, s.position)]}]" for h, s in chosen]
        text = "\n".join([f"{lead}:"] + body)
    return Answer(question=question, answer=text, grounded=True, citations=citations, notes=(note,))


def _runs(chosen: Iterable[tuple[Hit, Sentence]]) -> list[Quoted]:
    """Consecutive sentences of one item as one quoted piece."""
    pieces: list[Quoted] = []
    run: list[Sentence] = []
    current: Hit | None = None
    for hit, s in chosen:
        if current is not None and (hit.item.key != current.item.key or s.position != run[-1].position + 1):
            pieces.append(Quoted(current, tuple(run)))
            run = []
        current = hit
        run.append(s)
    if current is not None and run:
        pieces.append(Quoted(current, tuple(run)))
    return pieces


def _not_recorded(question: str, meeting: Meeting, roles: frozenset[str]) -> Answer:
    what = (
        "who chaired it" if "chair" in roles
        else "any apologies or absences" if "absent" in roles
        else "who was present"
    )
    text = f"The minutes of {meeting_words(meeting)} do not record {what}."
    return Answer(question=question, answer=text, grounded=False, citations=(), notes=("not covered",))
