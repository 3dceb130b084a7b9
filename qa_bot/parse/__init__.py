"""Minutes in, agenda items out.

``parse_file`` reads one file (text, HTML or PDF), puts back the layout its
rendering lost (tables, flattened lines), finds which published shape it is
and returns a ``Document``: the meeting and its agenda items, each with its
resolutions and its offsets in ``Document.text``.  ``parse_corpus`` does a
whole folder, never stopping on a bad file, and keeps a meeting saved twice
only once.

The shapes, one module each: ``moderngov`` (web-page text), ``pdf_minutes``
(PDF minutes as text), ``agenda_item_page``, ``issue_page``, ``unnumbered`` (numbers and
labels lost, or table rows without their number column), ``planning``,
``decisions``, ``parish``, ``journal`` (entries opening with their time), ``separated`` (blocks between "//" lines), and ``headings``, which reads any layout by the
dominant numbering of its heading lines (and by numbers printed in
sequence, whatever the wording); last, ``resolution_blocks`` for minutes
that print only numbered resolutions; renderings: ``html``, ``pdf``,
``tables``, ``flattened``; page ``furniture`` blanked out first; then
``attendance`` (the block before the first item as its own unit),
``resolutions``, ``meeting``, ``manifest``, ``dedupe``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.parse import (
    agenda_item_page,
    attendance,
    decisions,
    flattened,
    headings,
    issue_page,
    journal,
    moderngov,
    parish,
    pdf_minutes,
    planning,
    resolution_blocks,
    run_in,
    separated,
    tables,
    unnumbered,
)
from qa_bot.parse.dedupe import drop_duplicates
from qa_bot.parse.furniture import blank_furniture
from qa_bot.parse.html import html_to_text, is_html
from qa_bot.parse.manifest import FILENAME as MANIFEST_FILENAME
from qa_bot.parse.manifest import Manifest, ManifestRow, load_manifest
from qa_bot.parse.meeting import read_meeting
from qa_bot.parse.pdf import is_pdf, pdf_to_text
from qa_bot.parse.spans import ItemSpan, finish_items
from qa_bot.parse.text import (
    blank_out,
    control_share,
    decode,
    looks_binary,
    normalise_newlines,
    trim,
)
from qa_bot.records import AgendaItem, Document
from qa_bot.settings import Settings
from qa_bot.versions import (
    PARSER_VERSION,  # kept there: the server needs it without the parsers
)

__all__ = [
    "PARSER_VERSION",
    "CorpusParse",
    "Manifest",
    "ManifestRow",
    "ParseError",
    "item_to_json",
    "load_manifest",
    "parse_bytes",
    "parse_corpus",
    "parse_file",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES: int = Settings().max_file_bytes
_BOLD = re.compile(r"\*\*")
_BINARY_SHARE = 0.05
_UNTITLED = "(untitled)"
_TITLE_LINES = 8
_MAX_WHOLE_TITLE = 120
# page chrome above a page's real heading
_NOT_A_TITLE = re.compile(
    r"^(?:Loading\.*|Issue\s*-\s*meetings|Agenda(?:,? decisions)? and (?:draft )?minutes|Councillors and committees"
    r"|Skip to .*|Menu|Home)$|\bIcon$|HomeMy WebLink|\s[>»›|]\s|^View (?:Other|All)\b",
    re.IGNORECASE,
)


class ParseError(ValueError):
    """A file that cannot be used at all; the message names the file."""


@dataclass(frozen=True)
class CorpusParse:
    documents: tuple[Document, ...]
    warnings: tuple[str, ...]


def parse_file(
    path: Path,
    *,
    source: str | None = None,
    manifest: Manifest | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """One minutes file as a Document; ParseError if it cannot be used."""
    path = Path(path)
    source = source or path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ParseError(
                f"{source}: {size:,} bytes is over the {max_bytes:,}-byte limit "
                "(setting max_file_bytes); skipped"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{source}: cannot be read ({exc.strerror or exc}); skipped") from exc
    return parse_bytes(data, source=source, suffix=path.suffix, manifest=manifest)


def parse_bytes(
    data: bytes, *, source: str, suffix: str = "", manifest: Manifest | None = None
) -> Document:
    """The bytes of one minutes file as a Document (see ``parse_file``)."""
    if not data.strip():
        raise ParseError(f"{source}: empty file; skipped")
    text, rendering, warnings = _extract(data, source, suffix)
    text = blank_furniture(blank_out(normalise_newlines(text), _BOLD))
    if not text.strip():
        raise ParseError(f"{source}: no text in the file; skipped")
    text, shape, spans = _find_items(text)
    if not spans:
        warnings.append(f"{source}: no agenda items recognised; kept as one untitled item")
        spans = [_whole_text(text)]
    block = attendance.find_block(text, spans)
    items = finish_items(text, spans, source)
    row = manifest.get(source) if manifest is not None else None
    meeting, meeting_warnings = read_meeting(text, source, items, f"{rendering}:{shape}", row)
    if block is not None:  # the meeting is read from the head of the page, attendance included
        items = finish_items(text, [block], source) + items
    return Document(
        source=source,
        text=text,
        meeting=meeting,
        items=items,
        content_hash=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings + meeting_warnings),
    )


def parse_corpus(
    paths: Iterable[Path],
    *,
    manifest: Manifest | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CorpusParse:
    """Every file under ``paths`` (folders expanded, sorted, recursively,
    hidden files and manifest.csv skipped).  Never raises: a bad file becomes
    a warning.  Without ``manifest``, each folder's manifest.csv is read."""
    documents: list[Document] = []
    warnings: list[str] = []
    try:
        files, manifests, missing = _expand(paths)
    except OSError as exc:
        return CorpusParse((), (f"cannot list the corpus: {exc}",))
    warnings.extend(missing)
    for path, source, folder in files:
        chosen = manifest if manifest is not None else manifests.get(folder)
        try:
            doc = parse_file(path, source=source, manifest=chosen, max_bytes=max_bytes)
        except ParseError as exc:
            warnings.append(str(exc))
            continue
        except Exception as exc:
            logger.debug("parser failure on %s", source, exc_info=True)
            warnings.append(f"{source}: could not be parsed ({exc.__class__.__name__}: {exc}); skipped")
            continue
        documents.append(doc)
        warnings.extend(doc.warnings)
    documents, duplicates = drop_duplicates(documents)
    warnings.extend(duplicates)
    if manifest is None:
        for m in manifests.values():
            warnings.extend(m.warnings)
    for warning in warnings:
        logger.warning(warning)
    return CorpusParse(tuple(documents), tuple(warnings))


