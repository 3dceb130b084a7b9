"""A question placed at a meeting by its month or day ("who was co-opted
in May 2025") is answered from that meeting's minutes; the words of the
minutes' heading (council, committee) count as said by every item
under it; a line under "Declarations of Interest" naming a councillor is
the declaration; a query word the minutes never use finds the forms of it
they do ("co-opted" -> "co-opt"); "in the end" asks the latest meeting on
the subject.  Unit tests, then the real model over
tests/data/answer_dates/ (two meetings of a fictional parish council,
written for these tests, each co-opting a different person, and a town
council with a councillor of the same surname)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_answer import assert_citations_hold

from qa_bot.compose import as_clause
from qa_bot.meetings import meeting_filters
from qa_bot.records import Filters
from qa_bot.retrieve import StemFamilies
from qa_bot.sentences import announces_list, leads_to_list

DATES = Path(__file__).parent / "data" / "answer_dates"


@pytest.mark.parametrize(
    ("question", "when"),
    [
        ("Who was co-opted onto the parish council in September 2024?", "2024-09"),
        ("Which councilmember was absent from the August 20, 2024 meeting?", "2024-08-20"),
        ("who was present at cabinet on 18/10/2018", "2018-10-18"),
        # A bound, an earlier meeting's minutes, a time around the date.
        ("How many care packages were handed back since April 2016?", None),
        ("How many households were in bed and breakfast at the end of February 2025?", None),
        ("Were the Cabinet minutes of 30 March 2021 approved?", None),
        ("What happened to the parking charges after they were put off in September 2024?", None),
        ("How did the plans change between the July and September 2024 meetings?", None),
        # A year alone places no meeting.
        ("How many potholes were repaired in 2019?", None),
    ],
)
def test_the_meeting_a_question_is_placed_at(question, when):
    found = meeting_filters(question)
    assert (found.date_from if found else None) == when
    if found:
        assert found.date_to == when


def test_dates_the_reader_filtered_on_are_kept():
    assert meeting_filters("Who was co-opted in May 2025?", Filters(date_from="2024-01-01")) is None
    kept = meeting_filters("Who was co-opted in May 2025?", Filters(committee="Full Council"))
    assert kept == Filters(committee="Full Council", date_from="2025-05", date_to="2025-05")


def test_an_unknown_word_finds_the_vocabulary_words_of_its_stem():
    families = StemFamilies(frozenset({"co", "opt", "option", "objections", "objection", "protest"}))
    assert families.family("opted") == ["opt"]
    assert sorted(families.family("objecting")) == ["objection", "objections"]
    assert families.family("opt") == []  # a known word stands for itself
    assert families.family("walrus") == []


def test_a_line_announcing_a_list_is_told_apart():
    assert announces_list("During discussion the following principal points were noted:")
    assert announces_list("The operator was given these options:-")
    assert not announces_list("The following recommendations were carried unanimously.")
    assert not announces_list("The Cabinet Member approved the allocation of £2.84m as follows:")
    assert leads_to_list("That the minutes be amended with regard to Minute No. 61/21 as follows: -")


def test_a_motion_reads_as_a_that_clause_once():
    assert as_clause("That the minutes be amended as follows") == "the minutes be amended as follows"
    assert as_clause("That Cabinet approves the scheme") is None  # quoted as it stands


# ------------------------------------------------------------ answers

@pytest.fixture(scope="module")
def dates(tmp_path_factory, embedder):
    from qa_bot.assistant import Assistant
    from qa_bot.settings import Settings

    settings = Settings(corpus_dir=DATES, index_dir=tmp_path_factory.mktemp("answer-dates-index"))
    return Assistant.open(settings, embedder=embedder, progress=False)


@pytest.mark.parametrize(
    ("question", "fact", "other", "source"),
    [
        ("Who was co-opted onto Ormsby Cross Parish Council in May 2025?",
         "Lorna Featherstone", "Desmond Okoro", "502"),
        ("Who was co-opted onto Ormsby Cross Parish Council in March 2025?",
         "Desmond Okoro", "Lorna Featherstone", "501"),
        # The names are listed under the heading, with no "declared" in the line.
        ("Who declared interests at Ormsby Cross Parish Council in May 2025?",
         "Nadia Szabo", "Lumley", "502"),
    ],
)
def test_the_month_named_places_the_meeting(dates, question, fact, other, source):
    answer = dates.ask(question)
    assert_citations_hold(answer, dates)
    assert answer.grounded, answer.answer
    assert fact in answer.answer and other not in answer.answer, answer.answer
    assert {c.source[:3] for c in answer.citations} == {source}, answer.answer


def test_a_word_the_minutes_never_use_is_searched_in_the_forms_they_do(dates):
    tokens = dates.retriever.query_tokens("who was co-opted")
    assert "opted" in tokens and "opt" in tokens
    assert "opted" not in dates.retriever.index.vocabulary


def test_how_something_ended_is_answered_from_the_latest_meeting_on_it(dates):
    """March's minutes record the application for £600, May's the £450
    awarded: "in the end" asks for May's."""
    ended = dates.ask("how much did the district give towards the Ormsby Cross bus shelter in the end?")
    assert_citations_hold(ended, dates)
    assert "£450" in ended.answer and "£600" not in ended.answer, ended.answer
    asked = dates.ask("how much did Ormsby Cross ask the district for towards the bus shelter?")
    assert "£600" in asked.answer, asked.answer
    # A meeting the question names wins over "in the end".
    dated = dates.ask("What did Ormsby Cross finally agree to do about the broken bus shelter glass in March 2025?")
    assert "£860" in dated.answer and "£450" not in dated.answer, dated.answer


