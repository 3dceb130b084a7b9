"""Which sentences of the retrieved items answer the question, and how well.

``analyse_question`` reads what kind of answer is wanted (a decision, a
number, a person, a date, a history across meetings).  ``gather_evidence``
splits the retrieved items into sentences, scores every one lexically
(IDF-weighted question words, numbers and names found, typos forgiven),
embeds the most promising few together with the question, and returns them
scored, best first.  Two figures decide whether the minutes answer at all:
the best sentence's cosine similarity to the question, and how much of the
question's content the best item covers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import fuzz, process

from qa_bot.records import Hit
from qa_bot.sentences import (
    Period,
    Sentence,
    TermExtractor,
    Terms,
    compounds,
    financial_year,
    find_compounds,
    fold,
    month_year_mentions,
    periods,
    split_sentences,
)

# Scoring weights, calibrated on tests/data/answer_calibration.jsonl.
DENSE_WEIGHT = 0.55
LEXICAL_WEIGHT = 0.45
INTENT_BONUS = 0.08  # a number for "how many", a name for "who", ...
RESOLUTION_BONUS = 0.10  # resolution text for decision questions
CONTEXT_SHARE = 0.5  # words found only in the title or the sentence before count half
RANK_PRIOR = 0.04  # the retriever's order, as a small tie-breaker
MEETING_DATE_BONUS = 0.08  # the question names the meeting's month or year
CANDIDATES_PER_ITEM = 4
# For "how many", "who" and "when" questions, sentences holding a number, a
# name or a date are embedded too, from the best items, whatever their words.
RESERVED_ITEMS = 2
RESERVED_PER_ITEM = 2
FUZZY_CUTOFF = 85.0  # rapidfuzz ratio for a misspelt question word
LONG_WORD = 5  # only words this long are matched fuzzily

_DECISION = re.compile(
    r"\b(resol\w*|decid\w*|decision\w*|agree\w*|recommend\w*|approv\w*|determin\w*|conclu\w*|vote\w*)\b",
    re.IGNORECASE,
)
_NUMBER_Q = re.compile(
    r"\b(how (many|much|long|far)|(what|which) (number|percentage|proportion|share|"
    r"amount|cost|value|figure|rate|total|sum)|by how much|cost|budget|overspend)\b",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|dozen|half|quarter|third)\b",
    re.IGNORECASE,
)
_PERSON_Q = re.compile(r"\b(who|whom|whose|which (councillor|officer|member|person))\b", re.IGNORECASE)
_DATE_Q = re.compile(r"\b(when|what date|which date|what year|which year|by when)\b", re.IGNORECASE)
_CROSS_Q = re.compile(
    r"\b(over the years|across (the )?(years|meetings|time)|over time|through the years|"
    r"history of|each meeting|every meeting|all (the )?meetings|how has .{3,80} (been )?"
    r"(discussed|changed|developed|evolved)|over successive|from meeting to meeting|"
    r"in different meetings|at different meetings|throughout the years)\b",
    re.IGNORECASE,
)
_HAS_NUMBER = re.compile(r"\d")
_HAS_DATE = re.compile(
    r"\b(\d{1,2}(st|nd|rd|th)? )?(january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b|\b(19|20)\d{2}\b",
    re.IGNORECASE,
)
_HAS_PERSON = re.compile(
    r"\b(Councillors?|Cllr|Mr|Mrs|Ms|Dr|Director|Leader|Chair(man|person)?|Head of|"
    r"Cabinet Member|cabinet member|Manager|Officer)\b"
)


@dataclass(frozen=True)
class Intent:
    """What kind of answer the question asks for."""

    decision: bool = False
    number: bool = False
    person: bool = False
    date: bool = False
    cross_meeting: bool = False


def analyse_question(question: str) -> Intent:
    return Intent(
        decision=bool(_DECISION.search(question)),
        number=bool(_NUMBER_Q.search(question)),
        person=bool(_PERSON_Q.search(question)),
        date=bool(_DATE_Q.search(question)),
        cross_meeting=bool(_CROSS_Q.search(question)),
    )


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved item, with its evidence."""

    hit: Hit
    rank: int  # the item's place in the retrieval (0 = first)
    sentence: Sentence
    lexical: float  # weighted share of the question's content found
    dense: float = 0.0  # cosine similarity to the question
    score: float = 0.0
    context: float = 0.0  # share found in the sentence, the one before and the title

    @property
    def source(self) -> str:
        return self.hit.item.source


