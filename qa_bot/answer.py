"""The extractive answerer, the default: the minutes' own words, each cited.

``check_question`` cleans a question or refuses it politely (``QuestionError``).
``answer_question`` retrieves the items, weighs their sentences
(``qa_bot.evidence``), decides whether the minutes answer the question at all,
and composes a short Markdown answer (``qa_bot.compose``): a lead-in naming
the meeting, then the sentences or resolution text, each statement with a
marker [n] that resolves to a citation quoting the item verbatim.  When the
settings name a chat endpoint, ``qa_bot.generate`` may phrase the answer
instead, checked against the same items and falling back to this one.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from qa_bot.compose import (
    Quoted,
    as_clause,
    clause_window,
    committee_is_inferred,
    date_is_inferred,
    decision_lead,
    format_date,
    meeting_label,
    number_citations,
    record_lead,
    render_quote,
    strip_label,
    tidy_end,
    unquoted,
)
from qa_bot.digest import meeting_digest
from qa_bot.evidence import (
    RECORD_KINDS,
    VOTE_REFINEMENTS,
    Candidate,
    Evidence,
    Intent,
    Scope,
    analyse_question,
    answers_part,
    asked_parts,
    asks_amount,
    council_key,
    decides,
    declares_interest,
    gather_evidence,
    holds_asked_kind,
    holds_money,
    item_key,
    question_scope,
    satisfies,
    titled,
)
from qa_bot.evidence_model import EvidenceModel, default_model
from qa_bot.followups import follow_up_context
from qa_bot.meetings import meeting_filters, meeting_reference
from qa_bot.records import Answer, Citation, Filters, Hit
from qa_bot.sentences import (
    Sentence,
    TermExtractor,
    Terms,
    announces_list,
    leads_to_list,
    stem,
)
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

# Whether to answer, and which sentences to quote, are decided by the fitted
# models of qa_bot/models/evidence.json (scripts/fit_evidence.py).  What is
# left here are budgets: how much an answer may quote.
MAX_SENTENCES = 3
CROSS_MEETING_SENTENCES = 2  # per meeting, in an answer across meetings
MAX_MEETINGS = 6
MAX_RESOLUTION_PARTS = 4
NEAREST_ITEMS = 3
HOLDS_A_FACT = 0.5  # the sentence model's probability boundary (fitted with balanced classes)

NOT_COVERED = "The minutes in this collection do not cover this question."
_PRONOUN_START = re.compile(r"^(It|This|They|These|That|He|She|Its|Their)\b")
_CONTROL = {"Cc", "Cs", "Co", "Cn"}


class QuestionError(ValueError):
    """A question that cannot be answered as given; the message is for the user."""


def check_question(question: str, settings: Settings) -> str:
    """The question cleaned (control characters dropped, whitespace folded).

    Raises ``QuestionError`` with a polite message for an empty, overlong,
    unreadable or word-less question.
    """
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("Please type a question about the minutes.")
    text = unicodedata.normalize("NFKC", question)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _CONTROL
    )
    text = " ".join(text.replace("\ufffd", " ").split())
    limit = settings.max_question_chars
    if len(text) > limit:
        raise QuestionError(
            f"Your question is {len(text):,} characters long; the limit is {limit:,}. "
            "Please shorten it."
        )
    if not text:
        raise QuestionError(
            "Your question could not be read as text. Please type it again."
        )
    if not any(ch.isalnum() for ch in text):
        raise QuestionError(
            "Your question has no words in it. Please ask about the minutes in words, "
            "for example: What was resolved about fostering panels?"
        )
    return text


def grounding_probability(evidence: Evidence, model: EvidenceModel) -> float:
    """How likely the retrieved items are to answer the question."""
    if evidence.best is None or evidence.terms.total <= 0:
        return 0.0
    return model.grounding.probability(evidence.grounding_row())


def is_grounded(evidence: Evidence, model: EvidenceModel | None = None) -> bool:
    """Whether the best evidence answers the question (the grounding model)."""
    model = model or default_model()
    return grounding_probability(evidence, model) >= model.grounding.threshold


SUBJECT_MIN_COVERAGE = 0.5  # "most of the question's key terms" (a definition, not a fit)


def subject_item(evidence: Evidence, model: EvidenceModel | None = None) -> Hit | None:
    """The most likely item about the question's subject, when one is likely enough."""
    model = model or default_model()
    rows = evidence.subject_rows()
    if not rows or evidence.terms.total <= 0:
        return None
    probs = model.subject.probabilities(np.asarray([r for _h, r in rows]))
    best = int(np.argmax(probs))
    hit = rows[best][0]
    if probs[best] < model.subject.threshold:
        return None
    # An item is about the question's subject only if it names most of the
    # question's key terms: the fitted model saw near misses but few
    # off-topic questions, and a decline must never cite an unrelated item
    # ("potholes" answered with "Questions from councillors").
    if evidence.item_coverage.get(item_key(hit), 0.0) < SUBJECT_MIN_COVERAGE:
        return None
    return hit


def off_subject(evidence: Evidence) -> bool:
    """Whether the best sentence, with the one before it and its item's
    title, holds no word or figure of the question's own (besides the names
    of the meetings read, words saying which meeting, and years): "When are allotment rents due in
    Eastmoor?" is not answered by the dates of an action log of Eastmoor's,
    however likely the sentence model finds them.  A definition, not a fit:
    an answer shares a word with what it answers, or its item's title does."""
    return evidence.best is not None and _off(evidence, evidence.best)


def _off(evidence: Evidence, best: Candidate) -> bool:
    """``off_subject`` for one candidate."""
    # a sum or a reference pins it; a year does not, nor the day of the sentence's own meeting where the
    # question names that meeting by its date ("at the November 2, 2010 meeting"), not another's minutes
    numbers = {n for n in evidence.terms.numbers if not _YEAR.fullmatch(n)} - _own_day(evidence.question, best.hit)
    asked = ({t for t in evidence.terms.weights if t not in evidence.terms.numbers}
             - evidence.meeting_stems - _WHICH_MEETING) | numbers
    if not asked:
        return False
    sentences = evidence.sentences_of(best.hit)
    title = Terms.of(titled(best.hit), keep_generic=True)  # "22/114 Minutes": its code names it too
    around = set(best.sentence.terms.stems) | best.sentence.terms.numbers | title.stems | title.numbers
    if 0 < best.sentence.position <= len(sentences):
        before = sentences[best.sentence.position - 1].terms
        around |= before.stems | before.numbers
    return not any(t in around or evidence.terms.aliases.get(t) in around for t in asked)


