"""Hybrid retrieval over the real seed index: items, filters, typos, decisions."""

from __future__ import annotations

import pytest

from qa_bot.index import ensure_index
from qa_bot.records import Filters
from qa_bot.retrieve import (
    FuzzyVocabulary,
    Retriever,
    date_in_range,
    is_decision_question,
)


@pytest.fixture(scope="module")
def seed_index(seed_settings, embedder):
    return ensure_index(seed_settings, embedder, progress=False)


@pytest.fixture(scope="module")
def retriever(seed_index, embedder, seed_settings):
    return Retriever(seed_index, embedder, seed_settings)


def labels(hits):
    return [(h.item.source[:3], h.item.key) for h in hits]


def test_one_hit_per_item_best_first_with_its_passages(retriever):
    hits = retriever.search("foster carers recruitment and retention", k=8)
    assert len(hits) == 8
    assert len(set(labels(hits))) == 8
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert 0.0 < hit.score <= 1.0
        assert hit.passages and len(hit.passages) == len(hit.passage_scores)
        assert all(p.source == hit.item.source and p.item_key == hit.item.key for p in hit.passages)
        assert list(hit.passage_scores) == sorted(hit.passage_scores, reverse=True)
        assert -1.0 <= hit.dense_score <= 1.0 and hit.lexical_score >= 0.0


def test_k_defaults_to_the_setting_and_caps_at_the_corpus(retriever, seed_settings, seed_index):
    assert len(retriever.search("children")) == seed_settings.search_k
    assert len(retriever.search("children", k=10_000)) <= len(seed_index.item_ids)


def test_numbers_and_names_are_found(retriever):
    assert labels(retriever.search("238 nights of residential respite"))[0] == ("000", "18")
    assert labels(retriever.search("Wiktor Daron"))[0] == ("002", "63")


def test_paraphrase_is_found(retriever):
    top = labels(retriever.search("were care packages handed back by suppliers?", k=3))
    assert ("000", "14") in top


def test_typos_are_corrected_before_embedding(retriever):
    assert retriever.corrected("carers strategy priorites") == "carers strategy priorities"
    assert retriever.corrected("Bristol mayoral election") == "Bristol mayoral election"
    assert labels(retriever.search("carers strategy priorites"))[0] == ("000", "15")
    assert labels(retriever.search("autsim stratgy"))[0] == ("001", "23")


def test_relevant_items_have_a_higher_dense_score_than_unrelated_questions(retriever):
    relevant = retriever.search("domestic abuse support service commissioning", k=1)[0]
    unrelated = retriever.search("weather forecast for tomorrow", k=1)[0]
    assert relevant.dense_score > unrelated.dense_score + 0.2


def test_decision_questions_favour_resolutions(seed_index, embedder, seed_settings):
    assert is_decision_question("What was agreed about the work programme?")
    assert not is_decision_question("Who sent apologies?")
    strong = Retriever(seed_index, embedder, seed_settings.replace(resolution_boost=1.0))
    hit = strong.search("What was resolved about the domestic abuse support service?", k=1)[0]
    assert (hit.item.source[:3], hit.item.key) == ("001", "20")
    assert hit.passages[0].kind == "resolution"
    plain = Retriever(seed_index, embedder, seed_settings.replace(resolution_boost=0.0))
    query = "What was resolved about the domestic abuse support service?"

    def resolution_over_text(hit):
        scores = dict(zip((p.kind for p in reversed(hit.passages)), reversed(hit.passage_scores)))
        return scores["resolution"] / scores["text"]

    strong_hit, plain_hit = strong.search(query, k=1)[0], plain.search(query, k=1)[0]
    assert resolution_over_text(strong_hit) == pytest.approx(2 * resolution_over_text(plain_hit))


def test_committee_filter_is_a_case_insensitive_substring(retriever):
    hits = retriever.search("foster carers", k=50, filters=Filters(committee="sCRUTINY"))
    assert hits and all("scrutiny" in (h.meeting.committee or "").lower() for h in hits)
    cabinet = retriever.search("foster carers", k=50, filters=Filters(committee="cabinet"))
    assert cabinet and all((h.meeting.committee or "").lower() == "cabinet" for h in cabinet)


def test_date_filter_uses_the_best_date(retriever):
    hits = retriever.search(
        "foster carers", k=50, filters=Filters(date_from="2018-01-01", date_to="2018-12-31")
    )
    assert hits and {h.item.source[:3] for h in hits} == {"001"}
    # 000 is dated July 2017 (inferred); 004 has no date, so a range excludes it.
    early = retriever.search("budget overspend", k=50, filters=Filters(date_to="2017-12-31"))
    assert early and {h.item.source[:3] for h in early} == {"000"}
    unfiltered = retriever.search("budget overspend", k=50)
    assert "004" in {h.item.source[:3] for h in unfiltered}


def test_a_filter_that_matches_nothing_returns_nothing(retriever):
    assert retriever.search("foster carers", filters=Filters(committee="planning")) == []


def test_date_in_range_handles_partial_and_missing_dates():
    assert date_in_range(None, None, None)
    assert not date_in_range(None, "2020-01-01", None)
    assert date_in_range("2022-02", "2022-02-15", "2022-02-20")
    assert not date_in_range("2022-02", "2022-03-01", None)
    assert not date_in_range("2022-02-10", None, "2022-02-09")
    assert date_in_range("2022-02-10", "2022", "2022")


def test_fuzzy_vocabulary_finds_words_one_edit_away():
    vocab = FuzzyVocabulary(frozenset({"priorities", "strategy", "fostering", "carers"}))
    assert vocab.near("priorites") == ["priorities"]  # deletion
    assert vocab.near("stratgey") == ["strategy"]  # swap
    assert vocab.near("fosterimg") == ["fostering"]  # substitution
    assert vocab.near("strategy") == []  # known
    assert vocab.near("potholes") == []


def test_word_rarity_weighs_a_word_the_minutes_never_use_above_a_common_one(retriever):
    from qa_bot.evidence import question_terms
    from qa_bot.sentences import Terms, stem

    rarity = retriever.word_rarity("looking at the zeppelin report")
    assert rarity[stem("zeppelin")] == 1.0  # in no passage
    assert 0.0 < rarity[stem("report")] < rarity[stem("looking")] < 1.0
    # Words no candidate sentence holds: the common one weighs less.
    pool = [Terms.of("The panel met on Tuesday.")]
    weights = question_terms("zeppelin report", pool, rarity=rarity).weights
    assert weights[stem("report")] < weights[stem("zeppelin")]
