"""gradio_client against the real running server (``live_server``)."""

from __future__ import annotations

import pytest

QUESTION = "What was resolved about fostering panels?"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(live_server):
    from gradio_client import Client

    return Client(live_server + "/", verbose=False)


def test_chat_endpoint_streams_a_cited_answer(client):
    job = client.submit(QUESTION, [], "All committees", "", "", api_name="/chat")
    _box, chat, panel = job.result(timeout=60)
    answer = chat[-1]["content"][0]["text"]
    assert chat[-1]["role"] == "assistant"
    assert "Fostering" in answer and "(#cite-1-1)" in answer
    assert 'id="cite-1-1"' in panel and "Fostering Service Update" in panel
    assert len(job.outputs()) >= 3, "the answer arrives in several updates"


def test_ask_endpoint_returns_the_contract_object(client):
    result = client.predict(QUESTION, "", "", "", api_name="/ask")
    assert result["grounded"] is True
    assert (result["citations"][0]["source"][:3], result["citations"][0]["item"]) == ("002", "68")


def test_ask_endpoint_refuses_an_empty_question_politely(client):
    result = client.predict("   ", "", "", "", api_name="/ask")
    assert "error" in result and "question" in result["error"].lower()


def test_widget_has_the_same_chat_endpoint(live_server):
    from gradio_client import Client

    widget = Client(live_server + "/widget/", verbose=False)
    _box, chat, _panel = widget.predict(QUESTION, [], api_name="/chat")
    assert "Fostering" in chat[-1]["content"][0]["text"]