def _own_day(question: str, hit: Hit) -> set[str]:
    """The day of the hit's meeting ("2" for 2010-11-02), where the question
    names that date; else nothing."""
    date = hit.meeting.best_date
    if not date or date.count("-") != 2:  # none, or only a month ("2022-02")
        return set()
    day = date.split("-")[2]
    named = meeting_reference(question).days
    return {str(int(day))} if any(d == date for d in named) else set()


# The vote itself asked for: its count or result, or how members voted
_ASKS_VOTE = re.compile(
    r"\bvotes?\s+(?:count|tally|result|breakdown|split|figures?|numbers?)\b|\b(?:what|how) was the vote\b"
    r"|\bthe vote (?:on|for|over|to|at)\b|\bresult of the vote\b|\brecorded vote\b|\bhow (?:did|do|does)\b.{0,80}\bvot"
    r"|\bhow many\b.{0,80}\bvot|\bhow many votes\b|\bby (?:what|how many) (?:votes?|margin|majority)\b"
    r"|\bwho voted\b|\bunanimous",
    re.IGNORECASE,
)


def vote_unrecorded(evidence: Evidence) -> bool:
    """Whether the question asks how members voted and the item answering it
    records no vote: "What was the vote count when the council resolved to
    exclude the public?" over "Moved: ... Seconded: ... That the public be
    excluded" is a near miss, however likely the motion's line.  A
    definition, not a fit: a vote is answered by a vote's record."""
    best = evidence.best
    record = evidence.intent.record
    if best is None or "vote" not in record or not record <= {"vote"} | VOTE_REFINEMENTS:
        return False  # "why did she stay out of the vote?" asks for her declaration
    if not _ASKS_VOTE.search(evidence.question):
        return False  # "did the council vote to approve it?" asks for the decision
    if asked_parts(evidence.question):
        return False  # "approved, and what was the vote?": each part is weighed apart
    holds = RECORD_KINDS["vote"][1]
    return not any(holds.search(s.text) for s in evidence.sentences_of(best.hit))


# Words that say which meeting, not what about: "the following meeting",
# "the last meeting held", "after feb 2022".
_WHICH_MEETING = frozenset(stem(w) for w in [
    "new", "old", "next", "last", "first", "second", "current", "future", "previous", "latest", "following",
    "held", "hold", "holding", "take", "took", "place",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",  # "after feb 2022"
])


@dataclass(frozen=True)
class Prepared:
    """What the answerer reads before weighing sentences: the text to look up
    with, what kind of answer is wanted, the items found and those in scope."""

    query: str
    focus: str | None
    intent: Intent
    hits: tuple[Hit, ...]
    in_scope: tuple[Hit, ...]
    scope: Scope | None = None
    # How rare each of the question's words is in the whole index (by stem).
    rarity: dict[str, float] = field(default_factory=dict, compare=False)
    # The items of the meeting the question places itself at by a day or a
    # month ("... in May 2025"), when the search found any.
    dated: frozenset[tuple[str, str]] = frozenset()
    # The query with its misspellings corrected to the minutes' words (what retrieval embeds).
    spelled: str | None = None


def prepare(
    question: str,
    retriever,
    settings: Settings,
    *,
    filters: Filters | None = None,
    history: Sequence[str] = (),
) -> Prepared | Answer:
    """Retrieval and scope for ``question``, or the meeting digest when the
    question asks what a meeting decided."""
    query, focus = follow_up_context(question, history)
    intent = analyse_question(query)
    # "What did Cabinet decide on 18 October 2018?": that meeting's resolutions.
    digest = meeting_digest(query, retriever.index.documents, decision=intent.decision, filters=filters, own=focus)
    if digest is not None:
        return digest
    k = settings.answer_items * (2 if intent.cross_meeting else 1)
    hits = retriever.search(query, k, filters)
    # Evidence must be about what the question pins down: the period it names
    # and the terms it shares with the minutes (compared with the items found
    # without filters: a filter must not turn "placement orders" into "orders").
    extractor = TermExtractor()
    reference = retriever.search(query, k, None) if _filtered(filters) else hits
    hits, dated = _meeting_first(query, hits, retriever, k, filters, across=intent.cross_meeting)
    scope = question_scope(query, reference, extractor, focus=focus,
                           documents=retriever.index.documents, also=hits)
    in_scope = scope.select(hits, extractor, across=intent.cross_meeting)
    named = tuple(h for h in in_scope if h.named_by_file)
    if named and not intent.cross_meeting:  # the council asked of, named by its file alone: not the others'
        in_scope = named
    if not intent.cross_meeting and _ASKS_OUTCOME.search(query) and not meeting_reference(query).dated:
        in_scope = _latest_first(in_scope)  # a date the question names wins over "in the end"
    rarity = retriever.word_rarity(f"{query} {focus or ''}")
    return Prepared(query, focus, intent, tuple(hits), in_scope, scope, rarity, dated, retriever.corrected(query))


# "in the end", "finally", "ended up": the outcome, which the latest of
# the meetings that took the subject up records.
_ASKS_OUTCOME = re.compile(
    r"\b(?:in\s+the\s+end|finally|eventually|ended\s+up|end\s+up|so\s+far|latest)\b", re.IGNORECASE
)


def _latest_first(hits: Sequence[Hit]) -> tuple[Hit, ...]:
    """The items of the latest meeting of the first item's council first
    (each group in its order): a question asking how something ended is
    answered by the meeting that ended it, not the one that first took it
    up ("how much did the district give in the end")."""
    if not hits:
        return tuple(hits)
    council = council_key(hits[0])
    dates = [h.meeting.best_date for h in hits if council_key(h) == council and h.meeting.best_date]
    if not dates:
        return tuple(hits)
    latest = max(dates)
    first = [h for h in hits if council_key(h) == council and h.meeting.best_date == latest]
    return tuple(first) + tuple(h for h in hits if h not in first)


