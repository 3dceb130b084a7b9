"""The page's new views without a browser: nearest items of a refusal as
links to their cards, readable labels with the file as a detail, the
Meetings view, the filters' heading and New conversation, over the real
Assistant (real model, real index over corpus/)."""

from __future__ import annotations

import pytest
from test_web import final

from qa_bot.catalog import build_catalog, filter_catalog
from qa_bot.feedback import FeedbackStore
from qa_bot.records import AgendaItem, Document, Meeting
from qa_bot.web import (
    ALL_COMMITTEES,
    ChatHandlers,
    escape_html,
    filters_label,
    meetings_html,
)

NOT_COVERED = "What is the weather forecast for Hereford tomorrow?"
HOSTILE = "<script>alert(1)</script> [x](javascript:alert(3))"


@pytest.fixture()
def handlers(assistant, seed_settings, tmp_path):
    settings = seed_settings.replace(stream_delay_s=0.0, feedback_db=tmp_path / "fb.sqlite3")
    return ChatHandlers(assistant, settings, FeedbackStore(settings.feedback_db), "page")


def test_a_refusal_links_its_nearest_items_to_their_cards(handlers):
    _b, chat, panel, turns = final(handlers.respond(NOT_COVERED, [], []))
    answer = turns[-1].answer
    assert not answer.grounded and answer.nearest
    text = chat[-1]["content"]
    assert "Nearest items: " not in text  # the sentence is replaced by the links
    for c in answer.nearest:
        assert f"](#near-1-{c.n})" in text
        assert f'id="near-1-{c.n}"' in panel
    assert ".txt" not in text.split("**Nearest items**")[1]  # labels, not file names
    assert "File " in panel and "not a source of the answer" in panel


def test_citation_cards_lead_with_the_label_and_keep_the_file_as_a_detail(handlers):
    _b, chat, panel, _t = final(handlers.respond("What was resolved about fostering panels?", [], []))
    assert escape_html("Children and Young People Scrutiny Committee, February 2022 (date not "
                       "printed in the minutes), item 68: Fostering Service Update") in panel
    assert f'<p class="qa-details">{escape_html("File 002_2c50a068347bab36.txt")}</p>' in panel
    assert "002_2c50a068347bab36" not in chat[-1]["content"]


def test_meetings_view_counts_and_filters(handlers, assistant):
    whole = handlers.meetings("")
    documents = assistant.retriever.index.documents
    n_items = sum(len(d.items) for d in documents.values())
    assert f"{len(documents)} meetings of " in whole and f"{n_items} agenda items" in whole
    assert whole.count('href="#qa-open-') == n_items
    some = handlers.meetings("fostering")
    assert 0 < some.count('href="#qa-open-') < n_items and "match" in some
    assert "No agenda item title matches" in handlers.meetings("zzzz-nothing")


def test_an_item_opens_by_its_id(handlers, assistant):
    iid = next(iter(assistant.retriever.index.items))
    html = handlers.open_item(iid + "|123")
    assert 'id="qa-opened-item"' in html and "<details open>" in html
    assert "no longer in the index" in handlers.open_item("nope.txt#1|5")


def test_meetings_view_escapes_titles_and_names():
    meeting = Meeting(source="x.txt", committee=HOSTILE, date="2020-01-02")
    doc = Document("x.txt", "", meeting, (AgendaItem("x.txt", "1", HOSTILE, "text"),), "h")
    html = meetings_html(build_catalog({"x.txt": doc}), build_catalog({"x.txt": doc}), HOSTILE)
    assert "<script" not in html and "](" not in html


def test_filters_heading_names_what_is_on_and_new_conversation_resets_it(handlers):
    assert filters_label(ALL_COMMITTEES, "", "") == "Filters (none: all meetings)"
    assert filters_label("Cabinet", "2018-01-01", " ") == "Filters in force: Cabinet; from 2018-01-01"
    chat, turns, _panel, box, committee, date_from, date_to, heading = handlers.clear_all()
    assert (chat, turns, box) == ([], [], "")
    assert (committee, date_from, date_to) == (ALL_COMMITTEES, "", "")
    assert heading.label == "Filters (none: all meetings)"


def test_an_item_card_links_to_the_published_page_only_for_web_addresses():
    """Issue 11: a citation whose manifest row gives the published URL shows
    'View on the council's website' (new tab, no opener); anything that is
    not an http(s) address shows no link, and the address is escaped."""
    from qa_bot.labels import Source
    from qa_bot.web import item_card

    source = Source(committee="Cabinet", date="2024-09-12", date_inferred=None,
                    committee_inferred=False, item="35", title="Leisure centre", file="101.txt")
    url = 'http://democracy.example.gov.uk/ieListDocuments.aspx?CId=1&MId=2&x="y"'
    card = item_card("cite-1-1", "[1]", source, "The leisure centre be replaced.", "", url)
    assert "View on the council&#39;s website" in card
    assert f'href="{escape_html(url)}"' in card and 'rel="noopener noreferrer"' in card
    assert 'target="_blank"' in card and '"y"' not in card
    for bad in (None, "", "javascript:alert(1)", "file:///etc/passwd"):
        assert "council&#39;s website" not in item_card("c", "[1]", source, "text", "", bad)


def test_an_archive_lists_a_page_of_meetings_and_says_how_to_find_the_rest():
    from qa_bot.web import MAX_LISTED_MEETINGS

    docs = {}
    for n in range(MAX_LISTED_MEETINGS + 40):
        name = f"{n:05d}.txt"
        meeting = Meeting(source=name, committee="Cabinet" if n % 2 else "Planning Committee",
                          date=f"{2000 + n // 300}-{n % 12 + 1:02d}-01")
        docs[name] = Document(name, "", meeting, (AgendaItem(name, "1", f"Report {n}", "text"),), "h")
    whole = build_catalog(docs)
    html = meetings_html(whole, whole)
    assert html.count("<details") == MAX_LISTED_MEETINGS
    assert f"Showing {MAX_LISTED_MEETINGS:,} of {MAX_LISTED_MEETINGS + 40:,} meetings" in html
    narrowed = meetings_html(filter_catalog(whole, "Report 7"), whole, "Report 7")
    assert "Showing" not in narrowed and 'href="#qa-open-' in narrowed
