"""TOPSIS, as Hwang & Yoon (1981) define it.

On the raw scores x_ij: vector normalisation r_ij = x_ij / sqrt(sum_i x_ij^2); weighted
v_ij = w_j r_ij; the ideal A+_j is the best v_ij by the criterion's direction and the
anti-ideal A-_j the worst; d+_i and d-_i are the Euclidean distances to them; the
closeness C_i = d-_i / (d+_i + d-_i) is the score.

TOPSIS normalises across the options at hand: adding or removing an option changes
the others' closeness and can reorder them (rank reversal). When every option is
identical (d+ = d- = 0) each gets closeness 0.5. Contributions: each criterion's
weighted normalised score v_ij (details hold d+ and d-).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from policy_options.core.methods.base import Evaluation, Problem
from policy_options.core.methods.registry import MethodSpec


def weighted_normalised(
    raw: Sequence[Sequence[float]], weights: Sequence[float]
) -> list[list[float]]:
    """v_ij = w_j * x_ij / sqrt(sum_i x_ij^2) (0 for a column of zeros)."""
    norms = [math.sqrt(math.fsum(row[j] ** 2 for row in raw)) for j in range(len(weights))]
    return [
        [w * x / norm if norm > 0 else 0.0 for x, w, norm in zip(row, weights, norms, strict=True)]
        for row in raw
    ]


def distances(
    raw: Sequence[Sequence[float]], weights: Sequence[float], benefit: Sequence[bool]
) -> tuple[list[float], list[float]]:
    """(d+, d-) for every option: distances to the ideal and the anti-ideal."""
    v = weighted_normalised(raw, weights)
    columns = list(zip(*v, strict=True))
    ideal = [max(c) if up else min(c) for c, up in zip(columns, benefit, strict=True)]
    worst = [min(c) if up else max(c) for c, up in zip(columns, benefit, strict=True)]
    d_plus = [
        math.sqrt(math.fsum((x - a) ** 2 for x, a in zip(row, ideal, strict=True))) for row in v
    ]
    d_minus = [
        math.sqrt(math.fsum((x - a) ** 2 for x, a in zip(row, worst, strict=True))) for row in v
    ]
    return d_plus, d_minus


def closeness(
    raw: Sequence[Sequence[float]], weights: Sequence[float], benefit: Sequence[bool]
) -> list[float]:
    """C_i = d-_i / (d+_i + d-_i); 0.5 when both are 0."""
    d_plus, d_minus = distances(raw, weights, benefit)
    return [m / (p + m) if p + m > 0 else 0.5 for p, m in zip(d_plus, d_minus, strict=True)]


def evaluate(problem: Problem) -> Evaluation:
    d_plus, d_minus = distances(problem.raw, problem.weights, problem.higher_is_better)
    scores = tuple(m / (p + m) if p + m > 0 else 0.5 for p, m in zip(d_plus, d_minus, strict=True))
    v = weighted_normalised(problem.raw, problem.weights)
    return Evaluation(
        scores=scores,
        contributions=tuple(tuple(row) for row in v),
        details=tuple(
            {"closeness": c, "d_plus": p, "d_minus": m}
            for c, p, m in zip(scores, d_plus, d_minus, strict=True)
        ),
        score_per_contribution=None,
    )


SPEC = MethodSpec(
    name="topsis",
    evaluate=evaluate,
    summary=(
        "closeness to the ideal option (Hwang & Yoon 1981) on raw scores (value functions"
        " ignored), vector-normalised across the options at hand, so adding an option can"
        " reorder the others"
    ),
    contribution="weighted normalised raw score (distance to the ideal decides)",
    contribution_header="Weighted norm.",
    highlight_header="Distance to ideal / anti-ideal",
    raw_scores=True,
)