def _meeting_first(
    query: str, hits: Sequence[Hit], retriever, k: int, filters: Filters | None, *, across: bool
) -> tuple[tuple[Hit, ...], frozenset[tuple[str, str]]]:
    """When the question places itself at a meeting by its day or month
    ("who was co-opted in September 2024"), the best items of the meetings
    then come first, followed by the items found without that date: the
    meeting's item on the subject may rank below other meetings' items that
    share more of the question's words, and the date may instead be one the
    minutes report ("A&E performance in December 2024")."""
    dated_filters = None if across else meeting_filters(query, filters)
    if dated_filters is None:
        return tuple(hits), frozenset()
    dated = retriever.search(query, k, dated_filters)
    if not dated:
        return tuple(hits), frozenset()
    seen = frozenset(item_key(h) for h in dated)
    return tuple(dated) + tuple(h for h in hits if item_key(h) not in seen), seen


def answer_question(
    question: str,
    retriever,
    settings: Settings,
    *,
    filters: Filters | None = None,
    history: Sequence[str] = (),
    model: EvidenceModel | None = None,
) -> Answer:
    """Answer from the minutes with citations (generatively when configured).

    ``model``: the fitted evidence models (default: the shipped ones)."""
    model = model or default_model()
    prepared = prepare(question, retriever, settings, filters=filters, history=history)
    if isinstance(prepared, Answer):
        return prepared
    if not prepared.in_scope:
        return not_covered(question, prepared.hits, filters)
    in_scope, hits = prepared.in_scope, prepared.hits
    # "Who declared interests in May 2025?": the May meeting answers if it
    # can; the other meetings only when it does not (the month may instead
    # be one the minutes report, "A&E performance in December 2024").
    at_meeting = tuple(h for h in in_scope if item_key(h) in prepared.dated)
    evidence, found = _weighed(prepared, at_meeting or in_scope, retriever, settings, model)
    if at_meeting and len(at_meeting) < len(in_scope) and not (is_grounded(evidence, model) and found):
        evidence, found = _weighed(prepared, in_scope, retriever, settings, model)
    if not is_grounded(evidence, model) or not found or off_subject(evidence) or vote_unrecorded(evidence):
        subject = subject_item(evidence, model)
        if subject is not None:
            return near_miss(question, subject, evidence)
        return not_covered(question, hits, filters)
    answer = compose_answer(question, evidence)
    if settings.llm_base_url:
        from qa_bot.generate import generate_answer

        return generate_answer(question, in_scope, settings, fallback=answer)
    return answer


def _weighed(prepared: Prepared, items: Sequence[Hit], retriever, settings: Settings,
             model: EvidenceModel) -> tuple[Evidence, bool]:
    """The evidence ``items`` hold for the question, led by the sentence
    that holds what it asks, and whether one does."""
    evidence = gather_evidence(
        prepared.query, tuple(items), retriever.embedder, intent=prepared.intent, model=model,
        max_embedded=settings.answer_sentences, focus=prepared.focus, scope=prepared.scope,
        rarity=prepared.rarity, spelled=prepared.spelled,
    )
    led = _most_parts_first(evidence)
    if led is not evidence and is_grounded(led, model):  # never a lead the grounding model doubts
        evidence = led
    led = _numbers_first(evidence)
    if led is not evidence and is_grounded(led, model):
        evidence = led
    evidence, found = _asked_kind_first(evidence)
    evidence, found = _past_declarations(evidence, found)
    if not is_grounded(evidence, model):  # weighing fewer candidates never turns a decline into an answer
        return evidence, found
    return _on_subject_first(evidence, found)


def _on_subject_first(evidence: Evidence, found: bool) -> tuple[Evidence, bool]:
    """When the best sentence is off the question's subject (``off_subject``:
    a payments row for "will allotment holders pay more?"), only the
    candidates on it are weighed, if the best of them the sentence model
    finds more likely than not to hold a fact; without one the evidence
    stays (and is declined)."""
    if not off_subject(evidence):
        return evidence, found
    kept = tuple(c for c in evidence.candidates if not _off(evidence, c))
    if not kept or kept[0].probability < HOLDS_A_FACT:
        return evidence, found
    led = replace(evidence, candidates=kept)
    return led, _asked_kind_found(led)


def _asked_kind_found(evidence: Evidence) -> bool:
    """A cost, count or date question is answered only when the sentences
    that would be quoted hold an amount, a figure or a date (a definition,
    not a fit): "how much will the strategy cost" is not answered by a
    sentence about the strategy without a sum.  Decisions and histories
    are answered in their own forms and are not held to this, except a
    decision asked for as an amount ("what charge did they approve")."""
    intent = evidence.intent
    if evidence.best is None or intent.cross_meeting:
        return True
    if intent.decision and not asks_amount(evidence.question):  # "what charge did they approve": an amount
        return not _cut_before_decision(evidence)
    chosen = _select(evidence, evidence.candidates)
    return holds_asked_kind(intent, [c.sentence for c in chosen], evidence.terms,
                            [c.hit.item.title for c in chosen])


def _cut_before_decision(evidence: Evidence) -> bool:
    """Whether the best item is a copy cut short ("... view the full minutes
    text for item 5") that records no decision: what it goes on to decide
    is not in the minutes read, so nothing of it answers a decision question."""
    best = evidence.best
    if best is None or not best.hit.item.truncated:
        return False
    return not any(s.kind == "resolution" or decides(s.text) for s in evidence.sentences_of(best.hit))


