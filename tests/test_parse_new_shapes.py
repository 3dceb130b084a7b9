"""Shapes added for issue 10, one fixture each in tests/data/shapes/ (fictional
councils, written for this project after the layouts councils publish):

  escribe_markdown.md            eScribe page as markdown: "# 1.&nbsp;Call to Order", "## 3.1" sub-items,
                                 "Date:" on its own line, link-only lines to report PDFs, Members Present list
  us_flattened_pages.txt         US council minutes, one line per PDF page, "Page N of 3" inline, sub-items 4.1
  parish_year_refs.txt           parish minutes with "PC/101/24-25" references, running footer + signature lines
  printed_running_header.txt     printed minutes with a running header glued to its page number
  welsh_bilingual.txt            bilingual ModernGov page with two item headings lost ("pdf icon" only)
  numbered_colon_titles.txt      an unknown layout: indented "1. Opening Remarks (Chair):" headings
  no_heading_previous_meeting.txt  no heading at all; the only date is the previous meeting's
  plain_headings.txt             no numbers, no labels: title-case heading lines over their paragraphs
  town_council_sentence_titles.txt  "201.25" items, most titled by the agenda's whole sentence
  community_council_run_on_paragraphs.txt  bilingual paragraphs "2 Cyhoeddiadau/Announcements. C. Rees ..."
  flattened_section_numbers.txt  one line, sections "1.0" with sub-items "1.1"
  township_run_in_labels.txt     US township minutes: no numbers, each item opens "New Business:" or
                                 "Approval of Agenda: Motion by ..." (a run-in label), blank line after every line
  moderngov_coded_numbers.txt    ModernGov page, minute codes "C/41" alone on their lines, "Additional
                                 documents:" under each title where the "Minutes:" label was lost
  roman_numeral_headings.txt     town council minutes with items "I DECLARATIONS ...", "II APPROVAL OF AGENDA"
  issue_decisions_page.txt       ModernGov "Issue - decisions" page: the issue's name, one dated decision line
  parish_sub_items_agenda_wording.txt  "214.2 To consider the following planning applications:" sub-items
  community_council_minute_no_dash.txt  "Minute no. 4 – Chair's Announcements The Chair reported ...": label,
                                 dash, a title run into its minutes
  town_council_five_digit_minutes.txt  a long-running town council's minute numbers "20417 MAYOR'S ANNOUNCEMENTS"
  flattened_local_board_bare_numbers.txt  InfoCouncil minutes flattened per page, items numbered "1 Welcome",
                                 "2 Apologies" with no stop, an "OPEN MINUTES" label before the board's name
  us_flattened_caps_bracket_numbers.txt  one-line US minutes, headings in capitals with the item's number after
                                 them in brackets ("AWARDS AND PROCLAMATIONS (3.1) The week of ...")
  moderngov_title_minutes_one_line.txt  ModernGov rows one per line, "Title (Relevant Portfolio Holder: ...)
                                 Minutes: ..." in title case
  parish_bulleted_caps_headings.txt  a parish website's minutes, each heading in capitals after a bullet
                                 ("  • APOLOGIES"), the items' own lists bulleted deeper
  county_commission_labels_alone.txt  a US county board: members one per line "with the following members
                                 present to-wit:", then labels alone on their lines ("Call to Order:")
  community_council_mixed_numbering.txt  items "1." and "2." with a stop, "3" and "4" without; the date
                                 in "was held Tuesday night March the 4th 2025"
  municipal_district_item_no_caps.txt  an Irish municipal district: "ITEM NO. 2: CORRESPONDENCE Maeve Daly ...",
                                 the title in capitals run into the minutes
  us_flattened_roman_items.txt   a US planning board's minutes on one line, items "I. Call to Order" ... "VI."
  parish_flattened_prefixed_year_codes.txt  a parish transcription on one line, minutes "Cou/302/24-25
                                 Apologies for Absence Apologies for absence were ..." (prefix, number, council year)
  us_commission_lettered_sub_items.txt  a US city commission, sub-items lettered after a stop ("3.a", "3.b")
  escribe_board_resolution_numbers.txt  an eScribe board page: bulleted resolution numbers "2025-4-1" (year,
                                 meeting, motion) over "MovedDirector Moreau"
  rm_motion_numbers_margin.txt   a Saskatchewan rural municipality: motions "25/041 FEHR: That ...", the
                                 margin's subject before each number, "RM OF WILLOW PLAIN NO. 318"
  community_council_running_minute_paragraphs.txt  a Welsh community council's running minute numbers inline
                                 ("4413 Personal Matters – none 4414 Declaration ..."), opened "On Wednesday 14 th
                                 May 2025 a Meeting of X Council was held"
  community_council_item_semicolons.txt  a Scottish community council's "Item 3; Police Report;  No officer ..."
  town_board_agenda_then_minutes.txt  a US town board's agenda list, then the minutes under capitals labels
  school_board_lettered_parts.txt  a US school board: "1. OPEN SESSION", its parts "1A. Call to Order The
                                 regular meeting ...", "1C. Adoption of ..."
  county_summary_action_dashed_labels.txt  a US county board's summary of actions: labels in capitals closed
                                 by a dash ("PUBLIC COMMENT – 1) Lena Voss ...")
  nz_council_resolution_numbers_after_votes.txt  a New Zealand district council: capitals headings, each
                                 resolution's number after it with the mover and seconder ("C25/042 Grey/Ward CARRIED")
  county_board_slash_separated.txt  a US county board whose items are set apart by "//" lines, each titled by
                                 what the chairman "called for"
  parish_year_month_item_numbers.txt  a parish numbering items by year, month and item ("2025-03_4. PLAY AREA")
  town_council_dash_bulleted_items.txt  a small US city council: every item a "- " bulleted line, the motions'
                                 records unbulleted under them
  town_council_flattened_years_in_prose.txt  a town council's prose minutes on one line, years in its
                                 sentences ("The 2022 Budget was set ...") and no item numbers
  parish_meeting_prose_with_action_bullets.txt  a parish meeting's prose notes holding one list of actions
                                 agreed, a "- " bullet a line
  parish_bracketed_numbers.txt  a parish numbering its items in brackets ("[1]    Apologies for absence.")
  parish_item_minute_month_year.txt  a parish's "Item 41/06/25 Chairman's welcome": minute 41 of June 2025
  parish_item_opening_with_its_first_part.txt  a parish whose item opens with its first part ("6. a)To review
                                 the Standing Orders."), its last item a sentence ("7. The Parish Council resolved ...")
  community_council_lettered_sub_items_lower_case.txt  a Scottish community council: "2 Membership" over its
                                 parts "2.a to note: declarations of interest ...", "2.c to agree: co-option of ...";
                                 "held online, on Monday ..."
  school_board_agenda_then_numbered_minutes.txt  a US school board page: a numbered list of the page's parts,
                                 then the minutes numbered afresh from "1. Call to Order"
  moderngov_stripped_worded_titles.txt  an "Agenda and minutes" page whose "No. Item" column lost its numbers,
                                 each item titled in the agenda's words ("To elect a Vice Chairman ...")
  planning_rows_decision_labels.txt  a planning committee's "Agenda and minutes" table copied a row a line,
                                 each row's minutes after "Decision:", an application's site with "&"
  city_council_caps_colon_headings.txt  a US city council: headings in capitals closed by a colon, years in
                                 some ("FY 2026-2030 CAPITAL IMPROVEMENTS PLAN:"), a numbered consent agenda
  parish_committee_flattened_running_minutes.txt  a parish committee's minutes on one line, numbered by the
                                 council's running minute numbers ("2481. APOLOGIES ... 2486."), a year before a stop
  parish_column_minute_numbers.txt  a parish council's running minute numbers in a column of their own ("2104
                                 The Chairman opened ..."), some read as years, some lines opening with a sentence
  charter_commission_br_tags.txt  a US charter commission's minutes copied from a document portal with their
                                 "<br />" line breaks, under the portal's "Last modified" record of the file
  community_council_minute_of_meeting.txt  a Scottish community council: "Minute of Meeting <date> <venue>" over
                                 run-in labels, "Minute of last meeting: Approved." among them
  county_council_capitals_headings_with_stops.txt  an Irish county council: headings in capitals closed by a full
                                 stop ("VOTES OF CONDOLENCE."), under attendance fields ("PRESIDING:", "APOLOGY:")
  county_commission_journal_times.txt  a US county commission's journal of the day: each entry opens with the
                                 time it began ("9:00 Dale Ruiz, Road Supervisor, met with ...")
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.parse import parse_file
from qa_bot.records import Document

SHAPES = Path(__file__).parent / "data" / "shapes"


def keys(doc: Document) -> list[tuple[str | None, str]]:
    return [(i.item, i.title) for i in doc.items]


def parsed(text: str) -> Document:
    """The document a text in the project's own words parses into."""
    from qa_bot.parse import parse_bytes

    return parse_bytes(text.encode(), source="m.txt")


def numbered(doc: Document) -> dict:
    """The document's numbered items by their numbers."""
    return {i.item: i for i in doc.items if i.item}


def no_furniture(doc: Document, *furniture: str) -> None:
    for item in doc.items:
        assert doc.text[item.start:item.end] == item.text
        for piece in furniture:
            assert piece not in item.text and piece not in item.title, (item.key, piece)


def test_escribe_markdown_items_sub_items_and_meeting():
    doc = parse_file(SHAPES / "escribe_markdown.md")
    assert keys(doc) == [
        (None, "Members Present"),
        ("1", "Call to Order"),
        ("2", "Adoption of Minutes"),
        ("2.1", "Planning Advisory Committee Minutes - January 22, 2025"),
        ("3", "Reports"),
        ("3.1", "Official Plan Review - Growth Options Report - PL-2025-007"),
        ("3.2", "Heritage Register Additions - PL-2025-011"),
        ("4", "Adjournment"),
    ]
    assert (doc.meeting.committee, doc.meeting.date) == ("Planning Advisory Committee", "2025-03-05")
    assert "Councillor S. Okonjo, Chair" in doc.items[0].text
    no_furniture(doc, "&nbsp;", "filestream.ashx", "Skip to main content", "crest.png")


def test_us_minutes_flattened_one_line_per_page():
    doc = parse_file(SHAPES / "us_flattened_pages.txt")
    assert doc.meeting.shape.endswith("+flattened")
    numbers = [i.item for i in doc.items]
    assert numbers == ["1", "2", "3", "4", "4.1", "4.2", "5", "5.1", "6", "6.1", "7"]
    items = {i.item: i for i in doc.items}
    assert items["2"].title == "ROLL CALL" and "ABSENT: None" in items["2"].text
    assert items["6.1"].title.startswith("Water Meter Replacement Program")
    assert "Motion carried 4-1" in items["6.1"].text
    assert (doc.meeting.council, doc.meeting.committee, doc.meeting.date) == (
        "City of Holloway Springs", "City Council (Special Meeting)", "2025-06-02")
    no_furniture(doc, "Page 1 of 3", "Page 2 of 3", "Page 3 of 3")


def test_parish_references_with_a_year_range_and_page_footers():
    doc = parse_file(SHAPES / "parish_year_refs.txt")
    assert keys(doc)[:3] == [
        (None, "Present"),
        ("PC/101/24-25", "Apologies for Absence"),
        ("PC/102/24-25", "Declarations of Interest"),
    ]
    assert [i.item for i in doc.items][-1] == "PC/106/24-25"
    assert (doc.meeting.council, doc.meeting.committee, doc.meeting.date) == (
        "Ashcombe Magna Parish Council", "Full Council", "2025-04-08")
    no_furniture(doc, "Page 1 of 2", "Signed ……", "Minutes 8 April 2025")
    drainage = {i.item: i for i in doc.items}["PC/104/24-25"]
    assert drainage.text.rstrip().endswith("Seconded by: Cllr Ellery")


def test_running_header_glued_to_its_page_number_is_furniture():
    doc = parse_file(SHAPES / "printed_running_header.txt")
    assert [i.item for i in doc.items] == [None, "12", "13", "14", "15", "16"]
    assert (doc.meeting.committee, doc.meeting.date) == ("Amenities Committee", "2025-05-14")
    assert doc.meeting.council == "Brenthall Town Council"
    no_furniture(doc, "BRENTHALL TOWN COUNCIL - AMENITIES")
    allotments = {i.item: i for i in doc.items}["14"]
    assert "remain at £38 a plot" in allotments.text


def test_welsh_bilingual_page_with_lost_headings():
    doc = parse_file(SHAPES / "welsh_bilingual.txt")
    assert keys(doc) == [
        ("201", "Ymddiheuriadau am Absenoldeb / Apologies for Absence"),
        ("202", "Datganiadau o Fuddiant / Declarations of Interest"),
        ("203", "Item 203"),  # the heading was lost: named by its number, never "(untitled)"
        ("204", "APPLICATION 24/0871 - 12 DWELLINGS, LAND OFF FFORDD Y FELIN, LLANWERN FACH"),
        ("205", "Item 205"),
    ]
    assert (doc.meeting.committee, doc.meeting.date) == ("Planning Committee", "2025-02-05")


def test_an_unknown_layout_still_splits_on_its_numbered_headings():
    doc = parse_file(SHAPES / "numbered_colon_titles.txt")
    assert keys(doc) == [
        ("1", "Opening Remarks (Chair)"),
        ("2", "Approval of Previous Minutes"),
        ("3", "Treasurer's Report"),
        ("4", "Boiler Replacement"),
        ("5", "Any Other Business"),
    ]
    assert (doc.meeting.committee, doc.meeting.date) == ("Fernley Village Hall Management Committee", "2025-06-03")


def test_the_previous_meetings_date_is_not_this_meetings_date():
    # regression: "the minutes of the previous meeting, held on 1 September 2020" gave the meeting's date
    doc = parse_file(SHAPES / "no_heading_previous_meeting.txt")
    assert doc.meeting.date is None
    assert doc.meeting.date_inferred is None or "date" in doc.meeting.inferred
    assert [i.item for i in doc.items] == ["1", "2", "3"]


def test_a_sentence_fragment_is_never_the_committee(tmp_path):
    # regression: "previous meeting, 1 September 2020" and "meeting" were read as committee names
    doc = parse_file(SHAPES / "no_heading_previous_meeting.txt")
    assert doc.meeting.committee is None and doc.meeting.council is None
    path = tmp_path / "m.txt"
    path.write_text(
        "Minutes of the previous meeting held on 1 September 2020 were approved.\n\n"
        "1. Footpaths\nThe footpath was repaired.\n\n2. Lights\nNew lights were agreed.\n",
        encoding="utf-8",
    )
    doc = parse_file(path)
    assert doc.meeting.committee is None and doc.meeting.date is None


