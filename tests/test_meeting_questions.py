"""Questions about a whole meeting, attendance, follow-ups and lead lines,
on minutes written for these tests (tests/data/meetings/: two meetings of a
fictional Audit Committee, parsed by the real parser) and on the seeds.

One test per failure pattern seen: a meeting summary declined, whole-meeting
wording without "decide" missed, "who chaired" / "who was present"
unanswerable, a complete question glued to the one before as a follow-up,
and lead lines that read wrongly when the committee or date is unknown.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from qa_bot.compose import decision_lead, meeting_words, record_lead
from qa_bot.digest import is_procedural, meeting_digest
from qa_bot.followups import follow_up_context, lacks_subject
from qa_bot.meetings import meeting_reference, named_meetings
from qa_bot.parse import parse_corpus, parse_file
from qa_bot.records import AgendaItem, Document, Filters, Meeting

MEETINGS = Path(__file__).parent / "data" / "meetings"
FEBRUARY = "eastbrook_audit_2025-02-12.txt"
JUNE = "eastbrook_audit_2025-06-18.txt"


def with_attendance_unit(doc: Document) -> Document:
    """The document with its attendance block (from "Present" to the first
    item's heading) as an unnumbered unit titled as printed, the way
    the parser gives it; unchanged where the parser already does."""
    if any(i.item is None and i.title.lower().startswith("present") for i in doc.items):
        return doc
    start = doc.text.index("Present")
    heading = re.compile(r"\n\s*\d+\.\s").search(doc.text, start)  # the first item's number
    assert heading is not None
    end = start + len(doc.text[start:heading.start()].rstrip())
    unit = AgendaItem(source=doc.source, item=None, title="Present", text=doc.text[start:end], start=start, end=end)
    return dataclasses.replace(doc, items=(unit, *doc.items))


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    docs = [with_attendance_unit(parse_file(MEETINGS / name)) for name in (FEBRUARY, JUNE)]
    return {d.source: d for d in docs}


@pytest.fixture(scope="module")
def everything() -> dict[str, Document]:
    """The folder as a corpus (with its manifest), attendance units added."""
    parsed = parse_corpus([MEETINGS])
    return {d.source: with_attendance_unit(d) if "Present" in d.text else d for d in parsed.documents}


def cited_items(answer) -> list[str]:
    return [c.item or c.title for c in answer.citations]


def assert_quotes_verbatim(answer, documents) -> None:
    """Every [n] resolves and every quote is verbatim text of its item."""
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert used == {c.n for c in answer.citations}
    for c in answer.citations:
        item = next(i for i in documents[c.source].items if (i.item or i.title) == (c.item or c.title))
        assert " ".join(c.quote.split()) in " ".join(item.text.split()), c.quote


# ------------------------------------------------------------ meeting summaries


@pytest.mark.parametrize("question", [
    "summarise the audit committee meeting on 12 February 2025",
    "what happened at the audit committee on 12/02/2025",
    "What was discussed at the February 2025 audit committee?",
    "what did the audit committee decide on 12th Feb 2025",
    "give me an overview of the audit committee meeting of February 12, 2025",
])
def test_a_meeting_summary_lists_its_substantive_items_in_order(documents, question):
    a = meeting_digest(question, documents)
    assert a is not None and a.grounded and "meeting digest" in a.notes
    assert cited_items(a) == ["45", "46", "47"]  # apologies, interests, minutes, nil questions, exclusion left out
    assert a.answer.startswith("The minutes of the Audit Committee's meeting on 12 February 2025 record these items:")
    lines = a.answer.splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == ["- Item 45", "- Item 46", "- Item 47"]
    assert "Resolved that the internal audit progress report be noted" in lines[0]
    assert "leisure centre roof" in lines[2] or "risk register" in lines[2]  # no resolution: what it was about
    assert_quotes_verbatim(a, documents)


@pytest.mark.parametrize("question,expected", [
    ("summarise the latest audit committee meeting", ["2", "3"]),
    ("what happened at the last audit committee", ["2", "3"]),
    ("summary of the audit committee in june 2025", ["2", "3"]),
    ("what was discussed at the 18 june audit committee", ["2", "3"]),
])
def test_the_meeting_is_found_by_month_day_or_latest(documents, question, expected):
    a = meeting_digest(question, documents)
    assert a is not None and cited_items(a) == expected
    assert {c.source for c in a.citations} == {JUNE}


def test_a_year_alone_names_a_meeting_only_when_one_fits(documents):
    assert meeting_digest("summarise the 2025 audit committee meeting", documents) is None  # two in 2025
    only_february = {FEBRUARY: documents[FEBRUARY]}
    a = meeting_digest("summarise the 2025 audit committee meeting", only_february)
    assert a is not None and cited_items(a) == ["45", "46", "47"]


def test_a_subject_question_about_a_meeting_takes_the_usual_path(documents):
    assert meeting_digest("what was said about fleet maintenance at the audit committee on 12 February 2025", documents) is None
    assert meeting_digest("what happened to the leisure centre roof in 2025", documents) is None
    assert meeting_digest("summarise the meeting", documents) is None  # no meeting named


def test_a_question_about_approving_minutes_asks_for_that_item_not_the_meetings_business(documents):
    # the June meeting is named, but what is asked is which earlier minutes it confirmed
    assert meeting_digest("summary of the audit committee in june 2025", documents) is not None
    assert meeting_digest("which previous meeting's minutes did the audit committee approve in june 2025?", documents) is None
    assert meeting_digest("were the minutes signed at the 18 june audit committee?", documents) is None
    # where something was agreed is no approval of minutes
    assert meeting_digest("What was agreed in the June 2025 audit committee minutes?", documents) is not None
    assert meeting_digest("summarise the june 2025 audit committee minutes and what was agreed", documents) is not None


def test_a_date_no_meeting_fits_takes_the_usual_path(documents):
    # "the minutes of the meeting held on 11 December 2024" is an item's subject.
    assert meeting_digest("what did the audit committee decide on 3 March 2025?", documents) is None
    assert meeting_digest("what was resolved about the minutes of the meeting held on 11 December 2024", documents) is None


def test_filters_apply_to_the_meeting_named(documents):
    a = meeting_digest("summarise the latest audit committee meeting", documents,
                       filters=Filters(date_to="2025-03-31"))
    assert a is not None and {c.source for c in a.citations} == {FEBRUARY}


@pytest.mark.parametrize("title,procedural", [
    ("APOLOGIES FOR ABSENCE", True), ("Declarations of Interest", True),
    ("Declarations of pecuniary and other interests", True), ("MINUTES", True),
    ("Minutes of the previous meeting", True), ("Confirmation of minutes", True),
    ("Exclusion of the Press and Public", True), ("Named Substitutes", True),
    ("Date of next meeting", True), ("Dates of future meetings", True),
    ("Treasury Management Strategy", False), ("Adoption Service Annual Report", False),
    ("Public Health Minutes Review Panel recommendations", False),
])
def test_procedural_items_are_recognised_by_their_titles(title, procedural):
    item = AgendaItem(source="x.txt", item="1", title=title, text="The committee considered the report in detail.")
    assert is_procedural(item) is procedural


def test_an_item_that_records_nothing_is_procedural():
    nil = AgendaItem(source="x.txt", item="5", title="Questions from councillors", text="No questions were received.")
    real = AgendaItem(source="x.txt", item="5", title="Questions from councillors",
                      text="Councillor Hale asked when the car park would reopen. The leader replied it would reopen in May.")
    assert is_procedural(nil) and not is_procedural(real)


# ------------------------------------------------------------ attendance


@pytest.mark.parametrize("question,fact,absent_fact", [
    ("who chaired the audit committee on 12 February 2025?", "Councillor P Okafor (Chair)", "Lindqvist"),
    ("Who chaired the June 2025 audit committee meeting", "Councillor R Lindqvist (in the Chair)", "Okafor"),
    ("who was vice chair at the audit committee in february 2025", "R Lindqvist (Vice-Chair)", "Okafor"),
])
def test_who_chaired_quotes_the_attendance_unit(documents, question, fact, absent_fact):
    a = meeting_digest(question, documents)
    assert a is not None and a.grounded and "meeting attendance" in a.notes
    assert fact in a.answer and absent_fact not in a.answer
    assert a.citations[0].item is None and a.citations[0].title == "Present"
    assert_quotes_verbatim(a, documents)


def test_who_was_present_lists_the_attendance_lines(documents):
    a = meeting_digest("who was present at the audit committee on 12 February 2025", documents)
    assert a is not None and a.grounded
    for name in ("Okafor", "Quenby", "Dana Whitlock"):
        assert name in a.answer
    assert "Dunmore" not in a.answer  # sent apologies
    officers = meeting_digest("which officers were in attendance at the february 2025 audit committee", documents)
    assert officers is not None and "Ian Marsh" in officers.answer and "Quenby" not in officers.answer


@pytest.mark.parametrize("question,names,source,item", [
    ("who sent apologies to the audit committee on 12 February 2025", ["Dunmore"], FEBRUARY, "41"),
    ("who was absent from the june 2025 audit committee", ["Okafor", "Hale"], JUNE, "Present"),
])
def test_who_was_absent_quotes_the_apologies(documents, question, names, source, item):
    a = meeting_digest(question, documents)
    assert a is not None and a.grounded
    assert all(n in a.answer for n in names)
    assert (a.citations[0].source, a.citations[0].item or a.citations[0].title) == (source, item)


def test_attendance_the_minutes_do_not_record_is_declined(documents):
    bare = {k: dataclasses.replace(d, items=tuple(i for i in d.items if i.item is not None))
            for k, d in documents.items()}
    a = meeting_digest("who chaired the audit committee on 12 February 2025?", bare)
    assert a is not None and not a.grounded and "do not record who chaired it" in a.answer


def test_a_roll_call_and_a_call_to_order_answer_who_was_absent_and_who_presided(everything):
    absent = meeting_digest("Which Maple Hollow councilmember was absent from the May 7, 2024 meeting?", everything)
    assert absent is not None and absent.grounded
    assert "Troy Whitaker" in absent.answer and "Omar Haddad" not in absent.answer
    assert [c.item for c in absent.citations] == ["2"]  # the roll call, not the call to order
    chair = meeting_digest("who presided at the maple hollow council on may 7 2024", everything)
    assert chair is not None and "Mayor Ruth Ellison called the Regular Meeting" in chair.answer
    assert [c.item for c in chair.citations] == ["1"]
    summary = meeting_digest("what happened at the maple hollow city council in may 2024", everything)
    assert summary is not None and [c.item for c in summary.citations] == ["4", "5"]
    assert "stormwater" in summary.answer.lower()


# ------------------------------------------------------------ which meeting


def test_dates_are_read_in_the_ways_people_write_them():
    assert meeting_reference("cabinet on 18/10/2018").days == ("2018-10-18",)
    assert meeting_reference("cabinet on 2018-10-18").days == ("2018-10-18",)
    assert meeting_reference("the 18th of Oct 2018 cabinet").days == ("2018-10-18",)
    assert meeting_reference("October 18, 2018").days == ("2018-10-18",)
    assert meeting_reference("the 18 october meeting").day_months == ("10-18",)
    assert meeting_reference("in sept 2018").months == ("2018-09",)
    assert meeting_reference("the 2018 cabinet meeting").years == ("2018",)
    assert meeting_reference("the 2016-17 annual report").years == ()  # a financial year, not a meeting's
    assert meeting_reference("the latest cabinet").latest


def test_a_stated_date_wins_over_an_inferred_one():
    stated = Document("a.txt", "", Meeting("a.txt", committee="Cabinet", date="2018-10-18"), (), "a")
    guessed = Document("b.txt", "", Meeting("b.txt", committee="Cabinet", date_inferred="2018-10"), (), "b")
    assert named_meetings("cabinet on 18 October 2018", [stated, guessed]) == [stated]
    assert named_meetings("cabinet in october 2018", [stated, guessed]) == [stated]
    assert named_meetings("cabinet in october 2018", [guessed]) == [guessed]


# ------------------------------------------------------------ follow-ups


@pytest.mark.parametrize("question", [
    "who moved it?", "what about its cost?", "and the year before?", "and for how long?",
    "and what about adoption?", "how much did it cost?", "when was it approved?", "why?",
    "What did the committee recommend about it?",
])
def test_a_question_without_a_subject_of_its_own_is_a_follow_up(question):
    assert lacks_subject(question)
    query, own = follow_up_context(question, ["What was decided about the Northgate bypass?"])
    assert own == question and query.startswith("What was decided about the Northgate bypass?")


@pytest.mark.parametrize("question", [
    "What did Cabinet decide on 14 March 2024?",
    "And who chaired the Cabinet meeting on 18 October 2018?",
    "What did the council decide about the bypass and who moved it?",
    "carers strategy priorites",
    "how many care leavers are at university",
    "Is there a carers strategy?",
])
def test_a_complete_question_is_never_glued_to_the_one_before(question):
    assert not lacks_subject(question)
    assert follow_up_context(question, ["What was decided about the Northgate bypass?"]) == (question, None)


def test_a_follow_up_about_a_named_meeting_asks_its_own_question(documents):
    first = "who chaired the audit committee on 12 February 2025?"
    query, own = follow_up_context("and who was absent?", [first])
    a = meeting_digest(query, documents, own=own)
    assert a is not None and a.question == "and who was absent?"
    assert "Dunmore" in a.answer and "Okafor" not in a.answer  # the apologies, not the chair again
    query, own = follow_up_context("summarise it", [first])
    b = meeting_digest(query, documents, own=own)
    assert b is not None and cited_items(b) == ["45", "46", "47"]


def test_a_chain_of_follow_ups_keeps_the_last_question_that_stands_alone():
    history = ["What did Cabinet decide about the domestic abuse service?", "who moved it?"]
    query, own = follow_up_context("and when?", history)
    assert query == "What did Cabinet decide about the domestic abuse service? who moved it? and when?"
    assert own == "and when?"


# ------------------------------------------------------------ lead lines


@pytest.mark.parametrize("meeting,record,decision", [
    (Meeting("x", committee="Audit Committee", date="2025-02-12"),
     "The minutes of the Audit Committee's meeting on 12 February 2025 record",
     "At its meeting on 12 February 2025, the Audit Committee resolved that"),
    (Meeting("x", committee="Cabinet"),
     "At a meeting of Cabinet whose date the minutes do not print, they record",
     "At a meeting of Cabinet whose date the minutes do not print, it was resolved that"),
    (Meeting("x", date="2025-07-25"),
     "At a meeting on 25 July 2025 whose committee the minutes do not print, they record",
     "At a meeting on 25 July 2025 whose committee the minutes do not print, it was resolved that"),
    (Meeting("x"),
     "At a meeting whose committee and date the minutes do not print, they record",
     "At a meeting whose committee and date the minutes do not print, it was resolved that"),
    (Meeting("x", committee="Planning Committee", date_inferred="2022-02", inferred=("date",)),
     "At a meeting of the Planning Committee, probably in February 2022 (the date is not printed), the minutes record",
     "At a meeting of the Planning Committee, probably in February 2022 (the date is not printed), it was resolved that"),
    (Meeting("x", committee="Cabinet", date_inferred="2017-07", inferred=("committee", "date")),
     "At a meeting probably of Cabinet in July 2017 (neither committee nor date is printed), the minutes record",
     "At a meeting probably of Cabinet in July 2017 (neither committee nor date is printed), it was resolved that"),
    (Meeting("x", committee="City Council (Regular Meeting)", date="2024-08-20"),
     "The minutes of the meeting of the City Council (Regular Meeting) on 20 August 2024 record",
     "At its meeting on 20 August 2024, the City Council (Regular Meeting) resolved that"),
    (Meeting("x", committee="the meeting", date="2025-07-25"),
     "At a meeting on 25 July 2025 whose committee the minutes do not print, they record",
     "At a meeting on 25 July 2025 whose committee the minutes do not print, it was resolved that"),
    # A sentence fragment read as the committee is never named as one.
    (Meeting("x", committee="previous meeting, 1 September 2020", date="2020-10-06"),
     "At a meeting on 6 October 2020 whose committee the minutes do not print, they record",
     "At a meeting on 6 October 2020 whose committee the minutes do not print, it was resolved that"),
])
def test_lead_lines_read_naturally_with_whatever_is_known(meeting, record, decision):
    assert record_lead(meeting) == record
    assert decision_lead(meeting, "resolved") == decision
    for text in (record, decision, meeting_words(meeting)):
        assert "meeting's meeting" not in text and "None" not in text


# ------------------------------------------------------------ the seeds


def test_seed_meeting_summaries_without_decide(assistant):
    for question in ("summarise the 2018 cabinet meeting", "what happened at cabinet on 18 October 2018",
                     "give me an overview of the cabinet meeting on 18/10/2018"):
        a = assistant.ask(question)
        assert a.grounded and "meeting digest" in a.notes, question
        assert [c.item for c in a.citations] == ["20", "21", "22", "23"], question
        assert "£1.3m" in a.answer or "…" in a.answer


def test_a_complete_question_after_another_is_answered_on_its_own(assistant):
    first = "What did the cabinet decide about the domestic abuse support service?"
    after = assistant.ask("What did Cabinet decide on 18 October 2018?", history=[first])
    alone = assistant.ask("What did Cabinet decide on 18 October 2018?")
    assert after == alone and "meeting digest" in after.notes


def test_seed_attendance_is_answered_from_the_attendance_unit(assistant):
    chair = assistant.ask("who chaired the cabinet meeting on 18 october 2018")
    assert chair.grounded and "Lester" in chair.answer and "Shaw" not in chair.answer and "Gandy" not in chair.answer
    assert (chair.citations[0].source[:3], chair.citations[0].item, chair.citations[0].title) == ("001", None, "Present")
    present = assistant.ask("who was present at cabinet in october 2018")
    assert all(name in present.answer for name in ("Lester", "Swinglehurst", "Alistair Neill"))
    officers = assistant.ask("which officers were in attendance at the october 2018 cabinet")
    assert "Alistair Neill" in officers.answer and "Swinglehurst" not in officers.answer
    nobody = assistant.ask("who chaired the july 2017 cabinet meeting")  # those minutes print no chair
    assert not nobody.grounded and "do not record who chaired it" in nobody.answer


def test_a_meeting_named_without_a_date_by_its_heading_or_as_the_only_one(everything, documents):
    absent = meeting_digest("Which Maple Hollow councilmember was absent?", everything)
    assert absent is not None and "Troy Whitaker" in absent.answer
    summary = meeting_digest("what happened at the maple hollow council meeting", everything)
    assert summary is not None and [c.item for c in summary.citations] == ["4", "5"]
    assert meeting_digest("who chaired the audit committee", documents) is None  # two meetings
    only = meeting_digest("who chaired the meeting?", documents, filters=Filters(date_from="2025-06-01"))
    assert only is not None and "Lindqvist" in only.answer
    topic = meeting_digest("What did the Maple Hollow council decide about the stormwater fee?", everything)
    assert topic is None  # a subject of its own: the usual path


def test_substitutes_are_found_in_the_opening_procedural_business(everything):
    a = meeting_digest("who was substituting for whom at the northvale licensing committee?", everything)
    assert a is not None and a.grounded
    assert "Councillor Yardley attended in substitution for Councillor Gough" in a.answer
    assert [c.item for c in a.citations] == ["1"]
    present = meeting_digest("who was present at the licensing committee on 4 March 2025", everything)
    assert present is not None and "Amara" in present.answer
    assert "private hire licence" not in present.answer  # a declaration of interest is no attendance line
