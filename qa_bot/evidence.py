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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process

from qa_bot.evidence_model import EvidenceModel, default_model
from qa_bot.meetings import meeting_reference
from qa_bot.records import Document, Hit
from qa_bot.sentences import (
    MONTHS,
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
    stem,
)

# Budgets (how much work an answer may take), not thresholds: how many
# sentences of each item are considered for embedding.
CANDIDATES_PER_ITEM = 6
FUZZY_CUTOFF = 85.0  # rapidfuzz ratio for a misspelt question word
LONG_WORD = 5  # only words this long are matched fuzzily
SHORTENED_WORD = 4  # a word this long may stand for the one longer word it opens ("apols")

# The features the fitted models (qa_bot/models/evidence.json) weigh; their
# order is the order of the model's weights.
SENTENCE_PRE_FEATURES = (
    "lexical",  # weighted share of the question's content words in the sentence
    "context_gain",  # ... more found in the title, the sentence before and (first item) the meeting's heading
    "item_coverage",  # weighted share in the whole item
    "title_coverage",  # weighted share in the item's title
    "item_dense",  # the item's best passage cosine to the question (retrieval)
    "rank_prior",  # 1 for the first item retrieved, towards 0 for the last
    "intent_asked",  # the question asks for a number, a name or a date
    "intent_met",  # ... and the sentence holds one
    "decision_resolution",  # a decision question and a resolution sentence
    "resolution",  # the sentence lies in a resolution
    "meeting_date",  # the question names the meeting's month or year
    "position",  # place in the item, 0 first .. 1 last
    "log_words",  # log(1 + words)
    "furniture",  # looks like page furniture (link, file size, breadcrumb, header)
    "title_like",  # repeats the item's title or is a heading in capitals
    "record",  # a vote, roll call, mover/seconder or declaration
    "body",  # the question names a kind of body: +1 the meeting's, -1 another ("the committee" vs Cabinet)
    "terms_held",  # share of the question's word pairs known to the minutes ("placement orders") the item holds
)
SENTENCE_FEATURES = SENTENCE_PRE_FEATURES + ("dense",)  # + cosine to the question
GROUNDING_FEATURES = (
    "best_logit",  # the sentence model's logit for the best sentence
    "second_logit",  # ... and for the second best (a lone sentence: the bar, logit of the threshold)
    "best_dense",  # the best sentence's cosine to the question
    "max_dense",  # the highest cosine of any candidate
    "coverage",  # the best item's coverage of the question
    "support",  # the most of the question found around the best sentences
    "absent_share",  # share of the question's content no retrieved sentence holds
    "numbers_found",  # every number of the question is in the best item
    "top_item_dense",  # the first retrieved item's passage cosine
    "intent_asked",
    "intent_met",  # the best sentence holds the kind of fact asked for
    "terms_held",  # the best item's share of the question's word pairs
)
SUBJECT_FEATURES = (
    "coverage",  # the item's coverage of the question's content words
    "title_coverage",
    "item_dense",
    "rank_prior",
    "best_dense",  # the item's best sentence's cosine to the question
    "absent_share",
    "terms_held",
)
SUPPORT_CANDIDATES = 3
# GROUNDING_FEATURES when no sentence was found.
NO_EVIDENCE_ROW = (-10.0, -10.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0)

_DECISION = re.compile(
    r"\b(resol\w*|decid\w*|decision\w*|agree(?:d|s|ing)?|recommend\w*|approv\w*|determin\w*|conclu\w*|"
    r"outcomes?|what happened to|turn(ed)? down|refus\w*|go ahead|went ahead|sign(ed)? off|"
    r"(?:do|did|does) (?:\w+ ){0,2}(?:with|about))\b",  # "what did the committee do with the disposal?"
    re.IGNORECASE,
)
_NUMBER_Q = re.compile(
    r"\b(how (many|much|long|far)|(what|which) (\w+ )?(number|percentage|proportion|share|"
    r"amount|cost|value|figure|rate|total|sum)|by how much|cost|overspend"
    r"|(?:resolution|motion|minute|by-?law|ordinance|reference|application|file)\s+(?:no\.?|number|#))\b",  # its number
    re.IGNORECASE,
)
# "What hourly parking charge did they approve?", "what is the final contract
# price agreed?": a question that names the amount it asks for.
_ASKS_AMOUNT = re.compile(  # ... not "what sort of fee": a kind, not an amount
    r"\b(?:what|which)\s+(?!(?:sort|kind|type|form|manner)s?\s+of\b)(?:(?:is|was|were|are|will be|would be)\s+)?"
    r"(?!(?:the\s+|a\s+)?(?:sort|kind|type|form|manner)s?\s+of\b)(?:[\w'’/-]+\s+){0,3}?"
    r"(?:prices?|costs?|charges?|fees?|rents?|tariffs?|amounts?|sums?|totals?|fines?|precepts?)\b",
    re.IGNORECASE,
)


def asks_amount(question: str) -> bool:
    """Whether the question asks for an amount of money by name ("what
    charge", "what is the contract price", "how much did it cost")."""
    return bool(_ASKS_AMOUNT.search(question) or _HOW_MUCH.search(question) and _MONEY_Q.search(question))


_NUMBER_WORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|dozen|half|quarter|third)\b",
    re.IGNORECASE,
)
_MONEY_Q = re.compile(
    r"\b(cost\w*|spend\w*|spent|pric\w*|budget\w*|fees?|charg\w*|paid|pay|funding|grant|loan|worth|"
    r"money|rais(e|ed|ing)|income|revenue)\b",
    re.IGNORECASE,
)
# A sum in a row of an accounts table, its currency in the header: "504.00",
# "1,214.77" (not a time, "19.30", a year, "2024.25", a percentage or a length).
_TABLE_SUM = re.compile(r"(?:\b(?!(?:19|20)\d\d\.)\d{3,}|\b\d{1,3}(?:,\d{3})+)\.\d{2}\b(?!\s*(?:%|[A-Za-z]))")
# The same sum outside a table, where accounts print it bare: with thousands
# and pence ("19,698.59"), or after a heading's colon ("Footpaths: 406.18").
_ACCOUNTS_SUM = re.compile(
    r"(?:\b\d{1,3}(?:,\d{3})+|(?<!\bNo)(?<!\bRef)(?<!\bMinute)(?<!\bPage)(?<!\bItem)(?<!\bSection)(?<!\bPara)"
    r":\s*(?!(?:19|20)\d\d\.)\d{3,})\.\d{2}\b(?!\s*(?:%|[A-Za-z]))"
)


def holds_money(text: str) -> bool:
    """Whether the text states an amount of money."""
    return bool(_MONEY.search(text) or _ACCOUNTS_SUM.search(text) or "|" in text and _TABLE_SUM.search(text))


# an amount of money written in words, as a price: "for a dollar", "cost one pound", not "matched dollar
# for dollar" or "build a pound for strays"
_SUM_IN_WORDS = re.compile(
    r"\b(?:for|at|of|costs?|costing|paid|pay|price[ds]?|offered|sold|bought|worth|charged?)\s+(?:just\s+|only\s+)?"
    r"(?:a|an|one|single)\s+(dollar|pound|euro|penny|cent)\b(?!\s+for\s+(?:a\s+)?\1)",
    re.IGNORECASE,
)
_HOW_MUCH = re.compile(r"\bhow much\b", re.IGNORECASE)
# A budget asks for its figure ("What was the over-commitment in the
# services budget?"), unless the question asks who or why ("Who seconded the
# budget motion?", "On what basis was the budget set?").
_BUDGET = re.compile(r"\bbudget\b", re.IGNORECASE)
_WHY_Q = re.compile(r"\b(?:why|on what (?:basis|grounds)|for what reasons?)\b", re.IGNORECASE)
# "What precept in pounds ...", "how many dollars": a sum asked in its currency.
_IN_CURRENCY = re.compile(r"\b(?:in|how many|of how many) (?:pounds|dollars|euros|sterling)\b", re.IGNORECASE)
# Words that ask for money whatever else the question says ("charging points" does not).
_MONEY_WORD = re.compile(r"\b(costs?|costing|pric(e|es|ed)|fees?|spend\w*|spent|budget\w*|money)\b",
                         re.IGNORECASE)
_MONEY = re.compile(
    r"[£$€]\s?\d|\d\s?(m|bn|k)\b|\b(million|billion|thousand|pounds?|dollars?|pence|euros?)\b",
    re.IGNORECASE,
)
# "whose" asks only where it opens the question ("Whose motion was carried?"),
# not in a clause ("the allotment committee, whose minutes were noted").
_PERSON_Q = re.compile(r"^\W*whose\b|\b(?:and|but)\s+whose\b|\b(who|whom|which (councillors?|officers?|members?|persons?|people|firms?|compan(y|ies)|"
                       r"contractors?|suppliers?|organisations?))\b",
                       re.IGNORECASE)
# One candidate's count in a tally: a name with its title and a small
# number ("Cllr. Declan Moran 5"); two capitalised words ("Joe Sullivan: 5")
# only after a word of the vote ("the result of the ballot: ..."), not
# "Agenda Item 5, Agenda Item 6" or "Church Street 12, High Street 14".
_COUNTED = r"\s*[:–—-]?\s*\d{1,3}(?:\s+votes?)?(?![\w/%]|[.,:]\d)"
_TITLED_NAME = (r"(?-i:(?:Cllr|Cr|Councillor|Mr|Mrs|Ms|Dr)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][\w'’-]+"
                r"(?:\s+[A-Z][\w'’-]+)?)")
