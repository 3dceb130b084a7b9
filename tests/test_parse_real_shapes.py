"""Layouts of real published minutes that the first parser read as one item
or whose meeting it misread (issue 10, probe of unseen councils).  Each
fixture in tests/data/shapes/ is written for this project, fictional council
and invented content, with the structure and quirks of the published shape:

  agenda_decisions_minutes.txt  ModernGov "Agenda, decisions and minutes": "31/25" numbers on their own
                                line, indented bodies, "• Share this item", Decision:/Minutes: labels,
                                a "Moved from <date>," prefix on the heading
  stripped_table_rows.txt       table copy without its number column or blank lines: "TITLE description.
                                Minutes: text |" per line, rows that lost their title
  parish_table_cells.txt        parish table "N. | text |" over several lines, "14thJune 2023" glued
  coded_parish_minutes.txt      "FC01:05/24 Agenda wording." codes, "Full Council Meeting Minutes" title
  printed_pack_codes.txt        printed pack: cover letter with its own date, "This page is intentionally
                                left blank", "Agenda Item 4", CAPS headings over "PLN88/23" code lines
  minute_labels.txt             "Minute 88:  Title." labels, "Minute 71 refers:" back-references,
                                a numeric date line under the title
  issue_meetings.txt            "Issue - meetings": "Meeting: dd/mm/yyyy - Committee (Item 42)", "42 Minutes PDF"
  decision_details.txt          "Decision details" with "Decision Maker:" / "Date of decision:" fields
  us_one_line_decimal.txt       US minutes on one line: "Loading..." breadcrumb, inline "4.01)" numbers,
                                the date only in the first sentence
  escribe_untitled.txt          eScribe items whose title was lost: "Moved by:" under the number
  wide_gap_single_item.txt      site banner, "12        MINUTES -" (number, wide gap, title, dash)
"""

from __future__ import annotations

import re
from pathlib import Path

from qa_bot.parse import parse_bytes, parse_file
from qa_bot.records import Document

SHAPES = Path(__file__).parent / "data" / "shapes"
# labels and column headings of the page, not its content
FURNITURE = {"Additional", "documents", "Minutes", "Decision", "Items", "Item", "Media", "icon"}  # "pdf icon PDF 210 KB"


def parse(name: str) -> Document:
    return parse_file(SHAPES / name)


def numbers(doc: Document) -> list[str | None]:
    return [i.item for i in doc.items]


def lost_words(doc: Document) -> set[str]:
    """Words after the page head that no item holds, in its text or title
    (a "Decision:" block repeating the minutes word for word loses nothing)."""
    first = min(i.start for i in doc.items)
    kept = set(re.findall(r"[A-Za-z]{4,}", " ".join(f"{i.title} {i.text}" for i in doc.items)))
    return set(re.findall(r"[A-Za-z]{4,}", doc.text[first:])) - kept


def test_agenda_decisions_and_minutes_page_keeps_every_body():
    doc = parse("agenda_decisions_minutes.txt")
    assert numbers(doc) == ["31/25", "32/25", "33/25", "34/25", "35/25"]  # the site menu is no attendance block
    items = {i.item: i for i in doc.items}
    assert items["35/25"].title == "Library Opening Hours Review"
    assert "612 responses" in items["35/25"].text
    assert "1,900 households" in items["34/25"].text
    assert all("Share this item" not in i.text for i in doc.items)
    # the link to a recorded vote and the vote table's glued headings are the page's, not minutes
    assert all("View Recorded Vote" not in i.text and "TitleType" not in i.text for i in doc.items)
    # "Moved from 4th March 2025," is the old date, not the meeting's
    assert (doc.meeting.committee, doc.meeting.date) == ("Cabinet", "2025-03-11")


def test_stripped_table_rows_one_item_per_row_with_description_kept():
    doc = parse("stripped_table_rows.txt")
    titles = [i.title for i in doc.items]
    assert "DECLARATIONS OF INTEREST" in titles
    assert "B0412.24 7 MILLERS GREEN ASHCOMBE" in titles
    assert "B0588.24 LAND REAR OF THE OLD FORGE, TILLING LANE" in titles
    items = {i.title: i for i in doc.items}
    # the agenda's description stays searchable, and the row's minutes are its own
    assert "at any time before the item is considered" in items["DECLARATIONS OF INTEREST"].text
    assert "1 abstention" in items["B0412.24 7 MILLERS GREEN ASHCOMBE"].text
    assert "1 abstention" not in items["B0588.24 LAND REAR OF THE OLD FORGE, TILLING LANE"].text
    # a row that lost its title is its own item, named by its agenda wording
    assert "To note the public speaking arrangements for this meeting." in titles
    assert all(not i.text.rstrip().endswith("|") for i in doc.items)
    # a copy that prints no heading gives no committee or date (not the previous meeting's)
    assert (doc.meeting.committee, doc.meeting.date) == (None, None)


