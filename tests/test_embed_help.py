"""The /widget/embed help page and the log line for a page that may not
frame the widget (the server in-process, real index)."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from qa_bot.api import create_app

INTRANET = "https://intranet.example.gov.uk"


@pytest.fixture(scope="module")
def client(seed_settings, assistant):
    s = seed_settings.replace(frame_ancestors=(INTRANET,), rate_limit_per_minute=0)
    with TestClient(create_app(s, assistant, ui=False), base_url="https://minutes.example.gov.uk") as c:
        yield c


def test_embed_page_prints_the_snippet_for_this_server(client):
    r = client.get("/widget/embed")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "&lt;iframe src=&quot;https://minutes.example.gov.uk/widget/&quot;" in r.text
    assert INTRANET in r.text  # the origins allowed now


def test_embed_page_gives_the_exact_setting_for_a_new_intranet(client):
    r = client.get("/widget/embed", params={"page": "https://news.example.org/staff/minutes?x=1"})
    assert f'QA_BOT_FRAME_ANCESTORS="{INTRANET} https://news.example.org"' in r.text
    r = client.get("/widget/embed", params={"page": INTRANET + "/home"})
    assert "already allowed" in r.text
    r = client.get("/widget/embed", params={"page": "javascript:alert(1)<script>"})
    assert "not a web address" in r.text and "<script>" not in r.text


def test_embed_page_follows_the_proxy_prefix(seed_settings, assistant):
    s = seed_settings.replace(root_path="/minutes", rate_limit_per_minute=0)
    c = TestClient(create_app(s, assistant, ui=False), base_url="https://council.example")
    assert "https://council.example/minutes/widget/" in c.get("/widget/embed").text


def framed(client, referer: str, path: str = "/widget/embed"):
    return client.get(path, headers={"sec-fetch-dest": "iframe", "referer": referer})


def test_a_foreign_frame_is_logged_once_with_the_setting_to_use(client, caplog):
    with caplog.at_level(logging.WARNING, logger="qa_bot.api"):
        framed(client, "https://stranger.example.net/page.html")
        framed(client, "https://stranger.example.net/other.html")
        framed(client, INTRANET + "/home")  # allowed: nothing to say
        framed(client, "https://minutes.example.gov.uk/")  # our own page
        client.get("/widget/embed", headers={"referer": "https://stranger2.example/"})  # not a frame
    lines = [r.getMessage() for r in caplog.records if "in a frame" in r.getMessage()]
    assert len(lines) == 1
    assert "https://stranger.example.net" in lines[0]
    assert f'QA_BOT_FRAME_ANCESTORS="{INTRANET} https://stranger.example.net"' in lines[0]


def test_framing_the_page_itself_is_named_too(client, caplog):
    with caplog.at_level(logging.WARNING, logger="qa_bot.api"):
        framed(client, INTRANET + "/home", path="/healthz")
    assert any("only the widget" in r.getMessage() for r in caplog.records)
