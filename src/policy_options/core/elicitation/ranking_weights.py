"""Weights from a ranking of the criteria: rank-order centroid (Barron & Barrett 1996,
*Management Science* 42(11)).

The criterion ranked k-th of n gets ``(1/n) * sum_{i=k..n} 1/i``. Criteria tied with
``=`` share the mean of the weights of the positions they fill; criteria the ranking
leaves out get weight 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from policy_options.core.elicitation.derived_weights import DerivedWeights, check_criterion
from policy_options.errors import UsageError


def rank_order_centroid(n: int) -> list[float]:
    """ROC weights of positions 1..n: w_k = (1/n) * sum_{i=k..n} 1/i (they sum to 1)."""
    if n < 1:
        raise ValueError("rank_order_centroid needs n >= 1")
    return [math.fsum(1 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]


def parse_ranking(words: Sequence[str], criteria: Sequence[str]) -> list[list[str]]:
    """``a b = c d`` (most important first, ``=`` between tied criteria) -> [[a], [b, c], [d]].

    ``b=c`` and ``b = c`` read the same. Every name must be a criterion, named once.
    """
    tokens: list[str] = []
    for word in words:
        for i, part in enumerate(word.split("=")):
            if i:
                tokens.append("=")
            tokens.extend(part.split())
    groups: list[list[str]] = []
    seen: set[str] = set()
    tie = False
    misplaced = UsageError(
        "'=' must stand between two criteria, e.g. `deterrence = stability` for a tie"
    )
    for token in tokens:
        if token == "=":
            if not groups or tie:
                raise misplaced
            tie = True
            continue
        check_criterion(token, criteria, seen, "the ranking")
        if tie:
            groups[-1].append(token)
        else:
            groups.append([token])
        tie = False
    if tie:
        raise misplaced
    if not groups:
        raise UsageError("name the criteria, most important first")
    return groups


def ranking_text(groups: Sequence[Sequence[str]]) -> str:
    """[[a], [b, c]] -> 'a > b = c'."""
    return " > ".join(" = ".join(group) for group in groups)


def roc_weights(groups: Sequence[Sequence[str]], criteria: Sequence[str]) -> DerivedWeights:
    """Rank-order centroid weights for ``groups`` (most important first; a group is a tie)."""
    n = sum(len(group) for group in groups)
    centroid = rank_order_centroid(n)
    weights: dict[str, float] = {}
    position = 0
    for group in groups:
        share = math.fsum(centroid[position : position + len(group)]) / len(group)
        weights.update(dict.fromkeys(group, share))
        position += len(group)
    left_out = tuple(key for key in criteria if key not in weights)
    description = (
        f"Rank-order centroid weights (Barron & Barrett 1996) from the ranking"
        f" {ranking_text(groups)}"
    )
    if left_out:
        description += f"; not ranked, so weight 0: {', '.join(left_out)}"
    return DerivedWeights(
        method="rank-order centroid",
        label="Rank-order centroid",
        description=description + ".",
        raw={key: weights.get(key, 0.0) for key in criteria},
        left_out=left_out,
    )
