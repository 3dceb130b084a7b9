"""Sentences from every published shape: table cells, flattened PDF lines,
page furniture left out, roll calls and votes kept as quotable units.
The texts are written for these tests, in the layouts councils publish."""

from __future__ import annotations

from qa_bot.evidence import furniture_like, is_record
from qa_bot.sentences import fold, split_sentences

PIPE_TABLE = """No. | Item | |
---|---|---|
Street Trading Policy Review To consider the revised street trading policy. Minutes: The Cabinet agreed the revised policy
, subject to the removal of the proposed ban on hot food vans near schools. |
||
Car Park Charges PDF 212 KB To consider charges for 2025/26. Minutes: RESOLVED: That the evening charge at Mill Lane car park
be set at £1.50. |
"""

FURNITURE = """Home > Council and democracy > Meetings > Licensing Committee
[Street Trading Policy report](https://example.invalid/docs/street-trading.pdf)
pdf icon PDF 123 KB
2ASHBY CROSS TOWN COUNCIL LICENSING COMMITTEE - MINUTES
Page 3 of 7
The committee granted a new premises licence for the Corn Exchange with a terminal hour of 11 pm.
"""

FLATTENED = (
    "7. NEW BUSINESS 7.1 Sidewalk Repair Contract. Public Works Director Okafor presented the bids. "
    "Motion by Councilmember Reyes, second by Councilmember Lund, to award the contract to Granite Path Inc. "
    "in the amount of $412,600. Motion carried 5-1 (Haddad voting no). 7.2 Library Hours. "
    "The Council discussed Sunday opening. Page 4 of 6 No action was taken."
)

ROLL_CALL = """Members Present:

- Councillor J. Amadi, Chair
- Councillor P. Oyelaran

Members Absent:

- Councillor S. Whitcombe

The Chair called the meeting to order at 9:30 a.m.
"""


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for s in sentences:  # every unit is verbatim text of the item
        assert s.text == fold(text[s.start:s.end])
    return [s.text for s in sentences]


def test_pipe_table_cells_become_clean_units():
    found = texts(PIPE_TABLE)
    assert found, found
    for t in found:
        assert not t.startswith((",", "|")) and not t.endswith("|"), t
        assert "---" not in t
    # a cell wrapped onto the next line is one unit, not the next item's title
    joined = [t for t in found if "hot food vans" in t]
    assert joined and "agreed the revised policy" in joined[0]
    assert any(t.startswith("RESOLVED: That the evening charge") and "£1.50" in t for t in found)
    assert not any(t.endswith("Car Park Charges") for t in found)


def test_page_furniture_is_no_sentence():
    found = texts(FURNITURE)
    assert found == [
        "The committee granted a new premises licence for the Corn Exchange with a terminal hour of 11 pm."
    ]
    assert furniture_like("[Street Trading Policy report](https://example.invalid/docs/x.pdf)")
    assert not furniture_like(found[0])


def test_flattened_pdf_line_splits_into_sentences_and_keeps_votes_quotable():
    found = texts(FLATTENED)
    assert len(found) >= 5
    votes = [t for t in found if "Motion carried 5-1" in t]
    assert votes and len(votes[0]) < 80
    assert is_record(votes[0])
    assert any(t.startswith("Motion by Councilmember Reyes") for t in found)
    assert not any("Page 4 of 6" == t for t in found)


def test_roll_call_lists_stay_with_their_label():
    found = texts(ROLL_CALL)
    absent = [t for t in found if "Whitcombe" in t]
    assert absent and absent[0].startswith("Members Absent:")
    assert is_record(absent[0])
    assert not is_record("The Chair called the meeting to order at 9:30 a.m.")


DATA_TABLE = """The Board went through the action log:

| Ref | Action | Owner | Due | Status |
|-----|--------|-------|-----|--------|
| AL/1 | Send the survey to all schools | Director of Education | Mar 2025 | Done |
| AL/2 | Bring back a costed plan; include transport | Head of Transport | Apr 2025 | Overdue |

Members asked for AL/2 to come back in May.
"""


def test_a_data_tables_rows_are_one_unit_each():
    found = texts(DATA_TABLE)
    assert "AL/2 | Bring back a costed plan; include transport | Head of Transport | Apr 2025 | Overdue" in found
    assert "AL/1 | Send the survey to all schools | Director of Education | Mar 2025 | Done" in found
    # no lone cells ("Apr 2025", "Overdue") and no row cut at a cell's ';'
    assert not any(t in {"Apr 2025", "Overdue", "Head of Transport"} for t in found)
    assert found[0] == "The Board went through the action log:"
    assert found[-1] == "Members asked for AL/2 to come back in May."


