"""Reciprocal rank fusion against a hand-worked example, and its tie rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa_bot.fuse import max_rrf_score, reciprocal_rank_fusion


def test_hand_worked_example():
    # k = 1: rank r contributes 1 / (1 + r).
    # a: 1/2 + 1/4 = 0.75    b: 1/3 + 1/2 = 0.8333    c: 1/4 = 0.25    d: 1/3
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d", "a"]], k=1)
    assert [key for key, _ in fused] == ["b", "a", "d", "c"]
    scores = dict(fused)
    assert scores["b"] == pytest.approx(1 / 3 + 1 / 2)
    assert scores["a"] == pytest.approx(1 / 2 + 1 / 4)
    assert scores["d"] == pytest.approx(1 / 3)
    assert scores["c"] == pytest.approx(1 / 4)


def test_weights_scale_each_ranking():
    # k = 0: dense (weight 1) puts x first, lexical (weight 3) puts y first.
    fused = reciprocal_rank_fusion([["x", "y"], ["y", "x"]], k=0, weights=[1.0, 3.0])
    assert fused == [("y", pytest.approx(1 / 2 + 3)), ("x", pytest.approx(1 + 3 / 2))]


def test_ties_break_by_best_rank_then_first_appearance():
    # p and q both score 1/(60+1) + 1/(60+2); r and s both 1/(60+3).
    fused = reciprocal_rank_fusion([["p", "q", "r"], ["q", "p", "s"]], k=60)
    assert [key for key, _ in fused] == ["p", "q", "r", "s"]


def test_repeated_candidate_counts_once_at_its_best_rank():
    fused = dict(reciprocal_rank_fusion([["a", "a", "b"]], k=0))
    assert fused == {"a": pytest.approx(1.0), "b": pytest.approx(1 / 3)}


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], k=-1)
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"], ["b"]], k=60, weights=[1.0])


def test_first_everywhere_reaches_the_ceiling():
    fused = reciprocal_rank_fusion([["a", "b"], ["a"]], k=60, weights=[1.0, 0.5])
    assert fused[0][1] == pytest.approx(max_rrf_score(60, [1.0, 0.5]))


rankings = st.lists(st.lists(st.integers(0, 12), max_size=8, unique=True), max_size=3)


@given(rankings)
def test_deterministic_and_complete(lists):
    once = reciprocal_rank_fusion(lists, k=60)
    assert once == reciprocal_rank_fusion([list(r) for r in lists], k=60)
    assert {key for key, _ in once} == {key for r in lists for key in r}
    assert [s for _, s in once] == sorted((s for _, s in once), reverse=True)
