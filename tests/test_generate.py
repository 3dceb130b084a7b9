"""The generative backend against a real local HTTP server speaking the
OpenAI chat-completions protocol (plain and streamed), and its fallbacks."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from qa_bot.answer import answer_question
from qa_bot.evaluate import _norm  # the evaluation's own normalisation

QUESTION = "How many nights of residential respite does the council provide per year?"


def _first_source_sentence(messages: list[dict]) -> str:
    """A 'model' that copies the sentence of source [1] sharing most words
    with the question."""
    user = messages[-1]["content"]
    block = user.split("[1]", 1)[1].split("\n[2]", 1)[0].split("\n\nQuestion:", 1)[0]
    text = block.split("\n", 1)[1]
    question = set(re.findall(r"\w+", user.rsplit("Question:", 1)[1].lower()))
    sentences = re.split(r"(?<=[.;])\s+", " ".join(text.split()))
    best = max(sentences, key=lambda s: len(question & set(re.findall(r"\w+", s.lower()))))
    return best.rstrip(".;")


class ChatHandler(BaseHTTPRequestHandler):
    """Behaviour chosen by the request's model name."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out
            pass

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "body": request, "auth": self.headers.get("Authorization")})
        mode = request["model"]
        fact = _first_source_sentence(request["messages"])
        replies = {
            "good": f"{fact} [1].",
            "sse": f"{fact} [1].",
            "bad-marker": f"{fact} [9].",
            "bad-number": "The council provides 9,999 nights of respite every week [1].",
        }
        if mode == "500":
            return self._send(500, b'{"error": "boom"}')
        if mode == "401":
            return self._send(401, b'{"error": {"message": "invalid api key"}}')
        if mode == "slow":
            time.sleep(3)
        if mode == "garbage":
            return self._send(200, b"this is not json {")
        content = replies.get(mode, f"{fact} [1].")
        if request.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(content), 7):
                chunk = {"choices": [{"delta": {"content": content[i:i + 7]}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            return None
        body = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        return self._send(200, json.dumps(body).encode())


@pytest.fixture(scope="module")
def chat_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ChatHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _ask(assistant, chat_server, tmp_path, model, **changes):
    settings = assistant.settings.replace(
        llm_base_url=f"http://127.0.0.1:{chat_server.server_address[1]}/v1",
        llm_model=model, llm_api_key="sekret", llm_timeout_s=1.0,
        tiktoken_cache_dir=tmp_path / "tiktoken", **changes,
    )
    return answer_question(QUESTION, assistant.retriever, settings)


def _check_integrity(answer, assistant):
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        found = assistant.item(c.source, c.item or c.title)
        assert found is not None
        assert " ".join(c.quote.split()) in " ".join(found[0].text.split())


@pytest.mark.slow
def test_good_reply_is_used_with_its_citation(assistant, chat_server, tmp_path):
    answer = _ask(assistant, chat_server, tmp_path, "good")
    assert answer.backend == "generative" and answer.grounded
    assert "238" in answer.answer and answer.citations[0].source.startswith("000")
    _check_integrity(answer, assistant)
    sent = chat_server.requests[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer sekret"
    assert sent["body"]["stream"] is False and "[1]" in sent["body"]["messages"][-1]["content"]


@pytest.mark.slow
def test_streamed_reply_is_assembled(assistant, chat_server, tmp_path):
    answer = _ask(assistant, chat_server, tmp_path, "sse", llm_stream=True)
    assert answer.backend == "generative"
    assert "238" in answer.answer
    assert chat_server.requests[-1]["body"]["stream"] is True


@pytest.mark.slow
def test_marker_to_no_item_and_unsupported_number_fall_back(assistant, chat_server, tmp_path):
    for model, reason in (("bad-marker", "[9]"), ("bad-number", "9999")):
        answer = _ask(assistant, chat_server, tmp_path, model)
        assert answer.backend == "extractive", model
        assert "9,999" not in answer.answer
        assert any(reason in note for note in answer.notes), answer.notes
        _check_integrity(answer, assistant)


@pytest.mark.slow
@pytest.mark.parametrize("model,reason", [
    ("500", "HTTP 500"), ("401", "HTTP 401"), ("slow", "timed out"), ("garbage", "not a chat completion"),
])
def test_endpoint_failures_fall_back_to_the_extractive_answer(assistant, chat_server, tmp_path, model, reason, caplog):
    with caplog.at_level("WARNING", logger="qa_bot.generate"):
        answer = _ask(assistant, chat_server, tmp_path, model)
    assert answer.backend == "extractive" and answer.grounded
    assert "238" in answer.answer
    assert any(reason in note for note in answer.notes), answer.notes
    assert reason in caplog.text


@pytest.mark.slow
def test_token_budget_limits_what_is_sent(assistant, chat_server, tmp_path):
    from qa_bot.generate import pack_sources
    from qa_bot.settings import Settings
    from qa_bot.tokens import count_tokens, load_encoding

    enc = load_encoding(Settings(index_dir=tmp_path))
    hits = assistant.retriever.search(QUESTION, 5, None)
    for budget in (200, 600, 3000):
        sources = pack_sources(hits, enc, budget)
        assert sources and sum(count_tokens(enc, s.render()) for s in sources) <= budget
    assert len(pack_sources(hits, enc, 200)) <= len(pack_sources(hits, enc, 3000))


def test_unanswerable_question_never_reaches_the_endpoint(assistant, chat_server, tmp_path):
    before = len(chat_server.requests)
    settings = assistant.settings.replace(
        llm_base_url=f"http://127.0.0.1:{chat_server.server_address[1]}", llm_model="good",
        tiktoken_cache_dir=tmp_path / "tiktoken",
    )
    answer = answer_question("What is the weather forecast for Hereford tomorrow?", assistant.retriever, settings)
    assert not answer.grounded and len(chat_server.requests) == before
    assert _norm(answer.answer).startswith("the minutes in this collection do not cover")
