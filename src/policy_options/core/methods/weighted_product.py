"""The weighted product model: S(a) = prod_j v_j(a) ** w_j.

Over the 0..1 values of the value functions, with normalised weights; log-linear in
the weights: ln S = sum_j w_j ln v_j (Bridgman 1922; Miller & Starr 1969; Triantaphyllou
2000, ch. 2). A value of 0 on a criterion with non-zero weight makes the score 0 (the
product's veto); a criterion with weight 0 drops out. Contributions are the factors
v_j ** w_j (1 for a dropped criterion), whose product is the score.
"""

from __future__ import annotations

import math

from policy_options.core.methods.base import Evaluation, Problem
from policy_options.core.methods.registry import MethodSpec


def factor(value: float, weight: float) -> float:
    """v ** w, with 0 ** 0 = 1 (a criterion of weight 0 drops out)."""
    if weight == 0:
        return 1.0
    return float(value**weight)


def evaluate(problem: Problem) -> Evaluation:
    factors = tuple(
        tuple(factor(v, w) for v, w in zip(row, problem.weights, strict=True))
        for row in problem.values
    )
    return Evaluation(
        scores=tuple(math.prod(row) for row in factors),
        contributions=factors,
        score_per_contribution=None,
    )


SPEC = MethodSpec(
    name="weighted-product",
    evaluate=evaluate,
    summary="product of 0–1 values raised to their weights; a zero on a weighted criterion vetoes",
    contribution="factor value ** weight; their product is the score",
    contribution_header="Factor",
    highlight_header="Weakest factors",
)