def item_to_json(doc: Document, item: AgendaItem) -> dict[str, Any]:
    """The ``parse --json`` object of one item (CONTRACT.md), plus extras."""
    meeting = doc.meeting
    return {
        "source": doc.source,
        "item": item.item,
        "title": item.title,
        "committee": meeting.committee,
        "date": meeting.date,
        "resolutions": list(item.resolutions),
        "truncated": item.truncated,
        "text": item.text,
        "description": item.description,
        "start": item.start,
        "end": item.end,
        "date_inferred": meeting.date_inferred,
        "inferred": list(meeting.inferred),
        "venue": meeting.venue,
        "council": meeting.council,
        "url": meeting.url,
        "shape": meeting.shape,
    }


# --- the steps -------------------------------------------------------------


def _extract(data: bytes, source: str, suffix: str) -> tuple[str, str, list[str]]:
    """(text, rendering, warnings) from the raw bytes."""
    warnings: list[str] = []
    if is_pdf(data):
        try:
            text = pdf_to_text(data)
        except ValueError as exc:
            raise ParseError(f"{source}: {exc}; skipped") from exc
        if not text.strip():
            raise ParseError(f"{source}: PDF without a text layer (scanned?); skipped")
        return text, "pdf", warnings
    if looks_binary(data):
        raise ParseError(f"{source}: binary file, not minutes text; skipped")
    text, encoding = decode(data)
    if control_share(text) > _BINARY_SHARE:
        raise ParseError(f"{source}: binary file, not minutes text; skipped")
    if encoding not in {"utf-8-sig", "utf-16"}:
        warnings.append(f"{source}: not UTF-8; decoded as {encoding}")
    if is_html(data, suffix):
        return html_to_text(text), "html", warnings
    return text, "text", warnings


_Finder = Callable[[str], list[ItemSpan]]
# Shapes competing on how many items they find; ties go to the earlier one.
_SHAPES: tuple[tuple[str, _Finder, int], ...] = (
    (moderngov.SHAPE, moderngov.find_items, 2),
    (decisions.SHAPE, decisions.find_items, 2),
    (issue_page.SHAPE, issue_page.find_items, 1),
    (parish.SHAPE, parish.find_items, 2),
    (planning.SHAPE, planning.find_items, 1),
    (pdf_minutes.SHAPE, pdf_minutes.find_items, 2),
    (headings.SHAPE, headings.find_items, 2),
)


