"""The chat page (``/``) and the embeddable widget (``/widget``): Gradio Blocks
over the ``Assistant`` facade.

Everything shown comes from the minutes or from the person asking, so every
string is escaped before it reaches Markdown or HTML: a minutes file holding
``<script>`` shows those characters and runs nothing.  The only markup made
here is our own: citation links ``[n]`` that jump to the cited item, the
cited-items panel, and the item text with the quoted sentence marked.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote as url_quote

import gradio as gr

from qa_bot.answer import QuestionError
from qa_bot.assistant import Assistant
from qa_bot.catalog import Catalog, CatalogItem, catalog_summary, filter_catalog
from qa_bot.feedback import FeedbackStore
from qa_bot.guards import filter_date
from qa_bot.labels import (
    Source,
    citation_label,
    item_part,
    label,
    refusal_text,
    source_details,
)
from qa_bot.records import AgendaItem, Answer, Citation, Filters, Meeting
from qa_bot.settings import Settings
from qa_bot.web_assets import CSS, HEAD

logger = logging.getLogger(__name__)

EXAMPLE_QUESTIONS = (
    "What was resolved about fostering panels?",
    "How many placement orders were granted in 2016-17?",
    "Who gave the response to the question on care package contracts?",
)
ALL_COMMITTEES = "All committees"
STREAM_WORDS = 4  # words added to the answer per streamed chunk, at least
MAX_STREAM_UPDATES = 8  # a long answer streams in larger chunks: each update re-sends the chat
# How often Gradio's queue looks for new events when it has none, and for
# progress to report (Gradio's own: every 1 ms and 10 ms, on the event loop,
# for each of the page and the widget).  Those wake-ups cost an idle server
# about 9% of a core and, under load, take the GIL from the threads that
# answer; 10 ms adds at most 10 ms to a chat turn.  The page shows no progress.
QUEUE_POLL_S = 0.01
QUEUE_PROGRESS_POLL_S = 0.25
SYSTEM_FONTS = (
    "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue",
    "Arial", "sans-serif",
)
MONO_FONTS = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")
_MARKER = re.compile(r"\[(\d{1,3})\]")
# HTML's special characters and those Markdown would act on, as entities
# (our HTML goes through gr.Markdown); newlines too, so it stays one block.
_HTML_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_[]()$~|#!\n"}
_HTML_ENTITIES[ord("\r")] = None
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()#|~$!+<>&])")

# ------------------------------------------------------------------ escaping


def escape_markdown(text: str) -> str:
    """Text that Markdown shows verbatim: no tag, link, emphasis or entity."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def escape_html(text: str | None) -> str:
    """Text for our HTML inside Markdown: escaped, and on one source line (a
    blank line would end the HTML block and hand the rest to Markdown)."""
    return (text or "").translate(_HTML_ENTITIES)


def answer_markdown(text: str, turn: int) -> str:
    """The answer escaped, each marker [n] a link to its card in the panel."""
    out: list[str] = []
    last = 0
    for m in _MARKER.finditer(text):
        out.append(escape_markdown(text[last:m.start()]))
        n = m.group(1)
        out.append(f"[\\[{n}\\]](#cite-{turn}-{n})")
        last = m.end()
    out.append(escape_markdown(text[last:]))
    return "".join(out)