def test_a_moderngov_heading_beats_a_previous_meeting_quoted_in_the_head(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(
        "Agenda and minutes\nCabinet - Thursday, 13th March, 2025 6.00 pm\n"
        "No. | Item | |\n---|---|---|\n"
        "Minutes PDF 238 KB To approve the minutes of the meeting held on 13 February 2025. "
        "Minutes: RESOLVED: That the minutes of the meeting held on 13 February 2025 be approved. |\n||\n"
        "Public Questions To receive questions. Minutes: None were received. |\n||\n"
        "Budget Monitoring To note the forecast. Minutes: The forecast was noted. |\n",
        encoding="utf-8",
    )
    doc = parse_file(path)
    assert (doc.meeting.committee, doc.meeting.date) == ("Cabinet", "2025-03-13")
    assert [i.title for i in doc.items] == ["Minutes", "Public Questions", "Budget Monitoring"]


def test_a_layout_nothing_reads_falls_back_to_its_heading_lines():
    doc = parse_file(SHAPES / "plain_headings.txt")
    assert doc.warnings == ()
    titles = [i.title for i in doc.items]
    assert titles[-4:] == ["Welcome and Introductions", "Bus Shelter on Orchard Lane", "Street Parties in June", "Next Meeting"]
    assert all(i.title != "(untitled)" for i in doc.items)
    assert (doc.meeting.committee, doc.meeting.date) == ("Orchard Lane Residents' Forum", "2025-03-04")


BRACKENFORD = Path(__file__).parent / "data" / "answer_units" / "406_brackenford_pc_2025-02-11.txt"


def test_a_table_of_data_inside_the_minutes_is_not_the_pages_layout():
    # An action tracker and a payments table in markdown: their rows stay
    # rows inside their items; the page is read as the parish minutes it is.
    doc = parse_file(BRACKENFORD)
    assert "+table" not in doc.meeting.shape
    assert [i.item for i in doc.items if i.item] == ["25/014", "25/015", "25/016", "25/017", "25/018"]
    payments = next(i for i in doc.items if i.item == "25/017")
    assert "| Wyvern Play Ltd | Replacement swing seat | 215.50 | 43.10 | 258.60 |" in payments.text
    # a minutes table (its header names the item column) is still the layout
    from qa_bot.parse import tables

    assert not tables.data_tables("| No. | Item | Minutes |\n|---|---|---|\n| 1 | Apologies | None. |\n")
    assert tables.data_tables("| Payee | Net £ | Gross £ |\n|---|---|---|\n| H. Voss | 980.00 | 980.00 |\n")


def test_attendance_stops_at_the_first_minute_reference():
    # regression: "25/014 APOLOGIES" was read as a person present
    doc = parse_file(BRACKENFORD)
    assert doc.meeting.present[:5] == ("Cllr Ashdown", "Cllr Bellamy", "Cllr Corrigan", "Cllr Duxbury", "Cllr Elphick")
    assert not any("25/014" in p or "APOLOGIES" in p for p in doc.meeting.present)


def test_the_council_named_in_the_headings_sentence(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(
        "Minutes of the Annual Meeting of the Nether Coldby Parish Council held in the Old School on "
        "Wednesday 14th May 2025, 7pm\nPresent: Councillors A Brill, C Dace\n\n"
        "1. Election of Chairman\nCllr Brill was elected unopposed.\n\n"
        "2. Election of Vice-Chairman\nCllr Dace was elected unopposed.\n",
        encoding="utf-8",
    )
    assert parse_file(path).meeting.council == "Nether Coldby Parish Council"
    path.write_text(
        "Minutes of Parish Council 3 June 2025\n\n1. Apologies\nNone.\n\n2. Planning\nNo applications.\n",
        encoding="utf-8",
    )
    assert parse_file(path).meeting.council is None  # "Minutes of Parish Council" names no council


def test_minute_numbers_in_brackets():
    # printed minutes numbering their items "(57) APOLOGIES ...": read as one untitled blob before
    doc = parse_file(SHAPES / "bracketed_minute_numbers.txt")
    assert doc.warnings == ()
    assert [i.item for i in doc.items if i.item] == ["57", "58", "59", "60", "61"]
    items = {i.item: i for i in doc.items}
    assert items["60"].title == "STREET TRADING CONSENT - MARKET PLACE"
    assert "flag fall from £3.20 to £3.50" in items["61"].text
    assert doc.meeting.date == "2024-03-14"  # not the previous meeting's 8 February


def test_flattened_minutes_without_numbers_split_at_their_capitals_headings():
    # US minutes run onto one line, no item numbers: read as one untitled blob before
    doc = parse_file(SHAPES / "us_flattened_caps_headings.txt")
    assert doc.warnings == ()
    titles = [i.title for i in doc.items]
    assert titles[:5] == ["ROLL CALL", "INVOCATION", "CONSENT AGENDA", "SNOW REMOVAL CONTRACT", "ADJOURNMENT"]
    items = {i.title: i for i in doc.items}
    assert "North Star Grading in the amount of $84,250" in items["SNOW REMOVAL CONTRACT"].text
    assert "liquor licence renewals" in items["CONSENT AGENDA"].text
    assert doc.meeting.date == "2019-03-11"  # "REGULAR SESSION MARCH 11, 2019", in capitals on the one line
    # "MOVED", "RESOLVED" and short acronyms are no headings
    from qa_bot.parse.flattened import _caps_headings

    text = "The vote was taken. MOVED by Smith to adopt. Carried. FIRE Budget was cut. RFP Issued later. POLICE It was agreed."
    assert [m.group(0).strip() for m in _caps_headings(text)] == ["FIRE", "POLICE"]


def test_a_minutes_table_is_known_by_its_numbered_rows_and_a_bracketed_resolution_part_is_no_item(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(
        "Minutes of the meeting held on Tuesday 9 July 2024\n\n"
        "| # | Topic | Discussion and outcome |\n|---|---|---|\n"
        "| 1. | Apologies | Apologies were received from Cllr Ward. |\n"
        "| 2. | Playground | The council agreed to replace the swing seat. |\n"
        "| 3. | Next meeting | 10 September 2024. |\n",
        encoding="utf-8",
    )  # a header naming no item column: its rows' numbers say it is the agenda
    assert [i.title for i in parse_file(path).items] == ["Apologies", "Playground", "Next meeting"]
    path.write_text(
        "Minutes of the Cabinet held on 3 March 2025\n\n1. APOLOGIES FOR ABSENCE\nNone.\n\n"
        "2. BUDGET MONITORING\nRESOLVED:\n(1) That the budget position be noted.\n(2) That the forecast be agreed.\n"
        "(3) That the Director report back in January.\n\n3. PLANNING POLICY\nThe policy was adopted.\n",
        encoding="utf-8",
    )
    assert [i.title for i in parse_file(path).items if i.item] == [
        "APOLOGIES FOR ABSENCE", "BUDGET MONITORING", "PLANNING POLICY"]


def test_the_councils_name_and_the_session_date_come_from_the_heading_not_an_earlier_meeting():
    from qa_bot.parse.meeting import _council_in_sentence, _session_date

    assert _council_in_sentence("Minutes of the Meeting of the Full Parish Council held on 3 May") is None
    assert _council_in_sentence(
        "Present: A, B. It was resolved to approve the minutes of the meeting of Ashby Parish Council held on 2 May"
    ) is None
    assert _council_in_sentence("Minutes of a meeting of Ashby Parish Council held on 2 May") == "Ashby Parish Council"
    assert _session_date("APPROVAL OF MINUTES OF THE REGULAR MEETING JANUARY 10, 1983 REGULAR SESSION "
                         "JANUARY 24, 1983") == "1983-01-24"
    assert _session_date("The meeting was ADJOURNED TO JANUARY 31, 1983 MEETING") is None
    assert _session_date("MINUTES OF THE REGULAR SESSION JANUARY 24, 1983 CITY HALL") == "1983-01-24"


def test_capitals_headings_are_not_acronyms_or_votes():
    from qa_bot.parse.flattened import _caps_headings

    text = ("Fine. CCTV Cameras were fixed. Roll call: YEAS Smith and Jones. Done. CORRESPONDENCE A letter came. "
            "Next. POLICE It was agreed.")
    assert [m.group(0).strip() for m in _caps_headings(text)] == ["CORRESPONDENCE", "POLICE"]
    # a scan that lost the full stop before a heading of two words or more; "DA IV" is no heading
    run_on = ("He went on to the agenda items CONSENT AGENDA Mayor Lund asked about it. It was agreed to approve "
              "the DA IV Upgrade of the post. POLICE It was agreed.")
    assert [m.group(0).strip() for m in _caps_headings(run_on)] == ["CONSENT AGENDA", "POLICE"]


def test_numbered_items_worded_as_the_agenda_and_sub_items_with_their_text_on_the_line():
    # "3  To declare any personal ... interest." and "5  Matters arising from the minutes." are
    # headings; "5.1  Noticeboard - The new ..." is a sub-item with its minutes after the dash
    doc = parse_file(SHAPES / "community_council_numbered.txt")
    assert [i.item for i in doc.items] == ["1", "2", "3", "4", "5", "5.1", "5.2", "5.3", "6"]
    items = {i.item: i for i in doc.items}
    assert items["3"].title == "To declare any personal and/or prejudicial interest"
    assert items["5"].title == "Matters arising from the minutes"
    assert items["5.2"].title == "Bus Shelter" and "Mr Glyn Parry" in items["5.2"].text
    assert "oak noticeboard" in items["5.1"].text and "Bus Shelter" not in items["5.1"].text


def test_flattened_minutes_numbered_by_minute_codes():
    # one line, "AT19/001 ELECTION OF TOWN MAYOR 2019 - 2020 It was proposed ...": one untitled item before
    doc = parse_file(SHAPES / "flattened_minute_codes.txt")
    assert [i.item for i in doc.items] == [f"AT19/00{n}" for n in range(1, 8)]
    items = {i.item: i for i in doc.items}
    assert items["AT19/001"].title == "ELECTION OF TOWN MAYOR 2019 - 2020"
    assert items["AT19/005"].title == "MINUTES OF THE MEETING OF 18 APRIL 2019"
    assert "Rita Sumner be appointed Deputy Town Mayor" in items["AT19/002"].text


def test_a_dash_inside_a_title_is_no_split():
    from qa_bot.parse.headings import _title

    rest = "Audit Services Request for Proposal - 2025 to 2029"
    assert _title(rest, 0, len(rest))[0] == rest
    rest = "Hermon Flower Pot - Confirmation that the repair work has been completed (cost £ 200)."
    assert _title(rest, 0, len(rest)) == ("Hermon Flower Pot", len("Hermon Flower Pot - "))


def test_apologies_reported_on_behalf_of_a_mixed_list():
    from qa_bot.parse.meeting import split_names

    assert split_names("Alderman McCoubrey and Councillors Clarke, Hutchinson and Jones") == [
        "Alderman McCoubrey", "Councillor Clarke", "Councillor Hutchinson", "Councillor Jones"]
    from qa_bot.parse.meeting import apologies_in

    assert apologies_in("Apologies were reported on behalf of Alderman Kerr and Councillor Lyle.", ()) == (
        "Alderman Kerr", "Councillor Lyle")


def test_a_paper_before_the_meeting_dates_nothing(tmp_path):
    # "C. The Minutes of the Council held on 11 February 2016 (previously circulated)" listed among the
    # papers of a page that prints no date of its own was taken for the meeting's date and committee
    path = tmp_path / "m.txt"
    path.write_text(
        "Agenda and minutes\n\nVenue: Shire Hall, Fenmarket\n\nAvailable Papers\n\nThe Members had before them:\n\n"
        "A.   The Agenda papers (previously circulated).\n\n"
        "B.   The Minutes of the Council held on 11 February 2016 (previously circulated).\n\n"
        "1772.\n\nApologies (Agenda item 1)\n\nMinutes:\n\nApologies were received from Mr A Bell.\n\n"
        "1773.\n\nChairman (Agenda item 2)\n\nMinutes:\n\nRESOLVED that Mrs C Dunn be elected Chairman.\n",
        encoding="utf-8",
    )
    meeting = parse_file(path).meeting
    assert meeting.date is None and meeting.date_inferred is None


def test_numbers_in_sequence_are_headings_whatever_their_wording():
    """Between "201.25 Receive apologies" and "205.25 Bowls club lease renewal"
    the numbers 202.25 to 204.25 are items although each is titled by a
    sentence; after the last, 206.25 goes on; a numbered resolution list
    that restarts at 1 stays inside its item."""
    doc = parse_file(SHAPES / "town_council_sentence_titles.txt")
    assert [i.item for i in doc.items] == [None, "201.25", "202.25", "203.25", "204.25", "205.25", "206.25"]
    items = {i.item: i for i in doc.items}
    assert items["202.25"].title.startswith("Pursuant to the Localism Act 2011: Receive declarations")
    assert "Cllr Hugh Bassett declared an interest" in items["202.25"].text
    assert "Kernow Surfacing Ltd for £8,450" in items["203.25"].text
    assert "7th April 2026" in items["206.25"].text and "That the lease is signed" in items["206.25"].text
    assert doc.meeting.date == "2026-03-03"


def test_paragraphs_opening_with_numbers_in_sequence_are_items():
    """No blank-line headings at all: "2 Cyhoeddiadau/Announcements. C. Rees
    thanked ..." paragraphs numbered one after another; the title is the
    first sentence, the minutes the rest; the bilingual "PRESENNOL/PRESENT"
    block is the attendance."""
    doc = parse_file(SHAPES / "community_council_run_on_paragraphs.txt")
    assert keys(doc) == [
        (None, "Present"),
        ("2", "Cyhoeddiadau/Announcements"),
        ("3", "Datgan diddordeb/Declarations of interest"),
        ("4", "Cais cynllunio/Planning applications"),
        ("5", "Materion y fynwent/cemetery matters"),
        ("6", "Cyllid/Finance"),
    ]
    items = {i.item: i for i in doc.items}
    assert "D. Owen was welcomed as the new chair" in items["2"].text
    assert "lych gate roof" in items["5"].text and "a) The mower invoice" in items["5"].text
    assert "Cllrs. A. Hughes" in items[None].text


def test_flattened_sections_numbered_with_a_nought():
    """"1.0 Confirmation of Minutes 1.1 Confirmation of minutes of ..." on one
    line: sections and their sub-items are items, and the meeting's own date
    is read, not the confirmed minutes' date."""
    doc = parse_file(SHAPES / "flattened_section_numbers.txt")
    assert [i.item for i in doc.items] == [None, "1.0", "1.1", "2.0", "3.0", "4.0", "4.1"]
    items = {i.item: i for i in doc.items}
    assert "proposal of Councillor Ciara Doyle" in items["1.1"].text
    assert "Seamus Quinn" in items["3.0"].text
    assert "adopted the revised Allocations Scheme 2026" in items["4.1"].text
    assert doc.meeting.date == "2026-03-09"


def test_a_lone_first_sub_item_with_a_heading_line_is_an_item():
    """"3.1 The Lantern Rooms ..., 12 Mill Street KH4" is the one application
    under "3 Licensing Applications": an item of its own, as printed; a
    paragraph numbered "1.1 Substitutes: ..." stays inside its item."""
    doc = parse_file(SHAPES / "licensing_single_application.txt")
    assert [i.item for i in doc.items] == [None, "1", "2", "3", "3.1"]
    items = {i.item: i for i in doc.items}
    assert items["3.1"].title == "The Lantern Rooms (formerly The Copper Kettle), 12 Mill Street KH4"
    assert "terminal hour" in items["3.1"].text and "Ms Hannah Vickery" in items["3.1"].text
    northvale = parse_file(Path(__file__).parent / "data" / "meetings" / "northvale_licensing_2025-03-04.txt")
    assert "1.1" not in [i.item for i in northvale.items]


def test_a_scan_that_lost_the_space_after_commas_keeps_its_date_and_attendance():
    """"Thursday,May 7,2026" in the title block and "was held on Thursday,May
    7, 2026" in the opening sentence: the meeting's date (not the confirmed
    minutes' "April 16,2026"); "Present were Mayor ..." is the attendance."""
    doc = parse_file(SHAPES / "municipality_glued_commas.txt")
    assert doc.meeting.date == "2026-05-07"
    assert [i.item for i in doc.items] == [None, "1", "2", "3", "4", "5"]
    assert doc.items[0].title == "Present" and "Clerk Ivy Sandoval" in doc.items[0].text
    assert "ferry dock needs new fenders" in doc.items[3].text


def test_a_session_heading_with_the_month_in_title_case_dates_the_meeting(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(
        "08-11-26MINUTES REGULAR CITY COMMISSION MEETING March 9, 2026 CITY HALL, 40 HARBOR ROAD Attendance "
        "IN ATTENDANCE: Mayor Dana Whitfield Commissioner Lee Ortega Commissioner Pat Greaves City Clerk Sam Noor "
        "Call to Order/Pledge Mayor Whitfield called the meeting to order at 6:00 p.m. Approval of Minutes 1. "
        "Approval of the minutes of the Regular Commission Meeting of February 9, 2026. Motion: Approve the minutes "
        "as written. Moved by Ortega, seconded by Greaves. MOTION CARRIED 2. Courtesy of the Floor to Visitors. "
        "Mayor Whitfield opened the Courtesy of the Floor. Nobody spoke. 3. City Manager's Report. The manager "
        "said the beach walkover repairs would finish in April.\n",
        encoding="utf-8",
    )
    meeting = parse_file(path).meeting
    assert (meeting.committee, meeting.date) == ("City Commission", "2026-03-09")


def test_a_heading_naming_no_committee_still_dates_the_meeting(tmp_path):
    """"Minutes of the Community Council virtual Meeting held via ZOOM on
    Tuesday, 19th July 2022": no committee to take, but the date is the
    meeting's own."""
    path = tmp_path / "m.txt"
    path.write_text(
        "Minutes of the Community Council virtual Meeting held via ZOOM on Tuesday, 21st April 2026.\n\n"
        "1          Present\n\nCouncillors Mr Ifan Roberts (Chair), Mrs Nia Lloyd & Mr Owain Jones (Clerk).\n\n"
        "2          Apologies\n\nwere received from Councillor Mrs Beca Hughes.\n\n"
        "3          Village Hall\n\nThe new heating was reported to be working well.\n",
        encoding="utf-8",
    )
    assert parse_file(path).meeting.date == "2026-04-21"


def test_sections_of_a_page_that_kept_no_blank_lines():
    """No numbers and no blank lines: a short line after a finished one (or
    a section word such as "Apologies" after a list), then prose, heads a
    section; a sub-heading under it ("Kowhai Primary School Year 6 Pupils")
    and a value of the header table ("Council Chamber, Harbour Street") do not."""
    doc = parse_file(SHAPES / "no_blank_lines_sections.txt")
    assert [i.title for i in doc.items] == [
        "Present", "Apologies", "Conflicts of interest", "Public forum", "Announcements by the Mayor",
    ]
    items = {i.title: i for i in doc.items}
    assert "Councillor Reddy" in items["Apologies"].text
    assert "Kowhai Primary School Year 6 Pupils" in items["Public forum"].text
    assert "lack of safe crossings" in items["Public forum"].text
    assert doc.meeting.date == "2026-03-18"


def test_minutes_of_numbered_resolutions_only():
    """No agenda items, only "Resolution No. 2026‐031 Moved by ..." blocks:
    each resolution is an item numbered as printed; the approval of the
    agenda and the declarations before them stay an item of their own."""
    doc = parse_file(SHAPES / "numbered_resolutions_only.txt")
    assert [i.item for i in doc.items] == [None, "2026‐031", "2026‐032", "2026‐033"]
    items = {i.item: i for i in doc.items}
    assert "None were declared" in items[None].text
    assert "$148,500 plus HST" in items["2026‐032"].text and "Councillor Pieter Vos" in items["2026‐032"].text
    assert items["2026‐032"].title == "Resolution 2026‐032"
    assert doc.meeting.date == "2026-03-03"


def _items_of(text: str) -> list[tuple[str | None, str]]:
    from qa_bot.parse import parse_bytes

    return [(i.item, i.title) for i in parse_bytes(text.encode(), source="m.txt").items]


def test_numbered_lines_that_are_no_headings_stay_text():
    """A sentence going on over a line break ("... will be held on" / "4 June
    2025"), a count opening a sentence ("4 Councillors voted ...") after "3.
    Skate Park", addresses listed under an item, planning conditions under
    an unnumbered heading, and a wrapped line numbered like a sub-item."""
    assert _items_of(
        "1. Apologies\n\nNone.\n\n2. Minutes\n\nApproved.\n\n3. Skate Park\n\nAfter debate a vote was taken.\n"
        "4 Councillors voted in favour and 2 against. The motion was carried.\n"
        "The next meeting will be held on\n4 June 2025 at 7pm.\n"
    ) == [("1", "Apologies"), ("2", "Minutes"), ("3", "Skate Park")]
    assert _items_of(
        "1. Apologies\n\nNone.\n\n2. Planning\n\nApplications were considered:\n"
        "3 Church Lane, Ashby: rear extension.\n4 Mill Road: new garage.\n"
    ) == [("1", "Apologies"), ("2", "Planning")]
    assert _items_of(
        "Apologies\n\nNone were received.\n\n\nPlanning Application 24/0012 - Land at Mill Lane\n\n"
        "Permission was granted subject to:\n1. The development shall begin within three years.\n"
        "Reason: to comply with the Act.\n2. The development shall follow the plans.\nReason: for clarity.\n"
        "3. The hours of work shall be limited.\nReason: amenity.\n\n\nAny Other Business\n\nThere was none.\n"
    ) == [(None, "Apologies"), (None, "Planning Application 24/0012 - Land at Mill Lane"), (None, "Any Other Business")]
    assert _items_of(
        "1 Apologies\n\nNone.\n\n2 Minutes\n\nApproved.\n\n3 Finance\n\n"
        "3.1 The Clerk reported that the bank balance at the end of\nMarch was £4,000 and payments were approved.\n\n"
        "4 Close\n\nThe meeting closed.\n"
    ) == [("1", "Apologies"), ("2", "Minutes"), ("3", "Finance"), ("4", "Close")]


def test_the_items_found_do_not_depend_on_the_hash_seed():
    import subprocess
    import sys

    code = (
        "from qa_bot.parse import parse_bytes\n"
        "t = '1 Apologies\\n\\nNone.\\n\\n2 Planning\\n\\n2.1 Mill House Extension\\n\\nApproved.\\n\\n"
        "2.2 Church Lane Garage\\n\\nRefused.\\n\\n3 Hall Lettings\\n\\nNoted.\\n'\n"
        "print([i.item for i in parse_bytes(t.encode(), source='m.txt').items])\n"
    )
    root = Path(__file__).resolve().parents[1]
    seen = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert seen == {"['1', '2', '2.1', '2.2', '3']\n"}


def test_another_meetings_date_in_the_opening_sentences_dates_nothing():
    from qa_bot.parse import parse_bytes

    def date(text: str) -> str | None:
        return parse_bytes(text.encode(), source="m.txt").meeting.date

    assert date("Town of Elm minutes. A public hearing on the zoning bylaw was held on Monday, April 6, 2025 in "
                "the hall. 1. CALL TO ORDER The mayor opened. 2. ADJOURN It ended.\n") is None
    assert date("The minutes of the regular meeting that was held on Tuesday, March 3, 2025 were approved.\n\n"
                "1. Roads\n\nThe potholes were filled.\n\n2. Parks\n\nThe mowing was noted.\n") is None
    assert date("Motion to approve the minutes of the REGULAR MEETING August 4, 2008 carried. 1. ROADS The "
                "potholes. 2. PARKS The mowing.\n") is None


def test_names_listed_under_present_are_no_sections():
    assert [t for _, t in _items_of(
        "Ashby Parish Council\nPresent\nMary Smith\nJohn Brown\n"
        "The Chair welcomed everyone to the meeting and opened it at 7pm.\nTreasurer's report\n"
        "The balance stands at a healthy level after the grant was paid.\nHall bookings\n"
        "Bookings have risen steadily since the new heating was fitted.\n"
    )] == ["Present", "Treasurer's report", "Hall bookings"]


def test_flattened_minute_references_of_the_year_titled_in_any_case():
    """"41/25 Apologies for Absence P Quigley 42/25 Declaration of Pecuniary
    Interests Members were reminded ...": references counting up within the
    year split the one line, titles in mixed case."""
    doc = parse_file(SHAPES / "flattened_year_codes_mixed_case.txt")
    assert [i.item for i in doc.items][-8:] == ["41/25", "42/25", "43/25", "44/25", "45/25", "46/25", "47/25", "48/25"]
    items = {i.item: i for i in doc.items}
    assert items["42/25"].title == "Declaration of Pecuniary Interests"
    assert items["45/25"].title == "Clerk’s Report" and "noticeboard" in items["45/25"].text
    assert "£12,406.55" in items["46/25"].text and doc.meeting.date == "2025-04-09"


def test_parish_references_numbered_with_a_hyphen():
    doc = parse_file(SHAPES / "numbered_parish_reference.txt")
    assert keys(doc) == [
        (None, "Council Members present"),
        ("212-1", "To receive apologies from Members"),
        ("212-2", "To receive declarations of interest"),
        ("212-3", "Public participation time"),
        ("212-4", "Highways"),
    ]
    assert "Cllr Dev Shah" in doc.items[1].text and "Cllr Tess Morley" in doc.items[0].text


def test_printed_minutes_numbered_by_paragraph():
    """Northern Ireland's printed minutes: no titles, only numbered
    paragraphs opening with a sentence ("2.1 The Chief Executive advised
    ..."); each is an item as numbered, a paragraph numbered a level below
    ("2.4.1" under "2.4") too, and the "Presiding" line opens the
    attendance."""
    doc = parse_file(SHAPES / "printed_numbered_paragraphs.txt")
    assert [i.item for i in doc.items] == [None, "1.1", "2.1", "2.2", "2.3", "2.4", "2.4.1"]
    items = {i.item: i for i in doc.items}
    assert "Presiding S Quinlan" in items[None].text
    assert "Rathmore Mountain Rescue Team" in items["2.2"].title + items["2.2"].text
    assert "invited to attend the June meeting" in items["2.4.1"].title + items["2.4.1"].text
    assert "June" not in items["2.4"].text
    assert doc.meeting.date == "2025-04-08"


def test_township_items_open_with_run_in_labels():
    doc = parse_file(SHAPES / "township_run_in_labels.txt")
    assert [t for _n, t in keys(doc)] == [
        "Members Present", "Public Comment", "Approval of Agenda", "Consent Agenda", "Correspondence",
        "Unfinished Business", "New Business", "Adjournment",
    ]
    assert doc.meeting.date == "2025-03-11"
    by_title = {i.title: i.text for i in doc.items}
    # a label alone on its line heads the motions under it; a run-in label's own line is its minutes
    assert "Care for $4,150 for the season" in by_title["New Business"]
    assert by_title["Approval of Agenda"].startswith("Motion by Ortiz, supported by Hale")
    assert "$2,800" in by_title["Unfinished Business"] and "$4,150" not in by_title["Unfinished Business"]
    # "Motion by ...", "Members Present:" and "Absent:" open no item
    assert not any(t.startswith(("Motion", "Absent")) for _n, t in keys(doc))


def test_moderngov_minute_codes_alone_on_their_lines():
    doc = parse_file(SHAPES / "moderngov_coded_numbers.txt")
    assert keys(doc) == [
        ("C/41", "Confirmation of Minutes"),
        ("C/42", "Questions"),
        ("C/43", "Councillor D. Foy: Library Opening Hours"),
    ]
    # "Additional documents:" right under the title no longer cuts the minutes off
    assert "proposed by Councillor R. Tierney, seconded by Councillor A. Mulcahy" in doc.items[0].text
    assert "recorded correctly" in doc.items[0].text
    assert "The motion was AGREED." in doc.items[2].text
    no_furniture(doc, "pdf icon", "Additional documents")


def test_parish_sub_items_worded_as_the_agenda():
    doc = parse_file(SHAPES / "parish_sub_items_agenda_wording.txt")
    assert [n for n, _t in keys(doc) if n] == ["212", "213", "214", "214.2", "214.3", "215"]
    sub = next(i for i in doc.items if i.item == "214.2")
    assert sub.title == "To consider the following planning applications"
    assert "AGREED to OBJECT on highway safety grounds" in sub.text
    assert "were APPROVED" in next(i for i in doc.items if i.item == "214").text
    # each application's decision ends its entry: the next "- 25/00347/FULL ..." is the list's next entry
    assert sub.resolutions[0] == "Unanimously AGREED to raise no objection."
    assert not any("25/00347/FULL" in r for r in sub.resolutions)


def test_issue_decisions_page_is_one_dated_decision():
    doc = parse_file(SHAPES / "issue_decisions_page.txt")
    assert keys(doc) == [(None, "Brookfield Community Library Refurbishment")]
    assert doc.meeting.date == "2024-11-14"  # the decision's date, day first
    assert "capital budget of £1.2m" in doc.items[0].text
    assert "Key Decision" not in doc.items[0].text


def test_items_numbered_in_roman_numerals():
    doc = parse_file(SHAPES / "roman_numeral_headings.txt")
    assert [k for k in keys(doc) if k[0]] == [
        ("I", "DECLARATIONS OF PECUNIARY INTEREST"),
        ("II", "APPROVAL OF AGENDA"),
        ("III", "ADOPTION OF MINUTES"),
        ("IV", "CORRESPONDENCE"),
        ("V", "ADJOURNMENT"),
    ]
    assert doc.meeting.date == "2004-02-10"
    by_number = {i.item: i.text for i in doc.items}
    assert "Moved by Councillor Byrne Seconded by Councillor Pelletier" in by_number["II"]
    # a sentence opening with the word "I" heads nothing
    assert "I understand, said the Clerk" in by_number["IV"]


def test_minute_no_label_with_a_dash_and_a_run_in_title():
    doc = parse_file(SHAPES / "community_council_minute_no_dash.txt")
    assert [n for n, _t in keys(doc)] == ["1", "2", "3", "4", "5", "6"]
    titles = dict(keys(doc))
    # the title ends where its minutes begin: at a sentence's subject, or where its words repeat
    assert titles["2"] == "Apologies for Absence"
    assert titles["3"] == "Declarations of Interest"
    assert titles["4"] == "Chair’s Announcements"  # a long first sentence still gives a title
    assert titles["6"] == "Grants"
    by_number = {i.item: i.text for i in doc.items}
    assert by_number["6"].startswith("The Council considered a request") and "£650" in by_number["6"]
    assert doc.meeting.date == "2025-01-14"


def test_five_digit_minute_numbers():
    doc = parse_file(SHAPES / "town_council_five_digit_minutes.txt")
    assert [k for k in keys(doc) if k[0]] == [
        ("20417", "MAYOR’S ANNOUNCEMENTS"), ("20418", "POLICE MATTERS"), ("20419", "PLANNING APPLICATIONS"),
    ]


def test_flattened_items_numbered_without_a_stop():
    doc = parse_file(SHAPES / "flattened_local_board_bare_numbers.txt")
    assert doc.meeting.shape.endswith("+flattened")
    assert keys(doc)[:8] == [
        ("1", "Welcome"), ("2", "Apologies"), ("3", "Declaration of Interest"), ("4", "Confirmation of Minutes"),
        ("5", "Leave of Absence"), ("6", "Acknowledgements"), ("7", "Petitions"), ("8", "Deputations"),
    ]
    assert [n for n, _t in keys(doc)][8:] == ["9", "9.1", "10"]
    # a day ("13 March"), an address ("12 Marine Parade") and a page ("Page 3") open no item
    by_number = {i.item: i.text for i in doc.items}
    assert "Ian Drummond" in by_number["6"] and "$4,500" in by_number["10"]
    # "OPEN MINUTES" is the page's label, not part of the board's name
    assert doc.meeting.committee == "Kowhai Coast Local Board"
    assert doc.meeting.date == "2025-03-13"


def test_flattened_caps_headings_with_their_number_in_brackets():
    doc = parse_file(SHAPES / "us_flattened_caps_bracket_numbers.txt")
    assert keys(doc) == [("3.1", "AWARDS AND PROCLAMATIONS"), (None, "CITIZENS FORUM"), ("5.1", "CONSENT AGENDA")]
    assert doc.items[0].text.startswith("The week of November 18, 2024")
    assert doc.meeting.committee == "Board of Commissioners"
    assert doc.meeting.date == "2024-11-12"


def test_moderngov_rows_titled_in_title_case_before_the_minutes_label():
    doc = parse_file(SHAPES / "moderngov_title_minutes_one_line.txt")
    titles = [t for _n, t in keys(doc)]
    # who brings the item, printed after its title, is not part of the title
    assert titles[-2:] == ["Allotment Rents Review", "Bus Shelter Replacement Programme"]
    by_title = {i.title: i.text for i in doc.items}
    assert "£48 per full plot" in by_title["Allotment Rents Review"]
    assert "30 bus shelters" not in by_title["Allotment Rents Review"]
    assert "30 bus shelters" in by_title["Bus Shelter Replacement Programme"]


def test_headings_in_capitals_after_bullets():
    doc = parse_file(SHAPES / "parish_bulleted_caps_headings.txt")
    assert [t for _n, t in keys(doc)] == [
        "Present", "QUESTIONS FROM THE PUBLIC", "APOLOGIES", "DECLARATIONS OF INTEREST",
        "MINUTES OF THE MEETING HELD ON 14 JANUARY 2025", "MATTERS ARISING FROM MINUTES NOT ON AGENDA", "FINANCE",
    ]
    by_title = {i.title: i.text for i in doc.items}
    # the bullets nested under a heading are its minutes, not headings
    assert "£35" in by_title["MATTERS ARISING FROM MINUTES NOT ON AGENDA"]
    assert "£640" in by_title["FINANCE"] and "£640" not in by_title["MATTERS ARISING FROM MINUTES NOT ON AGENDA"]
    assert doc.meeting.date == "2025-03-04"


def test_rural_municipality_motions_numbered_with_their_mover():
    doc = parse_file(SHAPES / "rm_motion_numbers_margin.txt")
    assert keys(doc)[1:] == [
        ("25/041", "Minutes"), ("25/042", "Bank"), ("25/043", "Accounts"), ("25/044", "Grader"), ("25/045", "Office"),
    ]
    by_number = {i.item: i.text for i in doc.items}
    assert "$96,417.25" in by_number["25/043"] and "$212,000" in by_number["25/044"]
    assert "Reeve Kowal called the meeting to order" in doc.items[0].text  # nothing before the motions is lost
    # the council, numbered as Saskatchewan numbers them, in its own capitals
    assert doc.meeting.council == "RM of Willow Plain No. 318"
    assert doc.meeting.date == "2025-03-06"


def test_labels_alone_on_their_lines_over_an_attendance_list():
    """The members' names one per line are no headings: items whose
    minutes are empty lose to the labels that head real minutes, and the
    names make the attendance unit ("... the following members present
    to-wit:")."""
    doc = parse_file(SHAPES / "county_commission_labels_alone.txt")
    assert [t for _n, t in keys(doc)] == ["Present", "Call to Order", "Public Comment", "Consent Agenda", "Old Business"]
    by_title = {i.title: i.text for i in doc.items}
    assert "Commissioner Dana Reyes" in by_title["Present"]
    assert "$18,940.00" in by_title["Consent Agenda"] and "$46,200" in by_title["Old Business"]


def test_the_one_number_missing_between_two_headings_printed_otherwise():
    """"2." and "4 Matters arising" are headings; "3 Minutes from ..." fills
    the gap between them though printed without the stop most headings
    have, and "was held Tuesday night March the 4th 2025" dates the meeting."""
    doc = parse_file(SHAPES / "community_council_mixed_numbering.txt")
    assert [n for n, _t in keys(doc)] == ["1", "2", "3", "4", "5"]
    three = next(i for i in doc.items if i.item == "3")
    assert "signed in April" in three.text and "proposed as a correct record" in three.text
    assert doc.meeting.date == "2025-03-04"


def test_item_no_labels_in_capitals():
    doc = parse_file(SHAPES / "municipal_district_item_no_caps.txt")
    assert [k for k in keys(doc) if k[0]][1:] == [("2", "CORRESPONDENCE"), ("3", "HOUSING"), ("4", "ROADS")]
    items = {i.item: i for i in doc.items}
    assert items["1"].title.startswith("CONFIRMATION OF MINUTES")
    assert "€150,000" in items["2"].text and "€410,000" in items["4"].text
    assert doc.meeting.date == "2025-06-12"


def test_flattened_items_numbered_in_roman_numerals():
    doc = parse_file(SHAPES / "us_flattened_roman_items.txt")
    assert doc.meeting.shape.endswith("+flattened")
    assert [n for n, _t in keys(doc) if n] == ["I", "II", "III", "IV", "V", "VI"]
    items = {i.item: i for i in doc.items}
    assert items["I"].title == "Call to Order" and items["VI"].title == "Public Hearing on the Elm Street Site Plan"
    assert "4-1" in items["VI"].text and "6 percent" in items["V"].text
    # the banner's date, not the one of the sentence saying when these minutes were approved
    assert doc.meeting.date == "2025-03-12"


def test_an_item_approving_another_meetings_minutes_dates_nothing():
    """"17/27 Minutes of meeting of 22nd June 2017" at the top of a page
    that prints no date of its own is the item approving the last meeting's
    minutes, not this meeting's date; a site's line ("documents published
    after 1 May 2020") dates nothing either."""
    from qa_bot.parse import parse_bytes

    text = (
        "17/25 Declarations of Interest.\n17/26 Public recess.\nNo public\n"
        "17/27 Minutes of meeting of 22nd June 2017\nNo changes\n"
        "The minutes of the meeting held on 22nd June 2017 were then proposed by Cllr Hill.\n"
        "17/28 Matters arising\nThe Clerk is to write to the planning officer.\n"
    )
    assert parse_bytes(text.encode(), source="p.txt").meeting.date is None
    site = (
        "Agenda and minutes\n\nTo improve accessibility individual documents published after 1 May 2020 are "
        "available as HTML pages\n\nVenue: Town Hall\n\n31.\n\nMinutes\n\nMinutes:\n\nThe minutes were agreed.\n\n"
        "32.\n\nAnnouncements\n\nMinutes:\n\nThe Lord Mayor thanked the volunteers.\n"
    )
    assert parse_bytes(site.encode(), source="s.txt").meeting.date is None


def test_flattened_minute_codes_with_a_prefix_and_the_council_year():
    doc = parse_file(SHAPES / "parish_flattened_prefixed_year_codes.txt")
    assert keys(doc) == [
        ("Cou/301/24-25", "Present"), ("Cou/302/24-25", "Apologies for Absence"),
        ("Cou/303/24-25", "Declarations of Interest"), ("Cou/304/24-25", "Allotments"), ("Cou/305/24-25", "Play Area"),
    ]
    items = {i.item: i for i in doc.items}
    assert "£40 a plot" in items["Cou/304/24-25"].text
    assert items["Cou/302/24-25"].text.startswith("Apologies for absence were received")


def test_sub_items_lettered_after_a_stop():
    doc = parse_file(SHAPES / "us_commission_lettered_sub_items.txt")
    assert [n for n, _t in keys(doc)] == ["1", "2", "3", "3.a", "3.b", "4"]
    items = {i.item: i for i in doc.items}
    assert "400 tulips" in items["3.a"].text and "62 tons" in items["3.b"].text


def test_board_resolutions_numbered_by_year_meeting_and_motion():
    doc = parse_file(SHAPES / "escribe_board_resolution_numbers.txt")
    assert [n for n, _t in keys(doc)] == [None, "2025-4-1", "2025-4-2", "2025-4-3"]
    items = {i.item: i for i in doc.items}
    assert "$184,500" in items["2025-4-3"].text and "Director Olafson" in items["2025-4-2"].text
    assert "Chair R. Sandhu" in doc.items[0].text  # the attendance before the first is kept


def test_table_rows_titled_in_any_case_before_their_labels():
    """A ModernGov table copied as one row per line: the labels make the row,
    whatever the case of its title ("Matters arising Minutes: None."), a note
    in brackets after a title does not spoil it, and a title whose
    "Minutes:" label fell onto the next line keeps its name."""
    doc = parse_file(SHAPES / "moderngov_table_rows_any_case.txt")
    assert [t for _n, t in keys(doc)] == [
        "Apologies for Absence", "Matters arising", "Written questions from residents",
        "Quarterly Finance Report", "Skate Park Repairs (verbal update)",
    ]
    items = {i.title: i for i in doc.items}
    assert "£412,000" in items["Quarterly Finance Report"].text
    assert "nine Members voted" in items["Skate Park Repairs (verbal update)"].text
    assert "Mill Lane toilets" in items["Written questions from residents"].text


def test_numbered_lines_counting_up_to_the_first_heading_are_items():
    """"112.PRESENT ...", "113. APOLOGIES Apologies were ..." before the
    first heading the parser is sure of ("114. TO RECEIVE A FLOOD & DRAINAGE
    TALK ..."): the numbers count up to it, so they are items too, titled by
    their words in capitals."""
    doc = parse_file(SHAPES / "community_council_numbers_before_first_heading.txt")
    assert [k for k in keys(doc) if k[0]] == [
        ("112", "PRESENT"), ("113", "APOLOGIES"), ("114", "TO RECEIVE A FLOOD & DRAINAGE TALK FROM SIAN HOWELLS"),
        ("115", "TO RECEIVE DECLARATIONS OF INTEREST"), ("116", "PUBLIC QUESTIONS"),
    ]
    items = {i.item: i for i in doc.items}
    assert "sandbags" in items["114"].text and "Mrs D Lloyd" in items["113"].text
    assert items["116"].text.startswith("A resident asked")


def test_flattened_bare_numbers_with_titles_in_capitals():
    """A licensing page run onto one line, numbered without stops and titled
    in capitals ("2 ITEMS OF URGENT BUSINESS None received. 3 ..."); an "A"
    inside a title in capitals ("APPLICATION FOR A VARIATION ...") does not
    end it."""
    doc = parse_file(SHAPES / "flattened_licensing_caps_bare_numbers.txt")
    assert doc.meeting.shape.endswith("+flattened")
    assert [n for n, _t in keys(doc)] == ["1", "2", "3", "4", "5"]
    items = {i.item: i for i in doc.items}
    assert items["2"].title == "ITEMS OF URGENT BUSINESS"
    assert items["4"].title == "APPLICATION FOR A VARIATION OF A PREMISES LICENCE – THE OLD FORGE, 12 MARKET STREET, ALNBY"
    assert "sent on 28 May" in items["4"].text and "rear yard is closed" in items["4"].text
    assert items["5"].title == "EXCLUSION OF THE PRESS AND PUBLIC"


def test_flattened_items_labelled_item_no():
    """An Irish annual meeting run onto one line, its items labelled "Item
    No. 1." and "Item No. 2:", each title closed by a colon or by the motion
    ("Election of Leas-Cathaoirleach Proposed by: ..."); "MINUTES OF
    PROCEEDINGS OF ANNUAL MEETING" names no committee."""
    doc = parse_file(SHAPES / "irish_md_flattened_item_no_labels.txt")
    assert doc.meeting.shape.endswith("+flattened")
    assert [k for k in keys(doc) if k[0]] == [
        ("1", "Election of Cathaoirleach"), ("2", "Election of Leas-Cathaoirleach"), ("3", "Date of Next Meeting"),
    ]
    items = {i.item: i for i in doc.items}
    assert "Cllr. Tomás Culhane be elected Cathaoirleach" in items["1"].text
    assert "Cllr. Aoife Brennan" in items["2"].text and "11th July" in items["3"].text
    assert doc.meeting.committee != "Proceedings of (Annual Meeting)" and doc.meeting.date == "2025-06-13"


def test_word_table_copied_with_slashes_between_cells():
    """A community council's Word table pasted with " / " between its cells
    ("2.0 / Police Report - No Officer Present"): the number and the text
    after it read as a heading; the action column ("/ EF") stays text."""
    doc = parse_file(SHAPES / "community_council_slash_table.txt")
    assert doc.meeting.shape.endswith("+table")
    numbered = {n: t for n, t in keys(doc) if n}
    assert numbered["2.0"] == "Police Report - No Officer Present" and numbered["4.0"] == "Treasurer's Report"
    assert numbered["3.1"] == "Grit Bins"
    items = {i.item: i for i in doc.items}
    assert "emailed to the station" in items["2.0"].text and "£2,314.56" in items["4.0"].text


def test_flattened_page_with_one_heading_in_capitals():
    """The part of a US village's minutes copied holds one heading in
    capitals between two sentences ("... in the audience. PRESIDENTIAL
    COMMENTS Mayor ..."): that heading is an item, not lost in one untitled
    blob."""
    doc = parse_file(SHAPES / "us_village_flattened_one_caps_heading.txt")
    titles = [t for _n, t in keys(doc)]
    assert titles[-1] == "PRESIDENTIAL COMMENTS" and "(untitled)" not in titles
    item = doc.items[-1]
    assert "Dana Whitlock" in item.text and "Downtown Parking Task Force" in item.text
    assert "PRESENT: R.OKONKWO" not in item.text  # the attendance is not the item's


def test_items_lettered_with_numbered_parts():
    """A US selectboard letters its items ("A. Call to Order: The Chair
    ...", "B. Adjustments to the Agenda: None", "D. Highway") and numbers the
    parts under a letter from 1: the parts are "D.1", "D.2"; a run-in title
    ends at its colon, and "None" after it is the minutes, not the title."""
    doc = parse_file(SHAPES / "us_selectboard_lettered_items.txt")
    assert [n for n, _t in keys(doc) if n] == ["A", "B", "C", "D", "D.1", "D.2", "E", "E.1", "F"]
    items = {i.item: i for i in doc.items}
    assert items["A"].title == "Call to Order" and items["B"].title == "Adjustments to the Agenda"
    assert items["B"].text == "None" and items["D.1"].title == "Grader Repair"
    assert "$14,200" in items["D.1"].text and "$22,000" in items["D.2"].text and "$9,850" in items["E.1"].text


def test_flattened_items_lettered():
    """A US commission's minutes run onto one line, items lettered "A." to
    "F." (four or more counting up), some titled after the recording's time
    stamp ("D. 06:02:10 PM Consent Agenda The Commission ...")."""
    doc = parse_file(SHAPES / "us_commission_flattened_lettered_items.txt")
    assert doc.meeting.shape.endswith("+flattened")
    assert [n for n, _t in keys(doc) if n] == ["A", "B", "C", "D", "E", "F"]
    items = {i.item: i for i in doc.items}
    assert items["C"].title == "Changes to the Agenda" and items["D"].title == "Consent Agenda"
    assert "$412,908.77" in items["D"].text and "passed 3-1" in items["E"].text
    assert "water rate item had been withdrawn" in items["C"].text


def test_initials_opening_lines_are_not_lettered_items():
    """Names wrapped so that initials open lines ("T. Tynan", "U. Ramsell")
    are no lettered items: letters head items only as a run from "A." or
    "B."; the page's numbered items stay its items."""
    from qa_bot.parse import parse_bytes

    text = (
        "Minutes of the Council held on 3 March 2025\n\nPresent: Cllrs M. Quinn, S.\nT. Tynan, R.\n"
        "U. Ramsell, Staff Officer\n\n1 VOTES OF SYMPATHY\n\nThe Council extended its sympathy to the family of"
        " the late Mr Dwyer.\n\n2 VOTES OF CONGRATULATIONS\n\nThe Council congratulated Ballyglass United on"
        " winning the county cup.\n"
    )
    doc = parse_bytes(text.encode(), source="c.txt")
    assert [n for n, _t in keys(doc) if n] == ["1", "2"]


def test_a_long_title_in_capitals_then_a_dash_and_the_minutes():
    """"2211 DECLARATIONS OF ... (LOBBYING) - Councillor Yeo declared ...": a
    long title in capitals, a word in brackets among them, then a dash and
    the minutes; the declaration is the item's text, not part of its title."""
    doc = parse_file(SHAPES / "licensing_caps_title_dash_minutes.txt")
    items = {i.item: i for i in doc.items}
    assert items["2211"].title.endswith("OBJECTORS (LOBBYING)")
    assert "Councillor Yeo declared a personal interest" in items["2211"].text
    assert items["2210"].title == "CHAIRMAN" and "appointed chairman" in items["2210"].text


def test_transcribed_pages_with_headings_in_capitals_and_page_numbers():
    """A township's PDF transcribed one page to a line, each opening with
    its page number ("1 TOWNSHIP OF ...", "2 Regular Council Minutes ... /
    Page 2"), the items headed in capitals run into the text ("... Deputy
    Clerk MEETING CALLED TO ORDER The meeting ..."): the headings are the
    items, the page numbers are not, and "CAO Pell" opens the minutes."""
    doc = parse_file(SHAPES / "township_transcription_pages_caps_headings.txt")
    titles = [t for _n, t in keys(doc)]
    assert titles[1:7] == [
        "MEETING CALLED TO ORDER", "ADDITIONS TO AGENDA", "APPROVAL OF AGENDA",
        "DECLARATION OF PECUNIARY INTEREST", "BUSINESS ARISING FROM THE MINUTES", "ROADS AND DRAINAGE",
    ]
    assert all(n is None for n, _t in keys(doc))
    items = {i.title: i for i in doc.items}
    assert items["BUSINESS ARISING FROM THE MINUTES"].text.startswith("CAO Pell informed Council")
    assert "$38,500" in items["ROADS AND DRAINAGE"].text


def test_flattened_headings_in_capitals_after_a_vote_tally():
    """An Australian council's minutes on one line, each heading in capitals
    right after the last item's tally ("... CARRIED 5/0 CONFIRMATION OF
    MINUTES Resolution No. ..."), with no full stop between."""
    doc = parse_file(SHAPES / "regional_council_flattened_caps_after_tallies.txt")
    titles = [t for _n, t in keys(doc)]
    assert titles[-4:] == [
        "APOLOGIES", "CONFIRMATION OF MINUTES", "DECLARATION OF CONFLICTS OF INTEREST", "SHOWGROUNDS LIGHTING",
    ]
    items = {i.title: i for i in doc.items}
    assert "26 February 2025" in items["CONFIRMATION OF MINUTES"].text
    assert "Show Society" in items["DECLARATION OF CONFLICTS OF INTEREST"].text
    assert "$61,300" in items["SHOWGROUNDS LIGHTING"].text


def test_flattened_labels_in_capitals_closed_by_colons():
    """A US finance committee's minutes on one line, headed by labels in
    capitals ending in a colon ("OLD BUSINESS: THE BUDGET: ARTICLE 4: The
    group discussed ..."); a label with no minutes of its own heads nothing,
    and "MOVED" inside the minutes is no heading."""
    doc = parse_file(SHAPES / "us_fincom_flattened_caps_labels.txt")
    titles = [t for _n, t in keys(doc)]
    assert titles == ["ATTENDANCE", "CALL TO ORDER", "ARTICLE 4", "ARTICLE 9", "ARTICLE 12 AND CPA", "ARTICLE 20,SNOW",
                      "ADJOURNMENT"]
    items = {i.title: i for i in doc.items}
    assert "$310,000" in items["ARTICLE 4"].text and "failed 2-3" in items["ARTICLE 4"].text
    assert "$58,000" in items["ARTICLE 20,SNOW"].text


def test_stripped_moderngov_page_with_one_linked_report():
    """A ModernGov page stripped of numbers and labels whose only title is
    the line carrying its report's link: that line heads an item (one is
    enough), the agenda's description and the "Additional documents:" label
    under it do not end its minutes, and the resolution's numbered parts
    ("1. The review be noted.") are no headings."""
    doc = parse_file(SHAPES / "moderngov_stripped_one_linked_report.txt")
    assert [t for _n, t in keys(doc)][-1] == "Community Safety Partnership Annual Review"
    assert all(n is None for n, _t in keys(doc))
    item = doc.items[-1]
    assert "18 per cent" in item.text and "four cameras" in item.text and "referred to Cabinet" in item.text
    assert "It was moved by Councillor R Finch" in item.text


def test_a_numbered_heading_opening_with_councillor_is_still_a_heading():
    """The rule that a numbered line opening like a sentence ("1. The report
    be received ...") heads nothing leaves "4) Councillor vacancies" alone."""
    from qa_bot.parse import parse_bytes

    text = (
        "Minutes of the Community Council held on 2 April 2025\n\n1) Apologies – Councillors A Bell and R Moss\n"
        "2) Declarations of Interest – none\n3) Minutes of previous meeting\nThe minutes were approved.\n"
        "4) Councillor vacancies\nTwo vacancies will be advertised on the notice board.\n5) Website update\n"
        "The new website is live.\n"
    )
    doc = parse_bytes(text.encode(), source="c.txt")
    assert ("4", "Councillor vacancies") in keys(doc)


def test_moderngov_numbers_as_glued_minute_codes():
    """A ModernGov "Agenda and minutes" page numbering its items with minute
    codes glued to the year ("AM125", "AM225": minutes 1 and 2 of 2025)."""
    doc = parse_file(SHAPES / "moderngov_glued_minute_codes.txt")
    assert keys(doc) == [("AM125", "Notice of Meeting"), ("AM225", "Election of Mayor"),
                         ("AM325", "Appointments to Committees")]
    assert "Councillor Niamh Ferris be elected Mayor" in doc.items[1].text


def test_minute_numbers_labelled_alone_on_their_lines():
    """Irish minutes print "Minute No. 61/25" on a line of its own, the title
    on the next: the minute number is the item's."""
    doc = parse_file(SHAPES / "irish_minute_no_labels_alone.txt")
    assert [k for k in keys(doc) if k[0]] == [
        ("61/25", "Confirmation of Minutes"), ("62/25", "Date for Annual General Meeting"),
        ("63/25", "Road Works Programme"),
    ]
    items = {i.item: i for i in doc.items}
    assert "Friday 27th June 2025" in items["62/25"].text and "42 kilometres" in items["63/25"].text


def test_flattened_minute_numbers_closed_by_colons():
    """A Welsh community council's PDF text on one line, minutes numbered
    "412:", "413:" ... counting up; the meeting's date follows "HELD" without
    an "on" ("... VILLAGE HALL HELD TUESDAY 3RD JUNE 2025")."""
    doc = parse_file(SHAPES / "community_council_flattened_colon_minute_numbers.txt")
    assert doc.meeting.shape.endswith("+flattened") and doc.meeting.date == "2025-06-03"
    numbered = {n: t for n, t in keys(doc) if n}
    assert numbered["417"] == "Clerks Report" and numbered["418"] == "Playing Field"
    assert list(numbered)[-1] == "419"
    items = {i.item: i for i in doc.items}
    assert "£640" in items["417"].text and "14th July 2025" in items["418"].text


def test_headings_in_capitals_on_lines_of_a_pdf_with_no_blank_lines():
    """A US council's PDF text with no blank lines: headings are the lines in
    capitals between the wrapped lines of prose ("The invocation was given
    by ... The Pledge of"); the names listed after "... the following
    present:" are no headings; the meeting is read from the heading under
    the banner line."""
    doc = parse_file(SHAPES / "us_city_council_caps_lines_no_blanks.txt")
    titles = [t for _n, t in keys(doc)]
    assert titles[1:] == ["INVOCATION AND PLEDGE OF ALLEGIANCE", "APPROVAL OF MINUTES", "WATER RATE ORDINANCE"]
    items = {i.title: i for i in doc.items}
    assert "$21.15" in items["WATER RATE ORDINANCE"].text and "Motion passed 4 to 0" in items["APPROVAL OF MINUTES"].text
    assert doc.meeting.date == "2024-03-11"


def test_labels_in_capitals_run_into_their_minutes_without_a_colon():
    """A Manitoba RM's minutes: each paragraph opens with its label in
    capitals, no colon, the minutes running on ("CALL TO ORDER Reeve Hirsch
    called ...", "GRAVEL TENDER #2025/33 BE IT RESOLVED ...")."""
    doc = parse_file(SHAPES / "rm_caps_run_in_labels.txt")
    titles = [t for _n, t in keys(doc)]
    assert titles[-5:] == ["CALL TO ORDER", "ADOPTION OF AGENDA", "CONFIRMATION OF MINUTES", "GRAVEL TENDER",
                           "DRAINAGE REPORT"]
    # "MINUTES OF THE REGULAR MEETING OF THE COUNCIL OF THE RURAL MUNICIPALITY OF PINE CREEK, WEDNESDAY, ..."
    assert (doc.meeting.committee, doc.meeting.date) == ("Council", "2025-03-12")
    items = {i.title: i for i in doc.items}
    assert "$14.85" in items["GRAVEL TENDER"].text and "February 12, 2025" in items["CONFIRMATION OF MINUTES"].text


def test_flattened_headings_in_capitals_long_with_dates_and_commas():
    """A US council's scanned minutes on one line whose headings in capitals
    run long and hold dates and commas ("HEARING DATE SET FOR MARCH
    18,2025, FOR PRELIMINARY PLAT, 4410 ELM RIDGE ROAD Motion made ...")."""
    doc = parse_file(SHAPES / "us_council_flattened_long_caps_headings.txt")
    titles = [t for _n, t in keys(doc)]
    assert "PLAQUE OF RECOGNITION PRESENTED TO CITY BY THE STATE PARKS ASSOCIATION FOR 2024 TRAIL WORK" in titles
    assert titles[-1] == "HEARING DATE SET FOR MARCH 18,2025, FOR PRELIMINARY PLAT, 4410 ELM RIDGE ROAD"
    items = {i.title: i for i in doc.items}
    assert "Ruth Olsen" in items[titles[2]].text and "Ruth Olsen" not in items["CONSENT AGENDA ITEMS APPROVED"].text


def test_item_numbers_spaced_from_their_stops_by_an_ocr():
    """An OCR'd village board page on one line numbers its items "1 .", "2 ."
    (a space before each stop); the title ends before "Moved by"."""
    doc = parse_file(SHAPES / "village_board_ocr_spaced_item_numbers.txt")
    numbered = {n: t for n, t in keys(doc) if n}
    assert list(numbered) == ["1", "2", "3"]
    assert numbered["1"] == "Minutes of February 3 , 2025" and numbered["3"] == "Water Tower Painting"
    items = {i.item: i for i in doc.items}
    assert "412 replies" in items["1"].text and "$148,600" in items["3"].text


def test_flattened_minute_codes_with_a_letter_glued_to_the_number():
    """Northern Irish minutes on one line, numbered "C101/25", "C102/25" (a
    letter glued to the minute's number, the year after the slash)."""
    doc = parse_file(SHAPES / "district_council_flattened_glued_year_codes.txt")
    assert keys(doc)[-4:] == [("C101/25", "Apologies"), ("C102/25", "Declarations of Interest"),
                              ("C103/25", "Chair’s Business"), ("C104/25", "Deputation")]
    items = {i.item: i for i in doc.items}
    assert "Ballyrock Pipe Band" in items["C103/25"].text and "£210,000" in items["C104/25"].text


def test_a_numbered_title_in_capitals_run_into_its_motion():
    """"3. CONFIRMATION OF MINUTES OF PREVIOUS MEETING MOTION: That Council
    adopt ..." on one line of PDF minutes: the capitals up to "MOTION:" are
    the title, the motion its minutes; the item is not lost."""
    doc = parse_file(SHAPES / "pdf_numbered_caps_titles_run_into_motions.txt")
    assert [n for n, _t in keys(doc)] == ["1", "2", "3", "4", "5"]
    item = {i.item: i for i in doc.items}["3"]
    assert item.title == "CONFIRMATION OF MINUTES OF PREVIOUS MEETING"
    assert "12 March 2025" in item.text and "CR TOM ALDER" in item.text


def test_agenda_actions_titled_by_their_whole_first_sentence():
    """A Wisconsin town board titles items by the agenda's wording ("Consider/
    take action: 1140 Mill Rd request for a second driveway." / "Discuss/
    Action of request for a fun run on Cedar Lane."): the whole first
    sentence is the title, so each is told apart; the vote lines ("Voting
    AYE:") are no items."""
    doc = parse_file(SHAPES / "town_board_consider_take_action.txt")
    titles = [t for _n, t in keys(doc)]
    assert "Consider/take action: 1140 Mill Rd request for a second driveway" in titles
    assert "Consider/take action: Road weight limits pursuant to Section 349.16" in titles
    assert titles[-1] == "Discuss/Action of request for a fun run on Cedar Lane"
    assert not any(t.startswith("Voting") for t in titles)
    items = {i.title: i for i in doc.items}
    assert "March 15 to May 1" in items["Consider/take action: Road weight limits pursuant to Section 349.16"].text


def test_an_officers_signature_line_names_no_committee():
    """A cover page's "Anna Lee Chief Executive Officer Wattle Shire Council"
    is who signs the minutes, not the meeting's committee."""
    from qa_bot.parse import parse_bytes

    text = (
        "ORDINARY COUNCIL MEETING\n\nMINUTES\n\nWednesday 9 April 2025\n\nCommencing at 7.00pm\n\n"
        "Anna Lee Chief Executive Officer Wattle Shire Council\n\n"
        "Wattle Shire Council Ordinary Meeting Minutes Wednesday, 9 April 2025\n\n"
        "1. COUNCIL WELCOME\n\nThe Mayor opened the meeting.\n\n2. RECEIPT OF APOLOGIES\n\nNil.\n"
    )
    committee = parse_bytes(text.encode(), source="w.txt").meeting.committee
    assert committee is None or "Chief Executive" not in committee


def test_minute_codes_with_a_space_after_their_letters():
    """Irish municipal district minutes number items "KMD 41/25 BEREAVEMENT":
    letters, a space, the minute number and the year."""
    doc = parse_file(SHAPES / "irish_md_spaced_minute_codes.txt")
    assert [k for k in keys(doc) if k[0]] == [
        ("KMD 41/25", "BEREAVEMENT"), ("KMD 42/25", "MINUTES OF MEETING HELD ON 15TH JULY 2025"),
        ("KMD 43/25", "BUDGET MEETING"),
    ]
    assert "21st of October in Carrickmore" in {i.item: i for i in doc.items}["KMD 43/25"].text


def test_table_rows_with_the_minutes_label_on_the_line_under_the_description():
    """A ModernGov table copy whose rows put the title and the agenda's
    description on one line ("Minutes To confirm the minutes ...") and the
    "Minutes:" label on the next: each row is an item, titled."""
    doc = parse_file(SHAPES / "moderngov_table_description_then_minutes.txt")
    assert [t for _n, t in keys(doc)] == ["Minutes", "Apologies for absence", "Tree Preservation Orders Review"]
    items = {i.title: i for i in doc.items}
    assert "12 February 2025" in items["Minutes"].text and "212 orders" in items["Tree Preservation Orders Review"].text


def test_a_number_worded_as_a_sentence_between_headings_and_a_hyphenated_colon_title():
    """"2. There were no declarations of interest." between "1. There were
    apologies ..." and "3. Co-option of Parish Councillor: It was proposed
    ...": the one number missing between two headings is an item however it
    is worded, and a hyphenated word opens a title closed by a colon."""
    doc = parse_file(SHAPES / "parish_numbered_sentences_and_colon_titles.txt")
    numbered = {n: t for n, t in keys(doc) if n}
    assert list(numbered)[:4] == ["1", "2", "3", "4"]
    assert numbered["3"] == "Co-option of Parish Councillor"
    assert "Gwen Harris" in {i.item: i for i in doc.items}["3"].text


def test_running_minute_numbers_inline_in_paragraphs():
    """A community council numbers its minutes on from meeting to meeting and
    runs several into one paragraph ("4412 Apologies ... 4413 Personal
    Matters – none 4414 ..."); the meeting is read from "On Wednesday 14 th
    May 2025 a Meeting of Cwm Eithin Council was held"."""
    doc = parse_file(SHAPES / "community_council_running_minute_paragraphs.txt")
    assert [n for n, _t in keys(doc) if n] == [str(n) for n in range(4412, 4419)]
    items = {i.item: i for i in doc.items}
    assert items["4417"].title == "The Bus Shelter, Pentre" and "£640" in items["4417"].text
    assert "lime kilns" in items["4416"].text
    assert doc.meeting.date == "2025-05-14" and "Cwm Eithin" in (doc.meeting.committee or "")


def test_item_labels_closed_by_semicolons():
    """"Item 3; Police Report;  No officer ...", "Item 1;Opening- Chair
    welcomed ...": the label's number closed by a semicolon, the title by a
    semicolon or a dash."""
    doc = parse_file(SHAPES / "community_council_item_semicolons.txt")
    numbered = {n: t for n, t in keys(doc) if n}
    assert list(numbered) == ["1", "2", "3", "4", "5", "6", "7"]
    assert numbered["1"] == "Opening" and numbered["3"] == "Police Report" and numbered["6"] == "Roads"
    assert "Fraser has reported it" in {i.item: i for i in doc.items}["6"].text


def test_an_agenda_list_over_the_minutes():
    """A town board prints its agenda ("4. Public Comment", "6. Fire Hall
    Roof Bids") and then the minutes under capitals labels: the minutes are
    split at those labels, each taking the listed item's number, not left
    as the body of the agenda's last line."""
    doc = parse_file(SHAPES / "town_board_agenda_then_minutes.txt")
    items = {i.item: i for i in doc.items}
    assert items["6"].title == "FIRE HALL ROOF BIDS" and "$48,200" in items["6"].text
    assert "School Street" in items["4"].text and "$48,200" not in items["4"].text
    assert items["7"].title == "Adjourn Meeting" and "$48,200" not in items["7"].text
    assert doc.meeting.date == "2025-04-09"
    assert "with Supervisor Hale presiding" in {i.key: i for i in doc.items}["Attendance"].text  # between the list and the first label


def test_an_agenda_list_over_minutes_numbered_afresh():
    """A list of the page's parts ("1. TUESDAY, MARCH 11, 2025" ... "7.
    Motion carried") over minutes numbered again from "1. Call to Order":
    the minutes' own items stand, each number once, and the list is not
    kept as items that hold nothing."""
    doc = parse_file(SHAPES / "school_board_agenda_then_numbered_minutes.txt")
    assert [n for n, _t in keys(doc)] == [None, "1", "2", "3", "4", "5"]
    items = {i.key: i for i in doc.items}
    assert "Marta Lind" in items["4"].text and items["4"].title == "Personnel"
    assert "President Quinn presiding" in items["Attendance"].text


def test_parts_lettered_after_their_sections_number():
    """"1A. Call to Order The regular meeting ...", "1C. Adoption of Closed
    Session Agenda It was moved ...": parts of "1. OPEN SESSION", each
    with its run-in title, more of them than there are sections."""
    doc = parse_file(SHAPES / "school_board_lettered_parts.txt")
    numbers = [n for n, _t in keys(doc) if n]
    assert numbers[:6] == ["1", "1A", "1B", "1C", "1D", "2"] and "3" in numbers and "2B" in numbers
    items = {i.item: i for i in doc.items}
    assert items["1C"].title == "Adoption of Closed Session Agenda"
    assert "seconded by M. Ortiz" in items["1C"].text
    assert items["1D"].title == "Adjourn to Closed Session"


def test_capitals_labels_closed_by_a_dash():
    """A county board's summary of actions opens each item with its label in
    capitals and a dash: "FLAG SALUTE – Led by ...", "PUBLIC COMMENT – 1)
    Lena Voss ...": each is an item, the dash not part of its minutes."""
    doc = parse_file(SHAPES / "county_summary_action_dashed_labels.txt")
    items = {i.title: i for i in doc.items}
    assert ["FLAG SALUTE", "STATEMENT OF MEETING PROCEDURES", "PUBLIC COMMENT", "CONSENT AGENDA",
            "COUNTY EXECUTIVE REPORT"] == [t for _n, t in keys(doc)][-5:]
    assert items["PUBLIC COMMENT"].text.startswith("1) Lena Voss") and "Quarry Road" in items["PUBLIC COMMENT"].text
    assert "$2.1 million" in items["COUNTY EXECUTIVE REPORT"].text


def test_resolution_numbers_printed_after_the_vote_head_no_items():
    """"C25/042 Grey/Ward CARRIED" closes a resolution (its number, mover
    and seconder, the result): the items are the capitals headings above,
    and the record stays in the item it closes."""
    doc = parse_file(SHAPES / "nz_council_resolution_numbers_after_votes.txt")
    titles = [t for _n, t in keys(doc)]
    assert "DOG CONTROL POLICY REVIEW (2501188)" in titles and "LIBRARY OPENING HOURS (2501342)" in titles
    assert not any("CARRIED" in t for t in titles)
    items = {i.title: i for i in doc.items}
    assert "C25/042 Grey/Ward CARRIED" in items["DOG CONTROL POLICY REVIEW (2501188)"].text


def test_items_set_apart_by_separator_lines():
    """A county board prints no numbers and no headings, only "//" between
    items: each block is an item, titled by what the chairman called for
    ("Chairman Ames called for Special Presentations/Appearances.") or by
    its first words."""
    doc = parse_file(SHAPES / "county_board_slash_separated.txt")
    assert doc.meeting.shape.endswith("separated")
    items = {i.title: i for i in doc.items}
    assert "$6,500,000" in items["Special Presentations/Appearances"].text
    assert "(3-0-1)" in items["Approval of the Agenda"].text and "$6,500,000" not in items["Approval of the Agenda"].text
    assert "Supervisor Ford delivered the invocation" in items
    assert "Citizens' Time" in items


def test_items_numbered_by_year_month_and_item():
    """"2025-03_4. PLAY AREA": a parish's item numbers, the year, the month
    and the item after an underscore."""
    doc = parse_file(SHAPES / "parish_year_month_item_numbers.txt")
    assert [n for n, _t in keys(doc) if n] == [f"2025-03_{k}" for k in range(1, 6)]
    assert "£2,180" in {i.item: i for i in doc.items}["2025-03_4"].text


def test_items_as_dash_bulleted_lines():
    """A city council whose every item is a bulleted line ("- Motion to
    approve the 1st reading of the Sign Ordinance") with the motion's
    record under it: each bullet is an item, titled by the line."""
    doc = parse_file(SHAPES / "town_council_dash_bulleted_items.txt")
    items = {i.title: i for i in doc.items}
    vacuum = items["Motion to approve the purchase of a leaf vacuum for $18,900"]
    assert "Rob Quinn voted NO" in vacuum.text
    assert "Pledge of Allegiance" in items and "Rob Quinn voted NO" not in items["Motion to Adjourn"].text


@pytest.mark.parametrize(
    ("head", "committee", "date"),
    [
        # a note quoting "the minutes of the Meeting at which they are approved" before the heading itself
        (("1 (These minutes are draft until the minutes of the Meeting at which they are approved) Ashcombe Parish "
         "Council Minutes of a Meeting of Ashcombe Parish Council held at 7.00pm on Monday 3 March 2025 at the "
         "Parish Room Present: Cllr A Dee (Chairman)"), None, "2025-03-03"),
        (("Minutes of Monthly Meeting of Pen-y-bryn Community Council held remotely at 6.30pm on Thursday 11th "
         "September 2025\n\nPresent: Cllr Rhys"), "Monthly Meeting", "2025-09-11"),
        (("Minute of the Glenlea Community Council (GCC) Meeting held on Thursday, 9th October 2025, in the Church "
         "Hall 1. Welcome"), None, "2025-10-09"),
        (("Parish Council meeting minutes, May 2025\n\nMeeting of the Parish Council held on Thursday, 8th May 2025 "
         "at 8pm in the Village Hall.\n\nPresent\n\nCllr. T. Ash in the Chair"), "Parish Council", "2025-05-08"),
        ("MINUTES OF THE PARISH COUNCIL MEETING\nTuesday 4 March 2025 at 7.30 p.m.\nThe Old School\n", None,
         "2025-03-04"),
        # the opening sentence, its "Meeting" capitalised; a heading "MINUTES OF <date>" before it
        (("CWMLLAN COMMUNITY COUNCIL\nThe Monthly Meeting of the Council was held on Thursday 4th December 2025 at "
         "6pm at the Community Centre\n"), None, "2025-12-04"),
        (("HomeMy WebLinkAboutMarch 4, 1982 Regular Meeting A Regular Meeting of the Oakvale County Board of Super- "
         "visors was held on March 4, 1982, at 7:00 P.M., in the Board Room."), None, "1982-03-04"),
        (("11/13/2025 City Council Special Meeting MinutesSPECIAL LAKEVIEW CITY COUNCIL MEETING MINUTES OF NOVEMBER "
         "13, 2025 The City Council of Lakeview met in special session on November 13, 2025 at 6:00 p.m."), None,
         "2025-11-13"),
    ],
)
def test_the_meetings_heading_in_more_wordings(head, committee, date):
    """The meeting's own heading, however it is worded: "held remotely at
    6.30pm on ...", "Minute of the ... Meeting held on ...", a line opening
    "Meeting of the Parish Council held on ...", a date line closed by
    "p.m.", a heading after a note that quotes "the minutes of the
    Meeting at which they are approved", an opening sentence ("The Monthly
    Meeting of the Council was held on ...")."""
    from qa_bot.parse import parse_bytes

    text = head + "\n\n1. Apologies\n\nNone were received.\n\n2. Planning\n\nNo applications.\n"
    meeting = parse_bytes(text.encode(), source="m.txt").meeting
    assert meeting.date == date
    if committee is not None:
        assert meeting.committee == committee


@pytest.mark.parametrize(
    "head",
    [
        ("Agenda and minutes\n\n1.\n\nMinute and Action Sheet\n\n(a) Consider Minute of the Meeting held on 12 "
        "January 2025 for approval and signature by the Chair."),
        ("Kirkby Parish Council\n\nPublic participation\n\nMinutes of the Annual and Ordinary Parish Council "
        "Meetings held on Monday 8th May 2025 were approved and signed as a true record."),
        ("LLANDEG COMMUNITY COUNCIL\n\nPresent: Cllr A Hughes (Chair), Cllr B Rees.\n\nOn 12 January 2025 the last "
         "meeting of the Council was held at the school; its minutes were approved."),
        ("LLANDEG COMMUNITY COUNCIL\n\nPresent: Cllr A Hughes (Chair), Cllr B Rees.\n\nMeeting of the Finance "
         "Committee held on 8 May 2025: its report was received and noted."),
    ],
)
def test_another_meetings_minutes_give_no_date(head):
    """"Consider Minute of the Meeting held on D for approval", "Minutes of
    the ... Meetings held on D were approved", "On D the last meeting of
    the Council was held", "Meeting of the Finance Committee held on D: its
    report was received": another meeting's date."""
    from qa_bot.parse import parse_bytes

    text = head + "\n\n1. Apologies\n\nNone were received.\n\n2. Planning\n\nNo applications.\n"
    meeting = parse_bytes(text.encode(), source="m.txt").meeting
    assert meeting.date not in {"2025-01-12", "2025-05-08"}


def test_the_date_under_a_title_read_as_the_first_item():
    """A stripped page whose committee line is read as the first item
    ("Licensing Committee (2020-2025)") prints the date on the lines under
    it: the meeting's date, not one of the earlier minutes it approves."""
    from qa_bot.parse import parse_bytes

    text = ("Meeting documents\n\nLicensing Committee (2020-2025)\nThursday, 15th May, 2025 7.30 pm\n\n"
            "Thursday, 15th May, 2025\n07.30 p.m.\nThe Town Hall, Castle Road, Redhill\n\nAttendance Details\n\n"
            "Councillor J. Moss (Chairman); Councillors A. Lee and B. Shah.\n"
            "Min NoDescriptionResolution\nPart I\nRESOLVED that the Minutes of the meetings held on 10th and 24th "
            "April, 2025 be approved.\n\nLicence Fees\n\nRESOLVED that the fees be raised by 3%.\n")
    doc = parse_bytes(text.encode(), source="t.txt")
    assert doc.items[0].title == "Licensing Committee (2020-2025)"
    assert doc.meeting.date == "2025-05-15"


def test_a_document_systems_title_dated_year_first():
    """"HomeMy WebLinkAbout2025-03-10 37 a. Town Board Minutes ...": a
    records system's title opens with the meeting's date, year first; the
    banner's committee is still read under it."""
    from qa_bot.parse import parse_bytes

    text = ("Loading...\nHomeMy WebLinkAbout2025-03-10 37 a. Town Board Minutes March 10 , 2025 TOWN OF ELMWOOD "
            "PRESENT : Supervisor Ray Dunn Councilpersons : Amy Roe, Ben Tull Supervisor Dunn called the meeting to "
            "order at 7 : 00 p . m . Privilege of the Floor : Nobody spoke.\n")
    assert parse_bytes(text.encode(), source="t.txt").meeting.date == "2025-03-10"
    doc = parse_file(SHAPES / "us_city_council_caps_lines_no_blanks.txt")
    assert doc.meeting.date == "2024-03-11" and "Mesa Verde" in (doc.meeting.committee or "")
    assert parse_file(SHAPES / "village_board_ocr_spaced_item_numbers.txt").meeting.date == "2025-02-10"


def test_years_in_flattened_prose_are_not_running_minute_numbers():
    """"The 2021 Accounts were signed ... The 2022 Budget was set ...": years
    after "The" in prose on one line, not a parish's running minute numbers
    (2021, 2022, ...): the page stays one item, its sentences whole."""
    doc = parse_file(SHAPES / "town_council_flattened_years_in_prose.txt")
    assert not [i for i in doc.items if i.item is not None]
    assert any("The 2022 Budget was set against" in i.text for i in doc.items)


def test_a_list_of_actions_inside_prose_minutes_is_not_the_items():
    """Prose notes with one list of actions ("- Write to the county highways
    officer ...", four lines) are not a page of bulleted items: the prose
    before and after the list stays in the minutes' items."""
    doc = parse_file(SHAPES / "parish_meeting_prose_with_action_bullets.txt")
    text = " ".join(i.text for i in doc.items)
    assert "footpath behind the school" in text and "vans block the pavement" in text
    assert "Write to the county highways officer" in text


def test_numbers_in_brackets():
    """"[1]    Apologies for absence.", "[4]   Correspondence": numbers in
    square brackets head the items; "Item 5[b]" inside a sentence does not."""
    doc = parse_file(SHAPES / "parish_bracketed_numbers.txt")
    items = {i.item: i for i in doc.items if i.item}
    assert list(items) == ["1", "2", "3", "4", "5", "6"]
    assert "reply that the rise was reasonable" in items["4"].text
    assert "£214.60" in items["5"].text and "footpaths working group" in items["6"].title + items["6"].text


def test_item_labels_numbered_by_minute_month_and_year():
    """"Item 41/06/25 Chairman's welcome" ... "Item 46/06/25": minute 41 of
    June 2025 and so on, the month and year fixed, the minute counting."""
    doc = parse_file(SHAPES / "parish_item_minute_month_year.txt")
    assert [n for n, _t in keys(doc) if n] == [f"{n}/06/25" for n in range(41, 47)]
    items = {i.item: i for i in doc.items}
    assert items["45/06/25"].title == "Finance" and "£412.80" in items["45/06/25"].text


def test_an_item_opening_with_its_first_part_and_a_last_item_worded_as_a_sentence():
    """"6. a)To review the Standing Orders. Resolved ..." heads item 6 (its
    part "a)" glued to the words), and "7. The Parish Council resolved
    unanimously ..." after it is item 7, not a line of item 6."""
    doc = parse_file(SHAPES / "parish_item_opening_with_its_first_part.txt")
    items = {i.item: i for i in doc.items if i.item}
    assert list(items) == ["1", "2", "3", "4", "5", "6", "7"]
    assert "7pm in winter" in items["6"].text and "no changes were needed" in items["6"].text
    assert "Playing Field committee" in items["7"].title + items["7"].text
    assert "Playing Field committee" not in items["6"].text


def test_parts_worded_in_lower_case_under_their_sections():
    """"2.a to note: declarations of interest ...", "2.c to agree: co-option
    of Lena Ford": parts in lower case, each an item, their sections ("2
    Membership") kept over them; the meeting "held online, on Monday 10
    February 2025"."""
    doc = parse_file(SHAPES / "community_council_lettered_sub_items_lower_case.txt")
    assert [n for n, _t in keys(doc) if n] == ["1", "1.a", "1.b", "2", "2.a", "2.b", "2.c", "3", "3.a"]
    items = {i.item: i for i in doc.items}
    assert "Lena Ford is co-opted" in items["2.c"].text and "treasurer" in items["2.b"].text
    assert "treasurer" not in items["2.a"].text
    assert doc.meeting.date == "2025-02-10"


def test_running_minute_numbers_of_four_digits_in_a_flattened_page():
    """"2481. APOLOGIES ... 2484. Allotment water supply ... 2486.": a
    parish's running minute numbers head the items of a page on one line;
    "held on 10 September 2024. were approved" is a date, not minute 2024."""
    doc = parse_file(SHAPES / "parish_committee_flattened_running_minutes.txt")
    assert [n for n, _t in keys(doc) if n] == [str(n) for n in range(2481, 2487)]
    items = {i.item: i for i in doc.items}
    assert items["2484"].title == "Allotment water supply" and "£286" in items["2484"].text
    assert "Oakline Arboriculture" in items["2485"].text


def test_items_titled_in_the_agendas_words_under_a_number_column_that_lost_its_numbers():
    """"No. Item" then "To elect a Chairman ...", its minutes, "To elect a
    Vice Chairman ...": each line of agenda wording opens an item; the
    minutes under it are its text."""
    doc = parse_file(SHAPES / "moderngov_stripped_worded_titles.txt")
    titles = [i.title for i in doc.items]
    assert titles == [
        "To elect a Chairman for the municipal year.",
        "To elect a Vice Chairman for the municipal year.",
        "To receive the cemetery income and expenditure report for the year ended 31 March 2025.",
        "To consider quotations for resurfacing the cemetery main path.",
    ]
    assert "Councillor Tremayne be Vice Chairman" in doc.items[1].text
    assert "Councillor Tremayne" not in doc.items[0].text
    assert "£6,880" in doc.items[3].text and not doc.warnings
    # agenda wording completing a resolution ("RESOLVED –" / "To note the report ...") opens no item
    assert "To note the report and thank the Deputy Clerk." in doc.items[2].text


def test_table_rows_a_line_whose_minutes_follow_decision_labels():
    """"25/00412/FUL - MILLERS YARD & OLD FORGE, STATION APPROACH PDF 540 KB
    Conversion ... Decision: It was RESOLVED that planning permission be
    granted": a row a line, "Decision:" in place of "Minutes:", the title in
    capitals with its "&"."""
    doc = parse_file(SHAPES / "planning_rows_decision_labels.txt")
    titles = [i.title for i in doc.items]
    assert titles == [
        "APOLOGIES FOR ABSENCE AND DECLARATIONS OF INTEREST", "MINUTES - 8 APRIL 2025",
        "25/00412/FUL - MILLERS YARD & OLD FORGE, STATION APPROACH",
        "INFORMATION REPORT - DELEGATED DECISIONS", "URGENT PART I BUSINESS",
    ]
    assert "planning permission be granted" in doc.items[2].text and not doc.warnings


def test_years_ending_sentences_do_not_make_a_page_flattened():
    """Long paragraphs whose sentences end in a year ("... in 2023. The ...")
    are prose, not items numbered inside a flattened line."""
    from qa_bot.parse.flattened import is_flattened

    paragraph = (
        "The Clerk reported that the play area had been inspected in 2023. The inspector found the swings sound "
        "and the surfacing worn, and a quotation would be sought before the budget is set by 2025. Members noted "
        "that the lease of the field runs to the end of 2026. They asked for the inspection report to be "
        "published on the website and for the tree survey to be repeated before the winter."
    )
    text = f"1. PLAY AREA\n{paragraph}\n\n2. FIELD LEASE\n{paragraph}\n\n3. CLOSE\nThe meeting closed at 9pm.\n"
    assert not is_flattened(text)


def test_headings_in_capitals_closed_by_a_colon_hold_their_numbered_lines():
    """US city council minutes: "CONSENT AGENDA: Moved by ...", "FY 2026-2030
    CAPITAL IMPROVEMENTS PLAN: Finance Director ..." — headings in capitals,
    years and numbers in them, closed by a colon; the consent agenda's
    numbered motions are its lines, not the page's items."""
    doc = parse_file(SHAPES / "city_council_caps_colon_headings.txt")
    assert [i.title for i in doc.items] == [
        "CALL TO ORDER", "CONSENT AGENDA", "FY 2026-2030 CAPITAL IMPROVEMENTS PLAN",
        "HEARING ON REZONING OF 415 NORTH ELM STREET FROM RL TO RM", "ADJOURNMENT",
    ]
    by_title = {i.title: i.text for i in doc.items}
    assert "not to exceed $312,640" in by_title["CONSENT AGENDA"]
    assert "Voting nay: Reyes" in by_title["FY 2026-2030 CAPITAL IMPROVEMENTS PLAN"]
    # "Roll Call Vote:" is a motion's record, not a heading
    assert not any(i.title.startswith("Roll") for i in doc.items)
    assert doc.meeting.date == "2025-06-10"


def test_fields_in_capitals_under_numbered_headings_open_no_items():
    """A planning committee's numbered capitals headings hold each
    application's fields in capitals ("APPLICATION NO:", "SITE:",
    "PROPOSAL:"), and a US council's motions their "SECOND:" and "APPROVED:":
    the page keeps its numbered items, and "ADJOURNED AT 8:45 P.M." is no
    label cut at its clock."""
    from qa_bot.parse import parse_bytes

    planning = (
        "MINUTES of the meeting of the Planning Committee held on Tuesday 4 March 2025 at 7.00 pm\n\n"
        "1. APOLOGIES FOR ABSENCE\nApologies were received from Councillor Evans.\n\n"
        "2. PLANNING APPLICATIONS\nThe Committee considered the following applications.\n"
        "APPLICATION NO: 25/00112/FUL\nSITE: Land at Orchard Way, Ashcombe\nPROPOSAL: Erection of eight dwellings\n"
        "APPLICANT: Orchard Homes Ltd\nRESOLVED: That planning permission be granted subject to conditions.\n"
        "APPLICATION NO: 25/00140/HOU\nSITE: 9 Mill Street, Ashcombe\nPROPOSAL: Single storey rear extension\n"
        "APPLICANT: Mr and Mrs Okafor\nRESOLVED: That planning permission be refused.\n\n"
        "3. DATE OF NEXT MEETING\nThe next meeting will be held on 1 April 2025.\n"
    )
    doc = parse_bytes(planning.encode(), source="planning.txt", suffix=".txt")
    assert [i.title for i in doc.items if i.item] == [
        "APOLOGIES FOR ABSENCE", "PLANNING APPLICATIONS", "DATE OF NEXT MEETING"]
    council = (
        "CITY OF MAPLE FORD REGULAR COUNCIL MEETING MINUTES\nMarch 11, 2025\n\n"
        "1. CALL TO ORDER\nMayor Reed called the meeting to order at 7:00 p.m.\n\n"
        "2. PURCHASE OF A DUMP TRUCK\nPublic Works asked to buy a dump truck for $184,000.\n"
        "MOTION: Hill\nSECOND: Ortiz\nAPPROVED: 4-0\n\n"
        "3. SIDEWALK REPAIR BIDS\nThree bids were received for the Elm Street sidewalk.\n"
        "MOTION: Kim\nSECOND: Vance\nAPPROVED: 5-0\n\n"
        "4. ADJOURNMENT\nMEETING ADJOURNED AT 8:45 P.M.\n"
    )
    doc = parse_bytes(council.encode(), source="council.txt", suffix=".txt")
    assert [i.item for i in doc.items if i.item] == ["1", "2", "3", "4"]
    assert not any(i.title.startswith(("SECOND", "APPROVED", "MEETING ADJOURNED")) for i in doc.items)


def test_inline_tags_a_text_copy_kept_are_furniture():
    """A flip-book site's text of a school board's PDF keeps "<br />" and
    "<strong>" tags: they are blanked, so titles and sentences read clean."""
    from qa_bot.parse import parse_bytes

    text = (
        "1. CALL TO ORDER<br />\n\n<strong>Riverbend</strong> <strong>School</strong> District<br />\n\n"
        "Ms. Ortega called the meeting to order at 6:05 p.m.<br />\n\n"
        "2. FLAG SALUTE<br />\n\nTrustee Lindqvist led the flag salute.<br />\n\n"
        "3. APPROVAL OF THE MINUTES<br />\n\nMr. Pak moved, and Ms. Ortega seconded, approval of the "
        "<strong>Minutes</strong> of the April 2 meeting.<br />\n"
    )
    doc = parse_bytes(text.encode(), source="riverbend.txt", suffix=".txt")
    assert [i.title for i in doc.items if i.item] == ["CALL TO ORDER", "FLAG SALUTE", "APPROVAL OF THE MINUTES"]
    assert "<" not in "".join(i.text for i in doc.items)
    assert "Trustee Lindqvist led the flag salute." in doc.items[-2].text
    # an address in angle brackets, and a comparison, are text, not tags
    kept = parse_bytes(b"1. CORRESPONDENCE\nA letter from <p.jones@ashcombe-pc.example> asked whether a<b and c>d.\n"
                       b"2. CLOSE\nThe meeting closed at 9pm.\n", source="k.txt", suffix=".txt")
    assert "<p.jones@ashcombe-pc.example>" in kept.items[0].text and "a<b and c>d" in kept.items[0].text


def test_titles_closed_by_a_colon_and_a_dash_end_there():
    """A parish clerk's "9. Planning:- 25/0412 Mill House, Back Lane: extension- no objection.": the
    title is "Planning"; the application and the council's response are the minutes, not the title."""
    from qa_bot.parse import parse_bytes

    text = (
        "Minutes of the meeting of Ashwell Green Parish Council held on 3 June 2025\n\n"
        "1. Apologies:- Cllr Dean sent apologies, accepted.\n\n"
        "2. Chair's Comments:- Cllr Lowe asked about the repairs to the bus shelter on Main Street.\n\n"
        "3. Clerk's Report on Matters Outstanding:- Nothing to report.\n\n"
        "4. Planning:- 25/0412 Mill House, Back Lane: two storey extension- no objection. Council supports "
        "the design and the use of matching brick.\n\n"
        "5. Correspondence:- The county council's letter on verge cutting was shared with councillors.\n"
    )
    doc = parse_bytes(text.encode(), source="ashwell.txt", suffix=".txt")
    titles = {i.item: i.title for i in doc.items if i.item}
    assert titles == {"1": "Apologies", "2": "Chair's Comments", "3": "Clerk's Report on Matters Outstanding",
                      "4": "Planning", "5": "Correspondence"}
    planning = next(i for i in doc.items if i.item == "4")
    assert "Mill House, Back Lane: two storey extension- no objection." in planning.text


def test_the_meeting_date_on_its_own_line_before_the_first_sentence():
    """A school board's minutes, under a flip-book site's chrome, open with
    their first item, the district's address block and "May 6, 2025" above
    the call to order: the date on a line of its own before the item's first
    sentence is the meeting's, not the site's "12.03.2016 Views"."""
    from qa_bot.parse import parse_bytes

    text = (  # a flip-book site's chrome, then the PDF's text
        "12.03.2016 Views\n\nMinutes - Riverbend School District\n\nSHOW MORE\nSHOW LESS\n\n"
        "Make a flip-book of your own PDF in minutes.\n\n"
        "1. OPEN SESSION - CALL TO ORDER\n\nRiverbend School District\n\n410 Canal Street\n\n"
        "Riverbend, CA 94120\n\nwww.riverbendsd.example\n\nBOARD OF TRUSTEES MEETING\n\nMay 6, 2025\n\n"
        "APPROVED MINUTES\n\nMs. Ortega called the meeting to order at 6:05 p.m.\n\n"
        "Present: A. Ortega, D. Pak, L. Lindqvist\n\n"
        "2. APPROVAL OF THE MINUTES\n\nMr. Pak moved, and Ms. Ortega seconded, approval of the Minutes of the "
        "April 2, 2025 Regular Board Meeting.\n\n"
        "3. ADJOURNMENT\n\nThe meeting was adjourned at 7:40 p.m.\n"
    )
    doc = parse_bytes(text.encode(), source="riverbend.txt", suffix=".txt")
    assert [i.item for i in doc.items if i.item] == ["1", "2", "3"]
    assert doc.meeting.date == "2025-05-06"


def test_running_minute_numbers_in_their_own_column_are_items_even_where_they_read_as_years():
    # "2104       The Chairman opened ..." (a number in its column, not a year opening a sentence);
    # the lines opening with a sentence are items as much as "2107 Matters Arising:"
    doc = parse_file(SHAPES / "parish_column_minute_numbers.txt")
    # minutes 2004 to 2010, read as years too; a table of past years' precepts inside one is no run of items
    assert [i.item for i in doc.items if i.item] == [str(n) for n in range(2004, 2011)]
    by_number = {i.item: i for i in doc.items}
    assert by_number["2008"].title == "Finance"
    assert "voted 4 – 0" in by_number["2008"].text and "£3,100" in by_number["2008"].text
    assert "3 Orchard Row" not in by_number["2008"].text
    assert "broken bench" in by_number["2005"].text
    assert doc.meeting.date == "2024-03-04"


def test_line_breaks_written_as_tags_are_line_breaks_and_the_portals_file_date_is_not_the_meetings():
    doc = parse_file(SHAPES / "charter_commission_br_tags.txt")
    assert [i.item for i in doc.items] == ["1", "2", "3", "4", "5", "6", "7"]
    by_number = {i.item: i for i in doc.items}
    assert by_number["3"].title == "Approval of Agenda"
    assert "Motion by C. Moreau" in by_number["3"].text
    assert not any("<br" in i.text for i in doc.items)
    assert doc.meeting.date == "2025-04-15"  # not "Last modified 11/06/2025"
    # a tag at a line's end is that line's break, not a second one
    from qa_bot.parse.furniture import blank_furniture

    assert blank_furniture("approve the Minutes of April 14,<br />\n2025 Regular Meeting.") == (
        "approve the Minutes of April 14,      \n2025 Regular Meeting.")
    assert blank_furniture("Call to Order <br />2.Roll Call") == "Call to Order      \n2.Roll Call"
    assert doc.meeting.committee == "Charter Commission"


def test_a_scottish_minute_of_meeting_is_dated_by_its_banner_line():
    # "Minute of last meeting: Approved." further down speaks of another sitting; the banner does not
    doc = parse_file(SHAPES / "community_council_minute_of_meeting.txt")
    assert doc.meeting.date == "2024-09-05"
    titles = [i.title for i in doc.items]
    assert "Hall Treasurer" in titles
    # labels in sentence case are items too on a page read by its labels; a clause is no label
    assert "Minute of last meeting" in titles and "Bus shelter repairs" in titles and "Dog fouling" in titles
    # a clause, a field printed twice, and a field's word are no labels
    assert not any(t.startswith(("It was", "Action", "Next meeting")) for t in titles)
    by_title = {i.title: i.text for i in doc.items}
    assert "replace the broken panel" in by_title["Bus shelter repairs"]
    assert "letter of thanks" in by_title["Bus shelter repairs"] and "warden" in by_title["Dog fouling"]
    assert "broken panel" not in by_title["Christmas Lights"]


def test_a_label_and_a_sentence_full_of_names_is_titled_by_the_label():
    # the names make most words capitals; the label still ends the title
    text = (
        "Minutes of the Ordinary Meeting held on Tuesday 12th March 2024 at the Village Hall\n"
        "Present: Cllr T Hughes (Chair), Cllr B Pryce, Cllr M Lloyd.\n"
        "41/24 Apologies: Cllr S Rees, Cllr G H Morgan, Cllr D Evans, and Cllr P Owen sent their apologies.\n"
        "The Chair welcomed everyone and opened the meeting at 7.00 pm.\n"
        "42/24 Declarations of Interest: There were no declarations of interest.\n"
        "43/24 Footpaths: The stile on the hill path has been repaired by the County Council.\n"
    )
    doc = parsed(text)
    by_number = numbered(doc)
    assert by_number["41/24"].title == "Apologies"
    assert "Cllr P Owen sent their apologies" in by_number["41/24"].text


def test_a_banner_read_as_the_first_item_dates_the_meeting_by_its_minutes_heading():
    # the council's name in capitals heads the page (read as the first item); the heading under it
    # dates the meeting; minute codes before the capitals titles are the items' numbers
    text = """Click here to load reader

Page 1: COUNCILLOR - viewer preview of the document below

LOUGHSIDE AND BANN DISTRICT COUNCIL

LBD/C/

Minutes of Council Meeting held on Monday 3 March 2025 at 7pm in the Council Chamber, Market Street, Bannview

___________________________________________________________________

In the Chair: Councillor P Devine

In attendance: (Councillors)

Councillor A Boyle Councillor C DonnellyCouncillor E Flynn Councillor G Hanna

C/041/2025 APOLOGIES AND CHAIRPERSON'S REMARKS

Apologies were received from Councillors Kerr, Mallon and Quinn.

The Chairperson congratulated the Bannview youth choir on its award.

C/042/2025 DECLARATIONS OF INTEREST

There were no declarations of interest.
"""
    doc = parsed(text)
    assert doc.meeting.date == "2025-03-03"
    by_number = {i.item: i for i in doc.items if i.item}
    assert by_number["C/041/2025"].title == "APOLOGIES AND CHAIRPERSON'S REMARKS"
    assert "Kerr, Mallon and Quinn" in by_number["C/041/2025"].text
    assert "C/042/2025" in by_number


def test_a_numbered_paragraph_opening_the_motions_record_stays_with_its_item():
    # "2.1 Accordingly, it was" / "Proposed by ..." / "Resolved: ...": the item's outcome, not an item
    text = (
        "LOUGHSIDE DISTRICT COUNCIL\n\n"
        "Minutes of Proceedings of a Meeting of District Council held in the Council Chamber on Tuesday, 4 March 2025.\n\n"
        "Presiding: Mrs A Boyd\n\n"
        "1 Apologies\n\nCouncillors P Kerr and Miss J Lyle.\n\n"
        "2 Co-option of Councillor to Fill Vacancy\n\n"
        "The Chief Executive advised that a member had to be co-opted to fill the vacancy left by Councillor R Hill.\n\n"
        "2.1 Accordingly, it was\n\nProposed by Councillor M Orr Seconded by Councillor T Bell, and\n\n"
        "Resolved: That the vacancy be filled by the co-option of Mr Samuel James Reid.\n\n"
        "3 Minutes\n\n"
        "3.1 Members asked that the spelling of Councillor Orr's name be corrected in item 6.\n\n"
        "3.2 Following discussion it was\n\nProposed by Councillor A Boyd Seconded by Councillor P Moore, and\n\n"
        "Resolved: that the Minutes of the previous meeting be signed as amended.\n\n"
        "4 Street Lighting\n\nThe Director reported that 40 columns on the ring road would be replaced.\n"
    )
    doc = parsed(text)
    by_number = numbered(doc)
    assert "2.1" not in by_number and "3.2" not in by_number
    assert "Mr Samuel James Reid" in by_number["2"].text
    assert by_number["4"].title == "Street Lighting"


def test_the_first_topic_under_a_section_heading_in_capitals_is_an_item_as_the_topics_after_it_are():
    # a page with no blank lines: "MATTERS ARISING" / "Councillors' Expenses Form" / its minutes /
    # "Precept Plan" / ...: the first topic is no sub-heading of the section's
    text = """APOLOGIES
Cllr. Dafydd Rhys, and Mair Owen (County Council)
PRESENT
Cllr. Huw Parry (Chair), Nia Lloyd (Vice-Chair), Gareth Morris, Elin Jones, Sion Pugh
MINUTES
The minutes of the meeting held on 14th January 2025 were accepted as correct.
MATTERS ARISING FROM THE MINUTES
The Clerk reported that the new litter bin had been ordered for the chapel car park.
MATTERS ARISING
Councillors' Expenses Form
The Clerk reported that each Councillor must return the expenses form again this year. After discussion, it was agreed that everyone claiming travel costs should send the form back to the Clerk.
Precept Plan
Copies of the plan were distributed, showing spending up to the end of January. It was reported that £12,480.50 had been spent since the start of the financial year. It was agreed to accept the plan.
Playground Inspection
The annual inspection found two loose bolts on the swings. The Clerk will ask the contractor to repair them.
"""
    doc = parsed(text)
    by_title = {i.title: i.text for i in doc.items}
    assert "must return the expenses form" in by_title["Councillors' Expenses Form"]
    assert "expenses form" not in by_title["MATTERS ARISING"]
    assert "£12,480.50" in by_title["Precept Plan"]


def test_minute_numbers_of_the_year_head_items_whatever_their_wording():
    # "09/25 Approval of the accounts ... These had been ...": minute 9 of 2025 opens an item, its
    # minutes on the same line; a short special meeting may hold only two
    text = (
        "June 2025 Minutes\n\n\n"
        "Minutes of the Parish Council Meeting held on 12th June 2025\n\n"
        "Present; P. Lane (Chair), R. Okoro, S. Hale, T. Vine\n\n"
        "Apologies; none\n\n"
        "09/25 Approval of the accounts for 2024-25 These had been circulated before the meeting and one "
        "question had arisen about the grass cutting invoice, which the Clerk explained.\n\n"
        "S. Hale proposed acceptance of the accounts, seconded by T. Vine and unanimously agreed.\n\n"
        "10/25 Exercise of Public Rights the accounts must be open to inspection for 30 working days. The Clerk "
        "suggested 30th June to 8th August.\n"
    )
    doc = parsed(text)
    by_number = numbered(doc)
    assert list(by_number) == ["09/25", "10/25"]
    assert "30th June to 8th August" in by_number["10/25"].text
    assert "unanimously agreed" in by_number["09/25"].text and "grass cutting invoice" in by_number["09/25"].text
    assert by_number["10/25"].title.startswith("Exercise of Public Rights")


def test_a_table_of_years_inside_an_item_is_no_run_of_minute_numbers():
    text = (
        "Minutes of the Parish Council meeting held on 2nd April 2025\n\n"
        "Finance: The precept was set for the coming year. Past precepts:\n\n"
        "2019   Precept £2,000\n\n2020   Precept £2,100\n\n2021   Precept £2,150\n\n"
        "2022   Precept £2,300\n\n2023   Precept £2,400\n\n"
        "Planning: No objection was raised to the extension at 4 Church Lane.\n\n"
        "Highways: The clerk will report the pothole on Mill Road.\n\n"
        "Correspondence: A letter from the county council about verge cutting was noted.\n"
    )
    doc = parsed(text)
    titles = [i.title for i in doc.items]
    assert titles[-3:] == ["Planning", "Highways", "Correspondence"]
    assert not any(i.item in {"2019", "2020", "2021"} for i in doc.items)


def test_initials_down_an_attendance_list_letter_no_items():
    # "B. Harwood Electoral" / "C. Lindqvist District": a director's initial, not item B or C
    text = (
        "MINUTES OF THE INAUGURAL MEETING OF THE BOARD\n"
        "Present:\nDirector\nJ. Olsen Chairperson\nDirector\nB. Harwood Electoral\nArea B\nDirector\n"
        "C. Lindqvist District\nof Bayview\nDirector\nG. Tremblay City\nof Northport\nDirector\nJ. Okafor City\n"
        "of Northport\n\n"
        "CALL TO ORDER\n\nThe Corporate Officer called the meeting to order at 7:00 pm.\n\n"
        "ELECTION OF BOARD CHAIRPERSON\n\nDirector Olsen was elected Chairperson by acclamation.\n\n"
        "ELECTION OF DEPUTY CHAIRPERSON\n\nDirector Harwood was elected Deputy Chairperson.\n"
    )
    doc = parsed(text)
    assert not any(i.item in {"B", "C", "G", "J"} for i in doc.items)
    assert "ELECTION OF DEPUTY CHAIRPERSON" in [i.title for i in doc.items]


def test_a_clerks_dated_notes_are_no_minute_numbers_and_a_tag_inside_a_table_cell_breaks_no_line():
    # "03/05 The Clerk met ..." is the 3rd of May, not minute 3 of 2005
    doc = parsed(
        "CLERK'S REPORT\n\n03/05 The Clerk met the highways officer on site about the drain.\n\n"
        "04/05 The Clerk chased the county council about the verges on the main road.\n\n"
        "05/05 The Clerk ordered the new bin for the play area at the rec.\n\n"
        "PLANNING\n\nNo objection was raised to the extension at 4 Church Lane.\n\n"
        "CLOSE\n\nThe meeting closed at 9.05 pm.\n"
    )
    assert not any(i.item in {"03/05", "04/05", "05/05"} for i in doc.items)
    assert "9.05 pm" not in doc.items[0].title
    table = parsed(
        "1. Actions\n\n| Ref | Action | Owner |\n| --- | --- | --- |\n"
        "| HB/24/23 | Share the toolkit<br>with partners | Lead |\n| HB/24/24 | Report back<br>in May | Chair |\n\n"
        "2. Any other business\n\nNone.\n"
    )
    assert [i.item for i in table.items] == ["1", "2"]


def test_a_minutes_heading_may_print_the_date_straight_after_held():
    # "... held May 5, 2022": no "on" before the date
    for heading, date in (("Minutes of the Regular Meeting of Council held May 5, 2022", "2022-05-05"),
                          ("Minutes of the Meeting of Council held Tuesday 3 March 2025 in the Hall", "2025-03-03"),
                          ("Minutes of the Meeting of Council held 14th of June 2023", "2023-06-14")):
        doc = parsed(f"TOWN OF WILLOW BEND\n{heading}\n\n1. Call to order\nThe Mayor opened the meeting.\n\n"
                     "2. Roads\nThe grader is back in service.\n")
        assert doc.meeting.date == date and doc.meeting.committee.endswith("Council"), heading
    # "held at the Hall" names no date: the venue is no date
    doc = parsed("TOWN OF WILLOW BEND\nMinutes of the Meeting of Council held at Mayfield Hall\n\n"
                 "1. Call to order\nThe Mayor opened the meeting.\n\n2. Roads\nThe grader is back.\n")
    assert doc.meeting.date is None


def test_headings_in_capitals_closed_by_a_full_stop_are_items_under_the_attendance_fields():
    # "PRESIDING:", "APOLOGY:", "ADMINISTRATOR:" say who attended; "VOTES OF CONDOLENCE." opens an item
    doc = parse_file(SHAPES / "county_council_capitals_headings_with_stops.txt")
    assert [i.title for i in doc.items] == ["Attendance", "VOTES OF CONDOLENCE", "CONFIRMATION OF MINUTES",
                                           "HOUSING PROGRAMME"]
    by_title = {i.title: i.text for i in doc.items}
    assert "thirty one years" in by_title["VOTES OF CONDOLENCE"] and "MOTION CARRIED." in by_title["VOTES OF CONDOLENCE"]
    assert "Cathaoirleach" in by_title["Attendance"] and "Orla Nash" in by_title["Attendance"]
    assert doc.meeting.date == "2025-03-17"
    # the same page cut after its first heading: the attendance block and that one item
    text = (SHAPES / "county_council_capitals_headings_with_stops.txt").read_text(encoding="utf-8")
    cut = parsed(text[:text.index("CONFIRMATION OF MINUTES.")])
    assert [i.title for i in cut.items] == ["Attendance", "VOTES OF CONDOLENCE"]


def test_an_item_number_copied_with_its_list_bullet_still_opens_the_item():
    # a ModernGov page whose item list kept its bullets: "  • 2." after the previous item's last link
    doc = parsed(
        "Items\nNo. Item\n\n1.\n\nCONFIRMATION OF MINUTES\n\nMinutes:\n\nRESOLVED that the minutes be confirmed.\n\n"
        "  • View Recorded Vote for this item\n  • 2.\n\n    ACKNOWLEDGEMENT OF COUNTRY\n\n    Minutes:\n\n"
        "    The Chair acknowledged the traditional owners of the land.\n\n    3.\n\n    DISCLOSURE OF INTEREST\n\n"
        "    Minutes:\n\n    Nil.\n"
    )
    assert [(i.item, i.title) for i in doc.items] == [
        ("1", "CONFIRMATION OF MINUTES"), ("2", "ACKNOWLEDGEMENT OF COUNTRY"), ("3", "DISCLOSURE OF INTEREST")]
    assert "traditional owners" not in numbered(doc)["1"].text


def test_a_running_header_code_is_no_heading_and_a_numbered_title_case_heading_is_one():
    # a printed page's running header ("MC 14.05.2025") between the opening items and item 1
    doc = parsed(
        "MC 14.05.2025 & DROMARA CITY COUNCIL\n\n"
        "Minutes of the Monthly Meeting of Council held in the Civic Hall, Dromara, on Wednesday, 14 May, 2025 "
        "at 7:00 pm\n\n"
        "PRESENT: The Mayor Councillor P Quigley\n\nAldermen R Boyd, F Carson, M Dunlop, K Ervine, S Foy, "
        "T Gault and W Hanna\n\nCouncillors A Irwin, B Jess, C Kerr, D Lyttle, E Moore and G Neill\n\n"
        "Commencement of the Meeting\n\nThe Mayor opened the meeting at 7.02 pm and reminded members to vote by show of hands.\n\n"
        "Alderman F Carson arrived during this item (7.04 pm). 112\n\n"
        "MC 14.05.2025\n\n"
        "1. Business of the Mayor\n\nThe Mayor offered condolences to the family of Ivy Nesbitt, a former "
        "caretaker at the Civic Hall.\n\nThe Mayor congratulated the Dromara Ladies hockey team on their cup win.\n"
    )
    assert [(i.item, i.title) for i in doc.items] == [
        (None, "Present"), (None, "Commencement of the Meeting"), ("1", "Business of the Mayor")]
    assert "Ivy Nesbitt" in numbered(doc)["1"].text


def test_a_sentence_in_capitals_ending_in_council_names_no_committee():
    doc = parsed(
        "Minutes for the Ordinary Meeting\nDate: 12 March 2025 Location: Council Chambers\n"
        "THE COUNCIL NOTES THAT THIS MEETING IS BEING FILMED BY THE COUNCIL\n\n"
        "1 APOLOGIES\n\nNil.\n\n2 MINUTES\n\nThe minutes were confirmed.\n"
    )
    assert doc.meeting.committee is None or "Filmed" not in doc.meeting.committee


def test_a_county_boards_flattened_minutes_are_read_by_their_resolutions_in_capitals():
    # a document site's one-line text: "RESOLUTION #2025-01 BE IT RESOLVED ...", dated by "Minutes from Meeting #1"
    doc = parsed(
        "Documents\nUpload\nSign in\n\n  • pg 1\n\t\t\tWillow County Board of Supervisor's Minutes from Meeting #1 "
        "held on January 6, 2025\nAll four supervisors of Willow County gathered at 9 a.m. for the first "
        "session of the year: Ames, Brandt, Cole and Dietz. Every vote below was four to none unless the minutes "
        "say otherwise. Cole proposed Ruth Brandt as chair for 2025 and Ames backed the proposal; agreed. Dietz "
        "and Cole asked the Board to pass the first resolution of the year, and it passed. RESOLUTION #2025-01 "
        "BE IT RESOLVED that Karl Voss, County Engineer, may sign the completion papers for every secondary road "
        "job in the county on the Board's behalf. Ruth Brandt, Chairperson Ames and Dietz then put the second "
        "resolution, which passed. RESOLUTION 2025-2 Banks for county money. BE IT RESOLVED that the Treasurer "
        "keep the county's funds with the banks listed below, up to the sums shown, without coming back to the "
        "Board. Brandt and Cole moved the state mileage rate for county staff; agreed. The session ended at 10:40 "
        "a.m.; the next is on January 13, 2025, when the budget hearings open and the road plan is presented.\n"
    )
    assert doc.meeting.date == "2025-01-06"
    by_number = numbered(doc)
    assert {"2025-01", "2025-2"} <= set(by_number)
    assert "Karl Voss" in by_number["2025-01"].text and "Karl Voss" not in by_number["2025-2"].text


def test_flattened_minutes_lettered_with_a_closing_bracket():
    # a US city council's minutes run onto one line, items lettered "A)", "B)", a note after a title
    doc = parsed(
        "Council Minutes 2025-03-11 PALM HOLLOW CITY COUNCIL REGULAR MEETING MARCH 11, 2025 A) CALL TO ORDER/ROLL "
        "CALL Mayor Rosa Vidal opened the session at 7:00 p.m. in the Council Chamber. Answering the roll: Vice "
        "Mayor Tom Acker and Council members Ina Boyd, Luis Cano and Mary Dunn. B) INVOCATION Pastor Eli Grant led "
        "a short prayer. C) PLEDGE OF ALLEGIANCE Said by all present. D) APPROVAL OF MINUTES Cano moved and Boyd "
        "seconded that the minutes stand as written; approved on a voice vote. E) ORDER OF BUSINESS (consent items "
        "may be pulled now) Council member Dunn took Item K-2 off the Consent Agenda. F) SPECIAL PRESENTATIONS (5 "
        "minutes each) F-1) City Clerk's Office The City Clerk gave Records Clerk Joan Pike a plaque for twenty "
        "years with the City. G) PUBLIC COMMENTS Two residents spoke about the parking on 3rd Avenue and asked "
        "the Council to look again at the loading bays outside the market on Saturdays, which the Mayor agreed to "
        "put on the agenda for April. H) CONSENT AGENDA The remaining consent items were approved on one motion.\n"
    )
    assert [(i.item, i.title) for i in doc.items][:7] == [
        ("A", "CALL TO ORDER/ROLL CALL"), ("B", "INVOCATION"), ("C", "PLEDGE OF ALLEGIANCE"),
        ("D", "APPROVAL OF MINUTES"), ("E", "ORDER OF BUSINESS"), ("F", "SPECIAL PRESENTATIONS"), ("G", "PUBLIC COMMENTS")]
    assert "Joan Pike" in numbered(doc)["F"].text and "K-2" in numbered(doc)["E"].text


def test_a_commission_journal_is_read_by_the_times_its_entries_open_with():
    doc = parse_file(SHAPES / "county_commission_journal_times.txt")
    assert [(i.item, i.title) for i in doc.items] == [
        (None, "June 2, 2025"), ("8:30", "Pledge of Allegiance"), ("9:00", "Dale Ruiz"), ("9:30", "Nia Ortez"),
        ("10:15", "Public hearing on the Sage Flats subdivision"), ("1:30", "Commissioner Reyes")]
    by_time = numbered(doc)
    assert "too loose to shape" in by_time["9:00"].text and "cattle guard" in by_time["9:00"].text
    assert "were present" in doc.items[0].text
    # a time inside a sentence or on a line of its own opens no entry; fewer than three entries are no journal
    two = parsed("May 5, 2025\nCommissioners met at 9:00 in the annex.\n9:00 AM\n8:30 Pledge of Allegiance\n"
                 "9:00 Dale Ruiz met with the commissioners.\n")
    assert "journal" not in two.meeting.shape


def test_roman_numbers_on_lines_of_their_own_over_capitals_titles_run_into_the_minutes():
    # a school board's minutes: "II." alone, then "FINANCIAL REPORTS – Ada Lind. Ms. Lind reported ..."
    doc = parsed(
        "Pine Ridge School District No. 41 - Board of Trustees - April 8, 2025 - District Office. On the board "
        "tonight: Chairman Ruiz, Trustee Boyd, Trustee Chen\n\n"
        "I.\n\nAPPROVE THE MINUTES OF THE REGULAR BOARD MEETING OF MARCH 11, 2025. No changes were asked for; "
        "Trustee Boyd proposed they be adopted and Trustee Chen agreed, and the board adopted them at once.\n\n"
        "II.\n\nFINANCIAL REPORTS – Ada Lind. Ms. Lind reported on the financial statements for March. The district "
        "had $2,118,400 invested in the state pool at the end of the month.\n\n"
        "III.\n\nSUPERINTENDENT'S REPORT – Dr. Omar Haddad. Dr. Haddad said the new bus routes start on May 1.\n"
    )
    assert [(i.item, i.title) for i in doc.items if i.item] == [
        ("I", "APPROVE THE MINUTES OF THE REGULAR BOARD MEETING OF MARCH 11, 2025"), ("II", "FINANCIAL REPORTS"),
        ("III", "SUPERINTENDENT'S REPORT")]
    assert "$2,118,400" in numbered(doc)["II"].text and "Ada Lind" in numbered(doc)["II"].text


def test_numbered_headings_whose_minutes_run_on_after_a_dash():
    # a parish council's extraordinary meeting: "7. Verge cutting contract – It was noted that ..."
    doc = parsed(
        "Special meeting of Ashby Parva Parish Council, 14/05/2025\n\n"
        "Minutes of a special meeting of the Parish Council held on Wednesday 14th May 2025 at 7.00pm in the "
        "Village Hall\n\nPresent: Cllr Mrs Lowe (in the chair), Mrs Dean, Fry, Gale\n\n"
        "1. Welcome\n\n2. Apologies for Absence – Cllr Hart\n\n"
        "3. Order of business – item 6 Verge cutting contract taken before the open session\n\n"
        "4. Declarations of Interest – none\n\n"
        "5. Confirmation of the minutes of the Council Meeting on 2nd May 2025 – Agreed\n\n"
        "6. Verge cutting contract – The clerk said the bypass verges had stayed in the contract by mistake when "
        "the county took the road over. The bypass verges will come out of the contract; the county cuts them – "
        "Agreed\n\n"
        "7. Open Session in which residents may bring any parish matter before the Council\n"
        "Mr Wren asked when the bus shelter would be repaired.\n\n"
        "8. Speakers\n1. Mr. Alan Reid – Mr. Reid spoke about the footpath.\n"
        "2. Mrs. Jo Kerr – Mrs. Kerr asked about the bins.\n"
    )
    assert [(i.item, i.title) for i in doc.items if i.item] == [
        ("1", "Welcome"), ("2", "Apologies for Absence – Cllr Hart"),
        ("3", "Order of business – item 6 Verge cutting contract taken before the open session"),
        ("4", "Declarations of Interest – none"),
        ("5", "Confirmation of the minutes of the Council Meeting on 2nd May 2025 – Agreed"),
        ("6", "Verge cutting contract"),
        ("7", "Open Session in which residents may bring any parish matter before the Council"),
        ("8", "Speakers")]
    assert "come out of the contract" in numbered(doc)["6"].text and "Mr. Reid" in numbered(doc)["8"].text


def test_flattened_bare_item_numbers_before_a_single_word_in_capitals():
    # a borough council's printed minutes run onto one line: "2 APOLOGIES None 3 DECLARATIONS OF INTEREST ..."
    doc = parsed(
        "MINUTES OF THE PROCEEDINGS OF THE MEETING OF THE COUNCIL HELD IN THE CIVIC CENTRE ON MONDAY 27 JANUARY "
        "2025 AT 6.30 PM In the Chair : The Mayor (Councillor R Boyd) Members Present : Aldermen – F Agar, P Bell "
        "and T Cox Councillors – J Dunn, P Ellis, L Fahy, H Grant and S Hume Officers Present : Chief Executive – "
        "J Irwin 1 PRAYER AND WELCOME The Reverend Ann Kerr led a prayer and the Mayor opened the "
        "business. 2 APOLOGIES None 3 DECLARATIONS OF INTEREST Item 9.4 – Councillor Dunn Item 9.7 – Alderman Bell "
        "4 MINUTES The minutes of the meeting of 6 January 2025 were taken as read and signed as correct. "
        "5 CORRESPONDENCE The Chief Executive reported a letter from the Fire Service about the new station at "
        "Millbrook, which Members noted. 6 REPORTS The Council adopted the report of the Leisure Committee of "
        "13 January 2025 without change, as the Chair of that committee had proposed.\n"
    )
    assert [(i.item, i.title) for i in doc.items if i.item] == [
        ("1", "PRAYER AND WELCOME"), ("2", "APOLOGIES"), ("3", "DECLARATIONS OF INTEREST"), ("4", "MINUTES"),
        ("5", "CORRESPONDENCE"), ("6", "REPORTS")]
    assert "Item 9.4 – Councillor Dunn" in numbered(doc)["3"].text


def test_a_search_results_title_cut_short_does_not_date_the_meeting():
    # "... HELD ON MONDAY …€¦ · Tuesday 3rd June 2025 after ...": a snippet's title, cut, over the real heading
    doc = parsed(
        "MINUTES OF A MEETING OF FULL COUNCIL HELD ON MONDAY …€¦ · Tuesday 3rd June 2025 after the...\n\n12\n"
        "Full Council 21 May 2025 Page 1 MINUTES OF A MEETING OF FULL COUNCIL HELD ON WEDNESDAY 21 st MAY 2025 AT "
        "7PM IN THE COUNCIL CHAMBER PRESENT: Cllr A Bryn (Mayor) Cllr C Evans 1401 DECLARATIONS OF INTEREST None "
        "were declared. 1402 MINUTES OF THE LAST FULL COUNCIL MEETING RESOLVED: The minutes of 16 th April 2025 were "
        "confirmed. 1403 MATTERS ARISING There were none. 1404 FINANCE The accounts for April were approved.\n"
    )
    assert doc.meeting.date == "2025-05-21"


def test_a_table_row_that_lost_its_title_is_an_item_of_its_own():
    # a cabinet's "No. | Item" table copied without line breaks between rows; one row opens with its labels
    doc = parsed(
        "Venue: Council Chamber, Civic Centre, High Street\nNo. | Item |\n---|---|\n"
        "Apologies for absence Minutes:No apologies were received.\n|\n|\n"
        "Minutes of the previous meeting PDF 43 KB Minutes:RESOLVED: That the minutes of the meeting held on "
        "12 March 2025 stand as a true account. |\n|\n"
        "Additional documents:Decision:RESOLVED: 1. That Cabinet considered the scrutiny review of school "
        "streets. Minutes:The Chair of the task group introduced the review of school streets and its nine "
        "recommendations. RESOLVED: 1. That Cabinet considered the scrutiny review of school streets. |\n|\n"
        "Library opening hours PDF 80 KB Decision:RESOLVED: That Cabinet approve the new opening hours. |\n"
    )
    titles = [i.title for i in doc.items]
    assert titles[:2] == ["Apologies for absence", "Minutes of the previous meeting"] and len(titles) == 4
    by_title = {i.title: i.text for i in doc.items}
    assert "school streets" not in by_title["Minutes of the previous meeting"]
    assert "12 March 2025" in by_title["Minutes of the previous meeting"]
    assert "nine recommendations" in doc.items[2].text


def test_flattened_items_continue_past_a_number_the_agenda_skips():
    # "The Commission moved in the agenda to Item #6 6. Oak Hill Cemetery ...": item 5 was taken later
    doc = parsed(
        "Elmdale Planning Commission minutes, 04-08-2025 CITY OF ELMDALE "
        "PLANNING COMMISSION Meeting Minutes Tuesday, April 8, 2025 1. Call to Order: Chair Moss called the meeting "
        "to order at 7:00 p.m. Present: Planning Commissioners Ann Moss, Bo Reyes and Cy Tran. 2. Public Comments: "
        "None 3. Update from City Council proceedings Council Member Dahl reported on the Council's actions since "
        "the last meeting. 4. City Planner's Report Ruiz said two public hearings were likely in May. The "
        "Commission chose to take Item #6 next 6. Oak Hill Cemetery — Conditional Use Permit Ruiz "
        "gave the staff report. The site is 14.6 acres on the east side of Long Lake. 7. Adjourn The meeting "
        "closed at 8:40 p.m.\n"
    )
    assert [i.item for i in doc.items if i.item] == ["1", "2", "3", "4", "6", "7"]
    assert "14.6 acres" in numbered(doc)["6"].text and "14.6 acres" not in numbered(doc)["4"].text


def test_three_bare_numbers_before_titles_in_capitals_are_items_of_a_flattened_page():
    # a page cut after its third item: "1 PRAYER AND WELCOME ... 2 APOLOGIES None 3 DECLARATIONS OF INTEREST ..."
    doc = parsed(
        "MINUTES OF THE PROCEEDINGS OF THE MEETING OF THE COUNCIL HELD IN THE CIVIC CENTRE ON MONDAY 27 JANUARY "
        "2025 AT 6.30 PM In the Chair : The Mayor (Councillor R Boyd) Members Present : Aldermen – F Agar, P Bell "
        "and T Cox Councillors – J Dunn, P Ellis, L Fahy, H Grant, S Hume, K Innes, M Joyce, N Kerr and O Lamb "
        "Officers Present : Chief Executive – J Irwin Director of Finance – A Moss Head of Governance – B Nash "
        "Director of Operations – C Orr Director of Community Planning – D Park Member Services Officer – E Quinn "
        "ICT Officer – F Reid Press Officer – G Shaw Guests : Tom Vance and Ula West of the Northern Broadband "
        "company, there to talk about the rural fibre roll-out across the borough in the coming year and to "
        "answer members' questions about the villages still waiting for a connection "
        "1 PRAYER AND WELCOME The Reverend Ann Kerr led a prayer and the Mayor opened the business. "
        "Councillors Kerr and Lamb joined the meeting at this point. 2 APOLOGIES None 3 DECLARATIONS OF INTEREST "
        "Item 9.4 – Councillor Dunn Item 9.7 – Alderman Bell Items 9.8 and 9.9 – Councillor Fahy\n"
    )
    assert [(i.item, i.title) for i in doc.items if i.item] == [
        ("1", "PRAYER AND WELCOME"), ("2", "APOLOGIES"), ("3", "DECLARATIONS OF INTEREST")]
    # three figures of prose before words in capitals are no run of items
    prose = parsed(
        "MINUTES OF THE MEETING OF THE COUNCIL HELD ON 3 MARCH 2025 The Council received 3 NEW APPLICATIONS for "
        "grants, noted that 4 TREE PRESERVATION ORDERS had lapsed and that 5 BUS SHELTERS needed repair, and the "
        "Clerk was asked to write to the county council about all of them before the next meeting in April. " * 3
    )
    assert not [i.item for i in prose.items if i.item in {"3", "4", "5"}]


def test_review_negatives_for_the_eighteenth_sessions_rules():
    # a "Present:" paragraph under a later heading (a site visit's) drops no headings above it
    visit = parsed(
        "Minutes of the meeting of Upper Fenby Parish Council held on 4 March 2025\n\n"
        "Apologies for Absence\n\nApologies were received from Cllr Voss.\n\n"
        "Cemetery Fees Review\n\nThe fees for 2025/26 were agreed at the rates set out by the clerk.\n\n"
        "Tree Works\n\nThe quote for felling the ash on the green was accepted.\n\n"
        "Site Visit to Mill Farm\n\nPresent: Cllrs Voss, Wray and the Clerk.\n\nThe visit found the drain clear.\n\n"
        "Any Other Business\n\nNone.\n"
    )
    assert {"Apologies for Absence", "Cemetery Fees Review", "Tree Works", "Site Visit to Mill Farm"} <= {
        i.title for i in visit.items}
    # single capitals in a title are no initials; "MOTION LOST." is a result, not a heading
    titled = parsed(
        "Minutes of the meeting of Upper Fenby Parish Council held on 4 March 2025\n\n"
        "Leisure Centre M & E Works\n\nThe boiler contract was let to Ashby Heating.\n\n"
        "Plot B and Plot C Disposal\n\nBoth plots are to be sold at auction in May.\n\n"
        "HOUSING PROGRAMME.\n\nA motion to pause the programme was put to the vote.\n\nMOTION LOST.\n\n"
        "The Director reported that 42 homes had been completed.\n"
    )
    titles = [i.title for i in titled.items]
    assert "Leisure Centre M & E Works" in titles and "Plot B and Plot C Disposal" in titles
    assert "MOTION LOST" not in titles and "42 homes" in {i.title: i.text for i in titled.items}["HOUSING PROGRAMME"]
    # "Secretary's Report:" and "President's Report:" are items of a page read by its labels
    labels = parsed(
        "Minutes of Glenarden Community Council, 5 March 2025\n\nPresent: J Bell, K Moss, L Reid.\n"
        "Minutes of Last Meeting: Approved.\nSecretary's Report: Two letters from the council were read.\n"
        "President's Report: The hall roof is to be repaired.\nPlanning: No new applications.\n"
        "Treasurer's Report: The balance is £1,204.\n"
    )
    assert {"Secretary's Report", "President's Report"} <= {i.title for i in labels.items}
    # a list in the minutes does not take the next item's number
    listed = parsed(
        "Minutes of the meeting held on 4 March 2025\n\n1. Apologies\nNone.\n\n2. Matters arising\n"
        "1. the new bench has been ordered\n2. the notice board is repaired\n"
        "3. the clerk will write to the police about parking, again\n\n3. Finance\nThe accounts were approved.\n"
    )
    assert numbered(listed)["3"].title == "Finance"
    # the month May is no clause word in a committee's name
    may = (SHAPES / "county_council_capitals_headings_with_stops.txt").read_text(encoding="utf-8")
    may_doc = parsed(may.replace("March Monthly Meeting", "May Monthly Meeting").replace("17th March", "19th May"))
    assert may_doc.meeting.committee and may_doc.meeting.committee.startswith("May Monthly Meeting")


def test_a_flattened_run_does_not_take_a_number_listed_in_the_prose():
    doc = parsed(
        "CITY OF ELMDALE PLANNING COMMISSION Meeting Minutes Tuesday, April 8, 2025 1. Call to Order: Chair Moss "
        "opened the meeting at 7:00 p.m. with Commissioners Reyes and Tran present. 2. Public Comments: None "
        "3. Council Update Council Member Dahl gave a short report on the Council's work in March and April. "
        "4. Planner's Report Ruiz said the survey results would come back as items 5 and 6. The Mayor thanked the "
        "staff for the survey and the residents who took part in it over the winter months of this year. "
        "Ruiz listed the hearings likely for May and June, and the Commission asked for a joint session. " * 2
    )
    assert "6" not in [i.item for i in doc.items]


def test_an_evening_journal_counts_on_through_the_day_and_a_time_used_twice_keeps_both_entries():
    doc = parsed(
        "April 7, 2025\nCommissioners Reyes, Little and Moss were present.\n"
        "6:30 Public hearing on the Sage Flats subdivision. No one spoke against it.\n"
        "7:00 Dale Ruiz, Road Supervisor, met with the commissioners about the gravel tenders.\n"
        "7:00 Nia Ortez, Sanitarian, met with the commissioners about septic permits.\n"
        "8:15 Commissioner Moss moved to approve the claims; motion carried.\n"
    )
    assert [i.item for i in doc.items if i.item] == ["6:30", "7:00", "7:00 (2)", "8:15"]
    assert "septic" in numbered(doc)["7:00 (2)"].text and "septic" not in numbered(doc)["7:00"].text