_PARAGRAPH_RUN = 5  # numbered paragraphs opening with sentences, in a row, to read a page by


def _find_items(text: str) -> tuple[str, str, list[ItemSpan]]:
    """(text with layout put back, shape name, item spans); where the page
    prints its agenda as a list before the minutes, the minutes' own items
    after the list (``_after_agenda``)."""
    text, shape, spans = _find_shape_items(text)
    return text, shape, _after_agenda(text, spans)


# An agenda printed as a list over the minutes ("AGENDA / 1. Call Meeting to Order / 2. Roll Call ... /
# March 17, 2010 / The Town Board met in Regular Session ..."): every listed item but the last one line
# or two, the last holding at least half the page.
_AGENDA_LINE_CHARS = 300
_AGENDA_TYPICAL_CHARS = 80
_AGENDA_MIN_ITEMS = 3
# ... and the minutes open after it: their heading, the date on a line of its own, the call to order
_MEETING_OPENS = re.compile(
    r"\bMINUTES\s+OF\b|\bMinutes\s+of\s+(?:the|a)\b|\bcalled\s+(?:\w+\s+){0,6}?to\s+order\b|\bmet\s+in\s+(?:regular|special)\b"
    r"|\bmeeting\s+(?:was\s+)?(?:held|convened)\s+on\b"
    r"|^[ \t\u00a0*]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)\s+\d{1,2},?\s+(?:19|20)\d\d[ \t\u00a0*]*$",
    re.IGNORECASE | re.MULTILINE,
)
_OPENING_CHARS = 600
_OPENING_MIN_CHARS = 20  # less than a sentence between the list and the first item is no opening