@dataclass(frozen=True)
class QuestionTerms:
    """The question's content words (stems) and numbers, with weights."""

    weights: dict[str, float]
    numbers: frozenset[str]
    aliases: dict[str, str] = field(default_factory=dict)  # typo -> corpus stem

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def covered(self, terms: Terms) -> float:
        """Weighted share of the question's content present in ``terms``."""
        total = self.total
        if total <= 0:
            return 0.0
        found = sum(
            w for t, w in self.weights.items()
            if t in terms.stems or self.aliases.get(t) in terms.stems
            or t in terms.numbers
        )
        return found / total


@dataclass(frozen=True)
class Evidence:
    """Everything the composer and the grounding check need."""

    question: str
    intent: Intent
    terms: QuestionTerms
    candidates: tuple[Candidate, ...]  # best first
    item_coverage: dict[tuple[str, str], float]  # (source, key) -> coverage
    sentences_by_item: dict[tuple[str, str], list[Sentence]]  # (source, key) -> sentences
    # Numbers of each item's title and meeting date (its year, financial year).
    item_numbers: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def coverage_of(self, hit: Hit) -> float:
        return self.item_coverage.get(item_key(hit), 0.0)

    @property
    def absent_share(self) -> float:
        """Weighted share of question words that no retrieved sentence holds."""
        total = self.terms.total
        if total <= 0:
            return 0.0
        stems: set[str] = set()
        nums: set[str] = set().union(*self.item_numbers.values())
        for sentences in self.sentences_by_item.values():
            for s in sentences:
                stems |= s.terms.stems
                nums |= s.terms.numbers
        missing = sum(
            w for t, w in self.terms.weights.items()
            if t not in stems and self.terms.aliases.get(t) not in stems and t not in nums
        )
        return missing / total

    def sentences_of(self, hit: Hit) -> list[Sentence]:
        return self.sentences_by_item.get(item_key(hit), [])

    def numbers_found(self, hit: Hit) -> bool:
        """Whether every number of the question is in the item (its text,
        title or meeting date): a paraphrase may reword, never renumber."""
        key = item_key(hit)
        held = set(self.item_numbers.get(key, ()))
        for s in self.sentences_by_item.get(key, ()):
            held |= s.terms.numbers
        return self.terms.numbers <= held