_ANY_NAME = rf"(?:{_TITLED_NAME}|(?-i:[A-Z][\w'’-]+\s+[A-Z][\w'’-]+))"
_TALLY = (rf"{_TITLED_NAME}{_COUNTED}\s*[,;]?\s+{_TITLED_NAME}{_COUNTED}"
          rf"|(?:vot\w*|result|ballot|elect\w*|nominat\w*|poll\w*)\b[^.\n]{{0,120}}?"
          rf"{_ANY_NAME}{_COUNTED}\s*[,;]?\s+{_ANY_NAME}{_COUNTED}")
# Questions about how members voted, who moved or seconded, who declared an
# interest, who attended: facts the minutes record in set forms.  Each kind
# is answered only by a sentence of the same kind: "who seconded" by the
# seconder's line, not by the vote.
RECORD_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    # kind: (the question asks for it, a sentence records it)
    "vote": (
        re.compile(r"\b(vot(e|es|ed|ing)|abstain\w*|abstention\w*|unanimous\w*|for and against|in favour)\b",
                   re.IGNORECASE),
        re.compile(
            r"\b(yeas|nays|(votes? )?(for|against|abstentions?|abstained|abstaining)\s*[:(-]\s*\w+|"
            r"\d+ votes? to \d+|\d+ (members? |councillors? )?(voting|voted|votes?) (for|against|in favour)|"
            # an election's count: "Voting for election of Cllr. L Fallon – Cllr. Keogh, ... (4 votes)"
            r"\(\d+ votes?\)|(?:received|polled|with|by) \d+ votes?|voting for (?:the )?(?:election|appointment)|"
            r"put to the vote|voted (for|against|in favour|unanimously)|abstention\w*|abstain\w*|"
            r"unanimous\w*|in favour|motion (was )?(carried|passed|lost|failed|defeated)|carried\s+\d+|"
            # the tally after the resolution's number: "CARRIED RESOLUTION NO.2025/OM104 6/1"
            # (the tally closes the sentence: not "Resolution No 45/23 was adopted", "carried out at flat 3/2")
            r"(?:carried(?!\s+(?:out|forward|over|on)\b)|lost|defeated|resolution\s+no)\b(?:(?!\.\s).){0,60}?"
            r"\s\d{1,2}\s*/\s*\d{1,2}[ \t.]*$|"
            # an election's outcome: "was declared elected as Chair", "elected unopposed"
            r"declared (?:duly )?elected|duly elected|elected unopposed|voted by (?:a )?show of hands|"
            # a count a line: "5 For, 0 Against, 1 Abstention"
            r"\d+ (?:for|against|abstentions?)\s*[,;]\s*\d+ (?:for|against|abstentions?)|"
            # a tally of candidates: "Cllr. D Moran 5, Cllr. S Tobin 3"
            rf"{_TALLY})(?!\w)",
            re.IGNORECASE,
        ),
    ),
    # Refinements of a vote: "who voted against" is answered by the noes,
    # not by the motion's result or the ayes.
    "against": (
        re.compile(r"\b(vot\w*|was|were)\s+(against|no)\b|\bopposed\b|\bnays?\b|\bnoes\b", re.IGNORECASE),
        re.compile(r"\b(nays?|noes|against\s*[:(-]|vot\w* (against|no)\b|opposed\b|\d+\s+against)", re.IGNORECASE),
    ),
    "abstain": (
        re.compile(r"\b(abstain\w*|abstention\w*)\b", re.IGNORECASE),
        re.compile(r"\b(abstain\w*|abstention\w*|did not vote)\b", re.IGNORECASE),
    ),
    "mover": (
        # "proposed" as a verb ("who proposed it", "proposed by"), not "the proposed disposal of land"
        re.compile(r"\b(second(ed|er)|(?<!the )(?<!this )(?<!a )(?<!an )(?<!its )proposed|who moved|moved (the|it|that)|mover)\b",
                   re.IGNORECASE),
        re.compile(r"\b(moved|seconded|proposed|mover|seconder)\b"
                   # Australian and NZ minutes: "RESOLVED [37/22] (Cadwallader/Gordon)", "(Cr Amos / Cr Swan)"
                   r"|\b(?:resolved|resolution|carried|motion)\b[^()\n]{0,30}\((?:(?:Cr|Cllr|Councillor)\.?\s+)?"
                   r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s*/\s*(?:(?:Cr|Cllr|Councillor)\.?\s+)?[A-Z][\w'’-]+",
                   re.IGNORECASE),
    ),
    "interest": (
        re.compile(r"\b((declar|disclos)\w*\b.{0,40}\binterests?|interests?\b.{0,20}\b(declared|disclosed)|"
                   r"conflicts? of interest|"
                   # why a member kept out of an item: "why did she stay out of voting", "... step away"
                   r"why\b.{0,80}\b(?:st[ae]y\w* out|kept out|not (?:vote|take part|participate)|abstain\w*|"
                   r"step\w* (?:out|away|aside|down)|withdr[ae]w\w*|vacat\w*|recus\w*|left the (?:room|chamber|meeting))|"
                   r"(an|any|their|his|her|personal|pecuniary|prejudicial|disclosable) interests?)\b",
                   re.IGNORECASE),
        re.compile(r"\b((declar|disclos)\w*\b.{0,60}\binterests?|interests?\b.{0,40}\b(declared|disclosed)|"
                   r"conflicts? of interest)\b", re.IGNORECASE),
    ),
    "attendance": (
        re.compile(r"\b(absent|attend\w*|apologi\w*|roll call|(who|which \w+) (was|were) present)\b",
                   re.IGNORECASE),
        re.compile(r"\b(present|absent|apologies|roll call|in attendance|attended)\b", re.IGNORECASE),
    ),
}


VOTE_REFINEMENTS = frozenset({"against", "abstain"})  # a vote question naming them wants those lines


def record_kinds(question: str) -> frozenset[str]:
    """The kinds of record (RECORD_KINDS) a question asks about."""
    return frozenset(k for k, (asks, _holds) in RECORD_KINDS.items() if asks.search(question))


# "when" asks for a date where it opens the question or a part of it ("When
# will ...", "..., and when?"), not in a clause ("who left the room when the
# plan came up?").
_DATE_Q = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|then)\W+)?when\b|(?:\b(?:and|but|or)|[,;(?])\s*when\b|\bwhen\W*$|"
    r"\b(?:from|since|on|about|know|tell me|find out|remind me)\s+when\b|"
    r"\b(what date|which date|what year|which year|by when|what day|which day)\b",
    re.IGNORECASE,
)
# "When the committee reviewed the fees, what sort of fee ...?": an opening "when" clause (no "when did ..."
# question of its own), then the question
_WHEN_CLAUSE = re.compile(
    r"^\W*when\s+(?!(?:did|does|do|was|were|is|are|will|would|has|have|had|can|could|should|shall|may|might)\b)"
    r"[^?,;]{3,200},\s*(?P<main>(?:what|who|whom|whose|which|how|why|where|did|does|do|was|were|is|are"
    r"|has|have|had|can|could|will|would|should)\b.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CROSS_Q = re.compile(
    r"\b(over the years|across (the )?(years|meetings|time)|over time|through the years|"
    r"history of|each meeting|every meeting|all (the )?meetings|how has .{3,80} (been )?"
    r"(discussed|changed|developed|evolved)|over successive|from meeting to meeting|"
    r"in different meetings|at different meetings|throughout the years|"
    # Comparisons and changes between sittings: "changed between the July and
    # September meetings", "compared with", "since the July meeting", "the latest".
    r"compar\w*|(chang\w*|differ\w*|mov\w*|slipp\w*) (between|since)|"
    r"since (the|it was|they were|cabinet|council|committee|last)\b|has it slipped|the latest on|"
    r"after (it|they) (was|were) (put off|deferred|called in|postponed))\b",
    re.IGNORECASE,
)
_HAS_NUMBER = re.compile(r"\d")
_MONTH_ALTERNATION = "|".join(MONTHS)
_MONTH_WORD = re.compile(rf"\b(?:{_MONTH_ALTERNATION})\b", re.IGNORECASE)
# A date as a whole, to compare with the question's: "24 March 2025", "March 24, 2025", "2025", or
# written in figures: "13/3/19", "05.06.2024", "3/24/2025" (not "paragraph 3.2.10", "3/24/1234/FUL")
_DATE_SPAN = re.compile(
    rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?\b(?:{_MONTH_ALTERNATION})\b"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+(?:19|20)\d{2}\b)?"
    r"|\b(?:19|20)\d{2}\b"
    r"|(?<![\d/.])(?<!paragraph )(?<!para )(?<!section )(?<!minute )(?<!item )"
    r"(?:(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])[/.](?:0?[1-9]|[12]\d|3[01]))"
    r"[/.](?:(?:19|20)\d{2}|\d{2})(?![/.]?\d)",
    re.IGNORECASE,
)
# A date or a clock time: "29th October 2019", "October 29, 2019", "7.30pm", "6:02 p.m.".  A count
# ("how many members of the public") is no part of one.
_DATE_OR_TIME = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december)(?:\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\s+[a-z]),?)?(?:\s+(?:19|20)\d{2})?\b"  # not "May 12 residents"
    r"|(?<![£$€\d.,])\b\d{1,2}(?:[.:]\d{2}\s*(?:[ap]\.?m\b\.?|hours|hrs)|:\d{2}\b|\s*[ap]\.?m\b\.?)"  # not "£14.20"
    r"|\b(?:19|20)\d{2}\b(?!\s+[a-z])",  # a year, not a count: "signed by 2000 residents"
    re.IGNORECASE,
)
_HAS_PERSON = re.compile(
    r"\b(Councillors?|Cllrs?|Mr|Mrs|Ms|Dr|Director|Leader|Chair(man|person)?|Head of|"
    r"Cabinet Member|cabinet member|Manager|Officer|Mayor|Clerk|Alderm[ae]n|Members?)\b"
    r"|\b(Moved|Seconded|Proposed|Present|Absent|Apologies|Yeas|Nays|For|Against|Abstain\w*)\b\s*(by\b|:|-)"
)
# A sentence that names someone, which is what answers "who": a title before
# a name ("Cllr Sue Blackburn", "Mr Les Thomas", "Cr Cecato"), initials before
# a surname ("M. Olsson"), or a forename and surname ("Chris Sanderson") that
# are not the words of a body or a place.  A role alone ("The Clerk
# confirmed ...", "The Leader of the Council has been invited ...") says
# who held the post, not who it was.
_TITLED_NAME = re.compile(
    r"\b(?:Councillors?|Cllrs?|Cr|Mr|Mrs|Ms|Miss|Mx|Dr|Mayor|Commissioner|Alderm[ae]n|Sir|Dame|Lord|Lady|"
    r"Lieutenant|Lt|Sgt|Sergeant|Inspector|Professor|Prof|Rev|Reverend)\.?\s+(?:[A-Z]\.?\s*){0,3}"
    r"(?!(?:The|This|That|These|It|Its|An?|Reports?|Officers?)\b)[A-Z][a-z'’-]+"
    r"|\b(?:Chair(?:man|person)?|Clerk|Treasurer|Secretary)\s+[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+"  # "Chairman Peter Hall"
    r"|\b(?:[A-Z]\.\s?){1,3}(?!(?:The|This|That|These|It|Its|An?|In|On|At|Council|Committee)\b)[A-Z][a-z'’-]{2,}"
)
# a run of two or more capitalised words (its pairs are tested, overlapping)
_CAPITAL_RUN = re.compile(r"\b(?P<run>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)+)\b")
_NOT_NAME_WORDS = frozenset(
    """council councils committee committees cabinet parish town district county city borough village
    community board panel group forum service services department directorate authority trust
    partnership association society club school college university church hall centre center house
    road street lane avenue way close drive square park green gardens place court bridge hill
    act acts plan plans policy policies strategy report reports scheme schemes fund budget
    programme program project review meeting meetings minutes agenda item items order orders
    public bodies local government health care social housing planning licensing highways
    member members officer officers leader chair chairman chairperson mayor clerk director
    manager head chief executive deputy vice assistant senior
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    north south east west northern southern eastern western upper lower great little new old saint
    the this that these those it its there their a an and of for to in on at by with from""".split()  # noqa: SIM905
)
# "Haddon Vale DC", "Harwick Town": a body or a place, not a person
_BODY_AFTER = re.compile(r"\s+(?:[A-Z]{2,4}\b|(?:Council|Committee|District|Town|Parish|City|County|Borough)\b)")
# a post named in full answers "who" too: "the Policy and Improvement Officer",
# "the Director of Housing", "the Chief Executive"; "the Clerk" alone does not
_NAMED_POST = re.compile(
    r"\b(?:[A-Z][a-z]+\s+(?:(?:and|of|for)\s+)?){1,4}(?:Officer|Manager|Engineer|Solicitor|Surveyor|Treasurer|Secretary)\b"
    r"|\b(?:Director|Head|Assistant Director)\s+of\s+[A-Z][a-z]+|\bChief Executive\b"
)