def _most_parts_first(evidence: Evidence) -> Evidence:
    """For a question asking more than one thing ("which firm got the roof
    job, and for how much?"), a candidate that answers more of its parts
    than the best one leads ("to appoint Harrow Roofing Ltd ... at a cost
    of £39,120", not "to apply to the fund for £15,000"), if the sentence
    model finds it more likely than not to hold a fact."""
    parts = asked_parts(evidence.question)
    best = evidence.best
    if len(parts) < 2 or best is None:
        return evidence

    def answered(c: Candidate) -> int:
        return sum(answers_part(part, c.sentence, evidence.terms) for part in parts)

    most, leader = answered(best), best
    for c in evidence.candidates[1:]:
        if c.probability < HOLDS_A_FACT:
            break
        if answered(c) > most:
            most, leader = answered(c), c
    if leader is best:
        return evidence
    return _led_by(evidence, leader)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _numbers_first(evidence: Evidence) -> Evidence:
    """When the best sentence's item lacks a number the question gives ("the
    22 March 2022 minutes") and another candidate's item, one the sentence
    model finds more likely than not to hold a fact, holds them all, only
    the candidates of items holding them all are weighed: a paraphrase may
    reword, never renumber."""
    best = evidence.best
    # a year sets the scene ("after it was deferred in September 2024"); a day or a figure pins the item
    numbers = {n for n in evidence.terms.numbers if not _YEAR.fullmatch(n)}
    if best is None or not numbers or evidence.holds_numbers(best.hit, numbers):
        return evidence
    for c in evidence.candidates[1:]:
        if c.probability < HOLDS_A_FACT:
            break
        if evidence.holds_numbers(c.hit, numbers):
            kept = tuple(x for x in evidence.candidates if evidence.holds_numbers(x.hit, numbers))
            return replace(evidence, candidates=kept)
    return evidence



def _led_by(evidence: Evidence, lead: Candidate) -> Evidence:
    """The evidence with ``lead`` first, the other candidates in their order."""
    return replace(evidence, candidates=(lead, *(x for x in evidence.candidates if x is not lead)))


def _asked_kind_first(evidence: Evidence) -> tuple[Evidence, bool]:
    """When the best sentence lacks the kind of fact asked for ("who declared
    an interest in the lease" best matched by the lease's resolution), the
    best candidate that holds it leads instead, if the sentence model finds
    it more likely than not to hold a fact.  Returns the evidence and
    whether what would be quoted holds the kind asked for."""
    if _asked_kind_found(evidence):
        return evidence, True
    best = evidence.best
    for c in evidence.candidates:
        if c.probability < HOLDS_A_FACT:
            break
        if not _about_subject(evidence, c, best):
            continue
        if holds_asked_kind(evidence.intent, [c.sentence], evidence.terms, [c.hit.item.title]):
            if c is best:
                break
            led = _led_by(evidence, c)
            return led, _asked_kind_found(led)
    return evidence, False


def _about_subject(evidence: Evidence, c: Candidate, best: Candidate | None) -> bool:
    """Whether a candidate may lead in place of the best: it lies in the
    best one's item or in one naming most of the question's key terms (a
    sum in another item, "$412,800 for the sidewalk", does not answer "what
    parking charge was approved")."""
    if best is None or item_key(c.hit) == item_key(best.hit):
        return True
    return evidence.item_coverage.get(item_key(c.hit), 0.0) >= SUBJECT_MIN_COVERAGE


# "What interest did X declare?", "Why did Councillor Boyle step out ...", "who
# left the room": what a declaration records.
_ASKS_OF_INTERESTS = re.compile(
    r"\b(?:leave|left|leaving|step(?:s|ped|ping)? (?:out|away|aside|down)|st(?:an|oo)d(?:s|ing)? (?:aside|down)|"
    r"st[ae]y(?:s|ed|ing)? out|kept out|vacat\w*|recus\w*|withdr[ae]w\w*|took no part|take no part|not take part|"
    r"interests?|declar\w*|disclos\w*|conflicts?)\b",
    re.IGNORECASE,
)


# what a decision question asks with its verb: "What did the council decide about the hall, the matter on
# which Cllr Rees declared an interest?" asks the decision; the interest only says which matter
_DECISION_VERB = re.compile(r"\b(?:decid\w*|resol\w*|agree\w*|approv\w*|vot\w*)\b", re.IGNORECASE)


def _asks_of_interests(question: str) -> bool:
    """Whether the question asks what a declaration records (who declared,
    why someone left the room), not a decision it names the interest beside."""
    interest = _ASKS_OF_INTERESTS.search(question)
    if interest is None:
        return False
    decision = _DECISION_VERB.search(question, 0, interest.start())
    return decision is None


# The item that records the members' interests: "Declarations of Interest", "DISCLOSURE OF INTEREST",
# "Declaration of Pecuniary and Non-Pecuniary Interest", "Declarations of Conflicts of Interest"
_DECLARATIONS_ITEM = re.compile(r"\b(?:declar\w*|disclos\w*|conflicts?)\b.*\binterests?\b", re.IGNORECASE)
_OTHER_ITEM = re.compile(r"\b(?:item|items|minute)\s+(?:no\.?\s*)?\d", re.IGNORECASE)  # "(item 8)"
_MOTION_LINE = re.compile(r"(?:Motion|MOTION|Moved|MOVED|Resolved|RESOLVED)\b")


def _of_declarations(candidate: Candidate) -> bool:
    """Whether the candidate records interests: a declaration, or a line of
    the declarations item naming the items it concerns ("Members were sent
    advice on the allotment rents review (item 8)": a subject decided
    elsewhere) that records no motion or resolution."""
    sentence = candidate.sentence
    if declares_interest(sentence.text):
        return True
    # a line of the declarations naming the agenda items it concerns ("... (item 8)"); not a motion or
    # resolution printed under the declarations (the parser found no heading between)
    return bool(_DECLARATIONS_ITEM.search(candidate.hit.item.title) and _OTHER_ITEM.search(sentence.text)) and not (
        sentence.kind == "resolution" or decides(sentence.text) or _MOTION_LINE.match(sentence.text))


def _past_declarations(evidence: Evidence, found: bool) -> tuple[Evidence, bool]:
    """A declaration of interest in an item ("Mr Balfour declared an
    interest in the Minerals Plan (item 10) and left the room"), or any line
    of the declarations item (``_of_declarations``), answers
    only a question about interests: for any other ("what did the committee
    decide on the Minerals Plan?") the best candidate that is no declaration
    leads, if the sentence model finds it more likely than not to hold a
    fact; without one, nothing answers (a near miss at most)."""
    best = evidence.best
    if best is None or _asks_of_interests(evidence.question) or not _of_declarations(best):
        return evidence, found
    for c in evidence.candidates:
        if c.probability < HOLDS_A_FACT:
            break
        if not _of_declarations(c):
            led = _led_by(evidence, c)
            return led, found and _asked_kind_found(led)
    return evidence, False


def _filtered(filters: Filters | None) -> bool:
    return bool(filters and any((filters.committee, filters.date_from, filters.date_to)))


