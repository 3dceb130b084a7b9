"""``GET /api/meetings`` and ``GET /api/items/{id}`` on the real index over
corpus/, and the labels every surface shows for a source."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from qa_bot.api import create_app
from qa_bot.labels import (
    Source,
    citation_label,
    label,
    readable_title,
    source_details,
    source_label,
)
from qa_bot.records import AgendaItem, Citation, Meeting


@pytest.fixture(scope="module")
def client(seed_settings, assistant):
    with TestClient(create_app(seed_settings.replace(rate_limit_per_minute=0), assistant,
                               ui=False)) as c:
        yield c


def test_meetings_lists_every_indexed_meeting_by_committee(client, assistant):
    r = client.get("/api/meetings")
    assert r.status_code == 200
    body = r.json()
    documents = assistant.retriever.index.documents
    assert body["meetings"] == len(documents)
    assert body["items"] == sum(len(d.items) for d in documents.values())
    names = [c["name"] for c in body["committees"]]
    assert "Cabinet" in names and "Children and Young People Scrutiny Committee" in names
    cabinet = next(c for c in body["committees"] if c["name"] == "Cabinet")
    dates = [m["date"] or m["date_inferred"] for m in cabinet["meetings"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert body["first_date"] <= body["last_date"]
    october = next(m for m in cabinet["meetings"] if m["date"] == "2018-10-18")
    titles = {i["item"]: i["label"] for i in october["items"]}
    assert titles["20"].startswith("Cabinet, 18 October 2018, item 20: Recommissioning of domestic abuse")


def test_meetings_filter_keeps_matching_titles_only(client):
    body = client.get("/api/meetings", params={"q": "fostering"}).json()
    labels = [i["label"] for c in body["committees"] for m in c["meetings"] for i in m["items"]]
    assert labels and all("fostering" in x.lower() for x in labels)
    assert body["items"] == len(labels)
    assert client.get("/api/meetings", params={"q": "zzzz-nothing"}).json()["items"] == 0


def test_an_item_by_its_id_round_trips(client):
    body = client.get("/api/meetings", params={"q": "fostering service update"}).json()
    ref = body["committees"][0]["meetings"][0]["items"][0]
    r = client.get("/api/items/" + quote(ref["id"], safe=""))
    assert r.status_code == 200
    item = r.json()
    assert item["id"] == ref["id"] and item["title"] == ref["title"]
    assert "Fostering Panel" in item["text"]
    assert item["date"] is None and item["date_inferred"] == "2022-02"
    assert "(date not printed in the minutes)" in item["label"]


@pytest.mark.parametrize("path, status", [
    ("/api/items/nope", 404),
    ("/api/items/" + quote("002_2c50a068347bab36.txt#9999", safe=""), 404),
    ("/api/items/" + quote("../../etc/passwd", safe=""), 404),
    ("/api/meetings?k=3", 422),
])
def test_unknown_items_and_parameters_get_json_errors(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    assert set(r.json()) == {"error"}


def test_post_to_the_read_routes_is_refused(client):
    assert client.post("/api/meetings", json={}).status_code == 405


def test_read_routes_need_the_password_like_the_others(seed_settings, assistant):
    s = seed_settings.replace(auth_password="pw-minutes", rate_limit_per_minute=0)
    c = TestClient(create_app(s, assistant, ui=False))
    assert c.get("/api/meetings").status_code == 401
    assert c.get("/api/meetings", headers={"authorization": "Bearer pw-minutes"}).status_code == 200


def test_read_routes_are_rate_limited(seed_settings, assistant):
    c = TestClient(create_app(seed_settings.replace(rate_limit_per_minute=2), assistant, ui=False))
    codes = [c.get("/api/meetings").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


# ------------------------------------------------------------------ labels


def test_label_of_a_stated_meeting():
    meeting = Meeting(source="001.txt", committee="Cabinet", date="2018-10-18")
    item = AgendaItem("001.txt", "20", "RECOMMISSIONING OF DOMESTIC ABUSE SUPPORT SERVICE", "")
    assert source_label(meeting, item) == (
        "Cabinet, 18 October 2018, item 20: Recommissioning of domestic abuse support service")
    assert source_details(Source.of(meeting, item)) == (
        "File 001.txt; title as printed: RECOMMISSIONING OF DOMESTIC ABUSE SUPPORT SERVICE")


def test_inferred_parts_are_said_in_words():
    meeting = Meeting(source="000.txt", committee="Cabinet", date_inferred="2017-07",
                      inferred=("committee", "date"))
    item = AgendaItem("000.txt", "17", "Adoption Service Annual Report 2016-17", "")
    assert source_label(meeting, item) == (
        "Cabinet, July 2017 (committee and date not printed in the minutes), "
        "item 17: Adoption Service Annual Report 2016-17")
    c = Citation(1, "000.txt", "17", item.title, "Cabinet", None, "q",
                 committee_inferred=True, date_inferred=True)
    assert citation_label(c, meeting) == source_label(meeting, item)


def test_unknown_parts_and_unnumbered_items():
    s = Source(None, None, None, False, None, "Corporate Parenting Strategy", "x.txt")
    assert label(s) == "Committee not named in the minutes, date not stated, Corporate Parenting Strategy"


@pytest.mark.parametrize("title, shown", [
    ("MINUTES", "Minutes"),
    ("Fostering Service Update", "Fostering Service Update"),
    ("SEND", "SEND"),  # too short to tell a heading from an acronym
    ("2. QUESTIONS FROM MEMBERS", "2. Questions from members"),
])
def test_readable_title(title, shown):
    assert readable_title(title) == shown
