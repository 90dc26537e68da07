"""Weakest link: an option is only as good as its weakest point.

score(a) = min_j v_j(a) over the criteria with non-zero weight, as in RAND's
portfolio-analysis work (Davis, Shaver & Beck 2008, "Portfolio-analysis methods for
assessing capability options", RAND MG-662). The size of a non-zero weight does not
matter; options with equal weakest values are ordered by their additive score.
Contributions: the values v_j themselves (the binding criterion is the lowest one).
"""

from __future__ import annotations

from policy_options.core.methods import additive
from policy_options.core.methods.base import Evaluation, Problem
from policy_options.core.methods.registry import MethodSpec


def evaluate(problem: Problem) -> Evaluation:
    active = [j for j, w in enumerate(problem.weights) if w > 0]
    scores = []
    details: list[dict[str, float | str | None]] = []
    for row in problem.values:
        binding = min(active, key=lambda j: (row[j], j))
        scores.append(row[binding])
        details.append({"binding": problem.criteria[binding]})
    return Evaluation(
        scores=tuple(scores),
        contributions=tuple(tuple(row) for row in problem.values),
        details=tuple(details),
        tiebreak=tuple(additive.score(row, problem.weights) for row in problem.values),
        score_per_contribution=None,
    )


SPEC = MethodSpec(
    name="weakest-link",
    evaluate=evaluate,
    summary="lowest 0–1 value among the weighted criteria; ties broken by the additive score",
    contribution="the 0–1 value; the lowest weighted one is the score",
    contribution_header="Value",
    highlight_header="Binding criterion",
)