def _after_agenda(text: str, spans: list[ItemSpan]) -> list[ItemSpan]:
    """``spans``, or, where they are an agenda list over the minutes, the
    list's items (its last one cut at its line), the opening of the minutes
    (the board met, who presided) as an item of its own, then the items the
    text after the list holds; an item after it titled as a listed one takes
    that one's number and place ("5. Public Comment" / ... / "Public
    Comment - none").  Where the minutes number their items afresh ("1.
    Call to order ..." after "1. Call Meeting to Order"), the list is only
    the agenda and the minutes' own items stand alone."""
    if len(spans) < _AGENDA_MIN_ITEMS:
        return spans
    bodies = [len(text[s.body_start:s.body_end].strip()) for s in spans]
    listed = sorted(bodies[:-1])
    if (bodies[-1] < 0.5 * len(text.strip()) or listed[-1] > _AGENDA_LINE_CHARS
            or listed[len(listed) // 2] > _AGENDA_TYPICAL_CHARS):
        return spans
    line_end = text.find("\n", spans[-1].body_start)
    if line_end < 0:
        return spans
    if not _MEETING_OPENS.search(text, line_end, line_end + _OPENING_CHARS):
        return spans  # the minutes do not open after the list: short items, then a long one
    after = re.sub(r"[^\n]", " ", text[:line_end]) + text[line_end:]  # the list blanked: offsets stay
    _text, _shape, minutes = _find_shape_items(after)
    if len(minutes) < 2 or _text != after:
        return spans
    opening = _opening(text, line_end, minutes[0])
    if {m.number for m in minutes} & {s.number for s in spans} - {None}:
        return opening + minutes  # numbered afresh: the list was the agenda
    taken: set[int] = set()
    out: list[ItemSpan] = []
    for m in minutes:
        k = next((k for k, s in enumerate(spans)
                  if s.number is not None and k not in taken and _same_topic(s.title, m.title)), None)
        if k is not None and m.number is None:
            taken.add(k)
            m = ItemSpan(spans[k].number, m.title, m.body_start, m.body_end, m.description)
        out.append(m)
    last = spans[-1]
    agenda = [*spans[:-1], ItemSpan(last.number, last.title, last.body_start, line_end, last.description)]
    return [a for k, a in enumerate(agenda) if k not in taken] + opening + out


def _opening(text: str, start: int, first: ItemSpan) -> list[ItemSpan]:
    """The minutes' text between the agenda list and their first item ("The
    Town Board met in Regular Session ... with Supervisor Hale presiding"),
    as an item titled as an attendance block is, if there is any."""
    end = attendance.heading_start(text, first)
    if len(text[start:end].strip()) < _OPENING_MIN_CHARS:
        return []
    return [ItemSpan(None, attendance.TITLE, start, end)]


def _same_topic(listed: str, heading: str) -> bool:
    """Whether a heading of the minutes is a listed item's: the list's
    first words open it ("5. Public Comment" and "Public Comment-none")."""
    words = re.findall(r"[^\W\d_]+", listed.lower())[:3]
    return bool(words) and (len(words) >= 2 or len(words[0]) >= 5) and re.findall(
        r"[^\W\d_]+", heading.lower())[:len(words)] == words


def _find_shape_items(text: str) -> tuple[str, str, list[ItemSpan]]:
    """(text with layout put back, shape name, item spans)."""
    suffix = ""
    if tables.looks_tabular(text):
        text, suffix = tables.unfold_cells(text), tables.SHAPE_SUFFIX
    if flattened.is_flattened(text):
        text, suffix = flattened.reflow(text), suffix + flattened.SHAPE_SUFFIX
    if agenda_item_page.detect(text):
        return text, agenda_item_page.SHAPE + suffix, agenda_item_page.find_items(text)
    best: tuple[str, list[ItemSpan]] = ("unknown", [])
    for name, finder, least in _SHAPES:
        spans = finder(text)
        if name == moderngov.SHAPE and len(spans) == 1 and moderngov.has_minutes_labels(text):
            least = 1
        if len(spans) >= least and len(spans) > len(best[1]):
            best = (name, spans)
    if suffix.endswith(flattened.SHAPE_SUFFIX):  # one line: minute references before capitals titles
        spans = flattened.coded_items(text)
        if len(spans) > len(best[1]):
            best = (flattened.CODED_SHAPE, spans)
    if not best[1] and suffix.endswith(flattened.SHAPE_SUFFIX):  # one line, no numbers: its capitals headings
        spans = flattened.caps_items(text)
        if spans:
            best = (flattened.CAPS_SHAPE, spans)
    if not best[1]:  # a journal of the day, each entry opening with its time ("9:00 Dale Ruiz met ...")
        spans = journal.find_items(text)
        if spans:
            best = (journal.SHAPE, spans)
    if not best[1]:  # blocks set apart by separator lines ("//"), numbered and headed by nothing
        spans = separated.find_items(text)
        if spans:
            best = (separated.SHAPE, spans)
    if not best[1]:
        spans = unnumbered.find_items(text)
        # one item, its number printed or its report linked
        numbered = len(spans) == 1 and (spans[0].number is not None or unnumbered.links_report(spans[0].title))
        if len(spans) < 2 and not numbered:  # a layout nothing reads: any title-case line heading a paragraph
            alone = spans
            spans = unnumbered.find_items(text, any_gap=True)
            numbered = len(spans) == 1 and spans[0].number is not None
            single = alone if len(alone) == 1 else spans
            if len(spans) < 2 and len(single) == 1 and attendance.find_block(text, single) is not None:
                spans, numbered = single, True  # one heading under the attendance block: two units
        if len(spans) >= 2 or numbered:
            best = (unnumbered.SHAPE, spans)
        bulleted = unnumbered.bulleted_headings(text)  # "  • APOLOGIES": the numbers lost as bullets
        if bulleted:  # three or more: the page's own headings, over any short line taken for one
            best = (unnumbered.SHAPE, bulleted)
        if not best[1]:  # nothing else: bulleted lines in any case ("- Motion to Adjourn"), four or more
            best = (unnumbered.SHAPE, unnumbered.bulleted_items(text))
    if not best[1] or best[0] == unnumbered.SHAPE:  # items opened by run-in labels ("New Business:"), if more
        spans = run_in.find_items(text)
        if _with_minutes(text, spans) > _with_minutes(text, best[1]):
            best = (run_in.SHAPE, spans)
    # headings in capitals closed by a colon, over numbered lines inside them; not where the page's own
    # headings are in capitals already ("3. PLANNING APPLICATIONS" over "SITE:" and "PROPOSAL:")
    if best[0] != run_in.SHAPE and not _mostly_capitals(best[1]):
        spans = run_in.find_items(text, capitals_only=True)
        if len(spans) > len(best[1]) and _with_minutes(text, spans) > _with_minutes(text, best[1]):
            best = (run_in.SHAPE, spans)
    if best[0] == headings.SHAPE:  # the numbers the headings skip, printed on paragraphs opening with a sentence
        best = (headings.SHAPE, _skipped_numbers(text, best[1]))
    if not best[1] or best[0] in {unnumbered.SHAPE, run_in.SHAPE}:  # paragraphs numbered one after another, if more
        spans = headings.numbered_paragraphs(text)
        if len(spans) > len(best[1]):
            best = (headings.SHAPE, spans)
        # paragraphs opening with sentences ("2.1 The Chief Executive advised ..."), numbered
        # from the top of the page: a long run, not a few conditions listed inside one section
        spans = headings.numbered_paragraphs(text, sentences=True)
        if len(spans) >= _PARAGRAPH_RUN and len(spans) > len(best[1]) and spans[0].body_start < len(text) / 2:
            best = (headings.SHAPE, spans)
    if not best[1] or best[0] in {unnumbered.SHAPE, run_in.SHAPE}:  # the numbered resolutions, if it prints more
        spans = resolution_blocks.find_items(text)
        if spans and not spans[0].title:  # the text before them, titled as the page is
            start, end = trim(text, 0, spans[0].body_end)
            spans[0] = ItemSpan(None, _whole_text(text[:end]).title, start, end)
        if len(spans) > len(best[1]):
            best = (resolution_blocks.SHAPE, spans)
    return text, best[0] + suffix, best[1]


def _parts(number: str | None) -> int:
    return len(re.split(r"[./]", number)) if number else 0


def _skipped_numbers(text: str, spans: list[ItemSpan]) -> list[ItemSpan]:
    """``spans`` and the items of the same level whose numbers the printed
    sequence holds but whose lines open with a sentence, not a title ("2104
    The Chairman opened the meeting ..." before "2107 Matters Arising: ..."):
    each ends where the next begins."""
    run = headings.numbered_paragraphs(text, sentences=True)
    numbers = {s.number for s in spans}
    if not numbers < {s.number for s in run}:
        return spans
    levels = {_parts(s.number) for s in spans if s.number}
    added = [s for s in run if s.number not in numbers and _parts(s.number) in levels]
    if not added:
        return spans
    merged = sorted([*spans, *added], key=lambda s: s.body_start)
    out = []
    for k, s in enumerate(merged):
        if k + 1 < len(merged):
            line_start = text.rfind("\n", 0, merged[k + 1].body_start) + 1
            s = ItemSpan(s.number, s.title, s.body_start, min(s.body_end, max(line_start, s.body_start)), s.description)
        out.append(s)
    return out


def _mostly_capitals(spans: list[ItemSpan]) -> bool:
    """Whether most of the items' titles are in capitals."""
    titled = [s.title for s in spans if any(ch.isalpha() for ch in s.title)]
    return bool(titled) and sum(t.upper() == t for t in titled) * 2 > len(titled)


def _with_minutes(text: str, spans: list[ItemSpan]) -> int:
    """How many of the items hold minutes: lines of an attendance list
    taken for headings ("Commissioner Wilbur Bush") hold none."""
    return sum(1 for s in spans if text[s.body_start:s.body_end].strip())


def _whole_text(text: str) -> ItemSpan:
    """The page as one item, titled by its first line that is a heading,
    not the site's chrome ("Loading...", a banner, a breadcrumb)."""
    start, end = trim(text, 0, len(text))
    title = _UNTITLED
    for line in text[start:end].split("\n")[:_TITLE_LINES]:
        line = line.strip()
        if not line or _NOT_A_TITLE.search(line):
            continue
        title = line if len(line) <= _MAX_WHOLE_TITLE else _UNTITLED
        break
    return ItemSpan(None, title, start, end)


def _expand(paths: Iterable[Path]) -> tuple[list[tuple[Path, str, Path]], dict[Path, Manifest], list[str]]:
    """(file, source name, folder whose manifest applies) for every file."""
    files: list[tuple[Path, str, Path]] = []
    manifests: dict[Path, Manifest] = {}
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            manifests.setdefault(path, load_manifest(path))
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                if rel.as_posix() == MANIFEST_FILENAME:
                    continue
                files.append((child, rel.as_posix(), path))
        elif path.is_file():
            manifests.setdefault(path.parent, load_manifest(path.parent))
            files.append((path, path.name, path.parent))
        else:
            missing.append(f"{path}: no such file or folder; skipped")
    return files, manifests, missing
