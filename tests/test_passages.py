"""Passages: sized by the model's own tokenizer, cut at paragraphs, overlapping."""

from __future__ import annotations

import itertools
import re

import pytest

from qa_bot.passages import context_header, format_date, passages_for, split_item
from qa_bot.records import AgendaItem, Meeting
from qa_bot.settings import Settings


def words(text: str) -> int:
    return len(text.split())


@pytest.fixture(scope="module")
def parsed(corpus_dir):
    from qa_bot.parse import load_manifest, parse_corpus

    return parse_corpus([corpus_dir], manifest=load_manifest(corpus_dir)).documents


@pytest.fixture(scope="module")
def seed_passages(parsed, embedder):
    settings = Settings()
    return {d.source: passages_for(d, embedder.count_tokens, settings) for d in parsed}


def test_format_date():
    assert format_date("2022-02-22") == "22 February 2022"
    assert format_date("2022-02") == "February 2022"
    assert format_date("2005") == "2005"
    assert format_date(None) is None


def test_header_names_committee_date_item_and_title():
    meeting = Meeting(source="x.txt", committee="Cabinet", date_inferred="2022-02")
    item = AgendaItem(source="x.txt", item="68", title="Fostering Service Update", text="")
    assert context_header(item, meeting) == "Cabinet | February 2022 | Item 68: Fostering Service Update"
    assert context_header(item, meeting, "resolution").endswith("| Resolution")


def test_every_passage_fits_the_model_window_with_its_header(seed_passages, embedder):
    limit = Settings().passage_tokens
    counts = [embedder.count_tokens(p.embed_text) for ps in seed_passages.values() for p in ps]
    assert counts and max(counts) <= limit
    # The long items really are split: more passages than items.
    assert sum(len(ps) for ps in seed_passages.values()) > 60


def test_passage_text_is_verbatim_item_text(parsed, seed_passages):
    items = {(i.source, i.key): i for d in parsed for i in d.items}
    for passages in seed_passages.values():
        for p in passages:
            item = items[(p.source, p.item_key)]
            if p.kind == "text":
                assert p.text in item.text
            else:
                assert p.text in " ".join(item.resolutions) or p.text in item.text


def test_passages_cover_every_word_of_an_item(parsed, seed_passages):
    doc = next(d for d in parsed if d.source.startswith("003"))
    item = doc.items[0]
    covered = " ".join(p.text for p in seed_passages[doc.source] if p.kind == "text")
    assert set(re.findall(r"\w+", item.text)) <= set(re.findall(r"\w+", covered))


def test_consecutive_passages_overlap(parsed, seed_passages):
    doc = next(d for d in parsed if d.source.startswith("003"))
    texts = [p for p in seed_passages[doc.source] if p.kind == "text"]
    assert len(texts) > 5
    shared = sum(1 for a, b in itertools.pairwise(texts) if b.start < a.end)
    assert shared >= len(texts) // 2
    assert all(b.start > a.start for a, b in itertools.pairwise(texts))


def test_headers_carry_the_meeting_date_in_words(seed_passages):
    cabinet_2018 = next(ps for s, ps in seed_passages.items() if s.startswith("001"))
    assert all("18 October 2018" in p.context for p in cabinet_2018)


def test_resolutions_are_passages_of_their_own(parsed, seed_passages):
    item = next(i for d in parsed for i in d.items if d.source.startswith("001") and i.key == "20")
    ps = [p for p in seed_passages[item.source] if p.item_key == "20"]
    resolutions = [p for p in ps if p.kind == "resolution"]
    assert resolutions and all("Resolution" in p.context for p in resolutions)
    assert any("£1.3m" in p.text for p in resolutions)


def test_cuts_fall_on_bullets_and_overlap_by_whole_sentences():
    bullets = [f"- point {n} says " + "word " * 12 + "here." for n in range(10)]
    item = AgendaItem(source="x.txt", item="1", title="T", text="\n".join(bullets))
    settings = Settings(passage_tokens=60, passage_overlap_tokens=20)
    passages = split_item(item, Meeting(source="x.txt"), words, settings)
    assert len(passages) > 2
    for p in passages:
        assert words(p.embed_text) <= 60
        assert p.text.startswith("- point") and p.text.endswith("here.")
        assert item.text[p.start : p.end] == p.text
    assert passages[1].start < passages[0].end  # overlap of one whole bullet


def test_a_sentence_longer_than_the_window_is_cut_into_word_windows():
    item = AgendaItem(source="x.txt", item="2", title="T", text="long " * 500)
    settings = Settings(passage_tokens=100, passage_overlap_tokens=0)
    passages = split_item(item, Meeting(source="x.txt"), words, settings)
    assert len(passages) >= 5
    assert all(words(p.embed_text) <= 100 for p in passages)


def test_an_item_without_text_still_gets_a_passage():
    item = AgendaItem(source="x.txt", item="3", title="Date of next meeting", text="")
    passages = split_item(item, Meeting(source="x.txt"), words, Settings())
    assert len(passages) == 1 and "Date of next meeting" in passages[0].embed_text