def names_someone(text: str, asked: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` names a person (see ``_TITLED_NAME``) or a post in
    full; a pair of capitalised words the question gives (``asked``: its
    stems; "Little Haddon", "Haddon Vale") is the subject, not the answer."""
    if _TITLED_NAME.search(text) or _NAMED_POST.search(text):
        return True
    for m in _CAPITAL_RUN.finditer(text):
        # (a run after "the" was tried as a thing, "the Dog Control Bylaw": three fewer broad
        # answers held out by council, so a name's test stays the words themselves)
        if _BODY_AFTER.match(text, m.end()):
            continue
        words = m.group("run").split()
        for first, second in pairwise(words):
            if (first.lower() not in _NOT_NAME_WORDS and second.lower() not in _NOT_NAME_WORDS
                    and stem(first.lower()) not in asked and stem(second.lower()) not in asked):
                return True
    return False



# Facts the minutes record in set forms: votes, roll calls, movers and
# seconders, declarations of interest.  They answer "who" and "how many".
_RECORD = re.compile(
    r"\b(moved by|seconded by|proposed by|motion (carried|passed|lost|failed|defeated)|carried\s+\d+\s*[-–to]+\s*\d+|"
    r"yeas|nays|roll call|(votes? )?(for|against|abstentions?|abstained)\s*[:(-]\s*\w+|"
    r"\d+ votes? to \d+|\d+ (members? |councillors? )?(voting|voted|votes?) (for|against|in favour)|"
    r"put to the vote|voted (for|against|in favour|unanimously)|abstention|abstained|abstaining|"
    r"present\s*:|absent\s*:|apologies( for absence)?\s*(:|were|was|received)|"
    r"(declar|disclos)\w* (an? )?(\w+ )?interest|conflicts? of interest|unanimous\w*|recorded vote|in favour)(?!\w)",
    re.IGNORECASE,
)
# A decision recorded as a motion, the form of North American and many
# parish minutes: "Motion by X, second by Y, to adopt Resolution No. 12";
# "Motion carried 5-1"; "That the report BE RECEIVED".  It answers "did they
# approve ...?" as a "RESOLVED" block does.
_DECIDED_MOTION = re.compile(
    r"\b(?:motion|moved|it was moved|(?<!the )proposed)\b.{0,160}?\b(?:to|that)\s+(?:the \w+(?: \w+)? be )?"
    r"(?:adopt|approve|award|accept|authori[sz]e|"
    r"refuse|grant|deny|endorse|direct|appoint|defer|ratify|introduce|receive|reject|table)\w*"
    r"|\bmotion (?:was )?(?:carried|passed|adopted|approved|failed|lost|defeated)\b"
    r"|\b(?:carried|passed|adopted) (?:unanimously|\d+\s*[-–]\s*\d+)"
    r"|(?-i:\bBE (?:ADOPTED|APPROVED|RECEIVED|ENDORSED|TAKEN|DIRECTED|AUTHORI[SZ]ED|REFERRED|DEFERRED)\b)",
    re.IGNORECASE,
)


# The routine approval of an earlier meeting's minutes ("The minutes of the
# meeting held on 9th July 2024 were approved as a true record and signed").
# It records that minutes were signed, nothing about any subject, so it is
# evidence only for a question about minutes (a definition, not a fit).
_MINUTES_APPROVED = re.compile(
    r"\bminutes\b(?=.{0,200}\b(?:approved|confirmed|agreed|signed|adopted|accepted|taken as read)\b)"
    # "... record", "the previous meeting", "the Minutes of Meeting of the Council held on 4 March 2025" (the
    # body's own; a committee's minutes the council adopts are a decision)
    r"(?=.{0,200}\b(?:(?:correct|true|accurate) record|previous meeting|last meeting|meeting(?: of (?:the )?(?:council|board)\b[^.]{0,40}?)? held on)\b)",
    re.IGNORECASE | re.DOTALL,
)
_ASKS_MINUTES = re.compile(r"\bminutes?\b", re.IGNORECASE)


def approves_minutes(text: str) -> bool:
    """Whether a sentence is the routine approval of earlier minutes."""
    return bool(_MINUTES_APPROVED.search(text))


# Page furniture that survives a copy: a link-only line, a file size, a
# breadcrumb, a page number ("Page 3 of 16" anywhere, "Page 3" only at a
# sentence's edge, not "... minutes, Page 8, the word ..."), a running header.
_FURNITURE_LIKE = re.compile(
    r"^\[[^\]]*\]\([^)]*\)\W*$|pdf icon|\b\d+(\.\d+)?\s?[KM]B\b|\bpage \d+ of \d+\b|^\W*page \d+\b|\bpage \d+\W*$|"
    r"\s>\s.*\s>\s|^(home|skip to|print|share|download)\b|https?://|\.pdf\b|^\d+[A-Z][A-Z ]{8,}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Intent:
    """What kind of answer the question asks for."""

    decision: bool = False
    number: bool = False
    person: bool = False
    date: bool = False
    cross_meeting: bool = False
    money: bool = False  # "how much ... cost / spend / charge": an amount of money
    record: frozenset[str] = frozenset()  # RECORD_KINDS asked: how members voted, who moved, declared, attended


def analyse_question(question: str) -> Intent:
    person = bool(_PERSON_Q.search(question))
    date = _asks_date(question)
    # "When will the budget workshop be held?" asks a date, not the budget's figure
    budget = bool(_BUDGET.search(question) and not person and not _WHY_Q.search(question) and not date)
    amount = asks_amount(question)
    # "who raised the cost of the bylaw?": a person asked about a cost, not the cost
    asks_number = any(not (person and m.group(0).lower() == "cost") for m in _NUMBER_Q.finditer(question))
    number = bool(asks_number or _IN_CURRENCY.search(question) or budget or amount)
    # "When was the meeting the council said it would attend?" asks a date, not who attended
    # ("When were apologies received from Cllr Pryce?" still asks of attendance)
    record = record_kinds(question)
    if date and not person and not _ABSENCE.search(question):
        record -= {"attendance"}
    return Intent(
        decision=bool(_DECISION.search(question)) and not _WHY_Q.search(question),
        number=number,
        person=person,
        date=date,
        cross_meeting=bool(_CROSS_Q.search(question)),
        record=record,
        money=bool(amount  # "how much ... cost" is one of the amounts asked for by name
                   or _MONEY_WORD.search(question) and number
                   or _IN_CURRENCY.search(question)),
    )


_ABSENCE = re.compile(r"\b(?:absent\w*|absence|apologi\w*|roll call|present)\b", re.IGNORECASE)


def _asks_date(question: str) -> bool:
    """Whether the question asks for a date: its "when" opens the question or
    a part of it, not a clause before it ("When the committee met, who ...")."""
    clause = _WHEN_CLAUSE.match(question)
    return bool(_DATE_Q.search(clause.group("main") if clause else question))


# Where a question asks two things ("Which firm got the roof job, and for
# how much?", "did they approve the contract and who got it"): a comma or
# "and"/"but" before a question word, or a second sentence.
_PART_BREAK = re.compile(
    r",?\s+(?:and|but)\s+(?=(?:who|whom|whose|what(?:['’]?s)?|which|when|where|why|how|for how|at what|by how|"
    r"did|was|were|is|are|has|have)\b)|(?<=[?;])\s+(?=\w)",
    re.IGNORECASE,
)
# The kind of fact a part asks for, read from its opening words.
_PART_KINDS = (
    ("reason", re.compile(r"^(?:and |but )?(?:why\b|what (?:was|were) the reasons?\b|on what grounds\b)", re.IGNORECASE)),
    ("money", re.compile(r"^(?:and |but )?(?:for |at |by )?how much\b|^(?:and |but )?(?:what(?:['’]?s)?|which) (?:\w+ ){0,3}(?:cost|price|sum|amount)\b", re.IGNORECASE)),
    ("number", re.compile(r"^(?:and |but )?(?:by )?how many\b|^(?:what|which) (?:\w+ )?(?:number|percentage|proportion)\b", re.IGNORECASE)),
    ("date", re.compile(r"^(?:and |but )?(?:when\b|(?:on |by )?what (?:date|day)\b|since when\b)", re.IGNORECASE)),
    ("person", re.compile(
        r"^(?:and |but )?(?:who|whom|whose)\b|^(?:and |but )?which (?:\w+ )?(?:councillors?|members?|officers?|"
        r"firms?|compan(?:y|ies)|contractors?|suppliers?|organisations?|persons?|people|bodies)\b", re.IGNORECASE)),
)
# A sentence giving a reason: "because ...", "due to ...", "as his daughter
# works there", "on the grounds that ..." (a definition, not a fit).
_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a result of|on the grounds|in order to|so that|given that|reasons?|"
    r"as (?:his|her|their|its|a|an|the|he|she|they)\b)",
    re.IGNORECASE,
)
# A firm or body named as such ("Harrow Roofing Ltd", "Valecrest Environmental Ltd").
_ORGANISATION = re.compile(r"\b[A-Z][\w&'’-]+ (?:[A-Z][\w&'’-]+ )*(?:Ltd|Limited|plc|PLC|LLP|Inc|LLC|Trust|CIC)\b")


@dataclass(frozen=True)
class AskedPart:
    """One of the things a question asks: its words and the kind of fact
    that answers it ("reason", "money", "number", "date", "person" or
    "record", with ``record`` the RECORD_KINDS asked)."""

    text: str
    kind: str
    record: frozenset[str] = frozenset()


def asked_parts(question: str) -> tuple[AskedPart, ...]:
    """The parts of a question that asks more than one thing, each with the
    kind of fact it asks for (read from its opening words: "and why?", "and
    for how much?", "who got it"); () when it asks one thing.  Parts whose
    kind cannot be read are left out: any sentence answers them."""
    pieces = [p.strip(" ,") for p in _PART_BREAK.split(question) if p and p.strip(" ,?")]
    if len(pieces) < 2:
        return ()
    parts: list[AskedPart] = []
    for piece in pieces:
        recorded = record_kinds(piece)
        if recorded:
            parts.append(AskedPart(piece, "record", recorded))
            continue
        kind = next((k for k, pattern in _PART_KINDS if pattern.search(piece)), None)
        if kind:
            parts.append(AskedPart(piece, kind))
    return tuple(parts)


# Where a unit runs plain sentences together ("(b) ... reported that the
# resurfacing has moved to November. She offered £500 from her fund ..."):
# the boundaries between them.
_PLAIN_STOP = re.compile(r"(?<=[a-z0-9)%][.!?])\s+(?=[A-Z(“\"])")


def _on_subject(text: str, terms: QuestionTerms) -> list[str]:
    """The plain sentences of the unit that hold a word of the question
    (all of it when it is one sentence): a sum asked for is answered by one
    said of the question's subject, not by the next sentence's grant."""
    pieces = _PLAIN_STOP.split(text)
    if len(pieces) < 2:
        return [text]
    extractor = TermExtractor()
    return [p for p in pieces if terms.covered(extractor.sentence_terms(p)) > 0]


def answers_part(part: AskedPart, sentence: Sentence, terms: QuestionTerms) -> bool:
    """Whether the sentence holds the kind of fact the part asks for."""
    text = sentence.text
    if part.kind == "reason":
        return bool(_REASON.search(text))
    if part.kind == "money":
        return any(holds_money(piece) for piece in _on_subject(text, terms))
    if part.kind == "person":
        return bool(names_someone(text, frozenset(terms.weights)) or _RECORD.search(text) or _ORGANISATION.search(text))
    intent = Intent(number=part.kind == "number", date=part.kind == "date", record=part.record)
    return satisfies(intent, sentence, terms)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved item, with its evidence."""

    hit: Hit
    rank: int  # the item's place in the retrieval (0 = first)
    sentence: Sentence
    lexical: float  # weighted share of the question's content found
    dense: float = 0.0  # cosine similarity to the question
    score: float = 0.0  # the sentence model's logit (before embedding: the words-only one)
    context: float = 0.0  # share found in the sentence, the one before and the title
    features: tuple[float, ...] = ()  # SENTENCE_PRE_FEATURES, in order
    probability: float = 0.0  # the sentence model's probability that it holds the fact

    @property
    def full_features(self) -> tuple[float, ...]:
        """SENTENCE_FEATURES: the words-only features and the cosine."""
        return self.features + (self.dense,)

    @property
    def source(self) -> str:
        return self.hit.item.source


@dataclass(frozen=True)
class QuestionTerms:
    """The question's content words (stems) and numbers, with weights."""

    weights: dict[str, float]
    numbers: frozenset[str]
    aliases: dict[str, str] = field(default_factory=dict)  # typo -> corpus stem
    months: frozenset[str] = frozenset()  # the months the question names ("november"): which meeting, not the answer

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
    title_coverage: dict[tuple[str, str], float] = field(default_factory=dict)
    # The sentence model's threshold: a sentence this likely holds the fact.
    threshold: float = 0.5
    # (source, key) -> share of the question's word pairs the item holds.
    terms_held: dict[tuple[str, str], float] = field(default_factory=dict)
    # For each name the question gives that tells the documents apart, those
    # printing it ("compare Northcliff's and Saltbridge's ...": one set each).
    named_sources: tuple[frozenset[str], ...] = ()
    # Words of the headings of the minutes read (heading_words): held by
    # every item of the meeting.
    meeting_stems: frozenset[str] = frozenset()

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
        stems: set[str] = set(self.meeting_stems)
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

    def support(self) -> float:
        """The most of the question found around the best few sentences."""
        return max((c.context for c in self.candidates[:SUPPORT_CANDIDATES]), default=0.0)

    def grounding_row(self) -> tuple[float, ...]:
        """GROUNDING_FEATURES of this evidence (the candidates scored)."""
        best = self.best
        if best is None:
            return NO_EVIDENCE_ROW
        # a lone sentence has no rival: the second best is the bar a sentence
        # must pass (was: the best itself, which read a lone clear answer as
        # two tied ones, and the model weighs a close second against it)
        t = min(max(self.threshold, 1e-6), 1.0 - 1e-6)  # a fitted threshold may sit at 0 or just above 1
        bar = math.log(t / (1.0 - t))
        second = self.candidates[1].score if len(self.candidates) > 1 else min(best.score, bar)
        specific = _specific(self.intent)
        return (
            best.score, second, best.dense, max(c.dense for c in self.candidates),
            self.coverage_of(best.hit), self.support(), self.absent_share,
            float(self.numbers_found(best.hit)), float(best.hit.dense_score),
            float(specific), float(specific and satisfies(self.intent, best.sentence, self.terms, best.hit.item.title)),
            self.terms_held.get(item_key(best.hit), 1.0),
        )

    def subject_rows(self) -> list[tuple[Hit, tuple[float, ...]]]:
        """SUBJECT_FEATURES of each item with a scored sentence, best item first."""
        seen: dict[tuple[str, str], tuple[Hit, tuple[float, ...]]] = {}
        absent = self.absent_share
        for c in self.candidates:
            key = item_key(c.hit)
            if key in seen:
                continue
            seen[key] = (c.hit, (
                self.item_coverage.get(key, 0.0), self.title_coverage.get(key, 0.0),
                float(c.hit.dense_score), c.features[5] if c.features else 0.0,
                max(x.dense for x in self.candidates if item_key(x.hit) == key), absent,
                self.terms_held.get(key, 1.0),
            ))
        return list(seen.values())

    def numbers_found(self, hit: Hit) -> bool:
        """Whether every number of the question is in the item (its text,
        title or meeting date): a paraphrase may reword, never renumber."""
        return self.holds_numbers(hit, self.terms.numbers)

    def holds_numbers(self, hit: Hit, numbers: frozenset[str] | set[str]) -> bool:
        """Whether the item (its text, title or meeting date) holds all of ``numbers``."""
        key = item_key(hit)
        held = set(self.item_numbers.get(key, ()))
        for s in self.sentences_by_item.get(key, ()):
            held |= s.terms.numbers
        return set(numbers) <= held


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
    # Names the question gives ("Pine Ridge", "Hallam Kerr") that some of the
    # documents read print and others do not, and which documents print one.
    names: tuple[str, ...] = ()
    naming: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # The word pairs the items of each council read use ("cyber security" in
    # one council's minutes, "cyber resilience" in another's).
    known_in: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict, compare=False, repr=False)
    # For each telling name, the documents read that print it.
    printed_by: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    # For each document, the word pairs inside the names it prints ("corporate
    # governance" of "Corporate Governance" in "Chichester's Corporate
    # Governance and Audit Committee"): said of every item of it.
    named_pairs: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict, compare=False, repr=False)

    def admits(self, hit: Hit, extractor: TermExtractor | None = None) -> bool:
        return self.period_fits(hit) and self.compounds_fit(hit, extractor) and self.names_fit(hit)

    def names_fit(self, hit: Hit) -> bool:
        """A document printing none of the names the question gives is about
        another council, place, firm or person (a document not read: admitted)."""
        return self.naming.get(hit.item.source, True)

    def period_fits(self, hit: Hit) -> bool:
        """A named period must hold the meeting's date (stated or inferred) or
        be named in the item (title or text).  Minutes that print no date of
        their own (a scanned page, a page cut short) cannot be ruled out by
        it: only an item naming other periods and not this one is."""
        if not self.periods:
            return True
        when = hit.meeting.best_date
        if when and any(p.covers_date(when) for p in self.periods):
            return True
        text = f"{hit.item.title}\n{hit.item.description or ''}\n{hit.item.text}"
        named = periods(text)
        if not when and not named:
            return True
        if any(p.overlaps(n) for p in self.periods for n in named):
            return True
        # an undated meeting's item whose months all fall inside the period, naming no year outside it:
        # "spending up to 31st December 2023 since April 2023" is of 2023/24
        months = [m for m in month_year_mentions(text) if len(m) > len("YYYY")]  # "2023-12", not a bare year
        return not when and bool(months) and any(
            all(p.covers_date(m) for m in months) and all(n.first <= p.last and p.first <= n.last for n in named)
            for p in self.periods
        )

    def compounds_fit(self, hit: Hit, extractor: TermExtractor | None = None) -> bool:
        if not self.compounds:
            return True
        return self.compounds <= self.compounds_held(hit, extractor)

    def compounds_held(self, hit: Hit, extractor: TermExtractor | None = None) -> frozenset[tuple[str, str]]:
        held = self.held.get(item_key(hit))
        if held is None:
            held = item_compounds(hit, self.compounds, extractor)
        return (held | self.named_pairs.get(hit.item.source, frozenset())) & self.compounds

    def select(self, hits: Sequence[Hit], extractor: TermExtractor | None = None, *,
               across: bool = False) -> tuple[Hit, ...]:
        """The hits in scope: in the named period, and holding at least one
        of the question's word pairs that the minutes use as terms (when it
        has any; a question comparing meetings too, each of which may use
        only some of them: "the outline and the full business case").

        An item holding none of them answers about something else ("orders"
        for "placement orders", the fostering service's annual report for
        "fostering panels"), even when the search ranks it first.  Beyond
        that the terms do not prune: a question's word pairs are often
        accidental ("volunteers catch", "home beds"), and requiring as many
        as any item holds dropped the item the search ranked first.  How
        many an item holds is a feature the fitted models weigh
        (``held_share``)."""
        fitting = [h for h in hits if self.period_fits(h) and self.names_fit(h)]
        if not self.compounds:
            return tuple(fitting)
        return tuple(h for h in fitting if self.pairs_fit(h, extractor))

    def pairs_fit(self, hit: Hit, extractor: TermExtractor | None = None) -> bool:
        """Whether the item holds one of the question's word pairs that its
        own council's minutes use: one council's wording says nothing of
        another's ("cyber security" and "cyber resilience")."""
        known = self.known_in.get(self.wording_group(hit), self.compounds)
        return not known or bool(self.compounds_held(hit, extractor) & known)

    def wording_group(self, hit: Hit) -> str:
        """Whose wording the item shares: its council's, and among minutes
        that print no council, those printing the same names the question
        gives ("... in Cwm Aber, compared with Eastmoor": two councils'
        minutes, whatever their headings print)."""
        return wording_group(hit, self.printed_by)

    def held_share(self, hit: Hit, extractor: TermExtractor | None = None) -> float:
        """The share of the question's word pairs known to the minutes that
        the item holds (1 when the question has none)."""
        if not self.compounds:
            return 1.0
        return len(self.compounds_held(hit, extractor)) / len(self.compounds)


def item_compounds(
    hit: Hit, pairs: frozenset[tuple[str, str]], extractor: TermExtractor | None = None
) -> frozenset[tuple[str, str]]:
    """Which of ``pairs`` the item (title, description, text) uses."""
    item = hit.item
    # The meeting's own name counts: "Little Haddon parish council" is said
    # by the heading of the minutes, not by each item.
    meeting = hit.meeting
    text = f"{meeting.council or ''}\n{meeting.committee or ''}\n{item.title}\n{item.description or ''}\n{item.text}"
    return find_compounds(text, pairs, extractor)


# Words that describe rather than name: "the new pool" is the pool, not a
# term "new pool" (a definition, not a fit).
_MODIFIERS = (
    "new old next last first second current future previous latest proposed final recent existing "
    "further other same additional extra"
)
_MODIFIER_STEMS = frozenset(stem(w) for w in _MODIFIERS.split())
# Who acts, before what they did: "how did members vote", "officers
# recommend" is a clause, not a term the items must hold.
_ACTOR_STEMS = frozenset(stem(w) for w in ["member", "members", "officer", "officers"])
# A post ("the general manager", "the deputy mayor", "the town clerk") is a person, whom the items
# name ("Liz Hart declared ..."): the pair says who, not the subject each item must hold.
_POST_FILLED = re.compile(
    r"\b(?:as|for|of)\s+(?:the\s+|a\s+|an\s+)?(?:(?:position|role|post|office)\s+of\s+(?:the\s+)?)?(?:new\s+)?"
    r"([^\W\d_]+)\s+([^\W\d_]+)",
    re.IGNORECASE,
)
_POST_STEMS = frozenset(stem(w) for w in [
    "manager", "executive", "clerk", "officer", "mayor", "chairman", "chairperson", "chairwoman", "director",
    "engineer", "treasurer", "secretary", "administrator", "superintendent", "attorney", "solicitor", "auditor",
])


def question_scope(
    question: str,
    reference: Sequence[Hit],
    extractor: TermExtractor | None = None,
    *,
    focus: str | None = None,
    documents: Mapping[str, Document] | None = None,
    also: Sequence[Hit] = (),
) -> Scope:
    """The periods the question names (a follow-up's own, when it names one),
    its word pairs that the ``reference`` items (retrieved without filters)
    use as terms, and the names it gives that tell the documents read apart
    (with ``documents``: what each of them and of ``also`` prints)."""
    extractor = extractor or TermExtractor()
    named = (focus and periods(focus)) or periods(question)
    # A pair running across a name's edge ("Hughes declare" of "Councillor
    # P.M. Hughes declare") is no term; one within a name ("Executive Board") is.
    given = question_names(question)
    edges = []  # (first word, last word, all words) of each name, as stems
    for n in given:
        ws = [stem(w) for w in re.findall(r"[^\W\d_]{2,}", n.lower())]
        if ws:
            edges.append((ws[0], ws[-1], set(ws)))
    # "the Heartland school board's negotiations meeting": the owner is who holds it, not the subject
    owners = {stem(m.group(1).lower()) for m in re.finditer(r"([^\W\d_]{2,})['’]s\b", question)}
    at_body = {stem(w) for m in _AT_BODY.finditer(question) for w in re.findall(r"[^\W\d_]{2,}", m.group("body").lower())}
    # a post filled, not who acts: "nominated for deputy chairperson", "appointed as deputy mayor"
    filled = {(stem(m.group(1).lower()), stem(m.group(2).lower())) for m in _POST_FILLED.finditer(question)}
    asked = frozenset(p for p in compounds(question, extractor, keep_generic=False)
                      if p[0] not in _MODIFIER_STEMS and p[0] not in _ACTOR_STEMS and p[1] not in owners
                      and (p[1] not in _POST_STEMS or p in filled)
                      and not (p[0] in at_body and p[1] in at_body)
                      and not any((p[0] == last and p[1] not in ws) or (p[1] == first and p[0] not in ws)
                                  for first, last, ws in edges))
    known: set[tuple[str, str]] = set()
    known_in: dict[str, frozenset[tuple[str, str]]] = {}
    held: dict[tuple[str, str], frozenset[tuple[str, str]]] = {}
    telling, naming, printed_by, printed_anywhere = _telling_names(given, reference, also, documents)
    # A pair inside the name of the body the question asks about names the
    # minutes (which print it somewhere, if only once in the page's head:
    # "Municipal District of Carrow Town"), not the subject each item must hold.
    named_pairs: dict[str, frozenset[tuple[str, str]]] = {}
    for name, sources in printed_anywhere.items():
        if not _names_a_body(name, question):
            continue  # "Orchard Farm": a subject, held by the items about it
        ws = {stem(w) for w in re.findall(r"[^\W\d_]{2,}", name.lower())}
        inside = frozenset(p for p in asked if p[0] in ws and p[1] in ws)
        for source in sources:
            named_pairs[source] = named_pairs.get(source, frozenset()) | inside
    if asked:
        for hit in reference:
            held[item_key(hit)] = item_compounds(hit, asked, extractor) | named_pairs.get(hit.item.source, frozenset())
            known |= held[item_key(hit)]
            key = wording_group(hit, printed_by)
            known_in[key] = known_in.get(key, frozenset()) | held[item_key(hit)]
    return Scope(named, frozenset(known), held, telling, naming, known_in, printed_by, named_pairs)


# Where the question places itself: "at the Carmarthenshire executive board",
# "by the planning committee" name the meeting, not a subject its items hold
# (minutes that print no committee never repeat it in each item).
_AT_BODY = re.compile(
    r"\b(?:at|by)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
    r"(?P<body>(?:(?!(?:of|on|about|for|and|the|to|in|with|over)\b)[\w'’&-]+\s+){0,4}(?:board|committee|sub-committee|cabinet|panel|commission|forum|executive|assembly)s?)\b",
    re.IGNORECASE,
)


# The rest of a body's name after a name the question gives: "Corporate
# Governance" + " and Audit Committee", "Governance Review" + " Committee";
# or a council's: "Municipal District of Carrow Town", "Ashby Fold Parish Council".
_COMMITTEES = r"(?:Committee|Sub-Committee|Cabinet|Board|Panel|Forum|Commission|Executive|Assembly|Partnership)\b"
_BODY_REST = (
    r"(?:\s+(?:and|&|of)\s+[A-Z][\w'’-]*|\s+[A-Z][\w'’-]*)*\s*"
    rf"\b(?:{_COMMITTEES}"
    r"|(?<!Garden )(?:Council|District|Municipality|Township|Borough|Parish|Shire|County|City|Town|Village)\b"
    r"(?!\s+[A-Z]))"  # "Castle Street Town Hall", "Leicester City Football Club": a place, not a body
)


def _names_a_body(name: str, question: str) -> bool:
    """Whether the name is (part of) the name of a committee, board or panel
    in the question."""
    if re.search(re.escape(name) + _BODY_REST, question):
        return True
    if not re.search(_BODY_REST + "$", name):
        return False
    # a name ending in a place's word, unless more of a name follows it ("Leicester City Football Club")
    return bool(re.search(rf"\b{_COMMITTEES}$", name)) or not re.search(re.escape(name) + r"\s+[A-Z]", question)


def wording_group(hit: Hit, printed_by: Mapping[str, frozenset[str]]) -> str:
    """The item's council, and the names of the question its document prints."""
    names = sorted(n for n, sources in printed_by.items() if hit.item.source in sources)
    return "|".join([council_key(hit), *names])


def council_key(hit: Hit) -> str:
    """The council whose minutes the item is from; minutes that print no
    council are taken as one council's (most likely the corpus's own)."""
    council = hit.meeting.council
    return fold(council).lower() if council else ""


# Words a question capitalises that name nobody: its opening question word,
# titles before a name, months and days (a definition, not a fit).
_QUESTION_WORDS = (
    "what which who whom whose when where why how did does do was were is are has have had can could will "
    "would should shall may might i in at on for the a an and or of to by from with about after before since "
    "between compare summarise summarize tell give list show please"
)
_TITLES = (
    "councillor councillors cllr cllrs mr mrs ms miss dr mayor councilmember councilmembers county deputy "
    "chair chairman chairwoman chairperson vice pro tem sir dame lord lady professor prof reverend rev"
)
_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_NOT_NAMES = frozenset(f"{_QUESTION_WORDS} {_TITLES} {_DAYS}".split()) | frozenset(MONTHS)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d+|[^\w\s]")


def _names_nobody(word: str) -> bool:
    """A question word, title, month or day, also hyphenated ("Vice-Chairman")."""
    return all(part in _NOT_NAMES for part in word.lower().split("-"))


def question_names(question: str) -> tuple[str, ...]:
    """Runs of capitalised words the question gives as names ("Pine Ridge",
    "Hallam Kerr Construction", "Dunmore" of "Councillor Dunmore"); a
    possessive ends a run ("Kingsmere's Finance Committee": two names)."""
    found: list[str] = []
    run: list[str] = []
    initials = ""  # "P.M." of "Councillor P.M. Hughes": part of the name after them
    for token in _NAME_TOKEN.findall(question):
        bare = re.sub(r"['’]s$", "", token)
        if len(bare) == 1 and bare.isupper() and not _names_nobody(bare):
            initials += f"{bare}."
            continue
        if token == "." and initials:
            continue
        if initials and not (bare[:1].isupper() and not _names_nobody(bare)):
            run.extend(initials.rstrip(".").split("."))  # letters not before a name: "Plan B"
            initials = ""
        if bare[:1].isupper() and not _names_nobody(bare):
            if initials:
                bare, token = f"{initials} {bare}", f"{initials} {token}"
                initials = ""
            run.append(bare)
            if bare != token:
                found.append(" ".join(run))
                run = []
            continue
        if run:
            found.append(" ".join(run))
            run = []
    if initials:
        run.extend(initials.rstrip(".").split("."))
    if run:
        found.append(" ".join(run))
    return tuple(dict.fromkeys(found))


def _name_pattern(name: str) -> re.Pattern[str]:
    """The name as printed in lower-case text, each word in any of its forms
    ("Adoption Central England" as "Adopt Central England")."""
    # The stem where it is how the word begins ("adopt" of "adoption"), the
    # word itself where the stemmer respells it ("mari" of "mary").
    words = ""
    gap = ""  # before the next word: none first, "\s*" after initials (they take their space)
    for w in name.lower().split():
        if re.fullmatch(r"(?:[a-z]\.)+", w):  # initials: "p.m.", "p. m.", "pm" or "peter m.", not "pam"
            words += gap + "".join(rf"{re.escape(c)}(?:\w*\.?\s+|\.\s*|)" for c in w.replace(".", ""))
            gap = r"\s*"
            continue
        s = stem(w)
        words += gap + re.escape(s if w.startswith(s) else w) + r"[\w'’-]*"
        gap = r"\s+"
    return re.compile(rf"(?<!\w){words}")


# Words of a body's name after its place: "Oxfordshire Cabinet", "Dover
# Planning Committee", "Salford Priors Parish Council".
_BODY_WORDS = frozenset({
    "cabinet", "committee", "council", "board", "panel", "commission", "forum", "executive", "assembly",
    "planning", "scrutiny", "licensing", "audit", "parish", "town", "city", "county", "district", "borough",
    "community",
})


# Words that say what kind of body or sitting, not where: "Full Council",
# "Health and Wellbeing Board", "Joint Area Committee".
_NOT_PLACES = frozenset({
    "full", "annual", "extraordinary", "special", "ordinary", "joint", "area", "youth", "general", "standing",
    "shadow", "main", "local", "strategic", "emergency", "health", "wellbeing", "finance", "resources",
    "policy", "overview", "children", "adults", "environment", "housing", "regeneration", "corporate",
    "the", "and", "&",
})


def _place_of(name: str) -> str | None:
    """The place a body's name opens with ("Oxfordshire" of "Oxfordshire
    Cabinet"), when the rest of the name names a kind of body and the
    opening words are a place's, not a kind's ("Full Council")."""
    words = name.split()
    for i, w in enumerate(words):
        if w.lower() in _BODY_WORDS:
            place = words[:i]
            if not place or not all(x.lower() in _BODY_WORDS for x in words[i:]):
                return None
            if any(x.lower() in _NOT_PLACES or not x[:1].isupper() and x != "of" for x in place):
                return None
            return " ".join(place)
    return None


def _telling_names(
    names: Sequence[str], reference: Sequence[Hit], also: Sequence[Hit],
    documents: Mapping[str, Document] | None,
) -> tuple[tuple[str, ...], dict[str, bool], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The names that some of the documents read print and some do not; for
    every document read whether it prints one of them; for each of those
    names the documents that print it; and for every name the documents that
    print it, telling or not.  A name every document prints, or none does,
    tells nothing."""
    if not names or documents is None:
        return (), {}, {}, {}
    sources = list(dict.fromkeys(h.item.source for h in (*reference, *also)))
    texts: dict[str, str] = {}
    for source in sources:
        doc = documents.get(source)
        if doc is not None:
            meeting = doc.meeting
            # the file's name counts where no council is printed ("714_heartland_board_of_education.txt")
            texts[source] = f"{meeting.council or ''}\n{meeting.committee or ''}\n{meeting.name_words}\n{doc.text}".lower()
    patterns = {n: _name_pattern(n) for n in names}
    for n in list(patterns):  # "Oxfordshire Cabinet", printed nowhere as one name: its place, "Oxfordshire"
        place = _place_of(n)
        if place and not any(patterns[n].search(t) for t in texts.values()):
            patterns[n] = _name_pattern(place)
    prints = {s: {n for n, p in patterns.items() if p.search(t)} for s, t in texts.items()}
    printed_anywhere = {n: frozenset(s for s, held in prints.items() if n in held) for n in names}
    telling = tuple(
        n for n in names
        if any(n in held for held in prints.values()) and not all(n in held for held in prints.values())
    )
    if not telling:
        return (), {}, {}, printed_anywhere
    printed_by = {n: printed_anywhere[n] for n in telling}
    return telling, {s: any(n in held for n in telling) for s, held in prints.items()}, printed_by, printed_anywhere


def meeting_numbers(hit: Hit, asked_days: frozenset[str] = frozenset()) -> frozenset[str]:
    """The meeting's year and financial year(s) as number terms ('2017',
    '2017-18'), and its day of the month ('25') when the question names
    that day ``asked_days`` ('2015-03-25' or '03-25'): "on 25 March 2015" is
    said of every item of that meeting, a "20 mph limit" of none."""
    out: set[str] = set()
    for d in (hit.meeting.date, hit.meeting.date_inferred):
        if not d or not d[:4].isdigit():
            continue
        year = int(d[:4])
        out.add(d[:4])
        if len(d) == 10 and (d in asked_days or d[5:] in asked_days):
            out.add(str(int(d[8:])))
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


# Splitting an item into sentences, and the question-independent tests of a
# sentence, are pure functions of the text: kept for the items and sentences
# most recently used, so each is done once rather than on every ask.
ITEMS_KEPT_SPLIT = 1024
SENTENCE_TESTS_KEPT = 16_384


def item_sentences(hit: Hit, extractor: TermExtractor | None = None) -> list[Sentence]:
    """The item's sentences, those inside resolutions marked as such."""
    return list(_item_sentences(hit.item.text, tuple(hit.item.resolutions)))


@lru_cache(maxsize=ITEMS_KEPT_SPLIT)
def _item_sentences(text: str, resolutions: tuple[str, ...]) -> tuple[Sentence, ...]:
    sentences = split_sentences(text)  # the stems do not depend on the extractor
    blocks = [fold(r) for r in resolutions]
    return tuple(
        replace(s, kind="resolution") if any(s.text in block for block in blocks) else s
        for s in sentences
    )


def heading_words(hit: Hit) -> str:
    """What the heading of the item's minutes says of every item in them:
    the council and the committee ("Ormsby Cross Parish Council" is asked of
    the co-option item, which never repeats it), or the file's name where
    only that names the council asked of.  A month is no term."""
    meeting = hit.meeting
    council = meeting.council or (meeting.name_words if hit.named_by_file else "")
    return " ".join(x for x in (council, meeting.committee or "") if x)


def asked_days(question: str) -> frozenset[str]:
    """The days the question names, as '2015-03-25' or (no year) '03-25'."""
    reference = meeting_reference(question)
    return frozenset(reference.days) | frozenset(reference.day_months)


# an item's printed number that is a code of its own, not a count: a minute or resolution reference
# ("22/114", "SC/24/36", "2025-01", "C/041/2025"); a question that names it names the item
_ITEM_CODE = re.compile(r"(?=.*\d)[A-Za-z0-9]+(?:[/-][A-Za-z0-9]+)+")


def printed_code(hit: Hit) -> str:
    """The item's number where it is a code (``_ITEM_CODE``), else ''."""
    key = hit.item.item or ""
    return key if _ITEM_CODE.fullmatch(key) else ""


def titled(hit: Hit) -> str:
    """The item's title with its printed code ("22/114 Minutes"), the words
    that name the item."""
    return " ".join(x for x in (printed_code(hit), hit.item.title) if x)


def _named_by_code(hits: Sequence[Hit], question: str) -> frozenset[tuple[str, str]]:
    """The items the question names by their printed codes, written whole ("what did resolution
    22/114 change?", "minute SC/24/36"): the answer is theirs.  A day or a count that is part of
    a code ("11" of "CAB/11") names nothing."""
    return frozenset(
        item_key(hit) for hit in hits
        if (code := printed_code(hit))
        and re.search(r"(?<![\w/-])" + re.escape(code) + r"(?![\w/-])", question, re.IGNORECASE)
    )


def _item_terms(hit: Hit, sentences: Sequence[Sentence], extractor: TermExtractor,
                when: frozenset[str] = frozenset()) -> Terms:
    """The item's terms: its sentences', title's (with its code), heading's and
    description's, and ``when``, the numbers of its meeting's date (``meeting_numbers``)."""
    extra = " ".join(
        x for x in (titled(hit), heading_words(hit), hit.item.description or "") if x
    )
    extra_terms = extractor.terms(extra, keep_generic=True)
    stems = set(extra_terms.stems)
    nums = set(extra_terms.numbers)
    for s in sentences:
        stems |= s.terms.stems
        nums |= s.terms.numbers
    nums |= when
    return Terms(frozenset(stems), frozenset(nums), frozenset())


# a month typed short beside a year or a day ("feb 2024 meetng", "3 Dec"): it says which meeting, as the
# month's name does; alone it may be a name or a term ("Jan Evans", "a DEC rating")
_SHORT_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?=\s+(?:(?:19|20)\d\d|\d{1,2}(?:st|nd|rd|th)?)\b)"
    r"|(?<=\d\s)(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b",
    re.IGNORECASE,
)
_MONTH_NAMES = {m[:3]: m for m in MONTHS}


def question_terms(
    question: str, pool: Sequence[Terms], extractor: TermExtractor | None = None,
    rarity: Mapping[str, float] | None = None,
) -> QuestionTerms:
    """Question words weighted by rarity among the candidate sentences.

    A word no sentence contains gets the highest weight: a question about
    something the items never mention is not covered by them.  With
    ``rarity`` (how rare each
    word is in the whole index), a word no sentence contains weighs as much
    as it is rare there: "looking" or "put", common in any minutes, say less
    of what the question is about than a word the minutes never use.
    """
    extractor = extractor or TermExtractor()
    q = extractor.terms(_SHORT_MONTH.sub(lambda m: _MONTH_NAMES[(m.group(1) or m.group(2)).lower()[:3]], question))
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
        if t not in vocabulary and t not in aliases and len(t) >= SHORTENED_WORD and (rarity or {}).get(t, 1.0) >= 1.0:
            # a word typed short ("apols" for "apologies") that no passage of the index holds: the one
            # word the sentences use that it opens, two letters longer at least
            opened = [v for v in vocabulary if v.startswith(t) and len(v) > len(t)]
            if len(opened) == 1 and len(opened[0]) >= len(t) + 2:
                aliases[t] = opened[0]
    weights: dict[str, float] = {}
    for t in q.stems:
        probe = aliases.get(t, t)
        df = sum(1 for p in pool if probe in p.stems)
        w = math.log(1.0 + n / (df + 0.5))
        if df == 0 and rarity:
            w *= rarity.get(t, 1.0)
        weights[t] = w * (1.3 if t in q.capitalised else 1.0)
    top = max(weights.values(), default=math.log(1.0 + n / 0.5))
    for num in q.numbers:
        weights[num] = top * 1.2
    said = " ".join(question[a:b] for a, b in meeting_reference(question).spans)  # not "when may the works ..."
    months = frozenset(m.lower() for m in _MONTH_WORD.findall(said))
    return QuestionTerms(weights, q.numbers, aliases, months)


def _specific(intent: Intent) -> bool:
    return bool(intent.number or intent.person or intent.date or intent.record)


# Records an item's title can say for the lines under it: under
# "Declarations of Interest" or "Apologies", a line naming a councillor is
# the declaration or the apology ("Cllr C Davies ... Finance").
_TITLED_RECORDS = frozenset({"interest", "attendance"})


def satisfies(intent: Intent, sentence: Sentence, terms: QuestionTerms, title: str = "") -> bool:
    """Whether the sentence holds the kind of fact asked for (True when the
    question asks for no particular kind).  ``title``: its item's title."""
    if intent.record:  # "who voted against", "who seconded": that record itself
        asked = (intent.record & VOTE_REFINEMENTS) or intent.record
        if any(RECORD_KINDS[k][1].search(sentence.text) for k in asked):
            return True
        if not title or not _HAS_PERSON.search(sentence.text):
            return False
        # A title naming one kind only: under "Apologies and Declarations of
        # Interest" a name could be either.
        titled = {k for k in _TITLED_RECORDS if RECORD_KINDS[k][1].search(title)}
        return len(titled) == 1 and bool(titled & asked)
    if intent.number:
        if sentence.terms.numbers:
            if not sentence.terms.numbers - terms.numbers:
                return False
            if intent.date:
                return True
            # a figure, not only a date or a time: "Minutes of First Meeting ... on 29th October 2019 at
            # 7.30pm" holds no count of anything
            return bool(_HAS_NUMBER.search(_DATE_OR_TIME.sub(" ", sentence.text)) or _NUMBER_WORD.search(sentence.text))
        # "six care leavers"; a sum in words: "he offered to take the old depot on for a dollar"
        return bool(_NUMBER_WORD.search(sentence.text) or (intent.money and _SUM_IN_WORDS.search(sentence.text)))
    if intent.person:
        return bool(names_someone(sentence.text, frozenset(terms.weights)) or _RECORD.search(sentence.text))
    if intent.date:
        return any(not _named_date(m.group(0), terms) for m in _DATE_SPAN.finditer(sentence.text))
    return True


def _named_date(date: str, terms: QuestionTerms) -> bool:
    """Whether a date in a sentence is one the question names ("at the
    November 2, 2010 meeting": the meeting's own date answers no "when")."""
    month = _MONTH_WORD.search(date)
    figures = set(re.findall(r"\d+", date))
    if month:
        return month.group(0).lower() in terms.months and figures <= set(terms.numbers)
    return bool(figures) and figures <= set(terms.numbers)


def holds_asked_kind(
    intent: Intent, sentences: Sequence[Sentence], terms: QuestionTerms, titles: Sequence[str] = ()
) -> bool:
    """Whether the sentences hold the kind of fact a "how much / how many /
    when" question asks for: an amount of money for a cost, a figure for a
    count, a date for a when.  A sentence about the subject without one does
    not answer it (a near miss).  Questions asking for no such kind: True."""
    if intent.money:
        return any(holds_money(s.text) for s in sentences)
    if intent.record or intent.number or intent.date:
        named = list(titles) + [""] * (len(sentences) - len(titles))
        return any(satisfies(intent, s, terms, t) for s, t in zip(sentences, named))
    return True


@lru_cache(maxsize=SENTENCE_TESTS_KEPT)
def furniture_like(text: str) -> bool:
    """Whether a sentence looks like page furniture rather than minutes."""
    return bool(_FURNITURE_LIKE.search(text))


@lru_cache(maxsize=SENTENCE_TESTS_KEPT)
def declares_interest(text: str) -> bool:
    """Whether a sentence records a declaration of interest."""
    return bool(RECORD_KINDS["interest"][1].search(text))


@lru_cache(maxsize=SENTENCE_TESTS_KEPT)
def decides(text: str) -> bool:
    """Whether a sentence records a decision in motion form (see _DECIDED_MOTION)."""
    return bool(_DECIDED_MOTION.search(text))


@lru_cache(maxsize=SENTENCE_TESTS_KEPT)
def is_record(text: str) -> bool:
    """A vote, roll call, mover/seconder line or declaration of interest."""
    return bool(_RECORD.search(text))


def _title_like(sentence: Sentence, title: str) -> bool:
    return _title_like_text(sentence.text, title)


@lru_cache(maxsize=SENTENCE_TESTS_KEPT)
def _title_like_text(text: str, title: str) -> bool:
    text = text.strip(" .:")
    if not text:
        return False
    letters = [c for c in text if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return shouting or fold(title).lower() in text.lower() and len(text) <= len(fold(title)) + 12


_BODY = re.compile(r"\b(cabinet|committee|board|panel|commission|forum)s?\b", re.IGNORECASE)


def body_match(question: str, hit: Hit) -> float:
    """+1 when the question names a kind of body ("cabinet", "the committee",
    "the board") that the meeting is, -1 when it names only kinds the meeting
    is not, 0 when it names none ("the council" is the whole authority) or
    the meeting's committee is unknown."""
    asked = {m.lower() for m in _BODY.findall(question)}
    name = (hit.meeting.committee or "").lower()
    if not asked or not name:
        return 0.0
    return 1.0 if any(k in name for k in asked) else -1.0


def _meeting_named(question: str, hit: Hit) -> bool:
    when = hit.meeting.best_date
    if not when:
        return False
    return any(when.startswith(m) for m in month_year_mentions(question))


def shortlist(candidates: Sequence[Candidate], max_embedded: int | None) -> list[Candidate]:
    """The candidates worth embedding: each item's best few by the words-only
    model, then the best ``max_embedded`` of those (all when None)."""
    per_item: dict[tuple[str, str], list[Candidate]] = {}
    for c in candidates:
        per_item.setdefault(item_key(c.hit), []).append(c)
    pool: list[Candidate] = []
    for group in per_item.values():
        group = sorted(group, key=lambda c: (-c.score, c.sentence.position))
        pool.extend(group[:CANDIDATES_PER_ITEM] if max_embedded is not None else group)
    pool.sort(key=lambda c: (-c.score, c.rank, c.sentence.position))
    return pool if max_embedded is None else pool[:max(max_embedded, 1)]


def rank_candidates(candidates: Sequence[Candidate], model: EvidenceModel) -> tuple[Candidate, ...]:
    """Embedded candidates scored by the sentence model, best first."""
    if not candidates:
        return ()
    rows = np.asarray([c.full_features for c in candidates], dtype=np.float64)
    logits = model.sentence.logits(rows)
    probs = 1.0 / (1.0 + np.exp(-logits))
    final = [
        replace(c, score=float(z), probability=float(p)) for c, z, p in zip(candidates, logits, probs)
    ]
    final.sort(key=lambda c: (-c.score, c.rank, c.sentence.position))
    return tuple(final)


def gather_evidence(
    question: str,
    hits: Sequence[Hit],
    embedder,
    *,
    model: EvidenceModel | None = None,
    intent: Intent | None = None,
    max_embedded: int | None = 12,
    focus: str | None = None,
    scope: Scope | None = None,
    rarity: Mapping[str, float] | None = None,
    spelled: str | None = None,
) -> Evidence:
    """Score the sentences of ``hits`` against ``question``, best first.

    ``focus`` (a follow-up's own words) is weighted on top of ``question``.
    ``spelled``: the question with its misspellings corrected to the
    minutes' words ("condolances" -> "condolences"), what is embedded.
    Only the ``max_embedded`` sentences the words-only model likes best are
    embedded (all when None, for fitting): the model costs about 10 ms a
    sentence on a small CPU.
    """
    model = model or default_model()
    intent = intent or analyse_question(question)
    extractor = TermExtractor()
    per_item = [(rank, hit, item_sentences(hit, extractor)) for rank, hit in enumerate(hits)]
    by_item = {item_key(hit): sents for _r, hit, sents in per_item}
    pool = [s.terms for _r, _h, sents in per_item for s in sents]
    # the question's words as the minutes spell them ("invocaton" -> "invocation")
    terms = question_terms(spelled or question, pool, extractor, rarity)
    if focus:
        extra = question_terms(focus, pool, extractor, rarity=rarity)
        weights = dict(terms.weights)
        for t, w in extra.weights.items():
            weights[t] = weights.get(t, 0.0) + w
        terms = QuestionTerms(weights, terms.numbers | extra.numbers, {**terms.aliases, **extra.aliases},
                              terms.months | extra.months)
    days = asked_days(f"{question} {focus or ''}")
    when_of = {item_key(hit): meeting_numbers(hit, days) for _r, hit, _s in per_item}
    item_terms = {item_key(hit): _item_terms(hit, sents, extractor, when_of[item_key(hit)])
                  for _r, hit, sents in per_item}
    coverage = {key: terms.covered(t) for key, t in item_terms.items()}
    item_numbers = {
        item_key(hit): extractor.terms(hit.item.title, keep_generic=True).numbers | when_of[item_key(hit)]
        for _r, hit, _s in per_item
    }
    specific = _specific(intent)
    heading_stems = {item_key(hit): extractor.terms(heading_words(hit), keep_generic=True).stems
                     for _r, hit, _s in per_item}
    held = {item_key(hit): scope.held_share(hit, extractor) if scope else 1.0 for _r, hit, _s in per_item}
    candidates: list[Candidate] = []
    asks_minutes = bool(_ASKS_MINUTES.search(f"{question} {focus or ''}"))
    named_items = _named_by_code(hits, f"{question} {focus or ''}")
    for rank, hit, sents in per_item:
        if named_items and item_key(hit) not in named_items:
            continue
        named = float(_meeting_named(question, hit))
        body = body_match(question, hit)
        when = when_of[item_key(hit)]
        title = extractor.terms(titled(hit), keep_generic=True)
        title_cov = terms.covered(title)
        # the meeting's own words (its council and committee, or the file's name that alone names the
        # council) hold around each sentence of the first item retrieved (the subject's) that holds
        # some of the question's other words: "Kexby Parish Council" around "Banking arrangements -
        # the Chairman was still in discussion with Barclays Bank"
        heading = heading_stems[item_key(hit)] if rank == 0 else frozenset()
        others = frozenset(terms.weights) - heading  # the question's words besides its meeting's
        prior = 1.0 - rank / max(len(hits), 1)
        for i, s in enumerate(sents):
            if not asks_minutes and approves_minutes(s.text):
                continue
            own = Terms(s.terms.stems, s.terms.numbers | when, frozenset())
            lexical = terms.covered(own)
            on_subject = heading and not others.isdisjoint(own.stems)
            around = Terms(
                own.stems | title.stems | (heading if on_subject else frozenset())
                | (sents[i - 1].terms.stems if i else frozenset()),
                own.numbers | title.numbers | (sents[i - 1].terms.numbers if i else frozenset()),
                frozenset(),
            )
            context = terms.covered(around)
            met = specific and satisfies(intent, s, terms, hit.item.title)
            features = (
                lexical, context - lexical, coverage[item_key(hit)], title_cov,
                float(hit.dense_score), prior, float(specific), float(met),
                float(intent.decision and (s.kind == "resolution" or decides(s.text))), float(s.kind == "resolution"),
                named, i / max(len(sents) - 1, 1), math.log1p(s.word_count),
                float(furniture_like(s.text)), float(_title_like(s, hit.item.title)),
                float(is_record(s.text)), body, held[item_key(hit)],
            )
            candidates.append(Candidate(hit, rank, s, lexical, context=context, features=features))
    if candidates:
        pre = model.sentence_pre.logits(np.asarray([c.features for c in candidates]))
        candidates = [replace(c, score=float(z)) for c, z in zip(candidates, pre)]
    chosen = shortlist(candidates, max_embedded)
    headings = frozenset().union(*heading_stems.values())
    if not chosen:
        return Evidence(question, intent, terms, (), coverage, by_item, item_numbers, terms_held=held,
                        meeting_stems=headings)
    vectors = embedder.embed_batch([spelled or question] + [c.sentence.text for c in chosen])
    sims = np.asarray(vectors[1:] @ vectors[0], dtype=np.float64)
    embedded = [replace(c, dense=float(sim)) for c, sim in zip(chosen, sims)]
    return Evidence(
        question, intent, terms, rank_candidates(embedded, model), coverage, by_item, item_numbers,
        title_coverage={item_key(h): terms.covered(extractor.terms(titled(h), keep_generic=True))
                        for _r, h, _s in per_item},
        threshold=model.sentence.threshold, terms_held=held,
        named_sources=tuple(scope.printed_by.values()) if scope else (),
        meeting_stems=headings,
    )
