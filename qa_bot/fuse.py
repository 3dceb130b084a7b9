"""Fusion: several rankings of the same candidates -> one ranking.

Pure functions, no I/O.  Ties are broken deterministically: by the best
(lowest) rank a candidate reached in any input ranking, then by the order in
which it first appeared (rankings taken in the order given), so the same
inputs always give the same output.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]],
    k: int,
    weights: Sequence[float] | None = None,
) -> list[tuple[K, float]]:
    """Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009).

    ``score(d) = sum_i weights[i] / (k + rank_i(d))`` with ranks starting at 1;
    a candidate missing from a ranking gets nothing from it.  Returns
    ``(candidate, score)`` best first.  A candidate repeated within one ranking
    counts at its first (best) position only.
    """
    if k < 0:
        raise ValueError("k must be >= 0")
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[K, float] = {}
    best_rank: dict[K, int] = {}
    first_seen: dict[K, int] = {}
    for ranking, weight in zip(rankings, weights):
        seen: set[K] = set()
        for rank, key in enumerate(ranking, start=1):
            if key in seen:
                continue
            seen.add(key)
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
            best_rank[key] = min(best_rank.get(key, rank), rank)
            first_seen.setdefault(key, len(first_seen))
    return sorted(
        scores.items(),
        key=lambda kv: (-kv[1], best_rank[kv[0]], first_seen[kv[0]]),
    )


def max_rrf_score(k: int, weights: Sequence[float]) -> float:
    """The highest score ``reciprocal_rank_fusion`` can give (first everywhere)."""
    return sum(weights) / (k + 1)