def test_parish_table_cells_numbered_items_and_glued_ordinal_date():
    doc = parse("parish_table_cells.txt")
    assert numbers(doc) == [None, "1", "2", "3", "4", "5"]
    items = {i.item: i for i in doc.items}
    assert items["2"].title == "Election of Chairman"
    assert "Mrs Ruth Calloway" in items["4"].text and items["4"].title == "Item 4"
    # a cell of one short sentence stays the title, as on consent agendas; a long one is the text
    assert "Declarations of Acceptance of Office" in items["1"].title
    assert (doc.meeting.committee, doc.meeting.date) == ("Annual Meeting", "2023-06-14")
    assert doc.items[0].title == "Present"


def test_coded_parish_minutes_code_is_the_number_wording_the_title():
    doc = parse("coded_parish_minutes.txt")
    assert numbers(doc) == [None, "FC01:05/24", "FC02:05/24", "FC03:05/24", "FC04:05/24", "FC05:05/24"]
    items = {i.item: i for i in doc.items}
    assert items["FC03:05/24"].title == "To elect a Vice-Chair"
    assert "Cllr Emery elected as vice-chair" in items["FC03:05/24"].text
    assert "Cllr Garrow and Cllr Hale" in items["FC01:05/24"].text
    assert (doc.meeting.committee, doc.meeting.date) == ("Full Council", "2024-05-07")
    assert "Members Present" in doc.items[0].title and "Lena Marsh" in doc.items[0].text


def test_printed_pack_codes_under_capital_headings_and_the_minutes_date():
    doc = parse("printed_pack_codes.txt")
    assert numbers(doc) == [None, "PLN88/23", "PLN89/23", "PLN90/23", "PLN91/23"]
    items = {i.item: i for i in doc.items}
    assert items["PLN88/23"].title == "APOLOGIES"
    assert items["PLN90/23"].title.startswith("DECLARATIONS OF LOBBYING (UNDER THE PROTOCOL")
    assert items["PLN90/23"].title.endswith("PARAGRAPH 4.2)")
    assert "lobbied by objectors" in items["PLN90/23"].text
    # the cover letter's date (17 October) and the next meeting's (18 October) are not the meeting's
    assert (doc.meeting.committee, doc.meeting.date) == ("Planning Committee", "2023-10-04")
    assert "Mrs Pendle (Chairman)" in doc.items[0].text
    assert all("intentionally left blank" not in i.text for i in doc.items)


def test_minute_labels_and_back_references():
    doc = parse("minute_labels.txt")
    assert numbers(doc) == [None, "88", "89", "90", "91"]
    items = {i.item: i for i in doc.items}
    assert items["88"].title == "Declarations of Interest"
    # "Minute 71 refers:" lines stay inside item 90, not items of their own
    assert "Minute 71 refers" in items["90"].text and "Minute 74 refers" in items["90"].text
    # the date under the title, not the date of the minutes approved in item 90
    assert (doc.meeting.committee, doc.meeting.date) == ("Full Council", "2024-03-12")


def test_issue_page_item_number_and_meeting_from_the_meeting_line():
    doc = parse("issue_meetings.txt")
    assert [(i.item, i.title) for i in doc.items] == [("42", "Minutes")]
    assert "amended at Minute No. 35/23" in doc.items[0].text
    assert (doc.meeting.committee, doc.meeting.date) == ("Licensing Committee", "2023-11-14")


def test_decision_details_labelled_fields():
    doc = parse("decision_details.txt")
    assert len(doc.items) == 1 and not doc.warnings
    assert (doc.meeting.committee, doc.meeting.date) == ("Licensing and Appeals Committee", "2024-04-25")


