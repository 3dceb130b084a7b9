"""The broad development set (tests/data/shared_eval/broad): 16 minutes
files of fictional councils in 16 published shapes.  Every gold item of its
questions must come out with its number as printed (or its title where the
document prints none), and every file's committee and date must match
metadata.csv (an empty date there means the file prints none)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from qa_bot.parse import parse_file
from qa_bot.records import Document

BROAD = Path(__file__).parent / "data" / "shared_eval" / "broad"
FILES = sorted((BROAD / "minutes").iterdir())
META = {row["file"]: row for row in csv.DictReader((BROAD / "metadata.csv").open(encoding="utf-8"))}


def _gold() -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    for line in (BROAD / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            for doc, item in json.loads(line)["gold"]:
                gold.setdefault(doc, set()).add(item)
    return gold


GOLD = _gold()


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {path.name: parse_file(path) for path in FILES}


def test_the_broad_set_is_all_here():
    assert len(FILES) == 16 and sum(len(v) for v in GOLD.values()) == 66


@pytest.mark.parametrize("name", [p.name for p in FILES])
def test_every_gold_item_is_parsed_as_printed(docs, name):
    doc = docs[name]
    keys = {item.key: item for item in doc.items}
    for wanted in GOLD.get(name[:3], set()):
        assert wanted in keys, f"{name}: {wanted!r} not among {sorted(keys)}"
        assert keys[wanted].title.strip() and keys[wanted].title != "(untitled)"


@pytest.mark.parametrize("name", [p.name for p in FILES])
def test_every_file_has_several_titled_items(docs, name):
    doc = docs[name]
    # a single "Agenda item" page holds one item by nature; every other shape several
    assert len(doc.items) > 1 or doc.meeting.shape.endswith("agenda_item_page")
    assert all(item.title.strip() and item.title != "(untitled)" for item in doc.items)
    for item in doc.items:
        assert doc.text[item.start:item.end] == item.text


@pytest.mark.parametrize("name", [p.name for p in FILES])
def test_committee_and_date_match_the_metadata(docs, name):
    meeting = docs[name].meeting
    row = META[name]
    assert meeting.committee == row["committee"]
    assert meeting.date == (row["date"] or None)  # no date printed: none stated


def test_page_furniture_is_in_no_item(docs):
    for doc in docs.values():
        for item in doc.items:
            for furniture in ("Page 1 of", "Page 2 of", "<AI", "&nbsp;", "Signed ……", "Skip to main content"):
                assert furniture not in item.text, (doc.source, item.key, furniture)


def test_attendance_is_its_own_unit(docs):
    audit = docs["112_northcliff_audit_committee_2024-06-11.txt"]
    first = audit.items[0]
    assert (first.item, first.title) == (None, "Members Present")
    assert "Councillor M. Lindqvist, Chair" in first.text
    scrutiny = docs["104_wexbridge_env_highways_scrutiny_2024-11-05.txt"]
    assert (scrutiny.items[0].item, scrutiny.items[0].title) == (None, "Present")
    assert "(Chairman)" in scrutiny.items[0].text
    # a numbered roll call stays the numbered item
    us = docs["111_pine_ridge_city_council_2024-08-20.txt"]
    assert ("2", "ROLL CALL") in [(i.item, i.title) for i in us.items]


def test_truncated_items_are_marked(docs):
    items = {i.item: i for i in docs["115_kingsmere_finance_committee.txt"].items}
    assert items["5"].truncated and "view the full minutes" not in items["5"].text
    assert {"3a", "3b"} <= set(items)