def not_covered(question: str, hits: Sequence[Hit], filters: Filters | None = None) -> Answer:
    """The plain refusal, naming the nearest items without citing them."""
    text = NOT_COVERED
    if _filtered(filters):
        text = "The minutes in this collection, within the filters chosen, do not cover this question."
    nearest = [_nearest_label(h) for h in hits[:NEAREST_ITEMS]]
    if nearest:
        text += " Nearest items: " + "; ".join(nearest) + "."
    return Answer(question=question, answer=text, grounded=False, citations=(), notes=("not covered",),
                  nearest=tuple(_nearest_ref(n, h) for n, h in enumerate(hits[:NEAREST_ITEMS], 1)))


def _nearest_ref(n: int, hit: Hit) -> Citation:
    """A nearest item as a reference the page can open (not a citation of the answer)."""
    return Citation(
        n=n, source=hit.item.source, item=hit.item.item, title=hit.item.title,
        committee=hit.meeting.committee, date=hit.meeting.date,
        quote=hit.passages[0].text if hit.passages else "", url=hit.meeting.url,
        committee_inferred=committee_is_inferred(hit.meeting),
        date_inferred=date_is_inferred(hit.meeting),
        council=hit.meeting.council,
    )


def _lacking(intent: Intent) -> str:
    """What an item about the subject does not record, in the question's terms."""
    if intent.record == {"vote"}:
        return "records no vote on this"
    if intent.record:
        return "records no vote, mover or declaration that answers this"
    if intent.number:
        return "records no figure that answers this"
    if intent.person:
        return "does not name who"
    if intent.date:
        return "gives no date for this"
    if intent.decision:
        return "records no decision that answers this"
    return "does not record what was asked"


def near_miss(question: str, hit: Hit, evidence: Evidence) -> Answer:
    """Not grounded, but honest and useful: the item about the question's
    subject, cited, saying that it does not hold the asked fact."""
    item = hit.item
    title = item.title.strip()
    if item.item:  # "Item 4, Pay Policy"; an untitled item is "Item 4" once, not "Item 4, Item 4"
        label = f"Item {item.item}" if title.lower() in {"", f"item {item.item}".lower()} else f"Item {item.item}, {title}"
    else:
        label = f"The item “{title}”"
    where = meeting_label(hit.meeting)
    sentences = evidence.sentences_of(hit)
    # The citation quotes the item's opening (what it is about), never a
    # sentence offered as if it answered.
    opening = sentences[:1]
    pieces = [Quoted(hit, tuple(opening))] if opening else []
    citations, numbers = number_citations(pieces) if pieces else ((), [])
    marker = f" [{numbers[0]}]" if numbers else ""
    cut = " (the copy read is cut short; the full minutes may say more)" if item.truncated else ""
    lacking = _lacking(replace(evidence.intent, number=False, money=False) if cut and evidence.intent.decision
                       else evidence.intent)
    text = (
        f"The minutes do not answer this. {label} ({where}) is about this subject "
        f"but {lacking}{cut}{marker}."
    )
    return Answer(question=question, answer=text, grounded=False, citations=citations, notes=("near miss",))


def _nearest_label(hit: Hit) -> str:
    meeting = hit.meeting
    when = format_date(meeting.date) or (
        f"{format_date(meeting.date_inferred)}, date inferred" if meeting.date_inferred else None
    )
    who = meeting.committee
    if who and committee_is_inferred(meeting):
        who += ", committee inferred"
    where = ", ".join(x for x in (who, when) if x)
    title = hit.item.title.strip()
    return f"“{title}” ({where})" if where else f"“{title}”"


# ---------------------------------------------------------------- composing


def compose_answer(question: str, evidence: Evidence) -> Answer:
    """The Markdown answer and its citations for grounded evidence."""
    if evidence.intent.cross_meeting:
        pieces = _cross_meeting_pieces(evidence)
        if len({p.hit.item.source for p in pieces}) > 1:
            return _render_cross_meeting(question, pieces)
    if evidence.intent.decision:
        block = _resolution_block(evidence)
        if block is not None:
            decision = _render_decision(question, *block)
            return _with_further(decision, evidence, block[0], block[1])
    return _render_sentences(question, _single_meeting_pieces(evidence), evidence)


def _with_context(hit: Hit, sentence: Sentence, sentences: Sequence[Sentence]) -> tuple[Sentence, ...]:
    """The sentence, with the one before when it opens with a pronoun."""
    if _PRONOUN_START.match(sentence.text) and sentence.position > 0:
        before = sentences[sentence.position - 1]
        gap = hit.item.text[before.end:sentence.start]
        if "\n\n" not in gap and before.kind == sentence.kind:
            return (before, sentence)
    return (sentence,)


def _select(evidence: Evidence, pool: Sequence[Candidate], budget: int = MAX_SENTENCES) -> list[Candidate]:
    """The best candidate, plus the next ones of its item that the sentence
    model finds likely enough (its fitted threshold), up to ``budget``: a
    question's facts are often spread over a few sentences of one item."""
    top = pool[0]
    if not satisfies(evidence.intent, top.sentence, evidence.terms, top.hit.item.title):
        # "... the three year average for children waiting less than 16 months."
        # "The three year average at 2016-17 was 56% ..." : the figure follows, within the
        # next few units ("MOTION: That Council adopt ..." / "MOVED: ... CARRIED." / "R800/20)")
        sentences = evidence.sentences_of(top.hit)
        after = sentences[top.sentence.position + 1:top.sentence.position + 1 + OUTCOME_REACH]
        reached = _up_to_asked(evidence, top.hit, after)
        if reached:
            return [top, *(replace(top, sentence=s) for s in reached)]
    chosen = [top]
    for c in pool[1:]:
        if len(chosen) >= budget or c.probability < evidence.threshold:
            break
        if item_key(c.hit) != item_key(top.hit):  # one fact, one item
            continue
        taken = [c]
        if leads_to_list(c.sentence.text):  # "... amended as follows:" comes with what follows
            taken += [after] if (after := _next_unit(evidence, c)) is not None else []
        for t in taken:
            if not any(t.sentence.text == x.sentence.text for x in chosen):
                chosen.append(t)
    chosen += _outcome_after(evidence, top, chosen)
    chosen = _motion_before(evidence, top, chosen)
    return chosen + _part_fillers(evidence, pool, top.hit, [c.sentence for c in chosen])


