"""Follow-up questions: which are read with the question before them.

A question that borrows the last one's frame ("what about adoption?"), opens
by continuing it ("and for how long?") without being a question of its own,
or stands a pronoun where its subject should be ("who moved it?", "what about
its cost?") lacks a subject of its own: it is looked up together with the
last question that stands on its own.  A complete question ("What did Cabinet
decide on 14 March 2024?") is looked up alone, whatever came before.  The
test is the question's grammar (openers, noun phrases, pronouns), not a list
of sample questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_bot.sentences import GENERIC, MONTHS, STOPWORDS

_BORROWS_FRAME = re.compile(r"^(?:what|how)\s+about\b|^what\s+of\b|^same\s+(?:for|with)\b|^as\s+for\b", re.IGNORECASE)
_CONTINUES = re.compile(r"^(?:and|but|also|so|then|or|plus)\b[\s,]*", re.IGNORECASE)
_ASKS = re.compile(
    r"^(?:what|whats|who|whom|whose|which|when|where|why|how|did|does|do|is|was|were|are|has|have|had|"
    r"can|could|will|would|should|list|summari[sz]e|tell|give|show)\b",
    re.IGNORECASE,
)
_ANAPHOR = frozenset(["it", "its", "it's", "they", "them", "their", "theirs", "he", "she", "him", "his", "her", "that", "this", "these", "those", "same", "former", "latter"])
# A word after one of these starts a noun phrase of the question's own.
_OPENS_PHRASE = frozenset(["the", "a", "an", "about", "on", "of", "for", "at", "in", "with", "to", "from", "regarding", "concerning", "into", "by", "any", "some", "our", "my", "whose", "which", "what", "many", "much", "few", "several", "all", "each", "every", "more", "most", "other", "another", "both", "new"])
# Words that say what kind of question it is rather than what it is about
# (a committee's or a month's name does say what it is about).
_SETTING = frozenset(["cabinet", "scrutiny", "council", "councils", "committee", "committees", *MONTHS])
_FRAME = GENERIC - _SETTING
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def follow_up_context(question: str, history: Sequence[str]) -> tuple[str, str | None]:
    """(the text to retrieve with, the question's own words when it is a follow-up).

    "who moved it?" or "and for how long?" after "What did Cabinet decide
    about the domestic abuse service?" is looked up together with the last
    question that stands on its own (and any follow-ups since); a question
    with a subject of its own ("What did Cabinet decide on 14 March 2024?")
    is looked up alone.
    """
    previous = [h.strip() for h in history if h and h.strip()]
    if not previous or not lacks_subject(question):
        return question, None
    anchor = len(previous) - 1
    while anchor > 0 and lacks_subject(previous[anchor]):
        anchor -= 1
    return f"{' '.join(previous[anchor:])} {question}", question


def lacks_subject(question: str) -> bool:
    """Whether the question leans on an earlier one for what it is about."""
    text = question.strip()
    opened = _CONTINUES.match(text)
    rest = text[opened.end():] if opened else text
    if _BORROWS_FRAME.match(rest):
        return True  # "what about adoption?"
    tokens = _TOKEN.findall(rest)
    asks = bool(_ASKS.match(rest))
    own = _own_words(tokens, asks=asks)
    if not own or (opened and not asks):
        return True  # "why?", "who moved it?", "and for how long?", "and the year before?"
    # A pronoun with nothing of the question's own around it but the word it
    # governs ("its cost") stands for an earlier subject; a committee or a
    # date says where to look, not what "it" is.
    topic = {j for j in own if tokens[j].lower() not in _SETTING and not any(ch.isdigit() for ch in tokens[j])}
    return any(
        token.lower() in _ANAPHOR and not any(j < i or j > i + 1 for j in topic)
        for i, token in enumerate(tokens)
    )


def _own_words(tokens: Sequence[str], *, asks: bool) -> set[int]:
    """Positions of words that name something of the question's own: numbers,
    capitalised words inside it, and content words; in a question form, only
    those that open a noun phrase (after an article, a preposition or a
    quantifier) or continue one ("the domestic abuse service")."""
    found: set[int] = set()
    for i, token in enumerate(tokens):
        low = token.lower()
        if low in _ANAPHOR:
            continue
        if any(ch.isdigit() for ch in token):
            found.add(i)
            continue
        if low in STOPWORDS or low in _FRAME or low in _OPENS_PHRASE:
            continue
        before = tokens[i - 1].lower() if i else ""
        if not asks or (i and token[:1].isupper()) or before in _OPENS_PHRASE or (i - 1) in found:
            found.add(i)
    return found
