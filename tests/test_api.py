"""The server in-process: ``create_app(settings, assistant)`` under FastAPI's
TestClient, with the real Assistant (real model, real index over corpus/).

Covers the CONTRACT's JSON, every error as ``{"error": ...}`` with a 4xx,
and the security layer on every route, Gradio's own included."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient

from qa_bot.api import RateLimiter, create_app

QUESTION = "What was resolved about fostering panels?"
OTHER_ORIGIN = "http://evil.example"
INTRANET = "http://intranet.example:8080"


@pytest.fixture(scope="module")
def app_settings(seed_settings, tmp_path_factory):
    return seed_settings.replace(
        feedback_db=tmp_path_factory.mktemp("fb") / "feedback.sqlite3",
        frame_ancestors=(INTRANET,),
        cors_origins=(INTRANET,),
        rate_limit_per_minute=0,
    )


@pytest.fixture(scope="module")
def client(app_settings, assistant):
    """The whole server, the Gradio page and widget included."""
    with TestClient(create_app(app_settings, assistant)) as c:
        yield c


def api_client(settings, assistant) -> TestClient:
    """A server without the Gradio mounts, for settings-specific checks."""
    return TestClient(create_app(settings, assistant, ui=False))


# ------------------------------------------------------------------ contract


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_ask_returns_the_contract_object(client):
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"question", "answer", "grounded", "citations"}
    assert body["grounded"] is True
    c = body["citations"][0]
    assert set(c) >= {"n", "source", "item", "title", "committee", "date", "quote", "url"}
    assert (c["source"][:3], c["item"]) == ("002", "68")
    assert "[1]" in body["answer"]


def test_ask_with_filters_and_history(client):
    r = client.post("/api/ask", json={
        "question": "and what about adoption?", "history": [QUESTION],
        "filters": {"committee": "Children and Young People", "date_from": "2020-01-01"},
    })
    assert r.status_code == 200
    assert all(c["committee"] == "Children and Young People Scrutiny Committee"
               for c in r.json()["citations"])


def test_ask_same_as_the_facade(client, assistant):
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.json() == assistant.ask(QUESTION).to_json()


def test_search_returns_ranked_items(client):
    r = client.post("/api/search", json={"query": "fostering panel", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "fostering panel"
    assert [x["rank"] for x in body["results"]] == [1, 2, 3]
    assert body["results"][0]["source"].startswith("002")
    assert client.post("/api/search", json={"question": "fostering panel"}).status_code == 200


def test_unanswerable_question_is_not_grounded(client):
    r = client.post("/api/ask", json={"question": "What is the price of bananas on Mars?"})
    assert r.status_code == 200 and r.json()["grounded"] is False


def test_feedback_is_stored(client, app_settings):
    from qa_bot.feedback import FeedbackStore

    r = client.post("/api/feedback", json={"question": QUESTION, "answer": "x", "rating": "up"})
    assert r.status_code == 201
    stored = FeedbackStore(app_settings.feedback_db).recent(1)[0]
    assert (stored.id, stored.question, stored.rating, stored.surface) == (r.json()["id"], QUESTION, "up", "api")


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("body, status", [
    ({"question": ""}, 400),
    ({"question": "   \n\t "}, 400),
    ({"question": "\x00\x01\x02"}, 400),
    ({"question": "x" * 5000}, 400),
    ({"question": "🙂🙂🙂"}, 400),
    ({}, 422),
    ({"question": 42}, 422),
    ({"question": ["a"]}, 422),
    ({"question": QUESTION, "filters": {"date_from": "last year"}}, 422),
    ({"question": QUESTION, "history": "not a list"}, 422),
])
def test_bad_questions_get_a_clear_json_error(client, body, status):
    r = client.post("/api/ask", json=body)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error"} and len(r.json()["error"]) > 5


def test_right_to_left_question_is_answered_or_refused_cleanly(client):
    r = client.post("/api/ask", json={"question": "ما الذي تقرر بشأن لجان التبني؟"})
    assert r.status_code in (200, 400)
    assert "error" in r.json() or r.json()["grounded"] is False


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'{"question": "unterminated'])
def test_malformed_bodies_get_422(client, raw):
    r = client.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422 and set(r.json()) == {"error"}


def test_binary_body_gets_a_json_4xx(client):
    r = client.post("/api/ask", content=b"\xff\xfe\x00\x81", headers={"content-type": "application/json"})
    assert r.status_code in (400, 422) and set(r.json()) == {"error"}


def test_search_needs_a_query_and_a_sane_k(client, app_settings):
    assert client.post("/api/search", json={"k": 3}).status_code == 422
    r = client.post("/api/search", json={"query": "fostering", "k": app_settings.max_search_k + 1})
    assert r.status_code == 422 and "k" in r.json()["error"]
    assert client.post("/api/search", json={"query": "fostering", "k": 0}).status_code == 422


def test_unknown_routes_and_methods_answer_json(client):
    assert client.get("/api/ask").status_code == 405
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and set(r.json()) == {"error"}


def test_oversized_body_gets_413(seed_settings, assistant):
    small = seed_settings.replace(max_request_bytes=2000, rate_limit_per_minute=0)
    c = api_client(small, assistant)
    r = c.post("/api/ask", json={"question": "x" * 5000})
    assert r.status_code == 413 and "too large" in r.json()["error"]

    def chunks():
        yield b'{"question": "'
        yield b"y" * 5000
        yield b'"}'

    r = c.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_no_traceback_or_path_in_any_error(client):
    bodies = [b"{", b'{"question": null}', b'{"question": "' + b"\\ud800" + b'"}']
    for raw in bodies:
        r = client.post("/api/ask", content=raw, headers={"content-type": "application/json"})
        assert r.status_code < 500
        assert "Traceback" not in r.text and "/work/" not in r.text and ".py" not in r.text


def test_openapi_schema_is_served_without_a_cdn_docs_page(client):
    assert client.get("/api/openapi.json").json()["paths"].keys() >= {"/api/ask", "/api/search"}
    assert client.get("/docs").status_code != 200 or "cdn" not in client.get("/docs").text


# ------------------------------------------------------------------ security headers


@pytest.mark.parametrize("path", ["/healthz", "/", "/widget/", "/gradio_api/info", "/config"])
def test_every_route_sends_the_security_headers(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert "http" not in csp.replace(INTRANET, "")  # no outside host for scripts, styles, fonts
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def test_only_the_widget_may_be_framed_by_the_intranet(client):
    widget = client.get("/widget/").headers
    page = client.get("/").headers
    assert f"frame-ancestors 'self' {INTRANET}" in widget["content-security-policy"]
    assert "frame-ancestors 'self';" in page["content-security-policy"] + ";"
    assert page["x-frame-options"] == "SAMEORIGIN"


def test_page_asks_for_no_outside_fonts(client):
    page = client.get("/").text + client.get("/theme.css").text
    assert "fonts.googleapis" not in page and "fonts.gstatic" not in page
    assert "Source Sans Pro" not in client.get("/theme.css").text


# ------------------------------------------------------------------ origins


def test_cross_origin_call_from_an_unknown_origin_is_refused(client):
    for path in ("/api/ask", "/gradio_api/queue/join"):
        r = client.post(path, json={"question": QUESTION}, headers={"origin": OTHER_ORIGIN})
        assert r.status_code == 403 and "origin" in r.json()["error"]
        assert "access-control-allow-origin" not in r.headers


def test_gradio_routes_send_no_cors_headers_to_strangers(client):
    r = client.get("/gradio_api/info", headers={"origin": OTHER_ORIGIN})
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/gradio_api/queue/join", headers={
        "origin": OTHER_ORIGIN, "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in r.headers


def test_allow_listed_origin_gets_cors(client):
    r = client.post("/api/ask", json={"question": QUESTION}, headers={"origin": INTRANET})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == INTRANET
    pre = client.options("/api/ask", headers={
        "origin": INTRANET, "access-control-request-method": "POST",
        "access-control-request-headers": "content-type"})
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == INTRANET


def test_same_origin_requests_pass(client):
    r = client.post("/api/search", json={"query": "fostering"}, headers={"origin": "http://testserver"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


# ------------------------------------------------------------------ login and limits


def test_trusted_header_guards_every_route(seed_settings, assistant):
    s = seed_settings.replace(trusted_user_header="X-Remote-User", rate_limit_per_minute=0)
    with TestClient(create_app(s, assistant)) as c:
        for path in ("/", "/widget/", "/gradio_api/info"):
            assert c.get(path).status_code == 401
        r = c.post("/api/search", json={"query": "fostering"})
        assert r.status_code == 401 and "sign-on" in r.json()["error"]
        assert c.get("/healthz").status_code == 200
        user = {"X-Remote-User": "cllr.smith"}
        assert c.get("/", headers=user).status_code == 200
        assert c.post("/api/search", json={"query": "fostering"}, headers=user).status_code == 200


def test_shared_password_on_the_api(seed_settings, assistant):
    s = seed_settings.replace(auth_password="s3cret-minutes", rate_limit_per_minute=0)
    with TestClient(create_app(s, assistant)) as c:
        body = {"query": "fostering"}
        r = c.post("/api/search", json=body)
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic")
        bad = base64.b64encode(b"me:wrong").decode()
        assert c.post("/api/search", json=body, headers={"authorization": f"Basic {bad}"}).status_code == 401
        good = base64.b64encode(b"anyone:s3cret-minutes").decode()
        assert c.post("/api/search", json=body, headers={"authorization": f"Basic {good}"}).status_code == 200
        assert c.post("/api/search", json=body,
                      headers={"authorization": "Bearer s3cret-minutes"}).status_code == 200
        # The page itself is behind Gradio's login form.
        assert c.get("/gradio_api/login_check").status_code == 401
        r = c.post("/login", data={"username": "cllr", "password": "s3cret-minutes"})
        assert r.status_code == 200
        assert c.get("/gradio_api/login_check").status_code == 200


def test_rate_limit_answers_429_with_a_clear_message(seed_settings, assistant):
    s = seed_settings.replace(rate_limit_per_minute=3)
    c = api_client(s, assistant)
    codes = [c.post("/api/search", json={"query": "fostering"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    r = c.post("/api/search", json={"query": "fostering"})
    assert "3 a minute" in r.json()["error"] and int(r.headers["retry-after"]) >= 1
    assert c.get("/healthz").status_code == 200  # only /api/* is limited


def test_rate_limiter_window_slides():
    limiter = RateLimiter(per_minute=2)
    assert limiter.check("a", now=0.0) == 0 and limiter.check("a", now=1.0) == 0
    assert limiter.check("a", now=2.0) > 0
    assert limiter.check("b", now=2.0) == 0  # per client
    assert limiter.check("a", now=60.5) == 0  # the first request left the window


def test_questions_are_logged_only_when_asked_to(seed_settings, assistant, caplog):
    secret = "What was resolved about fostering panels in secret?"
    for flag in (False, True):
        s = seed_settings.replace(log_questions=flag, rate_limit_per_minute=0)
        caplog.clear()
        with caplog.at_level("INFO", logger="qa_bot.api"):
            api_client(s, assistant).post("/api/ask", json={"question": secret})
        assert (secret in caplog.text) is flag


# ------------------------------------------------------------------ review defects


@pytest.mark.parametrize("root_path", ["", "/minutes"])
def test_widget_without_slash_redirects_under_the_prefix(seed_settings, assistant, root_path):
    s = seed_settings.replace(rate_limit_per_minute=0, root_path=root_path)
    with TestClient(create_app(s, assistant), root_path=root_path) as c:
        r = c.get(root_path + "/widget?lang=en", follow_redirects=False)
        assert r.status_code in (307, 308), r.text
        assert r.headers["location"] == f"{root_path}/widget/?lang=en"
        followed = c.get(root_path + "/widget")
        assert followed.status_code == 200 and "<html" in followed.text.lower()


@pytest.mark.parametrize("filters, message", [
    ({"date_from": "2021-02-30"}, "2021-02-30 is not a real date"),
    ({"date_to": "2021-13"}, "2021-13 is not a real date"),
    ({"date_from": "2021-00-10"}, "not a real date"),
    ({"date_from": "21-02-03"}, "YYYY-MM-DD"),
    ({"committee": "Cabinet", "dates": "2021"}, "dates: Extra inputs are not permitted"),
])
def test_filters_must_be_real_dates_and_known_keys(client, filters, message):
    for path, key in (("/api/ask", "question"), ("/api/search", "query")):
        r = client.post(path, json={key: QUESTION, "filters": filters})
        assert r.status_code == 422, r.text
        assert set(r.json()) == {"error"} and message in r.json()["error"]


def test_real_dates_of_every_precision_pass(client):
    for date in ("2020", "2020-02", "2020-02-29"):
        r = client.post("/api/search", json={"query": "fostering", "filters": {"date_from": date}})
        assert r.status_code == 200, r.text


def test_page_and_api_share_one_date_check():
    from qa_bot import api, guards, web
    from qa_bot.web import read_filters

    assert not hasattr(web, "_DATE") and api.DATE_PATTERN is guards.DATE_PATTERN
    with pytest.raises(ValueError, match="From date: 2021-02-30 is not a real date"):
        read_filters(None, "2021-02-30", None)


def test_max_history_zero_sends_no_history_from_the_page(assistant, seed_settings, tmp_path):
    from qa_bot.feedback import FeedbackStore
    from qa_bot.web import ChatHandlers, Turn, recent

    assert recent(["a", "b", "c"], 0) == [] and recent(["a", "b", "c"], 2) == ["b", "c"]
    first = "What did the cabinet decide about the domestic abuse support service?"
    follow = "and for how long?"
    answers = {}
    for limit in (0, 10):
        s = seed_settings.replace(stream_delay_s=0.0, max_history=limit)
        handlers = ChatHandlers(assistant, s, FeedbackStore(tmp_path / f"fb{limit}.sqlite3"))
        earlier = [Turn(1, first, assistant.ask(first), 1)]
        *_, (_q, _chat, _panel, turns) = handlers.respond(follow, [], earlier)
        answers[limit] = turns[-1].answer
    assert answers[0] == assistant.ask(follow)  # as if asked alone
    assert answers[10] == assistant.ask(follow, history=[first])
    assert answers[0] != answers[10]


def test_max_history_zero_sends_no_history_from_the_api(seed_settings, assistant):
    follow, first = "and for how long?", "What did the cabinet decide about the domestic abuse support service?"
    c = api_client(seed_settings.replace(rate_limit_per_minute=0, max_history=0), assistant)
    r = c.post("/api/ask", json={"question": follow, "history": [first]})
    assert r.json() == assistant.ask(follow).to_json()


@pytest.mark.parametrize("path", [
    "/gradio_api/queue/join", "/widget/gradio_api/queue/join",
    "/gradio_api/call/chat", "/gradio_api/run/chat",
])
def test_rate_limit_covers_gradio_work_routes(seed_settings, assistant, path):
    s = seed_settings.replace(rate_limit_per_minute=2)
    with TestClient(create_app(s, assistant)) as c:
        codes = [c.post(path, json={"data": [], "fn_index": 0, "session_hash": "x"}).status_code
                 for _ in range(3)]
        assert codes[:2] != [429, 429] and codes[2] == 429, codes
        r = c.post(path, json={"data": []})
        assert "2 a minute" in r.json()["error"] and int(r.headers["retry-after"]) >= 1
        # Reading results and the page itself are not limited.
        assert c.get("/gradio_api/info").status_code == 200
        assert c.get("/").status_code == 200


def test_gradio_chat_is_refused_after_the_limit_through_gradio_client_protocol(seed_settings, assistant):
    """The real queue flow: join, then read the stream; the 3rd join is refused."""
    s = seed_settings.replace(rate_limit_per_minute=2)
    with TestClient(create_app(s, assistant)) as c:
        ok = c.post("/gradio_api/call/ask", json={"data": [QUESTION, "", "", ""]})
        assert ok.status_code == 200, ok.text
        event = ok.json()["event_id"]
        result = c.get(f"/gradio_api/call/ask/{event}")  # polling is not counted
        assert result.status_code == 200 and "fostering" in result.text.lower()
        second = c.post("/gradio_api/call/ask", json={"data": [QUESTION, "", "", ""]})
        assert second.status_code == 200
        assert c.get(f"/gradio_api/call/ask/{second.json()['event_id']}").status_code == 200
        refused = c.post("/gradio_api/call/ask", json={"data": [QUESTION, "", "", ""]})
        assert refused.status_code == 429 and set(refused.json()) == {"error"}