# how far before a vote's record the motion it decides may lie
# ("Trustee Lamb moved to appoint ..." / "Seconded by Trustee Manning." / "Vote by roll call. ...")
MOTION_REACH = 2
_MOTION_MADE = re.compile(r"\b(?:moved|made a motion|motion (?:by|to|that)|proposed)\b", re.IGNORECASE)


def _moves(text: str) -> bool:
    """Whether a line moves a motion ("Trustee Lamb moved to appoint ..."),
    not only seconds it ("Seconded by ...")."""
    return bool(_MOTION_MADE.search(text)) and "second" not in text.lower()[:12]


def _motion_before(evidence: Evidence, top: Candidate, chosen: list[Candidate]) -> list[Candidate]:
    """A vote's record with the motion it decides: where a vote is asked for
    and the chosen lines of the item record it without the motion ("Seconded
    by ...", "Vote by roll call. Racich, yes; ..."), the motion moved just
    before them (within ``MOTION_REACH`` units) is quoted too."""
    if "vote" not in evidence.intent.record:
        return chosen
    own = [c for c in chosen if item_key(c.hit) == item_key(top.hit)]
    if any(_moves(c.sentence.text) for c in own):
        return chosen
    first = min(c.sentence.position for c in own)
    sentences = evidence.sentences_of(top.hit)
    for s in reversed(sentences[max(0, first - MOTION_REACH):first]):
        if _moves(s.text):
            have = {c.sentence.position for c in chosen}
            between = [replace(top, sentence=x) for x in sentences[s.position:first] if x.position not in have]
            return between + chosen
    return chosen


# how far after the sentence naming the subject its outcome may lie
# ("5 River Close ..." / two lines describing the works / "AGREED to recommend APPROVAL")
OUTCOME_REACH = 3


def _outcome_after(evidence: Evidence, top: Candidate, chosen: Sequence[Candidate]) -> list[Candidate]:
    """The outcome that follows the subject: where the best sentence names
    what was considered (an application, a proposal) but records no decision,
    and a resolution follows within ``OUTCOME_REACH`` units of the same item,
    that resolution and the units between come with it.  Only for questions
    asking no particular kind of fact (a "who" or "how much" has its own)."""
    intent = evidence.intent
    if intent.number or intent.person or intent.date or intent.record or intent.money:
        return []
    if top.sentence.kind == "resolution" or decides(top.sentence.text):
        return []
    sentences = evidence.sentences_of(top.hit)
    following = sentences[top.sentence.position + 1: top.sentence.position + 1 + OUTCOME_REACH]
    for k, s in enumerate(following):
        if s.kind == "resolution" or decides(s.text):
            have = {c.sentence.position for c in chosen}
            return [replace(top, sentence=x) for x in following[:k + 1] if x.position not in have]
    return []


def _up_to_asked(evidence: Evidence, hit: Hit, following: Sequence[Sentence]) -> list[Sentence]:
    """The units of ``following`` up to the first holding the kind of fact
    asked for; [] when none holds it."""
    for k, s in enumerate(following):
        if satisfies(evidence.intent, s, evidence.terms, hit.item.title):
            return list(following[:k + 1])
    return []


def _next_unit(evidence: Evidence, c: Candidate) -> Candidate | None:
    """The unit after the candidate's in its item, as a candidate of the same item."""
    sentences = evidence.sentences_of(c.hit)
    following = c.sentence.position + 1
    return replace(c, sentence=sentences[following]) if following < len(sentences) else None


def _part_fillers(evidence: Evidence, pool: Sequence[Candidate], anchor: Hit,
                  have: Sequence[Sentence]) -> list[Candidate]:
    """For a question asking more than one thing ("which firm got the job,
    and for how much?"), the best candidate of the same minutes for each
    part that ``have`` leaves unanswered: one that holds the kind of fact the
    part asks for and that the sentence model finds more likely than not to
    hold a fact."""
    added: list[Candidate] = []
    for part in asked_parts(evidence.question):
        held = [*have, *(c.sentence for c in added)]
        if any(answers_part(part, s, evidence.terms) for s in held):
            continue
        for c in pool:
            if c.probability < HOLDS_A_FACT:
                break
            if (c.hit.item.source == anchor.item.source
                    and all(c.sentence.text != s.text for s in held)
                    and answers_part(part, c.sentence, evidence.terms)):
                added.append(c)
                break
    return added


def _pieces(candidates: Sequence[Candidate], evidence: Evidence) -> list[Quoted]:
    """Chosen sentences as quoted spans: per item in reading order, merged
    where consecutive, long single sentences trimmed at clauses."""
    keep = [w for w in evidence.terms.weights] + [
        a for a in evidence.terms.aliases.values()
    ]
    by_item: dict[tuple[str, str], list[Sentence]] = {}
    hits: dict[tuple[str, str], Hit] = {}
    order: list[tuple[str, str]] = []
    for c in candidates:
        key = item_key(c.hit)
        if key not in by_item:
            by_item[key], hits[key] = [], c.hit
            order.append(key)
        sentences = evidence.sentences_of(c.hit)
        for s in _with_context(c.hit, c.sentence, sentences):
            if all(s.position != x.position for x in by_item[key]):
                by_item[key].append(s)
    pieces: list[Quoted] = []
    for key in order:
        run: list[Sentence] = []
        for s in sorted(by_item[key], key=lambda s: s.position):
            if run and (s.position != run[-1].position + 1 or _between_rows(hits[key], run[-1], s)):
                pieces.append(_quoted(hits[key], run, keep))
                run = []
            run.append(s)
        if run:
            pieces.append(_quoted(hits[key], run, keep))
    return pieces


def _between_rows(hit: Hit, before: Sentence, after: Sentence) -> bool:
    """Whether two units are rows of a table (a cell's bar between them):
    each row is quoted on its own, not as one span with "| |" inside."""
    return "|" in hit.item.text[before.end:after.start]


def _quoted(hit: Hit, run: Sequence[Sentence], keep: Sequence[str]) -> Quoted:
    if len(run) == 1:
        shown = clause_window(run[0].text, [k.lower() for k in keep])
        if shown != run[0].text:
            return Quoted(hit, tuple(run), trimmed=shown)
    return Quoted(hit, tuple(run))


