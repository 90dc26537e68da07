"""The additive (weighted-sum) model, the default.

score(a) = sum_j w_j * v_j(a), with weights normalised to sum 1 and values v_j in
0..1 from each criterion's value function (Keeney & Raiffa 1976, ch. 3; Belton &
Stewart 2002, ch. 4). Contributions: w_j * v_j, which add up to the score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from policy_options.core.methods.base import Evaluation, Problem
from policy_options.core.methods.registry import MethodSpec


def contributions(values: Sequence[float], weights: Sequence[float]) -> list[float]:
    """Each criterion's share of the score: w_j * v_j."""
    return [w * v for w, v in zip(weights, values, strict=True)]


def score(values: Sequence[float], weights: Sequence[float]) -> float:
    """sum_j w_j * v_j (compensated summation, so ties stay ties)."""
    return math.fsum(contributions(values, weights))


def evaluate(problem: Problem) -> Evaluation:
    shares = tuple(tuple(contributions(row, problem.weights)) for row in problem.values)
    return Evaluation(
        scores=tuple(math.fsum(row) for row in shares),
        contributions=shares,
    )


SPEC = MethodSpec(
    name="additive",
    evaluate=evaluate,
    summary="weighted sum of 0–1 values on each criterion's declared scale",
    contribution="weight × value; they add up to the score",
    contribution_header="Points",
    highlight_header="Largest contributions",
)
