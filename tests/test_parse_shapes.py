"""Each published rendering, from hand-made documents imitating it and from
real PDF and HTML files made here (fpdf2), so no binary file is committed.

tests/data/shapes/ (every file there is a minutes document):
  cabinet_2017_extract.html  a saved ModernGov page (item table, "pdf icon"
                             links, navigation and footer)
  cabinet_2017_extract.txt   the same meeting as ModernGov page text
  moderngov_unnumbered.txt   a page whose numbers and "Minutes:" labels were lost
  moderngov_table.md         a page rendered as a "|" table, continuation rows
  planning_committee.txt     planning minutes, a "Decision:" per application
  delegated_decisions.txt    officer decisions, each with a reference number
  parish_council.txt         town council minutes numbered "C2015/2016.76"
  flattened_one_line.txt     minutes from abroad flattened onto one line
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from qa_bot.parse import parse_bytes, parse_corpus, parse_file
from qa_bot.parse.text import fold
from qa_bot.records import Document

SHAPES = Path(__file__).parent / "data" / "shapes"
FONTS = Path("/usr/share/fonts/truetype/dejavu")


def pdf_text(text: str) -> str:
    """The text as write_pdf can set it: all of it with a Unicode font,
    else what Latin-1 (the PDF core fonts) can hold."""
    if (FONTS / "DejaVuSans.ttf").exists():
        return text
    for wide, narrow in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("…", "...")):
        text = text.replace(wide, narrow)
    return text.encode("latin-1", "replace").decode("latin-1")


def write_pdf(text: str, path: Path) -> Path:
    """A real PDF of minutes text (``pdf_text(text)``): bold where the text
    has **markers**."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    family = "Helvetica"
    if (FONTS / "DejaVuSans.ttf").exists():
        pdf.add_font("Body", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("Body", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        family = "Body"
    bold = False
    for line in pdf_text(text).split("\n"):
        stripped = line.strip()
        bold = bold or stripped.startswith("**")
        pdf.set_font(family, "B" if bold else "", 10)
        if stripped:
            pdf.multi_cell(0, 5, stripped.replace("**", ""), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
        bold = bold and not stripped.endswith("**")
    pdf.output(str(path))
    return path


def check_offsets(doc: Document) -> None:
    folded = fold(doc.text)
    for item in doc.items:
        assert doc.text[item.start:item.end] == item.text
        for resolution in item.resolutions:
            assert fold(resolution) in folded


def by_number(doc: Document) -> dict:
    return {item.item: item for item in doc.items}


@pytest.fixture(scope="module")
def pdf_001(tmp_path_factory, corpus_dir) -> Path:
    text = (corpus_dir / "001_c301c40e899c00e9.txt").read_text(encoding="utf-8")
    return write_pdf(text, tmp_path_factory.mktemp("pdf") / "001_cabinet_2018-10-18.pdf")


def test_real_pdf_file_gives_the_same_items_as_its_text(pdf_001, corpus_dir):
    doc = parse_file(pdf_001)
    raw = (corpus_dir / "001_c301c40e899c00e9.txt").read_text(encoding="utf-8")
    text_doc = parse_bytes(pdf_text(raw).encode(), source="001.txt")
    assert doc.meeting.shape.startswith("pdf:")
    assert [i.item for i in doc.items] == [None] + [str(n) for n in range(15, 24)]  # "Present" first
    assert [i.title for i in doc.items] == [i.title for i in text_doc.items]
    assert (doc.meeting.committee, doc.meeting.date) == ("Cabinet", "2018-10-18")
    items = by_number(doc)
    assert "£1.3m" in items["20"].resolutions[0] and items["20"].resolutions[0].count("\n- ") == 3
    assert items["21"].resolutions[0].endswith("25 October 2018.")
    # wrapped lines are joined: the same words as the text rendering
    for number, item in items.items():
        assert [fold(r) for r in item.resolutions] == [
            fold(r) for r in by_number(text_doc)[number].resolutions
        ]
    check_offsets(doc)


def simple_html(text: str) -> str:
    """Each line of the text as a paragraph of a web page."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    return f"<!DOCTYPE html><html><head><title>Minutes</title></head><body>{paragraphs}</body></html>"


def outline(doc: Document) -> list[tuple]:
    """What must survive a change of rendering."""
    return [
        (i.item, i.title, i.truncated, [fold(r) for r in i.resolutions]) for i in doc.items
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(__file__).parents[1] / "corpus").glob("0*.txt")))
def test_every_seed_reads_the_same_as_pdf_and_as_html(name, corpus_dir, tmp_path):
    raw = (corpus_dir / name).read_text(encoding="utf-8")
    text_doc = parse_file(corpus_dir / name)
    pdf_doc = parse_file(write_pdf(raw, tmp_path / (name + ".pdf")))
    (tmp_path / (name + ".html")).write_text(simple_html(raw), encoding="utf-8")
    html_doc = parse_file(tmp_path / (name + ".html"))
    assert pdf_doc.meeting.shape.startswith("pdf:") and html_doc.meeting.shape.startswith("html:")
    assert outline(pdf_doc) == outline(parse_bytes(pdf_text(raw).encode(), source=name))
    assert outline(html_doc) == outline(text_doc)
    check_offsets(pdf_doc)
    check_offsets(html_doc)


def test_saved_moderngov_html_page():
    doc = parse_file(SHAPES / "cabinet_2017_extract.html")
    assert doc.meeting.shape == "html:moderngov"
    assert [(i.item, i.title) for i in doc.items] == [
        ("10", "APOLOGIES FOR ABSENCE"), ("12", "MINUTES"),
        ("15", "Carers strategy for Herefordshire"),
        ("18", "Fostering Service annual report 2016-17"),
    ]
    assert (doc.meeting.committee, doc.meeting.date) == ("Cabinet", "2017-07-20")
    items = by_number(doc)
    assert items["15"].truncated and not items["18"].truncated
    assert items["15"].description.startswith("To approve a new joint carers strategy")
    assert "Appendix 1" not in items["15"].description
    assert items["18"].resolutions[0].startswith("It was resolved that:\n(a)")
    assert "Herefordshire Council, Plough Lane" not in items["18"].text  # page footer
    assert "mgTracking" not in doc.text
    check_offsets(doc)


def test_same_meeting_in_two_renderings_is_kept_once(tmp_path):
    for name in ("cabinet_2017_extract.html", "cabinet_2017_extract.txt"):
        shutil.copy(SHAPES / name, tmp_path / name)
    result = parse_corpus([tmp_path])
    assert [d.source for d in result.documents] == ["cabinet_2017_extract.html"]
    assert len(result.warnings) == 1
    assert "cabinet_2017_extract.html" in result.warnings[0]
    assert "cabinet_2017_extract.txt" in result.warnings[0]


def test_same_meeting_as_text_and_pdf_is_kept_once(tmp_path, pdf_001, corpus_dir):
    shutil.copy(corpus_dir / "001_c301c40e899c00e9.txt", tmp_path / "001.txt")
    shutil.copy(pdf_001, tmp_path / "001.pdf")
    shutil.copy(corpus_dir / "000_65e4a0cd7440dc88.txt", tmp_path / "000.txt")
    result = parse_corpus([tmp_path])
    assert len(result.documents) == 2
    assert len(result.warnings) == 1 and "001.pdf" in result.warnings[0]


def test_moderngov_page_that_lost_numbers_and_labels():
    doc = parse_file(SHAPES / "moderngov_unnumbered.txt")
    assert doc.meeting.shape == "text:unnumbered"
    assert [(i.item, i.title) for i in doc.items] == [
        (None, "APOLOGIES FOR ABSENCE"),
        (None, "DECLARATIONS OF INTEREST"),
        (None, "Minutes of the previous meeting"),
        (None, "Highways maintenance plan 2019/20"),
        (None, "WORK PROGRAMME"),
    ]
    items = {i.title: i for i in doc.items}
    assert items["APOLOGIES FOR ABSENCE"].description == "To receive any apologies for absence."
    assert items["APOLOGIES FOR ABSENCE"].text.startswith("Apologies were received")
    plan = items["Highways maintenance plan 2019/20"]
    assert "Supplementary Question" in plan.text  # a short line inside the minutes, not a title
    assert plan.resolutions == (
        (
            "It was resolved that:\n(a) the highways maintenance plan 2019/20 be approved; and\n"
            "(b) progress be reported to the committee in six months."
        ),
    )
    assert doc.meeting.apologies == ("Councillor Hardwick", "Councillor Jinman")
    check_offsets(doc)


def test_page_rendered_as_a_table():
    doc = parse_file(SHAPES / "moderngov_table.md")
    assert doc.meeting.shape == "text:moderngov+table"
    assert [(i.item, i.title) for i in doc.items] == [
        ("1", "Apologies for absence"), ("2", "Declarations of interest"),
        ("3", "Internal audit annual report 2018/19"), ("4", "Treasury management outturn"),
    ]
    items = by_number(doc)
    assert items["1"].description == "To receive any apologies for absence."
    assert items["3"].resolutions == ("RESOLVED: That the internal audit annual report 2018/19 be noted.",)
    assert items["4"].resolutions == ("AGREED: That the outturn be noted.",)
    assert "|" not in items["3"].text
    assert (doc.meeting.committee, doc.meeting.date) == ("Audit and Governance Committee", "2019-06-04")
    check_offsets(doc)


def test_planning_committee_with_a_decision_per_application():
    doc = parse_file(SHAPES / "planning_committee.txt")
    assert doc.meeting.shape == "text:planning"
    assert [(i.item, i.title) for i in doc.items] == [
        (None, "Present"), ("1", "APOLOGIES FOR ABSENCE"), ("2", "DECLARATIONS OF INTEREST"),
        ("203456", "Land at Bromyard Road, Ledbury"), ("210123", "The Old Forge, Kingsland, HR6 9RU"),
    ]
    items = by_number(doc)
    assert items["203456"].resolutions == (
        (
            "Decision: That planning permission be granted subject to the conditions set out in the "
            "report and to a section 106 agreement."
        ),
    )
    assert items["210123"].resolutions[0].endswith("flood zone 3.")
    assert (doc.meeting.committee, doc.meeting.date) == ("Planning and Regulatory Committee", "2021-03-10")
    check_offsets(doc)


def test_list_of_delegated_decisions_numbered_by_reference():
    doc = parse_file(SHAPES / "delegated_decisions.txt")
    assert doc.meeting.shape == "text:decisions"
    assert [(i.item, i.title) for i in doc.items] == [
        ("DD/2021/014", "Award of contract for school transport routes"),
        ("DD/2021/015", "Extension of the carers support service"),
    ]
    first = doc.items[0]
    assert first.resolutions == (
        (
            "Decision: To award the contract for home to school transport routes 1 to 12 to "
            "Sargeants Bros Ltd for three years at a cost of £450,000."
        ),
    )
    assert "Reasons:" in first.text and "DD/2021/015" not in first.text
    check_offsets(doc)


def test_parish_council_minute_references():
    doc = parse_file(SHAPES / "parish_council.txt")
    assert doc.meeting.shape == "text:parish"
    assert [(i.item, i.title) for i in doc.items] == [
        (None, "Present"),
        ("C2015/2016.76", "Apologies for absence"),
        ("C2015/2016.77", "Declarations of interest"),
        ("C2015/2016.78", "Minutes of the previous meeting"),
        ("C2015/2016.79", "Precept 2016/17"),
        ("C2015/2016.80", "Grass cutting contract"),
    ]
    items = by_number(doc)
    assert items["C2015/2016.78"].resolutions[0].startswith("It was resolved that the minutes")
    assert items["C2015/2016.79"].resolutions == (
        (
            "RESOLVED - That:\na) the precept for 2016/17 be set at £583,000; and\n"
            "b) the budget be published on the council's website."
        ),
    )
    assert items["C2015/2016.80"].resolutions == (  # inside a line: "it was RESOLVED to"
        "it was RESOLVED to accept the quotation from Malvern Garden Services of £4,200 for 2016/17.",
    )
    assert doc.meeting.date == "2016-01-21" and doc.meeting.committee == "Full Council"
    assert doc.meeting.apologies == ("Councillor Eakins", "Councillor Hughes")
    check_offsets(doc)


def test_minutes_flattened_onto_one_line():
    raw = (SHAPES / "flattened_one_line.txt").read_text(encoding="utf-8")
    assert raw.count("\n") == 1
    doc = parse_file(SHAPES / "flattened_one_line.txt")
    assert doc.meeting.shape.endswith("+flattened")
    assert [(i.item, i.title) for i in doc.items] == [
        ("1", "APOLOGIES"), ("2", "CONFIRMATION OF MINUTES"), ("3", "DECLARATIONS OF INTEREST"),
        ("4", "MAYORAL MINUTE"), ("5", "PLANNING PROPOSAL FOR THE RURAL LANDS STRATEGY"),
        ("6", "CLOSE OF MEETING"),
    ]
    items = by_number(doc)
    assert items["2"].resolutions[0].startswith("RESOLVED that the minutes of the Ordinary Meeting")
    assert items["5"].resolutions[0].startswith(
        "RESOLVED that Council: (a) endorse the planning proposal for public exhibition; and (b)")
    assert "12 culverts" in items["4"].text
    assert doc.meeting.date == "2023-03-15"
    assert doc.meeting.apologies == ("Cr Smith", "Cr Tait")
    assert len(doc.text) == len(raw)  # line breaks put back in place
    check_offsets(doc)


def test_every_shape_document_parses_without_warnings():
    result = parse_corpus([SHAPES])
    # prose minutes with no items of their own stay one item, as they should
    whole = {"parish_meeting_prose_with_action_bullets.txt", "town_council_flattened_years_in_prose.txt"}
    warnings = [w for w in result.warnings if not (w.split(":")[0] in whole and "no agenda items" in w)]
    # the .txt and .html extracts are one meeting: that is the only other warning
    assert len(warnings) == 1 and "same meeting" in warnings[0]
    assert all(doc.items for doc in result.documents)


def test_a_copy_with_page_furniture_is_still_the_same_meeting(tmp_path, corpus_dir):
    raw = (corpus_dir / "000_65e4a0cd7440dc88.txt").read_text(encoding="utf-8")
    marker = "Minutes:\n\nQuestion from Councillor JM Bartlett"
    assert marker in raw
    (tmp_path / "000.txt").write_text(raw, encoding="utf-8")
    (tmp_path / "000_copy.txt").write_text(
        raw.replace(marker, "Minutes:\n\nPage 3 of 12\n\nQuestion from Councillor JM Bartlett"),
        encoding="utf-8",
    )
    shutil.copy(corpus_dir / "002_2c50a068347bab36.txt", tmp_path / "002.txt")
    result = parse_corpus([tmp_path])
    kept = sorted(d.source for d in result.documents)
    assert len(kept) == 2 and kept[1] == "002.txt" and kept[0] in {"000.txt", "000_copy.txt"}
    assert len(result.warnings) == 1 and "same meeting" in result.warnings[0]
    # the footer is furniture: blanked out, it is in no item's text
    copy = parse_corpus([tmp_path / "000_copy.txt"]).documents[0]
    assert not any("Page 3 of 12" in it.text for it in copy.items)


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(__file__).parents[1] / "corpus").glob("0*.txt")))
def test_every_seed_flattened_onto_one_line_keeps_its_items(name, corpus_dir):
    raw = (corpus_dir / name).read_text(encoding="utf-8")
    text_doc = parse_file(corpus_dir / name)
    flat = parse_bytes(" ".join(raw.split()).encode(), source=name)
    assert flat.meeting.shape.endswith("+flattened")
    assert [(i.item, i.title, i.truncated) for i in flat.items] == [
        (i.item, i.title, i.truncated) for i in text_doc.items
    ]
    for got, want in zip(flat.items, text_doc.items, strict=True):
        # one line cannot show where a bulleted paragraph ends: a resolution
        # may stop at its sentence, never start elsewhere or run on
        assert len(got.resolutions) == len(want.resolutions)
        for g, w in zip(got.resolutions, want.resolutions, strict=True):
            assert fold(w).startswith(fold(g)) and len(g) > 0.6 * len(fold(w))
    check_offsets(flat)