def _single_meeting_pieces(evidence: Evidence) -> list[Quoted]:
    return _pieces(_select(evidence, evidence.candidates), evidence)


def _render_sentences(question: str, pieces: Sequence[Quoted], evidence: Evidence) -> Answer:
    citations, numbers = number_citations(pieces)
    parts: list[str] = []
    last_source: str | None = None
    for piece, n in zip(pieces, numbers):
        shown = tidy_end(piece.quote)
        if piece.hit.item.source == last_source:
            clause = as_clause(shown)
            parts.append(f"They also record that {clause} [{n}]." if clause else f"{render_quote(shown)} [{n}].")
        else:
            lead = record_lead(piece.hit.meeting)
            clause = as_clause(shown)
            parts.append(f"{lead} that {clause} [{n}]." if clause else f"{lead}: {render_quote(shown)} [{n}].")
        last_source = piece.hit.item.source
    return _answer(question, " ".join(parts), citations, pieces)


def _resolution_block(evidence: Evidence) -> tuple[Hit, list[Sentence], str] | None:
    """The resolution that best answers a decision question, if one does.

    A resolution candidate close to the best overall is taken; its whole
    block (consecutive resolution sentences) is the answer, or its best
    parts when the block is long.
    """
    best = evidence.best
    if best is None:
        return None
    for c in evidence.candidates:
        if c is not best and c.probability < evidence.threshold:
            return None
        # The decision of the best item: another item's resolution answers
        # another question.
        if c.sentence.kind == "resolution" and item_key(c.hit) == item_key(best.hit):
            return _block_around(_entrys_decision(c, evidence), evidence)
    return None


def _entrys_decision(c: Candidate, evidence: Evidence) -> Candidate:
    """Of the item's decisions, the one closing the entry the question is
    about: planning minutes list applications, each followed by its own
    decision ("AGREED to recommend APPROVAL", "AGREED to object"), so the
    decision taken is the one after the lines naming what was asked of
    (most of the question's words between it and the decision before);
    ``c`` where no other decision's entry names more."""
    sentences = evidence.sentences_of(c.hit)
    entries: list[tuple[float, int]] = []  # (share of the question named by the entry, position of its decision)
    start = 0
    for s in sentences:
        if s.kind != "resolution":
            continue
        if s.position > start:  # the first sentence of a block closes the entry above it
            named = Terms.of(" ".join(x.text for x in sentences[start:s.position + 1]), keep_generic=True)
            # the council's and committee's names, in the heading above the first entry, tell none apart
            named = Terms(named.stems - evidence.meeting_stems, named.numbers, named.capitalised)
            entries.append((evidence.terms.covered(named), s.position))
        start = s.position + 1
    if len(entries) < 2:
        return c
    share, position = max(entries, key=lambda e: e[0])
    own = max((e for e in entries if e[1] <= c.sentence.position), key=lambda e: e[1], default=(0.0, 0))[0]
    if share <= own:
        return c
    return replace(c, sentence=sentences[position])


def _block_around(c: Candidate, evidence: Evidence) -> tuple[Hit, list[Sentence], str]:
    sentences = evidence.sentences_of(c.hit)
    lo = hi = c.sentence.position
    while lo > 0 and sentences[lo - 1].kind == "resolution":
        lo -= 1
    while hi + 1 < len(sentences) and sentences[hi + 1].kind == "resolution":
        hi += 1
    block = sentences[lo:hi + 1]
    intent = evidence.intent
    if intent.number and not any(satisfies(intent, s, evidence.terms, c.hit.item.title) for s in block):
        # "resolution number for adopting the minutes?": the reference printed after the motion
        # ("MOTION: That Council adopt ..." / "MOVED: ... CARRIED." / "R800/20)") comes with it
        block = block + _up_to_asked(evidence, c.hit, sentences[hi + 1:hi + 1 + OUTCOME_REACH])
    verb = None
    for r in c.hit.item.resolutions:
        if c.sentence.text in " ".join(r.split()):
            verb = strip_label(" ".join(r.split()))[1]
    if len(block) > MAX_RESOLUTION_PARTS:
        ranked = sorted(block, key=lambda s: -evidence.terms.covered(s.terms))
        keep = {s.position for s in ranked[:MAX_RESOLUTION_PARTS - 1]} | {c.sentence.position}
        block = [s for s in block if s.position in keep]
    return c.hit, block, verb or "resolved"


def _render_decision(question: str, hit: Hit, block: list[Sentence], verb: str) -> Answer:
    pieces = _runs(hit, block)
    citations, numbers = number_citations(pieces)
    marker = {s.position: n for piece, n in zip(pieces, numbers) for s in piece.sentences}
    first, own_verb = strip_label(block[0].text)
    verb = own_verb or verb
    lines: list[str] = []
    if first.rstrip().endswith(":") and len(block) > 1:
        # The lead line quotes the block's opening words: it is cited too.
        lead, intro, n = record_lead(hit.meeting), tidy_end(first), marker[block[0].position]
        clause = as_clause(intro)
        lines.append(f"{lead} that {clause} [{n}]:" if clause else f"{lead}: {render_quote(intro)} [{n}]:")
        rest = block[1:]
    else:
        rest = block
        if len(block) == 1 and verb == "ordered":  # "ORDER: Deferred to next meeting.": quoted as printed
            text = f"{record_lead(hit.meeting)}: {render_quote(tidy_end(block[0].text))} [{marker[block[0].position]}]."
            return _answer(question, text, citations, pieces)
        if len(block) == 1:
            body = tidy_end(unquoted(first))
            body = body[5:] if body.lower().startswith("that ") else body
            body = as_clause(body) or body  # "resolved that the minutes ...", not "that The minutes"
            that = not body.lower().startswith("to ")  # "agreed to recommend approval", not "agreed that to ..."
            text = f"{decision_lead(hit.meeting, verb, that=that)} {body} [{marker[block[0].position]}]."
            return _answer(question, text, citations, pieces)
        lines.append(f"{decision_lead(hit.meeting, verb)}:")
    for i, s in enumerate(rest):
        body = strip_label(s.text)[0] if s is block[0] else s.text
        if not tidy_end(body).strip(" -–:;"):  # a bare "RESOLVED: That" heads the list
            continue
        lines.append(f"- {tidy_end(body)} [{marker[s.position]}]")
        if i + 1 < len(rest) and rest[i + 1].position != s.position + 1:
            lines.append("- …")
    return _answer(question, "\n".join(lines), citations, pieces)