def _find(text: str, fragment: str) -> tuple[int, int] | None:
    words = fragment.split()
    if len(words) < 3:
        return None
    m = re.search(r"\s*".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def highlight(text: str, quote: str) -> str:
    """Item text as HTML with the quoted passage in <mark>, all escaped.

    The quote is verbatim with whitespace folded; where it joins pieces (an
    ellipsis, list entries joined by ";"), each piece found is marked."""
    whole = _find(text, quote)
    if whole:
        spans = [whole]
    else:
        pieces = re.split(r"\s*(?:\.\.\.|…)\s*|(?<=[.;:])\s+", quote)
        spans = [s for s in (_find(text, p.rstrip(";")) for p in pieces) if s]
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(escape_html(text[last:start]))
        out.append(f"<mark>{escape_html(text[start:end])}</mark>")
        last = end
    out.append(escape_html(text[last:]))
    return "".join(out)


# ------------------------------------------------------------------ a turn


@dataclass(frozen=True)
class Turn:
    """One answered question of a conversation."""

    number: int
    question: str
    answer: Answer
    message_index: int


ItemLookup = Callable[[str, str], "tuple[AgendaItem, Meeting] | None"]


def meeting_of(c: Citation, lookup: ItemLookup) -> Meeting | None:
    found = lookup(c.source, c.item if c.item is not None else c.title)
    return found[1] if found else None


def sources_markdown(answer: Answer, lookup: ItemLookup) -> str:
    if not answer.citations:
        return ""
    lines = ["", "", "**Sources**", ""]
    for c in answer.citations:
        label = citation_label(c, meeting_of(c, lookup))
        lines.append(f"{c.n}\\. {escape_markdown(label)}  ")
    return "\n".join(lines)


def chat_text(answer: Answer) -> str:
    """The answer as the chat shows it: a refusal's nearest items are listed
    as links after it, so its sentence naming them is left out."""
    return refusal_text(answer)


def nearest_markdown(answer: Answer, turn: int, lookup: ItemLookup) -> str:
    """A refusal's nearest items as links that open them (they are not sources)."""
    if not answer.nearest:
        return ""
    lines = ["", "", "**Nearest items** (none of them answers the question; open one to read it)", ""]
    for c in answer.nearest:
        label = escape_markdown(citation_label(c, meeting_of(c, lookup)))
        lines.append(f"- [{label}](#near-{turn}-{c.n})")
    return "\n".join(lines)


def plain_text(turn: Turn, lookup: ItemLookup) -> str:
    """The answer with its citations as plain text (what the copy button copies)."""
    a = turn.answer
    lines = [f"Question: {turn.question}", "", a.answer]
    if a.citations:
        lines += ["", "Sources:"]
        for c in a.citations:
            label = citation_label(c, meeting_of(c, lookup))
            lines.append(f"[{c.n}] {label}. \"{c.quote}\"")
            if c.url:
                lines.append(f"    {c.url}")
    return "\n".join(lines)


def website_link(url: str | None) -> str:
    """'View on the council's website' for an http(s) address, else nothing."""
    if not url or not url.startswith(("https://", "http://")):
        return ""
    return (
        f'<p class="qa-note"><a href="{escape_html(url)}" target="_blank" '
        'rel="noopener noreferrer">View on the council&#39;s website</a> '
        "(opens in a new tab)</p>"
    )


def item_card(anchor: str, heading: str, source: Source, text: str | None,
              quote: str = "", url: str | None = None, *, is_quote: bool = True,
              open_item: bool = False) -> str:
    """One agenda item as the page shows it: label, the quote, the whole item
    (the quote marked) folded, the council's link and the file as a detail."""
    body = ""
    if text is not None:
        marked = highlight(text, quote) if quote else escape_html(text)
        body = (
            f"<details{' open' if open_item else ''}><summary>Show the whole item</summary>"
            f'<div class="qa-item" tabindex="0" role="region" aria-label="Whole item">'
            f"{marked}</div></details>"
        )
    shown = ""
    if quote and is_quote:
        shown = f'<blockquote class="qa-quote">{escape_html(quote)}</blockquote>'
    return (
        f'<li class="qa-cite" id="{anchor}" tabindex="-1">'
        f'<p class="qa-meta">{escape_html(heading)}</p>'
        f"<h3>{escape_html(label(source))}</h3>"
        f"{website_link(url)}{shown}{body}"
        f'<p class="qa-details">{escape_html(source_details(source))}</p></li>'
    )


def citation_card(turn: Turn, c: Citation, lookup: ItemLookup, kind: str = "cite") -> str:
    found = lookup(c.source, c.item if c.item is not None else c.title)
    item, meeting = found if found is not None else (None, None)
    heading = f"[{c.n}]" if kind == "cite" else "Nearest item (not a source of the answer)"
    return item_card(
        f"{kind}-{turn.number}-{c.n}", heading, Source.of_citation(c, meeting),
        item.text if item is not None else None, c.quote, c.url, is_quote=kind == "cite",
    )


def turn_html(turn: Turn, lookup: ItemLookup) -> str:
    a = turn.answer
    copy_id = f"qa-plain-{turn.number}"
    head = (
        '<button type="button" class="qa-copy">'
        "Copy answer with citations</button>"
        f'<pre id="{copy_id}" hidden>{escape_html(plain_text(turn, lookup))}</pre>'
    )
    if not a.citations:
        note = (
            "The minutes do not cover this question."
            if not a.grounded else "This answer cites no agenda item."
        )
        near = "".join(citation_card(turn, c, lookup, "near") for c in a.nearest)
        if near:
            note += " The nearest items are below; none of them answers it."
            near = f'<ol class="qa-cites">{near}</ol>'
        return head + f'<p class="qa-note">{note}</p>{near}'
    cards = "".join(citation_card(turn, c, lookup) for c in a.citations)
    return head + f'<ol class="qa-cites">{cards}</ol>'


def panel_html(turns: Sequence[Turn], lookup: ItemLookup, status: str = "") -> str:
    """The cited-items panel: the latest answer's items, earlier ones folded."""
    parts = [
        '<section class="qa-panel" aria-label="Cited items">',
        '<button type="button" class="qa-back">Back to the conversation</button>',
        "<h2>Cited items</h2>",
    ]
    if status:
        parts.append(f'<p class="qa-note" role="status">{escape_html(status)}</p>')
    if not turns:
        if not status:
            parts.append(
                '<p class="qa-note">Each answer lists here the agenda items it '
                "cites, with the quoted text. Select a marker such as [1] in an "
                "answer to jump to its item.</p>"
            )
    else:
        latest = turns[-1]
        parts.append(
            f'<p class="qa-note">For: “{escape_html(latest.question)}”</p>'
            + turn_html(latest, lookup)
        )
        for earlier in reversed(turns[:-1]):
            parts.append(
                f"<details><summary>Earlier question {earlier.number}: "
                f"{escape_html(earlier.question)}</summary>"
                f"{turn_html(earlier, lookup)}</details>"
            )
    parts.append("</section>")
    return "".join(parts)


# ------------------------------------------------------------------ meetings


MAX_LISTED_MEETINGS = 500  # a page's budget: the Meetings view lists at most this many


def meetings_html(catalog: Catalog, whole: Catalog, words: str = "") -> str:
    """Committees, their meetings and agenda items; each item a link that
    opens it in the item view below."""
    parts = ['<section class="qa-meetings" aria-label="Meetings in the collection">',
             f'<p class="qa-summary" role="status"><strong>{escape_html(catalog_summary(whole))}</strong>']
    if words.strip():
        verb = "matches" if catalog.items == 1 else "match"
        parts.append(f" · {catalog.items} item{'s' * (catalog.items != 1)} "
                     f"{verb} “{escape_html(words.strip())}”")
    parts.append("</p>")
    if not catalog.committees:
        parts.append('<p class="qa-note">No agenda item title matches.</p>')
    opened = bool(words.strip())
    listed = sum(len(c.meetings) for c in catalog.committees)
    if listed > MAX_LISTED_MEETINGS:
        # A whole archive (thousands of meetings) would make a page of
        # megabytes, built at every start: the first meetings in the list's
        # order, and a note that words of a title narrow it.
        parts.append(f'<p class="qa-note">Showing {MAX_LISTED_MEETINGS:,} of {listed:,} meetings. '
                     "Type words of an item's title above to find the others.</p>")
    budget = MAX_LISTED_MEETINGS
    for committee in catalog.committees:
        if budget <= 0:
            break
        parts.append(f"<h3>{escape_html(committee.name)} "
                     f'<span class="qa-count">({len(committee.meetings)} '
                     f"meeting{'s' * (len(committee.meetings) != 1)})</span></h3>")
        for m in committee.meetings[:budget]:
            items = "".join(
                f'<li><a href="#qa-open-{escape_html(url_quote(i.id, safe=""))}">'
                f"{escape_html(item_part(Source.of(m.meeting, _ref_item(m.source, i))))}</a></li>"
                for i in m.items
            )
            count = f"{len(m.items)} item{'s' * (len(m.items) != 1)}"
            parts.append(
                f"<details{' open' if opened else ''}><summary>{escape_html(m.label)} "
                f'<span class="qa-count">({count})</span></summary>'
                f'<ul class="qa-items">{items}</ul></details>'
            )
        budget -= min(budget, len(committee.meetings))
    parts.append("</section>")
    return "".join(parts)


def _ref_item(source: str, ref: CatalogItem) -> AgendaItem:
    return AgendaItem(source, ref.item, ref.title, "")


def item_view_html(found: tuple[AgendaItem, Meeting] | None) -> str:
    """One agenda item opened from the Meetings view (the citation's card)."""
    if found is None:
        return '<p class="qa-note" role="status">That agenda item is no longer in the index.</p>'
    item, meeting = found
    card = item_card("qa-opened-item", "Agenda item", Source.of(meeting, item), item.text,
                     url=meeting.url, open_item=True)
    return f'<ol class="qa-cites">{card}</ol>'


# ------------------------------------------------------------------ events


def read_filters(committee: str | None, date_from: str | None, date_to: str | None) -> Filters:
    """Filters from the page's controls; ValueError with a message when malformed."""
    dates = [filter_date((date_from or "").strip() or None, "From date"),
             filter_date((date_to or "").strip() or None, "To date")]
    chosen = None if committee in (None, "", ALL_COMMITTEES) else committee
    return Filters(committee=chosen, date_from=dates[0], date_to=dates[1])


def recent(questions: Sequence[str], limit: int) -> list[str]:
    """The last ``limit`` questions (none when ``limit`` is 0: ``x[-0:]`` is all of x)."""
    return list(questions[-limit:]) if limit > 0 else []


def _chunks(text: str) -> Iterator[str]:
    """Growing prefixes of ``text``, a few words more each time (at most
    ``MAX_STREAM_UPDATES`` of them)."""
    words = re.split(r"(\s+)", text)  # words and the spaces between them
    step = max(STREAM_WORDS * 2, -(-len(words) // MAX_STREAM_UPDATES))
    for end in range(step, len(words), step):
        yield "".join(words[:end])
    yield text


@dataclass(frozen=True)
class _Opening:
    """A chat turn as first shown: the question and "Searching"."""

    message: str
    chat: list[dict[str, Any]]
    turns: list[Turn]
    outputs: tuple[Any, ...]
    empty: bool = False  # nothing was asked: no answer follows


@dataclass(frozen=True)
class _Reply:
    """What follows the opening: streamed chat updates, then the whole answer."""

    chunks: tuple[tuple[Any, ...], ...]
    final: tuple[Any, ...]


@dataclass
class ChatHandlers:
    """The event functions of one surface ("page" or "widget")."""

    assistant: Assistant
    settings: Settings
    store: FeedbackStore
    surface: str = "page"
    # The conversation's component, once wired (_wire): respond_async sends
    # the chat in the form the page receives (see _sent).
    chatbot: gr.Chatbot | None = field(default=None, repr=False)
    _lookup: ItemLookup = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._lookup = self.assistant.item

    def lookup(self, source: str, key: str) -> tuple[AgendaItem, Meeting] | None:
        return self._lookup(source, key)

    def respond(
        self,
        message: str,
        chat: list[dict[str, Any]] | None,
        turns: list[Turn] | None,
        committee: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Stream the answer to ``message`` into the chat; the panel follows."""
        arrived = time.perf_counter()
        opening = self._open_turn(message, chat, turns)
        yield opening.outputs
        if opening.empty:
            return
        reply = self._reply(opening, committee, date_from, date_to)
        for outputs in self._streamed(reply, arrived):
            yield outputs
            if self.settings.stream_delay_s:
                time.sleep(self.settings.stream_delay_s)
        yield reply.final

    async def respond_async(
        self,
        message: str,
        chat: list[dict[str, Any]] | None,
        turns: list[Turn] | None,
        committee: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> AsyncIterator[tuple[Any, ...]]:
        """``respond`` as the page and the widget run it: the same updates, on
        Gradio's event loop, with the answer and its rendering computed in one
        worker thread.  (Gradio runs each step of a plain generator in a thread
        of its own: under load each of those hops waits for the interpreter
        and a core, and a turn made several of them.)"""
        arrived = time.perf_counter()
        opening = self._open_turn(message, chat, turns)
        yield self._sent(opening.outputs)
        if opening.empty:
            return

        def reply() -> _Reply:  # in the thread: the answer, and every update made ready
            made = self._reply(opening, committee, date_from, date_to)
            return _Reply(tuple(self._sent(c) for c in made.chunks), self._sent(made.final))

        ready = await asyncio.to_thread(reply)
        for outputs in self._streamed(ready, arrived):
            yield outputs
            if self.settings.stream_delay_s:
                await asyncio.sleep(self.settings.stream_delay_s)
        yield ready.final

    def _sent(self, outputs: tuple[Any, ...]) -> tuple[Any, ...]:
        """Outputs (question, chat, panel, turns) as Gradio's postprocess
        would send them: the events run without it, since it hops to a thread
        for each output of each update (the chat through the Chatbot's own
        postprocess; the panel and the question box are sent as they are,
        one line of our HTML and plain text)."""
        question, chat, panel, turns = outputs
        if self.chatbot is not None and isinstance(chat, list):
            chat = self.chatbot.postprocess(chat).model_dump()
        return question, chat, panel, turns

    def _open_turn(self, message: str | None, chat: list[dict[str, Any]] | None,
                   turns: list[Turn] | None) -> _Opening:
        """The question shown at once, with "Searching" under it."""
        chat = list(chat or [])
        turns = list(turns or [])
        message = message or ""
        if not message.strip():
            return _Opening(message, chat, turns, (gr.skip(), chat, gr.skip(), turns), empty=True)
        chat.append({"role": "user", "content": escape_markdown(message)})
        chat.append({"role": "assistant", "content": "*Searching the minutes…*"})
        # The chat says "Searching"; the panel (the heaviest output: every
        # cited item in full) is sent once, with the answer.
        return _Opening(message, chat, turns, ("", chat, gr.skip(), turns))

    def _reply(self, opening: _Opening, committee: str | None, date_from: str | None,
               date_to: str | None) -> _Reply:
        """The answer and every update that shows it (computed before any is sent)."""
        message, turns = opening.message, opening.turns
        chat = list(opening.chat)
        started = time.perf_counter()
        try:
            filters = read_filters(committee, date_from, date_to)
            history = recent([t.question for t in turns], self.settings.max_history)
            answer = self.assistant.ask(message, filters, history)
        except (QuestionError, ValueError) as exc:
            chat[-1] = {"role": "assistant", "content": escape_markdown(str(exc))}
            return _Reply((), (gr.skip(), chat, panel_html(turns, self.lookup), turns))
        self._log(message, answer, time.perf_counter() - started)
        turn = Turn(turns[-1].number + 1 if turns else 1, message, answer, len(chat) - 1)
        shown = chat_text(answer)
        # The answer is whole already: streaming it is for the reader's eye,
        # and each update is a round through Gradio's queue (see _streamed).
        chunks = tuple(
            (gr.skip(), [*chat[:-1], {"role": "assistant",
                                      "content": answer_markdown(partial, turn.number)}],
             gr.skip(), gr.skip())
            for partial in _chunks(shown)
        )
        chat[-1] = {
            "role": "assistant",
            "content": answer_markdown(shown, turn.number)
            + sources_markdown(answer, self.lookup)
            + nearest_markdown(answer, turn.number, self.lookup),
        }
        # Keep a bounded conversation server-side: a page left open all day
        # must not grow its state (and the panel's work) without end.
        turns = [*turns, turn][-max(1, self.settings.max_turns):]
        return _Reply(chunks, (gr.skip(), chat, panel_html(turns, self.lookup), turns))

    def _streamed(self, reply: _Reply, arrived: float) -> Iterator[tuple[Any, ...]]:
        """The streamed chunks to send before the final update.  The budget
        counts from the question's arrival: an answer that was slow to come
        (a busy server, where each round is slow too) is sent whole, with its
        sources, rather than made later still by streaming."""
        for outputs in reply.chunks:
            if time.perf_counter() - arrived >= self.settings.stream_budget_s:
                return
            yield outputs

    def ask_json(self, question: str, committee: str = "", date_from: str = "",
                 date_to: str = "") -> dict[str, Any]:
        """The CONTRACT's ask object, for gradio_client users."""
        try:
            filters = read_filters(committee, date_from, date_to)
            return self.assistant.ask(question, filters, ()).to_json()
        except (QuestionError, ValueError) as exc:
            return {"question": question[:200], "error": str(exc)}

    def _log(self, question: str, answer: Answer, seconds: float) -> None:
        if self.settings.log_questions:
            logger.info("%s question %r answered in %.3fs (grounded=%s)",
                        self.surface, question, seconds, answer.grounded)
        else:
            logger.info("%s question answered in %.3fs (grounded=%s)",
                        self.surface, seconds, answer.grounded)

    def feedback(self, turns: list[Turn] | None, data: gr.LikeData,
                 request: gr.Request) -> None:
        """Store a thumbs up/down with the question it answers."""
        turn = next((t for t in turns or [] if t.message_index == data.index), None)
        if turn is None or data.liked not in (True, False):
            return
        user = getattr(request, "username", None) if request is not None else None
        self.store.record(
            rating="up" if data.liked else "down",
            question=turn.question,
            answer=turn.answer.answer,
            grounded=turn.answer.grounded,
            citations=[c.to_json() for c in turn.answer.citations],
            surface=self.surface,
            user=user,
        )

    def clear(self) -> tuple[Any, ...]:
        return [], [], panel_html([], self.lookup), ""

    def clear_all(self) -> tuple[Any, ...]:
        """A new conversation on the page: the filters are reset too."""
        return (*self.clear(), ALL_COMMITTEES, "", "", gr.Accordion(label=filters_label(None, None, None)))

    def meetings(self, words: str | None = "") -> str:
        """The Meetings view, its titles filtered by ``words``."""
        whole = self.assistant.catalog()
        return meetings_html(filter_catalog(whole, words or ""), whole, words or "")

    def open_item(self, request: str | None) -> str:
        """The item view for an id sent by a click in the Meetings view."""
        iid = (request or "").partition("|")[0]  # "|n" makes a repeated click a new value
        return item_view_html(self.assistant.item_by_id(iid) if iid else None)


def filters_label(committee: str | None, date_from: str | None, date_to: str | None) -> str:
    """The filters' heading, naming those in force so a closed panel hides none."""
    on = []
    if committee and committee != ALL_COMMITTEES:
        on.append(committee)
    if (date_from or "").strip():
        on.append(f"from {date_from.strip()}")
    if (date_to or "").strip():
        on.append(f"to {date_to.strip()}")
    return f"Filters in force: {'; '.join(on)}" if on else "Filters (none: all meetings)"


def show_filters(committee: str | None, date_from: str | None, date_to: str | None) -> Any:
    return gr.Accordion(label=filters_label(committee, date_from, date_to))


# ------------------------------------------------------------------ layouts


def theme() -> gr.themes.Base:
    """Gradio's default look with system fonts: the page fetches no font file."""
    return gr.themes.Default(
        primary_hue="blue", font=list(SYSTEM_FONTS), font_mono=list(MONO_FONTS)
    ).set(
        # WCAG 2.2 AA contrast (4.5:1) for hints and the primary button.
        block_info_text_color="*neutral_600",
        block_info_text_color_dark="*neutral_300",
        input_placeholder_color="*neutral_500",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_background_fill_dark="*primary_700",
        button_primary_text_color="white",
    )


def _chatbot(height: int | str) -> gr.Chatbot:
    return gr.Chatbot(
        label="Conversation",
        show_label=False,  # Gradio floats it over the first message
        autoscroll=False,  # the page's script shows each new answer from its start
        height=height,
        examples=[{"text": q} for q in EXAMPLE_QUESTIONS],
        buttons=[],
        feedback_options=("Like", "Dislike"),
        latex_delimiters=[],
        sanitize_html=True,
        allow_tags=False,
        layout="bubble",
        elem_id="qa-chat",
    )


def _panel(handlers: ChatHandlers) -> gr.Markdown:
    # Markdown, not gr.HTML: Gradio 6 evaluates gr.HTML as a JavaScript
    # template, which the CSP (no 'unsafe-eval') rightly refuses.
    return gr.Markdown(
        panel_html([], handlers.lookup), label="Cited items", show_label=False,
        elem_id="qa-panel", sanitize_html=True,
        latex_delimiters=[], line_breaks=False, container=True,
    )


def example_text(data: gr.SelectData) -> str:
    """The question of the example the user picked."""
    return str(data.value.get("text", "")) if isinstance(data.value, dict) else ""


def _wire(handlers: ChatHandlers, chatbot: gr.Chatbot, question: gr.Textbox,
          ask: gr.Button, clear: gr.Button, panel: gr.Markdown, turns: gr.State,
          filters: Sequence[gr.components.Component], api_name: str | None,
          filter_box: gr.Accordion | None = None) -> None:
    inputs = [question, chatbot, turns, *filters]
    outputs = [question, chatbot, panel, turns]
    # No preprocess or postprocess by Gradio: it runs each component's in a
    # thread of its own, one hop per input and per output of every update,
    # and under load each hop waits for the interpreter and a core.  The
    # inputs need none (text stays text; the chat arrives as the messages its
    # preprocess would give; read_filters checks the filters); the outputs
    # are made ready by ChatHandlers._sent.
    handlers.chatbot = chatbot
    respond = {"fn": handlers.respond_async, "inputs": inputs, "outputs": outputs,
               "preprocess": False, "postprocess": False}
    question.submit(**respond, api_name=api_name)
    ask.click(**respond, api_visibility="private")
    chatbot.example_select(
        example_text, None, question, api_visibility="private",
        queue=False,
    ).then(**respond, api_visibility="private")
    chatbot.like(handlers.feedback, [turns], None, api_visibility="private", queue=False)
    reset, outs = handlers.clear, [chatbot, turns, panel, question]
    if filter_box is not None:
        reset, outs = handlers.clear_all, [*outs, *filters, filter_box]
        for control in filters:
            control.change(show_filters, list(filters), filter_box,
                           api_visibility="private", queue=False)
    clear.click(reset, None, outs, api_visibility="private", queue=False)
    chatbot.clear(reset, None, outs, api_visibility="private", queue=False)


def build_page(handlers: ChatHandlers) -> gr.Blocks:
    """The full page: the conversation with filters and cited items, and the
    Meetings view of what the collection holds."""
    settings = handlers.settings
    with gr.Blocks(title="Council minutes assistant", analytics_enabled=False) as page:
        turns = gr.State([])
        gr.Markdown(
            "# Ask the council minutes\n"
            "Answers quote the published minutes; every statement links to the "
            "agenda item it comes from."
        )
        with gr.Tabs():
            with gr.Tab("Ask", elem_id="qa-tab-ask"):  # noqa: SIM117 (one layout level per with)
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        with gr.Accordion(filters_label(None, None, None), open=False,
                                          elem_id="qa-filters") as filter_box:
                            committee = gr.Dropdown(
                                [ALL_COMMITTEES, *handlers.assistant.committees()],
                                value=ALL_COMMITTEES, label="Committee",
                            )
                            with gr.Row():
                                date_from = gr.Textbox(label="From date", placeholder="YYYY-MM-DD")
                                date_to = gr.Textbox(label="To date", placeholder="YYYY-MM-DD")
                        chatbot = _chatbot(480)
                        question = gr.Textbox(
                            label="Your question",
                            placeholder="e.g. What was resolved about fostering panels?",
                            info=f"Up to {settings.max_question_chars:,} characters. Press Enter to ask.",
                            lines=1, max_lines=4, elem_id="qa-question",
                        )
                        with gr.Row():
                            ask = gr.Button("Ask", variant="primary", elem_id="qa-ask")
                            clear = gr.Button("New conversation", variant="secondary",
                                              elem_id="qa-new")
                    with gr.Column(scale=2, min_width=280):
                        panel = _panel(handlers)
            with gr.Tab("Meetings", elem_id="qa-tab-meetings"):
                words = gr.Textbox(label="Find agenda items by title", elem_id="qa-meetings-filter",
                                   placeholder="e.g. fostering", lines=1, max_lines=1)
                listing = gr.Markdown(
                    handlers.meetings(""), elem_id="qa-meetings", sanitize_html=True,
                    latex_delimiters=[], line_breaks=False,
                )
                request = gr.Textbox(visible="hidden", elem_id="qa-item-request",
                                     label="Item to open")
                item_view = gr.Markdown(
                    '<p class="qa-note">Select an agenda item above to read it here.</p>',
                    elem_id="qa-item-view", sanitize_html=True, latex_delimiters=[],
                    line_breaks=False,
                )
        _wire(handlers, chatbot, question, ask, clear, panel, turns,
              [committee, date_from, date_to], api_name="chat", filter_box=filter_box)
        words.change(handlers.meetings, words, listing, api_visibility="private",
                     queue=False, trigger_mode="always_last")
        request.change(handlers.open_item, request, item_view, api_visibility="private", queue=False)
        gr.api(handlers.ask_json, api_name="ask")
    return page


def build_widget(handlers: ChatHandlers) -> gr.Blocks:
    """The compact conversation for an intranet iframe."""
    with gr.Blocks(title="Ask the council minutes", analytics_enabled=False,
                   fill_width=True) as widget:
        turns = gr.State([])
        gr.Markdown("## Ask the council minutes")
        chatbot = _chatbot(320)
        question = gr.Textbox(
            label="Your question", placeholder="Ask about the minutes",
            lines=1, max_lines=3, elem_id="qa-question",
        )
        with gr.Row():
            ask = gr.Button("Ask", variant="primary", size="sm", elem_id="qa-ask")
            clear = gr.Button("New conversation", variant="secondary", size="sm",
                              elem_id="qa-new")
        panel = _panel(handlers)
        _wire(handlers, chatbot, question, ask, clear, panel, turns, [], api_name="chat")
    return widget


def public_root(prefix: str, path: str) -> str | None:
    """Where a proxy publishes the Blocks mounted at ``path`` (None: work it out)."""
    if not prefix:
        return None
    return prefix.rstrip("/") + ("" if path == "/" else path)


def _calm_queue(blocks: gr.Blocks) -> None:
    """Poll Gradio's queue every QUEUE_POLL_S instead of every millisecond.

    Gradio offers no setting for it: the attributes are its queue's own,
    left alone if a later Gradio no longer has them.
    """
    queue = getattr(blocks, "_queue", None)
    for name, seconds in (("sleep_when_free", QUEUE_POLL_S),
                          ("progress_update_sleep_when_free", QUEUE_PROGRESS_POLL_S)):
        if isinstance(getattr(queue, name, None), float):
            setattr(queue, name, seconds)


def mount_ui(app: Any, settings: Settings, assistant: Assistant, store: FeedbackStore,
             *, auth: Any = None, auth_dependency: Any = None) -> None:
    """Mount the widget at /widget and the page at / on the FastAPI ``app``."""
    for path, build, surface in (("/widget", build_widget, "widget"), ("/", build_page, "page")):
        blocks = build(ChatHandlers(assistant, settings, store, surface))
        blocks.queue(
            default_concurrency_limit=settings.queue_concurrency,
            max_size=settings.queue_max_size,
        )
        _calm_queue(blocks)
        gr.mount_gradio_app(
            app, blocks, path=path,
            footer_links=[], run_history=False, show_error=False,
            auth=auth, auth_dependency=auth_dependency,
            auth_message="Enter the shared password for the minutes assistant.",
            root_path=public_root(settings.root_path, path),
            max_file_size=settings.max_request_bytes,
            ssr_mode=False, pwa=False, mcp_server=False, enable_monitoring=False,
            theme=theme(), css=CSS, head=HEAD,
        )