def test_a_two_column_data_table_and_a_row_with_a_blank_cell():
    found = texts("The following were approved:\n\n| Payee | Amount |\n|-------|--------|\n"
                  "| H. Voss | 980.00 |\n| Bolt Brothers | 1,050.00 | |\n\nAll agreed.\n")
    assert "H. Voss | 980.00" in found and "Bolt Brothers | 1,050.00" in found
    assert not any("---" in t or t == "1,050.00" for t in found)


def test_a_names_initials_end_no_sentence():
    # regression: "Present: Councillor V.J." was cut off from "Bailey (Chairman); ..."
    found = texts("Present: Councillor V.J. Bailey (Chairman); Councillors Mrs. P. Drake, V.P. Driscoll and "
                  "A.R. Robertson. The Chairman welcomed everyone.")
    attendance = ("Present: Councillor V.J. Bailey (Chairman); Councillors Mrs. P. Drake, V.P. Driscoll and "
                  "A.R. Robertson.")
    assert found == [attendance, "The Chairman welcomed everyone."]


def test_a_page_reference_inside_a_sentence_is_not_furniture():
    """A running header ("Page 3 of 16", "Page 12") is furniture; a sentence
    correcting the minutes' page 8 is minutes, and may be what is asked."""
    assert furniture_like("Page 3 of 16")
    assert furniture_like("Planning Committee 4 March 2025 Page 12")
    assert not furniture_like(
        'Mr. Lowe asked that the minutes be corrected: March 4, Page 8, the word "culvert" is misspelt.'
    )


def test_no_sentence_ends_after_jr_or_cr():
    """"Jr. High football", "Cr. Baird moved": abbreviations, not sentence ends."""
    text = "The Board discussed co-oping Jr. High football with Dunmore. Cr. Baird moved the motion."
    assert [fold(s.text) for s in split_sentences(text)] == [
        "The Board discussed co-oping Jr. High football with Dunmore.", "Cr. Baird moved the motion.",
    ]


def test_a_short_outcome_keeps_its_label():
    """"Resolved: No Objection." is the council's answer to an application:
    without its label two words would say nothing, so the label stays; a
    longer unit loses its label, and an empty "Minutes: None." is no unit."""
    found = texts(
        "Mr Tell the agent answered questions from Councillors.\n\nResolved: No Objection.\n\n"
        "Minutes: None.\n\nMinutes: None received.\n\nRESOLVED: That Council\n\n"
        "Decision: Noted.\n\nMinutes: Apologies were received from Cllr Dane.\n"
    )
    assert found == [
        "Mr Tell the agent answered questions from Councillors.", "Resolved: No Objection.", "Decision: Noted.",
        "Apologies were received from Cllr Dane.",
    ]


def test_a_sentence_printed_double_spaced_runs_on_across_its_blank_lines():
    # text from a PDF printed with a blank line after every line: a line ending with a comma, or
    # followed by one opening in lower case, is cut mid-sentence; a full stop still ends one
    text = (
        "(i)                         That the sale of the land at Brookfield Works, Canal Road,\n\n"
        "                  Eastwick for light industrial use, be approved.\n\n\n"
        "(ii)                        That the Chief Executive, in consultation with the Portfolio Holder\n\n"
        "for Finance, be authorised to complete the sale.\n\n"
        "The committee thanked the officers."
    )
    units = [s.text for s in split_sentences(text)]
    assert units == [
        "(i) That the sale of the land at Brookfield Works, Canal Road, Eastwick for light industrial use, be approved.",
        ("(ii) That the Chief Executive, in consultation with the Portfolio Holder for Finance, be authorised to"
         " complete the sale."),
        "The committee thanked the officers.",
    ]


def test_a_blank_line_still_parts_a_label_a_numbered_part_a_bullet_and_a_capital_letter():
    # what follows the blank line opens something of its own, whatever the line before ended with
    for text, first in (
        ("Present: Cllrs A Smith, B Jones, C Brown, D White, E Black, F Green, G Grey,\n\nAlso present: J Bloggs.",
         "Present: Cllrs A Smith, B Jones, C Brown, D White, E Black, F Green, G Grey,"),
        ("The committee noted the outturn for the year against the revenue budget,\n\n2.1 The Committee approved it.",
         "The committee noted the outturn for the year against the revenue budget,"),
        ("Members raised the following points about the village\n\no the verges need cutting\n\no the roof leaks",
         "Members raised the following points about the village"),
        ("The report set out the options, of which members preferred Option A\n\nMembers agreed to consult.",
         "The report set out the options, of which members preferred Option A"),
    ):
        assert split_sentences(text)[0].text == first, text
    # a clause cut after a small word runs on, even to a figure
    opened = "The Chair Person, the Shire President, Cr Lowe, declared the meeting opened at\n\n5.20 pm."
    assert [s.text for s in split_sentences(opened)] == [" ".join(opened.split())]