@dataclass(frozen=True)
class Scope:
    """What a question pins down beyond its words: the periods it names
    ("in 2021", "2016-17") and the multiword terms it shares with the minutes
    ("placement orders").  An item outside the scope answers nothing."""

    periods: tuple[Period, ...] = ()
    compounds: frozenset[tuple[str, str]] = frozenset()
    # The compounds each item read so far holds (filled by question_scope).
    held: dict[tuple[str, str], frozenset[tuple[str, str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def admits(self, hit: Hit, extractor: TermExtractor | None = None) -> bool:
        return self.period_fits(hit) and self.compounds_fit(hit, extractor)

    def period_fits(self, hit: Hit) -> bool:
        """A named period must hold the meeting's date (stated or inferred) or
        be named in the item (title or text)."""
        if not self.periods:
            return True
        when = hit.meeting.best_date
        if when and any(p.covers_date(when) for p in self.periods):
            return True
        named = periods(f"{hit.item.title}\n{hit.item.description or ''}\n{hit.item.text}")
        return any(p.overlaps(n) for p in self.periods for n in named)

    def compounds_fit(self, hit: Hit, extractor: TermExtractor | None = None) -> bool:
        if not self.compounds:
            return True
        held = self.held.get(item_key(hit))
        if held is None:
            held = item_compounds(hit, self.compounds, extractor)
        return self.compounds <= held


def item_compounds(
    hit: Hit, pairs: frozenset[tuple[str, str]], extractor: TermExtractor | None = None
) -> frozenset[tuple[str, str]]:
    """Which of ``pairs`` the item (title, description, text) uses."""
    item = hit.item
    return find_compounds(f"{item.title}\n{item.description or ''}\n{item.text}", pairs, extractor)


def question_scope(
    question: str,
    reference: Sequence[Hit],
    extractor: TermExtractor | None = None,
    *,
    focus: str | None = None,
) -> Scope:
    """The periods the question names (a follow-up's own, when it names one)
    and its word pairs that the ``reference`` items (retrieved without
    filters) use as terms."""
    extractor = extractor or TermExtractor()
    named = (focus and periods(focus)) or periods(question)
    asked = compounds(question, extractor, keep_generic=False)
    known: set[tuple[str, str]] = set()
    held: dict[tuple[str, str], frozenset[tuple[str, str]]] = {}
    if asked:
        for hit in reference:
            held[item_key(hit)] = item_compounds(hit, asked, extractor)
            known |= held[item_key(hit)]
    return Scope(named, frozenset(known), held)


def meeting_numbers(hit: Hit) -> frozenset[str]:
    """The meeting's year and financial year(s) as number terms ('2017', '2017-18')."""
    out: set[str] = set()
    for d in (hit.meeting.date, hit.meeting.date_inferred):
        if not d or not d[:4].isdigit():
            continue
        year = int(d[:4])
        out.add(d[:4])
        month = int(d[5:7]) if len(d) >= 7 and d[5:7].isdigit() else None
        if month is None:
            out |= {financial_year(year - 1), financial_year(year)}
        else:
            out.add(financial_year(year if month >= 4 else year - 1))
    return frozenset(out)


def item_key(hit: Hit) -> tuple[str, str]:
    return (hit.item.source, hit.item.key)


def resolution_sentences(hit: Hit, sentences: Sequence[Sentence]) -> set[int]:
    """Positions of the item's sentences that lie inside its resolutions."""
    blocks = [fold(r) for r in hit.item.resolutions]
    return {
        s.position for s in sentences
        if any(s.text in block for block in blocks)
    }


def item_sentences(hit: Hit, extractor: TermExtractor | None = None) -> list[Sentence]:
    """The item's sentences, those inside resolutions marked as such."""
    sentences = split_sentences(hit.item.text, extractor)
    inside = resolution_sentences(hit, sentences)
    return [replace(s, kind="resolution") if s.position in inside else s for s in sentences]


def _item_terms(hit: Hit, sentences: Sequence[Sentence], extractor: TermExtractor) -> Terms:
    extra = " ".join(
        x for x in (hit.item.title, hit.meeting.committee or "", hit.item.description or "") if x
    )
    extra_terms = extractor.terms(extra, keep_generic=True)
    stems = set(extra_terms.stems)
    nums = set(extra_terms.numbers)
    for s in sentences:
        stems |= s.terms.stems
        nums |= s.terms.numbers
    nums |= meeting_numbers(hit)
    return Terms(frozenset(stems), frozenset(nums), frozenset())


def question_terms(
    question: str, pool: Sequence[Terms], extractor: TermExtractor | None = None
) -> QuestionTerms:
    """Question words weighted by rarity among the candidate sentences.

    A word no sentence contains gets the highest weight: a question about
    something the items never mention is not covered by them.
    """
    q = (extractor or TermExtractor()).terms(question)
    n = max(len(pool), 1)
    vocabulary: set[str] = set()
    for t in pool:
        vocabulary |= t.stems
    aliases: dict[str, str] = {}
    for t in sorted(q.stems):
        if t not in vocabulary and len(t) >= LONG_WORD and vocabulary:
            match = process.extractOne(t, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if match:
                aliases[t] = match[0]
    weights: dict[str, float] = {}
    for t in q.stems:
        probe = aliases.get(t, t)
        df = sum(1 for p in pool if probe in p.stems)
        w = math.log(1.0 + n / (df + 0.5))
        weights[t] = w * (1.3 if t in q.capitalised else 1.0)
    top = max(weights.values(), default=math.log(1.0 + n / 0.5))
    for num in q.numbers:
        weights[num] = top * 1.2
    return QuestionTerms(weights, q.numbers, aliases)


def _specific(intent: Intent) -> bool:
    return intent.number or intent.person or intent.date


def satisfies(intent: Intent, sentence: Sentence, terms: QuestionTerms) -> bool:
    """Whether the sentence holds the kind of fact asked for (True when the
    question asks for no particular kind)."""
    if intent.number:
        if sentence.terms.numbers:
            return bool(sentence.terms.numbers - terms.numbers)
        return bool(_NUMBER_WORD.search(sentence.text))  # "six care leavers"
    if intent.person:
        return bool(_HAS_PERSON.search(sentence.text))
    if intent.date:
        return bool(_HAS_DATE.search(sentence.text))
    return True


def _intent_bonus(intent: Intent, sentence: Sentence, terms: QuestionTerms) -> float:
    bonus = 0.0
    if intent.number and (_HAS_NUMBER.search(sentence.text) or _NUMBER_WORD.search(sentence.text)):
        new_numbers = sentence.terms.numbers - terms.numbers
        bonus += INTENT_BONUS if new_numbers else INTENT_BONUS / 2
    if intent.person and _HAS_PERSON.search(sentence.text):
        bonus += INTENT_BONUS
    if intent.date and _HAS_DATE.search(sentence.text):
        bonus += INTENT_BONUS
    if intent.decision and sentence.kind == "resolution":
        bonus += RESOLUTION_BONUS
    return bonus


def _meeting_bonus(question: str, hit: Hit) -> float:
    when = hit.meeting.best_date
    if not when:
        return 0.0
    mentions = month_year_mentions(question)
    return MEETING_DATE_BONUS if any(when.startswith(m) for m in mentions) else 0.0


def gather_evidence(
    question: str,
    hits: Sequence[Hit],
    embedder,
    *,
    intent: Intent | None = None,
    max_embedded: int = 12,
    focus: str | None = None,
) -> Evidence:
    """Score the sentences of ``hits`` against ``question``, best first.

    ``focus`` (a follow-up's own words) is weighted on top of ``question``.
    Only the ``max_embedded`` lexically most promising sentences are embedded:
    the model costs about 10 ms a sentence on a small CPU.
    """
    intent = intent or analyse_question(question)
    extractor = TermExtractor()
    per_item = [(rank, hit, item_sentences(hit, extractor)) for rank, hit in enumerate(hits)]
    by_item = {item_key(hit): sents for _r, hit, sents in per_item}
    pool = [s.terms for _r, _h, sents in per_item for s in sents]
    terms = question_terms(question, pool, extractor)
    if focus:
        extra = question_terms(focus, pool, extractor)
        weights = dict(terms.weights)
        for t, w in extra.weights.items():
            weights[t] = weights.get(t, 0.0) + w
        terms = QuestionTerms(weights, terms.numbers | extra.numbers, {**terms.aliases, **extra.aliases})
    item_terms = {item_key(hit): _item_terms(hit, sents, extractor) for _r, hit, sents in per_item}
    coverage = {key: terms.covered(t) for key, t in item_terms.items()}
    item_numbers = {
        item_key(hit): extractor.terms(hit.item.title, keep_generic=True).numbers | meeting_numbers(hit)
        for _r, hit, _s in per_item
    }
    shortlist: list[tuple[float, Candidate]] = []
    reserved: list[tuple[float, Candidate]] = []  # what the question asks for
    for rank, hit, sents in per_item:
        scored = []
        meeting = _meeting_bonus(question, hit)
        when = meeting_numbers(hit)
        title = extractor.terms(hit.item.title, keep_generic=True)
        for i, s in enumerate(sents):
            own = Terms(s.terms.stems, s.terms.numbers | when, frozenset())
            lexical = terms.covered(own)
            around = Terms(
                own.stems | title.stems | (sents[i - 1].terms.stems if i else frozenset()),
                own.numbers | title.numbers | (sents[i - 1].terms.numbers if i else frozenset()),
                frozenset(),
            )
            context = terms.covered(around)
            prior = (
                _intent_bonus(intent, s, terms) + meeting
                + RANK_PRIOR * (1 - rank / max(len(hits), 1))
                + CONTEXT_SHARE * LEXICAL_WEIGHT * (context - lexical)
            )
            candidate = Candidate(hit, rank, s, lexical, score=prior, context=context)
            scored.append((lexical + prior, candidate))
        scored.sort(key=lambda x: (-x[0], x[1].sentence.position))
        shortlist.extend(scored[:CANDIDATES_PER_ITEM])
        if _specific(intent) and rank < RESERVED_ITEMS:
            fitting = [x for x in scored[CANDIDATES_PER_ITEM:] if satisfies(intent, x[1].sentence, terms)]
            reserved.extend(fitting[:RESERVED_PER_ITEM])
    shortlist.sort(key=lambda x: (-x[0], x[1].rank, x[1].sentence.position))
    reserved.sort(key=lambda x: (-x[0], x[1].rank, x[1].sentence.position))
    reserved = reserved[:RESERVED_PER_ITEM * 2]
    chosen = [c for _p, c in shortlist[:max(max_embedded - len(reserved), 1)]]
    chosen += [c for _p, c in reserved]
    if not chosen:
        return Evidence(question, intent, terms, (), coverage, by_item, item_numbers)
    vectors = embedder.embed_batch([question] + [c.sentence.text for c in chosen])
    sims = np.asarray(vectors[1:] @ vectors[0], dtype=np.float64)
    final = []
    for c, sim in zip(chosen, sims):
        score = DENSE_WEIGHT * float(sim) + LEXICAL_WEIGHT * c.lexical + c.score
        final.append(replace(c, dense=float(sim), score=score))
    final.sort(key=lambda c: (-c.score, c.rank, c.sentence.position))
    return Evidence(question, intent, terms, tuple(final), coverage, by_item, item_numbers)