def test_us_one_line_decimal_items_and_first_sentence_date():
    doc = parse("us_one_line_decimal.txt")
    assert numbers(doc) == [None, "4.01", "4.02"]
    items = {i.item: i for i in doc.items}
    assert "publish its map in the city newsletter" in items["4.01"].text
    assert "Page 2 of 9" not in items["4.01"].text
    assert doc.meeting.date == "2019-03-12"
    attendance = doc.items[0]
    assert "ABSENT: Councilmember Kovac" in attendance.text
    assert all(i.title != "Loading..." for i in doc.items)


def test_escribe_untitled_items_keep_their_motion_as_text():
    doc = parse("escribe_untitled.txt")
    assert [(i.item, i.title) for i in doc.items][1:] == [("1", "Item 1"), ("2", "Item 2")]
    items = {i.item: i for i in doc.items}
    assert items["2"].text.lstrip("• ").startswith("Moved by:Councillor M. Vos")
    assert "acquisition of land on Orchard Road" in items["2"].text
    assert "Staff Present" in doc.items[0].text and "Treasurer, A. Moyo" in doc.items[0].text
    assert doc.meeting.date is None  # the Date: field is blank; dates inside motions are not the meeting's


def test_wide_gap_number_single_item_and_banner_not_a_title():
    doc = parse("wide_gap_single_item.txt")
    assert [(i.item, i.title) for i in doc.items] == [(None, "Present"), ("12", "MINUTES")]
    assert "leisure trust" in doc.items[1].text
    assert "appointed Vice-Chairman" in doc.items[0].text
    assert doc.meeting.date == "2022-06-09"


def test_no_text_dropped_from_the_new_shapes():
    for name in (
        "agenda_decisions_minutes.txt", "stripped_table_rows.txt", "parish_table_cells.txt",
        "coded_parish_minutes.txt", "printed_pack_codes.txt", "minute_labels.txt", "issue_meetings.txt",
        "escribe_untitled.txt", "wide_gap_single_item.txt",
    ):
        doc = parse(name)
        assert lost_words(doc) <= FURNITURE, (name, lost_words(doc))


def test_sub_heading_is_never_the_committee():
    text = (
        "MINUTES OF THE PROCEEDINGS OF THE CITY COUNCIL\nREGULAR SESSION\nAPRIL 2, 2019\n"
        "1. INFORMAL OPEN FORUM WITH CITY COUNCIL\nCALL TO ORDER INFORMAL OPEN FORUM\n"
        "The City Council met in Informal Open Forum at 6:45 p.m.\n2. INVOCATION\n- None.\n"
        "3. ROLL CALL\nMayor Ames and Councilmembers Bright and Cole.\n"
    )
    doc = parse_bytes(text.encode(), source="x.txt")
    assert doc.meeting.committee is None or "call to order" not in doc.meeting.committee.lower()
    assert doc.meeting.date == "2019-04-02"
    first = next(i for i in doc.items if i.item == "1")
    assert first.title == "INFORMAL OPEN FORUM WITH CITY COUNCIL"  # the sub-heading under it is text
    assert first.text.startswith("CALL TO ORDER INFORMAL OPEN FORUM")


def test_a_page_read_as_one_item_is_titled_by_its_heading_not_the_site_chrome():
    text = (
        "Loading...\nHome > Council > Meetings\nWinter Fuel Grants Review\n\n"
        "The panel looked at how the grants had been spent over the winter and asked for a fuller report in spring.\n"
    )
    doc = parse_bytes(text.encode(), source="x.txt")
    assert [i.title for i in doc.items] == ["Winter Fuel Grants Review"]
    assert "fuller report in spring" in doc.items[0].text


def test_us_first_sentence_gives_the_date_not_a_date_inside_an_item():
    text = (
        "The City Council of the City of Elm Ridge met in regular session on Tuesday, November 12, 2019 "
        "in the Council Chambers.\n\n1. CALL TO ORDER\nMayor Pike called the meeting to order at 7:00 p.m.\n\n"
        "2. APPROVAL OF MINUTES\nThe minutes of October 22, 2019 were approved as presented.\n"
    )
    doc = parse_bytes(text.encode(), source="x.txt")
    assert doc.meeting.date == "2019-11-12"
    assert [i.item for i in doc.items if i.item] == ["1", "2"]


def test_a_date_quoted_by_the_first_item_is_not_the_meetings():
    text = (
        "Minutes\n\nMinutes: The minutes of 12 May 2024 were approved as a true record.\n\n"
        "Play Area Repairs\n\nThe clerk reported that the swings had been repaired.\n"
    )
    doc = parse_bytes(text.encode(), source="x.txt")
    assert doc.meeting.date is None