def _only(intent: Intent, kind: str) -> Intent:
    """``intent`` asking one kind of fact only: "number" (a sum with it), "person" or "date"."""
    return Intent(decision=intent.decision, number=kind == "number", money=intent.money and kind == "number",
                  person=kind == "person", date=kind == "date", cross_meeting=intent.cross_meeting)


def _with_further(decision: Answer, evidence: Evidence, hit: Hit, block: Sequence[Sentence]) -> Answer:
    """The decision, then what else its item records that the sentence model
    finds likely to answer ("and at what rate?", "who abstained?"): the
    candidates of the item above the fitted threshold, within the budget."""
    shown = {s.position for s in block}
    said = set(re.findall(r"\w+", " ".join(s.text for s in block).lower()))

    def new_words(text: str) -> bool:  # not the resolution again, in other words
        words = re.findall(r"\w+", text.lower())
        return bool(words) and sum(w not in said for w in words) / len(words) > 0.5

    # each kind of fact asked ("for what sum, and to which company"), on its own
    kinds = [_only(evidence.intent, kind) for kind in ("number", "person", "date") if getattr(evidence.intent, kind)]

    def holds(kind: Intent, sentence: Sentence) -> bool:
        if kind.money:  # a sum, not any figure ("Section 211 of the Act, 2000")
            return holds_money(sentence.text)
        return satisfies(kind, sentence, evidence.terms, hit.item.title)

    missing = [k for k in kinds if not any(holds(k, s) for s in block)]

    def new_fact(c: Candidate) -> bool:  # "Price agreed for the sale: €12,500": the sum asked, not in the decision
        return any(holds(k, c.sentence) for k in missing)

    pool = [c for c in evidence.candidates if item_key(c.hit) == item_key(hit)
            and c.sentence.position not in shown and c.probability >= evidence.threshold
            and (new_words(c.sentence.text) or new_fact(c)) and not announces_list(c.sentence.text)][:MAX_SENTENCES - 1]
    others = [c for c in evidence.candidates if item_key(c.hit) != item_key(hit) or c.sentence.position not in shown]
    pool += _part_fillers(evidence, others, hit, [*block, *(c.sentence for c in pool)])
    if not pool:
        return decision
    further = _pieces(pool, evidence)
    offset = len(decision.citations)
    citations, numbers = number_citations(further)
    renumbered = tuple(replace(c, n=c.n + offset) for c in citations)
    lines = [decision.answer, ""]
    for piece, n in zip(further, numbers):
        # Always in quotation marks: the item's other words are the minutes'
        # (whatever they say), never the assistant's own voice.
        lines.append(f"They also record: {render_quote(piece.quote)} [{n + offset}].")
    return replace(decision, answer="\n".join(lines), citations=decision.citations + renumbered)


def _cross_meeting_pieces(evidence: Evidence) -> list[Quoted]:
    """Per meeting that answers, its best sentences (of its best item)."""
    best = evidence.best
    if best is None:
        return []
    per_meeting: dict[str, list[Candidate]] = {}
    for c in evidence.candidates:
        # A meeting answers when its sentence more likely holds a fact than
        # not (the balanced classifier's own boundary); ``evidence.threshold``
        # is fitted for a different choice, how much more of one item to quote.
        if c is not best and c.probability < HOLDS_A_FACT:
            continue
        per_meeting.setdefault(c.source, []).append(c)
    # A question naming two councils or places ("compare Northcliff's and
    # Saltbridge's ...") is answered from the minutes of each it names: the
    # best sentence of the minutes printing a name no answering meeting prints.
    for sources in evidence.named_sources:
        if len(evidence.named_sources) > 1 and not sources & per_meeting.keys():
            named = next((c for c in evidence.candidates if c.source in sources), None)
            if named is not None:
                per_meeting[named.source] = [named]
    firsts = sorted(
        (pool[0] for pool in per_meeting.values()),
        key=lambda c: (c.hit.meeting.best_date is None, c.hit.meeting.best_date or "", c.source),
    )[:MAX_MEETINGS]
    pieces: list[Quoted] = []
    for first in firsts:
        chosen = _select(evidence, per_meeting[first.source], budget=CROSS_MEETING_SENTENCES)
        if chosen and chosen[0].sentence.kind == "resolution":
            # What the meeting resolved is its whole resolution (its best
            # parts when long), not the one part most like the question.
            hit, block, _verb = _block_around(chosen[0], evidence)
            pieces.extend(_runs(hit, block))
        else:
            pieces.extend(_pieces(chosen, evidence))
    return pieces


def _runs(hit: Hit, block: Sequence[Sentence]) -> list[Quoted]:
    """Consecutive sentences of ``block`` as one quoted span each."""
    runs: list[list[Sentence]] = []
    for s in block:
        if runs and s.position == runs[-1][-1].position + 1:
            runs[-1].append(s)
        else:
            runs.append([s])
    return [Quoted(hit, tuple(run)) for run in runs]


def _render_cross_meeting(question: str, pieces: Sequence[Quoted]) -> Answer:
    citations, numbers = number_citations(pieces)
    by_meeting: dict[str, list[tuple[Quoted, int]]] = {}
    for piece, n in zip(pieces, numbers):
        by_meeting.setdefault(piece.hit.item.source, []).append((piece, n))
    lines = [f"The minutes record this at {len(by_meeting)} meetings:", ""]
    for group in by_meeting.values():
        first = group[0][0]
        quotes = " … ".join(f"{render_quote(p.quote)} [{n}]" for p, n in group)
        lines.append(f"- **{meeting_label(first.hit.meeting)}** ({first.hit.item.title}): {quotes}")
    return _answer(question, "\n".join(lines), citations, pieces)


def _answer(question: str, text: str, citations, pieces: Sequence[Quoted]) -> Answer:
    notes = tuple(
        sorted({"date inferred" for p in pieces if not p.hit.meeting.date and p.hit.meeting.date_inferred})
    )
    return Answer(question=question, answer=text, grounded=True, citations=citations, notes=notes)
