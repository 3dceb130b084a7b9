"""The parser on the five seed minutes: exactly the printed items, their
titles, every resolution, the truncation marks and the meeting metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.parse import (
    PARSER_VERSION,
    item_to_json,
    load_manifest,
    parse_corpus,
    parse_file,
)
from qa_bot.parse.text import fold
from qa_bot.records import Document

SEEDS = {
    "000": "000_65e4a0cd7440dc88.txt",
    "001": "001_c301c40e899c00e9.txt",
    "002": "002_2c50a068347bab36.txt",
    "003": "003_75939d47909779c7.txt",
    "004": "004_5095f7a198691234.txt",
}


@pytest.fixture(scope="module")
def seeds(corpus_dir: Path) -> dict[str, Document]:
    manifest = load_manifest(corpus_dir)
    return {key: parse_file(corpus_dir / name, manifest=manifest) for key, name in SEEDS.items()}


def items_of(doc: Document) -> dict[str | None, object]:
    return {item.item: item for item in doc.items}


def test_item_numbers_are_exactly_those_printed(seeds):
    assert [i.item for i in seeds["000"].items] == [str(n) for n in range(10, 19)]
    # 001's "Present:" block before item 15 is its own unit, with no number
    assert [i.item for i in seeds["001"].items] == [None] + [str(n) for n in range(15, 24)]
    assert seeds["001"].items[0].title == "Present"
    assert [i.item for i in seeds["002"].items] == [str(n) for n in range(60, 72)]
    assert [(i.item, i.title) for i in seeds["003"].items] == [
        (None, "Corporate Parenting Strategy 2020-2023")
    ]
    assert [(i.item, i.title) for i in seeds["004"].items] == [(None, "CABINET MEMBER'S BRIEFING")]


@pytest.mark.parametrize(
    ("seed", "number", "title"),
    [
        ("000", "10", "APOLOGIES FOR ABSENCE"),
        ("000", "12", "MINUTES"),  # "pdf icon PDF 242 KB" stripped
        ("000", "15", "Carers strategy for Herefordshire"),
        ("000", "18", "Fostering Service annual report 2016-17"),
        ("001", "15", "APOLOGIES FOR ABSENCE"),
        ("001", "20", "RECOMMISSIONING OF DOMESTIC ABUSE SUPPORT SERVICE FOR HEREFORDSHIRE"),
        ("001", "23", "AUTISM STRATEGY FOR HEREFORDSHIRE 2019-2022"),
        ("002", "60", "Apologies for absence"),
        ("002", "67", "Children's Services Improvement Plan - Progress Update"),
        ("002", "68", "Fostering Service Update"),
        ("002", "71", "Date of next meeting"),
    ],
)
def test_titles(seeds, seed, number, title):
    assert items_of(seeds[seed])[number].title == title


def test_truncated_items_are_marked_and_the_trailer_removed(seeds):
    truncated = {
        key: sorted(i.item for i in doc.items if i.truncated) for key, doc in seeds.items()
    }
    assert truncated == {
        "000": ["15", "16", "17"], "001": [], "002": ["66", "67"], "003": [], "004": [],
    }
    for doc in seeds.values():
        for item in doc.items:
            assert "view the full minutes text" not in item.text
    assert items_of(seeds["000"])["15"].text.endswith("from April 2018, the fine")


def resolutions(seeds) -> dict[tuple[str, str | None], tuple[str, ...]]:
    return {(key, i.item): i.resolutions for key, doc in seeds.items() for i in doc.items if i.resolutions}


def test_every_resolution_is_found_and_no_other(seeds):
    found = resolutions(seeds)
    assert sorted(found) == sorted([
        ("000", "12"), ("000", "18"),
        ("001", "17"), ("001", "20"), ("001", "21"), ("001", "22"), ("001", "23"),
        ("002", "63"), ("002", "68"), ("002", "69"), ("002", "70"),
        ("003", None), ("004", None),
    ])
    assert all(len(block) == 1 for block in found.values())


def test_resolution_text_keeps_its_parts_together(seeds):
    found = {k: v[0] for k, v in resolutions(seeds).items()}
    assert found[("000", "12")] == (
        "Resolved: That the Minutes of the meeting held on 22 June 2017, as amended, "
        "be approved as a correct record and signed by the Chairman."
    )
    r = found[("000", "18")]
    assert r.startswith("It was resolved that:\n(a) the performance of the fostering service")
    assert "\n(b) the guide for young people" in r
    assert r.endswith("(c) the statement of purpose (appendix c) be approved.")
    r = found[("001", "20")]
    assert r.startswith("Resolved that:\n- a) the proposed outline Joint Strategy")
    assert "maximum value of £1.3m; and\n- c) the Director for Adults and Communities" in r
    assert "**" not in r
    assert found[("001", "21")].endswith("approved for submission to Ofsted by 25 October 2018.")
    r = found[("002", "68")]
    assert r.startswith("RECOMMENDATIONS:\nThe Committee reviewed and accepted")
    assert "sit on the Fostering Panel" in r and "\nb) Officers from the Fostering Service" in r
    assert found[("002", "63")].startswith("Resolved: It was resolved that the minutes")
    assert found[("002", "63")].endswith("signed by the Chairperson.")  # next paragraph left out
    r = found[("002", "70")]
    assert r.startswith("AGREED:\n· That that the next meeting on 22 March")
    assert r.endswith("review of outstanding actions from this year.")
    r = found[("003", None)]
    assert r.startswith("RESOLVED - That:\n· The wording of the bullet point")
    assert r.count("\n· ") == 3 and r.endswith("the youth games.")
    r = found[("004", None)]
    assert r.startswith("RESOLVED:\nTHAT\na) the report of the Cabinet Member")
    assert r.endswith("b) a seminar be arranged for Members on the organisation and management "
                      "of the Family Support Service in the County.")


def test_resolutions_are_verbatim_after_whitespace_folding(seeds):
    for doc in seeds.values():
        folded = fold(doc.text)
        for item in doc.items:
            for r in item.resolutions:
                assert fold(r) in folded
                assert fold(r) in fold(item.text)


def test_offsets_give_the_items_published_text(seeds, corpus_dir):
    for key, doc in seeds.items():
        raw = (corpus_dir / SEEDS[key]).read_text(encoding="utf-8")
        assert len(doc.text) == len(raw)  # clean-up keeps every offset
        previous_end = 0
        for item in doc.items:
            assert doc.text[item.start:item.end] == item.text
            assert fold(item.text) == fold(raw[item.start:item.end].replace("**", " "))
            assert item.start >= previous_end
            previous_end = item.end


def test_boilerplate_is_removed_from_item_text(seeds):
    for doc in seeds.values():
        for item in doc.items:
            assert not item.text.startswith("Minutes:")
            assert "Supporting documents:" not in item.text
            assert "Additional documents:" not in item.text
    assert items_of(seeds["001"])["23"].text.endswith("at appendix 4 be approved.")
    assert items_of(seeds["000"])["10"].description == "To receive any apologies for absence."


def test_meeting_metadata_read_from_the_text(seeds):
    m = seeds["001"].meeting
    assert (m.committee, m.date, m.date_inferred, m.inferred) == ("Cabinet", "2018-10-18", None, ())
    assert m.venue == "The Council Chamber - The Shire Hall, St. Peter's Square, Hereford, HR1 2HX"
    assert m.present[:3] == ("Councillor JG Lester", "Councillor NE Shaw", "Councillor H Bramer")
    assert "Councillor EJ Swinglehurst" in m.present
    assert m.apologies == ("Councillor Harlow", "Councillor Rone")
    assert seeds["000"].meeting.venue.endswith("Hereford, HR1 2HX")  # "View directions" dropped
    assert seeds["000"].meeting.apologies == ("Councillor Morgan", "Councillor Price")
    assert seeds["002"].meeting.venue == "Herefordshire Council Offices, Plough Lane, Hereford, HR4 0LE"
    assert seeds["002"].meeting.apologies[0] == "Councillor Graham Andrews"
    assert "Jane Ellis" in seeds["002"].meeting.apologies


def test_inferred_values_are_marked_never_stated(seeds):
    m0, m2 = seeds["000"].meeting, seeds["002"].meeting
    assert (m0.committee, m0.date, m0.date_inferred) == ("Cabinet", None, "2017-07")
    assert set(m0.inferred) == {"committee", "date"}
    assert (m2.committee, m2.date, m2.date_inferred) == (
        "Children and Young People Scrutiny Committee", None, "2022-02")
    assert m2.inferred == ("date",)
    assert seeds["004"].meeting.date is None and seeds["004"].meeting.date_inferred is None


def test_the_parser_infers_a_month_from_the_question_deadline_without_a_manifest(corpus_dir):
    doc = parse_file(corpus_dir / SEEDS["000"])  # "Monday 17 July" + dates in 2017
    assert (doc.meeting.date, doc.meeting.date_inferred, doc.meeting.inferred) == (None, "2017-07", ("date",))
    assert doc.meeting.committee is None  # not printed; only the manifest may say it


def test_item_json_has_the_contract_fields(seeds):
    doc = seeds["002"]
    obj = item_to_json(doc, items_of(doc)["68"])
    for key in ("source", "item", "title", "committee", "date", "resolutions", "truncated", "text"):
        assert key in obj
    assert obj["source"] == SEEDS["002"] and obj["item"] == "68" and obj["date"] is None
    assert isinstance(obj["resolutions"], list) and obj["truncated"] is False
    assert obj["date_inferred"] == "2022-02"


def test_corpus_parse_of_the_seeds_is_clean(corpus_dir):
    # Parse speed is a benchmark figure (bench/), not a timed unit test.
    result = parse_corpus([corpus_dir])
    assert [d.source for d in result.documents] == sorted(SEEDS.values())
    assert result.warnings == ()
    assert PARSER_VERSION
