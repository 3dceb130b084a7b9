"""What the page and the widget run (``ChatHandlers.respond_async``, on
Gradio's event loop, without Gradio's pre- and postprocess) sends what the
plain generator ``respond`` makes, postprocessed as Gradio would: the same
updates in the same order, over the real Assistant."""

from __future__ import annotations

import asyncio

import gradio as gr
import pytest

from qa_bot.feedback import FeedbackStore
from qa_bot.web import ChatHandlers

QUESTION = "What was resolved about fostering panels?"


@pytest.fixture()
def handlers(assistant, seed_settings, tmp_path):
    settings = seed_settings.replace(stream_delay_s=0.0, stream_budget_s=60.0,
                                     feedback_db=tmp_path / "fb.sqlite3")
    handlers = ChatHandlers(assistant, settings, FeedbackStore(settings.feedback_db), "page")
    handlers.chatbot = gr.Chatbot()
    return handlers


def run_async(handlers, *args):
    async def collect():
        return [out async for out in handlers.respond_async(*args)]

    return asyncio.run(collect())


def gradio_sends(chatbot, outputs):
    """``respond``'s outputs as Gradio's postprocess would send them."""
    question, chat, panel, turns = outputs
    if isinstance(chat, list):
        chat = chatbot.postprocess(chat).model_dump()
    if isinstance(panel, str):
        panel = gr.Markdown().postprocess(panel)
    if isinstance(question, str):
        question = gr.Textbox().postprocess(question)
    return question, chat, panel, turns


@pytest.mark.parametrize("args", [
    (QUESTION, [], []),
    (QUESTION, [], [], "All committees", "2016", ""),
    (QUESTION, [], [], None, "yesterday", None),  # a filter error, shown in the chat
    ("   ", [], []),  # nothing asked
])
def test_the_page_sends_what_respond_makes(handlers, args):
    plain = [gradio_sends(handlers.chatbot, o) for o in handlers.respond(*args)]
    sent = run_async(handlers, *args)
    assert len(sent) == len(plain) and sent == plain


def test_a_follow_up_takes_the_chat_as_the_page_sends_it_back(handlers):
    first = run_async(handlers, QUESTION, [], [])
    _q, chat, _p, turns = first[-1]
    # The page sends the chat back in the form it received it (no preprocess).
    follow = run_async(handlers, "Who presented it?", chat, turns)
    _q, chat2, panel, turns2 = follow[-1]
    assert chat2[:len(chat)] == chat and len(chat2) == len(chat) + 2
    assert chat2[-2]["content"] == [{"text": "Who presented it?", "type": "text"}]
    assert len(turns2) == 2 and 'id="cite-2-1"' in panel
