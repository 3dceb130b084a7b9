"""Property tests: whatever the input, the parser raises nothing but
ParseError, parse_corpus raises nothing at all, and what it returns keeps
its promises (offsets, verbatim resolutions, at least one item)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qa_bot.parse import ParseError, parse_bytes, parse_corpus
from qa_bot.parse.text import fold
from qa_bot.records import Document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = sorted(p.read_bytes() for p in CORPUS.glob("0*.txt"))
FRAGMENTS = [
    "10.", "11.", "3.", "APOLOGIES FOR ABSENCE", "Minutes:", "Agenda item", "Resolved:",
    "RESOLVED - That:", "It was resolved that:", "AGREED:", "RECOMMENDATIONS:", "Decision:",
    "(a) the report be noted;", "b) the plan be approved.", "- c) **the budget**", "·  a bullet",
    "To receive apologies for absence.", "Supporting documents:", "Additional documents:",
    "... view the full minutes text for item 10.", "| 1. | Title | text |", "|---|---|",
    "C2015/2016.76 Apologies", "Decision reference: DD/2021/001", "Application: 203456 - Land",
    "Present: Councillors A, B and C", "Minutes of the meeting of Cabinet held at X on 1 May 2020",
    "Venue: Hall", "", " ", "\t", "15. MINUTES pdf icon PDF 242 KB", "**", "<p>", "</td>",
    "Deadline for receipt of questions is 5pm on Monday 17 July.", "The meeting ended at 11 am",
]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(doc: Document) -> None:
    assert doc.items
    folded = fold(doc.text)
    for item in doc.items:
        assert 0 <= item.start <= item.end <= len(doc.text)
        assert doc.text[item.start:item.end] == item.text
        for resolution in item.resolutions:
            assert fold(resolution) in folded


def parse_or_refuse(data: bytes, suffix: str = ".txt") -> None:
    try:
        doc = parse_bytes(data, source="x" + suffix, suffix=suffix)
    except ParseError as exc:
        assert "x" + suffix in str(exc)
        return
    check(doc)


@FAST
@given(st.text())
def test_random_text(text):
    parse_or_refuse(text.encode("utf-8", errors="surrogatepass"))


@FAST
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    parse_or_refuse(data)


@FAST
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.sampled_from([".txt", ".html", ".md"]))
@example(["Agenda item", "Agenda item", "10."], ".txt")
def test_random_minutes_like_lines(lines, suffix):
    parse_or_refuse("\n".join(lines).encode(), suffix)


@FAST
@given(st.sampled_from(SEEDS), st.integers(0, 30000), st.integers(0, 30000))
def test_truncated_and_cut_seeds(seed, a, b):
    start, end = sorted((a % (len(seed) + 1), b % (len(seed) + 1)))
    parse_or_refuse(seed[start:end])
    parse_or_refuse(seed[:start] + seed[end:])


@FAST
@given(st.sampled_from(SEEDS), st.integers(0, 30000))
def test_seeds_flattened_onto_one_line(seed, cut):
    text = seed.decode("utf-8")
    parse_or_refuse(" ".join(text.split())[: cut + 200].encode())


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([".txt", ".pdf", ".html", ""]), st.binary(max_size=600)), max_size=5))
def test_parse_corpus_never_raises(files):
    with tempfile.TemporaryDirectory() as folder:
        for n, (suffix, data) in enumerate(files):
            (Path(folder) / f"f{n}{suffix}").write_bytes(data)
        result = parse_corpus([Path(folder), Path(folder) / "missing.txt"])
        for doc in result.documents:
            check(doc)
        assert len(result.documents) <= len(files)
