"""The chat page's logic without a browser: escaping, citation links, the
cited-items panel, streaming, follow-ups and feedback, over the real
Assistant (real model, real index over corpus/)."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest

from qa_bot.feedback import FeedbackStore
from qa_bot.records import Answer, Citation
from qa_bot.web import (
    MAX_STREAM_UPDATES,
    ChatHandlers,
    Turn,
    answer_markdown,
    escape_html,
    escape_markdown,
    highlight,
    panel_html,
    read_filters,
)

QUESTION = "What was resolved about fostering panels?"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) **b** $$x$$"


@pytest.fixture()
def handlers(assistant, seed_settings, tmp_path):
    # The budget counts from the question's arrival: a generous one streams
    # however slow this machine answers (the cut is tested on its own).
    settings = seed_settings.replace(stream_delay_s=0.0, stream_budget_s=60.0,
                                     feedback_db=tmp_path / "fb.sqlite3")
    return ChatHandlers(assistant, settings, FeedbackStore(settings.feedback_db), "page")


def final(outputs):
    """The last value yielded for each output (gr.skip() leaves the previous)."""
    values = [None] * 4
    for out in outputs:
        for i, v in enumerate(out):
            if not (isinstance(v, dict) and v.get("__type__") == "update" and len(v) == 1):
                values[i] = v
    return values


# ------------------------------------------------------------------ escaping


def test_escaped_markdown_holds_no_tag_link_or_emphasis():
    out = escape_markdown(HOSTILE)
    assert "<" not in out.replace("\\<", "")
    assert "](" not in out.replace("\\](", "").replace("\\]\\(", "")
    assert "**" not in out.replace("\\*", "")
    assert "$$" not in out.replace("\\$", "")


def test_escaped_html_is_inert_and_on_one_line():
    out = escape_html(HOSTILE + "\n\nsecond paragraph")
    assert "<script" not in out and "<img" not in out
    assert "\n" not in out
    assert "&#60;script&#62;" in out


def test_markers_become_links_to_their_turns_cards():
    md = answer_markdown("Resolved A [1]; noted B [2]. <b>x</b>", turn=3)
    assert "[\\[1\\]](#cite-3-1)" in md
    assert "[\\[2\\]](#cite-3-2)" in md
    assert "\\<b\\>" in md


def test_highlight_marks_the_quote_across_folded_whitespace():
    text = "Intro.\nThe Committee  resolved\nto <b>approve</b> the plan.\nEnd."
    out = highlight(text, "The Committee resolved to <b>approve</b> the plan.")
    assert re.search(r"<mark>The Committee\s+resolved&#10;to &#60;b&#62;approve", out)
    assert out.count("<mark>") == 1 and "<b>" not in out


def test_highlight_marks_each_piece_of_a_joined_quote():
    text = "recommended that:\n\na) members sit on the panel\n\nb) officers report back soon"
    out = highlight(text, "recommended that: a) members sit on the panel; b) officers report back soon")
    assert out.count("<mark>") >= 2


def test_filters_from_the_page_controls():
    f = read_filters("Cabinet", " 2017-01-01 ", "")
    assert (f.committee, f.date_from, f.date_to) == ("Cabinet", "2017-01-01", None)
    assert read_filters("All committees", None, None).committee is None
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        read_filters(None, "1st May", None)


def test_panel_escapes_minutes_text_and_titles():
    cite = Citation(1, "x.txt", "5", HOSTILE, HOSTILE, None, HOSTILE, "javascript:alert(1)")
    turn = Turn(1, HOSTILE, Answer(HOSTILE, HOSTILE, True, (cite,)), 1)
    html = panel_html([turn], lambda source, key: None)
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html  # no link made of a non-http url
    assert "](" not in html and "**" not in html and "$$" not in html  # inert as Markdown too
    assert 'id="cite-1-1"' in html


# ------------------------------------------------------------------ events


def test_answer_streams_in_then_cites_and_fills_the_panel(handlers):
    outputs = list(handlers.respond(QUESTION, [], []))
    assert outputs[0][0] == ""  # the question box is cleared at once
    texts = [o[1][-1]["content"] for o in outputs if isinstance(o[1], list)]
    answer_texts = [t for t in texts if "Searching" not in t]
    assert len(answer_texts) >= 3, "the answer arrives in several growing chunks"
    assert len(answer_texts) <= MAX_STREAM_UPDATES + 2, "but not in so many that each re-sent chat costs"
    assert all(len(a) <= len(b) for a, b in itertools.pairwise(answer_texts))
    _box, chat, panel, turns = final(outputs)
    assert chat[0] == {"role": "user", "content": escape_markdown(QUESTION)}
    assert "](#cite-1-1)" in chat[-1]["content"] and "**Sources**" in chat[-1]["content"]
    assert "Fostering" in chat[-1]["content"]
    assert 'id="cite-1-1"' in panel and "<mark>" in panel
    assert "Fostering Service Update" in panel
    assert len(turns) == 1 and turns[0].message_index == 1


def test_no_streaming_budget_sends_the_whole_answer_at_once(handlers):
    """A busy server past QA_BOT_STREAM_BUDGET_S sends the rest at once: the
    same final chat, without the growing chunks (0: never stream)."""
    streamed = final(handlers.respond(QUESTION, [], []))[1]
    whole = dataclasses.replace(handlers, settings=handlers.settings.replace(stream_budget_s=0.0))
    outputs, texts = [], []
    for out in whole.respond(QUESTION, [], []):  # the chat list is updated in place: read it now
        outputs.append(out)
        if isinstance(out[1], list):
            texts.append(out[1][-1]["content"])
    assert texts[0].startswith("*Searching")
    assert texts[1:] == [streamed[-1]["content"]]
    assert final(outputs)[1] == streamed


def test_a_malformed_filter_is_said_in_the_chat(handlers):
    outputs = list(handlers.respond(QUESTION, [], [], None, "31/12/2020", ""))
    _box, chat, panel, turns = final(outputs)
    assert chat[-1]["role"] == "assistant" and "From date" in chat[-1]["content"]
    assert turns == [] and "Cited items" in panel


def test_follow_up_passes_earlier_questions_as_history(handlers, assistant):
    _b, chat, _p, turns = final(handlers.respond(QUESTION, [], []))
    follow = "and what about adoption?"
    _b, chat, panel, turns = final(handlers.respond(follow, chat, turns))
    with_history = assistant.ask(follow, None, [QUESTION])
    alone = assistant.ask(follow, None, [])
    assert with_history.answer != alone.answer, "the corpus must make history matter here"
    assert turns[-1].answer == with_history
    assert len(chat) == 4 and "Earlier question 1" in panel


def test_question_not_covered_says_so(handlers):
    _b, chat, panel, turns = final(handlers.respond("What is the price of bananas on Mars?", [], []))
    assert turns[-1].answer.grounded is False
    assert "do not cover" in chat[-1]["content"]
    assert "do not cover" in panel


def test_overlong_question_gets_a_clear_message_and_no_turn(handlers, seed_settings):
    long = "fostering " * (seed_settings.max_question_chars // 5)
    _b, chat, _p, turns = final(handlers.respond(long, [], []))
    assert turns == []
    assert str(seed_settings.max_question_chars) in chat[-1]["content"].replace(",", "")


def test_bad_filter_date_gets_a_message(handlers):
    _b, chat, _p, turns = final(handlers.respond(QUESTION, [], [], None, "yesterday", None))
    assert turns == [] and "YYYY" in chat[-1]["content"]


def test_thumbs_are_stored_with_the_question(handlers):
    import gradio as gr

    _b, _chat, _p, turns = final(handlers.respond(QUESTION, [], []))
    like = gr.LikeData(None, {"index": turns[0].message_index, "value": "", "liked": False})
    handlers.feedback(turns, like, None)
    rows = handlers.store.recent()
    assert len(rows) == 1
    assert (rows[0].rating, rows[0].question, rows[0].surface) == ("down", QUESTION, "page")
    assert rows[0].citations and rows[0].citations[0]["item"] == turns[0].answer.citations[0].item


def test_a_long_conversation_keeps_bounded_state(assistant, seed_settings, tmp_path):
    settings = seed_settings.replace(stream_delay_s=0.0, feedback_db=tmp_path / "fb.sqlite3",
                                     max_turns=3)
    handlers = ChatHandlers(assistant, settings, FeedbackStore(settings.feedback_db), "page")
    chat, turns = [], []
    for _ in range(5):
        _b, chat, panel, turns = final(handlers.respond(QUESTION, chat, turns))
    assert [t.number for t in turns] == [3, 4, 5]  # numbering goes on; old turns drop off
    assert len(chat) == 10  # the chat itself keeps every exchange
    assert "Earlier question 2" not in panel and "Earlier question 3" in panel
    assert "#cite-5-1" in chat[-1]["content"]