def test_initials_belong_to_the_name_they_stand_before():
    from qa_bot.evidence import _name_pattern, question_names

    assert question_names("What interest did Councillor P.M. Hughes declare at the Executive Board?") == (
        "P.M. Hughes", "Executive Board")
    assert question_names("Is there a Plan B for the A38?") == ("Plan B", "A38")
    # A title, hyphenated or not, names nobody.
    assert question_names("Who was appointed Vice-Chairman of Ormsby Cross Parish Council?") == (
        "Ormsby Cross Parish Council",)
    printed = _name_pattern("P.M. Hughes")
    assert all(printed.search(t) for t in ("p.m. hughes", "p. m. hughes", "pm hughes", "peter mark hughes"))
    assert not printed.search("mayor h.s. hughes")
    assert not any(printed.search(t) for t in ("pam hughes", "pamela hughes", "primrose hughes"))


def test_a_word_pair_is_dropped_only_across_a_names_edge():
    assert ("hugh", "declar") not in _asked_pairs("What interest did Councillor P.M. Hughes declare?")
    kept = _asked_pairs("Did the Planning Committee approve the planning application for the Village Hall car park?")
    assert {("plan", "applic"), ("car", "park"), ("villag", "hall")} <= kept


def _asked_pairs(question):
    """The question's word pairs question_scope would look for."""
    from qa_bot.evidence import Scope, question_scope
    from qa_bot.records import AgendaItem, Hit, Meeting

    item = AgendaItem(source="x.txt", item="1", title="t", text=question)
    hit = Hit(item=item, meeting=Meeting(source="x.txt"), score=1.0, passages=(), passage_scores=())
    scope: Scope = question_scope(question, [hit])
    return set(scope.compounds)


def test_a_line_under_a_title_naming_two_kinds_of_record_is_neither():
    from qa_bot.evidence import Intent, satisfies
    from qa_bot.sentences import Sentence

    line = Sentence("Apologies were received from Cllr Smith.", 0, 40)
    declared = Intent(person=True, record=frozenset({"interest"}))
    assert not satisfies(declared, line, None, "Apologies for Absence and Declarations of Interest")
    names = Sentence("Cllr Nadia Szabo ........ Item 25/053", 0, 37)
    assert satisfies(declared, names, None, "Declarations of Interest")


@pytest.mark.parametrize(
    ("question", "fact", "source"),
    [
        # Both councils have a Councillor Lumley; the initials tell them apart,
        # and "Lumley declare" is no term that one council's wording holds.
        ("What interest did Councillor R.J. Lumley declare?", "Market House cafe", "503"),
        ("What interest did Councillor G. Lumley declare?", "neighbouring field", "501"),
    ],
)
def test_a_councillor_named_with_initials_is_not_taken_for_another(dates, question, fact, source):
    answer = dates.ask(question)
    assert_citations_hold(answer, dates)
    assert fact in answer.answer, answer.answer
    assert {c.source[:3] for c in answer.citations} == {source}, answer.answer


def test_a_question_asking_two_things_leads_with_the_line_answering_both(dates):
    """March's minutes ask for requotes and apply for a £1,500 grant; May's
    appoint the firm at £4,480: "which firm ..., and for how much?" is
    answered by the line holding both (broad b-07 led with the grant)."""
    answer = dates.ask("Which firm got the Ormsby Cross village green fencing job, and for how much?")
    assert_citations_hold(answer, dates)
    assert "Tollgate Fencing Ltd" in answer.answer and "£4,480" in answer.answer, answer.answer
